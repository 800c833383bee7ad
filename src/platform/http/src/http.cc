#include "keel/http/http.h"

#include <algorithm>

#include "keel/core/assert.h"
#include "keel/http/security.h"
#include "text.h"

namespace keel::http {

std::string_view to_string(Method method) {
  switch (method) {
    case Method::get:
      return "GET";
    case Method::post:
      return "POST";
    case Method::put:
      return "PUT";
    case Method::patch:
      return "PATCH";
    case Method::del:
      return "DELETE";
  }
  KEEL_ASSERT(false);
}

std::optional<Method> parse_method(std::string_view text) {
  for (Method method : {Method::get, Method::post, Method::put, Method::patch, Method::del}) {
    if (text == to_string(method)) return method;
  }
  return std::nullopt;
}

std::optional<std::string_view> Request::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (detail::equals_ignoring_case(key, name)) return std::string_view(value);
  }
  return std::nullopt;
}

std::optional<std::string_view> Request::query_param(std::string_view name) const {
  auto found = query.find(std::string(name));
  if (found == query.end()) return std::nullopt;
  return std::string_view(found->second);
}

namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// Looks for `name` in one Cookie header value ("a=1; b=2"). RFC 6265 allows a value in
// double quotes; the quotes are not part of the value.
std::optional<std::string> find_cookie(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    std::size_t end = header.find(';');
    std::string_view pair = trim(header.substr(0, end));
    header = end == std::string_view::npos ? std::string_view{} : header.substr(end + 1);
    std::size_t equals = pair.find('=');
    if (equals == std::string_view::npos) continue;
    if (trim(pair.substr(0, equals)) != name) continue;
    std::string_view value = trim(pair.substr(equals + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    return std::string(value);
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> Request::cookie(std::string_view name) const {
  if (name.empty()) return std::nullopt;
  for (const auto& [key, value] : headers) {
    if (!detail::equals_ignoring_case(key, "cookie")) continue;
    if (auto found = find_cookie(value, name)) return found;
  }
  return std::nullopt;
}

Response Response::json(int status, const nlohmann::json& document) {
  Response response;
  response.status = status;
  response.content_type = "application/json";
  // Replacing invalid UTF-8 instead of throwing: a handler bug must not turn into a crash
  // while reporting, and input is validated long before it reaches a response.
  response.body = document.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return response;
}

Response Response::text(int status, std::string content_type, std::string body) {
  Response response;
  response.status = status;
  response.content_type = std::move(content_type);
  response.body = std::move(body);
  return response;
}

Response Response::no_content() {
  Response response;
  response.status = 204;
  response.content_type.clear();
  return response;
}

nlohmann::json problem_document(const Error& error, std::string_view request_id) {
  nlohmann::json fields = nlohmann::json::array();
  for (const auto& field : error.fields()) {
    fields.push_back({{"field", field.field}, {"code", field.code}, {"message", field.message}});
  }
  return {
      {"type", "https://keel.dev/errors/" + error.code()},
      {"title", error.message()},
      {"status", status_for(error.kind())},
      {"code", error.code()},
      {"kind", to_string(error.kind())},
      {"message", error.message()},
      {"fields", std::move(fields)},
      {"request_id", std::string(request_id)},
  };
}

Response Response::problem(const Error& error, std::string_view request_id) {
  Response response = json(status_for(error.kind()), problem_document(error, request_id));
  response.content_type = "application/problem+json";
  if (error.kind() == ErrorKind::rate_limited || error.kind() == ErrorKind::transient) {
    // A client that is told "try later" also needs "when": default to one second.
    int seconds = error.retry_after_s() > 0 ? error.retry_after_s() : 1;
    response.header("Retry-After", std::to_string(seconds));
  }
  return response;
}

int status_for(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::validation:
      return 422;
    case ErrorKind::bad_request:
      return 400;
    case ErrorKind::unauthenticated:
      return 401;
    case ErrorKind::permission:
      return 403;
    case ErrorKind::not_found:
      return 404;
    case ErrorKind::conflict:
      return 409;
    case ErrorKind::too_large:
      return 413;
    case ErrorKind::rate_limited:
      return 429;
    case ErrorKind::transient:
      return 503;
    case ErrorKind::internal:
      return 500;
  }
  return 500;
}

std::string_view to_string(Scope scope) {
  switch (scope) {
    case Scope::none:
      return "none";
    case Scope::own:
      return "own";
    case Scope::all:
      return "all";
  }
  KEEL_ASSERT(false);
}

Scope Principal::scope(std::string_view permission) const {
  auto found = permissions.find(permission);
  return found == permissions.end() ? Scope::none : found->second;
}

}  // namespace keel::http
