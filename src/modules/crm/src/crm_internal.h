#pragma once

// The pipeline part of CRM: its types and services, shared by its sources and tests only.
// Every service takes the caller's transaction and never commits; one that returns an Error
// has written nothing the caller must keep. Every change is audited (entity crm.<noun>).
//
// Locks, always in this order: the lead row, then the opportunity row (each taken by the
// conditional UPDATE that bumps its version), then what partners and sales lock inside their
// own calls.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "keel/accounting/accounting_api.h"
#include "keel/core/date.h"
#include "keel/core/ids.h"
#include "keel/core/money.h"
#include "keel/crm/crm_api.h"
#include "keel/http/security.h"
#include "keel/partners/partners_api.h"
#include "keel/sales/sales_api.h"

namespace keel::crm {

using LeadId = Id<struct LeadTag>;
using OpportunityId = Id<struct OpportunityTag>;
using StageId = Id<struct StageTag>;
using TeamId = Id<struct TeamTag>;
using CampaignId = Id<struct CampaignTag>;
using ActivityId = Id<struct ActivityTag>;
using WebFormId = Id<struct WebFormTag>;

}  // namespace keel::crm

namespace keel::crm::detail {

// Limits of the pipeline part, enforced at input.
inline constexpr std::size_t kTextLengthMax = 300;        // names, titles, subjects, reasons
inline constexpr std::size_t kMessageLengthMax = 10'000;  // a lead's message, an activity body
inline constexpr std::size_t kPhoneLengthMax = 50;
inline constexpr std::size_t kStagesMax = 30;
inline constexpr std::size_t kTeamMembersMax = 200;
inline constexpr std::size_t kScoringRulesMax = 200;
inline constexpr std::int64_t kCardsPerStageMax = 100;
inline constexpr std::int64_t kEmployeesMax = 10'000'000;
inline constexpr std::int64_t kScorePointsMax = 1'000;
inline constexpr int kForecastMonthsMax = 24;
// Public web forms: the largest body a stranger may send, and the widest per-hour limit.
inline constexpr std::size_t kFormBodyMax = 16 * 1024;
inline constexpr std::int64_t kFormSubmissionsPerHourMax = 10'000;

// Who acts, for the company of `context`, and how far each record rule lets them see.
// Scope::own: rows the user owns, and rows owned by members of (or filed under) the teams
// the user leads; Scope::all: the whole company.
struct Actor {
  explicit Actor(accounting::Context acting) : context(std::move(acting)) {}
  accounting::Context context;
  http::Scope leads = http::Scope::none;
  http::Scope opportunities = http::Scope::none;
  http::Scope activities = http::Scope::none;
  http::Scope partners = http::Scope::none;  // partners.party.read: whose timelines one reads
  std::vector<std::string> roles;            // for the discount limits of quotes
  CompanyId company() const { return context.company_id; }
  UserId user() const { return context.user_id; }
  const Clock& clock() const { return *context.clock; }
  // Everything allowed: demo data, tests.
  static Result<Actor> system(db::Tx& tx, CompanyId company, UserId user, const Clock& clock);
};

// A SQL condition on `owner_column` (and `team_column`, may be empty) for `scope`, using
// the parameter `$<user_param>` for the acting user. Always true for Scope::all, always
// false for Scope::none.
std::string visible_sql(http::Scope scope, std::string_view owner_column,
                        std::string_view team_column, int user_param);
// True when a row owned by `owner` (filed under `team`) is within `scope` for the actor.
Result<bool> can_see(db::Tx& tx, const Actor& actor, http::Scope scope, UserId owner,
                     std::optional<TeamId> team);

// Sums of amounts in SQL without overflow on either engine: each amount is split into its
// billions and the rest, summed separately (each sum fits 64 bits for billions of rows) and
// joined in 128 bits. split_sum_sql("x") is two columns; split_sum reads them from `column`.
std::string split_sum_sql(std::string_view column);
__int128 split_sum(const db::Row& row, std::size_t column);
// Errors: amount_out_of_range when a total leaves Money's range.
Result<Money> money_of_sum(__int128 minor_units, Currency currency);

std::string now_text(const Actor& actor);
Date today(const Actor& actor);
Result<void> record_change(db::Tx& tx, const Actor& actor, std::string action, std::string entity,
                           std::int64_t id, nlohmann::json before, nlohmann::json after);
// A user of the actor's company, for owner_id fields. Errors: user_not_found on `field`.
Result<void> check_user(db::Tx& tx, const Actor& actor, UserId user, std::string field);
// Errors: team_not_found, campaign_not_found, stage_not_found, partner_not_found on `field`.
Result<void> check_team(db::Tx& tx, const Actor& actor, TeamId team, std::string field);
Result<void> check_campaign(db::Tx& tx, const Actor& actor, CampaignId campaign, std::string field);
Result<void> check_partner(db::Tx& tx, const Actor& actor, partners::PartyId partner,
                           std::string field);

// ---- teams and stages (pipeline_settings.cc) ---------------------------------------------------

struct Team {
  TeamId id;
  std::string name;
  UserId leader_id;
  std::vector<UserId> members;
  std::int64_t version = 1;
};
// Errors: team_name_invalid, team_name_taken, user_not_found, team_members_too_many.
Result<Team> create_team(db::Tx& tx, const Actor& actor, const Team& team);
Result<std::vector<Team>> list_teams(db::Tx& tx, const Actor& actor);

struct Stage {
  StageId id;
  std::string name;
  int sequence = 0;
  int probability = 0;  // whole percent
  bool committed = false;
  std::int64_t version = 1;
};
Result<std::vector<Stage>> list_stages(db::Tx& tx, const Actor& actor);
// Errors: stage_name_invalid, stage_probability_invalid, stages_too_many.
Result<Stage> create_stage(db::Tx& tx, const Actor& actor, const Stage& stage);
// Errors: stage_not_found, version_conflict, and create_stage's.
Result<Stage> update_stage(db::Tx& tx, const Actor& actor, StageId id, std::int64_t version,
                           const Stage& stage);

struct Campaign {
  CampaignId id;
  std::string name;
  std::string code;     // the tracked code links and forms carry
  std::string channel;  // email | social | search | event | partner | print | other
  Money budget = accounting::detail::placeholder_money();
  std::optional<Date> starts_on;
  std::optional<Date> ends_on;
  std::string state;  // draft | running | done
  std::int64_t version = 1;
};
// Errors: campaign_name_invalid, campaign_code_invalid, campaign_code_taken,
// campaign_channel_invalid, campaign_dates_invalid, amount_* (budget).
Result<Campaign> create_campaign(db::Tx& tx, const Actor& actor, const Campaign& campaign);
Result<std::vector<Campaign>> list_campaigns(db::Tx& tx, const Actor& actor);
Result<std::optional<CampaignId>> campaign_by_code(db::Tx& tx, const Actor& actor,
                                                   std::string_view code);

// ---- leads (leads_service.cc, leads_intake.cc) -----------------------------------------------

struct LeadInput {
  std::string contact_name;
  std::string company_name;
  std::string email;
  std::string phone;
  std::string website;
  std::string country;
  std::optional<std::int64_t> employees;
  std::string message;
  std::string source = "api";  // api | web_form | import | email | phone | social | referral
  std::optional<CampaignId> campaign_id;
  std::optional<UserId> owner_id;  // default: the actor
  std::optional<TeamId> team_id;
};

struct Lead {
  LeadId id;
  LeadInput input;
  std::optional<WebFormId> form_id;
  UserId owner_id;
  std::string state;  // new | qualified | converted | disqualified
  std::int64_t score = 0;
  std::string disqualify_reason;
  std::optional<partners::PartyId> partner_id;
  std::optional<OpportunityId> opportunity_id;
  std::string created_at;
  std::string updated_at;
  std::int64_t version = 1;
};

// Another lead or a partner that looks like the same person or company.
struct Duplicate {
  std::string kind;  // lead | partner
  std::int64_t id = 0;
  std::string name;
  std::string match;  // email | phone | company_name | tax_id
};

struct LeadCreated {
  Lead lead;
  std::vector<Duplicate> duplicates;
};

// Validates and normalizes input. Errors: input_invalid with field codes
// lead_name_invalid, lead_email_invalid, lead_phone_invalid, lead_country_invalid,
// lead_source_invalid, lead_employees_invalid.
Result<LeadInput> validate_lead(const LeadInput& input);
std::string email_key(std::string_view email);
std::string phone_key(std::string_view phone);  // digits only, the last 10 of them

// Creates a lead, scores it and lists its duplicates (they do not prevent creation).
// Errors: validate_lead's, user_not_found, team_not_found, campaign_not_found,
// permission_denied (another owner with an own-scoped grant).
Result<LeadCreated> create_lead(db::Tx& tx, const Actor& actor, const LeadInput& input,
                                std::optional<WebFormId> form = {});
// Errors: lead_not_found (also outside the actor's record rule).
Result<Lead> get_lead(db::Tx& tx, const Actor& actor, LeadId id);
Result<std::vector<Duplicate>> lead_duplicates(db::Tx& tx, const Actor& actor, const Lead& lead);
// Replaces the lead's editable fields and scores it again. Errors: lead_not_found,
// version_conflict, lead_state_invalid (converted or disqualified), create_lead's.
Result<Lead> update_lead(db::Tx& tx, const Actor& actor, LeadId id, std::int64_t version,
                         const LeadInput& input);

struct LeadQuery {
  std::string state;
  std::string q;  // substring of name, company or email
  std::optional<UserId> owner_id;
  std::int64_t after_id = 0;
  std::int64_t limit = 50;
};
struct LeadPage {
  std::vector<Lead> items;
  std::optional<std::int64_t> next_cursor;
};
// Newest first. Errors: lead_state_invalid (unknown filter).
Result<LeadPage> list_leads(db::Tx& tx, const Actor& actor, const LeadQuery& query);

// new → qualified. Errors: lead_not_found, version_conflict, lead_state_invalid.
Result<Lead> qualify_lead(db::Tx& tx, const Actor& actor, LeadId id, std::int64_t version);
// new | qualified → disqualified. Errors: lead_not_found, version_conflict,
// lead_state_invalid, disqualify_reason_required.
Result<Lead> disqualify_lead(db::Tx& tx, const Actor& actor, LeadId id, std::int64_t version,
                             const std::string& reason);

struct OpportunityInput;
struct ConvertRequest {
  std::optional<partners::PartyId> partner_id;  // link an existing partner; else one is created
  std::string title;                            // default: the lead's company or name
  std::string expected_revenue;                 // decimal text in the company currency
  std::optional<Date> close_date;               // default: 30 days on
  std::optional<StageId> stage_id;              // default: the first stage
};
struct Converted {
  Lead lead;
  partners::PartyId partner_id;
  bool partner_created = false;
  OpportunityId opportunity_id;
};
// new | qualified → converted: links or creates the partner (through partners' API, as a
// prospect owned by the lead's owner), opens an opportunity, and moves the lead's activities
// to the partner's timeline. Errors: lead_not_found, version_conflict, lead_state_invalid,
// partner_not_found, create_opportunity's, partners' create_party's.
Result<Converted> convert_lead(db::Tx& tx, const Actor& actor, LeadId id, std::int64_t version,
                               const ConvertRequest& request);

// Scoring rules (see migration 0001 for their meaning), replaced as a whole.
struct ScoringRule {
  std::string kind;  // field | company_size | activity
  std::string field;
  std::string value;
  std::int64_t points = 0;
};
// Errors: input_invalid (scoring_rule_invalid per rule), scoring_rules_too_many.
Result<std::vector<ScoringRule>> replace_scoring_rules(db::Tx& tx, const Actor& actor,
                                                       const std::vector<ScoringRule>& rules);
Result<std::vector<ScoringRule>> list_scoring_rules(db::Tx& tx, const Actor& actor);
// Scores every open lead again (after the rules change). Returns how many changed.
Result<std::int64_t> rescore_leads(db::Tx& tx, const Actor& actor);
// Scores one lead from its row and its activities, and stores the score.
Result<std::int64_t> rescore_lead(db::Tx& tx, const Actor& actor, LeadId id);

struct ImportReport {
  std::int64_t rows = 0;
  std::int64_t created = 0;
  std::int64_t duplicates = 0;     // rows that look like an existing lead or partner
  std::vector<FieldError> errors;  // field "rows/<n>/<column>"
};
// CSV with a header: contact_name (required), company_name, email, phone, website, country,
// employees, message, source, campaign_code. A commit writes every row or, when any row is
// invalid, nothing. Errors: import_csv_malformed, import_too_many_rows, import_header_missing,
// import_column_unknown, import_rows_invalid (commit with row errors).
Result<ImportReport> import_leads(db::Tx& tx, const Actor& actor, std::string_view csv,
                                  bool commit);

// Public web forms.
struct WebForm {
  WebFormId id;
  std::string token;
  std::string name;
  std::optional<CampaignId> campaign_id;
  UserId owner_id;
  std::optional<TeamId> team_id;
  std::int64_t submissions_per_hour = 20;
  bool active = true;
};
// Errors: form_name_invalid, form_rate_invalid, user_not_found, team_not_found,
// campaign_not_found.
Result<WebForm> create_web_form(db::Tx& tx, const Actor& actor, const WebForm& form);
Result<std::vector<WebForm>> list_web_forms(db::Tx& tx, const Actor& actor);

// What a stranger sent. `trap` is the honeypot field a person never fills.
struct FormSubmission {
  std::string remote;  // the client's address, for the rate limit
  std::string name, company, email, phone, message, trap;
  std::string campaign_code;
};
struct FormOutcome {
  std::optional<LeadId> lead_id;  // nullopt: dropped as spam (answered as accepted)
};
struct CountedForm {
  WebForm form;
  CompanyId company;
};
// Counts a submission against the form's limit per remote address and hour. It runs in a
// transaction of its own, committed before the submission is read, so that refused
// submissions count too. Errors: form_not_found (unknown or inactive token),
// form_rate_limited (rate_limited, Retry-After: the rest of the hour).
Result<CountedForm> count_form_submission(db::Tx& tx, const Clock& clock, std::string_view token,
                                          std::string_view remote_address);
// Files a counted submission as a lead with its message on the timeline; a filled honeypot
// files nothing. Errors: input_invalid (lead_name_invalid, lead_email_invalid,
// form_contact_missing: neither email nor phone, ...).
Result<FormOutcome> file_form_submission(db::Tx& tx, const Clock& clock, const CountedForm& counted,
                                         const FormSubmission& submission);

// ---- opportunities (opportunities_service.cc) ---------------------------------------------------

struct OpportunityInput {
  std::string title;
  std::optional<partners::PartyId> partner_id;
  std::optional<StageId> stage_id;  // default: the first stage
  std::string expected_revenue = "0";
  std::optional<Date> close_date;  // default: 30 days on
  std::optional<UserId> owner_id;  // default: the actor
  std::optional<TeamId> team_id;
  std::optional<CampaignId> campaign_id;
};

struct Opportunity {
  OpportunityId id;
  std::string title;
  std::optional<partners::PartyId> partner_id;
  std::optional<LeadId> lead_id;
  StageId stage_id;
  std::string state;  // open | won | lost
  Money expected_revenue = accounting::detail::placeholder_money();
  int probability = 0;
  Date close_date = accounting::detail::placeholder_date();
  UserId owner_id;
  std::optional<TeamId> team_id;
  std::optional<CampaignId> campaign_id;
  std::optional<sales::QuoteId> quote_id;
  std::string lost_reason;
  std::string created_at;
  std::optional<std::string> closed_at;
  std::int64_t version = 1;
};

// Errors: input_invalid (opportunity_title_invalid, amount_invalid, amount_negative,
// close_date_invalid), stage_not_found, partner_not_found, user_not_found, team_not_found,
// campaign_not_found, permission_denied (another owner with an own-scoped grant).
Result<Opportunity> create_opportunity(db::Tx& tx, const Actor& actor,
                                       const OpportunityInput& input,
                                       std::optional<LeadId> lead = {});
// Errors: opportunity_not_found (also outside the actor's record rule).
Result<Opportunity> get_opportunity(db::Tx& tx, const Actor& actor, OpportunityId id);
// Replaces the editable fields of an open opportunity. Errors: opportunity_not_found,
// version_conflict, opportunity_state_invalid, create_opportunity's.
Result<Opportunity> update_opportunity(db::Tx& tx, const Actor& actor, OpportunityId id,
                                       std::int64_t version, const OpportunityInput& input);
// The kanban's drag and drop. Errors: opportunity_not_found, version_conflict,
// opportunity_state_invalid, stage_not_found.
Result<Opportunity> move_opportunity(db::Tx& tx, const Actor& actor, OpportunityId id,
                                     std::int64_t version, StageId stage);
// open → won. With `quote`, links that quote of sales (same partner; its untaxed amount
// becomes the expected revenue when it is in the company currency). Errors:
// opportunity_not_found, version_conflict, opportunity_state_invalid, quote_not_found,
// quote_partner_mismatch.
Result<Opportunity> win_opportunity(db::Tx& tx, const Actor& actor, OpportunityId id,
                                    std::int64_t version, std::optional<sales::QuoteId> quote);
// open → lost. Errors: opportunity_not_found, version_conflict, opportunity_state_invalid,
// lost_reason_required.
Result<Opportunity> lose_opportunity(db::Tx& tx, const Actor& actor, OpportunityId id,
                                     std::int64_t version, const std::string& reason);
// lost → open. Errors: opportunity_not_found, version_conflict, opportunity_state_invalid.
Result<Opportunity> reopen_opportunity(db::Tx& tx, const Actor& actor, OpportunityId id,
                                       std::int64_t version);
// Opens a quote in sales for the opportunity's partner and links it. Errors:
// opportunity_not_found, opportunity_state_invalid (not open), opportunity_partner_missing,
// quote_already_linked, and sales::open_quote's.
Result<Opportunity> quote_opportunity(db::Tx& tx, const Actor& actor, OpportunityId id,
                                      const sales::QuoteRequest& request);

struct OpportunityQuery {
  std::string state;  // "" for all
  std::optional<StageId> stage_id;
  std::optional<UserId> owner_id;
  std::optional<TeamId> team_id;
  std::optional<partners::PartyId> partner_id;
  std::string q;
  std::int64_t after_id = 0;
  std::int64_t limit = 50;
};
struct OpportunityPage {
  std::vector<Opportunity> items;
  std::optional<std::int64_t> next_cursor;
};
Result<OpportunityPage> list_opportunities(db::Tx& tx, const Actor& actor,
                                           const OpportunityQuery& query);

// The kanban: every stage with its open opportunities' count, expected and weighted sums,
// and its first `cards` opportunities by close date.
struct StageColumn {
  Stage stage;
  std::int64_t count = 0;
  Money expected = accounting::detail::placeholder_money();
  Money weighted = accounting::detail::placeholder_money();
  std::vector<Opportunity> cards;
};
struct Pipeline {
  std::vector<StageColumn> columns;
  Money expected = accounting::detail::placeholder_money();
  Money weighted = accounting::detail::placeholder_money();
  std::int64_t won_count = 0;  // closed in the last 365 days
  std::int64_t lost_count = 0;
  Money won = accounting::detail::placeholder_money();
};
Result<Pipeline> pipeline(db::Tx& tx, const Actor& actor, std::optional<UserId> owner,
                          std::optional<TeamId> team, std::int64_t cards);

// ---- forecast and quotas (forecast_service.cc) -------------------------------------------------

struct ForecastRow {
  std::string group;  // "user:<id>" or "team:<id>" (team 0: no team)
  std::int64_t group_id = 0;
  std::string month;                                          // YYYY-MM, by close date
  Money pipeline = accounting::detail::placeholder_money();   // open, expected
  Money weighted = accounting::detail::placeholder_money();   // open, × probability
  Money committed = accounting::detail::placeholder_money();  // won + open in committed stages
  Money won = accounting::detail::placeholder_money();
  std::optional<Money> quota;                     // owners only
  std::optional<std::string> attainment_percent;  // won ÷ quota, one decimal, half up
};
struct ForecastQuery {
  std::string from_month;  // YYYY-MM
  std::string to_month;
  std::string group_by = "owner";  // owner | team
};
// Errors: forecast_month_invalid, forecast_range_too_long, forecast_group_invalid.
Result<std::vector<ForecastRow>> forecast(db::Tx& tx, const Actor& actor,
                                          const ForecastQuery& query);

struct Quota {
  UserId user_id;
  std::string month;
  Money amount = accounting::detail::placeholder_money();
};
// Errors: user_not_found, forecast_month_invalid, amount_*.
Result<Quota> set_quota(db::Tx& tx, const Actor& actor, const Quota& quota);
Result<std::vector<Quota>> list_quotas(db::Tx& tx, const Actor& actor, std::string_view month);

// ---- activities (activities_service.cc) -------------------------------------------------------

struct ActivityInput {
  std::string kind;  // call | email | meeting | note | task | web_form | social
  std::string subject;
  std::string body;
  std::string direction;  // "" | inbound | outbound
  std::string channel;    // free text for social/web (e.g. "telegram")
  std::optional<partners::PartyId> partner_id;
  std::optional<OpportunityId> opportunity_id;
  std::optional<LeadId> lead_id;
  std::optional<UserId> user_id;         // default: the actor
  std::optional<Date> due_date;          // tasks
  std::optional<std::string> starts_at;  // meetings, ISO instants
  std::optional<std::string> ends_at;
  std::optional<std::string> message_id;  // RFC 5322 Message-ID, threads replies
  bool done = false;
};

struct Activity {
  ActivityId id;
  ActivityInput input;
  UserId user_id;
  std::optional<std::string> done_at;
  std::string created_at;
  bool overdue = false;  // an open task past its due date
  std::int64_t version = 1;
};

// Logs an activity. An opportunity's or lead's partner is filed on it so the partner's
// timeline holds it. A logged activity scores its lead again. Errors: input_invalid
// (activity_kind_invalid, activity_subject_invalid, activity_direction_invalid,
// activity_target_missing, activity_due_date_missing (tasks), activity_times_invalid
// (meetings)), partner_not_found, opportunity_not_found, lead_not_found, user_not_found.
Result<Activity> log_activity(db::Tx& tx, const Actor& actor, const ActivityInput& input);
// Errors: activity_not_found, version_conflict, activity_not_a_task, activity_done.
Result<Activity> complete_task(db::Tx& tx, const Actor& actor, ActivityId id, std::int64_t version);
Result<Activity> get_activity(db::Tx& tx, const Actor& actor, ActivityId id);

struct TimelineQuery {
  std::optional<partners::PartyId> partner_id;
  std::optional<OpportunityId> opportunity_id;
  std::optional<LeadId> lead_id;
  std::int64_t before_id = 0;  // cursor: newest first
  std::int64_t limit = 50;
};
struct Timeline {
  std::vector<Activity> items;
  std::optional<std::int64_t> next_cursor;
};
// Errors: timeline_target_missing (exactly one of the three), and the target's not_found.
Result<Timeline> timeline(db::Tx& tx, const Actor& actor, const TimelineQuery& query);
// The actor's (and, for team leaders, their teams') open tasks due before today.
Result<std::vector<Activity>> overdue_tasks(db::Tx& tx, const Actor& actor, std::int64_t limit);
// Files a lead's activities under the partner it became.
Result<void> move_lead_activities(db::Tx& tx, const Actor& actor, LeadId lead,
                                  partners::PartyId partner);

// ---- channels (channels_service.cc) -------------------------------------------------------------

struct MailReceipt {
  Activity activity;
  std::string matched;  // thread | partner | lead | new_lead | duplicate
};
// Files an inbound RFC 5322 message as an inbound email activity. Where it goes, in order:
// the record an earlier message of its thread (References, In-Reply-To) was filed on; the
// partner with the sender's address; the open lead with it; else a new lead (source email,
// owned by the actor). A message whose Message-ID is already filed is not filed again.
// Errors: email_malformed, email_from_missing, email_too_large (formats::parse_message).
Result<MailReceipt> receive_email(db::Tx& tx, const Actor& actor, std::string_view raw);

// The meetings visible to the actor starting from `from` through `to` as one iCalendar
// document (UIDs activity-<id>@<host>). Errors: calendar_range_invalid (more than a year).
Result<std::string> meetings_calendar(db::Tx& tx, const Actor& actor, Date from, Date to,
                                      std::string_view host);

// The partners matching `query` that `caller` may read, as vCard 3.0 (at most 5000).
Result<std::string> export_vcards(db::Tx& tx, const partners::Caller& caller,
                                  const partners::ListQuery& query);

struct ContactImport {
  std::int64_t contacts = 0;
  std::int64_t created = 0;
  std::int64_t duplicates = 0;  // skipped: the email is a partner's already, or repeated
};
// Creates a person partner (a prospect owned by the actor) per vCard contact. A dry run
// reads and counts only. Errors: vcard_empty, vcard_malformed, vcard_too_many,
// import_rows_invalid (a contact partners refuses; fields contacts/<n>/…, nothing written).
Result<ContactImport> import_vcards(db::Tx& tx, const Actor& actor, const partners::Caller& caller,
                                    std::string_view text, bool commit);

// ---- JSON (crm_json.cc) ------------------------------------------------------------------------

nlohmann::json to_json(const Lead& lead);
nlohmann::json to_json(const Duplicate& duplicate);
nlohmann::json to_json(const Opportunity& opportunity);
nlohmann::json to_json(const Stage& stage);
nlohmann::json to_json(const Team& team);
nlohmann::json to_json(const Campaign& campaign);
nlohmann::json to_json(const Activity& activity);
nlohmann::json to_json(const WebForm& form);
nlohmann::json to_json(const ScoringRule& rule);
nlohmann::json to_json(const ForecastRow& row);
nlohmann::json to_json(const Quota& quota);
nlohmann::json to_json(const Pipeline& pipeline);

// ---- wiring ------------------------------------------------------------------------------------

const db::MigrationSet& migrations();  // generated from migrations/
std::vector<http::PermissionSpec> pipeline_permissions();
void register_lead_routes(http::Router& router);
void register_pipeline_routes(http::Router& router);
void register_activity_routes(http::Router& router);
void register_channel_routes(http::Router& router);
Result<std::vector<std::string>> check_pipeline(db::Tx& tx);

}  // namespace keel::crm::detail
