// Reconciliation: proposals for a statement line, matching it with ledger lines, posting a
// counterpart entry, and undoing a match.
#include <algorithm>
#include <map>
#include <set>

#include "bank_store.h"
#include "keel/audit/audit.h"
#include "keel/core/limits.h"

namespace keel::accounting::bank {
namespace {

using detail::LineRecord;
using detail::open_line;
using detail::store_match;

// A candidate ledger line, as read for scoring.
struct Candidate {
  std::int64_t id = 0;
  std::int64_t entry_id = 0;
  std::string date;
  std::int64_t amount = 0;  // signed, bank account currency
  std::string label;
  std::int64_t partner_id = 0;
  std::string number;
  std::string reference;
  std::string memo;
};

// The signed amount of a ledger line in the bank account's currency: debit - credit when the
// bank account is in company currency, amount_currency (of lines in that currency) otherwise.
std::string amount_sql(const LineRecord& record, const Context& context) {
  return record.bank.currency == context.company_currency ? "(l.debit - l.credit)"
                                                          : "l.amount_currency";
}

Result<std::vector<Candidate>> read_candidates(db::Tx& tx, const Context& context,
                                               const LineRecord& record, int window_days,
                                               bool exact) {
  const Date from = TRY(record.line.date.add_days(-window_days));
  const Date to = TRY(record.line.date.add_days(window_days));
  std::vector<db::Value> params = {context.company_id.value(), record.bank.account_id.value(),
                                   from.to_string(), to.to_string()};
  std::string sql = "SELECT l.id, l.entry_id, l.date, " + amount_sql(record, context) +
                    ", l.label, l.partner_id, COALESCE(e.number, ''), e.reference, e.memo "
                    "FROM accounting_entry_lines l JOIN accounting_entries e ON e.id = "
                    "l.entry_id WHERE l.company_id = $1 AND l.account_id = $2 AND e.state = "
                    "'posted' AND e.reversed_by IS NULL AND e.reversal_of IS NULL AND l.date >= $3 AND l.date <= $4 AND NOT EXISTS (SELECT 1 FROM "
                    "accounting_bank_reconciliations r WHERE r.entry_line_id = l.id)";
  if (!(record.bank.currency == context.company_currency)) {
    params.emplace_back(std::string(record.bank.currency.code()));
    sql += " AND l.currency = $" + std::to_string(params.size());
  }
  if (exact) {
    params.emplace_back(record.line.amount.minor_units());
    sql += " AND " + amount_sql(record, context) + " = $" + std::to_string(params.size());
  }
  sql += " ORDER BY l.date, l.id LIMIT " + std::to_string(kProposalCandidatesMax);
  std::vector<Candidate> out;
  for (const auto& row : TRY(tx.query(sql, std::span<const db::Value>(params)))) {
    out.push_back({row.integer(0), row.integer(1), row.text(2), row.integer(3), row.text(4),
                   row.integer(5), row.text(6), row.text(7), row.text(8)});
  }
  return out;
}

std::string fold(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return out;
}

using detail::mentions;

bool reference_matches(const StatementLine& line, const Candidate& c) {
  const std::string text = line.description + " " + line.reference + " " + line.counterparty;
  if (mentions(text, c.reference) || mentions(text, c.number)) return true;
  const std::string entry_text = c.reference + " " + c.memo + " " + c.label;
  return mentions(entry_text, line.reference);
}

// The partner's name, read through the partners module's API (cached per call).
std::string partner_name(db::Tx& tx, const Context& context, std::int64_t partner_id,
                         std::map<std::int64_t, std::string>& cache) {
  if (partner_id <= 0) return {};
  const auto found = cache.find(partner_id);
  if (found != cache.end()) return found->second;
  const partners::Caller caller = partners::Caller::system(context.company_id, context.user_id);
  auto party = partners::get_party(tx, caller, partners::PartyId{partner_id});
  std::string name = party.ok() ? party->data.name : std::string{};
  cache.emplace(partner_id, name);
  return name;
}

Result<Proposal> score(const LineRecord& record, const Candidate& c, const std::string& partner) {
  const Date date = TRY(Date::parse(c.date));
  Proposal p{.entry_line_id = c.id,
             .entry_id = EntryId{c.entry_id},
             .date = date,
             .amount = TRY(Money::from_minor_units(c.amount, record.bank.currency)),
             .entry_number = c.number,
             .label = c.label.empty() ? c.memo : c.label};
  const std::int64_t days = std::abs(date.days_since_epoch() - record.line.date.days_since_epoch());
  const bool amount_equal = c.amount == record.line.amount.minor_units();
  if (amount_equal) {
    p.score += 50;
    p.reasons.push_back("amount");
  }
  if (days <= kProposalDateWindowDays) {
    p.score += static_cast<int>(14 - 2 * days);
    p.reasons.push_back("date");
  }
  if (reference_matches(record.line, c)) {
    p.score += 25;
    p.reasons.push_back("reference");
  }
  const std::string text = record.line.counterparty + " " + record.line.description;
  if (!partner.empty() && mentions(text, partner)) {
    p.score += 11;
    p.reasons.push_back("partner");
  }
  return p;
}

bool relevant(const Proposal& p) {
  return std::any_of(p.reasons.begin(), p.reasons.end(),
                     [](const std::string& r) { return r != "date"; });
}

Result<void> record_audit(db::Tx& tx, const Context& context, std::string action,
                          StatementLineId line, nlohmann::json after) {
  return audit::record(tx, detail::clock_of(context),
                       {.company_id = context.company_id,
                        .user_id = context.user_id,
                        .action = std::move(action),
                        .entity = "accounting.bank_statement_line",
                        .entity_id = std::to_string(line.value()),
                        .before = nullptr,
                        .after = std::move(after),
                        .request_id = context.request_id});
}

}  // namespace

Result<LineRecord> detail::open_line(db::Tx& tx, const Context& context, StatementLineId id) {
  LineRecord record = TRY(detail::load_line(tx, context.company_id, id));
  if (record.state != LineState::open) {
    return Error::conflict("bank_statement_line_reconciled",
                           "the statement line is already reconciled; unreconcile it first");
  }
  return record;
}

namespace {

Error entry_line_invalid(std::size_t index, std::string message) {
  return Error::validation("bank_entry_line_invalid", std::move(message),
                           "entry_line_ids/" + std::to_string(index));
}

// The signed amount of ledger line `id` if it may be matched with `record`.
Result<std::int64_t> matchable_amount(db::Tx& tx, const Context& context,
                                      const LineRecord& record, std::int64_t id,
                                      std::size_t index) {
  const auto row = TRY(tx.query_one(
      "SELECT " + amount_sql(record, context) +
          ", l.currency, (SELECT COUNT(*) FROM accounting_bank_reconciliations r WHERE "
          "r.entry_line_id = l.id) FROM accounting_entry_lines l JOIN accounting_entries e ON "
          "e.id = l.entry_id WHERE l.id = $1 AND l.company_id = $2 AND l.account_id = $3 AND "
          "e.state = 'posted'",
      {id, context.company_id.value(), record.bank.account_id.value()}));
  if (!row) return entry_line_invalid(index, "not a posted line of the bank's ledger account");
  const bool foreign = !(record.bank.currency == context.company_currency);
  if (foreign && row->text(1) != record.bank.currency.code()) {
    return entry_line_invalid(index, "the ledger line is in another currency");
  }
  if (row->integer(2) > 0) {
    return Error::conflict("bank_entry_line_reconciled",
                           "ledger line " + std::to_string(id) + " is already reconciled");
  }
  return row->integer(0);
}

Result<void> check_ids(const std::vector<std::int64_t>& ids) {
  if (ids.empty()) {
    return Error::validation("bank_reconcile_lines_required", "name at least one ledger line",
                             "entry_line_ids");
  }
  if (ids.size() > kReconcileLinesMax) {
    return Error::validation("bank_reconcile_lines_too_many",
                             "at most " + std::to_string(kReconcileLinesMax) + " ledger lines",
                             "entry_line_ids");
  }
  std::set<std::int64_t> seen;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (!seen.insert(ids[i]).second) return entry_line_invalid(i, "listed twice");
  }
  return Ok{};
}

}  // namespace

// Whether `needle` (at least three characters, so "1" or "AB" never match by chance) occurs
// in `haystack`, ignoring ASCII case.
bool detail::mentions(std::string_view haystack, std::string_view needle) {
  if (needle.size() < 3) return false;
  return fold(haystack).find(fold(needle)) != std::string::npos;
}

Result<void> detail::store_match(db::Tx& tx, const Context& context, const LineRecord& record,
                         const std::vector<std::int64_t>& ids,
                         std::optional<EntryId> created_entry) {
  TRY(check_ids(ids));
  std::vector<std::int64_t> amounts;
  decimal::Int128 total = 0;  // 100 amounts of up to 10^18 do not fit in 64 bits
  for (std::size_t i = 0; i < ids.size(); ++i) {
    amounts.push_back(TRY(matchable_amount(tx, context, record, ids[i], i)));
    total += amounts.back();
  }
  if (total != record.line.amount.minor_units()) {
    return Error::validation("bank_reconcile_amount_mismatch",
                             "the ledger lines do not add up to the statement line's " +
                                 record.line.amount.to_string(),
                             "entry_line_ids");
  }
  const db::Value entry = created_entry ? db::Value{created_entry->value()} : db::Value{db::null};
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const db::Value params[] = {context.company_id.value(), record.id.value(), ids[i],
                                amounts[i],                 entry,             context.user_id.value(),
                                detail::now_text(context)};
    TRY(tx.execute("INSERT INTO accounting_bank_reconciliations (company_id, statement_line_id, "
                   "entry_line_id, amount, created_entry_id, created_by, created_at) VALUES ($1, "
                   "$2, $3, $4, $5, $6, $7)",
                   params));
  }
  const auto changed = TRY(tx.execute(
      "UPDATE accounting_bank_statement_lines SET state = 'reconciled' WHERE id = $1 AND state = "
      "'open'",
      {record.id.value()}));
  if (changed != 1) {
    return Error::conflict("bank_statement_line_reconciled", "the line was reconciled meanwhile");
  }
  return record_audit(tx, context, "reconcile", record.id,
                      {{"entry_line_ids", ids},
                       {"created_entry_id", created_entry ? created_entry->value() : 0}});
}

Result<std::vector<Proposal>> propose(db::Tx& tx, const Context& context, StatementLineId id) {
  const LineRecord record = TRY(detail::load_line(tx, context.company_id, id));
  std::map<std::int64_t, Candidate> candidates;
  for (auto& c : TRY(read_candidates(tx, context, record, kProposalDateWindowDays, true))) {
    candidates.emplace(c.id, std::move(c));
  }
  for (auto& c : TRY(read_candidates(tx, context, record, kProposalSearchWindowDays, false))) {
    candidates.emplace(c.id, std::move(c));
  }
  std::map<std::int64_t, std::string> names;
  std::vector<Proposal> out;
  for (const auto& [candidate_id, c] : candidates) {
    Proposal p = TRY(score(record, c, partner_name(tx, context, c.partner_id, names)));
    if (relevant(p)) out.push_back(std::move(p));
  }
  const auto distance = [&](const Proposal& p) {
    return std::abs(p.date.days_since_epoch() - record.line.date.days_since_epoch());
  };
  std::sort(out.begin(), out.end(), [&](const Proposal& a, const Proposal& b) {
    if (a.score != b.score) return a.score > b.score;
    if (distance(a) != distance(b)) return distance(a) < distance(b);
    return a.entry_line_id < b.entry_line_id;
  });
  if (out.size() > kProposalsMax) out.erase(out.begin() + kProposalsMax, out.end());
  return out;
}

Result<void> reconcile(db::Tx& tx, const Context& context, StatementLineId line,
                       const std::vector<std::int64_t>& entry_line_ids) {
  const LineRecord record = TRY(open_line(tx, context, line));
  return store_match(tx, context, record, entry_line_ids, std::nullopt);
}

Result<Entry> reconcile_with_counterpart(db::Tx& tx, const Context& context, StatementLineId line,
                                         AccountId counterpart_account,
                                         std::optional<partners::PartyId> partner,
                                         std::string label) {
  const LineRecord record = TRY(open_line(tx, context, line));
  if (counterpart_account == record.bank.account_id) {
    return Error::validation("bank_counterpart_account_invalid",
                             "the counterpart cannot be the bank's own ledger account",
                             "account_id");
  }
  const Money amount = record.line.amount.abs();
  // A foreign bank account's line posts in its currency with the company value at the rate
  // of the line's date (half even, as documents and payments convert); so does the
  // counterpart line, as the entry must balance in each currency.
  std::optional<Rate> rate;
  Money company_amount = amount;
  if (!(record.bank.currency == context.company_currency)) {
    rate = TRY(rate_on(tx, context.company_id, record.bank.currency, record.line.date));
    company_amount = TRY(rate->convert(amount, context.company_currency, Rounding::half_even));
  }
  if (label.empty()) label = record.line.description;
  LineDraft bank_line = record.line.amount.is_negative()
                            ? LineDraft::credit_of(record.bank.account_id, company_amount, label)
                            : LineDraft::debit_of(record.bank.account_id, company_amount, label);
  if (rate) {
    bank_line.amount_currency = record.line.amount;
    bank_line.rate = rate;
  }
  LineDraft other = record.line.amount.is_negative()
                        ? LineDraft::debit_of(counterpart_account, company_amount, label)
                        : LineDraft::credit_of(counterpart_account, company_amount, label);
  if (rate) {  // the entry balances in the foreign currency too
    other.amount_currency = record.line.amount.negated();
    other.rate = rate;
  }
  other.partner_id = partner;
  EntryDraft draft{.journal_id = record.bank.journal_id,
                   .date = record.line.date,
                   .memo = label,
                   .reference = record.line.reference,
                   .origin = "accounting.bank_statement_line:" + std::to_string(line.value()),
                   .lines = {bank_line, other}};
  const Entry entry = TRY(post(tx, context, draft));
  std::vector<std::int64_t> ids;
  for (const Line& posted : entry.lines) {
    if (posted.account_id == record.bank.account_id) ids.push_back(posted.id);
  }
  TRY(store_match(tx, context, record, ids, entry.id));
  return entry;
}

Result<void> unreconcile(db::Tx& tx, const Context& context, StatementLineId line) {
  const LineRecord record = TRY(detail::load_line(tx, context.company_id, line));
  if (record.state != LineState::reconciled) {
    return Error::conflict("bank_statement_line_not_reconciled",
                           "the statement line is not reconciled");
  }
  const auto created = TRY(tx.query_one(
      "SELECT MAX(created_entry_id) FROM accounting_bank_reconciliations WHERE statement_line_id "
      "= $1",
      {line.value()}));
  TRY(tx.execute("DELETE FROM accounting_bank_reconciliations WHERE statement_line_id = $1",
                 {line.value()}));
  if (created && !created->is_null(0)) {
    TRY(detail::undo_document_payment(tx, context, record, EntryId{created->integer(0)}));
  }
  TRY(tx.execute("UPDATE accounting_bank_statement_lines SET state = 'open' WHERE id = $1",
                 {line.value()}));
  return record_audit(tx, context, "unreconcile", line, nullptr);
}

}  // namespace keel::accounting::bank
