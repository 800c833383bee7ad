#pragma once

// Private helpers shared by the ledger's sources (accounts, calendar, posting, check). Not part
// of the contract: other parts of the module use accounting_api.h only.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "keel/accounting/accounting_api.h"

namespace keel::accounting::ledger {

// Dates are stored as ISO text; a malformed one in the database is a schema bug.
Date date_of(const std::string& text);
std::string text_of(const std::optional<Date>& date);
// The ISO text of now, for created_at / posted_at.
std::string now_text(const Context& context);

Account account_from(const db::Row& row);
inline constexpr std::string_view kAccountColumns =
    "id, code, type, role, parent_id, postable, currency, names_json, archived, used, version";

FiscalYear fiscal_year_from(const db::Row& row);
inline constexpr std::string_view kFiscalYearColumns =
    "id, name, calendar, start_date, end_date, state, closing_entry_id";
Period period_from(const db::Row& row);
inline constexpr std::string_view kPeriodColumns =
    "id, fiscal_year_id, number, name, start_date, end_date, state";

// The fiscal year (open or closed) and period containing `date`, if any.
struct PeriodOfDate {
  FiscalYear year;
  Period period;
};
Result<std::optional<PeriodOfDate>> find_period(db::Tx& tx, CompanyId company_id, Date date);

// Refuses a date in a closed period or year (period_closed) or on or before a lock date that
// applies to the actor (period_locked).
Result<void> check_open(db::Tx& tx, const Context& context, const PeriodOfDate& where,
                        Date date);

// The hex BLAKE2b-256 of an entry's canonical text and the previous hash of its chain.
struct HashLine {
  std::int64_t account_id = 0;
  std::int64_t partner_id = 0;
  std::int64_t debit = 0;
  std::int64_t credit = 0;
  std::string currency;
  std::int64_t amount_currency = 0;
};
std::string entry_hash(std::string_view journal_code, std::string_view number,
                       std::string_view date, std::string_view kind,
                       const std::vector<HashLine>& lines, std::string_view previous_hash);
// "SAL/1404/000007".
std::string entry_number(std::string_view journal_code, std::string_view year_name,
                         std::int64_t sequence);

// Signed sum helper: the 128-bit total as Money, or amount_out_of_range.
Result<Money> money_of(__int128 total, Currency currency);

}  // namespace keel::accounting::ledger
