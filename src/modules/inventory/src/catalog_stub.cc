// Placeholder definitions until the catalog part lands (replaced by catalog_*.cc).
#include "inventory_internal.h"

namespace keel::inventory::detail {
std::vector<http::PermissionSpec> catalog_permissions() { return {}; }
void register_catalog_routes(http::Router&) {}
Result<void> seed_catalog_demo(db::Tx&, const Context&, Date) { return {}; }
Result<StockProduct> stock_product(db::Tx&, CompanyId, ProductId) {
  return Error::not_found("product_not_found", "No such product.");
}
}  // namespace keel::inventory::detail
