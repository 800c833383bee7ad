#pragma once

// What the catalog's route files share.
#include <string>

#include "catalog_store.h"
#include "keel/http/router.h"

namespace keel::inventory::catalog {

// The caller's company.
inline CompanyId product_company(const http::Context& http) { return http.who().company_id; }

// The service context of the caller.
inline Result<Context> context_of(const http::Context& http) {
  return Context::load(http.transaction(), http.who(), http.clock, http.request.request_id);
}

// A route under /api/v1/inventory, tagged inventory, with a read transaction for GET and a
// write transaction otherwise.
inline http::RouteSpec spec(http::Method method, std::string path, std::string summary,
                            std::string permission, http::Handler handler) {
  http::RouteSpec route;
  route.method = method;
  route.path = "/api/v1/inventory" + path;
  route.summary = std::move(summary);
  route.tag = "inventory";
  route.permission = std::move(permission);
  route.tx = method == http::Method::get ? http::TxMode::read : http::TxMode::write;
  route.handler = std::move(handler);
  return route;
}

// Units, categories and products (catalog_routes.cc).
void register_routes(http::Router& router);
// Reorder rules, replenishment and counts (catalog_replenishment_routes.cc).
void register_replenishment_routes(http::Router& router);

}  // namespace keel::inventory::catalog
