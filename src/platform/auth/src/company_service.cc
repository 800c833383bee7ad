// Companies (tenants) and their built-in roles.

#include <algorithm>
#include <map>

#include "auth_internal.h"
#include "keel/audit/audit.h"
#include "keel/core/assert.h"
#include "keel/core/limits.h"
#include "keel/core/money.h"

namespace keel::auth {
namespace detail {
const db::MigrationSet& migrations();  // generated from migrations/ by keel_add_module

std::optional<http::Scope> scope_from_string(std::string_view text) {
  if (text == "own") return http::Scope::own;
  if (text == "all") return http::Scope::all;
  return std::nullopt;
}

bool is_supported_language(std::string_view language) {
  constexpr std::string_view kLanguages[] = {"en", "fa", "he", "zh", "lt"};
  return std::find(std::begin(kLanguages), std::end(kLanguages), language) != std::end(kLanguages);
}

bool is_supported_calendar(std::string_view calendar) {
  return calendar == "gregorian" || calendar == "persian";
}

Result<CompanyView> get_company(db::Tx& tx, CompanyId company_id) {
  auto row = TRY(tx.query_one(
      "SELECT id, name, currency, country, calendar, language, created_at FROM auth_companies "
      "WHERE id = $1",
      {company_id.value()}));
  if (!row) return Error::not_found("company_not_found", "no such company");
  return CompanyView{CompanyId(row->integer(0)),
                     row->text(1),
                     row->text(2),
                     row->text(3),
                     row->text(4),
                     row->text(5),
                     row->text(6)};
}

nlohmann::json company_json(const CompanyView& company) {
  return {{"id", company.id.value()},        {"name", company.name},
          {"currency", company.currency},    {"country", company.country},
          {"calendar", company.calendar},    {"language", company.language},
          {"created_at", company.created_at}};
}

}  // namespace detail

const db::MigrationSet& migrations() { return detail::migrations(); }

Result<Company> get_company(db::Tx& tx, CompanyId company_id) {
  return detail::get_company(tx, company_id);
}

std::vector<http::PermissionSpec> permissions() {
  using http::Scope;
  return {
      {.code = "auth.user.read",
       .description = "See the company's users and their roles",
       .default_roles = {{"manager", Scope::all}}},
      {.code = "auth.user.write", .description = "Create users, change their roles, disable them"},
      {.code = "auth.role.read",
       .description = "See the company's roles and what they grant",
       .default_roles = {{"manager", Scope::all}}},
      {.code = "auth.role.write", .description = "Create roles and choose what they grant"},
      {.code = "auth.token.manage",
       .description = "Create and revoke one's own API tokens",
       .default_roles = {{"manager", Scope::own},
                         {"sales", Scope::own},
                         {"accountant", Scope::own}}},
  };
}

namespace {

Result<void> validate_company(const NewCompany& company) {
  if (company.name.empty() || company.name.size() > limits::kNameLengthMax) {
    return Error::validation(
        "company_name_invalid",
        "a company name needs 1 to " + std::to_string(limits::kNameLengthMax) + " bytes", "name");
  }
  auto currency = Currency::from_code(company.currency);
  if (!currency) {
    return Error::validation(currency.error().code(), currency.error().message(), "currency");
  }
  const bool country_ok =
      company.country.empty() ||
      (company.country.size() == 2 && std::all_of(company.country.begin(), company.country.end(),
                                                  [](char c) { return c >= 'A' && c <= 'Z'; }));
  if (!country_ok) {
    return Error::validation("country_invalid", "country must be an ISO 3166 code such as LT or IR",
                             "country");
  }
  if (!detail::is_supported_calendar(company.calendar)) {
    return Error::validation("calendar_invalid", "calendar must be gregorian or persian",
                             "calendar");
  }
  if (!detail::is_supported_language(company.language)) {
    return Error::validation("language_unsupported", "language must be en, fa, he, zh or lt",
                             "language");
  }
  return Ok{};
}

// Grants `permission` to role `role_id` unless it already holds it.
Result<std::int64_t> grant(db::Tx& tx, std::int64_t role_id, std::string_view permission,
                           http::Scope scope) {
  KEEL_ASSERT(scope != http::Scope::none);
  const auto existing =
      TRY(tx.query_one("SELECT 1 FROM auth_role_grants WHERE role_id = $1 AND permission = $2",
                       {role_id, std::string(permission)}));
  if (existing) return std::int64_t{0};
  return tx.execute("INSERT INTO auth_role_grants (role_id, permission, scope) VALUES ($1, $2, $3)",
                    {role_id, std::string(permission), std::string(http::to_string(scope))});
}

// Adds to the built-in roles `roles` (code → id) the default grants of every catalog entry.
Result<std::int64_t> grant_defaults(db::Tx& tx, const std::map<std::string, std::int64_t>& roles,
                                    const std::vector<http::PermissionSpec>& catalog) {
  std::int64_t added = 0;
  for (const http::PermissionSpec& spec : catalog) {
    if (auto admin = roles.find("admin"); admin != roles.end()) {
      added += TRY(grant(tx, admin->second, spec.code, http::Scope::all));
    }
    for (const auto& [code, scope] : spec.default_roles) {
      auto role = roles.find(code);
      // A spec naming a role that is not built in is a bug in that module's declaration.
      KEEL_ASSERT(std::find(std::begin(detail::kBuiltinRoles), std::end(detail::kBuiltinRoles),
                            code) != std::end(detail::kBuiltinRoles));
      if (role != roles.end()) added += TRY(grant(tx, role->second, spec.code, scope));
    }
  }
  return added;
}

std::string builtin_role_name(std::string_view code) {
  if (code == "admin") return "Administrator";
  if (code == "manager") return "Manager";
  if (code == "sales") return "Sales";
  if (code == "accountant") return "Accountant";
  return "Viewer";
}

}  // namespace

Result<void> seed_builtin_roles(db::Tx& tx, CompanyId company_id,
                                const std::vector<http::PermissionSpec>& catalog) {
  std::map<std::string, std::int64_t> roles;
  for (const char* code : detail::kBuiltinRoles) {
    auto inserted = tx.query(
        "INSERT INTO auth_roles (company_id, code, name, builtin) VALUES ($1, $2, $3, 1) "
        "RETURNING id",
        {company_id.value(), std::string(code), builtin_role_name(code)});
    if (!inserted && inserted.error().code() == "db_unique_violation") {
      return Error::conflict("role_code_taken", std::string("role ") + code + " exists already");
    }
    roles[code] = TRY(std::move(inserted)).at(0).integer(0);
  }
  TRY(grant_defaults(tx, roles, catalog));
  return Ok{};
}

Result<std::int64_t> sync_builtin_roles(db::Tx& tx,
                                        const std::vector<http::PermissionSpec>& catalog) {
  const db::Rows rows =
      TRY(tx.query("SELECT company_id, code, id FROM auth_roles WHERE builtin = 1 "
                   "ORDER BY company_id, code"));
  std::map<std::int64_t, std::map<std::string, std::int64_t>> by_company;
  for (const db::Row& row : rows) by_company[row.integer(0)][row.text(1)] = row.integer(2);
  std::int64_t added = 0;
  for (const auto& [company, roles] : by_company) added += TRY(grant_defaults(tx, roles, catalog));
  return added;
}

Result<CompanyId> create_company(db::Tx& tx, const Clock& clock, const NewCompany& company,
                                 const std::vector<http::PermissionSpec>& catalog) {
  TRY(validate_company(company));
  if (TRY(find_company_by_name(tx, company.name))) {
    return Error::conflict("company_name_taken", "a company with this name exists already");
  }
  const db::Rows rows = TRY(tx.query(
      "INSERT INTO auth_companies (name, currency, country, calendar, language, created_at) "
      "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
      {company.name, company.currency, company.country, company.calendar, company.language,
       format_instant(clock.now())}));
  const CompanyId id(rows.at(0).integer(0));
  TRY(seed_builtin_roles(tx, id, catalog));
  const detail::CompanyView view = TRY(detail::get_company(tx, id));
  TRY(audit::record(tx, clock,
                    {.company_id = id,
                     .user_id = UserId(0),
                     .action = "create",
                     .entity = "auth.company",
                     .entity_id = std::to_string(id.value()),
                     .before = nullptr,
                     .after = detail::company_json(view)}));
  return id;
}

Result<std::optional<CompanyId>> find_company_by_name(db::Tx& tx, std::string_view name) {
  auto row =
      TRY(tx.query_one("SELECT id FROM auth_companies WHERE name = $1", {std::string(name)}));
  if (!row) return std::optional<CompanyId>();
  return std::optional<CompanyId>(CompanyId(row->integer(0)));
}

Result<std::int64_t> count_companies(db::Tx& tx) {
  auto row = TRY(tx.query_one("SELECT COUNT(*) FROM auth_companies"));
  KEEL_ASSERT(row.has_value());
  return row->integer(0);
}

Result<CompanyId> only_company(db::Tx& tx) {
  const db::Rows rows = TRY(tx.query("SELECT id FROM auth_companies ORDER BY id LIMIT 2"));
  if (rows.size() != 1) {
    return Error::not_found("company_not_found", "this database does not hold exactly one company");
  }
  return CompanyId(rows[0].integer(0));
}

}  // namespace keel::auth
