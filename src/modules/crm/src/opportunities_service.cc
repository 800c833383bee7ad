// Opportunities: the state machine, the kanban's moves, quotes through sales, the pipeline.
#include <algorithm>

#include "crm_internal.h"
#include "keel/core/assert.h"
#include "keel/core/utf8.h"

namespace keel::crm::detail {
namespace {

constexpr std::string_view kColumns =
    "o.id, o.title, o.partner_id, o.lead_id, o.stage_id, o.state, o.expected_revenue, "
    "o.close_date, o.owner_id, o.team_id, o.campaign_id, o.quote_id, o.lost_reason, "
    "o.created_at, o.closed_at, o.version, s.probability";

constexpr std::string_view kFrom =
    " FROM crm_opportunities o JOIN crm_stages s ON s.id = o.stage_id";

Opportunity opportunity_of(const db::Row& row, Currency currency) {
  Opportunity o;
  o.id = OpportunityId(row.integer(0));
  o.title = row.text(1);
  if (const auto p = row.optional_integer(2)) o.partner_id = partners::PartyId(*p);
  if (const auto l = row.optional_integer(3)) o.lead_id = LeadId(*l);
  o.stage_id = StageId(row.integer(4));
  o.state = row.text(5);
  o.expected_revenue = Money::from_minor_units(row.integer(6), currency).value();
  o.close_date = Date::parse(row.text(7)).value();
  o.owner_id = UserId(row.integer(8));
  if (const auto t = row.optional_integer(9)) o.team_id = TeamId(*t);
  if (const auto c = row.optional_integer(10)) o.campaign_id = CampaignId(*c);
  if (const auto q = row.optional_integer(11)) o.quote_id = sales::QuoteId(*q);
  o.lost_reason = row.text(12);
  o.created_at = row.text(13);
  o.closed_at = row.optional_text(14);
  o.version = row.integer(15);
  o.probability = o.state == "won"    ? 100
                  : o.state == "lost" ? 0
                                      : static_cast<int>(row.integer(16));
  return o;
}

db::Value optional_id(auto id) { return id ? db::Value(id->value()) : db::Value(db::null); }

struct Checked {
  StageId stage;
  Money expected = accounting::detail::placeholder_money();
  Date close_date = accounting::detail::placeholder_date();
  UserId owner;
};

Result<StageId> first_stage(db::Tx& tx, const Actor& actor) {
  const auto row =
      TRY(tx.query_one("SELECT id FROM crm_stages WHERE company_id = $1 AND "
                       "archived = 0 ORDER BY sequence, id LIMIT 1",
                       {actor.company().value()}));
  if (!row)
    return Error::validation("stage_not_found", "the pipeline has no stage yet", "stage_id");
  return StageId(row->integer(0));
}

Result<void> check_stage(db::Tx& tx, const Actor& actor, StageId stage) {
  const auto row =
      TRY(tx.query_one("SELECT 1 FROM crm_stages WHERE id = $1 AND company_id = $2 "
                       "AND archived = 0",
                       {stage.value(), actor.company().value()}));
  if (!row) {
    return Error::validation("stage_not_found", "no stage " + std::to_string(stage.value()),
                             "stage_id");
  }
  return Ok{};
}

Result<Checked> check_input(db::Tx& tx, const Actor& actor, const OpportunityInput& input,
                            UserId default_owner) {
  std::vector<FieldError> errors;
  if (input.title.empty() || input.title.size() > kTextLengthMax || !is_valid_utf8(input.title)) {
    errors.push_back({"title", "opportunity_title_invalid", "a title of 1 to 300 bytes"});
  }
  Checked checked;
  auto amount = Money::parse(input.expected_revenue, actor.context.company_currency);
  if (!amount.ok()) {
    errors.push_back({"expected_revenue", amount.error().code(), amount.error().message()});
  } else if (amount->is_negative()) {
    errors.push_back({"expected_revenue", "amount_negative", "expected revenue is not negative"});
  } else {
    checked.expected = *amount;
  }
  if (!errors.empty()) {
    return Error(ErrorKind::validation, "input_invalid", "the opportunity is not valid",
                 std::move(errors));
  }
  checked.close_date = input.close_date.value_or(today(actor).add_days(30).value());
  checked.stage = input.stage_id ? *input.stage_id : TRY(first_stage(tx, actor));
  if (input.stage_id) TRY(check_stage(tx, actor, *input.stage_id));
  if (input.partner_id) TRY(check_partner(tx, actor, *input.partner_id, "partner_id"));
  checked.owner = input.owner_id.value_or(default_owner);
  if (checked.owner != actor.user()) {
    TRY(check_user(tx, actor, checked.owner, "owner_id"));
    if (!TRY(can_see(tx, actor, actor.opportunities, checked.owner, input.team_id))) {
      return Error::permission("permission_denied",
                               "you may only give opportunities to yourself or your teams");
    }
  }
  if (input.team_id) TRY(check_team(tx, actor, *input.team_id, "team_id"));
  if (input.campaign_id) TRY(check_campaign(tx, actor, *input.campaign_id, "campaign_id"));
  return checked;
}

// Optimistic lock: bumps the version when it is the expected one.
Result<Opportunity> lock(db::Tx& tx, const Actor& actor, OpportunityId id, std::int64_t version) {
  const Opportunity found = TRY(get_opportunity(tx, actor, id));
  const auto changed = TRY(tx.execute(
      "UPDATE crm_opportunities SET version = version + 1 WHERE id = $1 AND company_id = $2 AND "
      "version = $3",
      {id.value(), actor.company().value(), version}));
  if (changed == 0) {
    return Error::conflict("version_conflict", "the opportunity changed since version " +
                                                   std::to_string(version) + "; reload it");
  }
  return found;
}

Error state_invalid(const Opportunity& o, std::string_view action) {
  return Error::conflict("opportunity_state_invalid",
                         "a " + o.state + " opportunity cannot be " + std::string(action));
}

Result<Opportunity> finish(db::Tx& tx, const Actor& actor, std::string action,
                           const Opportunity& before) {
  const Opportunity after = TRY(get_opportunity(tx, actor, before.id));
  TRY(record_change(tx, actor, std::move(action), "crm.opportunity", before.id.value(),
                    to_json(before), to_json(after)));
  return after;
}

}  // namespace

Result<Opportunity> create_opportunity(db::Tx& tx, const Actor& actor,
                                       const OpportunityInput& input, std::optional<LeadId> lead) {
  const Checked checked = TRY(check_input(tx, actor, input, actor.user()));
  const auto row = TRY(tx.query_one(
      "INSERT INTO crm_opportunities (company_id, title, partner_id, lead_id, stage_id, "
      "expected_revenue, close_date, owner_id, team_id, campaign_id, created_at) VALUES ($1, $2, "
      "$3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
      {actor.company().value(), input.title, optional_id(input.partner_id), optional_id(lead),
       checked.stage.value(), checked.expected.minor_units(), checked.close_date.to_string(),
       checked.owner.value(), optional_id(input.team_id), optional_id(input.campaign_id),
       now_text(actor)}));
  KEEL_ASSERT(row.has_value());
  const OpportunityId id(row->integer(0));
  // Read back as the system: an own-scoped actor may have given it to a team member.
  const auto row_back = TRY(tx.query_one(
      "SELECT " + std::string(kColumns) + std::string(kFrom) + " WHERE o.id = $1", {id.value()}));
  const Opportunity created = opportunity_of(*row_back, actor.context.company_currency);
  TRY(record_change(tx, actor, "create", "crm.opportunity", id.value(), nullptr, to_json(created)));
  return created;
}

Result<Opportunity> get_opportunity(db::Tx& tx, const Actor& actor, OpportunityId id) {
  const auto row = TRY(tx.query_one("SELECT " + std::string(kColumns) + std::string(kFrom) +
                                        " WHERE o.id = $1 AND o.company_id = $2",
                                    {id.value(), actor.company().value()}));
  const auto missing = [&] {
    return Error::not_found("opportunity_not_found",
                            "no opportunity " + std::to_string(id.value()));
  };
  if (!row) return missing();
  Opportunity found = opportunity_of(*row, actor.context.company_currency);
  if (!TRY(can_see(tx, actor, actor.opportunities, found.owner_id, found.team_id))) {
    return missing();
  }
  return found;
}

Result<Opportunity> update_opportunity(db::Tx& tx, const Actor& actor, OpportunityId id,
                                       std::int64_t version, const OpportunityInput& input) {
  const Opportunity before = TRY(lock(tx, actor, id, version));
  if (before.state != "open") return state_invalid(before, "changed");
  const Checked checked = TRY(check_input(tx, actor, input, before.owner_id));
  TRY(tx.execute(
      "UPDATE crm_opportunities SET title = $1, partner_id = $2, stage_id = $3, "
      "expected_revenue = $4, close_date = $5, owner_id = $6, team_id = $7, campaign_id = $8 "
      "WHERE id = $9",
      {input.title, optional_id(input.partner_id), checked.stage.value(),
       checked.expected.minor_units(), checked.close_date.to_string(), checked.owner.value(),
       optional_id(input.team_id), optional_id(input.campaign_id), id.value()}));
  return finish(tx, actor, "update", before);
}

Result<Opportunity> move_opportunity(db::Tx& tx, const Actor& actor, OpportunityId id,
                                     std::int64_t version, StageId stage) {
  const Opportunity before = TRY(lock(tx, actor, id, version));
  if (before.state != "open") return state_invalid(before, "moved");
  TRY(check_stage(tx, actor, stage));
  TRY(tx.execute("UPDATE crm_opportunities SET stage_id = $1 WHERE id = $2",
                 {stage.value(), id.value()}));
  return finish(tx, actor, "move", before);
}

Result<Opportunity> win_opportunity(db::Tx& tx, const Actor& actor, OpportunityId id,
                                    std::int64_t version, std::optional<sales::QuoteId> quote) {
  const Opportunity before = TRY(lock(tx, actor, id, version));
  if (before.state != "open") return state_invalid(before, "won");
  std::int64_t expected = before.expected_revenue.minor_units();
  std::optional<sales::QuoteId> linked = before.quote_id;
  if (quote) {
    const auto summary = TRY(sales::quote_summary(tx, actor.context, *quote));
    if (!before.partner_id || summary.partner_id != *before.partner_id) {
      return Error::validation("quote_partner_mismatch",
                               "the quote is for another partner than the opportunity", "quote_id");
    }
    if (summary.currency == actor.context.company_currency) {
      expected = summary.untaxed.minor_units();
    }
    linked = quote;
  }
  TRY(tx.execute(
      "UPDATE crm_opportunities SET state = 'won', closed_at = $1, expected_revenue = $2, "
      "quote_id = $3 WHERE id = $4",
      {now_text(actor), expected, optional_id(linked), id.value()}));
  return finish(tx, actor, "win", before);
}

Result<Opportunity> lose_opportunity(db::Tx& tx, const Actor& actor, OpportunityId id,
                                     std::int64_t version, const std::string& reason) {
  if (reason.empty() || reason.size() > kTextLengthMax || !is_valid_utf8(reason)) {
    return Error::validation("lost_reason_required", "say why, in 1 to 300 bytes", "reason");
  }
  const Opportunity before = TRY(lock(tx, actor, id, version));
  if (before.state != "open") return state_invalid(before, "lost");
  TRY(tx.execute(
      "UPDATE crm_opportunities SET state = 'lost', closed_at = $1, lost_reason = $2 WHERE id = $3",
      {now_text(actor), reason, id.value()}));
  return finish(tx, actor, "lose", before);
}

Result<Opportunity> reopen_opportunity(db::Tx& tx, const Actor& actor, OpportunityId id,
                                       std::int64_t version) {
  const Opportunity before = TRY(lock(tx, actor, id, version));
  if (before.state != "lost") return state_invalid(before, "reopened");
  TRY(
      tx.execute("UPDATE crm_opportunities SET state = 'open', closed_at = NULL, lost_reason = '' "
                 "WHERE id = $1",
                 {id.value()}));
  return finish(tx, actor, "reopen", before);
}

Result<Opportunity> quote_opportunity(db::Tx& tx, const Actor& actor, OpportunityId id,
                                      const sales::QuoteRequest& request) {
  const Opportunity before = TRY(get_opportunity(tx, actor, id));
  if (before.state != "open") return state_invalid(before, "quoted");
  if (!before.partner_id) {
    return Error::validation("opportunity_partner_missing",
                             "give the opportunity a partner before quoting", "partner_id");
  }
  if (before.quote_id) {
    const auto existing = TRY(sales::quote_summary(tx, actor.context, *before.quote_id));
    if (existing.state != "cancelled" && existing.state != "rejected" &&
        existing.state != "expired") {
      return Error::conflict("quote_already_linked", "the opportunity already has an open quote");
    }
  }
  const Opportunity locked = TRY(lock(tx, actor, id, before.version));
  sales::QuoteRequest wanted = request;
  wanted.partner_id = *before.partner_id;
  const auto quote = TRY(sales::open_quote(tx, actor.context, wanted, actor.roles));
  std::int64_t expected = locked.expected_revenue.minor_units();
  if (quote.currency == actor.context.company_currency) expected = quote.untaxed.minor_units();
  TRY(tx.execute("UPDATE crm_opportunities SET quote_id = $1, expected_revenue = $2 WHERE id = $3",
                 {quote.id.value(), expected, id.value()}));
  return finish(tx, actor, "quote", locked);
}

Result<OpportunityPage> list_opportunities(db::Tx& tx, const Actor& actor,
                                           const OpportunityQuery& query) {
  if (!query.state.empty() && query.state != "open" && query.state != "won" &&
      query.state != "lost") {
    return Error::validation("opportunity_state_invalid", "state is one of open, won, lost",
                             "state");
  }
  if (query.q.size() > kTextLengthMax) {
    return Error::validation("search_query_too_long", "at most 300 bytes", "q");
  }
  std::string like = "%";
  for (const char c : query.q) {
    if (c == '%' || c == '_' || c == '\\') continue;
    like.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  like.push_back('%');
  const std::string sql =
      "SELECT " + std::string(kColumns) + std::string(kFrom) + " WHERE o.company_id = $1 AND " +
      visible_sql(actor.opportunities, "o.owner_id", "o.team_id", 2) +
      " AND ($3 = '' OR o.state = $3) AND ($4 = 0 OR o.stage_id = $4) AND ($5 = 0 OR o.owner_id "
      "= $5) AND ($6 = 0 OR o.team_id = $6) AND ($7 = 0 OR o.partner_id = $7) AND ($8 = 0 OR "
      "o.id < $8) AND ($9 = '' OR LOWER(o.title) LIKE $10) ORDER BY o.id DESC LIMIT $11";
  const auto rows =
      TRY(tx.query(sql, {actor.company().value(), actor.user().value(), query.state,
                         query.stage_id ? query.stage_id->value() : std::int64_t{0},
                         query.owner_id ? query.owner_id->value() : std::int64_t{0},
                         query.team_id ? query.team_id->value() : std::int64_t{0},
                         query.partner_id ? query.partner_id->value() : std::int64_t{0},
                         query.after_id, query.q, like, query.limit + 1}));
  OpportunityPage page;
  for (const auto& row : rows) {
    if (static_cast<std::int64_t>(page.items.size()) == query.limit) {
      page.next_cursor = page.items.back().id.value();
      break;
    }
    page.items.push_back(opportunity_of(row, actor.context.company_currency));
  }
  return page;
}

namespace {

// Σ amount × percent ÷ 100, rounded half up once, on the total: weighted sums are exact.
Result<Money> weighted_of(__int128 amount_times_percent, Currency currency) {
  return money_of_sum((amount_times_percent + 50) / 100, currency);
}

}  // namespace

Result<Pipeline> pipeline(db::Tx& tx, const Actor& actor, std::optional<UserId> owner,
                          std::optional<TeamId> team, std::int64_t cards) {
  const Currency currency = actor.context.company_currency;
  const std::string scope = visible_sql(actor.opportunities, "o.owner_id", "o.team_id", 2);
  const std::string filters = " AND ($3 = 0 OR o.owner_id = $3) AND ($4 = 0 OR o.team_id = $4)";
  const std::int64_t owner_id = owner ? owner->value() : 0;
  const std::int64_t team_id = team ? team->value() : 0;
  Pipeline result;
  result.expected = result.weighted = result.won = Money::zero(currency);
  const auto sums =
      TRY(tx.query("SELECT o.stage_id, COUNT(*), " + split_sum_sql("o.expected_revenue") +
                       " FROM crm_opportunities o WHERE "
                       "o.company_id = $1 AND o.state = 'open' AND " +
                       scope + filters + " GROUP BY o.stage_id",
                   {actor.company().value(), actor.user().value(), owner_id, team_id}));
  __int128 total_weighted = 0;
  for (const Stage& stage : TRY(list_stages(tx, actor))) {
    StageColumn column;
    column.stage = stage;
    column.expected = column.weighted = Money::zero(currency);
    for (const auto& row : sums) {
      if (row.integer(0) != stage.id.value()) continue;
      column.count = row.integer(1);
      const __int128 sum = split_sum(row, 2);
      column.expected = TRY(money_of_sum(sum, currency));
      column.weighted = TRY(weighted_of(sum * stage.probability, currency));
      total_weighted += sum * stage.probability;
      result.expected = TRY(result.expected.add(column.expected));
    }
    if (cards > 0 && column.count > 0) {
      const auto rows = TRY(
          tx.query("SELECT " + std::string(kColumns) + std::string(kFrom) +
                       " WHERE o.company_id = $1 AND o.state = 'open' AND o.stage_id = $5 AND " +
                       scope + filters + " ORDER BY o.close_date, o.id LIMIT $6",
                   {actor.company().value(), actor.user().value(), owner_id, team_id,
                    stage.id.value(), cards}));
      for (const auto& row : rows) column.cards.push_back(opportunity_of(row, currency));
    }
    result.columns.push_back(std::move(column));
  }
  result.weighted = TRY(weighted_of(total_weighted, currency));
  const std::string since = today(actor).add_days(-365).value().to_string();
  const auto closed = TRY(
      tx.query("SELECT o.state, COUNT(*), " + split_sum_sql("o.expected_revenue") +
                   " FROM crm_opportunities o WHERE "
                   "o.company_id = $1 AND o.state IN ('won', 'lost') AND o.closed_at >= $5 AND " +
                   scope + filters + " GROUP BY o.state",
               {actor.company().value(), actor.user().value(), owner_id, team_id, since}));
  for (const auto& row : closed) {
    if (row.text(0) == "won") {
      result.won_count = row.integer(1);
      result.won = TRY(money_of_sum(split_sum(row, 2), currency));
    } else {
      result.lost_count = row.integer(1);
    }
  }
  return result;
}

}  // namespace keel::crm::detail
