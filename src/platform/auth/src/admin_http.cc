// The administration routes: users, roles, the permission catalog and the current company.
// JSON ⇄ types only; every query is scoped by the caller's company inside the services.

#include <charconv>

#include "auth_internal.h"
#include "keel/core/limits.h"
#include "keel/http/json_input.h"

namespace keel::auth::detail {
namespace {

using nlohmann::json;
using Catalog = std::shared_ptr<const std::vector<http::PermissionSpec>>;

json string_schema(std::size_t length_max = limits::kNameLengthMax) {
  return {{"type", "string"}, {"maxLength", length_max}};
}

json list_schema(const json& item, bool paginated) {
  json schema = {{"type", "object"},
                 {"required", {"items"}},
                 {"properties", {{"items", {{"type", "array"}, {"items", item}}}}}};
  if (paginated) {
    schema["required"].push_back("next_cursor");
    schema["properties"]["next_cursor"] = {{"type", "string"}, {"nullable", true}};
  }
  return schema;
}

json user_schema() {
  return {{"type", "object"},
          {"required",
           {"id", "email", "name", "language", "roles", "disabled", "created_at", "version"}},
          {"properties",
           {{"id", {{"type", "integer"}}},
            {"email", string_schema(limits::kEmailLengthMax)},
            {"name", string_schema()},
            {"language", {{"type", "string"}, {"enum", {"en", "fa", "he", "zh", "lt"}}}},
            {"roles", {{"type", "array"}, {"items", {{"type", "string"}}}}},
            {"disabled", {{"type", "boolean"}}},
            {"created_at", {{"type", "string"}, {"format", "date-time"}}},
            {"version", {{"type", "integer"}}}}}};
}

json grant_schema() {
  return {{"type", "object"},
          {"required", {"permission", "scope"}},
          {"properties",
           {{"permission", string_schema(limits::kCodeLengthMax)},
            {"scope", {{"type", "string"}, {"enum", {"own", "all"}}}}}}};
}

json role_schema() {
  return {{"type", "object"},
          {"required", {"id", "code", "name", "builtin", "grants"}},
          {"properties",
           {{"id", {{"type", "integer"}}},
            {"code", string_schema(limits::kCodeLengthMax)},
            {"name", string_schema()},
            {"builtin", {{"type", "boolean"}}},
            {"grants", {{"type", "array"}, {"items", grant_schema()}}}}}};
}

json roles_input_schema() {
  return {{"type", "array"},
          {"maxItems", limits::kUserRolesCountMax},
          {"items", string_schema(limits::kCodeLengthMax)}};
}

// limit and cursor of a list; the cursor is the last id of the previous page.
Result<std::pair<std::int64_t, std::optional<std::int64_t>>> page_params(
    const http::Request& request) {
  auto parse = [](std::string_view text) -> std::optional<std::int64_t> {
    std::int64_t value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || value <= 0) return {};
    return value;
  };
  std::int64_t limit = limits::kPageSizeDefault;
  if (auto text = request.query_param("limit")) {
    auto value = parse(*text);
    if (!value || *value > limits::kPageSizeMax) {
      return Error::validation("limit_invalid",
                               "limit must be 1.." + std::to_string(limits::kPageSizeMax), "limit");
    }
    limit = *value;
  }
  std::optional<std::int64_t> cursor;
  if (auto text = request.query_param("cursor")) {
    cursor = parse(*text);
    if (!cursor) {
      return Error::validation("cursor_invalid", "cursor must be a next_cursor value", "cursor");
    }
  }
  return std::pair{limit, cursor};
}

Result<http::Response> list_users_route(http::Context& context) {
  const auto [limit, cursor] = TRY(page_params(context.request));
  const UsersPage page =
      TRY(list_users(context.transaction(), context.who().company_id, cursor, limit));
  json items = json::array();
  for (const UserView& user : page.items) items.push_back(user_json(user));
  json next = nullptr;
  if (page.next_after) next = std::to_string(*page.next_after);
  return http::Response::json(200, {{"items", std::move(items)}, {"next_cursor", next}});
}

Result<http::Response> create_user_route(http::Context& context, const Clock& clock) {
  const json body = TRY(context.json_body());
  http::ObjectReader in(body);
  NewUser user;
  user.company_id = context.who().company_id;
  user.email = in.required_string("email", limits::kEmailLengthMax);
  user.name = in.required_string("name", limits::kNameLengthMax);
  const std::string password = in.required_string("password", limits::kPasswordLengthMax);
  user.roles = in.optional_string_array("roles", limits::kUserRolesCountMax, limits::kCodeLengthMax)
                   .value_or(std::vector<std::string>{});
  user.language = in.optional_string("language", limits::kCodeLengthMax).value_or("");
  TRY(in.finish());
  TRY(check_password(password));
  // Hashed before the write transaction, which this route opens itself (TxMode::none).
  user.password_hash = hash_password(password);
  const Actor actor = actor_of(context);
  auto insert = [&](db::Tx& tx) -> Result<UserView> {
    const UserId id = TRY(create_user(tx, clock, user, actor.user_id, actor.request_id));
    return get_user(tx, actor.company_id, id);
  };
  const UserView created = TRY(context.database.write(insert));
  return http::Response::json(201, user_json(created));
}

Result<http::Response> get_user_route(http::Context& context) {
  const UserId id(TRY(path_id(context, "user_not_found")));
  const UserView user = TRY(get_user(context.transaction(), context.who().company_id, id));
  return http::Response::json(200, user_json(user));
}

Result<http::Response> patch_user_route(http::Context& context, const Clock& clock) {
  const UserId id(TRY(path_id(context, "user_not_found")));
  const json body = TRY(context.json_body());
  http::ObjectReader in(body);
  UserChanges changes;
  changes.name = in.optional_string("name", limits::kNameLengthMax);
  changes.roles =
      in.optional_string_array("roles", limits::kUserRolesCountMax, limits::kCodeLengthMax);
  changes.disabled = in.optional_bool("disabled");
  changes.language = in.optional_string("language", limits::kCodeLengthMax);
  const auto version = in.optional_integer("version", 1, std::numeric_limits<std::int64_t>::max());
  if (!in.has("version")) in.fail("version", "field_required", "This field is required.");
  TRY(in.finish());
  changes.version = version.value_or(0);
  const UserView user =
      TRY(update_user(context.transaction(), clock, actor_of(context), id, changes));
  return http::Response::json(200, user_json(user));
}

Result<http::Response> list_roles_route(http::Context& context) {
  json items = json::array();
  for (const RoleView& role : TRY(list_roles(context.transaction(), context.who().company_id))) {
    items.push_back(role_json(role));
  }
  return http::Response::json(200, {{"items", std::move(items)}});
}

// Reads grants: [{permission, scope}], collecting problems into `in`.
std::vector<Grant> read_grants(http::ObjectReader& in) {
  std::vector<Grant> grants;
  const json* value = in.optional_value("grants");
  if (value == nullptr) return grants;
  if (!value->is_array() || value->size() > limits::kRoleGrantsCountMax) {
    in.fail("grants", "field_type_invalid",
            "grants must be an array of at most " + std::to_string(limits::kRoleGrantsCountMax));
    return grants;
  }
  for (std::size_t i = 0; i < value->size(); ++i) {
    http::ObjectReader item((*value)[i], "grants/" + std::to_string(i));
    Grant grant;
    grant.permission = item.required_string("permission", limits::kCodeLengthMax);
    const std::string scope_text = item.required_string("scope", limits::kCodeLengthMax);
    auto scope = scope_from_string(scope_text);
    if (!scope_text.empty() && !scope) item.fail("scope", "scope_invalid", "scope is own or all");
    if (auto done = item.finish(); !done) {
      for (const FieldError& error : done.error().fields()) {
        in.fail(error.field, error.code, error.message);
      }
    }
    grant.scope = scope.value_or(http::Scope::all);
    grants.push_back(std::move(grant));
  }
  return grants;
}

Result<http::Response> create_role_route(http::Context& context, const Clock& clock,
                                         const Catalog& catalog) {
  const json body = TRY(context.json_body());
  http::ObjectReader in(body);
  NewRole role;
  role.code = in.required_string("code", limits::kCodeLengthMax);
  role.name = in.required_string("name", limits::kNameLengthMax);
  role.grants = read_grants(in);
  TRY(in.finish());
  const RoleView created =
      TRY(create_role(context.transaction(), clock, actor_of(context), role, *catalog));
  return http::Response::json(201, role_json(created));
}

Result<http::Response> permissions_route(const Catalog& catalog) {
  json items = json::array();
  for (const http::PermissionSpec& spec : *catalog) {
    json defaults = json::array();
    for (const auto& [role, scope] : spec.default_roles) {
      defaults.push_back({{"role", role}, {"scope", http::to_string(scope)}});
    }
    items.push_back({{"code", spec.code},
                     {"description", spec.description},
                     {"sensitive", spec.sensitive},
                     {"default_roles", std::move(defaults)}});
  }
  return http::Response::json(200, {{"items", std::move(items)}});
}

Result<http::Response> current_company_route(http::Context& context) {
  const CompanyView company = TRY(get_company(context.transaction(), context.who().company_id));
  return http::Response::json(200, company_json(company));
}

}  // namespace

void register_admin_routes(http::Router& router, Catalog catalog, const Clock& clock) {
  const Clock* c = &clock;
  const std::vector<http::QueryParamSpec> page_query = {
      {"limit",
       "Page size, 1.." + std::to_string(limits::kPageSizeMax),
       {{"type", "integer"}, {"minimum", 1}, {"maximum", limits::kPageSizeMax}}},
      {"cursor", "next_cursor of the previous page"}};
  router.add({
      .method = http::Method::get,
      .path = "/api/v1/auth/users",
      .summary = "The company's users, by id",
      .tag = "auth",
      .permission = "auth.user.read",
      .tx = http::TxMode::read,
      .query_params = page_query,
      .response_schema = list_schema(user_schema(), true),
      .error_codes = {"limit_invalid", "cursor_invalid"},
      .handler = list_users_route,
  });
  router.add({
      .method = http::Method::post,
      .path = "/api/v1/auth/users",
      .summary = "Create a user. The password is hashed outside the transaction, so this "
                 "route takes no Idempotency-Key; a repeat answers email_taken",
      .tag = "auth",
      .permission = "auth.user.write",
      .tx = http::TxMode::none,
      .request_schema = {{"type", "object"},
                         {"required", {"email", "name", "password"}},
                         {"additionalProperties", false},
                         {"properties",
                          {{"email", string_schema(limits::kEmailLengthMax)},
                           {"name", string_schema()},
                           {"password",
                            {{"type", "string"},
                             {"minLength", limits::kPasswordLengthMin},
                             {"maxLength", limits::kPasswordLengthMax}}},
                           {"roles", roles_input_schema()},
                           {"language",
                            {{"type", "string"}, {"enum", {"en", "fa", "he", "zh", "lt"}}}}}}},
      .success_status = 201,
      .response_schema = user_schema(),
      .error_codes = {"input_invalid", "email_invalid", "email_taken", "user_name_invalid",
                      "password_too_short", "password_too_long", "role_unknown", "roles_too_many",
                      "language_unsupported"},
      .handler = [c](http::Context& context) { return create_user_route(context, *c); },
  });
  router.add({
      .method = http::Method::get,
      .path = "/api/v1/auth/users/{id}",
      .summary = "One user of the company",
      .tag = "auth",
      .permission = "auth.user.read",
      .tx = http::TxMode::read,
      .response_schema = user_schema(),
      .error_codes = {"user_not_found"},
      .handler = get_user_route,
  });
  router.add({
      .method = http::Method::patch,
      .path = "/api/v1/auth/users/{id}",
      .summary = "Rename a user, replace their roles, disable or enable them (send the "
                 "version you read)",
      .tag = "auth",
      .permission = "auth.user.write",
      .tx = http::TxMode::write,
      .request_schema = {{"type", "object"},
                         {"required", {"version"}},
                         {"additionalProperties", false},
                         {"properties",
                          {{"name", string_schema()},
                           {"roles", roles_input_schema()},
                           {"disabled", {{"type", "boolean"}}},
                           {"language",
                            {{"type", "string"}, {"enum", {"en", "fa", "he", "zh", "lt"}}}},
                           {"version", {{"type", "integer"}, {"minimum", 1}}}}}},
      .response_schema = user_schema(),
      .error_codes = {"input_invalid", "user_not_found", "version_conflict", "user_name_invalid",
                      "role_unknown", "roles_too_many", "language_unsupported",
                      "user_cannot_disable_self"},
      .handler = [c](http::Context& context) { return patch_user_route(context, *c); },
  });
  router.add({
      .method = http::Method::get,
      .path = "/api/v1/auth/roles",
      .summary = "The company's roles with their grants",
      .tag = "auth",
      .permission = "auth.role.read",
      .tx = http::TxMode::read,
      .response_schema = list_schema(role_schema(), false),
      .handler = list_roles_route,
  });
  router.add({
      .method = http::Method::post,
      .path = "/api/v1/auth/roles",
      .summary = "Create a role granting catalog permissions",
      .tag = "auth",
      .permission = "auth.role.write",
      .tx = http::TxMode::write,
      .request_schema = {{"type", "object"},
                         {"required", {"code", "name"}},
                         {"additionalProperties", false},
                         {"properties",
                          {{"code", string_schema(limits::kCodeLengthMax)},
                           {"name", string_schema()},
                           {"grants",
                            {{"type", "array"},
                             {"maxItems", limits::kRoleGrantsCountMax},
                             {"items", grant_schema()}}}}}},
      .success_status = 201,
      .response_schema = role_schema(),
      .error_codes = {"input_invalid", "role_code_invalid", "role_name_invalid", "role_code_taken",
                      "permission_unknown"},
      .handler =
          [c, catalog](http::Context& context) { return create_role_route(context, *c, catalog); },
  });
  router.add({
      .method = http::Method::get,
      .path = "/api/v1/auth/permissions",
      .summary = "Every permission the application declares (the catalog roles draw from)",
      .tag = "auth",
      .permission = "auth.role.read",
      .tx = http::TxMode::none,
      .response_schema =
          list_schema({{"type", "object"},
                       {"required", {"code", "description", "sensitive", "default_roles"}},
                       {"properties",
                        {{"code", {{"type", "string"}}},
                         {"description", {{"type", "string"}}},
                         {"sensitive", {{"type", "boolean"}}},
                         {"default_roles",
                          {{"type", "array"},
                           {"items",
                            {{"type", "object"},
                             {"properties",
                              {{"role", {{"type", "string"}}},
                               {"scope", {{"type", "string"}, {"enum", {"own", "all"}}}}}}}}}}}}},
                      false),
      .handler = [catalog](http::Context&) { return permissions_route(catalog); },
  });
  router.add({
      .method = http::Method::get,
      .path = "/api/v1/companies/current",
      .summary = "The caller's company",
      .tag = "auth",
      .tx = http::TxMode::read,
      .response_schema = {{"type", "object"},
                          {"required",
                           {"id", "name", "currency", "country", "calendar", "language",
                            "created_at"}},
                          {"properties",
                           {{"id", {{"type", "integer"}}},
                            {"name", {{"type", "string"}}},
                            {"currency", {{"type", "string"}}},
                            {"country", {{"type", "string"}}},
                            {"calendar", {{"type", "string"}, {"enum", {"gregorian", "persian"}}}},
                            {"language", {{"type", "string"}}},
                            {"created_at", {{"type", "string"}, {"format", "date-time"}}}}}},
      .handler = current_company_route,
  });
}

}  // namespace keel::auth::detail
