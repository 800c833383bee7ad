#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "keel/accounting/accounting_api.h"
#include "keel/core/date.h"
#include "keel/core/decimal.h"
#include "keel/core/limits.h"
#include "keel/core/money.h"
#include "keel/core/result.h"
#include "keel/db/db.h"

// Financial reports of the ledger: trial balance, general ledger, income statement, balance
// sheet and cash-flow statement, exact in company currency, each with optional comparison
// columns and a CSV form.
//
// How they read: sums over whole periods come from accounting_balances (live, kept by post());
// only the lines of the at most two periods cut by the edges of a range are read from
// accounting_entry_lines, and for such a period whichever side of the cut has fewer days is
// read (the rest is the period's balance minus those lines). No report scans the journal.
//
// Amounts are 128-bit counts of company-currency minor units (Amount): a sum of many balance
// rows of a 10^17 IRR company does not overflow. Every function reads in the caller's
// transaction, writes nothing and locks nothing beyond what the engine's reads take.
// Errors common to all: the database's (db_*).
namespace keel::accounting::reports {

// Exact company-currency minor units, wide enough for any sum of balance rows.
using Amount = decimal::Int128;

// "1234.50" in the currency's decimals ("-0.01", "100000000000000000" for IRR).
std::string format_amount(Amount amount, Currency currency);

// Which comparison column a report adds.
enum class Compare {
  none,
  previous_period,  // the range of the same length just before (a date: the previous period's end)
  previous_year,    // the same range one year earlier (a Jalali year for a Persian company)
};
std::string_view to_string(Compare compare);
// "", "none", "previous_period", "previous_year". Errors: compare_invalid.
Result<Compare> parse_compare(std::string_view text);

// An inclusive range of dates.
struct DateRange {
  Date from;
  Date to;
};
// Errors: report_range_invalid (from after to; field "from").
Result<DateRange> make_range(Date from, Date to);

// The comparison range of `range` (Compare::none: nullopt). `calendar` is the company's
// ("gregorian" | "persian"); a previous year keeps the calendar's day and month, clamped to the
// month's length (29 February → 28 February). Errors: date_invalid (before the Date range).
Result<std::optional<DateRange>> comparison_range(const DateRange& range, Compare compare,
                                                  std::string_view calendar);

// What every range report takes.
struct RangeQuery {
  DateRange range;
  Compare compare = Compare::none;
  std::string language = "en";  // for account names; falls back to "en", then any
};

// Debit and credit turnover and what they come to.
struct Turnover {
  Amount debit = 0;
  Amount credit = 0;
  Amount balance() const { return debit - credit; }  // signed, debit positive
};

// ---- trial balance -------------------------------------------------------------------------

// One postable account with any opening balance or movement in the range (or the comparison).
// opening_* and closing_* are the signed balance split to its side (one of the two is 0);
// debit/credit are the movement within the range.
struct TrialBalanceRow {
  AccountId account_id;
  std::string code;
  std::string name;
  AccountType type = AccountType::asset;
  Amount opening_debit = 0;
  Amount opening_credit = 0;
  Amount debit = 0;
  Amount credit = 0;
  Amount closing_debit = 0;
  Amount closing_credit = 0;
  Amount balance = 0;  // closing, signed: debit − credit
  // With a comparison: the same three over the comparison range.
  Amount compare_debit = 0;
  Amount compare_credit = 0;
  Amount compare_balance = 0;
};

struct TrialBalance {
  Currency currency;
  DateRange range;
  Compare compare = Compare::none;
  std::optional<DateRange> compare_range;
  std::vector<TrialBalanceRow> rows;  // by account code
  TrialBalanceRow totals;             // sums of every column (account_id 0, code "")
};

// The trial balance over `query.range`: opening balances at the day before `from` (all
// history), movements within the range, closing balances at `to`. Totals of each debit column
// equal those of its credit column on any sound ledger.
Result<TrialBalance> trial_balance(db::Tx& tx, const Context& context, const RangeQuery& query);

// ---- general ledger ------------------------------------------------------------------------

struct GeneralLedgerQuery {
  AccountId account_id;
  DateRange range;
  std::string cursor;  // next_cursor of the previous page; empty for the first page
  std::int64_t limit = limits::kPageSizeDefault;  // 1..limits::kPageSizeMax
  std::string language = "en";
};

struct GeneralLedgerLine {
  std::int64_t line_id = 0;
  EntryId entry_id;
  std::string entry_number;
  Date date;
  std::string memo;   // the entry's
  std::string label;  // the line's
  std::optional<partners::PartyId> partner_id;
  Amount debit = 0;
  Amount credit = 0;
  Amount balance = 0;  // running, signed: opening balance plus every line up to this one
};

struct GeneralLedger {
  Currency currency;
  AccountId account_id;
  std::string code;
  std::string name;
  DateRange range;
  Amount opening_balance = 0;            // at the day before range.from
  Turnover turnover;                     // the whole range, not only this page
  Amount closing_balance = 0;            // at range.to
  std::vector<GeneralLedgerLine> lines;  // by date, then line id
  std::optional<std::string> next_cursor;
};

// The posted lines of one account (postable or summary: a summary account has no lines of its
// own) in the range, a page at a time, with the running balance. The running balance of a
// later page is recomputed from balances and the cursor's period, never carried by the client.
// Errors: account_not_found (not_found; also another company's account),
// report_cursor_invalid, report_limit_invalid.
Result<GeneralLedger> general_ledger(db::Tx& tx, const Context& context,
                                     const GeneralLedgerQuery& query);

// ---- income statement and balance sheet -----------------------------------------------------

// One node of the account tree in a statement: a summary account's amounts are the sums of
// its descendants. Amounts are signed in the section's natural direction (income, liabilities
// and equity: credit − debit; expenses and assets: debit − credit).
struct StatementLine {
  AccountId account_id;  // 0 for a computed line (current earnings)
  std::optional<AccountId> parent_id;
  std::string code;
  std::string name;
  int level = 0;  // depth in the tree, 0 for roots
  bool postable = true;
  Amount amount = 0;
  Amount compare_amount = 0;
};

struct StatementSection {
  std::string key;                   // income | expense | assets | liabilities | equity
  std::vector<StatementLine> lines;  // tree order: a parent before its children, by code
  Amount total = 0;
  Amount compare_total = 0;
};

struct IncomeStatement {
  Currency currency;
  DateRange range;
  Compare compare = Compare::none;
  std::optional<DateRange> compare_range;
  StatementSection income;
  StatementSection expense;
  Amount net_income = 0;  // income − expense
  Amount compare_net_income = 0;
};

// Income and expense accounts over the range, grouped by the account tree; accounts with
// nothing in either column are left out.
Result<IncomeStatement> income_statement(db::Tx& tx, const Context& context,
                                         const RangeQuery& query);

struct BalanceSheetQuery {
  Date date;
  Compare compare = Compare::none;
  std::string language = "en";
};

struct BalanceSheet {
  Currency currency;
  Date date;
  Compare compare = Compare::none;
  std::optional<Date> compare_date;
  StatementSection assets;
  StatementSection liabilities;
  // Equity accounts plus a computed line (account_id 0, code "current_earnings"): income less
  // expense not yet closed to retained earnings, over all history up to the date.
  StatementSection equity;
  Amount liabilities_and_equity = 0;
  Amount compare_liabilities_and_equity = 0;
  bool balanced = true;  // assets == liabilities + equity (always, on a sound ledger)
};

// Balances at the end of `date`. Comparison dates: previous_period is the day before the
// fiscal period containing `date` starts (the previous period's close; the day before
// `date` when no period contains it), previous_year the same day a year earlier.
Result<BalanceSheet> balance_sheet(db::Tx& tx, const Context& context,
                                   const BalanceSheetQuery& query);

// ---- cash flow -----------------------------------------------------------------------------

// One line of the indirect cash-flow statement: the cash effect (credit − debit movement) of a
// group of balance-sheet accounts, or net income.
struct CashFlowLine {
  std::string key;  // net_income | receivable | payable | inventory | tax | other_operating |
                    // investing_assets | equity
  Amount amount = 0;
  Amount compare_amount = 0;
};

struct CashFlowSection {
  std::string key;  // operating | investing | financing
  std::vector<CashFlowLine> lines;
  Amount total = 0;
  Amount compare_total = 0;
};

struct CashFlow {
  Currency currency;
  DateRange range;
  Compare compare = Compare::none;
  std::optional<DateRange> compare_range;
  // operating: net income and changes in receivable, payable, inventory, tax and other
  // working-capital accounts (every other liability; assets with role suspense or
  // unrealized_fx); investing: every other non-cash asset; financing: equity. Every section
  // lists all its lines, zero or not, so the shape is stable.
  std::vector<CashFlowSection> sections;
  Amount opening_cash = 0;  // cash and bank accounts at the day before range.from
  Amount closing_cash = 0;  // at range.to
  Amount cash_change = 0;   // closing − opening: always equals the sum of the sections
  Amount compare_cash_change = 0;
  bool reconciled = true;  // sections sum to the cash change (always, on a sound ledger)
};

// The indirect cash-flow statement over the range. Cash is every account with role cash or
// bank.
Result<CashFlow> cash_flow(db::Tx& tx, const Context& context, const RangeQuery& query);

// ---- CSV (RFC 4180: comma-separated, CRLF line ends, fields quoted when they hold a comma, a
// quote or a line break, quotes doubled). Amounts are decimal strings; text cells that a
// spreadsheet would run as a formula (=, +, -, @, tab, CR first) get a leading apostrophe.

std::string to_csv(const TrialBalance& report);
std::string to_csv(const GeneralLedger& report);
std::string to_csv(const IncomeStatement& report);
std::string to_csv(const BalanceSheet& report);
std::string to_csv(const CashFlow& report);

// ---- wiring ------------------------------------------------------------------------------

// accounting.report.read: every report route (manager and accountant: all).
inline constexpr std::string_view kPermissionReportRead = "accounting.report.read";

}  // namespace keel::accounting::reports
