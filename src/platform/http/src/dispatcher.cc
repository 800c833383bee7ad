#include "keel/http/dispatcher.h"

#include <sodium.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <exception>

#include "idempotency.h"
#include "keel/core/assert.h"
#include "keel/core/limits.h"
#include "keel/db/db.h"
#include "text.h"

namespace keel::http {

namespace {

// The media type of a Content-Type value, lowercased, without parameters ("; charset=utf-8").
std::string media_type(std::optional<std::string_view> header) {
  if (!header) return {};
  std::string_view value = header->substr(0, header->find(';'));
  while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  return detail::to_lower(value);
}

Error content_type_unsupported(std::string_view expected) {
  return Error::bad_request("content_type_unsupported",
                            "The request body must be sent as " + std::string(expected) + ".");
}

bool is_success(int status) { return status >= 200 && status < 300; }

bool is_sane_request_id(std::string_view id) {
  if (id.empty() || id.size() > limits::kRequestIdLengthMax) return false;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == ':' || c == '-';
    if (!ok) return false;
  }
  return true;
}

// Equal-length comparison in constant time, so the token cannot be guessed byte by byte.
bool same_secret(std::string_view a, std::string_view b) {
  if (a.empty() || a.size() != b.size()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

Error internal_error() {
  return Error::internal("internal_error",
                         "An internal error occurred. Quote the request id when reporting it.");
}

}  // namespace

Result<nlohmann::json> Context::json_body() const {
  if (media_type(request.header("Content-Type")) != "application/json") {
    return content_type_unsupported("application/json");
  }
  if (!keel::is_valid_utf8(request.body)) {
    return Error::bad_request("json_malformed", "The request body is not valid UTF-8.");
  }
  if (detail::json_nesting_depth(request.body) > limits::kJsonDepthMax) {
    return Error::bad_request("json_malformed", "The JSON document is nested too deeply.");
  }
  auto document = nlohmann::json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded()) {
    return Error::bad_request("json_malformed", "The request body is not valid JSON.");
  }
  return document;
}

Result<std::map<std::string, std::string>> Context::form_body() const {
  if (media_type(request.header("Content-Type")) != "application/x-www-form-urlencoded") {
    return content_type_unsupported("application/x-www-form-urlencoded");
  }
  auto fields = detail::parse_query_string(request.body);
  if (!fields.ok()) {
    return Error::bad_request("form_body_malformed", "The form body is not valid URL encoding.");
  }
  for (const auto& [name, value] : *fields) {
    if (!keel::is_valid_utf8(name) || !keel::is_valid_utf8(value)) {
      return Error::bad_request("form_body_malformed", "The form body is not valid UTF-8.");
    }
  }
  return fields;
}

const Principal& Context::who() const {
  KEEL_ASSERT(principal != nullptr);
  return *principal;
}

db::Tx& Context::transaction() const {
  KEEL_ASSERT(tx != nullptr);
  return *tx;
}

struct Dispatcher::Outcome {
  Response response;
  std::int64_t user_id = 0;
};

Dispatcher::Dispatcher(const Router& router, db::Database& database, Authenticator& authenticator,
                       const Clock& clock)
    : m_router(router), m_database(database), m_authenticator(authenticator), m_clock(clock) {
  // Thread-safe and idempotent; needed for randombytes and generichash.
  KEEL_ASSERT(sodium_init() >= 0);
}

std::string Dispatcher::request_id_for(const Request& request) {
  auto incoming = request.header("X-Request-Id");
  if (incoming && is_sane_request_id(*incoming)) return std::string(*incoming);
  unsigned char bytes[16];
  randombytes_buf(bytes, sizeof bytes);
  return detail::to_hex(std::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes));
}

void Dispatcher::add_standard_headers(Response& response, std::string_view path,
                                      std::string_view request_id) {
  response.header("X-Request-Id", std::string(request_id));
  response.header("X-Content-Type-Options", "nosniff");
  response.header("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'");
  response.header("Referrer-Policy", "same-origin");
  if (path == "/api" || path.starts_with("/api/")) response.header("Cache-Control", "no-store");
}

Response Dispatcher::dispatch(Request request) const {
  auto started = std::chrono::steady_clock::now();
  request.request_id = request_id_for(request);
  Outcome outcome;
  try {
    outcome = handle(request);
  } catch (const std::exception& exception) {
    // handle() catches handler exceptions itself; this guards the rest of the boundary.
    spdlog::error("http {} {} request_id={} exception: {}", to_string(request.method), request.path,
                  request.request_id, exception.what());
    outcome.response = Response::problem(internal_error(), request.request_id);
  }
  add_standard_headers(outcome.response, request.path, request.request_id);
  auto elapsed = std::chrono::steady_clock::now() - started;
  spdlog::info("http {} {} status={} duration_ms={:.1f} user_id={} request_id={}",
               to_string(request.method), request.path, outcome.response.status,
               std::chrono::duration<double, std::milli>(elapsed).count(), outcome.user_id,
               request.request_id);
  return std::move(outcome.response);
}

Dispatcher::Outcome Dispatcher::handle(Request& request) const {
  std::int64_t user_id = 0;
  auto answer = [&](const Error& error) {
    return Outcome{Response::problem(error, request.request_id), user_id};
  };
  bool path_exists = false;
  auto match = m_router.match(request.method, request.path, &path_exists);
  if (!match && path_exists) {
    // 405 has no ErrorKind of its own: the kind says "bad request", the status says which.
    Error error =
        Error::bad_request("method_not_allowed", "This path does not accept " +
                                                     std::string(to_string(request.method)) + ".");
    nlohmann::json document = problem_document(error, request.request_id);
    document["status"] = 405;
    Response response = Response::json(405, document);
    response.content_type = "application/problem+json";
    return Outcome{std::move(response), 0};
  }
  if (!match) return answer(Error::not_found("route_not_found", "No such API route."));
  request.path_params = std::move(match->path_params);
  const RouteSpec& route = *match->route;

  // Documents (spreadsheets, address books, mail) may be larger than a JSON command.
  const std::string route_type = media_type(route.request_content_type);
  const bool document =
      route_type == "text/csv" || route_type == "text/vcard" || route_type == "message/rfc822";
  std::size_t body_max = document ? limits::kImportBodyBytesMax : limits::kRequestBodyBytesMax;
  if (request.body.size() > body_max) {
    return answer(Error(ErrorKind::too_large, "body_too_large",
                        "The request body is over " + std::to_string(body_max) + " bytes."));
  }

  std::optional<Principal> principal;
  if (route.access == Access::authenticated) {
    auto resolved = authenticate(request);
    if (!resolved.ok()) return answer(resolved.error());
    principal = std::move(resolved.value());
    user_id = principal->user_id.value();
    bool needs_csrf =
        principal->via == Principal::Via::session_cookie && request.method != Method::get;
    if (needs_csrf &&
        !same_secret(request.header("X-CSRF-Token").value_or(""), principal->csrf_token)) {
      return answer(
          Error::permission("csrf_token_invalid", "The X-CSRF-Token header is missing or wrong."));
    }
    if (!route.permission.empty() && !principal->can(route.permission)) {
      return answer(Error::permission("permission_denied",
                                      "You lack the permission " + route.permission + "."));
    }
  }

  bool checks_type = !request.body.empty() || !route.request_schema.is_null();
  if (checks_type &&
      media_type(request.header("Content-Type")) != media_type(route.request_content_type)) {
    return answer(content_type_unsupported(route.request_content_type));
  }
  return Outcome{run_route(route, request, principal ? &*principal : nullptr), user_id};
}

Result<Principal> Dispatcher::authenticate(const Request& request) const {
  return m_database.read(
      [&](db::Tx& tx) -> Result<Principal> { return m_authenticator.authenticate(tx, request); });
}

Result<Response> Dispatcher::call_handler(const RouteSpec& route, const Request& request,
                                          const Principal* principal, db::Tx* tx) const {
  Context context{request, principal, tx, m_database, m_clock};
  return route.handler(context);
}

Response Dispatcher::run_route(const RouteSpec& route, const Request& request,
                               const Principal* principal) const {
  auto key = request.header("Idempotency-Key");
  bool idempotent =
      key && principal != nullptr && route.method == Method::post && route.tx == TxMode::write;
  if (idempotent && !detail::is_valid_idempotency_key(*key)) {
    return Response::problem(
        Error::bad_request("idempotency_key_invalid",
                           "Idempotency-Key must be 1 to 200 printable ASCII characters."),
        request.request_id);
  }
  Result<Response> result = internal_error();
  try {
    switch (route.tx) {
      case TxMode::none:
        result = call_handler(route, request, principal, nullptr);
        break;
      case TxMode::read:
        result = m_database.read(
            [&](db::Tx& tx) { return call_handler(route, request, principal, &tx); });
        break;
      case TxMode::write:
        result = idempotent ? run_idempotent(route, request, *principal, std::string(*key))
                            : m_database.write([&](db::Tx& tx) {
                                return call_handler(route, request, principal, &tx);
                              });
        break;
    }
  } catch (const std::exception& exception) {
    spdlog::error("http {} {} request_id={} handler threw: {}", to_string(request.method),
                  request.path, request.request_id, exception.what());
    return Response::problem(internal_error(), request.request_id);
  } catch (...) {
    spdlog::error("http {} {} request_id={} handler threw a non-exception",
                  to_string(request.method), request.path, request.request_id);
    return Response::problem(internal_error(), request.request_id);
  }
  if (result.ok()) return std::move(result.value());
  const Error& error = result.error();
  if (error.kind() == ErrorKind::internal) {
    // Internal errors carry SQL or invariant details meant for operators, not clients.
    spdlog::error("http {} {} request_id={} internal error {}: {}", to_string(request.method),
                  request.path, request.request_id, error.code(), error.message());
    return Response::problem(internal_error(), request.request_id);
  }
  return Response::problem(error, request.request_id);
}

Result<Response> Dispatcher::run_idempotent(const RouteSpec& route, const Request& request,
                                            const Principal& principal, std::string key) const {
  detail::IdempotencyScope scope{principal.company_id.value(), principal.user_id.value(),
                                 std::move(key)};
  std::string hash = detail::request_hash(request);
  auto replay = [&](const detail::StoredResponse& stored) -> Result<Response> {
    if (stored.request_hash != hash) {
      return Error::validation("idempotency_key_reused",
                               "This Idempotency-Key was used for a different request.");
    }
    Response response = stored.response;
    response.header("Idempotent-Replayed", "true");
    return response;
  };
  return m_database.write([&](db::Tx& tx) -> Result<Response> {
    Instant now = m_clock.now();
    // A failed claim means another transaction committed this key while we waited on its
    // row (PostgreSQL, READ COMMITTED): the next statement sees that row, so look again.
    // Only a purge racing with us can make the row vanish again; hence the bound.
    bool claimed = false;
    for (int attempt = 0; attempt < 3 && !claimed; ++attempt) {
      auto stored = TRY(detail::find_stored(tx, scope, now));
      if (stored) return replay(*stored);
      claimed = TRY(detail::claim(tx, scope, hash, now));
    }
    if (!claimed) return Error::transient("db_busy", "The request conflicted; retry it.");
    Response response = TRY(call_handler(route, request, &principal, &tx));
    if (is_success(response.status)) {
      TRY(detail::store(tx, scope, response));
    } else {
      TRY(detail::release(tx, scope));
    }
    return response;
  });
}

Result<std::int64_t> purge_expired_idempotency_keys(db::Tx& tx, Instant now) {
  std::int64_t cutoff_us =
      to_unix_us(now) - std::int64_t{limits::kIdempotencyRetentionHours} * 3600 * 1000 * 1000;
  return tx.execute("DELETE FROM http_idempotency WHERE created_at_us < $1", {cutoff_us});
}

}  // namespace keel::http
