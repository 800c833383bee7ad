// The pipeline routes: /api/v1/crm/stages, /teams, /campaigns, /opportunities, /pipeline,
// /forecast and /quotas.
#include "crm_routes.h"
#include "keel/core/limits.h"

namespace keel::crm::detail {
namespace {

using http::Response;
using nlohmann::json;

OpportunityInput read_opportunity(http::ObjectReader& in) {
  OpportunityInput o;
  o.title = in.required_string("title", kTextLengthMax);
  if (const auto p = optional_id(in, "partner_id")) o.partner_id = partners::PartyId(*p);
  if (const auto s = optional_id(in, "stage_id")) o.stage_id = StageId(*s);
  o.expected_revenue = in.optional_string("expected_revenue", 40).value_or("0");
  o.close_date = optional_date(in, "close_date");
  if (const auto u = optional_id(in, "owner_id")) o.owner_id = UserId(*u);
  if (const auto t = optional_id(in, "team_id")) o.team_id = TeamId(*t);
  if (const auto c = optional_id(in, "campaign_id")) o.campaign_id = CampaignId(*c);
  return o;
}

std::int64_t required_version(http::ObjectReader& in) {
  const auto version = in.optional_integer("version", 1, INT64_MAX);
  if (!version) in.fail("version", "field_required", "version is required");
  return version.value_or(0);
}

// ---- settings ---------------------------------------------------------------------------------

Result<Response> list_stages_handler(http::Context& http) {
  const Actor actor = TRY(actor_of(http));
  const auto items = TRY(list_stages(http.transaction(), actor));
  return Response::json(200, {{"items", json_list(items)}});
}

Stage read_stage(http::ObjectReader& in) {
  Stage stage;
  stage.name = in.required_string("name", kTextLengthMax);
  stage.probability =
      static_cast<int>(in.optional_integer("probability", -1000, 1000).value_or(-1));
  stage.sequence = static_cast<int>(in.optional_integer("sequence", 1, 1'000'000).value_or(0));
  stage.committed = in.optional_bool("committed").value_or(false);
  return stage;
}

Result<Response> create_stage_handler(http::Context& http) {
  const Actor actor = TRY(actor_of(http, true));
  const json body = TRY(http.json_body());
  http::ObjectReader in(body);
  const Stage stage = read_stage(in);
  TRY(in.finish());
  return Response::json(201, to_json(TRY(create_stage(http.transaction(), actor, stage))));
}

Result<Response> update_stage_handler(http::Context& http) {
  const Actor actor = TRY(actor_of(http, true));
  const StageId id(TRY(path_id(http, "stage_not_found")));
  const json body = TRY(http.json_body());
  http::ObjectReader in(body);
  const Stage stage = read_stage(in);
  const std::int64_t version = required_version(in);
  TRY(in.finish());
  return Response::json(200,
                        to_json(TRY(update_stage(http.transaction(), actor, id, version, stage))));
}

Result<Response> list_teams_handler(http::Context& http) {
  const Actor actor = TRY(actor_of(http));
  const auto items = TRY(list_teams(http.transaction(), actor));
  return Response::json(200, {{"items", json_list(items)}});
}

Result<Response> create_team_handler(http::Context& http) {
  const Actor actor = TRY(actor_of(http, true));
  const json body = TRY(http.json_body());
  http::ObjectReader in(body);
  Team team;
  team.name = in.required_string("name", kTextLengthMax);
  team.leader_id = UserId(optional_id(in, "leader_id").value_or(0));
  if (!in.has("leader_id")) in.fail("leader_id", "field_required", "leader_id is required");
  if (const json* members = in.optional_value("members")) {
    if (!members->is_array() || members->size() > kTeamMembersMax) {
      in.fail("members", "team_members_too_many", "an array of at most 200 user ids");
    } else {
      for (const auto& m : *members) {
        if (!m.is_number_integer() || m.get<std::int64_t>() < 1) {
          in.fail("members", "field_type_invalid", "user ids");
          break;
        }
        team.members.push_back(UserId(m.get<std::int64_t>()));
      }
    }
  }
  TRY(in.finish());
  return Response::json(201, to_json(TRY(create_team(http.transaction(), actor, team))));
}

Result<Response> list_campaigns_handler(http::Context& http) {
  const Actor actor = TRY(actor_of(http));
  const auto items = TRY(list_campaigns(http.transaction(), actor));
  return Response::json(200, {{"items", json_list(items)}});
}

Result<Response> create_campaign_handler(http::Context& http) {
  const Actor actor = TRY(actor_of(http, true));
  const json body = TRY(http.json_body());
  http::ObjectReader in(body);
  Campaign campaign;
  campaign.name = in.required_string("name", kTextLengthMax);
  campaign.code = in.required_string("code", 64);
  campaign.channel = in.required_string("channel", 20);
  campaign.budget = Money::zero(actor.context.company_currency);
  if (const auto budget = in.optional_string("budget", 40)) {
    auto parsed = Money::parse(*budget, actor.context.company_currency);
    if (parsed.ok())
      campaign.budget = *parsed;
    else
      in.fail("budget", parsed.error());
  }
  campaign.starts_on = optional_date(in, "starts_on");
  campaign.ends_on = optional_date(in, "ends_on");
  TRY(in.finish());
  return Response::json(201, to_json(TRY(create_campaign(http.transaction(), actor, campaign))));
}

// ---- opportunities -----------------------------------------------------------------------------

Result<Response> list_handler(http::Context& http) {
  const Actor actor = TRY(actor_of(http));
  OpportunityQuery query;
  query.state = std::string(http.request.query_param("state").value_or(""));
  query.q = std::string(http.request.query_param("q").value_or(""));
  if (const auto v = TRY(query_integer(http, "stage_id", INT64_MAX)); v > 0)
    query.stage_id = StageId(v);
  if (const auto v = TRY(query_integer(http, "owner_id", INT64_MAX)); v > 0)
    query.owner_id = UserId(v);
  if (const auto v = TRY(query_integer(http, "team_id", INT64_MAX)); v > 0)
    query.team_id = TeamId(v);
  if (const auto v = TRY(query_integer(http, "partner_id", INT64_MAX)); v > 0) {
    query.partner_id = partners::PartyId(v);
  }
  query.after_id = TRY(query_integer(http, "after", INT64_MAX));
  query.limit = TRY(query_limit(http));
  const auto page = TRY(list_opportunities(http.transaction(), actor, query));
  return Response::json(200, json_page(page.items, page.next_cursor));
}

Result<Response> create_handler(http::Context& http) {
  const Actor actor = TRY(actor_of(http, true));
  const json body = TRY(http.json_body());
  http::ObjectReader in(body);
  const OpportunityInput input = read_opportunity(in);
  TRY(in.finish());
  const auto created = TRY(create_opportunity(http.transaction(), actor, input));
  Response response = Response::json(201, to_json(created));
  response.header("Location",
                  std::string(kBase) + "/opportunities/" + std::to_string(created.id.value()));
  return response;
}

Result<Response> get_handler(http::Context& http) {
  const Actor actor = TRY(actor_of(http));
  const OpportunityId id(TRY(path_id(http, "opportunity_not_found")));
  return Response::json(200, to_json(TRY(get_opportunity(http.transaction(), actor, id))));
}

Result<Response> replace_handler(http::Context& http) {
  const Actor actor = TRY(actor_of(http, true));
  const OpportunityId id(TRY(path_id(http, "opportunity_not_found")));
  const json body = TRY(http.json_body());
  http::ObjectReader in(body);
  const OpportunityInput input = read_opportunity(in);
  const std::int64_t version = required_version(in);
  TRY(in.finish());
  return Response::json(
      200, to_json(TRY(update_opportunity(http.transaction(), actor, id, version, input))));
}

Result<Response> move_handler(http::Context& http) {
  const Actor actor = TRY(actor_of(http, true));
  const OpportunityId id(TRY(path_id(http, "opportunity_not_found")));
  const json body = TRY(http.json_body());
  http::ObjectReader in(body);
  const std::int64_t version = required_version(in);
  const auto stage = optional_id(in, "stage_id");
  if (!stage) in.fail("stage_id", "field_required", "stage_id is required");
  TRY(in.finish());
  return Response::json(
      200, to_json(TRY(move_opportunity(http.transaction(), actor, id, version, StageId(*stage)))));
}

Result<Response> win_handler(http::Context& http) {
  const Actor actor = TRY(actor_of(http, true));
  const OpportunityId id(TRY(path_id(http, "opportunity_not_found")));
  const json body = TRY(http.json_body());
  http::ObjectReader in(body);
  const std::int64_t version = required_version(in);
  std::optional<sales::QuoteId> quote;
  if (const auto q = optional_id(in, "quote_id")) quote = sales::QuoteId(*q);
  TRY(in.finish());
  return Response::json(
      200, to_json(TRY(win_opportunity(http.transaction(), actor, id, version, quote))));
}

Result<Response> lose_handler(http::Context& http) {
  const Actor actor = TRY(actor_of(http, true));
  const OpportunityId id(TRY(path_id(http, "opportunity_not_found")));
  const json body = TRY(http.json_body());
  http::ObjectReader in(body);
  const std::int64_t version = required_version(in);
  const std::string reason = in.optional_string("reason", kTextLengthMax).value_or("");
  TRY(in.finish());
  return Response::json(
      200, to_json(TRY(lose_opportunity(http.transaction(), actor, id, version, reason))));
}

Result<Response> reopen_handler(http::Context& http) {
  const Actor actor = TRY(actor_of(http, true));
  const OpportunityId id(TRY(path_id(http, "opportunity_not_found")));
  const json body = TRY(http.json_body());
  http::ObjectReader in(body);
  const std::int64_t version = required_version(in);
  TRY(in.finish());
  return Response::json(200,
                        to_json(TRY(reopen_opportunity(http.transaction(), actor, id, version))));
}

Result<Response> quote_handler(http::Context& http) {
  const Actor actor = TRY(actor_of(http, true));
  const OpportunityId id(TRY(path_id(http, "opportunity_not_found")));
  const json body = TRY(http.json_body());
  http::ObjectReader in(body);
  sales::QuoteRequest request;
  request.currency = in.optional_string("currency", 3).value_or("");
  request.valid_until = optional_date(in, "valid_until");
  const json* lines = in.optional_value("lines");
  if (!lines || !lines->is_array()) {
    in.fail("lines", "field_required", "lines is an array of {product_id, quantity}");
  } else if (lines->size() > 500) {
    in.fail("lines", "quote_lines_too_many", "at most 500 lines");
  } else {
    for (std::size_t i = 0; i < lines->size(); ++i) {
      http::ObjectReader line_in((*lines)[i], "lines/" + std::to_string(i));
      sales::QuoteRequestLine line;
      line.product_id = inventory::ProductId(optional_id(line_in, "product_id").value_or(0));
      if (!line_in.has("product_id")) line_in.fail("product_id", "field_required", "required");
      const std::string quantity = line_in.required_string("quantity", 40);
      if (auto q = Quantity::parse(quantity); q.ok())
        line.quantity = *q;
      else if (!quantity.empty())
        line_in.fail("quantity", "quantity_invalid", "a decimal quantity");
      line.discount_percent = line_in.optional_string("discount_percent", 40).value_or("");
      TRY(line_in.finish());
      request.lines.push_back(line);
    }
  }
  TRY(in.finish());
  return Response::json(200,
                        to_json(TRY(quote_opportunity(http.transaction(), actor, id, request))));
}

Result<Response> pipeline_handler(http::Context& http) {
  const Actor actor = TRY(actor_of(http));
  std::optional<UserId> owner;
  std::optional<TeamId> team;
  if (const auto v = TRY(query_integer(http, "owner_id", INT64_MAX)); v > 0) owner = UserId(v);
  if (const auto v = TRY(query_integer(http, "team_id", INT64_MAX)); v > 0) team = TeamId(v);
  std::int64_t cards = TRY(query_integer(http, "cards", kCardsPerStageMax));
  if (!http.request.query_param("cards")) cards = 20;
  return Response::json(200, to_json(TRY(pipeline(http.transaction(), actor, owner, team, cards))));
}

Result<Response> forecast_handler(http::Context& http) {
  Actor actor = TRY(actor_of(http));
  // The forecast follows its own grant: an own-scoped forecast is one's own and one's teams'.
  actor.opportunities = std::min(actor.opportunities, http.who().scope("crm.forecast.read"));
  ForecastQuery query;
  query.from_month = std::string(http.request.query_param("from").value_or(""));
  query.to_month = std::string(http.request.query_param("to").value_or(query.from_month));
  query.group_by = std::string(http.request.query_param("group_by").value_or("owner"));
  const auto rows = TRY(forecast(http.transaction(), actor, query));
  return Response::json(200, {{"currency", std::string(actor.context.company_currency.code())},
                              {"rows", json_list(rows)}});
}

Result<Response> list_quotas_handler(http::Context& http) {
  const Actor actor = TRY(actor_of(http));
  const auto items =
      TRY(list_quotas(http.transaction(), actor, http.request.query_param("month").value_or("")));
  return Response::json(200, {{"items", json_list(items)}});
}

Result<Response> set_quota_handler(http::Context& http) {
  const Actor actor = TRY(actor_of(http, true));
  const json body = TRY(http.json_body());
  http::ObjectReader in(body);
  Quota quota;
  quota.user_id = UserId(optional_id(in, "user_id").value_or(0));
  if (!in.has("user_id")) in.fail("user_id", "field_required", "user_id is required");
  quota.month = in.required_string("month", 7);
  quota.amount = Money::zero(actor.context.company_currency);
  const std::string amount = in.required_string("amount", 40);
  if (!amount.empty()) {
    auto parsed = Money::parse(amount, actor.context.company_currency);
    if (parsed.ok())
      quota.amount = *parsed;
    else
      in.fail("amount", parsed.error());
  }
  TRY(in.finish());
  return Response::json(200, to_json(TRY(set_quota(http.transaction(), actor, quota))));
}

}  // namespace

void register_pipeline_routes(http::Router& router) {
  using http::Method;
  using http::TxMode;
  const json object = {{"type", "object"}};
  router.add(route(Method::get, "/stages", "Pipeline stages in order", "crm.settings.read",
                   TxMode::read, nullptr, {}, list_stages_handler));
  router.add(route(
      Method::post, "/stages", "Add a pipeline stage", "crm.settings.write", TxMode::write, object,
      {"input_invalid", "stage_name_invalid", "stage_probability_invalid", "stages_too_many"},
      create_stage_handler, 201));
  router.add(route(Method::put, "/stages/{id}", "Change a stage (name, order, probability)",
                   "crm.settings.write", TxMode::write, object,
                   {"input_invalid", "stage_not_found", "version_conflict", "stage_name_invalid",
                    "stage_probability_invalid"},
                   update_stage_handler));
  router.add(route(Method::get, "/teams", "Sales teams", "crm.settings.read", TxMode::read, nullptr,
                   {}, list_teams_handler));
  router.add(route(Method::post, "/teams", "Create a sales team", "crm.settings.write",
                   TxMode::write, object,
                   {"input_invalid", "team_name_invalid", "team_name_taken", "user_not_found",
                    "team_members_too_many"},
                   create_team_handler, 201));
  router.add(route(Method::get, "/campaigns", "Campaigns", "crm.settings.read", TxMode::read,
                   nullptr, {}, list_campaigns_handler));
  router.add(route(
      Method::post, "/campaigns", "Create a campaign", "crm.settings.write", TxMode::write, object,
      {"input_invalid", "campaign_name_invalid", "campaign_code_invalid", "campaign_code_taken",
       "campaign_channel_invalid", "campaign_dates_invalid", "amount_negative"},
      create_campaign_handler, 201));

  const std::vector<std::string> input_errors = {
      "input_invalid",  "stage_not_found",    "partner_not_found", "user_not_found",
      "team_not_found", "campaign_not_found", "permission_denied"};
  router.add(route(Method::get, "/opportunities",
                   "List opportunities (own and team ones for an own-scoped grant)",
                   "crm.opportunity.read", TxMode::read, nullptr,
                   {"list_parameter_invalid", "opportunity_state_invalid", "search_query_too_long"},
                   list_handler));
  router.add(route(Method::post, "/opportunities", "Open an opportunity", "crm.opportunity.write",
                   TxMode::write, object, input_errors, create_handler, 201));
  router.add(route(Method::get, "/opportunities/{id}", "An opportunity", "crm.opportunity.read",
                   TxMode::read, nullptr, {"opportunity_not_found"}, get_handler));
  auto replace_errors = input_errors;
  replace_errors.insert(replace_errors.end(),
                        {"opportunity_not_found", "version_conflict", "opportunity_state_invalid"});
  router.add(route(Method::put, "/opportunities/{id}", "Replace an open opportunity's fields",
                   "crm.opportunity.write", TxMode::write, object, replace_errors,
                   replace_handler));
  const std::vector<std::string> command_errors = {"input_invalid", "opportunity_not_found",
                                                   "version_conflict", "opportunity_state_invalid"};
  auto with = [&](std::vector<std::string> more) {
    auto all = command_errors;
    all.insert(all.end(), more.begin(), more.end());
    return all;
  };
  router.add(route(Method::post, "/opportunities/{id}/move", "Move to another stage (kanban)",
                   "crm.opportunity.write", TxMode::write, object, with({"stage_not_found"}),
                   move_handler));
  router.add(route(Method::post, "/opportunities/{id}/win",
                   "Mark won, optionally linking a quote of the same partner",
                   "crm.opportunity.write", TxMode::write, object,
                   with({"quote_not_found", "quote_partner_mismatch"}), win_handler));
  router.add(route(Method::post, "/opportunities/{id}/lose", "Mark lost with a reason",
                   "crm.opportunity.write", TxMode::write, object, with({"lost_reason_required"}),
                   lose_handler));
  router.add(route(Method::post, "/opportunities/{id}/reopen", "Reopen a lost opportunity",
                   "crm.opportunity.write", TxMode::write, object, command_errors, reopen_handler));
  router.add(route(
      Method::post, "/opportunities/{id}/quote",
      "Open a quote in sales for the opportunity's partner and link it", "crm.opportunity.write",
      TxMode::write, object,
      with({"opportunity_partner_missing", "quote_already_linked", "field_required",
            "quote_lines_missing", "quote_lines_too_many", "product_not_found", "quantity_invalid",
            "discount_invalid", "currency_invalid", "valid_until_invalid", "permission_denied"}),
      quote_handler));
  auto pipeline_route = route(Method::get, "/pipeline",
                              "The kanban: stages with counts, expected and weighted sums, the "
                              "first cards by close date, and the win rate",
                              "crm.opportunity.read", TxMode::read, nullptr,
                              {"list_parameter_invalid"}, pipeline_handler);
  pipeline_route.query_params = {{"owner_id", "only this owner's"},
                                 {"team_id", "only this team's"},
                                 {"cards", "cards per stage, 0 to 100 (default 20)"}};
  router.add(std::move(pipeline_route));
  auto forecast_route =
      route(Method::get, "/forecast",
            "Pipeline, weighted, committed and won per owner or team and "
            "month, with quotas and attainment",
            "crm.forecast.read", TxMode::read, nullptr,
            {"forecast_month_invalid", "forecast_range_too_long", "forecast_group_invalid"},
            forecast_handler);
  forecast_route.query_params = {{"from", "first month, YYYY-MM"},
                                 {"to", "last month, YYYY-MM"},
                                 {"group_by", "owner (default) or team"}};
  router.add(std::move(forecast_route));
  router.add(route(Method::get, "/quotas", "Quotas (?month=YYYY-MM)", "crm.forecast.read",
                   TxMode::read, nullptr, {"forecast_month_invalid"}, list_quotas_handler));
  router.add(route(Method::put, "/quotas", "Set a salesperson's quota for a month",
                   "crm.settings.write", TxMode::write, object,
                   {"input_invalid", "forecast_month_invalid", "amount_negative", "user_not_found"},
                   set_quota_handler));
}

}  // namespace keel::crm::detail
