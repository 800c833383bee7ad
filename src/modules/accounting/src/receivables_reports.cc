// Aging, partner statements, the tax report and the period-end revaluation of open foreign
// documents. Aging and revaluation read documents and allocations (never all journal lines);
// statements read the partner's own lines of one control account.
#include <algorithm>
#include <map>
#include <unordered_map>

#include "receivables_internal.h"

namespace keel::accounting {

using namespace receivables;

Result<LedgerSide> parse_ledger_side(std::string_view text) {
  if (text == "receivable") return LedgerSide::receivable;
  if (text == "payable") return LedgerSide::payable;
  return Error::validation("aging_kind_invalid", "kind is receivable or payable", "kind");
}

namespace {

// What a document still owes at a date: total less allocations and set-offs dated on or
// before it.
struct OpenDocument {
  InvoiceId id;
  InvoiceType type;
  partners::PartyId partner_id;
  Currency currency;
  std::optional<Rate> rate;
  std::int64_t open = 0;          // document currency, minor units
  std::int64_t open_company = 0;  // booked company value of `open`
  std::vector<Installment> installments;
};

// The documents that can be open at `date`: those open now (residual <> 0, the partial index
// accounting_invoices_open) and those settled by an allocation or set-off dated after it. Any
// other document's open amount at `date` is its residual (residual = total − allocations
// − set-offs, kept by every writer), which is 0, so leaving it out changes no result and
// spares reading every document ever issued.
constexpr std::string_view kCandidates =
    "SELECT id FROM accounting_invoices WHERE company_id = $1 AND residual <> 0 "
    "UNION SELECT invoice_id FROM accounting_allocations WHERE company_id = $1 AND date > $2 "
    "UNION SELECT invoice_id FROM accounting_invoice_offsets WHERE company_id = $1 AND date > $2";

// Posted documents of `types` dated on or before `date`, with what was open at that date, by
// partner and id.
Result<std::vector<OpenDocument>> open_documents(db::Tx& tx, const Context& context,
                                                 std::vector<std::string> types, Date date,
                                                 bool foreign_only) {
  static const std::string sql =
      "SELECT i.id, i.type, i.partner_id, i.currency, i.rate, i.total, i.total_company, "
      "COALESCE((SELECT SUM(a.amount + a.discount) FROM accounting_allocations a "
      "WHERE a.invoice_id = i.id AND a.date <= $2), 0) + "
      "COALESCE((SELECT SUM(o.amount) FROM accounting_invoice_offsets o "
      "WHERE o.invoice_id = i.id AND o.date <= $2), 0), "
      "COALESCE((SELECT SUM(a.cleared_company) FROM accounting_allocations a "
      "WHERE a.invoice_id = i.id AND a.date <= $2), 0) + "
      "COALESCE((SELECT SUM(o.cleared_company) FROM accounting_invoice_offsets o "
      "WHERE o.invoice_id = i.id AND o.date <= $2), 0) "
      "FROM accounting_invoices i WHERE i.id IN (" + std::string(kCandidates) + ") "
      "AND i.company_id = $1 AND i.date <= $2 "
      "AND i.state IN ('posted', 'partially_paid', 'paid') AND i.type IN ($3, $4) "
      "AND ($5 = 0 OR i.currency <> $6)";
  const auto rows = TRY(
      tx.query(sql, {context.company_id.value(), date.to_string(), types.at(0), types.at(1),
                     std::int64_t{foreign_only ? 1 : 0},
                     std::string(context.company_currency.code())}));
  std::vector<OpenDocument> out;
  for (const auto& row : rows) {
    const std::int64_t open = row.integer(5) - row.integer(7);
    if (open == 0) continue;
    OpenDocument doc{InvoiceId{row.integer(0)},         TRY(parse_invoice_type(row.text(1))),
                     partners::PartyId{row.integer(2)}, TRY(Currency::from_code(row.text(3))),
                     parse_stored_rate(row.text(4)),    open,
                     row.integer(6) - row.integer(8),   {}};
    out.push_back(std::move(doc));
  }
  std::sort(out.begin(), out.end(), [](const OpenDocument& a, const OpenDocument& b) {
    return std::pair(a.partner_id.value(), a.id.value()) <
           std::pair(b.partner_id.value(), b.id.value());
  });
  return out;
}

// The installments of `documents` (open at `date`), in one query over the same candidates.
Result<void> load_installments(db::Tx& tx, const Context& context, Date date,
                               std::vector<OpenDocument>& documents) {
  if (documents.empty()) return Ok{};
  std::unordered_map<std::int64_t, OpenDocument*> by_id;
  for (auto& doc : documents) by_id[doc.id.value()] = &doc;
  static const std::string sql =
      "SELECT invoice_id, seq, due_date, amount FROM accounting_invoice_installments "
      "WHERE invoice_id IN (" + std::string(kCandidates) + ") ORDER BY invoice_id, seq";
  const auto rows = TRY(tx.query(sql, {context.company_id.value(), date.to_string()}));
  for (const auto& row : rows) {
    const auto found = by_id.find(row.integer(0));
    if (found == by_id.end()) continue;
    OpenDocument& doc = *found->second;
    doc.installments.push_back({static_cast<int>(row.integer(1)), TRY(Date::parse(row.text(2))),
                                TRY(Money::from_minor_units(row.integer(3), doc.currency))});
  }
  return Ok{};
}

AgingRow empty_row(partners::PartyId partner, Currency currency) {
  const Money zero = Money::zero(currency);
  return {partner, zero, zero, zero, zero, zero, zero, zero};
}

Money* bucket_of(AgingRow& row, int bucket) {
  Money* buckets[] = {&row.current, &row.days_1_30, &row.days_31_60, &row.days_61_90,
                      &row.days_over_90};
  return buckets[bucket];
}

// Spreads a document's open amount over its installments, earliest first paid first, and adds
// each open part (in company currency at the document's rate) to its bucket.
Result<void> age_document(const Context& context, const OpenDocument& doc, Date date,
                          AgingRow& row) {
  const int sign =
      doc.type == InvoiceType::out_invoice || doc.type == InvoiceType::in_invoice ? 1 : -1;
  std::int64_t paid = 0;
  for (const auto& part : doc.installments) paid += part.amount.minor_units();
  paid -= doc.open;  // what allocations covered, taken from the earliest installments
  for (const auto& part : doc.installments) {
    const std::int64_t covered = std::min(paid, part.amount.minor_units());
    paid -= covered;
    const std::int64_t open = part.amount.minor_units() - covered;
    if (open == 0) continue;
    const Money open_money = TRY(Money::from_minor_units(sign * open, doc.currency));
    const Money in_company = TRY(to_company(open_money, doc.rate, context.company_currency));
    Money* bucket = bucket_of(row, aging_bucket(part.due_date, date));
    *bucket = TRY(bucket->add(in_company));
    row.total = TRY(row.total.add(in_company));
  }
  return Ok{};
}

// Payments not yet applied at `date`, as a negative amount per partner.
Result<void> age_unallocated(db::Tx& tx, const Context& context, LedgerSide side, Date date,
                             std::map<std::int64_t, AgingRow>& rows) {
  // Only payments unallocated now (the partial index accounting_payments_unallocated) or
  // allocated after `date` can be unallocated at `date`: for any other, amount − allocations
  // is its `unallocated`, 0.
  const auto found = TRY(tx.query(
      "SELECT p.partner_id, p.direction, p.currency, p.rate, p.amount - COALESCE((SELECT "
      "SUM(a.amount) FROM accounting_allocations a WHERE a.payment_id = p.id AND a.date <= $2), 0) "
      "FROM accounting_payments p WHERE p.id IN (SELECT id FROM accounting_payments "
      "WHERE company_id = $1 AND unallocated <> 0 UNION SELECT payment_id FROM "
      "accounting_allocations WHERE company_id = $1 AND date > $2) "
      "AND p.company_id = $1 AND p.date <= $2 AND p.partner_type = $3 ORDER BY p.id",
      {context.company_id.value(), date.to_string(),
       std::string(side == LedgerSide::receivable ? "customer" : "supplier")}));
  for (const auto& r : found) {
    if (r.integer(4) == 0) continue;
    const bool reduces = (side == LedgerSide::receivable) == (r.text(1) == "inbound");
    const Currency currency = TRY(Currency::from_code(r.text(2)));
    const Money open =
        TRY(Money::from_minor_units(reduces ? -r.integer(4) : r.integer(4), currency));
    const Money in_company =
        TRY(to_company(open, parse_stored_rate(r.text(3)), context.company_currency));
    auto [it, inserted] = rows.try_emplace(
        r.integer(0), empty_row(partners::PartyId{r.integer(0)}, context.company_currency));
    it->second.unallocated = TRY(it->second.unallocated.add(in_company));
    it->second.total = TRY(it->second.total.add(in_company));
  }
  return Ok{};
}

Result<void> add_row(AgingRow& into, const AgingRow& row) {
  into.current = TRY(into.current.add(row.current));
  into.days_1_30 = TRY(into.days_1_30.add(row.days_1_30));
  into.days_31_60 = TRY(into.days_31_60.add(row.days_31_60));
  into.days_61_90 = TRY(into.days_61_90.add(row.days_61_90));
  into.days_over_90 = TRY(into.days_over_90.add(row.days_over_90));
  into.unallocated = TRY(into.unallocated.add(row.unallocated));
  into.total = TRY(into.total.add(row.total));
  return Ok{};
}

std::vector<std::string> types_of(LedgerSide side) {
  if (side == LedgerSide::receivable) return {"out_invoice", "out_refund"};
  return {"in_invoice", "in_refund"};
}

}  // namespace

Result<AgingReport> aging(db::Tx& tx, const Context& context, LedgerSide side, Date date) {
  std::map<std::int64_t, AgingRow> rows;
  auto documents = TRY(open_documents(tx, context, types_of(side), date, false));
  TRY(load_installments(tx, context, date, documents));
  for (auto& doc : documents) {
    auto [it, inserted] = rows.try_emplace(doc.partner_id.value(),
                                           empty_row(doc.partner_id, context.company_currency));
    TRY(age_document(context, doc, date, it->second));
  }
  TRY(age_unallocated(tx, context, side, date, rows));
  AgingReport report{date, side, {}, empty_row(partners::PartyId{}, context.company_currency)};
  for (auto& [partner, row] : rows) {
    TRY(add_row(report.totals, row));
    report.rows.push_back(std::move(row));
  }
  return report;
}

Result<Statement> statement(db::Tx& tx, const Context& context, partners::PartyId partner,
                            LedgerSide side, Date from, Date to) {
  if (to < from) {
    return Error::validation("statement_range_invalid", "from must not be after to", "from");
  }
  TRY(require_partner(tx, context, partner));
  const Account account = TRY(find_account_by_role(
      tx, context.company_id, side == LedgerSide::receivable ? role::kReceivable : role::kPayable));
  const Date day_before = TRY(from.add_days(-1));
  Statement out;
  out.partner_id = partner;
  out.side = side;
  out.from = from;
  out.to = to;
  out.opening = TRY(balance_at(tx, context, account.id, day_before, partner));
  Money running = out.opening;
  const auto rows =
      TRY(tx.query("SELECT l.date, e.number, e.reference, e.memo, l.debit, l.credit "
                   "FROM accounting_entry_lines l JOIN accounting_entries e ON e.id = l.entry_id "
                   "WHERE l.company_id = $1 AND l.partner_id = $2 AND l.account_id = $3 "
                   "AND e.state = 'posted' AND l.date >= $4 AND l.date <= $5 "
                   "ORDER BY l.date, l.entry_id, l.line_no",
                   {context.company_id.value(), partner.value(), account.id.value(),
                    from.to_string(), to.to_string()}));
  const Currency company = context.company_currency;
  for (const auto& row : rows) {
    StatementLine line;
    line.date = TRY(Date::parse(row.text(0)));
    line.number = row.optional_text(1).value_or("");
    line.reference = row.text(2);
    line.memo = row.text(3);
    line.debit = TRY(Money::from_minor_units(row.integer(4), company));
    line.credit = TRY(Money::from_minor_units(row.integer(5), company));
    running = TRY(TRY(running.add(line.debit)).subtract(line.credit));
    line.balance = running;
    out.lines.push_back(std::move(line));
  }
  out.closing = running;
  return out;
}

Result<std::vector<TaxReportRow>> tax_report(db::Tx& tx, const Context& context, Date from,
                                             Date to) {
  if (to < from) {
    return Error::validation("report_range_invalid", "from must not be after to", "from");
  }
  const auto rows = TRY(tx.query(
      "SELECT t.id, t.name, t.scope, i.type, SUM(it.base_company), SUM(it.amount_company) "
      "FROM accounting_invoice_taxes it JOIN accounting_invoices i ON i.id = it.invoice_id "
      "JOIN accounting_taxes t ON t.id = it.tax_id WHERE i.company_id = $1 "
      "AND i.state IN ('posted', 'partially_paid', 'paid') AND i.date >= $2 AND i.date <= $3 "
      "GROUP BY t.id, t.name, t.scope, i.type ORDER BY t.id",
      {context.company_id.value(), from.to_string(), to.to_string()}));
  std::vector<TaxReportRow> out;
  const Currency company = context.company_currency;
  for (const auto& row : rows) {
    if (out.empty() || out.back().tax_id.value() != row.integer(0)) {
      out.push_back({TaxId{row.integer(0)}, row.text(1), row.text(2), Money::zero(company),
                     Money::zero(company)});
    }
    const bool refund = row.text(3) == "out_refund" || row.text(3) == "in_refund";
    Money base = TRY(Money::from_minor_units(row.integer(4), company));
    Money amount = TRY(Money::from_minor_units(row.integer(5), company));
    if (refund) {
      base = base.negated();
      amount = amount.negated();
    }
    out.back().base = TRY(out.back().base.add(base));
    out.back().tax = TRY(out.back().tax.add(amount));
  }
  return out;
}

namespace {

// One company-currency line per open foreign document moving its booked value to the value at
// the period-end rate, and the unrealized_fx line that balances them.
Result<std::vector<LineDraft>> revaluation_lines(db::Tx& tx, const Context& context, Date date,
                                                 Money& net) {
  std::vector<LineDraft> lines;
  for (const LedgerSide side : {LedgerSide::receivable, LedgerSide::payable}) {
    const auto documents = TRY(open_documents(tx, context, types_of(side), date, true));
    const Account account = TRY(
        find_account_by_role(tx, context.company_id,
                             side == LedgerSide::receivable ? role::kReceivable : role::kPayable));
    for (const auto& doc : documents) {
      const Rate rate = TRY(rate_on(tx, context.company_id, doc.currency, date));
      const Money open = TRY(Money::from_minor_units(doc.open, doc.currency));
      const Money now = TRY(rate.convert(open, context.company_currency, Rounding::half_even));
      const Money booked = TRY(Money::from_minor_units(doc.open_company, context.company_currency));
      Money change = TRY(now.subtract(booked));
      if (partner_sign(doc.type) < 0) change = change.negated();
      if (change.is_zero()) continue;
      lines.push_back(signed_line(account.id, change, std::nullopt, std::nullopt, "revaluation",
                                  doc.partner_id));
      net = TRY(net.add(change));
    }
  }
  if (!lines.empty() && !net.is_zero()) {
    const Account fx = TRY(find_account_by_role(tx, context.company_id, role::kUnrealizedFx));
    lines.push_back(signed_line(fx.id, net.negated(), std::nullopt, std::nullopt, "revaluation"));
  }
  return lines;
}

}  // namespace

Result<Revaluation> revalue(db::Tx& tx, const Context& context, Date date) {
  const Period period = TRY(period_for(tx, context.company_id, date));
  if (!(period.end_date == date)) {
    return Error::validation(
        "revaluation_date_not_period_end",
        "revalue on the last day of a period (" + period.end_date.to_string() + ")", "date");
  }
  const auto existing =
      TRY(tx.query_one("SELECT id FROM accounting_revaluations WHERE company_id = $1 AND date = $2",
                       {context.company_id.value(), date.to_string()}));
  if (existing) return Error::conflict("revaluation_exists", "already revalued on this date");
  Revaluation out;
  out.date = date;
  out.adjustment = Money::zero(context.company_currency);
  std::vector<LineDraft> lines = TRY(revaluation_lines(tx, context, date, out.adjustment));
  if (lines.size() >= 2) {
    const Journal journal = TRY(find_journal(tx, context.company_id, JournalType::general));
    EntryDraft draft{.journal_id = journal.id,
                     .date = date,
                     .memo = "unrealized exchange difference " + date.to_string(),
                     .reference = "",
                     .origin = "accounting.revaluation:" + date.to_string(),
                     .kind = "revaluation",
                     .lines = std::move(lines)};
    const Entry entry = TRY(post(tx, context, draft));
    const Date next = TRY(date.add_days(1));
    const Entry reversal = TRY(reverse(tx, context, entry.id, next, "reversal of revaluation"));
    out.entry_id = entry.id;
    out.reversal_entry_id = reversal.id;
  }
  const auto rows = TRY(tx.query(
      "INSERT INTO accounting_revaluations (company_id, date, entry_id, reversal_entry_id, "
      "created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
      {context.company_id.value(), date.to_string(),
       out.entry_id ? db::Value(out.entry_id->value()) : db::Value(db::null),
       out.reversal_entry_id ? db::Value(out.reversal_entry_id->value()) : db::Value(db::null),
       now_text(context)}));
  out.id = rows.at(0).integer(0);
  TRY(audit_change(tx, context, "revalue", "accounting.revaluation", out.id,
                   {{"date", date.to_string()}, {"adjustment", out.adjustment.to_string()}}));
  return out;
}

}  // namespace keel::accounting
