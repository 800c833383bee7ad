// The channel routes: /api/v1/crm/inbound-email (RFC 5322), /calendar.ics and
// /contacts.vcf, /contacts/import (vCard).
#include "crm_routes.h"

namespace keel::crm::detail {
namespace {

using http::Response;
using nlohmann::json;

Result<Response> inbound_email_handler(http::Context& http) {
  const Actor actor = TRY(actor_of(http, true));
  const auto receipt = TRY(receive_email(http.transaction(), actor, http.request.body));
  return Response::json(receipt.matched == "duplicate" ? 200 : 201,
                        {{"matched", receipt.matched}, {"activity", to_json(receipt.activity)}});
}

Result<Date> query_date(const http::Context& http, std::string_view name, Date fallback) {
  const auto text = http.request.query_param(name);
  if (!text || text->empty()) return fallback;
  auto date = Date::parse(*text);
  if (!date.ok()) {
    return Error::validation("list_parameter_invalid", std::string(name) + " is a date YYYY-MM-DD",
                             std::string(name));
  }
  return *date;
}

Result<Response> calendar_handler(http::Context& http) {
  const Actor actor = TRY(actor_of(http));
  const Date now = today(actor);
  const Date from = TRY(query_date(http, "from", now.add_days(-30).value()));
  const Date to = TRY(query_date(http, "to", now.add_days(180).value()));
  const std::string host(http.request.header("Host").value_or("keel").substr(0, 100));
  std::string host_name = host.substr(0, host.find(':'));
  if (host_name.empty()) host_name = "keel";
  Response response =
      Response::text(200, "text/calendar; charset=utf-8",
                     TRY(meetings_calendar(http.transaction(), actor, from, to, host_name)));
  response.header("Content-Disposition", "attachment; filename=\"meetings.ics\"");
  return response;
}

Result<Response> vcard_export_handler(http::Context& http) {
  const auto caller = partners::Caller::from(http.who(), http.request.request_id);
  partners::ListQuery query;
  query.q = std::string(http.request.query_param("q").value_or(""));
  if (query.q.size() > kTextLengthMax) {
    return Error::validation("search_query_too_long", "at most 300 bytes", "q");
  }
  Response response = Response::text(200, "text/vcard; charset=utf-8",
                                     TRY(export_vcards(http.transaction(), caller, query)));
  response.header("Content-Disposition", "attachment; filename=\"contacts.vcf\"");
  return response;
}

Result<Response> vcard_import_handler(http::Context& http) {
  const Actor actor = TRY(actor_of(http, true));
  const bool commit = http.request.query_param("mode").value_or("dry_run") == "commit";
  const auto caller = partners::Caller::from(http.who(), http.request.request_id);
  const auto report =
      TRY(import_vcards(http.transaction(), actor, caller, http.request.body, commit));
  return Response::json(200, {{"mode", commit ? "commit" : "dry_run"},
                              {"contacts", report.contacts},
                              {"created", report.created},
                              {"duplicates", report.duplicates}});
}

}  // namespace

void register_channel_routes(http::Router& router) {
  using http::Method;
  using http::TxMode;
  auto email =
      route(Method::post, "/inbound-email",
            "File an inbound RFC 5322 message (from the mail relay) on the timeline "
            "its thread, sender partner or lead belongs to; an unknown sender becomes "
            "a lead",
            "crm.mail.receive", TxMode::write, {{"type", "string"}},
            {"email_malformed", "email_from_missing", "content_type_unsupported", "body_too_large"},
            inbound_email_handler, 201);
  email.request_content_type = "message/rfc822";
  router.add(std::move(email));
  auto calendar = route(Method::get, "/calendar.ics",
                        "Meetings as iCalendar (from, to: dates; default 30 days back to 180 on)",
                        "crm.activity.read", TxMode::read, nullptr,
                        {"list_parameter_invalid", "calendar_range_invalid"}, calendar_handler);
  calendar.response_content_type = "text/calendar";
  calendar.response_schema = {{"type", "string"}};
  calendar.query_params = {{"from", "first day, YYYY-MM-DD"}, {"to", "last day, YYYY-MM-DD"}};
  router.add(std::move(calendar));
  auto vcf = route(Method::get, "/contacts.vcf",
                   "Partners as vCard 3.0 (?q= narrows; own partners for an own-scoped grant)",
                   "partners.party.read", TxMode::read, nullptr, {"search_query_too_long"},
                   vcard_export_handler);
  vcf.response_content_type = "text/vcard";
  vcf.response_schema = {{"type", "string"}};
  router.add(std::move(vcf));
  auto import = route(Method::post, "/contacts/import",
                      "Import vCard contacts as prospect partners (?mode=dry_run|commit); "
                      "contacts whose email is known are skipped",
                      "crm.lead.import", TxMode::write, {{"type", "string"}},
                      {"vcard_empty", "vcard_malformed", "vcard_too_many", "import_rows_invalid",
                       "content_type_unsupported"},
                      vcard_import_handler);
  import.request_content_type = "text/vcard";
  import.query_params = {{ "mode", "dry_run (default) or commit" }};
  router.add(std::move(import));
}

}  // namespace keel::crm::detail
