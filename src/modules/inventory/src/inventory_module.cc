// The module's wiring: migrations, permissions and routes of its parts.
#include "inventory_internal.h"

namespace keel::inventory {

const db::MigrationSet& migrations() { return detail::migrations(); }

std::vector<http::PermissionSpec> permissions() {
  auto all = detail::catalog_permissions();
  auto stock = detail::stock_permissions();
  all.insert(all.end(), stock.begin(), stock.end());
  return all;
}

void register_routes(http::Router& router) {
  detail::register_catalog_routes(router);
  detail::register_stock_routes(router);
}

Result<std::vector<std::string>> check(db::Tx& tx) { return detail::check_stock(tx); }

Result<void> seed_demo(db::Tx& tx, const Context& context, Date today) {
  TRY(detail::seed_catalog_demo(tx, context, today));
  return detail::seed_stock_demo(tx, context, today);
}

}  // namespace keel::inventory
