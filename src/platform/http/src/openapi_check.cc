#include "keel/http/openapi_check.h"

#include <set>

#include "text.h"

namespace keel::http {

namespace {

using nlohmann::json;

struct Checker {
  std::vector<std::string> problems;
  std::string where;

  void require(bool condition, std::string_view what) {
    if (!condition) problems.push_back(where + ": " + std::string(what));
  }
};

bool declares_parameter(const json& operation, std::string_view name, std::string_view in) {
  if (!operation.contains("parameters") || !operation["parameters"].is_array()) return false;
  for (const auto& parameter : operation["parameters"]) {
    if (parameter.value("name", "") == name && parameter.value("in", "") == in) return true;
  }
  return false;
}

const json* find_content_schema(const json& holder, const std::string& content_type) {
  if (!holder.is_object() || !holder.contains("content")) return nullptr;
  const json& content = holder["content"];
  if (!content.contains(content_type) || !content[content_type].contains("schema")) {
    return nullptr;
  }
  return &content[content_type]["schema"];
}

void check_responses(Checker& check, const RouteSpec& route, const json& operation,
                     bool problem_defined) {
  const json& responses = operation.value("responses", json::object());
  std::string success = std::to_string(route.success_status);
  check.require(responses.contains(success), "success response " + success + " missing");
  if (route.response_schema.is_null()) {
    check.require(route.success_status == 204, "route has no response_schema");
  } else if (responses.contains(success)) {
    const json* schema = find_content_schema(responses[success], route.response_content_type);
    check.require(schema && *schema == route.response_schema,
                  "response schema differs from the route's");
  }
  for (const auto& [status, response] : responses.items()) {
    if (status == success) continue;
    const json* schema = find_content_schema(response, "application/problem+json");
    check.require(schema && schema->value("$ref", "") == "#/components/schemas/Problem",
                  "error response " + status + " does not reference Problem");
    check.require(problem_defined, "components/schemas/Problem missing");
  }
}

void check_route(Checker& check, const RouteSpec& route, const json& operation,
                 bool problem_defined) {
  check.require(!operation.value("operationId", "").empty(), "operationId missing");
  check.require(!operation.value("summary", "").empty(), "summary missing");
  check.require(operation.contains("tags") && operation["tags"].is_array() &&
                    !operation["tags"].empty() && operation["tags"][0] == route.tag &&
                    !route.tag.empty(),
                "tag missing");
  std::string access = route.access == Access::open ? "open" : "authenticated";
  check.require(operation.value("x-access", "") == access, "x-access differs");
  check.require(operation.contains("x-permission") && operation["x-permission"] == route.permission,
                "x-permission differs");
  for (const auto& name : path_parameter_names(route.path)) {
    check.require(declares_parameter(operation, name, "path"), "path parameter " + name);
  }
  for (const auto& query : route.query_params) {
    check.require(declares_parameter(operation, query.name, "query"),
                  "query parameter " + query.name);
  }
  if (!route.request_schema.is_null()) {
    const json* schema =
        operation.contains("requestBody")
            ? find_content_schema(operation["requestBody"], route.request_content_type)
            : nullptr;
    check.require(schema && *schema == route.request_schema,
                  "request schema differs from the route's");
  } else {
    check.require(route.method != Method::put && route.method != Method::patch,
                  "PUT/PATCH route has no request_schema");
  }
  check_responses(check, route, operation, problem_defined);
}

}  // namespace

std::vector<std::string> openapi_coverage_problems(const Router& router,
                                                   const nlohmann::json& document) {
  Checker check;
  check.where = "document";
  check.require(document.value("openapi", "") == "3.0.3", "openapi is not 3.0.3");
  const json paths = document.value("paths", json::object());
  bool problem_defined = document.contains("components") &&
                         document["components"].contains("schemas") &&
                         document["components"]["schemas"].contains("Problem");
  std::set<std::pair<std::string, std::string>> served;
  std::set<std::string> operation_ids;
  for (const auto& route : router.routes()) {
    std::string method = detail::to_lower(to_string(route->method));
    check.where = std::string(to_string(route->method)) + " " + route->path;
    served.emplace(route->path, method);
    if (!paths.contains(route->path) || !paths[route->path].contains(method)) {
      check.require(false, "not in the document");
      continue;
    }
    const json& operation = paths[route->path][method];
    check_route(check, *route, operation, problem_defined);
    check.require(operation_ids.insert(operation.value("operationId", "")).second,
                  "operationId not unique");
  }
  for (const auto& [path, item] : paths.items()) {
    for (const auto& [method, operation] : item.items()) {
      check.where = method + " " + path;
      check.require(served.count({path, method}) == 1, "in the document but not routed");
    }
  }
  return check.problems;
}

}  // namespace keel::http
