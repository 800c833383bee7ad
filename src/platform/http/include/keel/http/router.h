#pragma once

#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "keel/core/result.h"
#include "keel/http/http.h"
#include "keel/http/security.h"

namespace keel::db {
class Tx;
class Database;
}  // namespace keel::db

namespace keel {
class Clock;
}

namespace keel::http {

// Who may call a route.
enum class Access {
  open,           // no login (health, login, the OpenAPI document)
  authenticated,  // any logged-in user; `permission` is then required unless empty
};

// Which transaction the dispatcher opens around the handler. The HTTP boundary owns it:
// it begins, commits (or rolls back on an Error), and retries on transient conflicts.
enum class TxMode {
  none,   // the handler manages its own transactions (login hashes passwords outside one)
  read,   // a read transaction
  write,  // a write transaction; POST routes store their Idempotency-Key in it
};

// Everything a handler gets. `principal` is null only on open routes; `tx` is null only for
// TxMode::none (then use `database`).
struct Context {
  const Request& request;
  const Principal* principal;
  db::Tx* tx;
  db::Database& database;
  const Clock& clock;

  // Parses the body as JSON. Errors: json_malformed (400), content_type_unsupported (400).
  Result<nlohmann::json> json_body() const;
  // Parses the body as an HTML form (application/x-www-form-urlencoded; a repeated name keeps
  // its first value). Errors: content_type_unsupported (400), form_body_malformed (400: a bad
  // escape, a NUL byte or invalid UTF-8).
  Result<std::map<std::string, std::string>> form_body() const;
  const Principal& who() const;  // asserts non-null
  db::Tx& transaction() const;   // asserts non-null
};

using Handler = std::function<Result<Response>(Context&)>;

struct QueryParamSpec {
  std::string name;
  std::string description;
  nlohmann::json schema = {{"type", "string"}};
};

// One route. Everything the OpenAPI document says about it comes from here, so a route
// cannot exist without being described.
struct RouteSpec {
  Method method = Method::get;
  std::string path;  // "/api/v1/partners/{id}"
  std::string summary;
  std::string tag;  // module name, for grouping
  Access access = Access::authenticated;
  std::string permission;  // required permission (empty: any authenticated user)
  TxMode tx = TxMode::read;
  std::vector<QueryParamSpec> query_params;
  nlohmann::json request_schema;  // JSON Schema of the body; null when there is none
  std::string request_content_type = "application/json";
  int success_status = 200;
  nlohmann::json response_schema;  // JSON Schema of the success body; null for 204
  std::string response_content_type = "application/json";
  std::vector<std::string> error_codes;  // stable codes this route may return
  Handler handler;
};

struct Match {
  const RouteSpec* route;
  std::map<std::string, std::string> path_params;
};

// Routes by method and path pattern. A pattern is literal segments and `{name}` segments,
// each `{name}` matching one non-empty path segment (percent-decoded into path_params).
// When several patterns match, the most specific wins: at the first segment where they
// differ, a literal beats a parameter ("/parties/export" before "/parties/{id}").
// Not thread-safe for add(); match() is safe to call concurrently once routes are added.
class Router {
 public:
  // Asserts that the pattern is well-formed (starts with '/', `{name}` segments with unique
  // names), that the handler is set and that no route with the same method and pattern exists.
  void add(RouteSpec route);
  // nullopt when no pattern matches. When `path_exists` is given it is set to true if some
  // route matches the path with another method: the caller answers 405 instead of 404.
  std::optional<Match> match(Method method, std::string_view path,
                             bool* path_exists = nullptr) const;
  const std::vector<std::unique_ptr<RouteSpec>>& routes() const { return m_routes; }

 private:
  struct Segment {
    std::string text;  // the literal, or the parameter name
    bool is_parameter = false;
  };
  std::vector<std::unique_ptr<RouteSpec>> m_routes;
  std::vector<std::vector<Segment>> m_patterns;  // m_patterns[i] is m_routes[i]->path parsed
};

// The names of the `{name}` segments of a route pattern, in order.
std::vector<std::string> path_parameter_names(std::string_view pattern);

// What the OpenAPI document says besides the routes.
struct OpenApiOptions {
  std::string version = "0.0.0";
  std::string title = "Keel API";
  std::string session_cookie_name = "keel_session";
};

// The OpenAPI 3.0.3 document describing every route in `router`: operationId, summary, tag,
// path and query parameters, request body and success response with their schemas, the
// problem+json error responses that apply (sharing components/schemas/Problem), and the
// extensions x-permission (the permission code, "" for any logged-in user), x-access
// ("open" or "authenticated") and x-error-codes.
nlohmann::json openapi_document(const Router& router, std::string_view version);
nlohmann::json openapi_document(const Router& router, const OpenApiOptions& options);

}  // namespace keel::http
