// Roles, their grants, and what a user may do.

#include <algorithm>
#include <set>

#include "auth_internal.h"
#include "keel/audit/audit.h"
#include "keel/core/assert.h"
#include "keel/core/limits.h"

namespace keel::auth::detail {
namespace {

bool is_role_code(std::string_view code) {
  if (code.empty() || code.size() > limits::kCodeLengthMax) return false;
  if (code[0] < 'a' || code[0] > 'z') return false;
  return std::all_of(code.begin(), code.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

Result<void> validate_role(const NewRole& role, const std::vector<http::PermissionSpec>& catalog) {
  if (!is_role_code(role.code)) {
    return Error::validation("role_code_invalid",
                             "a role code is lower-case letters, digits and _, starting with a "
                             "letter, at most " +
                                 std::to_string(limits::kCodeLengthMax),
                             "code");
  }
  if (role.name.empty() || role.name.size() > limits::kNameLengthMax) {
    return Error::validation("role_name_invalid", "a role name needs 1 to 300 bytes", "name");
  }
  for (std::size_t i = 0; i < role.grants.size(); ++i) {
    const Grant& grant = role.grants[i];
    const bool known = std::any_of(catalog.begin(), catalog.end(),
                                   [&](const auto& spec) { return spec.code == grant.permission; });
    if (!known) {
      return Error::validation("permission_unknown",
                               "no module declares permission " + grant.permission,
                               "grants/" + std::to_string(i) + "/permission");
    }
  }
  return Ok{};
}

}  // namespace

Result<std::vector<RoleView>> list_roles(db::Tx& tx, CompanyId company_id) {
  const db::Rows rows = TRY(
      tx.query("SELECT r.id, r.code, r.name, r.builtin, g.permission, g.scope FROM auth_roles r "
               "LEFT JOIN auth_role_grants g ON g.role_id = r.id WHERE r.company_id = $1 "
               "ORDER BY r.code, g.permission",
               {company_id.value()}));
  std::vector<RoleView> roles;
  for (const db::Row& row : rows) {
    if (roles.empty() || roles.back().id != row.integer(0)) {
      roles.push_back({row.integer(0), row.text(1), row.text(2), row.integer(3) == 1, {}});
    }
    if (!row.is_null(4)) {
      auto scope = scope_from_string(row.text(5));
      KEEL_ASSERT(scope.has_value());  // the CHECK constraint allows only own and all
      roles.back().grants.push_back({row.text(4), *scope});
    }
  }
  return roles;
}

Result<RoleView> create_role(db::Tx& tx, const Clock& clock, const Actor& actor,
                             const NewRole& role,
                             const std::vector<http::PermissionSpec>& catalog) {
  TRY(validate_role(role, catalog));
  auto inserted = tx.query(
      "INSERT INTO auth_roles (company_id, code, name, builtin) VALUES ($1, $2, $3, 0) "
      "RETURNING id",
      {actor.company_id.value(), role.code, role.name});
  if (!inserted && inserted.error().code() == "db_unique_violation") {
    return Error::conflict("role_code_taken", "a role with code " + role.code + " exists already");
  }
  const std::int64_t role_id = TRY(std::move(inserted)).at(0).integer(0);
  // Listing a permission twice keeps the widest scope, the same rule as the union of roles.
  std::map<std::string, http::Scope> grants;
  for (const Grant& grant : role.grants) {
    auto& scope = grants[grant.permission];
    scope = std::max(scope, grant.scope);
  }
  RoleView view{role_id, role.code, role.name, false, {}};
  for (const auto& [permission, scope] : grants) {
    TRY(tx.execute("INSERT INTO auth_role_grants (role_id, permission, scope) VALUES ($1, $2, $3)",
                   {role_id, permission, std::string(http::to_string(scope))}));
    view.grants.push_back({permission, scope});
  }
  TRY(audit::record(tx, clock,
                    {.company_id = actor.company_id,
                     .user_id = actor.user_id,
                     .action = "create",
                     .entity = "auth.role",
                     .entity_id = std::to_string(role_id),
                     .before = nullptr,
                     .after = role_json(view),
                     .request_id = actor.request_id}));
  return view;
}

Result<std::vector<std::int64_t>> role_ids(db::Tx& tx, CompanyId company_id,
                                           const std::vector<std::string>& codes) {
  if (codes.size() > limits::kUserRolesCountMax) {
    return Error::validation(
        "roles_too_many",
        "a user may hold at most " + std::to_string(limits::kUserRolesCountMax) + " roles",
        "roles");
  }
  std::set<std::int64_t> ids;
  for (std::size_t i = 0; i < codes.size(); ++i) {
    auto row = TRY(tx.query_one("SELECT id FROM auth_roles WHERE company_id = $1 AND code = $2",
                                {company_id.value(), codes[i]}));
    if (!row) {
      return Error::validation("role_unknown", "this company has no role " + codes[i],
                               "roles/" + std::to_string(i));
    }
    ids.insert(row->integer(0));
  }
  return std::vector<std::int64_t>(ids.begin(), ids.end());
}

nlohmann::json role_json(const RoleView& role) {
  nlohmann::json grants = nlohmann::json::array();
  for (const Grant& grant : role.grants) {
    grants.push_back({{"permission", grant.permission}, {"scope", http::to_string(grant.scope)}});
  }
  return {{"id", role.id},
          {"code", role.code},
          {"name", role.name},
          {"builtin", role.builtin},
          {"grants", std::move(grants)}};
}

Result<Access> load_access(db::Tx& tx, UserId user_id) {
  const db::Rows rows =
      TRY(tx.query("SELECT r.code, g.permission, g.scope FROM auth_user_roles ur "
                   "JOIN auth_roles r ON r.id = ur.role_id "
                   "LEFT JOIN auth_role_grants g ON g.role_id = r.id WHERE ur.user_id = $1 "
                   "ORDER BY r.code, g.permission",
                   {user_id.value()}));
  Access access;
  for (const db::Row& row : rows) {
    if (access.roles.empty() || access.roles.back() != row.text(0)) {
      access.roles.push_back(row.text(0));
    }
    if (row.is_null(1)) continue;
    auto scope = scope_from_string(row.text(2));
    KEEL_ASSERT(scope.has_value());
    auto [it, inserted] = access.permissions.emplace(row.text(1), *scope);
    if (!inserted) it->second = std::max(it->second, *scope);  // the widest scope wins
  }
  return access;
}

}  // namespace keel::auth::detail
