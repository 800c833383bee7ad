// Resolves a request's credentials to a Principal.

#include "auth_internal.h"
#include "keel/http/http.h"

namespace keel::auth {
namespace {

Error authentication_required() {
  return Error::unauthenticated("authentication_required",
                                "log in, or send an API token as Authorization: Bearer");
}

Error session_invalid() {
  // One answer for unknown, expired, revoked and disabled: the caller learns nothing more.
  return Error::unauthenticated("session_invalid",
                                "the session or token is not valid any more; log in again");
}

class SessionAuthenticator final : public http::Authenticator {
 public:
  explicit SessionAuthenticator(const Clock& clock) : m_clock(clock) {}

  Result<http::Principal> authenticate(db::Tx& tx, const http::Request& request) override {
    std::string token;
    bool via_cookie = false;
    if (auto header = request.header("Authorization")) {
      constexpr std::string_view kBearer = "Bearer ";
      if (!header->starts_with(kBearer) || header->size() == kBearer.size()) {
        return session_invalid();
      }
      token = std::string(header->substr(kBearer.size()));
    } else if (auto cookie = request.cookie(detail::kSessionCookie)) {
      if (cookie->empty()) return authentication_required();  // a cleared cookie
      token = *cookie;
      via_cookie = true;
    } else {
      return authentication_required();
    }
    return resolve(tx, token, via_cookie);
  }

 private:
  Result<http::Principal> resolve(db::Tx& tx, const std::string& token, bool via_cookie) {
    auto row = TRY(
        tx.query_one("SELECT s.id, s.user_id, s.company_id, s.kind, s.csrf_token, s.expires_at, "
                     "s.revoked_at, u.email, u.name, u.language, u.disabled FROM auth_sessions s "
                     "JOIN auth_users u ON u.id = s.user_id AND u.company_id = s.company_id "
                     "WHERE s.token_hash = $1",
                     {detail::token_hash(token)}));
    if (!row) return session_invalid();
    const bool is_session = row->text(3) == "session";
    const auto expires_at = row->optional_text(5);
    // format_instant text sorts chronologically, so comparing text compares instants.
    const bool expired = expires_at && *expires_at <= format_instant(m_clock.now());
    // API tokens travel only as Bearer: a cookie holding one is not something we set.
    if (expired || !row->is_null(6) || row->integer(10) == 1 || (via_cookie && !is_session)) {
      return session_invalid();
    }
    http::Principal principal;
    principal.user_id = UserId(row->integer(1));
    principal.company_id = CompanyId(row->integer(2));
    principal.email = row->text(7);
    principal.name = row->text(8);
    principal.language = row->text(9);
    principal.session_id = std::to_string(row->integer(0));
    if (via_cookie) {
      principal.via = http::Principal::Via::session_cookie;
      principal.csrf_token = row->text(4);
    } else {
      principal.via =
          is_session ? http::Principal::Via::bearer_session : http::Principal::Via::api_token;
    }
    detail::Access access = TRY(detail::load_access(tx, principal.user_id));
    principal.roles = std::move(access.roles);
    principal.permissions = std::move(access.permissions);
    return principal;
  }

  const Clock& m_clock;
};

}  // namespace

std::unique_ptr<http::Authenticator> make_authenticator(const Clock& clock) {
  return std::make_unique<SessionAuthenticator>(clock);
}

}  // namespace keel::auth
