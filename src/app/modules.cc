#include "modules.h"

#include "keel/accounting/accounting_api.h"
#include "keel/audit/audit_api.h"
#include "keel/auth/auth_api.h"
#include "keel/crm/crm_api.h"
#include "keel/http/idempotency.h"
#include "keel/inventory/inventory_api.h"
#include "keel/partners/partners_api.h"
#include "keel/sales/sales_api.h"
#include "version.h"

namespace keel::app {

std::vector<const db::MigrationSet*> all_migrations() {
  return {&http::migrations(), &audit::migrations(), &auth::migrations(),
          &partners::migrations(), &accounting::migrations(),
          &inventory::migrations(), &sales::migrations(),
          &crm::migrations()};
}

std::vector<http::PermissionSpec> all_permissions() {
  std::vector<http::PermissionSpec> catalog;
  for (auto&& list : {audit::permissions(), auth::permissions(), partners::permissions(),
                      accounting::permissions(), inventory::permissions(),
                      sales::permissions(), crm::permissions()}) {
    catalog.insert(catalog.end(), list.begin(), list.end());
  }
  return catalog;
}

std::unique_ptr<http::Router> build_router(const Clock& clock) {
  auto router = std::make_unique<http::Router>();
  const auto catalog = all_permissions();
  audit::register_routes(*router);
  auth::register_routes(*router, catalog, clock);
  partners::register_routes(*router);
  accounting::register_routes(*router);
  inventory::register_routes(*router);
  sales::register_routes(*router);
  crm::register_routes(*router);

  // The document describes the router it is served from, so it cannot drift from the routes.
  const http::Router* self = router.get();
  router->add({
      .method = http::Method::get,
      .path = "/api/v1/openapi.json",
      .summary = "The OpenAPI 3 document describing every route",
      .tag = "meta",
      .access = http::Access::open,
      .tx = http::TxMode::none,
      .response_schema = {{"type", "object"}},
      .handler = [self](http::Context&) -> Result<http::Response> {
        return http::Response::json(200, http::openapi_document(*self, kVersion));
      },
  });
  return router;
}

}  // namespace keel::app
