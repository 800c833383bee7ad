// Fiscal years and periods in the company's calendar, lock dates and exchange rates.
#include <algorithm>
#include <array>

#include "keel/audit/audit.h"
#include "keel/core/assert.h"
#include "keel/core/limits.h"
#include "ledger_internal.h"

namespace keel::accounting {

using ledger::kFiscalYearColumns;
using ledger::kPeriodColumns;

namespace {

constexpr std::array<std::string_view, 12> kJalaliMonths = {
    "Farvardin", "Ordibehesht", "Khordad", "Tir",    "Mordad", "Shahrivar",
    "Mehr",      "Aban",        "Azar",    "Dey",    "Bahman", "Esfand"};

struct PeriodRange {
  std::string name;
  Date start;
  Date end;
};

std::string two_digits(int value) {
  return value < 10 ? "0" + std::to_string(value) : std::to_string(value);
}

// The twelve months of `year` in `calendar`. Errors: fiscal_year_invalid (out of range).
Result<std::vector<PeriodRange>> months_of(std::string_view calendar, int year) {
  std::vector<PeriodRange> months;
  for (int month = 1; month <= 12; ++month) {
    const std::string name = std::to_string(year) + "-" + two_digits(month);
    Result<Date> start = Error::validation("fiscal_year_invalid", "", "year");
    Result<Date> end = start;
    if (calendar == "persian") {
      start = from_jalali(year, month, 1);
      end = from_jalali(year, month, std::max(1, jalali_month_length(year, month)));
    } else {
      start = Date::from_ymd(year, month, 1);
      end = Date::from_ymd(year, month, std::max(1, month_length(year, month)));
    }
    if (!start.ok() || !end.ok()) {
      return Error::validation("fiscal_year_invalid",
                               "year " + std::to_string(year) + " is outside the calendar",
                               "year");
    }
    const std::string label =
        calendar == "persian" ? name + " " + std::string(kJalaliMonths[month - 1]) : name;
    months.push_back({label, start.value(), end.value()});
  }
  return months;
}

}  // namespace

Result<FiscalYear> create_fiscal_year(db::Tx& tx, const Context& context, int year) {
  const auto months = TRY(months_of(context.calendar, year));
  const std::string name = std::to_string(year);
  const Date start = months.front().start;
  const Date end = months.back().end;
  const std::int64_t company = context.company_id.value();
  if (TRY(tx.query_one(
          "SELECT id FROM accounting_fiscal_years WHERE company_id = $1 AND name = $2",
          {company, name}))) {
    return Error::conflict("fiscal_year_exists", "fiscal year " + name + " exists");
  }
  if (TRY(tx.query_one("SELECT id FROM accounting_fiscal_years WHERE company_id = $1 AND "
                       "start_date <= $2 AND end_date >= $3",
                       {company, end.to_string(), start.to_string()}))) {
    return Error::conflict("fiscal_year_overlaps",
                           "fiscal year " + name + " overlaps an existing one");
  }
  const auto row = TRY(tx.query_one(
      "INSERT INTO accounting_fiscal_years (company_id, name, calendar, start_date, end_date, "
      "state) VALUES ($1, $2, $3, $4, $5, 'open') RETURNING id",
      {company, name, context.calendar, start.to_string(), end.to_string()}));
  const FiscalYearId id{row->integer(0)};
  for (std::size_t i = 0; i < months.size(); ++i) {
    TRY(tx.execute(
        "INSERT INTO accounting_periods (company_id, fiscal_year_id, number, name, start_date, "
        "end_date, state) VALUES ($1, $2, $3, $4, $5, $6, 'open')",
        {company, id.value(), static_cast<std::int64_t>(i + 1), months[i].name,
         months[i].start.to_string(), months[i].end.to_string()}));
  }
  TRY(audit::record(tx, *context.clock,
                    {context.company_id, context.user_id, "create", "accounting.fiscal_year",
                     std::to_string(id.value()), nullptr,
                     {{"name", name}, {"start", start.to_string()}, {"end", end.to_string()}},
                     context.request_id}));
  return get_fiscal_year(tx, context.company_id, id);
}

Result<std::vector<FiscalYear>> list_fiscal_years(db::Tx& tx, CompanyId company_id) {
  const auto rows = TRY(tx.query("SELECT " + std::string(kFiscalYearColumns) +
                                     " FROM accounting_fiscal_years WHERE company_id = $1 "
                                     "ORDER BY start_date",
                                 {company_id.value()}));
  std::vector<FiscalYear> out;
  for (const auto& row : rows) out.push_back(ledger::fiscal_year_from(row));
  return out;
}

Result<FiscalYear> get_fiscal_year(db::Tx& tx, CompanyId company_id, FiscalYearId id) {
  const auto row = TRY(tx.query_one("SELECT " + std::string(kFiscalYearColumns) +
                                        " FROM accounting_fiscal_years WHERE id = $1 AND "
                                        "company_id = $2",
                                    {id.value(), company_id.value()}));
  if (!row) {
    return Error::not_found("fiscal_year_not_found",
                            "no fiscal year " + std::to_string(id.value()));
  }
  return ledger::fiscal_year_from(*row);
}

Result<std::vector<Period>> list_periods(db::Tx& tx, CompanyId company_id, FiscalYearId id) {
  const auto rows = TRY(tx.query("SELECT " + std::string(kPeriodColumns) +
                                     " FROM accounting_periods WHERE company_id = $1 AND "
                                     "fiscal_year_id = $2 ORDER BY number",
                                 {company_id.value(), id.value()}));
  std::vector<Period> out;
  for (const auto& row : rows) out.push_back(ledger::period_from(row));
  return out;
}

namespace ledger {

Result<std::optional<PeriodOfDate>> find_period(db::Tx& tx, CompanyId company_id, Date date) {
  const auto row = TRY(tx.query_one(
      "SELECT p.id, p.fiscal_year_id, p.number, p.name, p.start_date, p.end_date, p.state, "
      "y.id, y.name, y.calendar, y.start_date, y.end_date, y.state, y.closing_entry_id "
      "FROM accounting_periods p JOIN accounting_fiscal_years y ON y.id = p.fiscal_year_id "
      "WHERE p.company_id = $1 AND p.start_date <= $2 AND p.end_date >= $2 "
      "ORDER BY p.start_date DESC LIMIT 1",
      {company_id.value(), date.to_string()}));
  if (!row) return std::optional<PeriodOfDate>{};
  std::vector<db::Value> year_values;
  for (std::size_t i = 7; i < row->size(); ++i) year_values.push_back(row->value(i));
  return std::optional<PeriodOfDate>(
      PeriodOfDate{fiscal_year_from(db::Row(std::move(year_values))), period_from(*row)});
}

Result<void> check_open(db::Tx& tx, const Context& context, const PeriodOfDate& where,
                        Date date) {
  if (where.year.closed || where.period.closed) {
    return Error::validation("period_closed",
                             "the period " + where.period.name + " is closed", "date");
  }
  const Locks locks = TRY(get_locks(tx, context.company_id));
  const bool all = locks.lock_all_until && date <= *locks.lock_all_until;
  const bool users = !context.adviser && locks.lock_users_until && date <= *locks.lock_users_until;
  if (all || users) {
    return Error::validation("period_locked", date.to_string() + " is locked", "date");
  }
  return Ok{};
}

}  // namespace ledger

Result<Period> period_for(db::Tx& tx, CompanyId company_id, Date date) {
  const auto found = TRY(ledger::find_period(tx, company_id, date));
  if (!found) {
    return Error::validation("fiscal_year_not_found",
                             date.to_string() + " is in no fiscal year", "date");
  }
  return found->period;
}

Result<void> check_date_open(db::Tx& tx, const Context& context, Date date) {
  const auto found = TRY(ledger::find_period(tx, context.company_id, date));
  if (!found) {
    return Error::validation("fiscal_year_not_found",
                             date.to_string() + " is in no fiscal year", "date");
  }
  return ledger::check_open(tx, context, *found, date);
}

Result<Period> close_period(db::Tx& tx, const Context& context, PeriodId id) {
  const auto row = TRY(tx.query_one("SELECT " + std::string(kPeriodColumns) +
                                        " FROM accounting_periods WHERE id = $1 AND "
                                        "company_id = $2",
                                    {id.value(), context.company_id.value()}));
  if (!row) return Error::not_found("period_not_found", "no period " + std::to_string(id.value()));
  Period period = ledger::period_from(*row);
  // Conditional so two concurrent closes cannot both succeed.
  const auto changed = TRY(tx.execute(
      "UPDATE accounting_periods SET state = 'closed' WHERE id = $1 AND state = 'open'",
      {id.value()}));
  if (changed == 0) return Error::conflict("period_closed", period.name + " is already closed");
  TRY(audit::record(tx, *context.clock,
                    {context.company_id, context.user_id, "close", "accounting.period",
                     std::to_string(id.value()), {{"state", "open"}}, {{"state", "closed"}},
                     context.request_id}));
  period.closed = true;
  return period;
}

// ---- locks -----------------------------------------------------------------------------------

Result<Locks> get_locks(db::Tx& tx, CompanyId company_id) {
  const auto row = TRY(tx.query_one(
      "SELECT lock_all_until, lock_users_until FROM accounting_locks WHERE company_id = $1",
      {company_id.value()}));
  Locks locks;
  if (row && !row->text(0).empty()) locks.lock_all_until = ledger::date_of(row->text(0));
  if (row && !row->text(1).empty()) locks.lock_users_until = ledger::date_of(row->text(1));
  return locks;
}

Result<Locks> set_locks(db::Tx& tx, const Context& context, const Locks& locks) {
  const Locks before = TRY(get_locks(tx, context.company_id));
  TRY(tx.execute(
      "INSERT INTO accounting_locks (company_id, lock_all_until, lock_users_until) "
      "VALUES ($1, $2, $3) ON CONFLICT (company_id) DO UPDATE SET "
      "lock_all_until = excluded.lock_all_until, lock_users_until = excluded.lock_users_until, "
      "version = accounting_locks.version + 1",
      {context.company_id.value(), ledger::text_of(locks.lock_all_until),
       ledger::text_of(locks.lock_users_until)}));
  const auto as_json = [](const Locks& l) {
    return nlohmann::json{{"lock_all_until", ledger::text_of(l.lock_all_until)},
                          {"lock_users_until", ledger::text_of(l.lock_users_until)}};
  };
  TRY(audit::record(tx, *context.clock,
                    {context.company_id, context.user_id, "update", "accounting.locks",
                     std::to_string(context.company_id.value()), as_json(before),
                     as_json(locks), context.request_id}));
  return locks;
}

// ---- rates -----------------------------------------------------------------------------------

Result<void> set_rate(db::Tx& tx, const Context& context, Currency currency, Date date,
                      Rate rate) {
  if (currency == context.company_currency) {
    return Error::validation("rate_currency_invalid",
                             "the company currency has no rate against itself", "currency");
  }
  if (!rate.is_positive()) {
    return Error::validation("rate_not_positive", "a rate must be above zero", "rate");
  }
  TRY(tx.execute(
      "INSERT INTO accounting_rates (company_id, currency, date, rate) VALUES ($1, $2, $3, $4) "
      "ON CONFLICT (company_id, currency, date) DO UPDATE SET rate = excluded.rate",
      {context.company_id.value(), std::string(currency.code()), date.to_string(),
       rate.to_string()}));
  TRY(audit::record(tx, *context.clock,
                    {context.company_id, context.user_id, "update", "accounting.rate",
                     std::string(currency.code()) + "@" + date.to_string(), nullptr,
                     {{"rate", rate.to_string()}}, context.request_id}));
  return Ok{};
}

Result<Rate> rate_on(db::Tx& tx, CompanyId company_id, Currency currency, Date date) {
  const auto row = TRY(tx.query_one(
      "SELECT rate FROM accounting_rates WHERE company_id = $1 AND currency = $2 AND "
      "date <= $3 ORDER BY date DESC LIMIT 1",
      {company_id.value(), std::string(currency.code()), date.to_string()}));
  if (!row) {
    return Error::validation("rate_not_found", "no " + std::string(currency.code()) +
                                                   " rate on or before " + date.to_string());
  }
  auto rate = Rate::parse(row->text(0));
  KEEL_ASSERT(rate.ok());  // stored from Rate::to_string()
  return rate.value();
}

Result<std::vector<RateOnDate>> list_rates(db::Tx& tx, CompanyId company_id,
                                           std::string_view currency) {
  const auto rows = TRY(tx.query(
      "SELECT currency, date, rate FROM accounting_rates WHERE company_id = $1 AND "
      "($2 = '' OR currency = $2) ORDER BY date DESC, currency LIMIT $3",
      {company_id.value(), std::string(currency), limits::kPageSizeMax}));
  std::vector<RateOnDate> out;
  for (const auto& row : rows) {
    auto rate = Rate::parse(row.text(2));
    KEEL_ASSERT(rate.ok());
    out.push_back({row.text(0), ledger::date_of(row.text(1)), rate.value()});
  }
  return out;
}

}  // namespace keel::accounting
