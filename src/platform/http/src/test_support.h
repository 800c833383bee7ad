#pragma once

// Fixtures shared by the dispatcher and server tests: a small Authenticator reading
// "Authorization: Bearer user-N" or "Cookie: session=user-N", and a router with routes that
// write rows into a test table, fail, throw, or wait.

#include <atomic>
#include <chrono>
#include <functional>
#include <stdexcept>
#include <string>
#include <thread>

#include "keel/db/db.h"
#include "keel/db/migrations.h"
#include "keel/http/idempotency.h"
#include "keel/http/json_input.h"
#include "keel/http/router.h"
#include "keel/http/security.h"

namespace keel::http::test {

// user-1: may write items; user-2: may not; anything else: unauthenticated. Every user is in
// company 1 (user-3 in company 2).
class TestAuthenticator final : public Authenticator {
 public:
  Result<Principal> authenticate(db::Tx& tx, const Request& request) override {
    // Touch the transaction, as a real authenticator does, so a broken read path shows here.
    TRY(tx.query("SELECT 1"));
    Principal principal;
    std::string who;
    if (auto authorization = request.header("Authorization");
        authorization && authorization->starts_with("Bearer ")) {
      who = std::string(authorization->substr(7));
    } else if (auto session = request.cookie("session")) {
      who = *session;
      principal.via = Principal::Via::session_cookie;
      principal.csrf_token = "csrf-" + who;
    }
    if (who != "user-1" && who != "user-2" && who != "user-3") {
      return Error::unauthenticated("test_session_invalid", "Log in.");
    }
    std::int64_t number = who.back() - '0';
    principal.user_id = UserId(number);
    principal.company_id = CompanyId(number == 3 ? 2 : 1);
    if (number != 2) principal.permissions.emplace("items.write", Scope::all);
    principal.permissions.emplace("items.read", Scope::all);
    return principal;
  }
};

inline Result<void> create_test_table(db::Database& database) {
  TRY(db::migrate(database, {&http::migrations()}));
  return database.write([](db::Tx& tx) -> Result<void> {
    TRY(tx.execute_script(
        "CREATE TABLE test_items (company_id BIGINT NOT NULL, name TEXT NOT NULL)"));
    return Ok{};
  });
}

inline std::int64_t count_items(db::Database& database) {
  auto counted = database.read([](db::Tx& tx) -> Result<std::int64_t> {
    auto row = TRY(tx.query_one("SELECT COUNT(*) FROM test_items"));
    return row->integer(0);
  });
  return counted.ok() ? counted.value() : -1;
}

inline Result<std::int64_t> insert_item(Context& context, const std::string& name) {
  TRY(context.transaction().execute("INSERT INTO test_items (company_id, name) VALUES ($1, $2)",
                                    {context.who().company_id.value(), name}));
  auto row = TRY(context.transaction().query_one("SELECT COUNT(*) FROM test_items"));
  return row->integer(0);
}

inline const nlohmann::json kItemSchema = {
    {"type", "object"},
    {"required", {"name"}},
    {"properties", {{"name", {{"type", "string"}}}}},
};

inline RouteSpec item_route(std::string path, Handler handler) {
  RouteSpec route;
  route.method = Method::post;
  route.path = std::move(path);
  route.summary = "Test route " + route.path;
  route.tag = "test";
  route.permission = "items.write";
  route.tx = TxMode::write;
  route.request_schema = kItemSchema;
  route.success_status = 201;
  route.response_schema = {{"type", "object"}};
  route.handler = std::move(handler);
  return route;
}

// `on_slow` is called inside the slow route's transaction before it sleeps.
inline void add_test_routes(Router& router, std::function<void()> on_slow = {}) {
  auto create = [](Context& context) -> Result<Response> {
    auto body = TRY(context.json_body());
    ObjectReader in(body);
    std::string name = in.required_string("name", 100);
    TRY(in.finish());
    std::int64_t count = TRY(insert_item(context, name));
    return Response::json(201, {{"name", name}, {"count", count}});
  };
  router.add(item_route("/api/v1/items", create));
  router.add(item_route("/api/v1/items/fail", [](Context& context) -> Result<Response> {
    TRY(insert_item(context, "doomed"));
    return Error::conflict("test_item_conflict", "Refused after writing.");
  }));
  router.add(item_route("/api/v1/items/throw", [](Context& context) -> Result<Response> {
    TRY(insert_item(context, "doomed"));
    throw std::runtime_error("handler bug");
  }));
  router.add(item_route("/api/v1/items/declined", [](Context& context) -> Result<Response> {
    TRY(insert_item(context, "kept"));
    return Response::json(409, {{"accepted", false}});
  }));
  router.add(item_route("/api/v1/items/slow", [on_slow](Context& context) -> Result<Response> {
    if (on_slow) on_slow();
    std::this_thread::sleep_for(std::chrono::milliseconds(700));
    std::int64_t count = TRY(insert_item(context, "slow"));
    return Response::json(201, {{"count", count}});
  }));
  RouteSpec import = item_route("/api/v1/items/import", [](Context& context) -> Result<Response> {
    return Response::json(200, {{"bytes", context.request.body.size()}});
  });
  import.request_content_type = "text/csv";
  import.request_schema = {{ "type", "string" }};
  import.success_status = 200;
  router.add(std::move(import));

  RouteSpec list;
  list.method = Method::get;
  list.path = "/api/v1/items";
  list.summary = "Count items";
  list.tag = "test";
  list.permission = "items.read";
  list.query_params = {{"q", "Search text"}};
  list.response_schema = {{"type", "object"}};
  list.handler = [](Context& context) -> Result<Response> {
    auto row = TRY(context.transaction().query_one("SELECT COUNT(*) FROM test_items"));
    return Response::json(
        200, {{"count", row->integer(0)}, {"q", context.request.query_param("q").value_or("")}});
  };
  router.add(std::move(list));

  RouteSpec open;
  open.method = Method::get;
  open.path = "/api/v1/open/{word}";
  open.summary = "Echo without login";
  open.tag = "test";
  open.access = Access::open;
  open.tx = TxMode::none;
  open.response_schema = {{"type", "object"}};
  open.handler = [](Context& context) -> Result<Response> {
    return Response::json(200, {{"word", context.request.path_params.at("word")},
                                {"has_principal", context.principal != nullptr}});
  };
  router.add(std::move(open));
}

}  // namespace keel::http::test
