// The auth routes through the real Dispatcher (authentication, CSRF, permissions, one
// transaction per request), in-process, on both engines.

#include <chrono>

#include "auth_test_support.h"
#include "keel/core/limits.h"
#include "keel/http/dispatcher.h"
#include "keel/http/http.h"
#include "keel/http/openapi_check.h"

namespace keel::auth::test {
namespace {

using nlohmann::json;

struct Call {
  int status = 0;
  json body;
  http::Response response;
  std::optional<std::string> header(std::string_view name) const {
    for (const auto& [key, value] : response.headers) {
      if (key == name) return value;
    }
    return std::nullopt;
  }
  std::string code() const { return body.is_object() ? body.value("code", "") : ""; }
};

class AuthHttpTest : public AuthFixture {
 protected:
  void SetUp() override {
    AuthFixture::SetUp();
    register_routes(m_router, m_catalog, m_clock);
    m_authenticator = make_authenticator(m_clock);
    m_dispatcher.emplace(m_router, database(), *m_authenticator, m_clock);
  }

  // headers: extra request headers, e.g. {"Authorization", "Bearer …"}.
  Call call(http::Method method, std::string path, const json& body = nullptr,
            std::vector<std::pair<std::string, std::string>> headers = {},
            std::map<std::string, std::string> query = {}) {
    http::Request request;
    request.method = method;
    request.path = std::move(path);
    request.query = std::move(query);
    request.headers = std::move(headers);
    if (!body.is_null()) {
      request.body = body.dump();
      request.headers.emplace_back("Content-Type", "application/json");
    }
    Call result;
    result.response = m_dispatcher->dispatch(std::move(request));
    result.status = result.response.status;
    if (!result.response.body.empty()) result.body = json::parse(result.response.body);
    return result;
  }

  Call login(const std::string& email, const std::string& password = kPassword) {
    return call(http::Method::post, "/api/v1/auth/login",
                {{"email", email}, {"password", password}});
  }

  // A Bearer header for a fresh login of `email`.
  std::vector<std::pair<std::string, std::string>> as(const std::string& email) {
    const Call in = login(email);
    KEEL_ASSERT(in.status == 200);
    return {{"Authorization", "Bearer " + in.body["token"].get<std::string>()}};
  }

  http::Router m_router;
  std::unique_ptr<http::Authenticator> m_authenticator;
  std::optional<http::Dispatcher> m_dispatcher;
};

TEST_P(AuthHttpTest, login_returns_token_cookie_and_user) {
  const Call in = login("Admin@Acme.Example");
  ASSERT_EQ(in.status, 200) << in.body.dump();
  const std::string token = in.body["token"];
  EXPECT_EQ(token.size(), 43u);
  EXPECT_FALSE(in.body["csrf_token"].get<std::string>().empty());
  EXPECT_EQ(in.body["expires_at"], format_instant(kStart + std::chrono::hours(12)));
  const json& user = in.body["user"];
  EXPECT_EQ(user["email"], "admin@acme.example");
  EXPECT_EQ(user["roles"], json::array({"admin"}));
  EXPECT_EQ(user["permissions"]["auth.user.write"], "all");
  EXPECT_EQ(user["company"]["name"], "Acme");
  EXPECT_EQ(user["company"]["currency"], "EUR");
  EXPECT_EQ(in.header("Set-Cookie"),
            "keel_session=" + token + "; HttpOnly; SameSite=Strict; Path=/; Max-Age=43200");
  EXPECT_EQ(audit_rows(m_company, "auth.session").at(0).action, "login");

  // The same token works as Bearer and as the cookie; only the cookie gets the CSRF token.
  const Call bearer =
      call(http::Method::get, "/api/v1/auth/me", nullptr, {{"Authorization", "Bearer " + token}});
  ASSERT_EQ(bearer.status, 200) << bearer.body.dump();
  EXPECT_EQ(bearer.body["user"]["id"], m_admin.value());
  EXPECT_FALSE(bearer.body.contains("csrf_token"));
  const Call cookie =
      call(http::Method::get, "/api/v1/auth/me", nullptr, {{"Cookie", "keel_session=" + token}});
  ASSERT_EQ(cookie.status, 200);
  EXPECT_EQ(cookie.body["csrf_token"], in.body["csrf_token"]);
}

TEST_P(AuthHttpTest, wrong_password_and_unknown_email_get_the_same_answer) {
  const Call wrong = login("admin@acme.example", "wrong password!");
  const Call unknown = login("nobody@acme.example");
  const Call malformed = login("not an email");
  for (const Call* c : {&wrong, &unknown, &malformed}) {
    EXPECT_EQ(c->status, 401);
    EXPECT_EQ(c->code(), "login_failed");
    EXPECT_EQ(c->body["message"], wrong.body["message"]);
  }
  EXPECT_EQ(call(http::Method::post, "/api/v1/auth/login", {{"email", "a@b.c"}}).code(),
            "input_invalid");
}

TEST_P(AuthHttpTest, disabled_user_cannot_log_in) {
  const UserId clerk = make_user(m_company, "clerk@acme.example", {"viewer"});
  KEEL_ASSERT_OK(write([&](db::Tx& tx) {
    return detail::update_user(tx, m_clock, {m_company, m_admin, ""}, clerk,
                               {.disabled = true, .version = 1});
  }));
  EXPECT_EQ(login("clerk@acme.example").code(), "login_failed");
}

TEST_P(AuthHttpTest, repeated_failures_throttle_even_the_right_password) {
  for (int i = 0; i < limits::kLoginFailuresMax; ++i) {
    EXPECT_EQ(login("admin@acme.example", "wrong password!").code(), "login_failed");
  }
  const Call throttled = login("admin@acme.example");
  EXPECT_EQ(throttled.status, 429);
  EXPECT_EQ(throttled.code(), "login_throttled");
  EXPECT_EQ(throttled.header("Retry-After"), std::to_string(limits::kLoginFailureWindowS));
  // Another email is not affected.
  make_user(m_company, "clerk@acme.example", {"viewer"});
  EXPECT_EQ(login("clerk@acme.example").status, 200);
  m_clock.advance(std::chrono::seconds(limits::kLoginFailureWindowS));
  EXPECT_EQ(login("admin@acme.example").status, 200);
}

TEST_P(AuthHttpTest, logout_revokes_and_clears_the_cookie) {
  const Call in = login("admin@acme.example");
  const std::string token = in.body["token"];
  const std::string csrf = in.body["csrf_token"];
  const std::pair<std::string, std::string> cookie{"Cookie", "keel_session=" + token};
  // A cookie session must prove it is not a cross-site request.
  EXPECT_EQ(call(http::Method::post, "/api/v1/auth/logout", nullptr, {cookie}).code(),
            "csrf_token_invalid");
  const Call out =
      call(http::Method::post, "/api/v1/auth/logout", nullptr, {cookie, {"X-CSRF-Token", csrf}});
  ASSERT_EQ(out.status, 204) << out.body.dump();
  EXPECT_EQ(out.header("Set-Cookie"),
            "keel_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0");
  const Call after = call(http::Method::get, "/api/v1/auth/me", nullptr, {cookie});
  EXPECT_EQ(after.status, 401);
  EXPECT_EQ(after.code(), "session_invalid");
  EXPECT_EQ(call(http::Method::get, "/api/v1/auth/me").code(), "authentication_required");
}

TEST_P(AuthHttpTest, sessions_expire) {
  const auto admin = as("admin@acme.example");
  m_clock.advance(std::chrono::hours(limits::kSessionLifetimeHours));
  EXPECT_EQ(call(http::Method::get, "/api/v1/auth/me", nullptr, admin).code(), "session_invalid");
}

TEST_P(AuthHttpTest, preferences_change_the_profile) {
  const auto admin = as("admin@acme.example");
  const Call changed = call(http::Method::patch, "/api/v1/auth/me/preferences",
                            {{"language", "fa"},
                             {"calendar", "persian"},
                             {"number_format", "fa-IR"},
                             {"date_format", "yyyy/MM/dd"}},
                            admin);
  ASSERT_EQ(changed.status, 200) << changed.body.dump();
  EXPECT_EQ(changed.body["user"]["language"], "fa");
  EXPECT_EQ(changed.body["user"]["preferences"]["calendar"], "persian");
  EXPECT_EQ(changed.body["user"]["preferences"]["date_format"], "yyyy/MM/dd");
  EXPECT_EQ(
      call(http::Method::patch, "/api/v1/auth/me/preferences", {{"language", "de"}}, admin).code(),
      "language_unsupported");
  EXPECT_EQ(
      call(http::Method::patch, "/api/v1/auth/me/preferences", {{"theme", "dark"}}, admin).code(),
      "input_invalid");
}

TEST_P(AuthHttpTest, api_tokens_are_shown_once_and_revocable) {
  const auto admin = as("admin@acme.example");
  const Call created = call(http::Method::post, "/api/v1/auth/tokens", {{"name", "ci"}}, admin);
  ASSERT_EQ(created.status, 201) << created.body.dump();
  const std::string token = created.body["token"];
  const std::pair<std::string, std::string> bearer{"Authorization", "Bearer " + token};
  const Call listed = call(http::Method::get, "/api/v1/auth/tokens", nullptr, {bearer});
  ASSERT_EQ(listed.status, 200);
  ASSERT_EQ(listed.body["items"].size(), 1u);
  EXPECT_EQ(listed.body["items"][0]["name"], "ci");
  EXPECT_FALSE(listed.body["items"][0].contains("token"));
  const std::string path =
      "/api/v1/auth/tokens/" + std::to_string(created.body["id"].get<int>()) + "/revoke";
  const Call revoked = call(http::Method::post, path, nullptr, admin);
  ASSERT_EQ(revoked.status, 200) << revoked.body.dump();
  EXPECT_TRUE(revoked.body["revoked_at"].is_string());
  EXPECT_EQ(call(http::Method::get, "/api/v1/auth/tokens", nullptr, {bearer}).code(),
            "session_invalid");
  EXPECT_EQ(call(http::Method::post, "/api/v1/auth/tokens/999/revoke", nullptr, admin).code(),
            "token_not_found");
  EXPECT_EQ(call(http::Method::post, "/api/v1/auth/tokens/x/revoke", nullptr, admin).code(),
            "token_not_found");
}

TEST_P(AuthHttpTest, users_crud_with_version_conflict) {
  const auto admin = as("admin@acme.example");
  const Call created = call(http::Method::post, "/api/v1/auth/users",
                            {{"email", "Clerk@Acme.Example"},
                             {"name", "Clerk"},
                             {"password", "a long password"},
                             {"roles", {"sales"}}},
                            admin);
  ASSERT_EQ(created.status, 201) << created.body.dump();
  EXPECT_EQ(created.body["email"], "clerk@acme.example");
  EXPECT_EQ(created.body["roles"], json::array({"sales"}));
  EXPECT_EQ(login("clerk@acme.example", "a long password").status, 200);
  const std::string path = "/api/v1/auth/users/" + std::to_string(created.body["id"].get<int>());

  const Call fetched = call(http::Method::get, path, nullptr, admin);
  EXPECT_EQ(fetched.body, created.body);
  const Call patched = call(http::Method::patch, path,
                            {{"name", "Clark"}, {"roles", {"viewer"}}, {"version", 1}}, admin);
  ASSERT_EQ(patched.status, 200) << patched.body.dump();
  EXPECT_EQ(patched.body["version"], 2);
  const Call stale = call(http::Method::patch, path, {{"name", "Stale"}, {"version", 1}}, admin);
  EXPECT_EQ(stale.status, 409);
  EXPECT_EQ(stale.code(), "version_conflict");
  EXPECT_EQ(call(http::Method::patch, path, {{"name", "No version"}}, admin).code(),
            "input_invalid");

  const Call listed =
      call(http::Method::get, "/api/v1/auth/users", nullptr, admin, {{"limit", "1"}});
  ASSERT_EQ(listed.status, 200);
  ASSERT_EQ(listed.body["items"].size(), 1u);
  const Call next = call(http::Method::get, "/api/v1/auth/users", nullptr, admin,
                         {{"cursor", listed.body["next_cursor"]}});
  ASSERT_EQ(next.body["items"].size(), 1u);
  EXPECT_EQ(next.body["items"][0]["name"], "Clark");
  EXPECT_TRUE(next.body["next_cursor"].is_null());
  EXPECT_EQ(call(http::Method::get, "/api/v1/auth/users", nullptr, admin, {{"limit", "0"}}).code(),
            "limit_invalid");
  EXPECT_EQ(call(http::Method::get, "/api/v1/auth/users", nullptr, admin, {{"cursor", "x"}}).code(),
            "cursor_invalid");
  EXPECT_EQ(call(http::Method::post, "/api/v1/auth/users",
                 {{"email", "x@acme.example"}, {"name", "X"}, {"password", "short"}}, admin)
                .code(),
            "password_too_short");
  EXPECT_EQ(
      call(http::Method::post, "/api/v1/auth/users",
           {{"email", "clerk@acme.example"}, {"name", "X"}, {"password", "long enough!"}}, admin)
          .code(),
      "email_taken");
}

TEST_P(AuthHttpTest, another_company_is_invisible) {
  const CompanyId other = make_company("Other");
  const UserId stranger = make_user(other, "stranger@other.example", {"admin"});
  const auto admin = as("admin@acme.example");
  const std::string path = "/api/v1/auth/users/" + std::to_string(stranger.value());
  const Call fetched = call(http::Method::get, path, nullptr, admin);
  EXPECT_EQ(fetched.status, 404);
  EXPECT_EQ(fetched.code(), "user_not_found");
  EXPECT_FALSE(fetched.response.body.find("stranger") != std::string::npos);
  EXPECT_EQ(call(http::Method::patch, path, {{"name", "Mine"}, {"version", 1}}, admin).code(),
            "user_not_found");
  const Call listed = call(http::Method::get, "/api/v1/auth/users", nullptr, admin);
  EXPECT_EQ(listed.body["items"].size(), 1u);
  EXPECT_EQ(call(http::Method::get, "/api/v1/companies/current", nullptr, admin).body["name"],
            "Acme");
  EXPECT_EQ(
      call(http::Method::get, "/api/v1/companies/current", nullptr, as("stranger@other.example"))
          .body["name"],
      "Other");
}

TEST_P(AuthHttpTest, roles_and_permissions) {
  const auto admin = as("admin@acme.example");
  const Call roles = call(http::Method::get, "/api/v1/auth/roles", nullptr, admin);
  ASSERT_EQ(roles.status, 200);
  EXPECT_EQ(roles.body["items"].size(), 5u);
  const Call catalog = call(http::Method::get, "/api/v1/auth/permissions", nullptr, admin);
  ASSERT_EQ(catalog.status, 200);
  EXPECT_EQ(catalog.body["items"].size(), m_catalog.size());
  const Call created = call(http::Method::post, "/api/v1/auth/roles",
                            {{"code", "auditor"},
                             {"name", "Auditor"},
                             {"grants", {{{"permission", "audit.log.read"}, {"scope", "all"}}}}},
                            admin);
  ASSERT_EQ(created.status, 201) << created.body.dump();
  EXPECT_EQ(created.body["grants"][0]["permission"], "audit.log.read");
  const Call unknown = call(
      http::Method::post, "/api/v1/auth/roles",
      {{"code", "x"}, {"name", "X"}, {"grants", {{{"permission", "nope.nope"}, {"scope", "all"}}}}},
      admin);
  EXPECT_EQ(unknown.code(), "permission_unknown");
  const Call bad_scope = call(http::Method::post, "/api/v1/auth/roles",
                              {{"code", "x"},
                               {"name", "X"},
                               {"grants", {{{"permission", "audit.log.read"}, {"scope", "most"}}}}},
                              admin);
  ASSERT_EQ(bad_scope.code(), "input_invalid");
  EXPECT_EQ(bad_scope.body["fields"][0]["field"], "grants/0/scope");
  EXPECT_EQ(bad_scope.body["fields"][0]["code"], "scope_invalid");
}

TEST_P(AuthHttpTest, permissions_are_enforced) {
  make_user(m_company, "viewer@acme.example", {"viewer"});
  const auto viewer = as("viewer@acme.example");
  EXPECT_EQ(call(http::Method::get, "/api/v1/auth/users", nullptr, viewer).code(),
            "permission_denied");
  EXPECT_EQ(call(http::Method::post, "/api/v1/auth/tokens", {{"name", "x"}}, viewer).code(),
            "permission_denied");
  EXPECT_EQ(call(http::Method::get, "/api/v1/auth/me", nullptr, viewer).status, 200);
}

TEST_P(AuthHttpTest, every_route_is_documented) {
  const json document = http::openapi_document(m_router, http::OpenApiOptions{});
  EXPECT_EQ(http::openapi_coverage_problems(m_router, document), std::vector<std::string>{});
  for (const auto& route : m_router.routes()) {
    EXPECT_TRUE(document["paths"].contains(route->path)) << route->path;
  }
}

KEEL_INSTANTIATE_ENGINES(AuthHttpTest);

}  // namespace
}  // namespace keel::auth::test
