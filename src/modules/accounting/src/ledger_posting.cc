// Posting: the only way into the ledger. Every check runs before the first write, so a refused
// entry leaves nothing behind; then the number, the hash chain and the live balances are
// written in the caller's transaction.
#include <map>
#include <set>
#include <tuple>

#include "keel/audit/audit.h"
#include "keel/auth/auth_api.h"
#include "keel/core/assert.h"
#include "keel/core/limits.h"
#include "ledger_internal.h"

namespace keel::accounting {

LineDraft LineDraft::debit_of(AccountId account, Money amount, std::string label) {
  LineDraft line{.account_id = account, .label = std::move(label), .debit = amount,
                 .credit = Money::zero(amount.currency())};
  return line;
}

LineDraft LineDraft::credit_of(AccountId account, Money amount, std::string label) {
  LineDraft line{.account_id = account, .label = std::move(label),
                 .debit = Money::zero(amount.currency()), .credit = amount};
  return line;
}

Result<Context> Context::load(db::Tx& tx, const http::Principal& principal, const Clock& clock,
                              std::string request_id) {
  Context context = TRY(system(tx, principal.company_id, clock));
  context.user_id = principal.user_id;
  context.adviser = principal.can("accounting.lock.bypass");
  context.request_id = std::move(request_id);
  return context;
}

Result<Context> Context::system(db::Tx& tx, CompanyId company_id, const Clock& clock) {
  const auth::Company company = TRY(auth::get_company(tx, company_id));
  const Currency currency = TRY(Currency::from_code(company.currency));
  return Context{.company_id = company_id,
                 .user_id = UserId{0},
                 .company_currency = currency,
                 .calendar = company.calendar,
                 .adviser = false,
                 .request_id = {},
                 .clock = &clock};
}

namespace {

// A line as stored: its transaction currency and signed amount in it.
struct PreparedLine {
  std::string currency;
  std::int64_t amount_currency = 0;
};

// A validated entry, ready to be written.
struct Checked {
  Journal journal;
  ledger::PeriodOfDate where;
  std::vector<PreparedLine> lines;
};

std::string line_field(std::size_t index, std::string_view name) {
  return "lines/" + std::to_string(index) + "/" + std::string(name);
}

// One line's structural checks. Returns its stored currency and signed amount.
Result<PreparedLine> prepare_line(const LineDraft& line, std::size_t index, Currency company) {
  if (!(line.debit.currency() == company) || !(line.credit.currency() == company)) {
    return Error::validation("entry_line_currency_invalid",
                             "debit and credit are in the company currency",
                             line_field(index, "debit"));
  }
  if (line.debit.is_negative() || line.credit.is_negative() ||
      (!line.debit.is_zero() && !line.credit.is_zero())) {
    return Error::validation("entry_line_both_sides",
                             "a line has either a debit or a credit, not negative",
                             line_field(index, "debit"));
  }
  if (line.debit.is_zero() && line.credit.is_zero()) {
    return Error::validation("entry_line_amount_zero", "a line needs a debit or a credit",
                             line_field(index, "debit"));
  }
  const bool debit = !line.debit.is_zero();
  const std::int64_t signed_company =
      debit ? line.debit.minor_units() : -line.credit.minor_units();
  if (!line.amount_currency) {
    if (line.rate) {
      return Error::validation("entry_line_currency_invalid", "a rate needs amount_currency",
                               line_field(index, "rate"));
    }
    return PreparedLine{std::string(company.code()), signed_company};
  }
  const Money& foreign = *line.amount_currency;
  const bool sign_ok = debit ? foreign.minor_units() > 0 : foreign.minor_units() < 0;
  if (foreign.currency() == company || !sign_ok || (line.rate && !line.rate->is_positive())) {
    return Error::validation("entry_line_currency_invalid",
                             "amount_currency is another currency, signed like the line, with "
                             "a positive rate",
                             line_field(index, "amount_currency"));
  }
  return PreparedLine{std::string(foreign.currency().code()), foreign.minor_units()};
}

// Every check that needs no database: counts, amounts, balance in each currency.
Result<std::vector<PreparedLine>> check_structure(const EntryDraft& draft, Currency company,
                                                  bool internal_kind) {
  if (draft.lines.size() < 2) {
    return Error::validation("entry_lines_too_few", "an entry has at least two lines", "lines");
  }
  if (draft.lines.size() > limits::kEntryLinesMax) {
    return Error::validation("entry_lines_too_many", "too many lines", "lines");
  }
  if (draft.memo.size() > limits::kMemoLengthMax || draft.reference.size() > limits::kNameLengthMax ||
      draft.origin.size() > limits::kNameLengthMax) {
    return Error::validation("entry_text_too_long", "memo, reference or origin is too long",
                             "memo");
  }
  const std::set<std::string, std::less<>> kinds = {"normal", "closing", "revaluation",
                                                    "opening"};
  if (!kinds.contains(draft.kind) && !(internal_kind && draft.kind == "reversal")) {
    return Error::validation("entry_kind_invalid", "unknown kind " + draft.kind, "kind");
  }
  std::vector<PreparedLine> lines;
  __int128 balance = 0;
  std::map<std::string, __int128> per_currency;
  for (std::size_t i = 0; i < draft.lines.size(); ++i) {
    PreparedLine line = TRY(prepare_line(draft.lines[i], i, company));
    balance += draft.lines[i].debit.minor_units();
    balance -= draft.lines[i].credit.minor_units();
    if (line.currency != company.code()) per_currency[line.currency] += line.amount_currency;
    lines.push_back(std::move(line));
  }
  if (balance != 0) {
    return Error::validation("entry_unbalanced", "debits and credits differ", "lines");
  }
  for (const auto& [currency, total] : per_currency) {
    if (total != 0) {
      return Error::validation("entry_currency_unbalanced",
                               "the " + currency + " amounts do not sum to zero", "lines");
    }
  }
  return lines;
}

Result<void> check_account(const Account& account, const LineDraft& line,
                           const PreparedLine& prepared, std::size_t index) {
  const std::string field = line_field(index, "account_id");
  if (!account.postable) {
    return Error::validation("account_not_postable", account.code + " is a summary account",
                             field);
  }
  if (account.archived) {
    return Error::validation("account_archived", account.code + " is archived", field);
  }
  if (!account.currency.empty() && account.currency != prepared.currency) {
    return Error::validation("account_currency_mismatch",
                             account.code + " takes only " + account.currency, field);
  }
  const bool subledger = account.role == role::kReceivable || account.role == role::kPayable;
  if (subledger && !line.partner_id) {
    return Error::validation("partner_required", account.code + " needs a partner",
                             line_field(index, "partner_id"));
  }
  return Ok{};
}

// The checks that read the database: journal, accounts, partners, period and locks.
Result<Checked> check_references(db::Tx& tx, const Context& context, const EntryDraft& draft,
                                 std::vector<PreparedLine> lines) {
  auto journal = get_journal(tx, context.company_id, draft.journal_id);
  if (!journal.ok()) return journal.release_error();
  if (journal->archived) {
    return Error::validation("journal_archived", journal->code + " is archived", "journal_id");
  }
  std::map<std::int64_t, Account> accounts;
  std::set<std::int64_t> partners_seen;
  for (std::size_t i = 0; i < draft.lines.size(); ++i) {
    const LineDraft& line = draft.lines[i];
    auto found = accounts.find(line.account_id.value());
    if (found == accounts.end()) {
      auto account = get_account(tx, context.company_id, line.account_id);
      if (!account.ok()) {
        return Error::validation("account_not_found", account.error().message(),
                                 line_field(i, "account_id"));
      }
      found = accounts.emplace(line.account_id.value(), account.release_value()).first;
    }
    TRY(check_account(found->second, line, lines[i], i));
    if (line.partner_id && partners_seen.insert(line.partner_id->value()).second) {
      auto party = partners::get_party(tx, partners::Caller::system(context.company_id),
                                       *line.partner_id);
      if (!party.ok()) return party.release_error().with_field_prefix("lines/" + std::to_string(i));
    }
  }
  const auto where = TRY(ledger::find_period(tx, context.company_id, draft.date));
  if (!where) {
    return Error::validation("fiscal_year_not_found",
                             draft.date.to_string() + " is in no fiscal year", "date");
  }
  TRY(ledger::check_open(tx, context, *where, draft.date));
  return Checked{journal.release_value(), *where, std::move(lines)};
}

Result<Checked> check_all(db::Tx& tx, const Context& context, const EntryDraft& draft,
                          bool internal_kind) {
  auto lines = TRY(check_structure(draft, context.company_currency, internal_kind));
  return check_references(tx, context, draft, std::move(lines));
}

Result<EntryId> insert_draft(db::Tx& tx, const Context& context, const EntryDraft& draft,
                             const std::vector<PreparedLine>& lines) {
  const std::int64_t company = context.company_id.value();
  const auto row = TRY(tx.query_one(
      "INSERT INTO accounting_entries (company_id, journal_id, state, kind, date, memo, "
      "reference, origin, created_by, created_at) VALUES ($1, $2, 'draft', $3, $4, $5, $6, $7, "
      "$8, $9) RETURNING id",
      {company, draft.journal_id.value(), draft.kind, draft.date.to_string(), draft.memo,
       draft.reference, draft.origin, context.user_id.value(), ledger::now_text(context)}));
  const EntryId id{row->integer(0)};
  for (std::size_t i = 0; i < draft.lines.size(); ++i) {
    const LineDraft& line = draft.lines[i];
    TRY(tx.execute(
        "INSERT INTO accounting_entry_lines (entry_id, company_id, line_no, account_id, "
        "partner_id, label, debit, credit, currency, amount_currency, rate, analytic, date) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
        {id.value(), company, static_cast<std::int64_t>(i + 1), line.account_id.value(),
         line.partner_id ? line.partner_id->value() : std::int64_t{0}, line.label,
         line.debit.minor_units(), line.credit.minor_units(), lines[i].currency,
         lines[i].amount_currency, line.rate ? line.rate->to_string() : std::string(),
         line.analytic, draft.date.to_string()}));
  }
  return id;
}

}  // namespace

namespace ledger {
// Defined in ledger_finalize.cc: number, hash, balances and audit of a checked draft.
Result<void> finalize(db::Tx& tx, const Context& context, EntryId id, const EntryDraft& draft,
                      const Journal& journal, const PeriodOfDate& where,
                      const std::vector<std::string>& currencies,
                      const std::vector<std::int64_t>& amounts);
Result<EntryDraft> load_draft(db::Tx& tx, const Context& context, EntryId id,
                              std::string* state, std::optional<EntryId>* reversed_by);
}  // namespace ledger

namespace {

Result<Entry> finish(db::Tx& tx, const Context& context, EntryId id, const EntryDraft& draft,
                     const Checked& checked) {
  std::vector<std::string> currencies;
  std::vector<std::int64_t> amounts;
  for (const auto& line : checked.lines) {
    currencies.push_back(line.currency);
    amounts.push_back(line.amount_currency);
  }
  TRY(ledger::finalize(tx, context, id, draft, checked.journal, checked.where, currencies,
                       amounts));
  return get_entry(tx, context.company_id, id);
}

}  // namespace

Result<EntryId> create_draft(db::Tx& tx, const Context& context, const EntryDraft& draft) {
  auto lines = TRY(check_structure(draft, context.company_currency, false));
  // A draft must name real rows (the foreign keys), but dates and locks wait for posting.
  auto journal = get_journal(tx, context.company_id, draft.journal_id);
  if (!journal.ok()) return journal.release_error();
  for (std::size_t i = 0; i < draft.lines.size(); ++i) {
    if (!get_account(tx, context.company_id, draft.lines[i].account_id).ok()) {
      return Error::validation("account_not_found", "no such account",
                               line_field(i, "account_id"));
    }
  }
  const EntryId id = TRY(insert_draft(tx, context, draft, lines));
  TRY(audit::record(tx, *context.clock,
                    {context.company_id, context.user_id, "create", "accounting.entry",
                     std::to_string(id.value()), nullptr,
                     {{"state", "draft"}, {"date", draft.date.to_string()}},
                     context.request_id}));
  return id;
}

Result<Entry> post(db::Tx& tx, const Context& context, const EntryDraft& draft) {
  const Checked checked = TRY(check_all(tx, context, draft, false));
  const EntryId id = TRY(insert_draft(tx, context, draft, checked.lines));
  return finish(tx, context, id, draft, checked);
}

Result<Entry> post_draft(db::Tx& tx, const Context& context, EntryId id) {
  std::string state;
  std::optional<EntryId> reversed_by;
  const EntryDraft draft = TRY(ledger::load_draft(tx, context, id, &state, &reversed_by));
  if (state != "draft") return Error::conflict("entry_not_draft", "the entry is already posted");
  const Checked checked = TRY(check_all(tx, context, draft, false));
  return finish(tx, context, id, draft, checked);
}

Result<Entry> reverse(db::Tx& tx, const Context& context, EntryId id, Date date,
                      std::string memo) {
  std::string state;
  std::optional<EntryId> reversed_by;
  const EntryDraft original = TRY(ledger::load_draft(tx, context, id, &state, &reversed_by));
  if (state != "posted") return Error::conflict("entry_not_posted", "only posted entries reverse");
  if (reversed_by) return Error::conflict("entry_already_reversed", "the entry is reversed");
  const Entry posted = TRY(get_entry(tx, context.company_id, id));
  EntryDraft mirror = original;
  mirror.date = date;
  mirror.kind = "reversal";
  mirror.memo = memo.empty() ? "Reversal of " + posted.number.value_or("") : std::move(memo);
  mirror.reference = posted.number.value_or("");
  for (auto& line : mirror.lines) {
    std::swap(line.debit, line.credit);
    if (line.amount_currency) line.amount_currency = line.amount_currency->negated();
  }
  const Checked checked = TRY(check_all(tx, context, mirror, true));
  const EntryId reversal = TRY(insert_draft(tx, context, mirror, checked.lines));
  TRY(tx.execute("UPDATE accounting_entries SET reversal_of = $1 WHERE id = $2",
                 {id.value(), reversal.value()}));
  // Conditional, so of two concurrent reversals one fails and rolls back.
  const auto linked = TRY(tx.execute(
      "UPDATE accounting_entries SET reversed_by = $1, version = version + 1 "
      "WHERE id = $2 AND reversed_by IS NULL",
      {reversal.value(), id.value()}));
  if (linked == 0) return Error::conflict("entry_already_reversed", "the entry is reversed");
  TRY(audit::record(tx, *context.clock,
                    {context.company_id, context.user_id, "reverse", "accounting.entry",
                     std::to_string(id.value()), nullptr,
                     {{"reversed_by", reversal.value()}}, context.request_id}));
  return finish(tx, context, reversal, mirror, checked);
}

}  // namespace keel::accounting
