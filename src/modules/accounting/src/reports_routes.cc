// The reports part's routes and permissions (none yet).
#include "accounting_routes.h"

namespace keel::accounting::detail {

void register_report_routes(http::Router&) {}
std::vector<http::PermissionSpec> report_permissions() { return {}; }

}  // namespace keel::accounting::detail
