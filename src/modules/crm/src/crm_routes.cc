// What the CRM route files share.
#include "crm_routes.h"

#include <charconv>

#include "keel/core/limits.h"

namespace keel::crm::detail {

http::RouteSpec route(http::Method method, std::string path, std::string summary,
                      std::string permission, http::TxMode tx, nlohmann::json request,
                      std::vector<std::string> errors, http::Handler handler, int status) {
  http::RouteSpec spec;
  spec.method = method;
  spec.path = std::string(kBase) + path;
  spec.summary = std::move(summary);
  spec.tag = "crm";
  spec.permission = std::move(permission);
  spec.tx = tx;
  spec.request_schema = std::move(request);
  spec.response_schema = {{"type", "object"}};
  spec.success_status = status;
  spec.error_codes = std::move(errors);
  spec.handler = std::move(handler);
  return spec;
}

Result<Actor> actor_of(const http::Context& http, bool writing) {
  const auto& who = http.who();
  Actor actor(
      TRY(accounting::Context::load(http.transaction(), who, http.clock, http.request.request_id)));
  const auto scope = [&](const std::string& noun) {
    const http::Scope read = who.scope("crm." + noun + ".read");
    if (!writing) return read;
    return std::min(read, who.scope("crm." + noun + ".write"));
  };
  actor.leads = scope("lead");
  actor.opportunities = scope("opportunity");
  actor.activities = scope("activity");
  actor.partners = who.scope("partners.party.read");
  actor.roles = who.roles;
  return actor;
}

Result<std::int64_t> path_id(const http::Context& http, std::string_view code) {
  const std::string& text = http.request.path_params.at("id");
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value <= 0) {
    return Error::not_found(std::string(code), "no such id " + text.substr(0, 40));
  }
  return value;
}

Result<std::int64_t> query_integer(const http::Context& http, std::string_view name,
                                   std::int64_t max) {
  const auto text = http.request.query_param(name);
  if (!text || text->empty()) return std::int64_t{0};
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (error != std::errc() || end != text->data() + text->size() || value < 0 || value > max) {
    return Error::validation("list_parameter_invalid", std::string(name) + " is invalid",
                             std::string(name));
  }
  return value;
}

Result<std::int64_t> query_limit(const http::Context& http) {
  const std::int64_t limit = TRY(query_integer(http, "limit", limits::kPageSizeMax));
  return limit > 0 ? limit : limits::kPageSizeDefault;
}

Result<std::int64_t> body_version(const nlohmann::json& body) {
  http::ObjectReader in(body);
  const auto version = in.optional_integer("version", 1, INT64_MAX);
  if (!version) in.fail("version", "field_required", "version is required");
  TRY(in.finish());
  return *version;
}

std::optional<Date> optional_date(http::ObjectReader& in, std::string_view name) {
  const auto text = in.optional_string(name, 10);
  if (!text) return std::nullopt;
  auto date = Date::parse(*text);
  if (!date.ok()) {
    in.fail(name, "date_invalid", "a date YYYY-MM-DD");
    return std::nullopt;
  }
  return *date;
}

std::optional<std::int64_t> optional_id(http::ObjectReader& in, std::string_view name) {
  return in.optional_integer(name, 1, INT64_MAX);
}

}  // namespace keel::crm::detail

namespace keel::crm::detail {

std::vector<http::PermissionSpec> pipeline_permissions() {
  using http::Scope;
  // own: one's own rows and those of the teams one leads (see Actor).
  return {
      {"crm.lead.read",
       "Read leads",
       false,
       {{"manager", Scope::own}, {"sales", Scope::own}, {"viewer", Scope::all}}},
      {"crm.lead.write",
       "Capture, change, qualify, convert and disqualify leads",
       false,
       {{"manager", Scope::own}, {"sales", Scope::own}}},
      {"crm.lead.import",
       "Import leads (CSV) and contacts (vCard)",
       false,
       {{"manager", Scope::all}}},
      {"crm.opportunity.read",
       "Read opportunities and the pipeline",
       false,
       {{"manager", Scope::own}, {"sales", Scope::own}, {"viewer", Scope::all}}},
      {"crm.opportunity.write",
       "Open, move, win and lose opportunities",
       false,
       {{"manager", Scope::own}, {"sales", Scope::own}}},
      {"crm.activity.read",
       "Read activities and timelines",
       false,
       {{"manager", Scope::own}, {"sales", Scope::own}, {"viewer", Scope::all}}},
      {"crm.activity.write",
       "Log activities and complete tasks",
       false,
       {{"manager", Scope::own}, {"sales", Scope::own}}},
      {"crm.forecast.read",
       "Read the forecast and quotas",
       false,
       {{"manager", Scope::own}, {"sales", Scope::own}}},
      {"crm.mail.receive", "Deliver inbound email (the mail relay's API token)", false, {}},
      {"crm.settings.read",
       "Read stages, teams, campaigns, forms and scoring rules",
       false,
       {{"manager", Scope::all}, {"sales", Scope::all}, {"viewer", Scope::all}}},
      {"crm.settings.write",
       "Change stages, teams, campaigns, forms, scoring rules and quotas",
       false,
       {{"manager", Scope::all}}},
  };
}

}  // namespace keel::crm::detail
