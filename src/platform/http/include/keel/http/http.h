#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "keel/core/error.h"

namespace keel::http {

enum class Method { get, post, put, patch, del };
std::string_view to_string(Method method);  // "GET", "POST", ...
// The method named by an HTTP request line ("GET"); nullopt for methods Keel does not route.
std::optional<Method> parse_method(std::string_view text);

// A request as handlers see it: already read in full, within the size limits.
struct Request {
  Method method = Method::get;
  std::string path;                                // without the query string
  std::map<std::string, std::string> query;        // decoded query parameters
  std::map<std::string, std::string> path_params;  // from the route pattern ("{id}")
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string remote_ip;
  std::string request_id;

  // Case-insensitive header lookup.
  std::optional<std::string_view> header(std::string_view name) const;
  std::optional<std::string_view> query_param(std::string_view name) const;
  // The value of one cookie from the Cookie header.
  std::optional<std::string> cookie(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  static Response json(int status, const nlohmann::json& document);
  static Response text(int status, std::string content_type, std::string body);
  static Response no_content();
  // application/problem+json: {type, title, status, code, kind, message, fields[], request_id}
  static Response problem(const Error& error, std::string_view request_id = {});
  Response& header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
};

// HTTP status for an error kind (DESIGN.md §6).
int status_for(ErrorKind kind);

// The body of Response::problem: {type, title, status, code, kind, message, fields[],
// request_id}, where type is "https://keel.dev/errors/<code>".
nlohmann::json problem_document(const Error& error, std::string_view request_id);

}  // namespace keel::http
