#pragma once

// The reports' reading layer: the chart as a tree, and debit/credit sums per account over any
// date range from live balances plus the days of at most the two periods cut by the range's
// edges, read from the daily balances. Private to the reports part.
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "keel/accounting/reports_api.h"

namespace keel::accounting::reports::detail {

struct AccountInfo {
  std::int64_t id = 0;
  std::optional<std::int64_t> parent_id;
  std::string code;
  std::string name;  // in the requested language
  AccountType type = AccountType::asset;
  std::string role;
  bool postable = true;
};

// The company's accounts ordered by code, names in `language` (then "en", then any).
Result<std::vector<AccountInfo>> load_accounts(db::Tx& tx, CompanyId company_id,
                                               std::string_view language);

// Turnover per account id; accounts without posted lines in the range are absent.
using SumsByAccount = std::unordered_map<std::int64_t, Turnover>;

// Debit and credit sums of the posted lines dated within `range`, per account (only
// `account_id` when given). Whole periods come from accounting_balances; a period cut by the
// range reads accounting_daily_balances for the days on the smaller side of the cut.
Result<SumsByAccount> sums_between(db::Tx& tx, CompanyId company_id, const DateRange& range,
                                   std::optional<std::int64_t> account_id = std::nullopt);

// Sums of all posted lines dated on or before `date` (the balance at the end of that day).
Result<SumsByAccount> sums_until(db::Tx& tx, CompanyId company_id, Date date,
                                 std::optional<std::int64_t> account_id = std::nullopt);

// The earliest date of the Date range: the start of "all history".
Date first_date();

// The day before `date` (first_date() has none: the caller asks for an empty range then).
std::optional<Date> day_before(Date date);

// Reads a BIGINT column into an Amount.
inline Amount amount_of(const db::Row& row, std::size_t column) { return row.integer(column); }

}  // namespace keel::accounting::reports::detail
