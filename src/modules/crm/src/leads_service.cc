// Leads: validation, duplicates, scoring, the state machine and conversion.
#include <algorithm>
#include <array>

#include "crm_internal.h"
#include "keel/auth/auth_api.h"
#include "keel/core/assert.h"
#include "keel/core/utf8.h"

namespace keel::crm::detail {
namespace {

constexpr std::string_view kLeadColumns =
    "id, contact_name, company_name, email, phone, website, country, employees, message, "
    "source, campaign_id, owner_id, team_id, form_id, state, score, disqualify_reason, "
    "partner_id, opportunity_id, created_at, updated_at, version";

constexpr std::array<std::string_view, 7> kSources = {"api",   "web_form", "import",  "email",
                                                      "phone", "social",   "referral"};

Lead lead_of(const db::Row& row) {
  Lead lead;
  lead.id = LeadId(row.integer(0));
  auto& in = lead.input;
  in.contact_name = row.text(1);
  in.company_name = row.text(2);
  in.email = row.text(3);
  in.phone = row.text(4);
  in.website = row.text(5);
  in.country = row.text(6);
  in.employees = row.optional_integer(7);
  in.message = row.text(8);
  in.source = row.text(9);
  if (const auto c = row.optional_integer(10)) in.campaign_id = CampaignId(*c);
  lead.owner_id = UserId(row.integer(11));
  in.owner_id = lead.owner_id;
  if (const auto t = row.optional_integer(12)) in.team_id = TeamId(*t);
  if (const auto f = row.optional_integer(13)) lead.form_id = WebFormId(*f);
  lead.state = row.text(14);
  lead.score = row.integer(15);
  lead.disqualify_reason = row.text(16);
  if (const auto p = row.optional_integer(17)) lead.partner_id = partners::PartyId(*p);
  if (const auto o = row.optional_integer(18)) lead.opportunity_id = OpportunityId(*o);
  lead.created_at = row.text(19);
  lead.updated_at = row.text(20);
  lead.version = row.integer(21);
  return lead;
}

nlohmann::json audit_json(const Lead& lead) { return to_json(lead); }

bool valid_text(std::string_view text, std::size_t max) {
  return text.size() <= max && is_valid_utf8(text);
}

std::string trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return std::string(text);
}

// Optimistic lock: bumps the version when it is the expected one. Errors: lead_not_found,
// version_conflict.
Result<Lead> lock_lead(db::Tx& tx, const Actor& actor, LeadId id, std::int64_t version) {
  const Lead lead = TRY(get_lead(tx, actor, id));
  const auto changed = TRY(
      tx.execute("UPDATE crm_leads SET version = version + 1, updated_at = $1 WHERE id = $2 AND "
                 "company_id = $3 AND version = $4",
                 {now_text(actor), id.value(), actor.company().value(), version}));
  if (changed == 0) {
    return Error::conflict("version_conflict", "the lead changed since version " +
                                                   std::to_string(version) + "; reload it");
  }
  return lead;
}

Result<void> check_references(db::Tx& tx, const Actor& actor, const LeadInput& input,
                              UserId owner) {
  if (owner != actor.user()) {
    TRY(check_user(tx, actor, owner, "owner_id"));
    if (actor.leads != http::Scope::all &&
        !TRY(can_see(tx, actor, actor.leads, owner, input.team_id))) {
      return Error::permission("permission_denied",
                               "you may only give leads to yourself or your teams");
    }
  }
  if (input.team_id) TRY(check_team(tx, actor, *input.team_id, "team_id"));
  if (input.campaign_id) TRY(check_campaign(tx, actor, *input.campaign_id, "campaign_id"));
  return Ok{};
}

std::int64_t score_of(const Lead& lead, const std::vector<ScoringRule>& rules,
                      const std::vector<std::pair<std::string, std::int64_t>>& activity_counts) {
  std::int64_t score = 0;
  const auto& in = lead.input;
  for (const auto& rule : rules) {
    if (rule.kind == "field") {
      const std::string* text = nullptr;
      if (rule.field == "email")
        text = &in.email;
      else if (rule.field == "phone")
        text = &in.phone;
      else if (rule.field == "website")
        text = &in.website;
      else if (rule.field == "company_name")
        text = &in.company_name;
      else if (rule.field == "country")
        text = &in.country;
      else if (rule.field == "source")
        text = &in.source;
      if (text == nullptr) continue;
      const bool hit = rule.value.empty() ? !text->empty() : *text == rule.value;
      if (hit) score += rule.points;
    } else if (rule.kind == "company_size") {
      const std::int64_t at_least = std::stoll(rule.value);
      if (in.employees && *in.employees >= at_least) score += rule.points;
    } else if (rule.kind == "activity") {
      for (const auto& [kind, count] : activity_counts) {
        if (kind == rule.value) score += rule.points * std::min<std::int64_t>(count, 100);
      }
    }
  }
  return score;
}

}  // namespace

std::string email_key(std::string_view email) {
  std::string key(email);
  for (char& c : key) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return trimmed(key);
}

std::string phone_key(std::string_view phone) {
  std::string digits;
  for (const char c : phone) {
    if (c >= '0' && c <= '9') digits.push_back(c);
  }
  if (digits.size() > 10) digits.erase(0, digits.size() - 10);
  return digits;
}

Result<LeadInput> validate_lead(const LeadInput& input) {
  LeadInput out = input;
  std::vector<FieldError> errors;
  const auto fail = [&](std::string field, std::string code, std::string message) {
    errors.push_back({std::move(field), std::move(code), std::move(message)});
  };
  out.contact_name = trimmed(input.contact_name);
  out.company_name = trimmed(input.company_name);
  out.website = trimmed(input.website);
  out.phone = trimmed(input.phone);
  if (out.contact_name.empty() || !valid_text(out.contact_name, kTextLengthMax)) {
    fail("contact_name", "lead_name_invalid",
         "a name of 1 to " + std::to_string(kTextLengthMax) + " bytes of UTF-8");
  }
  if (!valid_text(out.company_name, kTextLengthMax)) {
    fail("company_name", "lead_name_invalid",
         "at most " + std::to_string(kTextLengthMax) + " bytes");
  }
  if (!valid_text(out.website, kTextLengthMax)) {
    fail("website", "lead_website_invalid", "at most " + std::to_string(kTextLengthMax) + " bytes");
  }
  if (!trimmed(input.email).empty()) {
    auto email = auth::normalize_email(input.email);
    if (email.ok())
      out.email = *email;
    else
      fail("email", "lead_email_invalid", "an address like name@example.com");
  } else {
    out.email.clear();
  }
  if (!out.phone.empty() &&
      (out.phone.size() > kPhoneLengthMax || phone_key(out.phone).size() < 5 ||
       out.phone.find_first_not_of("+0123456789 ()-./x") != std::string::npos)) {
    fail("phone", "lead_phone_invalid", "digits, spaces and + ( ) - . /, at least 5 digits");
  }
  if (!input.country.empty()) {
    const bool ok = input.country.size() == 2 &&
                    std::all_of(input.country.begin(), input.country.end(), [](char c) {
                      return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
                    });
    if (!ok) fail("country", "lead_country_invalid", "an ISO 3166-1 alpha-2 code");
    for (char& c : out.country) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  if (input.employees && (*input.employees < 0 || *input.employees > kEmployeesMax)) {
    fail("employees", "lead_employees_invalid",
         "0 to " + std::to_string(kEmployeesMax) + " employees");
  }
  if (!valid_text(input.message, kMessageLengthMax)) {
    fail("message", "lead_message_invalid",
         "at most " + std::to_string(kMessageLengthMax) + " bytes of UTF-8");
  }
  if (std::find(kSources.begin(), kSources.end(), input.source) == kSources.end()) {
    fail("source", "lead_source_invalid",
         "one of api, web_form, import, email, phone, social, referral");
  }
  if (!errors.empty()) {
    return Error(ErrorKind::validation, "input_invalid", "the lead is not valid",
                 std::move(errors));
  }
  return out;
}

Result<LeadCreated> create_lead(db::Tx& tx, const Actor& actor, const LeadInput& raw,
                                std::optional<WebFormId> form) {
  const LeadInput input = TRY(validate_lead(raw));
  const UserId owner = input.owner_id.value_or(actor.user());
  TRY(check_references(tx, actor, input, owner));
  const std::string now = now_text(actor);
  const auto row = TRY(tx.query_one(
      "INSERT INTO crm_leads (company_id, contact_name, company_name, email, email_key, phone, "
      "phone_key, website, country, employees, message, source, campaign_id, form_id, owner_id, "
      "team_id, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, "
      "$12, $13, $14, $15, $16, $17, $17) RETURNING id",
      {actor.company().value(), input.contact_name, input.company_name, input.email,
       email_key(input.email), input.phone, phone_key(input.phone), input.website, input.country,
       input.employees ? db::Value(*input.employees) : db::Value(db::null), input.message,
       input.source,
       input.campaign_id ? db::Value(input.campaign_id->value()) : db::Value(db::null),
       form ? db::Value(form->value()) : db::Value(db::null), owner.value(),
       input.team_id ? db::Value(input.team_id->value()) : db::Value(db::null), now}));
  KEEL_ASSERT(row.has_value());
  const LeadId id(row->integer(0));
  TRY(rescore_lead(tx, actor, id));
  LeadCreated created;
  created.lead = TRY(get_lead(tx, actor, id));
  created.duplicates = TRY(lead_duplicates(tx, actor, created.lead));
  TRY(record_change(tx, actor, "create", "crm.lead", id.value(), nullptr,
                    audit_json(created.lead)));
  return created;
}

Result<Lead> get_lead(db::Tx& tx, const Actor& actor, LeadId id) {
  const auto row = TRY(tx.query_one(
      "SELECT " + std::string(kLeadColumns) + " FROM crm_leads WHERE id = $1 AND company_id = $2",
      {id.value(), actor.company().value()}));
  if (!row) return Error::not_found("lead_not_found", "no lead " + std::to_string(id.value()));
  Lead lead = lead_of(*row);
  if (!TRY(can_see(tx, actor, actor.leads, lead.owner_id, lead.input.team_id))) {
    return Error::not_found("lead_not_found", "no lead " + std::to_string(id.value()));
  }
  return lead;
}

Result<std::vector<Duplicate>> lead_duplicates(db::Tx& tx, const Actor& actor, const Lead& lead) {
  std::vector<Duplicate> found;
  const auto& in = lead.input;
  const std::string phone = phone_key(in.phone);
  // Only what the actor may see: a duplicate must not reveal another owner's lead.
  const auto rows = TRY(tx.query(
      "SELECT id, contact_name, company_name, email_key, phone_key FROM crm_leads "
      "WHERE company_id = $1 AND id <> $2 AND state <> 'disqualified' AND ((email_key = $3 AND "
      "$3 <> '') OR (phone_key = $4 AND $4 <> '')) AND " +
          visible_sql(actor.leads, "owner_id", "team_id", 5) + " ORDER BY id LIMIT 10",
      {actor.company().value(), lead.id.value(), email_key(in.email), phone,
       actor.user().value()}));
  for (const auto& row : rows) {
    const bool by_email = !in.email.empty() && row.text(3) == email_key(in.email);
    found.push_back({"lead", row.integer(0), row.text(1), by_email ? "email" : "phone"});
  }
  // Partners as the actor may read them: an own-scoped salesperson sees their own.
  partners::Caller caller = partners::Caller::system(actor.company(), actor.user());
  caller.read = actor.leads;
  if (!in.email.empty()) {
    for (const auto& match : TRY(partners::find_duplicates(tx, caller, in.email, ""))) {
      found.push_back({"partner", match.id.value(), match.name, match.match});
    }
  }
  if (!in.company_name.empty()) {
    partners::ListQuery query;
    query.q = in.company_name;
    query.limit = 5;
    for (const auto& party : TRY(partners::list_parties(tx, caller, query)).items) {
      const bool known = std::any_of(found.begin(), found.end(), [&](const Duplicate& d) {
        return d.kind == "partner" && d.id == party.id.value();
      });
      if (!known) found.push_back({"partner", party.id.value(), party.data.name, "company_name"});
    }
  }
  return found;
}

Result<Lead> update_lead(db::Tx& tx, const Actor& actor, LeadId id, std::int64_t version,
                         const LeadInput& raw) {
  const LeadInput input = TRY(validate_lead(raw));
  const Lead before = TRY(lock_lead(tx, actor, id, version));
  if (before.state == "converted" || before.state == "disqualified") {
    return Error::conflict("lead_state_invalid", "a " + before.state + " lead cannot change");
  }
  const UserId owner = input.owner_id.value_or(before.owner_id);
  TRY(check_references(tx, actor, input, owner));
  TRY(tx.execute(
      "UPDATE crm_leads SET contact_name = $1, company_name = $2, email = $3, email_key = $4, "
      "phone = $5, phone_key = $6, website = $7, country = $8, employees = $9, message = $10, "
      "source = $11, campaign_id = $12, owner_id = $13, team_id = $14 WHERE id = $15",
      {input.contact_name, input.company_name, input.email, email_key(input.email), input.phone,
       phone_key(input.phone), input.website, input.country,
       input.employees ? db::Value(*input.employees) : db::Value(db::null), input.message,
       input.source,
       input.campaign_id ? db::Value(input.campaign_id->value()) : db::Value(db::null),
       owner.value(), input.team_id ? db::Value(input.team_id->value()) : db::Value(db::null),
       id.value()}));
  TRY(rescore_lead(tx, actor, id));
  const Lead after = TRY(get_lead(tx, actor, id));
  TRY(record_change(tx, actor, "update", "crm.lead", id.value(), audit_json(before),
                    audit_json(after)));
  return after;
}

Result<LeadPage> list_leads(db::Tx& tx, const Actor& actor, const LeadQuery& query) {
  static const std::array<std::string_view, 4> kStates = {"new", "qualified", "converted",
                                                          "disqualified"};
  if (!query.state.empty() &&
      std::find(kStates.begin(), kStates.end(), query.state) == kStates.end()) {
    return Error::validation("lead_state_invalid",
                             "state is one of new, qualified, converted, disqualified", "state");
  }
  if (query.q.size() > kTextLengthMax) {
    return Error::validation("search_query_too_long", "at most 300 bytes", "q");
  }
  std::string sql = "SELECT " + std::string(kLeadColumns) +
                    " FROM crm_leads WHERE company_id = $1 AND " +
                    visible_sql(actor.leads, "owner_id", "team_id", 2) +
                    " AND ($3 = '' OR state = $3) AND ($4 = 0 OR owner_id = $4) AND "
                    "($5 = 0 OR id < $5) AND ($6 = '' OR LOWER(contact_name) LIKE $7 OR "
                    "LOWER(company_name) LIKE $7 OR email_key LIKE $7) ORDER BY id DESC LIMIT $8";
  std::string like = "%";
  for (const char c : email_key(query.q)) {
    if (c == '%' || c == '_' || c == '\\') continue;
    like.push_back(c);
  }
  like.push_back('%');
  const auto rows = TRY(tx.query(sql, {actor.company().value(), actor.user().value(), query.state,
                                       query.owner_id ? query.owner_id->value() : std::int64_t{0},
                                       query.after_id, query.q, like, query.limit + 1}));
  LeadPage page;
  for (const auto& row : rows) {
    if (static_cast<std::int64_t>(page.items.size()) == query.limit) {
      page.next_cursor = page.items.back().id.value();
      break;
    }
    page.items.push_back(lead_of(row));
  }
  return page;
}

Result<Lead> qualify_lead(db::Tx& tx, const Actor& actor, LeadId id, std::int64_t version) {
  const Lead before = TRY(lock_lead(tx, actor, id, version));
  if (before.state != "new") {
    return Error::conflict("lead_state_invalid", "only a new lead can be qualified");
  }
  TRY(tx.execute("UPDATE crm_leads SET state = 'qualified' WHERE id = $1", {id.value()}));
  const Lead after = TRY(get_lead(tx, actor, id));
  TRY(record_change(tx, actor, "qualify", "crm.lead", id.value(), audit_json(before),
                    audit_json(after)));
  return after;
}

Result<Lead> disqualify_lead(db::Tx& tx, const Actor& actor, LeadId id, std::int64_t version,
                             const std::string& reason) {
  const std::string why = trimmed(reason);
  if (why.empty() || !valid_text(why, kTextLengthMax)) {
    return Error::validation("disqualify_reason_required", "say why, in 1 to 300 bytes", "reason");
  }
  const Lead before = TRY(lock_lead(tx, actor, id, version));
  if (before.state != "new" && before.state != "qualified") {
    return Error::conflict("lead_state_invalid",
                           "a " + before.state + " lead cannot be disqualified");
  }
  TRY(tx.execute(
      "UPDATE crm_leads SET state = 'disqualified', disqualify_reason = $1 WHERE id = $2",
      {why, id.value()}));
  const Lead after = TRY(get_lead(tx, actor, id));
  TRY(record_change(tx, actor, "disqualify", "crm.lead", id.value(), audit_json(before),
                    audit_json(after)));
  return after;
}

Result<Converted> convert_lead(db::Tx& tx, const Actor& actor, LeadId id, std::int64_t version,
                               const ConvertRequest& request) {
  const Lead before = TRY(lock_lead(tx, actor, id, version));
  if (before.state != "new" && before.state != "qualified") {
    return Error::conflict("lead_state_invalid", "a " + before.state + " lead cannot be converted");
  }
  Converted converted;
  const auto& in = before.input;
  if (request.partner_id) {
    TRY(check_partner(tx, actor, *request.partner_id, "partner_id"));
    converted.partner_id = *request.partner_id;
  } else {
    partners::PartyDraft draft;
    draft.kind = in.company_name.empty() ? "person" : "organization";
    draft.name = in.company_name.empty() ? in.contact_name : in.company_name;
    draft.roles = {"prospect"};
    if (!in.email.empty()) draft.emails = {in.email};
    if (!in.phone.empty()) draft.phones = {in.phone};
    if (!in.website.empty()) draft.websites = {in.website};
    if (!in.country.empty()) {
      partners::PartyDraft::DraftAddress address;
      address.country = in.country;
      draft.addresses.push_back(address);
    }
    draft.owner_id = before.owner_id.value();
    if (!in.company_name.empty()) draft.notes = "Contact: " + in.contact_name;
    const auto created = TRY(partners::create_party(
        tx, actor.clock(), partners::Caller::system(actor.company(), actor.user()), draft));
    converted.partner_id = created.party.id;
    converted.partner_created = true;
  }
  OpportunityInput opportunity;
  opportunity.title = trimmed(request.title);
  if (opportunity.title.empty()) {
    opportunity.title = in.company_name.empty() ? in.contact_name : in.company_name;
  }
  opportunity.partner_id = converted.partner_id;
  opportunity.stage_id = request.stage_id;
  opportunity.expected_revenue = request.expected_revenue.empty() ? "0" : request.expected_revenue;
  opportunity.close_date = request.close_date;
  opportunity.owner_id = before.owner_id;
  opportunity.team_id = in.team_id;
  opportunity.campaign_id = in.campaign_id;
  converted.opportunity_id = TRY(create_opportunity(tx, actor, opportunity, id)).id;
  TRY(
      tx.execute("UPDATE crm_leads SET state = 'converted', partner_id = $1, opportunity_id = $2 "
                 "WHERE id = $3",
                 {converted.partner_id.value(), converted.opportunity_id.value(), id.value()}));
  TRY(move_lead_activities(tx, actor, id, converted.partner_id));
  converted.lead = TRY(get_lead(tx, actor, id));
  TRY(record_change(tx, actor, "convert", "crm.lead", id.value(), audit_json(before),
                    audit_json(converted.lead)));
  return converted;
}

// ---- scoring -----------------------------------------------------------------------------------

Result<std::vector<ScoringRule>> list_scoring_rules(db::Tx& tx, const Actor& actor) {
  std::vector<ScoringRule> rules;
  for (const auto& row : TRY(tx.query("SELECT kind, field, value, points FROM crm_scoring_rules "
                                      "WHERE company_id = $1 ORDER BY id",
                                      {actor.company().value()}))) {
    rules.push_back({row.text(0), row.text(1), row.text(2), row.integer(3)});
  }
  return rules;
}

Result<std::vector<ScoringRule>> replace_scoring_rules(db::Tx& tx, const Actor& actor,
                                                       const std::vector<ScoringRule>& rules) {
  if (rules.size() > kScoringRulesMax) {
    return Error::validation("scoring_rules_too_many",
                             "at most " + std::to_string(kScoringRulesMax) + " rules", "rules");
  }
  static const std::array<std::string_view, 6> kFields = {"email",        "phone",   "website",
                                                          "company_name", "country", "source"};
  static const std::array<std::string_view, 7> kActivities = {"call", "email",    "meeting", "note",
                                                              "task", "web_form", "social"};
  std::vector<FieldError> errors;
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const auto& rule = rules[i];
    bool ok = rule.points >= -kScorePointsMax && rule.points <= kScorePointsMax &&
              rule.value.size() <= kTextLengthMax && is_valid_utf8(rule.value);
    if (rule.kind == "field") {
      ok = ok && std::find(kFields.begin(), kFields.end(), rule.field) != kFields.end();
    } else if (rule.kind == "company_size") {
      ok = ok && !rule.value.empty() && rule.value.size() <= 8 &&
           rule.value.find_first_not_of("0123456789") == std::string::npos;
    } else if (rule.kind == "activity") {
      ok = ok && std::find(kActivities.begin(), kActivities.end(), rule.value) != kActivities.end();
    } else {
      ok = false;
    }
    if (!ok) {
      errors.push_back({"rules/" + std::to_string(i), "scoring_rule_invalid",
                        "kind field (field email|phone|website|company_name|country|source), "
                        "company_size (value: employees) or activity (value: a kind); points "
                        "within ±1000"});
    }
  }
  if (!errors.empty()) {
    return Error(ErrorKind::validation, "input_invalid", "the rules are not valid",
                 std::move(errors));
  }
  TRY(tx.execute("DELETE FROM crm_scoring_rules WHERE company_id = $1", {actor.company().value()}));
  nlohmann::json after = nlohmann::json::array();
  for (const auto& rule : rules) {
    TRY(
        tx.execute("INSERT INTO crm_scoring_rules (company_id, kind, field, value, points, "
                   "created_at) VALUES ($1, $2, $3, $4, $5, $6)",
                   {actor.company().value(), rule.kind, rule.field, rule.value, rule.points,
                    now_text(actor)}));
    after.push_back(to_json(rule));
  }
  TRY(record_change(tx, actor, "replace", "crm.scoring_rules", actor.company().value(), nullptr,
                    after));
  TRY(rescore_leads(tx, actor));
  return rules;
}

Result<std::int64_t> rescore_lead(db::Tx& tx, const Actor& actor, LeadId id) {
  const auto row = TRY(tx.query_one(
      "SELECT " + std::string(kLeadColumns) + " FROM crm_leads WHERE id = $1 AND company_id = $2",
      {id.value(), actor.company().value()}));
  KEEL_ASSERT(row.has_value());
  const Lead lead = lead_of(*row);
  const auto rules = TRY(list_scoring_rules(tx, actor));
  std::vector<std::pair<std::string, std::int64_t>> counts;
  for (const auto& c : TRY(tx.query("SELECT kind, COUNT(*) FROM crm_activities WHERE "
                                    "company_id = $1 AND lead_id = $2 GROUP BY kind",
                                    {actor.company().value(), id.value()}))) {
    counts.emplace_back(c.text(0), c.integer(1));
  }
  const std::int64_t score = score_of(lead, rules, counts);
  if (score != lead.score) {
    TRY(tx.execute("UPDATE crm_leads SET score = $1 WHERE id = $2", {score, id.value()}));
  }
  return score;
}

Result<std::int64_t> rescore_leads(db::Tx& tx, const Actor& actor) {
  std::int64_t changed = 0;
  const auto ids =
      TRY(tx.query("SELECT id, score FROM crm_leads WHERE company_id = $1 AND state "
                   "IN ('new', 'qualified') ORDER BY id",
                   {actor.company().value()}));
  for (const auto& row : ids) {
    if (TRY(rescore_lead(tx, actor, LeadId(row.integer(0)))) != row.integer(1)) ++changed;
  }
  return changed;
}

}  // namespace keel::crm::detail
