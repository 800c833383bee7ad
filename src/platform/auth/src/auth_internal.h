#pragma once

// Private to keel_auth: the services behind the routes, and the pieces shared between the
// service, authenticator and HTTP files. Services take Tx& first and never commit.

#include <cstdint>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "keel/auth/auth_api.h"
#include "keel/core/clock.h"
#include "keel/core/ids.h"
#include "keel/core/result.h"
#include "keel/db/db.h"
#include "keel/http/router.h"
#include "keel/http/security.h"

namespace keel::auth::detail {

inline constexpr std::size_t kTokenBytes = 32;
inline constexpr std::string_view kSessionCookie = "keel_session";

// The caller of a service: who, and which request (for the audit row).
struct Actor {
  CompanyId company_id;
  UserId user_id;  // 0 for the system
  std::string request_id;
};

// ---- tokens (password.cc) -----------------------------------------------------------------

// 32 random bytes, base64url without padding (43 characters).
std::string new_token();
// Hex BLAKE2b-256 of a token: what auth_sessions stores and looks up.
std::string token_hash(std::string_view token);
// A hash that no password matches, verified against for unknown emails.
const std::string& decoy_password_hash();

// ---- scopes, languages, calendars (company_service.cc) ------------------------------------

std::optional<http::Scope> scope_from_string(std::string_view text);  // own | all
bool is_supported_language(std::string_view language);                // en fa he zh lt
bool is_supported_calendar(std::string_view calendar);                // gregorian persian
inline constexpr const char* kBuiltinRoles[] = {"admin", "manager", "sales", "accountant",
                                                "viewer"};

using CompanyView = Company;
// Errors: company_not_found.
Result<CompanyView> get_company(db::Tx& tx, CompanyId company_id);
nlohmann::json company_json(const CompanyView& company);

// ---- roles (role_service.cc) ---------------------------------------------------------------

struct Grant {
  std::string permission;
  http::Scope scope = http::Scope::all;
};
struct RoleView {
  std::int64_t id = 0;
  std::string code;
  std::string name;
  bool builtin = false;
  std::vector<Grant> grants;  // ordered by permission
};
struct NewRole {
  std::string code;
  std::string name;
  std::vector<Grant> grants;
};
// Every role of the company with its grants, ordered by code.
Result<std::vector<RoleView>> list_roles(db::Tx& tx, CompanyId company_id);
// Errors: role_code_invalid, role_name_invalid, role_code_taken, permission_unknown.
Result<RoleView> create_role(db::Tx& tx, const Clock& clock, const Actor& actor,
                             const NewRole& role, const std::vector<http::PermissionSpec>& catalog);
// The ids of the company's roles with these codes. Errors: role_unknown, roles_too_many.
Result<std::vector<std::int64_t>> role_ids(db::Tx& tx, CompanyId company_id,
                                           const std::vector<std::string>& codes);
nlohmann::json role_json(const RoleView& role);

// What a user may do: role codes and the union of their grants (widest scope wins).
struct Access {
  std::vector<std::string> roles;
  std::map<std::string, http::Scope, std::less<>> permissions;
};
Result<Access> load_access(db::Tx& tx, UserId user_id);

// ---- users (user_service.cc) ----------------------------------------------------------------

struct UserView {
  UserId id;
  CompanyId company_id;
  std::string email;
  std::string name;
  std::string language;
  nlohmann::json preferences;  // object
  std::vector<std::string> roles;
  bool disabled = false;
  std::string created_at;
  std::int64_t version = 0;
};
// The user of `company_id` with this id. Errors: user_not_found (also for another company's
// user: a tenant never learns that the id exists).
Result<UserView> get_user(db::Tx& tx, CompanyId company_id, UserId user_id);
struct UsersPage {
  std::vector<UserView> items;  // ordered by id
  std::optional<std::int64_t> next_after;
};
Result<UsersPage> list_users(db::Tx& tx, CompanyId company_id, std::optional<std::int64_t> after_id,
                             std::int64_t limit);
struct UserChanges {
  std::optional<std::string> name;
  std::optional<std::vector<std::string>> roles;
  std::optional<bool> disabled;
  std::optional<std::string> language;
  std::int64_t version = 0;  // the version the client read
};
// Errors: user_not_found, version_conflict, user_name_invalid, role_unknown,
// roles_too_many, language_unsupported, user_cannot_disable_self.
Result<UserView> update_user(db::Tx& tx, const Clock& clock, const Actor& actor, UserId user_id,
                             const UserChanges& changes);
struct Preferences {
  std::optional<std::string> language;
  std::optional<std::string> number_format;
  std::optional<std::string> date_format;
  std::optional<std::string> calendar;
};
// Errors: language_unsupported, calendar_invalid.
Result<void> update_preferences(db::Tx& tx, const Clock& clock, const Actor& actor,
                                const Preferences& preferences);
// The admin-facing user resource.
nlohmann::json user_json(const UserView& user);
// The signed-in user as login and /me return it: profile, roles, permissions, company.
Result<nlohmann::json> me_json(db::Tx& tx, CompanyId company_id, UserId user_id);

// ---- sessions and tokens (session_service.cc) ---------------------------------------------

struct LoginCandidate {
  UserId id;
  CompanyId company_id;
  std::string password_hash;
  bool disabled = false;
};
Result<std::optional<LoginCandidate>> find_login(db::Tx& tx, std::string_view email);
// When the email has had limits::kLoginFailuresMax failures within the window: the seconds
// until the oldest of them leaves the window (at least 1).
Result<std::optional<int>> throttle_retry_after_s(db::Tx& tx, const Clock& clock,
                                                  std::string_view email);
Result<void> record_login_failure(db::Tx& tx, const Clock& clock, std::string_view email);
Result<void> clear_login_failures(db::Tx& tx, std::string_view email);

struct IssuedToken {
  std::int64_t id = 0;
  std::string token;       // shown once, never stored
  std::string csrf_token;  // sessions only
  std::string created_at;
  std::optional<std::string> expires_at;
};
// A login session for `actor.user_id`, valid for limits::kSessionLifetimeHours. Audited.
Result<IssuedToken> create_session(db::Tx& tx, const Clock& clock, const Actor& actor);
// Revokes the session or token with this row id (no-op when already revoked). Audited.
Result<void> revoke_session(db::Tx& tx, const Clock& clock, const Actor& actor,
                            std::int64_t session_id);

struct TokenView {
  std::int64_t id = 0;
  std::string name;
  std::string created_at;
  std::optional<std::string> revoked_at;
};
// Errors: token_name_invalid, api_tokens_too_many.
Result<IssuedToken> create_api_token(db::Tx& tx, const Clock& clock, const Actor& actor,
                                     std::string_view name);
// The actor's own API tokens, newest first.
Result<std::vector<TokenView>> list_api_tokens(db::Tx& tx, const Actor& actor);
// Errors: token_not_found (also another user's token).
Result<TokenView> revoke_api_token(db::Tx& tx, const Clock& clock, const Actor& actor,
                                   std::int64_t token_id);
nlohmann::json token_json(const TokenView& token);

// ---- routes ---------------------------------------------------------------------------------

void register_session_routes(http::Router& router, const Clock& clock);
void register_admin_routes(http::Router& router,
                           std::shared_ptr<const std::vector<http::PermissionSpec>> catalog,
                           const Clock& clock);

// Helpers shared by the route files (auth_http.cc).
Actor actor_of(const http::Context& context);
Result<std::int64_t> path_id(const http::Context& context, std::string_view code);

}  // namespace keel::auth::detail
