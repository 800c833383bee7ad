// The session routes: login, logout, the signed-in user, preferences and API tokens. JSON ⇄
// types only; the rules live in the services.

#include <charconv>

#include "auth_internal.h"
#include "keel/core/limits.h"
#include "keel/http/json_input.h"

namespace keel::auth {
namespace detail {

Actor actor_of(const http::Context& context) {
  return {context.who().company_id, context.who().user_id, context.request.request_id};
}

Result<std::int64_t> path_id(const http::Context& context, std::string_view code) {
  auto it = context.request.path_params.find("id");
  std::int64_t id = 0;
  if (it != context.request.path_params.end()) {
    const std::string& text = it->second;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (error != std::errc() || end != text.data() + text.size()) id = 0;
  }
  // A malformed id names no resource: the same 404 as an id that does not exist.
  if (id <= 0) return Error::not_found(std::string(code), "no such resource");
  return id;
}

namespace {

using nlohmann::json;

json string_schema(std::size_t length_max = limits::kNameLengthMax) {
  return {{"type", "string"}, {"maxLength", length_max}};
}

json enum_schema(std::initializer_list<const char*> values) {
  return {{"type", "string"}, {"enum", values}};
}

json me_schema() {
  return {{"type", "object"},
          {"required",
           {"id", "email", "name", "language", "preferences", "roles", "permissions", "company"}},
          {"properties",
           {{"id", {{"type", "integer"}}},
            {"email", string_schema(limits::kEmailLengthMax)},
            {"name", string_schema()},
            {"language", enum_schema({"en", "fa", "he", "zh", "lt"})},
            {"preferences",
             {{"type", "object"},
              {"properties",
               {{"number_format", string_schema(limits::kPreferenceLengthMax)},
                {"date_format", string_schema(limits::kPreferenceLengthMax)},
                {"calendar", enum_schema({"gregorian", "persian"})}}}}},
            {"roles", {{"type", "array"}, {"items", {{"type", "string"}}}}},
            {"permissions",
             {{"type", "object"},
              {"description", "permission code → widest scope granted"},
              {"additionalProperties", enum_schema({"own", "all"})}}},
            {"company",
             {{"type", "object"},
              {"required", {"id", "name", "currency", "calendar"}},
              {"properties",
               {{"id", {{"type", "integer"}}},
                {"name", string_schema()},
                {"currency", string_schema(3)},
                {"calendar", enum_schema({"gregorian", "persian"})}}}}}}}};
}

json me_response_schema() {
  return {{"type", "object"},
          {"required", {"user"}},
          {"properties",
           {{"user", me_schema()},
            {"csrf_token",
             {{"type", "string"},
              {"description", "only for cookie sessions: send it as X-CSRF-Token"}}}}}};
}

json token_schema(bool with_secret) {
  json schema = {
      {"type", "object"},
      {"required", {"id", "name", "created_at", "revoked_at"}},
      {"properties",
       {{"id", {{"type", "integer"}}},
        {"name", string_schema()},
        {"created_at", {{"type", "string"}, {"format", "date-time"}}},
        {"revoked_at", {{"type", "string"}, {"format", "date-time"}, {"nullable", true}}}}}};
  if (with_secret) {
    schema["required"].push_back("token");
    schema["properties"]["token"] = {{"type", "string"},
                                     {"description", "the secret, shown only in this response"}};
  }
  return schema;
}

std::string session_cookie(std::string_view token, int max_age_s) {
  return std::string(kSessionCookie) + "=" + std::string(token) +
         "; HttpOnly; SameSite=Strict; Path=/; Max-Age=" + std::to_string(max_age_s);
}

Error login_failed() { return Error::unauthenticated("login_failed", "wrong email or password"); }

struct LoginLookup {
  std::optional<int> retry_after_s;
  std::optional<LoginCandidate> user;
};

struct LoginResult {
  IssuedToken session;
  json user;
};

Result<http::Response> login(http::Context& context, const Clock& clock) {
  const json body = TRY(context.json_body());
  http::ObjectReader in(body);
  const std::string email_text = in.required_string("email", limits::kEmailLengthMax);
  const std::string password = in.required_string("password", limits::kPasswordLengthMax);
  TRY(in.finish());
  // A malformed email matches no user; it is throttled under its own text like any other.
  auto normalized = normalize_email(email_text);
  const std::string email = normalized ? *normalized : email_text;

  // (Lambdas that use TRY are named first: a TRY nested in another TRY would shadow.)
  auto read_lookup = [&](db::Tx& tx) -> Result<LoginLookup> {
    return LoginLookup{TRY(throttle_retry_after_s(tx, clock, email)), TRY(find_login(tx, email))};
  };
  const LoginLookup lookup = TRY(context.database.read(read_lookup));
  if (lookup.retry_after_s) {
    return Error(ErrorKind::rate_limited, "login_throttled",
                 "too many failed logins for this email; try again later")
        .set_retry_after_s(*lookup.retry_after_s);
  }
  // Verified outside any transaction: argon2id takes ~90 ms. Unknown emails spend a hash on
  // the decoy so that the answer takes as long as for a known one.
  const std::string& hash = lookup.user ? lookup.user->password_hash : decoy_password_hash();
  const bool matches = verify_password(hash, password);
  if (!matches || !lookup.user || lookup.user->disabled) {
    TRY(context.database.write([&](db::Tx& tx) { return record_login_failure(tx, clock, email); }));
    return login_failed();
  }
  const Actor actor{lookup.user->company_id, lookup.user->id, context.request.request_id};
  auto open_session = [&](db::Tx& tx) -> Result<LoginResult> {
    TRY(clear_login_failures(tx, email));
    IssuedToken session = TRY(create_session(tx, clock, actor));
    return LoginResult{std::move(session), TRY(me_json(tx, actor.company_id, actor.user_id))};
  };
  const LoginResult result = TRY(context.database.write(open_session));
  http::Response response = http::Response::json(200, {{"token", result.session.token},
                                                       {"csrf_token", result.session.csrf_token},
                                                       {"expires_at", *result.session.expires_at},
                                                       {"user", result.user}});
  response.header("Set-Cookie",
                  session_cookie(result.session.token, limits::kSessionLifetimeHours * 3600));
  return response;
}

Result<std::int64_t> current_session_id(const http::Context& context) {
  std::int64_t id = 0;
  const std::string& text = context.who().session_id;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
  // The authenticator always sets the row id: anything else is a bug.
  KEEL_ASSERT(error == std::errc() && end == text.data() + text.size());
  return id;
}

Result<http::Response> logout(http::Context& context, const Clock& clock) {
  const std::int64_t session_id = TRY(current_session_id(context));
  TRY(revoke_session(context.transaction(), clock, actor_of(context), session_id));
  http::Response response = http::Response::no_content();
  response.header("Set-Cookie", session_cookie("", 0));
  return response;
}

Result<http::Response> me(http::Context& context) {
  const http::Principal& who = context.who();
  json body = {{"user", TRY(me_json(context.transaction(), who.company_id, who.user_id))}};
  if (who.via == http::Principal::Via::session_cookie) body["csrf_token"] = who.csrf_token;
  return http::Response::json(200, body);
}

Result<http::Response> patch_preferences(http::Context& context, const Clock& clock) {
  const json body = TRY(context.json_body());
  http::ObjectReader in(body);
  Preferences preferences;
  preferences.language = in.optional_string("language", limits::kCodeLengthMax);
  preferences.number_format = in.optional_string("number_format", limits::kPreferenceLengthMax);
  preferences.date_format = in.optional_string("date_format", limits::kPreferenceLengthMax);
  preferences.calendar = in.optional_string("calendar", limits::kCodeLengthMax);
  TRY(in.finish());
  TRY(update_preferences(context.transaction(), clock, actor_of(context), preferences));
  return me(context);
}

Result<http::Response> list_tokens(http::Context& context) {
  json items = json::array();
  for (const TokenView& token : TRY(list_api_tokens(context.transaction(), actor_of(context)))) {
    items.push_back(token_json(token));
  }
  return http::Response::json(200, {{"items", std::move(items)}});
}

Result<http::Response> create_token(http::Context& context, const Clock& clock) {
  const json body = TRY(context.json_body());
  http::ObjectReader in(body);
  const std::string name = in.required_string("name", limits::kNameLengthMax);
  TRY(in.finish());
  const Actor actor = actor_of(context);
  const IssuedToken issued = TRY(
      context.database.write([&](db::Tx& tx) { return create_api_token(tx, clock, actor, name); }));
  json result = token_json({issued.id, name, issued.created_at, std::nullopt});
  result["token"] = issued.token;
  return http::Response::json(201, result);
}

Result<http::Response> revoke_token(http::Context& context, const Clock& clock) {
  const std::int64_t id = TRY(path_id(context, "token_not_found"));
  const TokenView token =
      TRY(revoke_api_token(context.transaction(), clock, actor_of(context), id));
  return http::Response::json(200, token_json(token));
}

}  // namespace

void register_session_routes(http::Router& router, const Clock& clock) {
  const Clock* c = &clock;
  router.add({
      .method = http::Method::post,
      .path = "/api/v1/auth/login",
      .summary = "Log in with email and password. Not idempotent by key: the response holds "
                 "a secret that must not be stored (ADR 0003); a repeat opens another session",
      .tag = "auth",
      .access = http::Access::open,
      .tx = http::TxMode::none,
      .request_schema = {{"type", "object"},
                         {"required", {"email", "password"}},
                         {"additionalProperties", false},
                         {"properties",
                          {{"email", string_schema(limits::kEmailLengthMax)},
                           {"password", string_schema(limits::kPasswordLengthMax)}}}},
      .response_schema = {{"type", "object"},
                          {"required", {"token", "csrf_token", "expires_at", "user"}},
                          {"properties",
                           {{"token", {{"type", "string"}}},
                            {"csrf_token", {{"type", "string"}}},
                            {"expires_at", {{"type", "string"}, {"format", "date-time"}}},
                            {"user", me_schema()}}}},
      .error_codes = {"input_invalid", "login_failed", "login_throttled"},
      .handler = [c](http::Context& context) { return login(context, *c); },
  });
  router.add({
      .method = http::Method::post,
      .path = "/api/v1/auth/logout",
      .summary = "Revoke the current session (or the API token used) and clear the cookie",
      .tag = "auth",
      .tx = http::TxMode::write,
      .success_status = 204,
      .handler = [c](http::Context& context) { return logout(context, *c); },
  });
  router.add({
      .method = http::Method::get,
      .path = "/api/v1/auth/me",
      .summary = "The signed-in user, with roles, permissions and company",
      .tag = "auth",
      .tx = http::TxMode::read,
      .response_schema = me_response_schema(),
      .handler = me,
  });
  router.add({
      .method = http::Method::patch,
      .path = "/api/v1/auth/me/preferences",
      .summary = "Change one's own language and formats",
      .tag = "auth",
      .tx = http::TxMode::write,
      .request_schema = {{"type", "object"},
                         {"additionalProperties", false},
                         {"properties",
                          {{"language", enum_schema({"en", "fa", "he", "zh", "lt"})},
                           {"number_format", string_schema(limits::kPreferenceLengthMax)},
                           {"date_format", string_schema(limits::kPreferenceLengthMax)},
                           {"calendar", enum_schema({"gregorian", "persian"})}}}},
      .response_schema = me_response_schema(),
      .error_codes = {"input_invalid", "language_unsupported", "calendar_invalid"},
      .handler = [c](http::Context& context) { return patch_preferences(context, *c); },
  });
  router.add({
      .method = http::Method::get,
      .path = "/api/v1/auth/tokens",
      .summary = "One's own API tokens, newest first (never their secrets)",
      .tag = "auth",
      .permission = "auth.token.manage",
      .tx = http::TxMode::read,
      .response_schema = {{"type", "object"},
                          {"required", {"items"}},
                          {"properties",
                           {{"items", {{"type", "array"}, {"items", token_schema(false)}}}}}},
      .handler = list_tokens,
  });
  router.add({
      .method = http::Method::post,
      .path = "/api/v1/auth/tokens",
      .summary = "Create an API token; its secret is in this response only. Not idempotent "
                 "by key, so that the secret is never stored",
      .tag = "auth",
      .permission = "auth.token.manage",
      .tx = http::TxMode::none,
      .request_schema = {{"type", "object"},
                         {"required", {"name"}},
                         {"additionalProperties", false},
                         {"properties", {{"name", string_schema()}}}},
      .success_status = 201,
      .response_schema = token_schema(true),
      .error_codes = {"input_invalid", "token_name_invalid", "api_tokens_too_many"},
      .handler = [c](http::Context& context) { return create_token(context, *c); },
  });
  router.add({
      .method = http::Method::post,
      .path = "/api/v1/auth/tokens/{id}/revoke",
      .summary = "Revoke one of one's own API tokens (revoking twice changes nothing)",
      .tag = "auth",
      .permission = "auth.token.manage",
      .tx = http::TxMode::write,
      .response_schema = token_schema(false),
      .error_codes = {"token_not_found"},
      .handler = [c](http::Context& context) { return revoke_token(context, *c); },
  });
}

}  // namespace detail

void register_routes(http::Router& router, const std::vector<http::PermissionSpec>& catalog,
                     const Clock& clock) {
  detail::register_session_routes(router, clock);
  detail::register_admin_routes(
      router, std::make_shared<const std::vector<http::PermissionSpec>>(catalog), clock);
}

}  // namespace keel::auth
