#pragma once

// What the CRM route files share: the route builder, the actor of a request and readers of
// path and query parameters. Handlers only translate: JSON → service → JSON.
#include <string>
#include <vector>

#include "crm_internal.h"
#include "keel/http/json_input.h"

namespace keel::crm::detail {

inline constexpr std::string_view kBase = "/api/v1/crm";

http::RouteSpec route(http::Method method, std::string path, std::string summary,
                      std::string permission, http::TxMode tx, nlohmann::json request,
                      std::vector<std::string> errors, http::Handler handler, int status = 200);

// The caller as an actor. `writing` narrows each record rule to the narrower of the read and
// write grants, so nobody changes what they could not see.
Result<Actor> actor_of(const http::Context& http, bool writing = false);

// The `{id}` path parameter; `code` is the not_found code for anything but a positive integer.
Result<std::int64_t> path_id(const http::Context& http, std::string_view code);

// A non-negative integer query parameter (0 when absent). Errors: list_parameter_invalid.
Result<std::int64_t> query_integer(const http::Context& http, std::string_view name,
                                   std::int64_t max);
// The `limit` query parameter, default 50. Errors: list_parameter_invalid.
Result<std::int64_t> query_limit(const http::Context& http);

// `version` from a command body ({"version": n}). Errors: input_invalid.
Result<std::int64_t> body_version(const nlohmann::json& body);

// The JSON array of `items`, each through its to_json.
template <typename T>
nlohmann::json json_list(const std::vector<T>& items) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& item : items) out.push_back(to_json(item));
  return out;
}

// A page of a list: {"items": [...], "next_cursor": id or null}.
template <typename T>
nlohmann::json json_page(const std::vector<T>& items, std::optional<std::int64_t> next_cursor) {
  return {{"items", json_list(items)},
          {"next_cursor", next_cursor ? nlohmann::json(*next_cursor) : nlohmann::json(nullptr)}};
}

// Reads an optional date field. Problems go to `in`.
std::optional<Date> optional_date(http::ObjectReader& in, std::string_view name);
// Reads an optional positive id field. Problems go to `in`.
std::optional<std::int64_t> optional_id(http::ObjectReader& in, std::string_view name);

}  // namespace keel::crm::detail
