// Placeholder definitions until the orders part lands (replaced by orders_*.cc).
#include "sales_internal.h"

namespace keel::sales {
Result<Order> get_order(db::Tx&, const Context&, OrderId) {
  return Error::not_found("order_not_found", "No such order.");
}
namespace detail {
std::vector<http::PermissionSpec> order_permissions() { return {}; }
void register_order_routes(http::Router&) {}
Result<void> seed_order_demo(db::Tx&, const Context&, Date) { return {}; }
Result<std::vector<std::string>> check_orders(db::Tx&) { return std::vector<std::string>{}; }
Result<std::string> next_number(db::Tx&, const Context&, std::string_view, Date) {
  return Error::internal("not_implemented", "Numbering is not implemented yet.");
}
}  // namespace detail
}  // namespace keel::sales
