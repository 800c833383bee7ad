// The second half of posting (number, hash chain, live balances, audit) and the readers of
// entries and balances.
#include <map>
#include <set>
#include <tuple>

#include "keel/audit/audit.h"
#include "keel/auth/auth_api.h"
#include "keel/core/assert.h"
#include "keel/core/limits.h"
#include "ledger_internal.h"

namespace keel::accounting {
namespace {

// Company-currency debit/credit and signed transaction-currency amount of one balance key.
struct BalanceDelta {
  __int128 debit = 0;
  __int128 credit = 0;
  __int128 amount_currency = 0;
  std::int64_t lines = 0;
};
using BalanceKey = std::tuple<std::int64_t, std::string, std::int64_t>;  // account, ccy, partner

Result<std::map<BalanceKey, BalanceDelta>> group_lines(
    const EntryDraft& draft, const std::vector<std::string>& currencies,
    const std::vector<std::int64_t>& amounts) {
  std::map<BalanceKey, BalanceDelta> groups;
  for (std::size_t i = 0; i < draft.lines.size(); ++i) {
    const LineDraft& line = draft.lines[i];
    BalanceDelta& delta = groups[{line.account_id.value(), currencies[i],
                                  line.partner_id ? line.partner_id->value() : 0}];
    delta.debit += line.debit.minor_units();
    delta.credit += line.credit.minor_units();
    delta.amount_currency += amounts[i];
    delta.lines += 1;
    if (delta.debit > INT64_MAX || delta.credit > INT64_MAX || delta.amount_currency > INT64_MAX ||
        delta.amount_currency < -INT64_MAX) {
      return Error::validation("balance_out_of_range",
                               "the entry's lines on one account exceed a balance's range",
                               "lines");
    }
  }
  return groups;
}

// Adds one delta to its balance row. The WHERE refuses a sum beyond int64 (SQLite would turn
// it into a floating-point value, PostgreSQL would fail the transaction).
constexpr std::string_view kUpsertBalance =
    "INSERT INTO accounting_balances (company_id, account_id, period_id, currency, partner_id, "
    "debit, credit, amount_currency, lines_count) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) "
    "ON CONFLICT (account_id, period_id, currency, partner_id) DO UPDATE SET "
    "debit = accounting_balances.debit + excluded.debit, "
    "credit = accounting_balances.credit + excluded.credit, "
    "amount_currency = accounting_balances.amount_currency + excluded.amount_currency, "
    "lines_count = accounting_balances.lines_count + excluded.lines_count "
    "WHERE accounting_balances.debit <= 9223372036854775807 - excluded.debit "
    "AND accounting_balances.credit <= 9223372036854775807 - excluded.credit "
    "AND accounting_balances.amount_currency <= 9223372036854775807 - "
    "(CASE WHEN excluded.amount_currency > 0 THEN excluded.amount_currency ELSE 0 END) "
    "AND accounting_balances.amount_currency >= -9223372036854775807 - "
    "(CASE WHEN excluded.amount_currency < 0 THEN excluded.amount_currency ELSE 0 END)";

// The same for the day's row (no partner key): the day's sums are part of the period's, but a
// foreign amount_currency of mixed signs can still leave the range on its own.
constexpr std::string_view kUpsertDaily =
    "INSERT INTO accounting_daily_balances (company_id, date, account_id, currency, debit, "
    "credit, amount_currency, lines_count) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
    "ON CONFLICT (company_id, date, account_id, currency) DO UPDATE SET "
    "debit = accounting_daily_balances.debit + excluded.debit, "
    "credit = accounting_daily_balances.credit + excluded.credit, "
    "amount_currency = accounting_daily_balances.amount_currency + excluded.amount_currency, "
    "lines_count = accounting_daily_balances.lines_count + excluded.lines_count "
    "WHERE accounting_daily_balances.debit <= 9223372036854775807 - excluded.debit "
    "AND accounting_daily_balances.credit <= 9223372036854775807 - excluded.credit "
    "AND accounting_daily_balances.amount_currency <= 9223372036854775807 - "
    "(CASE WHEN excluded.amount_currency > 0 THEN excluded.amount_currency ELSE 0 END) "
    "AND accounting_daily_balances.amount_currency >= -9223372036854775807 - "
    "(CASE WHEN excluded.amount_currency < 0 THEN excluded.amount_currency ELSE 0 END)";

Result<void> add_daily_balances(db::Tx& tx, const Context& context, const std::string& date,
                                const std::map<BalanceKey, BalanceDelta>& groups) {
  std::map<std::pair<std::int64_t, std::string>, BalanceDelta> days;
  for (const auto& [key, delta] : groups) {
    const auto& [account, currency, partner] = key;
    BalanceDelta& day = days[{account, currency}];
    day.debit += delta.debit;
    day.credit += delta.credit;
    day.amount_currency += delta.amount_currency;
    day.lines += delta.lines;
    if (day.debit > INT64_MAX || day.credit > INT64_MAX || day.amount_currency > INT64_MAX ||
        day.amount_currency < -INT64_MAX) {
      return Error::validation("balance_out_of_range",
                               "the entry's lines on one account exceed a balance's range",
                               "lines");
    }
  }
  for (const auto& [key, delta] : days) {
    const auto changed = TRY(tx.execute(
        kUpsertDaily, {context.company_id.value(), date, key.first, key.second,
                       static_cast<std::int64_t>(delta.debit),
                       static_cast<std::int64_t>(delta.credit),
                       static_cast<std::int64_t>(delta.amount_currency), delta.lines}));
    if (changed == 0) {
      return Error::validation("balance_out_of_range",
                               "the balance of account " + std::to_string(key.first) +
                                   " on " + date + " would exceed its range",
                               "lines");
    }
  }
  return Ok{};
}

Result<void> add_balances(db::Tx& tx, const Context& context, PeriodId period,
                          const std::string& date,
                          const std::map<BalanceKey, BalanceDelta>& groups) {
  TRY(add_daily_balances(tx, context, date, groups));
  std::set<std::int64_t> accounts;
  for (const auto& [key, delta] : groups) {
    const auto& [account, currency, partner] = key;
    const auto changed = TRY(tx.execute(
        kUpsertBalance,
        {context.company_id.value(), account, period.value(), currency, partner,
         static_cast<std::int64_t>(delta.debit), static_cast<std::int64_t>(delta.credit),
         static_cast<std::int64_t>(delta.amount_currency), delta.lines}));
    if (changed == 0) {
      return Error::validation("balance_out_of_range",
                               "the balance of account " + std::to_string(account) +
                                   " would exceed its range",
                               "lines");
    }
    accounts.insert(account);
  }
  for (std::int64_t account : accounts) {
    TRY(tx.execute("UPDATE accounting_accounts SET used = 1 WHERE id = $1 AND used = 0",
                   {account}));
  }
  return Ok{};
}

// Takes the next number of the journal and year. The UPDATE locks only this sequence row
// until commit, so posting in another journal or year never waits.
Result<std::pair<std::int64_t, std::string>> next_sequence(db::Tx& tx, JournalId journal,
                                                           FiscalYearId year) {
  TRY(tx.execute(
      "INSERT INTO accounting_sequences (journal_id, fiscal_year_id, next_value) "
      "VALUES ($1, $2, 1) ON CONFLICT (journal_id, fiscal_year_id) DO NOTHING",
      {journal.value(), year.value()}));
  const auto row = TRY(tx.query_one(
      "UPDATE accounting_sequences SET next_value = next_value + 1 WHERE journal_id = $1 AND "
      "fiscal_year_id = $2 RETURNING next_value, last_hash",
      {journal.value(), year.value()}));
  KEEL_ASSERT(row.has_value());  // inserted just above
  return std::make_pair(row->integer(0) - 1, row->text(1));
}

}  // namespace

namespace ledger {

Result<void> finalize(db::Tx& tx, const Context& context, EntryId id, const EntryDraft& draft,
                      const Journal& journal, const PeriodOfDate& where,
                      const std::vector<std::string>& currencies,
                      const std::vector<std::int64_t>& amounts) {
  const auto groups = TRY(group_lines(draft, currencies, amounts));
  const auto [sequence, previous_hash] = TRY(next_sequence(tx, journal.id, where.year.id));
  const std::string number = entry_number(journal.code, where.year.name, sequence);
  std::vector<HashLine> hash_lines;
  for (std::size_t i = 0; i < draft.lines.size(); ++i) {
    const LineDraft& line = draft.lines[i];
    hash_lines.push_back({line.account_id.value(),
                          line.partner_id ? line.partner_id->value() : 0,
                          line.debit.minor_units(), line.credit.minor_units(), currencies[i],
                          amounts[i]});
  }
  const std::string date = draft.date.to_string();
  const std::string hash =
      entry_hash(journal.code, number, date, draft.kind, hash_lines, previous_hash);
  TRY(tx.execute("UPDATE accounting_sequences SET last_hash = $1 WHERE journal_id = $2 AND "
                 "fiscal_year_id = $3",
                 {hash, journal.id.value(), where.year.id.value()}));
  const auto changed = TRY(tx.execute(
      "UPDATE accounting_entries SET state = 'posted', fiscal_year_id = $1, period_id = $2, "
      "sequence = $3, number = $4, previous_hash = $5, hash = $6, posted_by = $7, "
      "posted_at = $8, version = version + 1 WHERE id = $9 AND state = 'draft'",
      {where.year.id.value(), where.period.id.value(), sequence, number, previous_hash, hash,
       context.user_id.value(), now_text(context), id.value()}));
  if (changed == 0) return Error::conflict("entry_not_draft", "the entry is already posted");
  TRY(tx.execute("UPDATE accounting_entry_lines SET posted = 1, date = $1, period_id = $2 "
                 "WHERE entry_id = $3",
                 {date, where.period.id.value(), id.value()}));
  TRY(add_balances(tx, context, where.period.id, date, groups));
  return audit::record(tx, *context.clock,
                       {context.company_id, context.user_id, "post", "accounting.entry",
                        std::to_string(id.value()), nullptr,
                        {{"number", number}, {"date", date}, {"hash", hash}},
                        context.request_id});
}

}  // namespace ledger

namespace {

constexpr std::string_view kEntryColumns =
    "id, journal_id, state, kind, date, number, period_id, memo, reference, origin, "
    "reversal_of, reversed_by, previous_hash, hash, version";

Entry entry_from(const db::Row& row) {
  const auto id_of = [&row](std::size_t column) -> std::optional<EntryId> {
    if (auto value = row.optional_integer(column)) return EntryId{*value};
    return std::nullopt;
  };
  std::optional<PeriodId> period;
  if (auto value = row.optional_integer(6)) period = PeriodId{*value};
  return Entry{.id = EntryId{row.integer(0)},
               .journal_id = JournalId{row.integer(1)},
               .state = row.text(2),
               .kind = row.text(3),
               .date = ledger::date_of(row.text(4)),
               .number = row.optional_text(5),
               .period_id = period,
               .memo = row.text(7),
               .reference = row.text(8),
               .origin = row.text(9),
               .reversal_of = id_of(10),
               .reversed_by = id_of(11),
               .previous_hash = row.text(12),
               .hash = row.text(13),
               .lines = {},
               .version = row.integer(14)};
}

Money money(std::int64_t minor_units, Currency currency) {
  auto value = Money::from_minor_units(minor_units, currency);
  KEEL_ASSERT(value.ok());  // only posted, range-checked amounts are stored
  return value.value();
}

Result<std::vector<Line>> load_lines(db::Tx& tx, EntryId id, Currency company) {
  const auto rows = TRY(tx.query(
      "SELECT id, line_no, account_id, partner_id, label, debit, credit, currency, "
      "amount_currency, rate, analytic FROM accounting_entry_lines WHERE entry_id = $1 "
      "ORDER BY line_no",
      {id.value()}));
  std::vector<Line> lines;
  for (const auto& row : rows) {
    auto currency = Currency::from_code(row.text(7));
    KEEL_ASSERT(currency.ok());
    std::optional<Rate> rate;
    if (!row.text(9).empty()) rate = Rate::parse(row.text(9)).value();
    std::optional<partners::PartyId> partner;
    if (row.integer(3) != 0) partner = partners::PartyId{row.integer(3)};
    lines.push_back(Line{.id = row.integer(0),
                         .line_no = static_cast<int>(row.integer(1)),
                         .account_id = AccountId{row.integer(2)},
                         .partner_id = partner,
                         .label = row.text(4),
                         .debit = money(row.integer(5), company),
                         .credit = money(row.integer(6), company),
                         .amount_currency = money(row.integer(8), currency.value()),
                         .rate = rate,
                         .analytic = row.text(10)});
  }
  return lines;
}

Result<Currency> company_currency(db::Tx& tx, CompanyId company_id) {
  const auth::Company company = TRY(auth::get_company(tx, company_id));
  return Currency::from_code(company.currency);
}

}  // namespace

Result<Entry> get_entry(db::Tx& tx, CompanyId company_id, EntryId id) {
  const auto row = TRY(tx.query_one("SELECT " + std::string(kEntryColumns) +
                                        " FROM accounting_entries WHERE id = $1 AND "
                                        "company_id = $2",
                                    {id.value(), company_id.value()}));
  if (!row) return Error::not_found("entry_not_found", "no entry " + std::to_string(id.value()));
  Entry entry = entry_from(*row);
  const Currency currency = TRY(company_currency(tx, company_id));
  entry.lines = TRY(load_lines(tx, id, currency));
  return entry;
}

namespace ledger {

Result<EntryDraft> load_draft(db::Tx& tx, const Context& context, EntryId id,
                              std::string* state, std::optional<EntryId>* reversed_by) {
  const Entry entry = TRY(get_entry(tx, context.company_id, id));
  *state = entry.state;
  *reversed_by = entry.reversed_by;
  EntryDraft draft{.journal_id = entry.journal_id, .date = entry.date, .memo = entry.memo,
                   .reference = entry.reference, .origin = entry.origin, .kind = entry.kind,
                   .lines = {}};
  for (const Line& line : entry.lines) {
    const bool foreign = !(line.amount_currency.currency() == context.company_currency);
    draft.lines.push_back(LineDraft{
        .account_id = line.account_id,
        .partner_id = line.partner_id,
        .label = line.label,
        .debit = line.debit,
        .credit = line.credit,
        .amount_currency = foreign ? std::optional<Money>(line.amount_currency) : std::nullopt,
        .rate = line.rate,
        .analytic = line.analytic});
  }
  return draft;
}

}  // namespace ledger

Result<EntryPage> list_entries(db::Tx& tx, CompanyId company_id, const EntryQuery& query) {
  const std::int64_t limit = std::clamp<std::int64_t>(query.limit, 1, limits::kPageSizeMax);
  const auto rows = TRY(tx.query(
      "SELECT " + std::string(kEntryColumns) +
          " FROM accounting_entries WHERE company_id = $1 AND id > $2 "
          "AND ($3 = 0 OR journal_id = $3) AND ($4 = '' OR date >= $4) "
          "AND ($5 = '' OR date <= $5) AND ($6 = '' OR state = $6) ORDER BY id LIMIT $7",
      {company_id.value(), query.after_id, query.journal_id ? query.journal_id->value() : 0,
       ledger::text_of(query.from), ledger::text_of(query.to), query.state.value_or(""),
       limit + 1}));
  EntryPage page;
  for (const auto& row : rows) {
    if (static_cast<std::int64_t>(page.items.size()) == limit) {
      page.next_after_id = page.items.back().id.value();
      break;
    }
    page.items.push_back(entry_from(row));
  }
  return page;
}

Result<Money> balance_at(db::Tx& tx, const Context& context, AccountId account, Date date,
                         std::optional<partners::PartyId> partner) {
  TRY(get_account(tx, context.company_id, account));
  const auto own = TRY(ledger::find_period(tx, context.company_id, date));
  // Whole periods ending before the date's own period (or before the date when it is in
  // none) come from the live balances; the own period from its lines up to the date.
  const Date before = own ? own->period.start_date : TRY(date.add_days(1));
  // Each form names the columns of an index: (company, partner, account) for a partner's
  // balances and lines, (account, …) otherwise.
  const auto rows = TRY(
      partner ? tx.query("SELECT b.debit, b.credit FROM accounting_balances b JOIN "
                         "accounting_periods p ON p.id = b.period_id WHERE b.company_id = $1 AND "
                         "b.partner_id = $2 AND b.account_id = $3 AND p.end_date < $4",
                         {context.company_id.value(), partner->value(), account.value(),
                          before.to_string()})
              : tx.query("SELECT b.debit, b.credit FROM accounting_balances b JOIN "
                         "accounting_periods p ON p.id = b.period_id WHERE b.account_id = $1 AND "
                         "p.end_date < $2",
                         {account.value(), before.to_string()}));
  __int128 total = 0;
  for (const auto& row : rows) total += __int128{row.integer(0)} - row.integer(1);
  if (own && partner) {
    const auto lines = TRY(tx.query(
        "SELECT debit, credit FROM accounting_entry_lines WHERE company_id = $1 AND "
        "partner_id = $2 AND account_id = $3 AND date >= $4 AND date <= $5 AND posted = 1",
        {context.company_id.value(), partner->value(), account.value(),
         own->period.start_date.to_string(), date.to_string()}));
    for (const auto& row : lines) total += __int128{row.integer(0)} - row.integer(1);
  } else if (own) {
    // Without a partner, the days of the own period up to the date from the daily balances.
    const auto days = TRY(tx.query(
        "SELECT debit, credit FROM accounting_daily_balances WHERE company_id = $1 AND "
        "date >= $2 AND date <= $3 AND account_id = $4",
        {context.company_id.value(), own->period.start_date.to_string(), date.to_string(),
         account.value()}));
    for (const auto& row : days) total += __int128{row.integer(0)} - row.integer(1);
  }
  return ledger::money_of(total, context.company_currency);
}

}  // namespace keel::accounting
