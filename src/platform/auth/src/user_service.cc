// Users: creation, the admin-facing resource, profile and preferences.

#include <algorithm>

#include "auth_internal.h"
#include "keel/audit/audit.h"
#include "keel/core/assert.h"
#include "keel/core/limits.h"

namespace keel::auth {
namespace {

bool is_email_char(char c) {
  // Printable ASCII minus separators that never belong in an address we accept; non-ASCII
  // (internationalised) addresses are not supported yet.
  return c > ' ' && c < 0x7f && c != '@' && c != '<' && c != '>' && c != '(' && c != ')' &&
         c != ',' && c != ';' && c != ':' && c != '\\' && c != '"' && c != '[' && c != ']';
}

Result<void> validate_user_name(std::string_view name) {
  if (name.empty() || name.size() > limits::kNameLengthMax) {
    return Error::validation(
        "user_name_invalid",
        "a user name needs 1 to " + std::to_string(limits::kNameLengthMax) + " bytes", "name");
  }
  return Ok{};
}

Result<void> insert_user_roles(db::Tx& tx, UserId user_id, const std::vector<std::int64_t>& ids) {
  for (std::int64_t role_id : ids) {
    TRY(tx.execute("INSERT INTO auth_user_roles (user_id, role_id) VALUES ($1, $2)",
                   {user_id.value(), role_id}));
  }
  return Ok{};
}

}  // namespace

Result<std::string> normalize_email(std::string_view email) {
  while (!email.empty() && email.front() == ' ') email.remove_prefix(1);
  while (!email.empty() && email.back() == ' ') email.remove_suffix(1);
  std::string lowered(email);
  std::transform(lowered.begin(), lowered.end(), lowered.begin(),
                 [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; });
  const auto at = lowered.find('@');
  const std::string_view local = std::string_view(lowered).substr(0, at);
  const std::string_view domain =
      at == std::string::npos ? std::string_view() : std::string_view(lowered).substr(at + 1);
  const auto dot = domain.rfind('.');
  const bool ok = lowered.size() <= limits::kEmailLengthMax && at != std::string::npos &&
                  !local.empty() && dot != std::string_view::npos && dot > 0 &&
                  dot + 1 < domain.size() &&
                  std::all_of(local.begin(), local.end(), is_email_char) &&
                  std::all_of(domain.begin(), domain.end(), is_email_char);
  if (!ok) return Error::validation("email_invalid", "not an email address", "email");
  return lowered;
}

Result<UserId> create_user(db::Tx& tx, const Clock& clock, const NewUser& user, UserId actor,
                           std::string_view request_id) {
  const std::string email = TRY(normalize_email(user.email));
  TRY(validate_user_name(user.name));
  const detail::CompanyView company = TRY(detail::get_company(tx, user.company_id));
  const std::string language = user.language.empty() ? company.language : user.language;
  if (!detail::is_supported_language(language)) {
    return Error::validation("language_unsupported", "language must be en, fa, he, zh or lt",
                             "language");
  }
  if (user.password_hash.empty()) TRY(check_password(user.password));
  const std::vector<std::int64_t> roles = TRY(detail::role_ids(tx, user.company_id, user.roles));
  if (TRY(tx.query_one("SELECT 1 FROM auth_users WHERE email = $1", {email}))) {
    return Error::conflict("email_taken", "a user with this email exists already");
  }
  // Hashing here holds the write transaction for ~90 ms; callers that can hash beforehand
  // pass password_hash instead (the HTTP route and the CLI do).
  const std::string password_hash =
      user.password_hash.empty() ? hash_password(user.password) : user.password_hash;
  const db::Rows rows =
      TRY(tx.query("INSERT INTO auth_users (company_id, email, name, password_hash, language, "
                   "preferences_json, disabled, created_at, version) "
                   "VALUES ($1, $2, $3, $4, $5, '{}', 0, $6, 1) RETURNING id",
                   {user.company_id.value(), email, user.name, password_hash, language,
                    format_instant(clock.now())}));
  const UserId id(rows.at(0).integer(0));
  TRY(insert_user_roles(tx, id, roles));
  const detail::UserView view = TRY(detail::get_user(tx, user.company_id, id));
  TRY(audit::record(tx, clock,
                    {.company_id = user.company_id,
                     .user_id = actor,
                     .action = "create",
                     .entity = "auth.user",
                     .entity_id = std::to_string(id.value()),
                     .before = nullptr,
                     .after = detail::user_json(view),
                     .request_id = std::string(request_id)}));
  return id;
}

namespace detail {
namespace {

constexpr std::string_view kUserColumns =
    "SELECT id, company_id, email, name, language, preferences_json, disabled, created_at, "
    "version FROM auth_users ";

Result<UserView> user_from_row(db::Tx& tx, const db::Row& row) {
  UserView user{UserId(row.integer(0)),
                CompanyId(row.integer(1)),
                row.text(2),
                row.text(3),
                row.text(4),
                nlohmann::json::parse(row.text(5), nullptr, false),
                {},
                row.integer(6) == 1,
                row.text(7),
                row.integer(8)};
  KEEL_ASSERT(user.preferences.is_object());  // only this module writes the column
  const Access access = TRY(load_access(tx, user.id));
  user.roles = access.roles;
  return user;
}

}  // namespace

Result<UserView> get_user(db::Tx& tx, CompanyId company_id, UserId user_id) {
  auto row = TRY(tx.query_one(std::string(kUserColumns) + "WHERE id = $1 AND company_id = $2",
                              {user_id.value(), company_id.value()}));
  if (!row) return Error::not_found("user_not_found", "no such user");
  return user_from_row(tx, *row);
}

Result<UsersPage> list_users(db::Tx& tx, CompanyId company_id, std::optional<std::int64_t> after_id,
                             std::int64_t limit) {
  KEEL_ASSERT(limit >= 1 && limit <= limits::kPageSizeMax);
  const db::Rows rows = TRY(
      tx.query(std::string(kUserColumns) + "WHERE company_id = $1 AND id > $2 ORDER BY id LIMIT $3",
               {company_id.value(), after_id.value_or(0), limit + 1}));
  UsersPage page;
  for (const db::Row& row : rows) {
    if (static_cast<std::int64_t>(page.items.size()) == limit) {
      page.next_after = page.items.back().id.value();
      break;
    }
    page.items.push_back(TRY(user_from_row(tx, row)));
  }
  return page;
}

nlohmann::json user_json(const UserView& user) {
  return {{"id", user.id.value()},         {"email", user.email},    {"name", user.name},
          {"language", user.language},     {"roles", user.roles},    {"disabled", user.disabled},
          {"created_at", user.created_at}, {"version", user.version}};
}

}  // namespace detail
Result<std::vector<UserSummary>> find_users(db::Tx& tx, CompanyId company_id,
                                            const std::vector<UserId>& ids) {
  KEEL_ASSERT(ids.size() <= static_cast<std::size_t>(limits::kPageSizeMax));
  std::vector<UserSummary> found;
  if (ids.empty()) return found;
  std::string sql =
      "SELECT id, name, email, disabled FROM auth_users WHERE company_id = $1 AND id IN (";
  std::vector<db::Value> params{company_id.value()};
  for (std::size_t i = 0; i < ids.size(); ++i) {
    sql += (i ? ", $" : "$") + std::to_string(i + 2);
    params.emplace_back(ids[i].value());
  }
  sql += ") ORDER BY id";
  for (const auto& row : TRY(tx.query(sql, params))) {
    found.push_back(UserSummary{UserId(row.integer(0)), row.text(1), row.text(2),
                                row.integer(3) != 0});
  }
  return found;
}

}  // namespace keel::auth
