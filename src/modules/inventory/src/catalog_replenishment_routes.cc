// Reorder rules, replenishment and counts: routes added once the stock part's functions exist.
#include "catalog_routes.h"

namespace keel::inventory::catalog {

void register_replenishment_routes(http::Router&) {}

}  // namespace keel::inventory::catalog
