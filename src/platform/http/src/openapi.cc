#include <map>
#include <set>

#include "keel/http/openapi_check.h"
#include "keel/http/router.h"
#include "text.h"

namespace keel::http {

namespace {

using nlohmann::json;

const char* const kProblemRef = "#/components/schemas/Problem";

json problem_schema() {
  json field = {{"type", "object"},
                {"required", {"field", "code", "message"}},
                {"properties",
                 {{"field", {{"type", "string"}}},
                  {"code", {{"type", "string"}}},
                  {"message", {{"type", "string"}}}}}};
  return {{"type", "object"},
          {"description", "An error, as application/problem+json (RFC 9457)."},
          {"required", {"type", "title", "status", "code", "kind", "message", "fields"}},
          {"properties",
           {{"type", {{"type", "string"}, {"format", "uri"}}},
            {"title", {{"type", "string"}}},
            {"status", {{"type", "integer"}}},
            {"code", {{"type", "string"}, {"description", "Stable snake_case error code."}}},
            {"kind", {{"type", "string"}}},
            {"message", {{"type", "string"}}},
            {"fields", {{"type", "array"}, {"items", field}}},
            {"request_id", {{"type", "string"}}}}}};
}

std::string lower_method(Method method) { return detail::to_lower(to_string(method)); }

bool has_idempotency_key(const RouteSpec& route) {
  return route.method == Method::post && route.tx == TxMode::write &&
         route.access == Access::authenticated;
}

// "post_api_v1_partners_id_confirm": readable, and unique because method + pattern is.
std::string operation_id(const RouteSpec& route) {
  std::string id = lower_method(route.method);
  for (char c : route.path) {
    bool word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (word) {
      id.push_back(c);
    } else if (c == '/' || c == '-' || c == '.' || c == '_') {
      if (id.back() != '_') id.push_back('_');
    }
  }
  while (id.back() == '_') id.pop_back();
  return id;
}

json parameters_for(const RouteSpec& route) {
  json parameters = json::array();
  for (const auto& name : path_parameter_names(route.path)) {
    parameters.push_back(
        {{"name", name}, {"in", "path"}, {"required", true}, {"schema", {{"type", "string"}}}});
  }
  for (const auto& query : route.query_params) {
    parameters.push_back({{"name", query.name},
                          {"in", "query"},
                          {"required", false},
                          {"description", query.description},
                          {"schema", query.schema}});
  }
  if (has_idempotency_key(route)) {
    parameters.push_back(
        {{"name", "Idempotency-Key"},
         {"in", "header"},
         {"required", false},
         {"description", "Retries with the same key and body get the stored response."},
         {"schema", {{"type", "string"}, {"minLength", 1}, {"maxLength", 200}}}});
  }
  return parameters;
}

// The error statuses a route can answer, each with why. Derived from the route's shape so a
// route cannot forget to declare them.
std::map<int, std::string> error_statuses(const RouteSpec& route) {
  std::map<int, std::string> out;
  bool has_body = !route.request_schema.is_null();
  bool has_input = has_body || !route.query_params.empty() || has_idempotency_key(route);
  bool authenticated = route.access == Access::authenticated;
  if (has_input) out[400] = "Malformed request (JSON syntax, content type, parameters).";
  if (authenticated) out[401] = "Not logged in, or the session or token is invalid.";
  if (authenticated && (!route.permission.empty() || route.method != Method::get)) {
    out[403] = "Missing permission or CSRF token.";
  }
  if (!path_parameter_names(route.path).empty()) out[404] = "No such resource.";
  if (route.tx == TxMode::write) out[409] = "Conflicts with the current state; re-read.";
  if (has_body) out[413] = "Request body too large.";
  if (has_input || route.tx == TxMode::write) out[422] = "Input not acceptable.";
  if (route.access == Access::open && has_body) out[429] = "Too many attempts; retry later.";
  out[503] = "Temporarily unavailable; retry after Retry-After seconds.";
  return out;
}

json responses_for(const RouteSpec& route) {
  json responses = json::object();
  json success = {{"description", route.summary}};
  if (!route.response_schema.is_null()) {
    success["content"] = {{route.response_content_type, {{"schema", route.response_schema}}}};
  }
  responses[std::to_string(route.success_status)] = std::move(success);
  json problem_content = {{"application/problem+json", {{"schema", {{"$ref", kProblemRef}}}}}};
  for (const auto& [status, description] : error_statuses(route)) {
    responses[std::to_string(status)] = {{"description", description},
                                         {"content", problem_content}};
  }
  responses["default"] = {{"description", "Unexpected error."}, {"content", problem_content}};
  return responses;
}

json operation_for(const RouteSpec& route) {
  json operation = {
      {"operationId", operation_id(route)},
      {"summary", route.summary},
      {"tags", {route.tag}},
      {"parameters", parameters_for(route)},
      {"responses", responses_for(route)},
      {"x-permission", route.permission},
      {"x-access", route.access == Access::open ? "open" : "authenticated"},
      {"x-error-codes", route.error_codes},
  };
  if (!route.request_schema.is_null()) {
    operation["requestBody"] = {
        {"required", true},
        {"content", {{route.request_content_type, {{"schema", route.request_schema}}}}}};
  }
  // An empty list overrides the document-wide requirement: no credentials needed.
  if (route.access == Access::open) operation["security"] = json::array();
  return operation;
}

}  // namespace

json openapi_document(const Router& router, std::string_view version) {
  OpenApiOptions options;
  options.version = std::string(version);
  return openapi_document(router, options);
}

json openapi_document(const Router& router, const OpenApiOptions& options) {
  json paths = json::object();
  std::set<std::string> tags;
  for (const auto& route : router.routes()) {
    paths[route->path][lower_method(route->method)] = operation_for(*route);
    tags.insert(route->tag);
  }
  json tag_list = json::array();
  for (const auto& tag : tags) tag_list.push_back({{"name", tag}});
  return {
      {"openapi", "3.0.3"},
      {"info", {{"title", options.title}, {"version", options.version}}},
      {"servers", {{{"url", "/"}}}},
      {"tags", std::move(tag_list)},
      {"paths", std::move(paths)},
      {"security", {{{"bearerAuth", json::array()}}, {{"cookieAuth", json::array()}}}},
      {"components",
       {{"schemas", {{"Problem", problem_schema()}}},
        {"securitySchemes",
         {{"bearerAuth", {{"type", "http"}, {"scheme", "bearer"}}},
          {"cookieAuth",
           {{"type", "apiKey"}, {"in", "cookie"}, {"name", options.session_cookie_name}}}}}}},
  };
}

}  // namespace keel::http
