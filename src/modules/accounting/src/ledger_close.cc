// Year-end close and reopening.
#include <map>

#include "keel/audit/audit.h"
#include "ledger_internal.h"

namespace keel::accounting {
namespace {

// The company-currency balance (debit − credit) of every income and expense account over the
// year's periods, from the live balances, summed in 128 bits.
Result<std::map<std::int64_t, __int128>> result_balances(db::Tx& tx, CompanyId company_id,
                                                         FiscalYearId year) {
  const auto rows = TRY(tx.query(
      "SELECT b.account_id, b.debit, b.credit FROM accounting_balances b "
      "JOIN accounting_periods p ON p.id = b.period_id "
      "JOIN accounting_accounts a ON a.id = b.account_id "
      "WHERE b.company_id = $1 AND p.fiscal_year_id = $2 AND a.type IN ('income', 'expense')",
      {company_id.value(), year.value()}));
  std::map<std::int64_t, __int128> totals;
  for (const auto& row : rows) {
    totals[row.integer(0)] += __int128{row.integer(1)} - row.integer(2);
  }
  return totals;
}

// The closing entry: each income/expense balance reversed, the net to retained earnings.
// Returns nullopt when there is nothing to move.
Result<std::optional<EntryDraft>> closing_draft(db::Tx& tx, const Context& context,
                                                const FiscalYear& year) {
  const auto totals = TRY(result_balances(tx, context.company_id, year.id));
  const Account retained = TRY(find_account_by_role(tx, context.company_id,
                                                    role::kRetainedEarnings));
  const Journal journal = TRY(find_journal(tx, context.company_id, JournalType::general));
  EntryDraft draft{.journal_id = journal.id, .date = year.end_date,
                   .memo = "Closing of fiscal year " + year.name, .reference = year.name,
                   .origin = "accounting.fiscal_year:" + std::to_string(year.id.value()),
                   .kind = "closing", .lines = {}};
  __int128 net = 0;
  for (const auto& [account, total] : totals) {
    if (total == 0) continue;
    const Money amount = TRY(ledger::money_of(total < 0 ? -total : total,
                                              context.company_currency));
    draft.lines.push_back(total > 0 ? LineDraft::credit_of(AccountId{account}, amount)
                                    : LineDraft::debit_of(AccountId{account}, amount));
    net += total;
  }
  if (draft.lines.empty()) return std::optional<EntryDraft>{};
  if (net != 0) {
    const Money amount = TRY(ledger::money_of(net < 0 ? -net : net, context.company_currency));
    // A net debit (loss) reduces retained earnings; a net credit (profit) increases them.
    draft.lines.push_back(net > 0 ? LineDraft::debit_of(retained.id, amount, "Result")
                                  : LineDraft::credit_of(retained.id, amount, "Result"));
  }
  return std::optional<EntryDraft>(std::move(draft));
}

Result<void> set_year_state(db::Tx& tx, FiscalYearId id, std::string_view from,
                            std::string_view to) {
  const auto changed = TRY(tx.execute(
      "UPDATE accounting_fiscal_years SET state = $1, version = version + 1 "
      "WHERE id = $2 AND state = $3",
      {std::string(to), id.value(), std::string(from)}));
  if (changed == 0) {
    return from == "open" ? Error::conflict("fiscal_year_closed", "the year is closed")
                          : Error::conflict("fiscal_year_open", "the year is not closed");
  }
  TRY(tx.execute("UPDATE accounting_periods SET state = $1 WHERE fiscal_year_id = $2",
                 {std::string(to), id.value()}));
  return Ok{};
}

}  // namespace

Result<FiscalYear> close_fiscal_year(db::Tx& tx, const Context& context, FiscalYearId id) {
  const FiscalYear year = TRY(get_fiscal_year(tx, context.company_id, id));
  if (year.closed) return Error::conflict("fiscal_year_closed", "the year is closed");
  const auto draft = TRY(closing_draft(tx, context, year));
  std::optional<EntryId> closing;
  if (draft) closing = TRY(post(tx, context, *draft)).id;
  TRY(set_year_state(tx, id, "open", "closed"));
  if (closing) {
    TRY(tx.execute("UPDATE accounting_fiscal_years SET closing_entry_id = $1 WHERE id = $2",
                   {closing->value(), id.value()}));
  }
  TRY(audit::record(tx, *context.clock,
                    {context.company_id, context.user_id, "close", "accounting.fiscal_year",
                     std::to_string(id.value()), {{"state", "open"}},
                     {{"state", "closed"},
                      {"closing_entry_id", closing ? closing->value() : std::int64_t{0}}},
                     context.request_id}));
  return get_fiscal_year(tx, context.company_id, id);
}

Result<FiscalYear> reopen_fiscal_year(db::Tx& tx, const Context& context, FiscalYearId id) {
  TRY(get_fiscal_year(tx, context.company_id, id));
  TRY(set_year_state(tx, id, "closed", "open"));
  TRY(audit::record(tx, *context.clock,
                    {context.company_id, context.user_id, "reopen", "accounting.fiscal_year",
                     std::to_string(id.value()), {{"state", "closed"}}, {{"state", "open"}},
                     context.request_id}));
  return get_fiscal_year(tx, context.company_id, id);
}

}  // namespace keel::accounting
