#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace keel {

// What a client can do about a failure. The HTTP boundary maps each kind to one status.
enum class ErrorKind {
  validation,       // 422: the input is well-formed but not acceptable; fix it and resend
  bad_request,      // 400: the request itself is malformed (JSON syntax, wrong content type)
  unauthenticated,  // 401: no valid session or token
  permission,       // 403: authenticated, but not allowed
  not_found,        // 404: no such resource for this company
  conflict,         // 409: state or version conflict; re-read and retry
  too_large,        // 413: body over its limit
  rate_limited,     // 429: slow down; Retry-After says when
  transient,        // 503: try again later (overload, lock timeout, shutting down)
  internal,         // 500: a bug; never chosen for user input
};

std::string_view to_string(ErrorKind kind);

// One offending field: a JSON pointer-like path ("lines/2/quantity"), its own stable code
// and a human message.
struct FieldError {
  std::string field;
  std::string code;
  std::string message;
};

// An expected failure, as a value. `code` is stable snake_case, subject then predicate
// (`amount_too_many_decimals`); clients branch on it, never on `message`.
class Error {
 public:
  Error(ErrorKind kind, std::string code, std::string message,
        std::vector<FieldError> fields = {});

  static Error validation(std::string code, std::string message, std::string field = {});
  static Error bad_request(std::string code, std::string message);
  static Error not_found(std::string code, std::string message);
  static Error conflict(std::string code, std::string message);
  static Error permission(std::string code, std::string message);
  static Error unauthenticated(std::string code, std::string message);
  static Error transient(std::string code, std::string message);
  static Error internal(std::string code, std::string message);

  ErrorKind kind() const { return m_kind; }
  const std::string& code() const { return m_code; }
  const std::string& message() const { return m_message; }
  const std::vector<FieldError>& fields() const { return m_fields; }

  // Returns a copy whose field details are prefixed by `prefix/` (for nested input).
  Error with_field_prefix(std::string_view prefix) const;
  Error& add_field(std::string field, std::string code, std::string message);

  // Seconds a client should wait, for rate_limited and transient errors (0 = unspecified).
  int retry_after_s() const { return m_retry_after_s; }
  Error& set_retry_after_s(int seconds) {
    m_retry_after_s = seconds;
    return *this;
  }

 private:
  ErrorKind m_kind;
  std::string m_code;
  std::string m_message;
  std::vector<FieldError> m_fields;
  int m_retry_after_s = 0;
};

}  // namespace keel
