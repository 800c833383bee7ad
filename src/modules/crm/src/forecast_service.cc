// The forecast per owner or team and month, and the quotas it is measured against.
#include <map>

#include "crm_internal.h"
#include "keel/core/assert.h"

namespace keel::crm::detail {
namespace {

bool month_ok(std::string_view month) {
  if (month.size() != 7 || month[4] != '-') return false;
  for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u}) {
    if (month[i] < '0' || month[i] > '9') return false;
  }
  const int m = (month[5] - '0') * 10 + (month[6] - '0');
  return m >= 1 && m <= 12;
}

int month_index(std::string_view month) {
  return std::stoi(std::string(month.substr(0, 4))) * 12 +
         std::stoi(std::string(month.substr(5, 2))) - 1;
}

struct Sums {
  __int128 pipeline = 0;
  __int128 weighted_e2 = 0;  // amount × percent
  __int128 committed = 0;
  __int128 won = 0;
};

}  // namespace

Result<std::vector<ForecastRow>> forecast(db::Tx& tx, const Actor& actor,
                                          const ForecastQuery& query) {
  if (!month_ok(query.from_month) || !month_ok(query.to_month) ||
      month_index(query.to_month) < month_index(query.from_month)) {
    return Error::validation("forecast_month_invalid", "from and to are months YYYY-MM, from ≤ to",
                             "from");
  }
  if (month_index(query.to_month) - month_index(query.from_month) >= kForecastMonthsMax) {
    return Error::validation("forecast_range_too_long",
                             "at most " + std::to_string(kForecastMonthsMax) + " months", "to");
  }
  const bool by_team = query.group_by == "team";
  if (!by_team && query.group_by != "owner") {
    return Error::validation("forecast_group_invalid", "group_by is owner or team", "group_by");
  }
  const Currency currency = actor.context.company_currency;
  const std::string group = by_team ? "COALESCE(o.team_id, 0)" : "o.owner_id";
  // One pass over the opportunities closing in the range, grouped in SQL. The month is the
  // first 7 characters of the ISO close date.
  const std::string sql =
      "SELECT " + group +
      ", SUBSTR(o.close_date, 1, 7), o.state, s.probability, s.committed, "
      "COUNT(*), " +
      split_sum_sql("o.expected_revenue") +
      " FROM crm_opportunities o JOIN crm_stages s ON s.id = "
      "o.stage_id WHERE o.company_id = $1 AND o.close_date >= $3 AND o.close_date < $4 AND "
      "o.state IN ('open', 'won') AND " +
      visible_sql(actor.opportunities, "o.owner_id", "o.team_id", 2) + " GROUP BY " + group +
      ", SUBSTR(o.close_date, 1, 7), o.state, s.probability, s.committed";
  const int last = month_index(query.to_month) + 1;
  const std::string end = std::to_string(last / 12) + "-" + (last % 12 + 1 < 10 ? "0" : "") +
                          std::to_string(last % 12 + 1) + "-01";
  const auto rows = TRY(tx.query(
      sql, {actor.company().value(), actor.user().value(), query.from_month + "-01", end}));
  std::map<std::pair<std::int64_t, std::string>, Sums> sums;
  for (const auto& row : rows) {
    Sums& s = sums[{row.integer(0), row.text(1)}];
    const __int128 amount = split_sum(row, 6);
    if (row.text(2) == "won") {
      s.won += amount;
      s.committed += amount;
    } else {
      s.pipeline += amount;
      s.weighted_e2 += amount * row.integer(3);
      if (row.integer(4) != 0) s.committed += amount;
    }
  }
  std::map<std::pair<std::int64_t, std::string>, std::int64_t> quotas;
  if (!by_team) {
    for (const auto& q :
         TRY(tx.query("SELECT user_id, month, amount FROM crm_quotas WHERE "
                      "company_id = $1 AND month >= $2 AND month <= $3",
                      {actor.company().value(), query.from_month, query.to_month}))) {
      // Quotas of people the actor cannot see stay out, like their opportunities.
      if (!TRY(can_see(tx, actor, actor.opportunities, UserId(q.integer(0)), std::nullopt)))
        continue;
      quotas[{q.integer(0), q.text(1)}] = q.integer(2);
      sums.try_emplace({q.integer(0), q.text(1)});
    }
  }
  std::vector<ForecastRow> out;
  for (const auto& [key, s] : sums) {
    ForecastRow row;
    row.group = by_team ? "team" : "owner";
    row.group_id = key.first;
    row.month = key.second;
    row.pipeline = TRY(money_of_sum(s.pipeline, currency));
    row.weighted = TRY(money_of_sum((s.weighted_e2 + 50) / 100, currency));
    row.committed = TRY(money_of_sum(s.committed, currency));
    row.won = TRY(money_of_sum(s.won, currency));
    if (const auto q = quotas.find(key); q != quotas.end()) {
      row.quota = TRY(Money::from_minor_units(q->second, currency));
      if (q->second > 0) {
        // Per mille, half up, shown with one decimal.
        const __int128 per_mille =
            (s.won * 1000 * 2 + q->second) / (2 * static_cast<__int128>(q->second));
        const auto whole = static_cast<std::int64_t>(per_mille / 10);
        row.attainment_percent =
            std::to_string(whole) + "." + std::to_string(static_cast<int>(per_mille % 10));
      }
    }
    out.push_back(std::move(row));
  }
  return out;
}

Result<Quota> set_quota(db::Tx& tx, const Actor& actor, const Quota& quota) {
  if (!month_ok(quota.month)) {
    return Error::validation("forecast_month_invalid", "a month YYYY-MM", "month");
  }
  if (quota.amount.is_negative()) {
    return Error::validation("amount_negative", "a quota is not negative", "amount");
  }
  TRY(check_user(tx, actor, quota.user_id, "user_id"));
  const auto before = TRY(tx.query_one(
      "SELECT amount FROM crm_quotas WHERE company_id = $1 AND user_id = $2 AND month = $3",
      {actor.company().value(), quota.user_id.value(), quota.month}));
  if (before) {
    TRY(tx.execute(
        "UPDATE crm_quotas SET amount = $1 WHERE company_id = $2 AND user_id = $3 AND "
        "month = $4",
        {quota.amount.minor_units(), actor.company().value(), quota.user_id.value(), quota.month}));
  } else {
    TRY(tx.execute(
        "INSERT INTO crm_quotas (company_id, user_id, month, amount) VALUES ($1, $2, "
        "$3, $4)",
        {actor.company().value(), quota.user_id.value(), quota.month, quota.amount.minor_units()}));
  }
  TRY(record_change(
      tx, actor, "set", "crm.quota", quota.user_id.value(),
      before ? nlohmann::json{{"month", quota.month}, {"amount_minor", before->integer(0)}}
             : nlohmann::json(nullptr),
      to_json(quota)));
  return quota;
}

Result<std::vector<Quota>> list_quotas(db::Tx& tx, const Actor& actor, std::string_view month) {
  if (!month.empty() && !month_ok(month)) {
    return Error::validation("forecast_month_invalid", "a month YYYY-MM", "month");
  }
  std::vector<Quota> quotas;
  for (const auto& row : TRY(tx.query("SELECT user_id, month, amount FROM crm_quotas WHERE "
                                      "company_id = $1 AND ($2 = '' OR month = $2) ORDER BY "
                                      "month, user_id LIMIT 1000",
                                      {actor.company().value(), std::string(month)}))) {
    quotas.push_back(
        {UserId(row.integer(0)), row.text(1),
         TRY(Money::from_minor_units(row.integer(2), actor.context.company_currency))});
  }
  return quotas;
}

}  // namespace keel::crm::detail
