#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "keel/core/ids.h"
#include "keel/core/result.h"

namespace keel::db {
class Tx;
}

namespace keel::http {

struct Request;

// How much of a permission a role grants: a record rule. `own` narrows to rows whose owner is
// the user (e.g. a salesperson's own parties); `all` is the whole company.
enum class Scope { none = 0, own = 1, all = 2 };
std::string_view to_string(Scope scope);

// A permission a module declares, e.g. {"partners.party.read", "Read parties"}. Sensitive
// permissions guard fields (credit terms, salaries) rather than whole routes.
struct PermissionSpec {
  std::string code;
  std::string description;
  bool sensitive = false;
  // Built-in roles (besides `admin`, which holds every permission) that get this permission
  // when a company is created, with their scope: e.g. {{"sales", Scope::own}, {"viewer",
  // Scope::all}}. Built-in role codes: admin, manager, sales, accountant, viewer.
  std::vector<std::pair<std::string, Scope>> default_roles;
};

// Who is calling: resolved from the session cookie or a Bearer token on every request.
struct Principal {
  UserId user_id;
  CompanyId company_id;
  std::string email;
  std::string name;
  std::string language;
  std::vector<std::string> roles;
  std::map<std::string, Scope, std::less<>> permissions;  // code → widest scope granted
  enum class Via { session_cookie, bearer_session, api_token } via = Via::bearer_session;
  std::string session_id;  // the session or token row id, for logout / revoke
  std::string csrf_token;  // only for session_cookie

  Scope scope(std::string_view permission) const;
  bool can(std::string_view permission) const { return scope(permission) != Scope::none; }
};

// Resolves the caller of a request. Implemented by platform/auth; the dispatcher calls it for
// every non-public route inside a read transaction.
class Authenticator {
 public:
  virtual ~Authenticator() = default;
  // Errors: unauthenticated (no credentials, unknown/expired/revoked session or token).
  virtual Result<Principal> authenticate(db::Tx& tx, const Request& request) = 0;
};

}  // namespace keel::http
