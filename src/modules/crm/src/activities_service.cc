// Activities: one timeline per partner, opportunity and lead; tasks and their reminders.
#include <algorithm>
#include <array>

#include "crm_internal.h"
#include "keel/core/assert.h"
#include "keel/core/utf8.h"

namespace keel::crm::detail {
namespace {

constexpr std::string_view kColumns =
    "id, kind, subject, body, direction, channel, partner_id, opportunity_id, lead_id, user_id, "
    "due_date, starts_at, ends_at, done_at, message_id, created_at, version";

constexpr std::array<std::string_view, 7> kKinds = {"call", "email",    "meeting", "note",
                                                    "task", "web_form", "social"};

Activity activity_of(const db::Row& row, Date today) {
  Activity a;
  a.id = ActivityId(row.integer(0));
  auto& in = a.input;
  in.kind = row.text(1);
  in.subject = row.text(2);
  in.body = row.text(3);
  in.direction = row.text(4);
  in.channel = row.text(5);
  if (const auto v = row.optional_integer(6)) in.partner_id = partners::PartyId(*v);
  if (const auto v = row.optional_integer(7)) in.opportunity_id = OpportunityId(*v);
  if (const auto v = row.optional_integer(8)) in.lead_id = LeadId(*v);
  a.user_id = UserId(row.integer(9));
  in.user_id = a.user_id;
  if (const auto v = row.optional_text(10)) in.due_date = Date::parse(*v).value();
  in.starts_at = row.optional_text(11);
  in.ends_at = row.optional_text(12);
  a.done_at = row.optional_text(13);
  in.done = a.done_at.has_value();
  in.message_id = row.optional_text(14);
  a.created_at = row.text(15);
  a.version = row.integer(16);
  a.overdue = in.kind == "task" && !a.done_at && in.due_date && *in.due_date < today;
  return a;
}

db::Value optional_id(auto id) { return id ? db::Value(id->value()) : db::Value(db::null); }

bool text_ok(std::string_view text, std::size_t max) {
  return text.size() <= max && is_valid_utf8(text);
}

// An ISO instant as the API takes it: "YYYY-MM-DDTHH:MM:SSZ", optionally with a fraction of
// up to six digits before the Z.
bool instant_ok(std::string_view t) {
  if (t.size() < 20 || t.size() > 27 || t.back() != 'Z' || t[10] != 'T' || t[13] != ':' ||
      t[16] != ':' || !Date::parse(t.substr(0, 10)).ok()) {
    return false;
  }
  const auto digits = [&](std::size_t at, std::size_t count) {
    for (std::size_t i = at; i < at + count; ++i) {
      if (t[i] < '0' || t[i] > '9') return false;
    }
    return true;
  };
  if (!digits(11, 2) || !digits(14, 2) || !digits(17, 2)) return false;
  if (t.size() > 20 && (t.size() == 21 || t[19] != '.' || !digits(20, t.size() - 21))) {
    return false;
  }
  return t.substr(11, 2) <= "23" && t.substr(14, 2) <= "59" && t.substr(17, 2) <= "59";
}

Result<ActivityInput> validate(const ActivityInput& input) {
  std::vector<FieldError> errors;
  const auto fail = [&](std::string field, std::string code, std::string message) {
    errors.push_back({std::move(field), std::move(code), std::move(message)});
  };
  if (std::find(kKinds.begin(), kKinds.end(), input.kind) == kKinds.end()) {
    fail("kind", "activity_kind_invalid",
         "one of call, email, meeting, note, task, web_form, social");
  }
  if (input.subject.empty() || !text_ok(input.subject, kTextLengthMax)) {
    fail("subject", "activity_subject_invalid", "a subject of 1 to 300 bytes");
  }
  if (!text_ok(input.body, kMessageLengthMax)) {
    fail("body", "activity_body_invalid", "at most 10000 bytes of UTF-8");
  }
  if (!input.direction.empty() && input.direction != "inbound" && input.direction != "outbound") {
    fail("direction", "activity_direction_invalid", "inbound or outbound");
  }
  if (!text_ok(input.channel, 50)) fail("channel", "activity_channel_invalid", "at most 50 bytes");
  if (!input.partner_id && !input.opportunity_id && !input.lead_id) {
    fail("partner_id", "activity_target_missing",
         "an activity belongs to a partner, an opportunity or a lead");
  }
  if (input.kind == "task" && !input.due_date) {
    fail("due_date", "activity_due_date_missing", "a task needs a due date");
  }
  if (input.kind == "meeting") {
    const bool times = input.starts_at && input.ends_at && instant_ok(*input.starts_at) &&
                       instant_ok(*input.ends_at) && *input.starts_at < *input.ends_at;
    if (!times) {
      fail("starts_at", "activity_times_invalid",
           "a meeting has starts_at before ends_at, ISO instants in UTC");
    }
  } else if ((input.starts_at && !instant_ok(*input.starts_at)) ||
             (input.ends_at && !instant_ok(*input.ends_at))) {
    fail("starts_at", "activity_times_invalid", "ISO instants in UTC");
  }
  if (input.message_id && !text_ok(*input.message_id, 998)) {
    fail("message_id", "activity_message_id_invalid", "at most 998 bytes");
  }
  if (!errors.empty()) {
    return Error(ErrorKind::validation, "input_invalid", "the activity is not valid",
                 std::move(errors));
  }
  return input;
}

// Whether the actor may see the record an activity is on (its opportunity, else its lead,
// else its partner).
Result<bool> record_visible(db::Tx& tx, const Actor& actor, const ActivityInput& on) {
  const auto visible = [](const auto& found) -> Result<bool> {
    if (found.ok()) return true;
    const std::string& code = found.error().code();
    if (code == "opportunity_not_found" || code == "lead_not_found" || code == "party_not_found") {
      return false;
    }
    return Error(found.error());
  };
  if (on.opportunity_id) return visible(get_opportunity(tx, actor, *on.opportunity_id));
  if (on.lead_id) return visible(get_lead(tx, actor, *on.lead_id));
  if (on.partner_id) {
    partners::Caller caller = partners::Caller::system(actor.company(), actor.user());
    caller.read = actor.partners;
    return visible(partners::get_party(tx, caller, *on.partner_id));
  }
  return false;
}

}  // namespace

Result<Activity> log_activity(db::Tx& tx, const Actor& actor, const ActivityInput& raw) {
  ActivityInput input = TRY(validate(raw));
  // The partner's timeline holds what was logged on its opportunities and leads.
  if (input.opportunity_id) {
    const Opportunity o = TRY(get_opportunity(tx, actor, *input.opportunity_id));
    if (!input.partner_id) input.partner_id = o.partner_id;
  }
  if (input.lead_id) {
    const Lead lead = TRY(get_lead(tx, actor, *input.lead_id));
    if (!input.partner_id) input.partner_id = lead.partner_id;
  }
  if (input.partner_id) TRY(check_partner(tx, actor, *input.partner_id, "partner_id"));
  const UserId user = input.user_id.value_or(actor.user());
  if (user != actor.user()) TRY(check_user(tx, actor, user, "user_id"));
  const std::string now = now_text(actor);
  const auto row = TRY(tx.query_one(
      "INSERT INTO crm_activities (company_id, kind, subject, body, direction, channel, "
      "partner_id, opportunity_id, lead_id, user_id, due_date, starts_at, ends_at, done_at, "
      "message_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, "
      "$14, $15, $16) RETURNING id",
      {actor.company().value(), input.kind, input.subject, input.body, input.direction,
       input.channel, optional_id(input.partner_id), optional_id(input.opportunity_id),
       optional_id(input.lead_id), user.value(),
       input.due_date ? db::Value(input.due_date->to_string()) : db::Value(db::null),
       input.starts_at ? db::Value(*input.starts_at) : db::Value(db::null),
       input.ends_at ? db::Value(*input.ends_at) : db::Value(db::null),
       input.done || input.kind != "task" ? db::Value(now) : db::Value(db::null),
       input.message_id ? db::Value(*input.message_id) : db::Value(db::null), now}));
  KEEL_ASSERT(row.has_value());
  const ActivityId id(row->integer(0));
  if (input.lead_id) TRY(rescore_lead(tx, actor, *input.lead_id));
  const Activity created = TRY(get_activity(tx, actor, id));
  TRY(record_change(tx, actor, "create", "crm.activity", id.value(), nullptr, to_json(created)));
  return created;
}

Result<Activity> get_activity(db::Tx& tx, const Actor& actor, ActivityId id) {
  const auto row = TRY(tx.query_one(
      "SELECT " + std::string(kColumns) + " FROM crm_activities WHERE id = $1 AND company_id = $2",
      {id.value(), actor.company().value()}));
  if (!row) {
    return Error::not_found("activity_not_found", "no activity " + std::to_string(id.value()));
  }
  Activity found = activity_of(*row, today(actor));
  // Visible to whoever logged it (and their team leads), and to whoever sees the record it is
  // on: the timeline's rule, so an activity read by id is never hidden where its timeline
  // shows it.
  if (!TRY(can_see(tx, actor, actor.activities, found.user_id, std::nullopt)) &&
      !TRY(record_visible(tx, actor, found.input))) {
    return Error::not_found("activity_not_found", "no activity " + std::to_string(id.value()));
  }
  return found;
}

Result<Activity> complete_task(db::Tx& tx, const Actor& actor, ActivityId id,
                               std::int64_t version) {
  const Activity before = TRY(get_activity(tx, actor, id));
  if (before.input.kind != "task") {
    return Error::conflict("activity_not_a_task", "only tasks are completed");
  }
  if (before.done_at) return Error::conflict("activity_done", "the task is already done");
  const auto changed = TRY(
      tx.execute("UPDATE crm_activities SET done_at = $1, version = version + 1 WHERE id = $2 AND "
                 "version = $3 AND done_at IS NULL",
                 {now_text(actor), id.value(), version}));
  if (changed == 0) return Error::conflict("version_conflict", "the task changed; reload it");
  const Activity after = TRY(get_activity(tx, actor, id));
  TRY(record_change(tx, actor, "complete", "crm.activity", id.value(), to_json(before),
                    to_json(after)));
  return after;
}

Result<Timeline> timeline(db::Tx& tx, const Actor& actor, const TimelineQuery& query) {
  const int targets =
      (query.partner_id ? 1 : 0) + (query.opportunity_id ? 1 : 0) + (query.lead_id ? 1 : 0);
  if (targets != 1) {
    return Error::validation("timeline_target_missing",
                             "name exactly one of partner_id, opportunity_id, lead_id",
                             "partner_id");
  }
  std::string column;
  std::int64_t target = 0;
  if (query.partner_id) {
    // A partner's timeline follows the partner's own record rule.
    partners::Caller caller = partners::Caller::system(actor.company(), actor.user());
    caller.read = actor.partners;
    const auto party = partners::get_party(tx, caller, *query.partner_id);
    if (!party.ok()) {
      if (party.error().code() != "party_not_found") return Error(party.error());
      return Error::not_found("partner_not_found",
                              "no partner " + std::to_string(query.partner_id->value()));
    }
    column = "partner_id";
    target = query.partner_id->value();
  } else if (query.opportunity_id) {
    TRY(get_opportunity(tx, actor, *query.opportunity_id));
    column = "opportunity_id";
    target = query.opportunity_id->value();
  } else {
    TRY(get_lead(tx, actor, *query.lead_id));
    column = "lead_id";
    target = query.lead_id->value();
  }
  // Whoever may see the record sees its whole timeline: the record rule is the record's.
  const auto rows = TRY(tx.query(
      "SELECT " + std::string(kColumns) + " FROM crm_activities WHERE company_id = $1 AND " +
          column + " = $2 AND ($3 = 0 OR id < $3) ORDER BY id DESC LIMIT $4",
      {actor.company().value(), target, query.before_id, query.limit + 1}));
  Timeline page;
  const Date now = today(actor);
  for (const auto& row : rows) {
    if (static_cast<std::int64_t>(page.items.size()) == query.limit) {
      page.next_cursor = page.items.back().id.value();
      break;
    }
    page.items.push_back(activity_of(row, now));
  }
  return page;
}

Result<std::vector<Activity>> overdue_tasks(db::Tx& tx, const Actor& actor, std::int64_t limit) {
  const Date now = today(actor);
  const auto rows = TRY(tx.query(
      "SELECT " + std::string(kColumns) +
          " FROM crm_activities WHERE company_id = $1 AND kind = 'task' AND done_at IS NULL AND "
          "due_date < $3 AND " +
          visible_sql(actor.activities == http::Scope::all ? http::Scope::own : actor.activities,
                      "user_id", "", 2) +
          " ORDER BY due_date, id LIMIT $4",
      {actor.company().value(), actor.user().value(), now.to_string(), limit}));
  std::vector<Activity> tasks;
  for (const auto& row : rows) tasks.push_back(activity_of(row, now));
  return tasks;
}

Result<void> move_lead_activities(db::Tx& tx, const Actor& actor, LeadId lead,
                                  partners::PartyId partner) {
  TRY(
      tx.execute("UPDATE crm_activities SET partner_id = $1 WHERE company_id = $2 AND lead_id = $3 "
                 "AND partner_id IS NULL",
                 {partner.value(), actor.company().value(), lead.value()}));
  return Ok{};
}

}  // namespace keel::crm::detail
