// Placeholder definitions until the stock part lands (replaced by stock_*.cc).
#include "inventory_internal.h"

namespace keel::inventory::detail {
std::vector<http::PermissionSpec> stock_permissions() { return {}; }
void register_stock_routes(http::Router&) {}
Result<void> seed_stock_demo(db::Tx&, const Context&, Date) { return {}; }
Result<std::vector<std::string>> check_stock(db::Tx&) { return std::vector<std::string>{}; }
Result<void> revalue_standard_cost(db::Tx&, const Context&, ProductId, UnitPrice, Date) {
  return {};
}
}  // namespace keel::inventory::detail
