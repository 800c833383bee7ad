#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "keel/core/clock.h"
#include "keel/core/ids.h"
#include "keel/core/result.h"
#include "keel/db/migrations.h"
#include "keel/http/router.h"
#include "keel/http/security.h"

namespace keel::db {
class Tx;
}

// Identity and access: companies (tenants), users, roles and their grants, login sessions and
// API tokens. Passwords are argon2id hashes (libsodium); tokens are 32 random bytes of which
// only a BLAKE2b hash is stored. Every change writes an audit row in the same transaction.
//
// The permission catalog (every module's http::PermissionSpec, in module order) is built by
// the application and passed in; auth never guesses which permissions exist.
namespace keel::auth {

// The auth_* tables.
const db::MigrationSet& migrations();

// auth.user.read, auth.user.write, auth.role.read, auth.role.write, auth.token.manage.
std::vector<http::PermissionSpec> permissions();

// The /api/v1/auth/* routes and GET /api/v1/companies/current. `catalog` is every permission
// of the application (roles may only grant those); it is copied. `clock` must outlive the
// router.
void register_routes(http::Router& router, const std::vector<http::PermissionSpec>& catalog,
                     const Clock& clock);

// Resolves `Authorization: Bearer <token>` (a login session or an API token) or the
// `keel_session` cookie (a login session) to a Principal with the user's roles and the union
// of their grants (the widest scope wins). `clock` must outlive the authenticator.
// authenticate() errors: authentication_required (no credentials at all), session_invalid
// (unknown, expired or revoked token; malformed Authorization header; disabled user), both
// unauthenticated.
std::unique_ptr<http::Authenticator> make_authenticator(const Clock& clock);

// ---- passwords ---------------------------------------------------------------------------

// Checks a password's length before it is hashed or stored.
// Errors: password_too_short (< limits::kPasswordLengthMin bytes), password_too_long
// (> limits::kPasswordLengthMax bytes), both validation on field "password".
Result<void> check_password(std::string_view password);

// The argon2id hash (libsodium's encoded string, salt included) of `password`. Takes about
// 90 ms and 64 MiB, so at most limits::kConcurrentPasswordHashesMax run at once (callers
// beyond that wait). Call it outside any write transaction. Asserts the length limits above
// (check_password first): user input must not reach here unchecked.
std::string hash_password(std::string_view password);

// True when `password` matches `password_hash`. Same cost and concurrency bound as
// hash_password; false (never an error) for a malformed hash.
bool verify_password(std::string_view password_hash, std::string_view password);

// ---- companies ----------------------------------------------------------------------------

struct NewCompany {
  std::string name;
  std::string currency = "EUR";        // ISO 4217
  std::string country;                 // ISO 3166-1 alpha-2, or empty when unknown
  std::string calendar = "gregorian";  // gregorian | persian
  std::string language = "en";         // en | fa | he | zh | lt
};

// A company as other modules see it: its currency is the ledger's company currency, its
// calendar decides how fiscal years are generated.
struct Company {
  CompanyId id;
  std::string name;
  std::string currency;  // ISO 4217
  std::string country;
  std::string calendar;  // gregorian | persian
  std::string language;
  std::string created_at;
};

// Errors: company_not_found.
Result<Company> get_company(db::Tx& tx, CompanyId company_id);

// Creates a company and its built-in roles (seed_builtin_roles). Audited as auth.company
// create by the system (user 0).
// Errors: company_name_invalid (empty or over limits::kNameLengthMax), company_name_taken
// (conflict), currency_invalid / currency_unknown, country_invalid, calendar_invalid,
// language_unsupported.
Result<CompanyId> create_company(db::Tx& tx, const Clock& clock, const NewCompany& company,
                                 const std::vector<http::PermissionSpec>& catalog);

// The company with exactly this name, if any.
Result<std::optional<CompanyId>> find_company_by_name(db::Tx& tx, std::string_view name);

// How many companies this deployment holds.
Result<std::int64_t> count_companies(db::Tx& tx);

// The one company of a single-company deployment. Errors: company_not_found (none or
// several).
Result<CompanyId> only_company(db::Tx& tx);

// Creates the built-in roles admin, manager, sales, accountant and viewer of a company and
// grants each catalog permission to the roles its spec's default_roles names; admin gets
// every permission with scope all. Errors: role_code_taken when a built-in role exists.
Result<void> seed_builtin_roles(db::Tx& tx, CompanyId company_id,
                                const std::vector<http::PermissionSpec>& catalog);

// Adds the default grants of permissions declared after a company was created (a new module
// or a new permission) to every company's built-in roles; never removes or narrows a grant.
// Returns the number of grants added. Meant to run at start-up after the migrations.
Result<std::int64_t> sync_builtin_roles(db::Tx& tx,
                                        const std::vector<http::PermissionSpec>& catalog);

// ---- users --------------------------------------------------------------------------------

struct NewUser {
  CompanyId company_id;
  std::string email;  // stored lower-cased; unique in the whole deployment
  std::string name;
  // Either the plain password (checked and hashed inside create_user, i.e. inside the
  // transaction) or, preferably, a hash made beforehand by hash_password (then `password` is
  // ignored).
  std::string password;
  std::string password_hash;
  std::vector<std::string> roles;  // role codes of the company
  std::string language;            // empty: the company's language
};

// Creates a user with the given roles. Audited as auth.user create; `actor` is the user who
// does it (0 for the system).
// Errors: email_invalid, email_taken (conflict), user_name_invalid, password_too_short,
// password_too_long, role_unknown, roles_too_many, language_unsupported.
Result<UserId> create_user(db::Tx& tx, const Clock& clock, const NewUser& user,
                           UserId actor = UserId(0), std::string_view request_id = {});

// A user as other modules name one (owners, assignees): id, display name and whether it
// may still log in.
struct UserSummary {
  UserId id;
  std::string name;
  std::string email;
  bool disabled = false;
};

// The users of `company_id` among `ids` (others, and unknown ids, are left out), by id.
// At most limits::kPageSizeMax ids per call (asserted: callers pass their own bounded lists).
Result<std::vector<UserSummary>> find_users(db::Tx& tx, CompanyId company_id,
                                            const std::vector<UserId>& ids);

// The canonical form of an email: trimmed of surrounding spaces and lower-cased (ASCII).
// Errors: email_invalid (not local@domain.tld, spaces, over limits::kEmailLengthMax).
Result<std::string> normalize_email(std::string_view email);

}  // namespace keel::auth
