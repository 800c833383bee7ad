// The module's wiring: migrations, permissions and routes of its parts.
#include "crm_internal.h"

namespace keel::crm {

const db::MigrationSet& migrations() { return detail::migrations(); }

std::vector<http::PermissionSpec> permissions() { return detail::pipeline_permissions(); }

void register_routes(http::Router& router) {
  detail::register_lead_routes(router);
  detail::register_pipeline_routes(router);
  detail::register_activity_routes(router);
  detail::register_channel_routes(router);
}

Result<std::vector<std::string>> check(db::Tx& tx) { return detail::check_pipeline(tx); }

}  // namespace keel::crm
