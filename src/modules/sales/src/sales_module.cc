// The module's wiring: migrations, permissions and routes of its parts.
#include "sales_internal.h"

namespace keel::sales {

const db::MigrationSet& migrations() { return detail::migrations(); }

std::vector<http::PermissionSpec> permissions() {
  auto all = detail::order_permissions();
  auto more = detail::fulfilment_permissions();
  all.insert(all.end(), more.begin(), more.end());
  return all;
}

void register_routes(http::Router& router) {
  detail::register_order_routes(router);
  detail::register_fulfilment_routes(router);
}

Result<std::vector<std::string>> check(db::Tx& tx) {
  auto breaches = TRY(detail::check_orders(tx));
  auto more = TRY(detail::check_fulfilment(tx));
  breaches.insert(breaches.end(), more.begin(), more.end());
  return breaches;
}

Result<void> seed_demo(db::Tx& tx, const Context& context, Date today) {
  TRY(detail::seed_order_demo(tx, context, today));
  return detail::seed_fulfilment_demo(tx, context, today);
}

}  // namespace keel::sales
