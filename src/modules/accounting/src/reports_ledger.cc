// Sums per account over a date range from live period balances and, for the edge periods, the
// daily balances.
#include "reports_ledger.h"

#include <nlohmann/json.hpp>

#include "keel/core/limits.h"

namespace keel::accounting::reports::detail {
namespace {

struct PeriodSpan {
  std::int64_t id = 0;
  Date start;
  Date end;
};

// Whether a row adds to or takes from the sums.
enum class Sign { add, subtract };

void accumulate(SumsByAccount& sums, const db::Rows& rows, Sign sign) {
  for (const auto& row : rows) {
    Turnover& t = sums[row.integer(0)];
    const Amount debit = amount_of(row, 1);
    const Amount credit = amount_of(row, 2);
    if (sign == Sign::add) {
      t.debit += debit;
      t.credit += credit;
    } else {
      t.debit -= debit;
      t.credit -= credit;
    }
  }
}

std::string name_in(const std::string& names_json, std::string_view language) {
  const auto names = nlohmann::json::parse(names_json, nullptr, false);
  if (!names.is_object() || names.empty()) return {};
  for (const std::string_view key : {language, std::string_view("en")}) {
    const auto found = names.find(std::string(key));
    if (found != names.end() && found->is_string()) return found->get<std::string>();
  }
  const auto& first = names.begin().value();
  return first.is_string() ? first.get<std::string>() : std::string();
}

Result<std::vector<PeriodSpan>> periods_touching(db::Tx& tx, CompanyId company_id,
                                                 const DateRange& range) {
  const auto rows = TRY(
      tx.query("SELECT id, start_date, end_date FROM accounting_periods "
               "WHERE company_id = $1 AND start_date <= $2 AND end_date >= $3 ORDER BY start_date",
               {company_id.value(), range.to.to_string(), range.from.to_string()}));
  std::vector<PeriodSpan> out;
  out.reserve(rows.size());
  for (const auto& row : rows) {
    const Date start = TRY(Date::parse(row.text(1)));
    const Date end = TRY(Date::parse(row.text(2)));
    out.push_back({row.integer(0), start, end});
  }
  return out;
}

// Balance rows of every period lying wholly within `range`.
Result<void> add_whole_periods(db::Tx& tx, CompanyId company_id, const DateRange& range,
                               std::optional<std::int64_t> account_id, SumsByAccount& sums) {
  static constexpr std::string_view kPeriods =
      "period_id IN (SELECT id FROM accounting_periods WHERE company_id = $1 "
      "AND start_date >= $2 AND end_date <= $3)";
  const std::string from = range.from.to_string();
  const std::string to = range.to.to_string();
  db::Rows rows;
  if (account_id) {
    static const std::string sql =
        "SELECT account_id, debit, credit FROM accounting_balances WHERE account_id = $4 AND " +
        std::string(kPeriods) + " AND company_id = $1";
    rows = TRY(tx.query(sql, {company_id.value(), from, to, *account_id}));
  } else {
    static const std::string sql =
        "SELECT account_id, debit, credit FROM accounting_balances WHERE company_id = $1 AND " +
        std::string(kPeriods);
    rows = TRY(tx.query(sql, {company_id.value(), from, to}));
  }
  accumulate(sums, rows, Sign::add);
  return Ok{};
}

Result<void> add_period(db::Tx& tx, CompanyId company_id, std::int64_t period_id,
                        std::optional<std::int64_t> account_id, SumsByAccount& sums) {
  db::Rows rows;
  if (account_id) {
    rows =
        TRY(tx.query("SELECT account_id, debit, credit FROM accounting_balances "
                     "WHERE account_id = $3 AND period_id = $2 AND company_id = $1",
                     {company_id.value(), period_id, *account_id}));
  } else {
    rows =
        TRY(tx.query("SELECT account_id, debit, credit FROM accounting_balances "
                     "WHERE company_id = $1 AND period_id = $2",
                     {company_id.value(), period_id}));
  }
  accumulate(sums, rows, Sign::add);
  return Ok{};
}

// The days first..last from accounting_daily_balances (kept by post() beside the period
// rows), by its (company_id, date, ...) key: at most a period's days times its accounts.
Result<void> add_days(db::Tx& tx, CompanyId company_id, Date first, Date last,
                      std::optional<std::int64_t> account_id, Sign sign, SumsByAccount& sums) {
  db::Rows rows;
  if (account_id) {
    rows = TRY(tx.query(
        "SELECT account_id, debit, credit FROM accounting_daily_balances "
        "WHERE company_id = $1 AND date >= $2 AND date <= $3 AND account_id = $4",
        {company_id.value(), first.to_string(), last.to_string(), *account_id}));
  } else {
    rows = TRY(
        tx.query("SELECT account_id, debit, credit FROM accounting_daily_balances "
                 "WHERE company_id = $1 AND date >= $2 AND date <= $3",
                 {company_id.value(), first.to_string(), last.to_string()}));
  }
  accumulate(sums, rows, sign);
  return Ok{};
}

// A period cut by the range: read the days of the smaller side of the cut.
Result<void> add_partial_period(db::Tx& tx, CompanyId company_id, const PeriodSpan& period,
                                const DateRange& range, std::optional<std::int64_t> account_id,
                                SumsByAccount& sums) {
  const Date first = std::max(range.from, period.start);
  const Date last = std::min(range.to, period.end);
  const std::int64_t inside_days = last.days_since_epoch() - first.days_since_epoch() + 1;
  const std::int64_t outside_days = (first.days_since_epoch() - period.start.days_since_epoch()) +
                                    (period.end.days_since_epoch() - last.days_since_epoch());
  if (inside_days <= outside_days) {
    return add_days(tx, company_id, first, last, account_id, Sign::add, sums);
  }
  TRY(add_period(tx, company_id, period.id, account_id, sums));
  if (first > period.start) {
    const Date before = TRY(first.add_days(-1));
    TRY(add_days(tx, company_id, period.start, before, account_id, Sign::subtract, sums));
  }
  if (last < period.end) {
    const Date after = TRY(last.add_days(1));
    TRY(add_days(tx, company_id, after, period.end, account_id, Sign::subtract, sums));
  }
  return Ok{};
}

}  // namespace

Result<std::vector<AccountInfo>> load_accounts(db::Tx& tx, CompanyId company_id,
                                               std::string_view language) {
  const auto rows = TRY(tx.query(
      "SELECT id, parent_id, code, type, role, postable, names_json FROM accounting_accounts "
      "WHERE company_id = $1 ORDER BY code",
      {company_id.value()}));
  std::vector<AccountInfo> accounts;
  accounts.reserve(rows.size());
  for (const auto& row : rows) {
    AccountInfo info;
    info.id = row.integer(0);
    info.parent_id = row.optional_integer(1);
    info.code = row.text(2);
    info.type = TRY(parse_account_type(row.text(3)));
    info.role = row.text(4);
    info.postable = row.integer(5) != 0;
    info.name = name_in(row.text(6), language);
    accounts.push_back(std::move(info));
  }
  return accounts;
}

Result<SumsByAccount> sums_between(db::Tx& tx, CompanyId company_id, const DateRange& range,
                                   std::optional<std::int64_t> account_id) {
  SumsByAccount sums;
  if (range.from > range.to) return sums;
  const auto periods = TRY(periods_touching(tx, company_id, range));
  bool any_whole = false;
  for (const auto& period : periods) {
    if (period.start >= range.from && period.end <= range.to) {
      any_whole = true;
    } else {
      TRY(add_partial_period(tx, company_id, period, range, account_id, sums));
    }
  }
  if (any_whole) TRY(add_whole_periods(tx, company_id, range, account_id, sums));
  return sums;
}

Result<SumsByAccount> sums_until(db::Tx& tx, CompanyId company_id, Date date,
                                 std::optional<std::int64_t> account_id) {
  return sums_between(tx, company_id, DateRange{first_date(), date}, account_id);
}

Date first_date() {
  static const Date date = Date::from_ymd(limits::kDateYearMin, 1, 1).value();
  return date;
}

std::optional<Date> day_before(Date date) {
  if (date <= first_date()) return std::nullopt;
  return date.add_days(-1).value();
}

}  // namespace keel::accounting::reports::detail
