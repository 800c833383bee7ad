// GET /api/v1/audit: JSON ⇄ types for the audit trail; the query itself is audit::list.

#include <charconv>
#include <chrono>
#include <string>

#include "keel/audit/audit_api.h"
#include "keel/core/limits.h"
#include "keel/db/db.h"

namespace keel::audit {
namespace {

// Parses text that is only ASCII digits into a positive integer; nullopt otherwise.
std::optional<std::int64_t> parse_positive(std::string_view text) {
  std::int64_t value = 0;
  if (text.empty() || text.size() > 18) return std::nullopt;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value <= 0) {
    return std::nullopt;
  }
  return value;
}

bool digits_at(std::string_view text, std::size_t at, std::size_t count, int& out) {
  if (at + count > text.size()) return false;
  out = 0;
  for (std::size_t i = at; i < at + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    out = out * 10 + (text[i] - '0');
  }
  return true;
}

// Strict UTC instants as format_instant writes them, fraction optional (1..6 digits):
// "2026-11-24T12:34:56Z", "2026-11-24T12:34:56.5Z". No offsets: instants are UTC.
std::optional<Instant> parse_instant(std::string_view text) {
  int year, month, day, hour, minute, second;
  if (text.size() < 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' ||
      text[16] != ':' || text.back() != 'Z' || !digits_at(text, 0, 4, year) ||
      !digits_at(text, 5, 2, month) || !digits_at(text, 8, 2, day) ||
      !digits_at(text, 11, 2, hour) || !digits_at(text, 14, 2, minute) ||
      !digits_at(text, 17, 2, second)) {
    return std::nullopt;
  }
  int micros = 0;
  const std::size_t fraction_digits = text.size() - 20 == 0 ? 0 : text.size() - 21;
  if (text.size() > 20) {
    if (text[19] != '.' || fraction_digits < 1 || fraction_digits > 6 ||
        !digits_at(text, 20, fraction_digits, micros)) {
      return std::nullopt;
    }
    for (std::size_t i = fraction_digits; i < 6; ++i) micros *= 10;
  }
  using namespace std::chrono;
  const year_month_day date{std::chrono::year(year), std::chrono::month(month),
                            std::chrono::day(day)};
  if (!date.ok() || year < limits::kDateYearMin || year > limits::kDateYearMax || hour > 23 ||
      minute > 59 || second > 59) {
    return std::nullopt;
  }
  return Instant(sys_days(date)) + hours(hour) + minutes(minute) + seconds(second) +
         microseconds(micros);
}

Result<std::optional<std::string>> text_param(const http::Request& request, std::string_view name,
                                              std::size_t length_max) {
  auto value = request.query_param(name);
  if (!value) return std::optional<std::string>();
  if (value->empty() || value->size() > length_max) {
    return Error::validation(
        std::string(name) + "_invalid",
        std::string(name) + " must be 1 to " + std::to_string(length_max) + " bytes",
        std::string(name));
  }
  return std::optional<std::string>(std::string(*value));
}

Result<std::optional<Instant>> instant_param(const http::Request& request, std::string_view name) {
  auto value = request.query_param(name);
  if (!value) return std::optional<Instant>();
  auto instant = parse_instant(*value);
  if (!instant) {
    return Error::validation("instant_invalid",
                             std::string(name) +
                                 " must be a UTC instant like "
                                 "2026-11-24T12:34:56Z",
                             std::string(name));
  }
  return std::optional<Instant>(*instant);
}

Result<Filter> filter_from_query(const http::Request& request) {
  Filter filter;
  filter.entity = TRY(text_param(request, "entity", limits::kCodeLengthMax));
  filter.entity_id = TRY(text_param(request, "entity_id", limits::kCodeLengthMax));
  filter.action = TRY(text_param(request, "action", limits::kCodeLengthMax));
  filter.from = TRY(instant_param(request, "from"));
  filter.to = TRY(instant_param(request, "to"));
  if (auto user = request.query_param("user_id")) {
    auto id = *user == "0" ? std::optional<std::int64_t>(0) : parse_positive(*user);
    if (!id) return Error::validation("user_id_invalid", "user_id must be a user id", "user_id");
    filter.user_id = UserId(*id);
  }
  filter.limit = limits::kPageSizeDefault;
  if (auto limit = request.query_param("limit")) {
    auto value = parse_positive(*limit);
    if (!value || *value > limits::kPageSizeMax) {
      return Error::validation("limit_invalid",
                               "limit must be 1.." + std::to_string(limits::kPageSizeMax), "limit");
    }
    filter.limit = *value;
  }
  if (auto cursor = request.query_param("cursor")) {
    auto value = parse_positive(*cursor);
    if (!value) {
      return Error::validation("cursor_invalid", "cursor must be a next_cursor value", "cursor");
    }
    filter.before_id = *value;
  }
  return filter;
}

nlohmann::json entry_json(const Entry& entry) {
  return {{"id", std::to_string(entry.id)},   {"at", entry.at},
          {"user_id", entry.user_id.value()}, {"action", entry.action},
          {"entity", entry.entity},           {"entity_id", entry.entity_id},
          {"before", entry.before},           {"after", entry.after},
          {"request_id", entry.request_id}};
}

Result<http::Response> list_audit(http::Context& context) {
  const Filter filter = TRY(filter_from_query(context.request));
  const Page page = TRY(list(context.transaction(), context.who().company_id, filter));
  nlohmann::json items = nlohmann::json::array();
  for (const Entry& entry : page.items) items.push_back(entry_json(entry));
  nlohmann::json next = nullptr;
  if (page.next_before) next = std::to_string(*page.next_before);
  return http::Response::json(200, {{"items", std::move(items)}, {"next_cursor", next}});
}

nlohmann::json entry_schema() {
  const nlohmann::json string = {{"type", "string"}};
  const nlohmann::json any_json = {{"nullable", true},
                                   {"description", "the JSON recorded, or null"}};
  return {
      {"type", "object"},
      {"required",
       {"id", "at", "user_id", "action", "entity", "entity_id", "before", "after", "request_id"}},
      {"properties",
       {{"id", string},
        {"at", {{"type", "string"}, {"format", "date-time"}}},
        {"user_id", {{"type", "integer"}, {"description", "0 for the system"}}},
        {"action", string},
        {"entity", string},
        {"entity_id", string},
        {"before", any_json},
        {"after", any_json},
        {"request_id", string}}}};
}

}  // namespace

void register_routes(http::Router& router) {
  const nlohmann::json instant = {{"type", "string"}, {"format", "date-time"}};
  router.add({
      .method = http::Method::get,
      .path = "/api/v1/audit",
      .summary = "The company's audit trail, newest first",
      .tag = "audit",
      .permission = "audit.log.read",
      .tx = http::TxMode::read,
      .query_params = {{"entity", "Only this entity, e.g. partners.party"},
                       {"entity_id", "Only this entity id (with entity)"},
                       {"user_id",
                        "Only changes by this user (0: the system)",
                        {{"type", "integer"}}},
                       {"action", "Only this action, e.g. update"},
                       {"from", "Changes at or after this UTC instant", instant},
                       {"to", "Changes before this UTC instant", instant},
                       {"limit",
                        "Page size, 1.." + std::to_string(limits::kPageSizeMax) + " (default " +
                            std::to_string(limits::kPageSizeDefault) + ")",
                        {{"type", "integer"}, {"minimum", 1}, {"maximum", limits::kPageSizeMax}}},
                       {"cursor", "next_cursor of the previous page"}},
      .response_schema = {{"type", "object"},
                          {"required", {"items", "next_cursor"}},
                          {"properties",
                           {{"items", {{"type", "array"}, {"items", entry_schema()}}},
                            {"next_cursor", {{"type", "string"}, {"nullable", true}}}}}},
      .error_codes = {"entity_invalid", "entity_id_invalid", "action_invalid", "instant_invalid",
                      "user_id_invalid", "limit_invalid", "cursor_invalid"},
      .handler = list_audit,
  });
}

}  // namespace keel::audit
