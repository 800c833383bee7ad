#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "keel/core/clock.h"
#include "keel/core/date.h"
#include "keel/core/ids.h"
#include "keel/core/money.h"
#include "keel/core/rate.h"
#include "keel/core/result.h"
#include "keel/db/db.h"
#include "keel/db/migrations.h"
#include "keel/http/router.h"
#include "keel/http/security.h"
#include "keel/partners/partners_api.h"

// The general ledger: the one place every module posts to. The contract other modules (and
// the receivables, bank and report parts of this module) rely on:
//
//   * post() is the only way into the ledger. It refuses, each with a stable code, anything
//     that would unbalance it (see the codes below), and writes the entry, its lines, its
//     gap-free number, its hash and the live balances in the caller's transaction.
//   * Posted entries are immutable. reverse() writes the mirrored entry and links the two.
//   * Balances (accounting_balances) always equal the sum of posted lines per account,
//     period, currency and partner; `keel check` proves it on any database.
//
// Tables are described in migrations/0001_ledger.sql. Amounts in company currency are Money in
// the company's currency; foreign-currency lines also carry amount_currency and the rate.
namespace keel::accounting {

using AccountId = Id<struct AccountTag>;
using JournalId = Id<struct JournalTag>;
using EntryId = Id<struct EntryTag>;
using FiscalYearId = Id<struct FiscalYearTag>;
using PeriodId = Id<struct PeriodTag>;

enum class AccountType { asset, liability, equity, income, expense };
std::string_view to_string(AccountType type);
// Errors: account_type_invalid.
Result<AccountType> parse_account_type(std::string_view text);

// Account roles, stored as text. Other modules find their accounts by role
// (find_account_by_role), never by code.
namespace role {
inline constexpr std::string_view kReceivable = "receivable";
inline constexpr std::string_view kPayable = "payable";
inline constexpr std::string_view kBank = "bank";
inline constexpr std::string_view kCash = "cash";
inline constexpr std::string_view kInventory = "inventory";
inline constexpr std::string_view kTaxOutput = "tax_output";  // tax collected on sales
inline constexpr std::string_view kTaxInput = "tax_input";    // tax paid on purchases
inline constexpr std::string_view kRevenue = "revenue";
inline constexpr std::string_view kCostOfGoods = "cost_of_goods";
inline constexpr std::string_view kExpense = "expense";
inline constexpr std::string_view kRetainedEarnings = "retained_earnings";
inline constexpr std::string_view kFxGain = "fx_gain";
inline constexpr std::string_view kFxLoss = "fx_loss";
inline constexpr std::string_view kUnrealizedFx = "unrealized_fx";
inline constexpr std::string_view kDiscountGiven = "discount_given";
inline constexpr std::string_view kDiscountTaken = "discount_taken";
inline constexpr std::string_view kCustomerAdvance = "customer_advance";
inline constexpr std::string_view kSuspense = "suspense";
// Goods received and not yet billed (inventory receipts against vendor bills).
inline constexpr std::string_view kStockInterim = "stock_interim";
// Stock lost, scrapped or found by counts (an expense).
inline constexpr std::string_view kInventoryLoss = "inventory_loss";
}  // namespace role

struct Account {
  AccountId id;
  std::string code;
  AccountType type = AccountType::asset;
  std::string role;  // one of role::k…, or empty
  std::optional<AccountId> parent_id;
  bool postable = true;
  std::string currency;                      // empty: any currency
  std::map<std::string, std::string> names;  // language code → name ("en", "fa", …)
  bool archived = false;
  bool used = false;  // has posted lines: can be archived, never deleted
  std::int64_t version = 1;
};

enum class JournalType { sales, purchase, bank, cash, general };
std::string_view to_string(JournalType type);

struct Journal {
  JournalId id;
  std::string code;  // "SAL"; the prefix of entry numbers ("SAL/1404/000001")
  std::string name;
  JournalType type = JournalType::general;
  std::optional<AccountId> default_account_id;
  bool archived = false;
};

struct FiscalYear {
  FiscalYearId id;
  std::string name;      // "2026" or "1404"
  std::string calendar;  // gregorian | persian
  Date start_date;
  Date end_date;  // inclusive
  bool closed = false;
  std::optional<EntryId> closing_entry_id;
};

struct Period {
  PeriodId id;
  FiscalYearId fiscal_year_id;
  int number = 0;    // 1..12
  std::string name;  // "2026-03", "1404-01 Farvardin"
  Date start_date;
  Date end_date;
  bool closed = false;
};

// Who acts, for which company, in which currency: built once per request.
struct Context {
  CompanyId company_id;
  UserId user_id;
  Currency company_currency;
  std::string calendar;  // gregorian | persian
  // Advisers (permission accounting.lock.bypass) may post up to lock_all_until; others only
  // after lock_users_until.
  bool adviser = false;
  std::string request_id;
  const Clock* clock = nullptr;

  // Reads the company (auth::get_company) and the principal's permissions.
  static Result<Context> load(db::Tx& tx, const http::Principal& principal, const Clock& clock,
                              std::string request_id = {});
  // For other modules' services and the CLI: the system user (0), no lock bypass.
  static Result<Context> system(db::Tx& tx, CompanyId company_id, const Clock& clock);
};

struct LineDraft {
  AccountId account_id;
  std::optional<partners::PartyId> partner_id;  // required on receivable/payable accounts
  std::string label;
  // Company-currency amounts: exactly one of debit/credit is non-zero.
  Money debit;
  Money credit;
  // For a line in another currency: the signed amount in that currency (+ debit, − credit)
  // and the rate used (company units per one foreign unit).
  std::optional<Money> amount_currency;
  std::optional<Rate> rate;
  std::string analytic;  // an analytic dimension, e.g. "campaign:12"

  static LineDraft debit_of(AccountId account, Money amount, std::string label = {});
  static LineDraft credit_of(AccountId account, Money amount, std::string label = {});
};

struct EntryDraft {
  JournalId journal_id;
  Date date;
  std::string memo;
  std::string reference;
  std::string origin;  // opaque reference to the origin document, e.g. "sales.invoice:42"
  std::string kind = "normal";  // normal | closing | revaluation | opening
  std::vector<LineDraft> lines;
};

struct Line {
  std::int64_t id = 0;
  int line_no = 0;
  AccountId account_id;
  std::optional<partners::PartyId> partner_id;
  std::string label;
  Money debit;
  Money credit;
  Money amount_currency;  // in the line's currency (= company currency when not foreign)
  std::optional<Rate> rate;
  std::string analytic;
};

struct Entry {
  EntryId id;
  JournalId journal_id;
  std::string state;  // draft | posted
  std::string kind;
  Date date;
  std::optional<std::string> number;
  std::optional<PeriodId> period_id;
  std::string memo;
  std::string reference;
  std::string origin;
  std::optional<EntryId> reversal_of;
  std::optional<EntryId> reversed_by;
  std::string previous_hash;
  std::string hash;
  std::vector<Line> lines;
  std::int64_t version = 1;
};

// ---- the ledger ----------------------------------------------------------------------------
//
// Error codes of create_draft / post / post_draft, all validation (422) unless noted, none
// writes anything:
//   entry_lines_too_few          fewer than two lines
//   entry_lines_too_many         over limits::kEntryLinesMax
//   entry_line_amount_zero       a line with neither debit nor credit
//   entry_line_both_sides        a line with both debit and credit, or a negative amount
//   entry_unbalanced             debits ≠ credits in company currency (field lines)
//   entry_currency_unbalanced    a foreign currency's amount_currency does not sum to zero
//   entry_line_currency_invalid  amount_currency in the company currency, or of the wrong sign
//   account_not_found (404-like, validation here), account_not_postable, account_archived,
//   account_currency_mismatch    the account only takes another currency
//   partner_required             a receivable/payable line without partner
//   journal_not_found, journal_archived
//   fiscal_year_not_found        the date is in no fiscal year of the company
//   period_closed                the date is in a closed period or year
//   period_locked                the date is on or before a lock date that applies to the actor
//   entry_not_found (not_found), entry_not_draft (conflict), entry_not_posted (conflict),
//   entry_already_reversed (conflict)

// Stores a draft (no number, no balances). Structural checks only.
Result<EntryId> create_draft(db::Tx& tx, const Context& context, const EntryDraft& draft);
// Posts a stored draft: every check above, then number, hash chain, balances, audit.
Result<Entry> post_draft(db::Tx& tx, const Context& context, EntryId id);
// create_draft + post_draft in one step: what other modules call.
Result<Entry> post(db::Tx& tx, const Context& context, const EntryDraft& draft);
// Posts the mirror of a posted entry on `date` (its own checks apply) and links the two.
Result<Entry> reverse(db::Tx& tx, const Context& context, EntryId id, Date date,
                      std::string memo = {});
Result<Entry> get_entry(db::Tx& tx, CompanyId company_id, EntryId id);

// ---- chart of accounts and journals ---------------------------------------------------------

// Installs the default chart template (a small IFRS-style chart with every role above, names
// in en/fa/he/zh/lt), the five journals (SAL, PUR, BNK, CSH, GEN) and the fiscal year that
// contains `today` in the company's calendar. Errors: chart_already_installed.
Result<void> install_default_chart(db::Tx& tx, const Context& context, Date today);
Result<std::vector<Account>> list_accounts(db::Tx& tx, CompanyId company_id);
Result<Account> get_account(db::Tx& tx, CompanyId company_id, AccountId id);
// The first postable, non-archived account with `role` (by code). Errors: account_role_missing.
Result<Account> find_account_by_role(db::Tx& tx, CompanyId company_id, std::string_view role);
Result<std::vector<Journal>> list_journals(db::Tx& tx, CompanyId company_id);
// The first non-archived journal of a type. Errors: journal_not_found.
Result<Journal> find_journal(db::Tx& tx, CompanyId company_id, JournalType type);

// ---- fiscal years, periods, locks ------------------------------------------------------------

// Creates fiscal year `year` (Gregorian year, or Jalali year for a Persian company) with its
// twelve monthly periods. Errors: fiscal_year_exists, fiscal_year_overlaps.
Result<FiscalYear> create_fiscal_year(db::Tx& tx, const Context& context, int year);
// The open or closed period containing `date`. Errors: fiscal_year_not_found.
Result<Period> period_for(db::Tx& tx, CompanyId company_id, Date date);
// Whether something dated `date` may change the books, as post() decides it: the date is in a
// fiscal year (fiscal_year_not_found), its year and period are open (period_closed), and it is
// after the lock date that applies to the caller (period_locked).
Result<void> check_date_open(db::Tx& tx, const Context& context, Date date);

// ---- exchange rates --------------------------------------------------------------------------

// Records the rate (company units per one unit of `currency`) from `date` on.
Result<void> set_rate(db::Tx& tx, const Context& context, Currency currency, Date date,
                      Rate rate);
// The latest rate on or before `date`. Errors: rate_not_found.
Result<Rate> rate_on(db::Tx& tx, CompanyId company_id, Currency currency, Date date);

// ---- balances (live, never a scan of all lines) ----------------------------------------------

// Signed balance (debit − credit) in company currency of an account (and optionally one
// partner) over all posted lines dated on or before `date`.
Result<Money> balance_at(db::Tx& tx, const Context& context, AccountId account, Date date,
                         std::optional<partners::PartyId> partner = std::nullopt);

// ---- additions of the ledger part (administration, listing, close) ------------------------

// A new account. Errors: account_code_invalid (empty, over limits::kCodeLengthMax or with
// characters other than A–Z a–z 0–9 . - _), account_code_taken (conflict),
// account_name_required (no name in any language), account_role_invalid,
// account_parent_invalid (no such account of the company, or a postable one),
// currency_invalid / currency_unknown.
struct AccountDraft {
  std::string code;
  AccountType type = AccountType::asset;
  std::string role;
  std::optional<AccountId> parent_id;
  bool postable = true;
  std::string currency;
  std::map<std::string, std::string> names;
};
Result<Account> create_account(db::Tx& tx, const Context& context, const AccountDraft& draft);
// Archives an account (used or not): it keeps its lines and balances but takes no new
// posting. Accounts are never deleted. Audited. Errors: account_not_found.
Result<Account> archive_account(db::Tx& tx, const Context& context, AccountId id);
// Errors: journal_not_found.
Result<Journal> get_journal(db::Tx& tx, CompanyId company_id, JournalId id);
// "sales" → JournalType::sales. Errors: journal_type_invalid.
Result<JournalType> parse_journal_type(std::string_view text);

// A new journal. Audited (accounting.journal create). Errors: journal_code_invalid (empty, over
// 16 characters or other than A–Z a–z 0–9 - _: the code prefixes entry numbers),
// journal_code_taken (conflict), journal_name_required (blank, over limits::kNameLengthMax or
// not UTF-8), journal_account_invalid (the default account is not a postable, non-archived
// account of the company).
struct JournalDraft {
  std::string code;
  std::string name;
  JournalType type = JournalType::general;
  std::optional<AccountId> default_account_id;
};
Result<Journal> create_journal(db::Tx& tx, const Context& context, const JournalDraft& draft);
// Archives a journal: it keeps its entries and numbers but takes no new posting. Journals are
// never deleted. Archiving an archived journal changes nothing. Audited. Errors:
// journal_not_found (not found: also another company's), journal_last_of_type (conflict: the
// only active journal of its type, which invoices, payments or closing need).
Result<Journal> archive_journal(db::Tx& tx, const Context& context, JournalId id);

// Entries, newest last, filtered; `after_id` continues a previous page. Lines are not loaded.
struct EntryQuery {
  std::optional<JournalId> journal_id;
  std::optional<Date> from;
  std::optional<Date> to;
  std::optional<std::string> state;  // draft | posted
  std::int64_t after_id = 0;
  std::int64_t limit = 50;  // 1..limits::kPageSizeMax
};
struct EntryPage {
  std::vector<Entry> items;
  std::optional<std::int64_t> next_after_id;  // set when more entries follow
};
Result<EntryPage> list_entries(db::Tx& tx, CompanyId company_id, const EntryQuery& query);

Result<std::vector<FiscalYear>> list_fiscal_years(db::Tx& tx, CompanyId company_id);
// Errors: fiscal_year_not_found.
Result<FiscalYear> get_fiscal_year(db::Tx& tx, CompanyId company_id, FiscalYearId id);
Result<std::vector<Period>> list_periods(db::Tx& tx, CompanyId company_id, FiscalYearId id);
// Closes one period: no posting dated in it until it is reopened with its year.
// Errors: period_not_found, period_closed (conflict: already closed).
Result<Period> close_period(db::Tx& tx, const Context& context, PeriodId id);
// Year-end close: posts a closing entry (kind closing, journal GEN or the first general
// journal, dated the year's last day) moving every income and expense account's balance for
// the year to the retained-earnings account, then marks the year and all its periods closed.
// Audited. Errors: fiscal_year_not_found, fiscal_year_closed (conflict),
// account_role_missing (no retained-earnings account), journal_not_found, and post()'s.
Result<FiscalYear> close_fiscal_year(db::Tx& tx, const Context& context, FiscalYearId id);
// Reopens a closed year and its periods; reverses nothing (the closing entry stays; a later
// close moves only what was posted since). Callers check accounting.year.reopen. Audited.
// Errors: fiscal_year_not_found, fiscal_year_open (conflict: not closed).
Result<FiscalYear> reopen_fiscal_year(db::Tx& tx, const Context& context, FiscalYearId id);

// Lock dates of a company (absent: no lock). See Context::adviser.
struct Locks {
  std::optional<Date> lock_all_until;
  std::optional<Date> lock_users_until;
};
Result<Locks> get_locks(db::Tx& tx, CompanyId company_id);
// Replaces both lock dates. Audited.
Result<Locks> set_locks(db::Tx& tx, const Context& context, const Locks& locks);

struct RateOnDate {
  std::string currency;
  Date date;
  Rate rate;
};
// The company's recorded rates, newest first, at most limits::kPageSizeMax; `currency`
// empty: all currencies.
Result<std::vector<RateOnDate>> list_rates(db::Tx& tx, CompanyId company_id,
                                           std::string_view currency = {});

// How many kinds of invariant check() proves (for `keel check`'s summary line).
inline constexpr int kCheckedInvariantsCount = 7;

// ---- module wiring ---------------------------------------------------------------------------

const db::MigrationSet& migrations();
std::vector<http::PermissionSpec> permissions();
void register_routes(http::Router& router);

// Every invariant of the ledger that `keel check` proves, as one line per breach (empty when
// the database is sound): trial balance per company sums to zero; each balance row equals
// the sum of its posted lines; each posted entry balances; numbers are gap-free per journal
// and fiscal year; each hash matches its content and previous hash; receivable and payable
// subledgers equal their control accounts.
Result<std::vector<std::string>> check(db::Tx& tx);

}  // namespace keel::accounting
