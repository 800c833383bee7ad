// The lead routes: /api/v1/crm/leads, /leads/import, /forms, /scoring-rules and the public
// form endpoint /api/v1/crm/forms/{token}/submit.
#include "crm_routes.h"
#include "keel/core/limits.h"

namespace keel::crm::detail {
namespace {

using http::Response;
using nlohmann::json;

LeadInput read_lead(http::ObjectReader& in) {
  LeadInput lead;
  lead.contact_name = in.required_string("contact_name", kTextLengthMax);
  lead.company_name = in.optional_string("company_name", kTextLengthMax).value_or("");
  lead.email = in.optional_string("email", limits::kEmailLengthMax).value_or("");
  lead.phone = in.optional_string("phone", kPhoneLengthMax).value_or("");
  lead.website = in.optional_string("website", kTextLengthMax).value_or("");
  lead.country = in.optional_string("country", 2).value_or("");
  lead.employees = in.optional_integer("employees", 0, kEmployeesMax);
  lead.message = in.optional_string("message", kMessageLengthMax).value_or("");
  lead.source = in.optional_string("source", 20).value_or("api");
  if (const auto c = optional_id(in, "campaign_id")) lead.campaign_id = CampaignId(*c);
  if (const auto o = optional_id(in, "owner_id")) lead.owner_id = UserId(*o);
  if (const auto t = optional_id(in, "team_id")) lead.team_id = TeamId(*t);
  return lead;
}

json lead_with_duplicates(const Lead& lead, const std::vector<Duplicate>& duplicates) {
  json out = to_json(lead);
  out["duplicates"] = json_list(duplicates);
  return out;
}

Result<Response> list_handler(http::Context& http) {
  const Actor actor = TRY(actor_of(http));
  LeadQuery query;
  query.state = std::string(http.request.query_param("state").value_or(""));
  query.q = std::string(http.request.query_param("q").value_or(""));
  if (const auto owner = TRY(query_integer(http, "owner_id", INT64_MAX)); owner > 0) {
    query.owner_id = UserId(owner);
  }
  query.after_id = TRY(query_integer(http, "after", INT64_MAX));
  query.limit = TRY(query_limit(http));
  const auto page = TRY(list_leads(http.transaction(), actor, query));
  return Response::json(200, json_page(page.items, page.next_cursor));
}

Result<Response> create_handler(http::Context& http) {
  const Actor actor = TRY(actor_of(http, true));
  const json body = TRY(http.json_body());
  http::ObjectReader in(body);
  const LeadInput input = read_lead(in);
  TRY(in.finish());
  const auto created = TRY(create_lead(http.transaction(), actor, input));
  Response response = Response::json(201, lead_with_duplicates(created.lead, created.duplicates));
  response.header("Location",
                  std::string(kBase) + "/leads/" + std::to_string(created.lead.id.value()));
  return response;
}

Result<Response> get_handler(http::Context& http) {
  const Actor actor = TRY(actor_of(http));
  const Lead lead =
      TRY(get_lead(http.transaction(), actor, LeadId(TRY(path_id(http, "lead_not_found")))));
  return Response::json(
      200, lead_with_duplicates(lead, TRY(lead_duplicates(http.transaction(), actor, lead))));
}

Result<Response> replace_handler(http::Context& http) {
  const Actor actor = TRY(actor_of(http, true));
  const LeadId id(TRY(path_id(http, "lead_not_found")));
  const json body = TRY(http.json_body());
  http::ObjectReader in(body);
  const LeadInput input = read_lead(in);
  const auto version = in.optional_integer("version", 1, INT64_MAX);
  if (!version) in.fail("version", "field_required", "version is required");
  TRY(in.finish());
  return Response::json(200,
                        to_json(TRY(update_lead(http.transaction(), actor, id, *version, input))));
}

Result<Response> qualify_handler(http::Context& http) {
  const Actor actor = TRY(actor_of(http, true));
  const LeadId id(TRY(path_id(http, "lead_not_found")));
  const std::int64_t version = TRY(body_version(TRY(http.json_body())));
  return Response::json(200, to_json(TRY(qualify_lead(http.transaction(), actor, id, version))));
}

Result<Response> disqualify_handler(http::Context& http) {
  const Actor actor = TRY(actor_of(http, true));
  const LeadId id(TRY(path_id(http, "lead_not_found")));
  const json body = TRY(http.json_body());
  http::ObjectReader in(body);
  const auto version = in.optional_integer("version", 1, INT64_MAX);
  if (!version) in.fail("version", "field_required", "version is required");
  const std::string reason = in.optional_string("reason", kTextLengthMax).value_or("");
  TRY(in.finish());
  return Response::json(
      200, to_json(TRY(disqualify_lead(http.transaction(), actor, id, *version, reason))));
}

Result<Response> convert_handler(http::Context& http) {
  const Actor actor = TRY(actor_of(http, true));
  const LeadId id(TRY(path_id(http, "lead_not_found")));
  const json body = TRY(http.json_body());
  http::ObjectReader in(body);
  const auto version = in.optional_integer("version", 1, INT64_MAX);
  if (!version) in.fail("version", "field_required", "version is required");
  ConvertRequest request;
  if (const auto p = optional_id(in, "partner_id")) request.partner_id = partners::PartyId(*p);
  request.title = in.optional_string("title", kTextLengthMax).value_or("");
  request.expected_revenue = in.optional_string("expected_revenue", 40).value_or("");
  request.close_date = optional_date(in, "close_date");
  if (const auto s = optional_id(in, "stage_id")) request.stage_id = StageId(*s);
  TRY(in.finish());
  const auto converted = TRY(convert_lead(http.transaction(), actor, id, *version, request));
  return Response::json(200, {{"lead", to_json(converted.lead)},
                              {"partner_id", converted.partner_id.value()},
                              {"partner_created", converted.partner_created},
                              {"opportunity_id", converted.opportunity_id.value()}});
}

Result<Response> import_handler(http::Context& http) {
  const Actor actor = TRY(actor_of(http, true));
  const bool commit = http.request.query_param("mode").value_or("dry_run") == "commit";
  const auto report = TRY(import_leads(http.transaction(), actor, http.request.body, commit));
  json errors = json::array();
  for (const auto& e : report.errors) {
    errors.push_back({{"field", e.field}, {"code", e.code}, {"message", e.message}});
  }
  return Response::json(200, {{"mode", commit ? "commit" : "dry_run"},
                              {"rows", report.rows},
                              {"created", report.created},
                              {"duplicates", report.duplicates},
                              {"errors", errors}});
}

Result<Response> list_forms_handler(http::Context& http) {
  const Actor actor = TRY(actor_of(http));
  const auto items = TRY(list_web_forms(http.transaction(), actor));
  return Response::json(200, {{"items", json_list(items)}});
}

Result<Response> create_form_handler(http::Context& http) {
  const Actor actor = TRY(actor_of(http, true));
  const json body = TRY(http.json_body());
  http::ObjectReader in(body);
  WebForm form;
  form.name = in.required_string("name", kTextLengthMax);
  if (const auto c = optional_id(in, "campaign_id")) form.campaign_id = CampaignId(*c);
  form.owner_id = UserId(optional_id(in, "owner_id").value_or(actor.user().value()));
  if (const auto t = optional_id(in, "team_id")) form.team_id = TeamId(*t);
  if (const auto rate = in.optional_integer("submissions_per_hour", INT32_MIN, INT32_MAX)) {
    form.submissions_per_hour = *rate;
  }
  TRY(in.finish());
  return Response::json(201, to_json(TRY(create_web_form(http.transaction(), actor, form))));
}

// The public endpoint: an HTML form posts here from any website, without a login. Only the
// fields below are read; everything is checked and stored as data, never as SQL or markup.
Result<Response> submit_handler(http::Context& http) {
  if (http.request.body.size() > kFormBodyMax) {
    return Error(ErrorKind::too_large, "form_too_large",
                 "a form submission is at most " + std::to_string(kFormBodyMax) + " bytes");
  }
  const auto fields = TRY(http.form_body());
  const auto field = [&](const char* name) -> std::string {
    const auto found = fields.find(name);
    return found == fields.end() ? std::string() : found->second;
  };
  FormSubmission submission;
  submission.remote = http.request.remote_ip;
  submission.name = field("name");
  submission.company = field("company");
  submission.email = field("email");
  submission.phone = field("phone");
  submission.message = field("message");
  submission.trap = field("website_url");
  submission.campaign_code = field("utm_campaign");
  // Two transactions: the count commits even when the submission is then refused.
  const std::string& token = http.request.path_params.at("token");
  const auto counted = TRY(http.database.write(
      [&](db::Tx& tx) { return count_form_submission(tx, http.clock, token, submission.remote); }));
  const auto outcome = TRY(http.database.write(
      [&](db::Tx& tx) { return file_form_submission(tx, http.clock, counted, submission); }));
  (void)outcome;  // a robot caught by the honeypot gets the same answer as a person
  return Response::json(202, {{"accepted", true}});
}

Result<Response> get_rules_handler(http::Context& http) {
  const Actor actor = TRY(actor_of(http));
  const auto rules = TRY(list_scoring_rules(http.transaction(), actor));
  return Response::json(200, {{"rules", json_list(rules)}});
}

Result<Response> put_rules_handler(http::Context& http) {
  const Actor actor = TRY(actor_of(http, true));
  const json body = TRY(http.json_body());
  http::ObjectReader in(body);
  std::vector<ScoringRule> rules;
  if (const json* list = in.optional_value("rules");
      list && list->is_array() && list->size() <= kScoringRulesMax) {
    for (std::size_t i = 0; i < list->size(); ++i) {
      http::ObjectReader rule_in((*list)[i], "rules/" + std::to_string(i));
      ScoringRule rule;
      rule.kind = rule_in.required_string("kind", 20);
      rule.field = rule_in.optional_string("field", 40).value_or("");
      rule.value = rule_in.optional_string("value", kTextLengthMax).value_or("");
      rule.points =
          rule_in.optional_integer("points", -kScorePointsMax, kScorePointsMax).value_or(0);
      TRY(rule_in.finish());
      rules.push_back(rule);
    }
  } else if (!in.has("rules")) {
    in.fail("rules", "field_required", "rules is required (an empty array clears them)");
  } else {
    in.fail("rules", "scoring_rules_too_many",
            "rules is an array of at most " + std::to_string(kScoringRulesMax) + " rules");
  }
  TRY(in.finish());
  const auto stored = TRY(replace_scoring_rules(http.transaction(), actor, rules));
  return Response::json(200, {{"rules", json_list(stored)}});
}

}  // namespace

void register_lead_routes(http::Router& router) {
  using http::Method;
  using http::TxMode;
  const json object = {{"type", "object"}};
  const std::vector<std::string> input_errors = {"input_invalid", "user_not_found",
                                                 "team_not_found", "campaign_not_found",
                                                 "permission_denied"};
  router.add(route(Method::get, "/leads",
                   "List leads (newest first; own and team leads for an own-scoped grant)",
                   "crm.lead.read", TxMode::read, nullptr,
                   {"list_parameter_invalid", "lead_state_invalid", "search_query_too_long"},
                   list_handler));
  router.add(route(Method::post, "/leads", "Capture a lead (scored; duplicates listed)",
                   "crm.lead.write", TxMode::write, object, input_errors, create_handler, 201));
  router.add(route(Method::get, "/leads/{id}", "A lead with its possible duplicates",
                   "crm.lead.read", TxMode::read, nullptr, {"lead_not_found"}, get_handler));
  auto replace_errors = input_errors;
  replace_errors.insert(replace_errors.end(),
                        {"lead_not_found", "version_conflict", "lead_state_invalid"});
  router.add(route(Method::put, "/leads/{id}", "Replace a lead's fields", "crm.lead.write",
                   TxMode::write, object, replace_errors, replace_handler));
  router.add(route(Method::post, "/leads/{id}/qualify", "Qualify a new lead", "crm.lead.write",
                   TxMode::write, object,
                   {"input_invalid", "lead_not_found", "version_conflict", "lead_state_invalid"},
                   qualify_handler));
  router.add(route(Method::post, "/leads/{id}/disqualify", "Disqualify a lead with a reason",
                   "crm.lead.write", TxMode::write, object,
                   {"input_invalid", "lead_not_found", "version_conflict", "lead_state_invalid",
                    "disqualify_reason_required"},
                   disqualify_handler));
  router.add(route(Method::post, "/leads/{id}/convert",
                   "Convert a lead: link or create its partner and open an opportunity",
                   "crm.lead.write", TxMode::write, object,
                   {"input_invalid", "lead_not_found", "version_conflict", "lead_state_invalid",
                    "partner_not_found", "stage_not_found", "user_not_found", "permission_denied"},
                   convert_handler));
  auto import = route(Method::post, "/leads/import", "Import leads from CSV (?mode=dry_run|commit)",
                      "crm.lead.import", TxMode::write, {{"type", "string"}},
                      {"import_encoding_invalid", "import_csv_malformed", "import_too_many_rows",
                       "import_header_missing", "import_column_unknown", "import_rows_invalid"},
                      import_handler);
  import.request_content_type = "text/csv";
  import.query_params = {{ "mode", "dry_run (default: validate only) or commit" }};
  router.add(std::move(import));
  router.add(route(Method::get, "/forms", "Public lead capture forms", "crm.settings.read",
                   TxMode::read, nullptr, {}, list_forms_handler));
  router.add(route(Method::post, "/forms", "Create a public lead capture form",
                   "crm.settings.write", TxMode::write, object,
                   {"input_invalid", "form_name_invalid", "form_rate_invalid", "user_not_found",
                    "team_not_found", "campaign_not_found"},
                   create_form_handler, 201));
  auto submit = route(Method::post, "/forms/{token}/submit",
                      "Submit a public form (no login; rate-limited per address; fields name, "
                      "company, email, phone, message, utm_campaign; website_url must stay empty)",
                      "", TxMode::none, {{"type", "object"}},
                      {"form_not_found", "form_rate_limited", "form_too_large", "input_invalid",
                       "form_body_malformed", "content_type_unsupported"},
                      submit_handler, 202);
  submit.access = http::Access::open;
  submit.request_content_type = "application/x-www-form-urlencoded";
  router.add(std::move(submit));
  router.add(route(Method::get, "/scoring-rules", "Lead scoring rules", "crm.settings.read",
                   TxMode::read, nullptr, {}, get_rules_handler));
  router.add(route(Method::put, "/scoring-rules",
                   "Replace the scoring rules and rescore open leads", "crm.settings.write",
                   TxMode::write, object, {"input_invalid", "scoring_rules_too_many"},
                   put_rules_handler));
}

}  // namespace keel::crm::detail
