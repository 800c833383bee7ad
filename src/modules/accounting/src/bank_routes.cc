// The bank part's routes and permissions (none yet).
#include "accounting_routes.h"

namespace keel::accounting::detail {

void register_bank_routes(http::Router&) {}
std::vector<http::PermissionSpec> bank_permissions() { return {}; }

}  // namespace keel::accounting::detail
