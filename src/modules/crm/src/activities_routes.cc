// The activity routes: /api/v1/crm/activities, /timeline and /reminders.
#include "crm_routes.h"

namespace keel::crm::detail {
namespace {

using http::Response;
using nlohmann::json;

Result<Response> create_handler(http::Context& http) {
  const Actor actor = TRY(actor_of(http, true));
  const json body = TRY(http.json_body());
  http::ObjectReader in(body);
  ActivityInput input;
  input.kind = in.required_string("kind", 20);
  input.subject = in.required_string("subject", kTextLengthMax);
  input.body = in.optional_string("body", kMessageLengthMax).value_or("");
  input.direction = in.optional_string("direction", 20).value_or("");
  input.channel = in.optional_string("channel", 50).value_or("");
  if (const auto v = optional_id(in, "partner_id")) input.partner_id = partners::PartyId(*v);
  if (const auto v = optional_id(in, "opportunity_id")) input.opportunity_id = OpportunityId(*v);
  if (const auto v = optional_id(in, "lead_id")) input.lead_id = LeadId(*v);
  if (const auto v = optional_id(in, "user_id")) input.user_id = UserId(*v);
  input.due_date = optional_date(in, "due_date");
  input.starts_at = in.optional_string("starts_at", 40);
  input.ends_at = in.optional_string("ends_at", 40);
  input.message_id = in.optional_string("message_id", 998);
  input.done = in.optional_bool("done").value_or(false);
  TRY(in.finish());
  return Response::json(201, to_json(TRY(log_activity(http.transaction(), actor, input))));
}

Result<Response> get_handler(http::Context& http) {
  const Actor actor = TRY(actor_of(http));
  const ActivityId id(TRY(path_id(http, "activity_not_found")));
  return Response::json(200, to_json(TRY(get_activity(http.transaction(), actor, id))));
}

Result<Response> complete_handler(http::Context& http) {
  const Actor actor = TRY(actor_of(http, true));
  const ActivityId id(TRY(path_id(http, "activity_not_found")));
  const std::int64_t version = TRY(body_version(TRY(http.json_body())));
  return Response::json(200, to_json(TRY(complete_task(http.transaction(), actor, id, version))));
}

Result<Response> timeline_handler(http::Context& http) {
  const Actor actor = TRY(actor_of(http));
  TimelineQuery query;
  if (const auto v = TRY(query_integer(http, "partner_id", INT64_MAX)); v > 0) {
    query.partner_id = partners::PartyId(v);
  }
  if (const auto v = TRY(query_integer(http, "opportunity_id", INT64_MAX)); v > 0) {
    query.opportunity_id = OpportunityId(v);
  }
  if (const auto v = TRY(query_integer(http, "lead_id", INT64_MAX)); v > 0)
    query.lead_id = LeadId(v);
  query.before_id = TRY(query_integer(http, "before", INT64_MAX));
  query.limit = TRY(query_limit(http));
  const auto page = TRY(timeline(http.transaction(), actor, query));
  return Response::json(200, json_page(page.items, page.next_cursor));
}

Result<Response> reminders_handler(http::Context& http) {
  const Actor actor = TRY(actor_of(http));
  const auto overdue = TRY(overdue_tasks(http.transaction(), actor, TRY(query_limit(http))));
  return Response::json(200, {{"overdue", json_list(overdue)}});
}

}  // namespace

void register_activity_routes(http::Router& router) {
  using http::Method;
  using http::TxMode;
  router.add(route(Method::post, "/activities",
                   "Log a call, email, meeting, note, task or message on a partner, opportunity "
                   "or lead",
                   "crm.activity.write", TxMode::write, {{"type", "object"}},
                   {"input_invalid", "partner_not_found", "opportunity_not_found", "lead_not_found",
                    "user_not_found"},
                   create_handler, 201));
  router.add(route(Method::get, "/activities/{id}", "An activity", "crm.activity.read",
                   TxMode::read, nullptr, {"activity_not_found"}, get_handler));
  router.add(route(Method::post, "/activities/{id}/complete", "Mark a task done",
                   "crm.activity.write", TxMode::write, {{"type", "object"}},
                   {"input_invalid", "activity_not_found", "version_conflict",
                    "activity_not_a_task", "activity_done"},
                   complete_handler));
  auto timeline_route = route(Method::get, "/timeline",
                              "Activities of one partner, opportunity or lead, newest first",
                              "crm.activity.read", TxMode::read, nullptr,
                              {"timeline_target_missing", "list_parameter_invalid",
                               "partner_not_found", "opportunity_not_found", "lead_not_found"},
                              timeline_handler);
  timeline_route.query_params = {{"partner_id", "a partner's timeline"},
                                 {"opportunity_id", "an opportunity's timeline"},
                                 {"lead_id", "a lead's timeline"},
                                 {"before", "cursor: activities older than this id"},
                                 {"limit", "page size"}};
  router.add(std::move(timeline_route));
  router.add(route(
      Method::get, "/reminders", "The caller's overdue tasks (and their teams' for team leaders)",
      "crm.activity.read", TxMode::read, nullptr, {"list_parameter_invalid"}, reminders_handler));
}

}  // namespace keel::crm::detail
