// Login sessions, API tokens, login throttling and the authenticator.

#include <chrono>

#include "auth_internal.h"
#include "keel/audit/audit.h"
#include "keel/core/assert.h"
#include "keel/core/limits.h"
#include "keel/http/http.h"

namespace keel::auth::detail {
namespace {

using std::chrono::hours;
using std::chrono::seconds;

Result<IssuedToken> insert_token(db::Tx& tx, const Clock& clock, const Actor& actor,
                                 std::string_view kind, std::string_view name,
                                 std::optional<Instant> expires_at) {
  IssuedToken issued;
  issued.token = new_token();
  if (kind == "session") issued.csrf_token = new_token();
  issued.created_at = format_instant(clock.now());
  if (expires_at) issued.expires_at = format_instant(*expires_at);
  const db::Rows rows = TRY(tx.query(
      "INSERT INTO auth_sessions (token_hash, user_id, company_id, kind, name, csrf_token, "
      "created_at, expires_at, revoked_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL) "
      "RETURNING id",
      {token_hash(issued.token), actor.user_id.value(), actor.company_id.value(), std::string(kind),
       std::string(name), issued.csrf_token, issued.created_at,
       issued.expires_at ? db::Value(*issued.expires_at) : db::Value(db::null)}));
  issued.id = rows.at(0).integer(0);
  return issued;
}

TokenView token_from_row(const db::Row& row) {
  return {row.integer(0), row.text(1), row.text(2), row.optional_text(3)};
}

}  // namespace

Result<std::optional<LoginCandidate>> find_login(db::Tx& tx, std::string_view email) {
  auto row = TRY(tx.query_one(
      "SELECT id, company_id, password_hash, disabled FROM auth_users WHERE email = $1",
      {std::string(email)}));
  if (!row) return std::optional<LoginCandidate>();
  return std::optional<LoginCandidate>(LoginCandidate{
      UserId(row->integer(0)), CompanyId(row->integer(1)), row->text(2), row->integer(3) == 1});
}

Result<std::optional<int>> throttle_retry_after_s(db::Tx& tx, const Clock& clock,
                                                  std::string_view email) {
  const std::int64_t now_us = to_unix_us(clock.now());
  const std::int64_t window_us = std::int64_t{limits::kLoginFailureWindowS} * 1'000'000;
  const db::Rows rows = TRY(
      tx.query("SELECT at_us FROM auth_login_failures WHERE email = $1 AND at_us > $2 "
               "ORDER BY at_us DESC LIMIT $3",
               {std::string(email), now_us - window_us, std::int64_t{limits::kLoginFailuresMax}}));
  if (rows.size() < static_cast<std::size_t>(limits::kLoginFailuresMax)) {
    return std::optional<int>();
  }
  // The oldest of the last kLoginFailuresMax failures must leave the window before the next
  // attempt is allowed.
  const std::int64_t free_at_us = rows.back().integer(0) + window_us;
  const std::int64_t wait_s = (free_at_us - now_us + 999'999) / 1'000'000;
  return std::optional<int>(static_cast<int>(std::max<std::int64_t>(wait_s, 1)));
}

Result<void> record_login_failure(db::Tx& tx, const Clock& clock, std::string_view email) {
  const std::int64_t now_us = to_unix_us(clock.now());
  const std::int64_t window_us = std::int64_t{limits::kLoginFailureWindowS} * 1'000'000;
  // Pruning keeps the table bounded per email without a background job.
  TRY(tx.execute("DELETE FROM auth_login_failures WHERE email = $1 AND at_us <= $2",
                 {std::string(email), now_us - window_us}));
  TRY(tx.execute("INSERT INTO auth_login_failures (email, at_us) VALUES ($1, $2)",
                 {std::string(email), now_us}));
  return Ok{};
}

Result<void> clear_login_failures(db::Tx& tx, std::string_view email) {
  TRY(tx.execute("DELETE FROM auth_login_failures WHERE email = $1", {std::string(email)}));
  return Ok{};
}

Result<IssuedToken> create_session(db::Tx& tx, const Clock& clock, const Actor& actor) {
  const Instant expires_at = clock.now() + hours(limits::kSessionLifetimeHours);
  IssuedToken issued = TRY(insert_token(tx, clock, actor, "session", "", expires_at));
  TRY(audit::record(tx, clock,
                    {.company_id = actor.company_id,
                     .user_id = actor.user_id,
                     .action = "login",
                     .entity = "auth.session",
                     .entity_id = std::to_string(issued.id),
                     .before = nullptr,
                     .after = {{"expires_at", *issued.expires_at}},
                     .request_id = actor.request_id}));
  return issued;
}

namespace {

// Marks the row revoked (no-op when it already is) and audits it as `action` on `entity`.
Result<void> revoke_row(db::Tx& tx, const Clock& clock, const Actor& actor, std::int64_t session_id,
                        std::string action, std::string entity) {
  const std::int64_t changed =
      TRY(tx.execute("UPDATE auth_sessions SET revoked_at = $1 WHERE id = $2 AND user_id = $3 "
                     "AND revoked_at IS NULL",
                     {format_instant(clock.now()), session_id, actor.user_id.value()}));
  if (changed == 0) return Ok{};
  TRY(audit::record(tx, clock,
                    {.company_id = actor.company_id,
                     .user_id = actor.user_id,
                     .action = std::move(action),
                     .entity = std::move(entity),
                     .entity_id = std::to_string(session_id),
                     .before = nullptr,
                     .after = {{"revoked_at", format_instant(clock.now())}},
                     .request_id = actor.request_id}));
  return Ok{};
}

}  // namespace

Result<void> revoke_session(db::Tx& tx, const Clock& clock, const Actor& actor,
                            std::int64_t session_id) {
  return revoke_row(tx, clock, actor, session_id, "logout", "auth.session");
}

Result<IssuedToken> create_api_token(db::Tx& tx, const Clock& clock, const Actor& actor,
                                     std::string_view name) {
  if (name.empty() || name.size() > limits::kNameLengthMax) {
    return Error::validation("token_name_invalid", "a token name needs 1 to 300 bytes", "name");
  }
  auto active = TRY(
      tx.query_one("SELECT COUNT(*) FROM auth_sessions WHERE user_id = $1 AND kind = 'api_token' "
                   "AND revoked_at IS NULL",
                   {actor.user_id.value()}));
  if (active->integer(0) >= limits::kApiTokensActiveMax) {
    return Error::conflict("api_tokens_too_many", "revoke an API token first: at most " +
                                                      std::to_string(limits::kApiTokensActiveMax) +
                                                      " may be active");
  }
  IssuedToken issued = TRY(insert_token(tx, clock, actor, "api_token", name, std::nullopt));
  TRY(audit::record(tx, clock,
                    {.company_id = actor.company_id,
                     .user_id = actor.user_id,
                     .action = "create",
                     .entity = "auth.api_token",
                     .entity_id = std::to_string(issued.id),
                     .before = nullptr,
                     .after = {{"name", name}},
                     .request_id = actor.request_id}));
  return issued;
}

Result<std::vector<TokenView>> list_api_tokens(db::Tx& tx, const Actor& actor) {
  // Bounded: at most kApiTokensActiveMax are active, and revoked ones are listed too, so the
  // page limit of the whole list is kPageSizeMax.
  const db::Rows rows =
      TRY(tx.query("SELECT id, name, created_at, revoked_at FROM auth_sessions WHERE user_id = $1 "
                   "AND kind = 'api_token' ORDER BY id DESC LIMIT $2",
                   {actor.user_id.value(), limits::kPageSizeMax}));
  std::vector<TokenView> tokens;
  for (const db::Row& row : rows) tokens.push_back(token_from_row(row));
  return tokens;
}

Result<TokenView> revoke_api_token(db::Tx& tx, const Clock& clock, const Actor& actor,
                                   std::int64_t token_id) {
  auto row =
      TRY(tx.query_one("SELECT id, name, created_at, revoked_at FROM auth_sessions WHERE id = $1 "
                       "AND user_id = $2 AND company_id = $3 AND kind = 'api_token'",
                       {token_id, actor.user_id.value(), actor.company_id.value()}));
  if (!row) return Error::not_found("token_not_found", "no such API token");
  TRY(revoke_row(tx, clock, actor, token_id, "revoke", "auth.api_token"));
  auto after = TRY(tx.query_one(
      "SELECT id, name, created_at, revoked_at FROM auth_sessions WHERE id = $1", {token_id}));
  return token_from_row(*after);
}

nlohmann::json token_json(const TokenView& token) {
  return {{"id", token.id},
          {"name", token.name},
          {"created_at", token.created_at},
          {"revoked_at", token.revoked_at ? nlohmann::json(*token.revoked_at) : nullptr}};
}

}  // namespace keel::auth::detail
