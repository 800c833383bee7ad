#pragma once

#include <string>
#include <string_view>

#include "keel/core/clock.h"
#include "keel/core/result.h"
#include "keel/http/http.h"
#include "keel/http/router.h"
#include "keel/http/security.h"

namespace keel::db {
class Database;
class Tx;
}  // namespace keel::db

namespace keel::http {

// Turns a Request into a Response: the whole HTTP boundary except the socket. The server calls
// it on a worker thread; tests call it in-process. In order, for every request:
//
//   1. route: no pattern matches → 404 route_not_found; the path exists with another method →
//      405 method_not_allowed.
//   2. body size: over limits::kRequestBodyBytesMax (kImportBodyBytesMax for routes whose
//      request content type is text/csv) → 413 body_too_large.
//   3. authentication (Access::authenticated routes): Authenticator::authenticate inside a
//      read transaction; its error (401) is answered as is.
//      CSRF: a principal that came via the session cookie must send X-CSRF-Token equal to
//      principal.csrf_token on every method but GET → 403 csrf_token_invalid.
//      permission: route.permission not granted → 403 permission_denied.
//   4. content type: a route with a request_schema, or any request with a body, must send the
//      route's request content type → 400 content_type_unsupported. The body is parsed later,
//      by Context::json_body (400 json_malformed).
//   5. Idempotency-Key (authenticated POST routes with TxMode::write; ignored elsewhere):
//      not 1..200 printable ASCII → 400 idempotency_key_invalid.
//   6. the handler, in the transaction its route asks for (TxMode). An Error rolls back and is
//      answered as problem+json; an exception rolls back and becomes 500 internal_error
//      (logged with the request id; the message never reaches the client, nor does the text
//      of any internal-kind error). With an Idempotency-Key, in the same write transaction:
//      a stored response for (company, user, key) with the same request hash is replayed with
//      `Idempotent-Replayed: true`; with another hash → 422 idempotency_key_reused; otherwise
//      the handler runs and a 2xx response is stored with the command. Two concurrent requests
//      with one key run the handler once: the second waits on the key's row and replays.
//
// Every response gets X-Request-Id (a sane incoming one is echoed, else a new random one),
// X-Content-Type-Options, Content-Security-Policy, Referrer-Policy, and Cache-Control:
// no-store under /api. Each request is logged (method, path, status, duration_ms, user id,
// request id). dispatch() never throws and may be called from many threads at once.
class Dispatcher {
 public:
  // The router, database, authenticator and clock must outlive the dispatcher. The database
  // must have keel::http::migrations() applied.
  Dispatcher(const Router& router, db::Database& database, Authenticator& authenticator,
             const Clock& clock);

  Response dispatch(Request request) const;

  // The request id for `request`: its X-Request-Id when that is 1..64 characters of
  // [A-Za-z0-9._:-], else 32 random hex digits.
  static std::string request_id_for(const Request& request);
  // Adds the headers every response carries (see above); the server uses it for static files.
  static void add_standard_headers(Response& response, std::string_view path,
                                   std::string_view request_id);

 private:
  struct Outcome;
  Outcome handle(Request& request) const;
  Result<Principal> authenticate(const Request& request) const;
  Response run_route(const RouteSpec& route, const Request& request,
                     const Principal* principal) const;
  Result<Response> run_idempotent(const RouteSpec& route, const Request& request,
                                  const Principal& principal, std::string key) const;
  Result<Response> call_handler(const RouteSpec& route, const Request& request,
                                const Principal* principal, db::Tx* tx) const;

  const Router& m_router;
  db::Database& m_database;
  Authenticator& m_authenticator;
  const Clock& m_clock;
};

// Deletes stored idempotent responses older than limits::kIdempotencyRetentionHours (a
// periodic job calls it in a write transaction; lookups already ignore expired rows).
// Returns the number of rows deleted. Errors: the database's.
Result<std::int64_t> purge_expired_idempotency_keys(db::Tx& tx, Instant now);

}  // namespace keel::http
