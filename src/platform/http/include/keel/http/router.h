#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

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
  nlohmann::json request_schema;   // JSON Schema of the body; null when there is none
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

class Router {
 public:
  // Asserts that no route with the same method and pattern exists.
  void add(RouteSpec route);
  // nullopt when no pattern matches; `method_allowed` tells 405 from 404.
  std::optional<Match> match(Method method, std::string_view path,
                             bool* path_exists = nullptr) const;
  const std::vector<std::unique_ptr<RouteSpec>>& routes() const { return m_routes; }

 private:
  std::vector<std::unique_ptr<RouteSpec>> m_routes;
};

// The OpenAPI 3.0 document describing every route in `router`.
nlohmann::json openapi_document(const Router& router, std::string_view version);

}  // namespace keel::http
