#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "keel/http/router.h"

namespace keel::http {

// Checks that `document` (normally openapi_document(router, ...)) describes every route of
// `router` completely: the operation exists under its path and method with operationId,
// summary, tags, x-access and x-permission matching the route, every `{name}` and query
// parameter is declared, the request body carries the route's request_schema under its
// content type, the success response carries its response_schema (a route other than a 204
// must have one), and every referenced Problem schema exists. Also reports operations in the
// document that no route serves. Returns one human-readable line per problem; empty when the
// document is complete. The app runs the same check over its real route table.
std::vector<std::string> openapi_coverage_problems(const Router& router,
                                                   const nlohmann::json& document);

}  // namespace keel::http
