// Placeholder definitions until the fulfilment part lands (replaced by fulfilment_*.cc).
#include "sales_internal.h"

namespace keel::sales {
Result<nlohmann::json> partner_overview(db::Tx&, const Context&, partners::PartyId, Date) {
  return Error::not_found("partner_not_found", "No such partner.");
}
namespace detail {
std::vector<http::PermissionSpec> fulfilment_permissions() { return {}; }
void register_fulfilment_routes(http::Router&) {}
Result<void> seed_fulfilment_demo(db::Tx&, const Context&, Date) { return {}; }
Result<std::vector<std::string>> check_fulfilment(db::Tx&) {
  return std::vector<std::string>{};
}
Result<DeliveryId> create_delivery(db::Tx&, const Context&, const Order&) {
  return Error::internal("not_implemented", "Deliveries are not implemented yet.");
}
Result<void> cancel_deliveries(db::Tx&, const Context&, OrderId) { return {}; }
}  // namespace detail
}  // namespace keel::sales
