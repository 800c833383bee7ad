// The receivables part's routes and permissions (none yet).
#include "accounting_routes.h"

namespace keel::accounting::detail {

void register_receivable_routes(http::Router&) {}
std::vector<http::PermissionSpec> receivable_permissions() { return {}; }

}  // namespace keel::accounting::detail
