#include "keel/core/error.h"

#include <cstdio>
#include <cstdlib>

#include "keel/core/assert.h"

namespace keel {

std::string_view to_string(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::validation: return "validation";
    case ErrorKind::bad_request: return "bad_request";
    case ErrorKind::unauthenticated: return "unauthenticated";
    case ErrorKind::permission: return "permission";
    case ErrorKind::not_found: return "not_found";
    case ErrorKind::conflict: return "conflict";
    case ErrorKind::too_large: return "too_large";
    case ErrorKind::rate_limited: return "rate_limited";
    case ErrorKind::transient: return "transient";
    case ErrorKind::internal: return "internal";
  }
  return "internal";
}

Error::Error(ErrorKind kind, std::string code, std::string message,
             std::vector<FieldError> fields)
    : m_kind(kind),
      m_code(std::move(code)),
      m_message(std::move(message)),
      m_fields(std::move(fields)) {}

Error Error::validation(std::string code, std::string message, std::string field) {
  Error error(ErrorKind::validation, code, message);
  if (!field.empty()) error.m_fields.push_back({std::move(field), code, message});
  return error;
}
Error Error::bad_request(std::string code, std::string message) {
  return Error(ErrorKind::bad_request, std::move(code), std::move(message));
}
Error Error::not_found(std::string code, std::string message) {
  return Error(ErrorKind::not_found, std::move(code), std::move(message));
}
Error Error::conflict(std::string code, std::string message) {
  return Error(ErrorKind::conflict, std::move(code), std::move(message));
}
Error Error::permission(std::string code, std::string message) {
  return Error(ErrorKind::permission, std::move(code), std::move(message));
}
Error Error::unauthenticated(std::string code, std::string message) {
  return Error(ErrorKind::unauthenticated, std::move(code), std::move(message));
}
Error Error::transient(std::string code, std::string message) {
  return Error(ErrorKind::transient, std::move(code), std::move(message));
}
Error Error::internal(std::string code, std::string message) {
  return Error(ErrorKind::internal, std::move(code), std::move(message));
}

Error Error::with_field_prefix(std::string_view prefix) const {
  Error copy = *this;
  for (auto& field : copy.m_fields) {
    field.field = field.field.empty() ? std::string(prefix)
                                      : std::string(prefix) + "/" + field.field;
  }
  return copy;
}

Error& Error::add_field(std::string field, std::string code, std::string message) {
  m_fields.push_back({std::move(field), std::move(code), std::move(message)});
  return *this;
}

namespace detail {
void assertion_failed(const char* expression, const char* file, int line,
                      const char* function) {
  std::fprintf(stderr, "keel: assertion failed: %s (%s:%d in %s)\n", expression, file, line,
               function);
  std::fflush(stderr);
  std::abort();
}
}  // namespace detail

}  // namespace keel
