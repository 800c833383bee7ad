// Reconciliation with open documents (1:N): proposals of a partner's invoices or bills whose
// residuals add up to a statement line, paying them from the line in one payment, and undoing
// that payment when the line is unreconciled.
#include <algorithm>
#include <map>
#include <set>

#include "bank_store.h"
#include "keel/core/decimal.h"

namespace keel::accounting::bank {
namespace {

using detail::LineRecord;

// An open document as read for grouping.
struct OpenDocument {
  std::int64_t id = 0;
  std::int64_t partner_id = 0;
  std::string number;
  std::string reference;
  std::string date;
  std::int64_t residual = 0;
};

// The document type a statement line pays: money in settles customer invoices, money out
// vendor bills.
std::string_view document_type(const LineRecord& record) {
  return record.line.amount.is_negative() ? "in_invoice" : "out_invoice";
}

Result<std::vector<OpenDocument>> open_documents(db::Tx& tx, const Context& context,
                                                 const LineRecord& record,
                                                 std::optional<std::int64_t> partner,
                                                 std::size_t limit) {
  std::vector<db::Value> params = {context.company_id.value(), std::string(document_type(record)),
                                   std::string(record.bank.currency.code())};
  std::string sql =
      "SELECT id, partner_id, COALESCE(number, ''), reference, date, residual FROM "
      "accounting_invoices WHERE company_id = $1 AND type = $2 AND currency = $3 AND state IN "
      "('posted', 'partially_paid') AND residual > 0";
  if (partner) {
    params.emplace_back(*partner);
    sql += " AND partner_id = $4";
  }
  sql += " ORDER BY date, id LIMIT " + std::to_string(limit);
  std::vector<OpenDocument> out;
  for (const auto& row : TRY(tx.query(sql, std::span<const db::Value>(params)))) {
    out.push_back(
        {row.integer(0), row.integer(1), row.text(2), row.text(3), row.text(4), row.integer(5)});
  }
  return out;
}

std::string party_name(db::Tx& tx, const Context& context, std::int64_t partner_id) {
  const partners::Caller caller = partners::Caller::system(context.company_id, context.user_id);
  auto party = partners::get_party(tx, caller, partners::PartyId{partner_id});
  return party.ok() ? party->data.name : std::string{};
}

bool document_mentioned(const StatementLine& line, const OpenDocument& d) {
  const std::string text = line.description + " " + line.reference + " " + line.counterparty;
  return detail::mentions(text, d.number) || detail::mentions(text, d.reference);
}

// Every subset of `documents` (at most kGroupDocumentsMax) whose residuals add up to `target`,
// as bit masks.
std::vector<unsigned> exact_subsets(const std::vector<OpenDocument>& documents,
                                    std::int64_t target) {
  static_assert(kGroupDocumentsMax <= 16);
  KEEL_ASSERT(documents.size() <= kGroupDocumentsMax);
  std::vector<unsigned> out;
  const unsigned end = 1U << documents.size();
  for (unsigned mask = 1; mask < end; ++mask) {
    decimal::Int128 sum = 0;
    for (std::size_t i = 0; i < documents.size(); ++i) {
      if ((mask >> i) & 1U) sum += documents[i].residual;
    }
    if (sum == target) out.push_back(mask);
  }
  return out;
}

struct Ranked {
  GroupProposal proposal;
  bool reference = false;
  std::string oldest;
};

Error invoice_invalid(std::size_t index, std::string message) {
  return Error::validation("bank_invoice_invalid", std::move(message),
                           "invoices/" + std::to_string(index) + "/invoice_id");
}

}  // namespace

Result<std::vector<GroupProposal>> propose_groups(db::Tx& tx, const Context& context,
                                                  StatementLineId id) {
  const LineRecord record = TRY(detail::load_line(tx, context.company_id, id));
  const std::int64_t target = record.line.amount.is_negative() ? -record.line.amount.minor_units()
                                                               : record.line.amount.minor_units();
  if (target == 0) return std::vector<GroupProposal>{};
  // The partners the line points at: a document's number or reference in its text, or the
  // partner's name in its counterparty or description.
  std::map<std::int64_t, bool> partners;  // partner → found by a document reference
  std::set<std::int64_t> by_name_checked;
  const std::string text = record.line.counterparty + " " + record.line.description;
  for (const auto& d :
       TRY(open_documents(tx, context, record, std::nullopt, kGroupOpenDocumentsRead))) {
    if (document_mentioned(record.line, d)) {
      partners[d.partner_id] = true;
    } else if (!partners.contains(d.partner_id) && by_name_checked.size() < kGroupPartnersMax * 4 &&
               by_name_checked.insert(d.partner_id).second) {
      const std::string name = party_name(tx, context, d.partner_id);
      if (!name.empty() && detail::mentions(text, name)) partners[d.partner_id] = false;
    }
    if (partners.size() >= kGroupPartnersMax) break;
  }
  std::vector<Ranked> ranked;
  for (const auto& found : partners) {
    const std::int64_t partner = found.first;
    const auto documents = TRY(open_documents(tx, context, record, partner, kGroupDocumentsMax));
    const std::string name = party_name(tx, context, partner);
    for (const unsigned mask : exact_subsets(documents, target)) {
      Ranked r;
      r.proposal.partner_id = partners::PartyId{partner};
      r.proposal.partner_name = name;
      r.proposal.total = record.line.amount.abs();
      r.proposal.reasons.push_back("amount");
      if (!name.empty() && detail::mentions(text, name)) r.proposal.reasons.push_back("partner");
      for (std::size_t i = 0; i < documents.size(); ++i) {
        if (!((mask >> i) & 1U)) continue;
        const OpenDocument& d = documents[i];
        if (document_mentioned(record.line, d)) r.reference = true;
        if (r.oldest.empty()) r.oldest = d.date;
        r.proposal.documents.push_back(
            {.invoice_id = InvoiceId{d.id},
             .number = d.number,
             .date = TRY(Date::parse(d.date)),
             .residual = TRY(Money::from_minor_units(d.residual, record.bank.currency))});
      }
      if (r.reference) r.proposal.reasons.push_back("reference");
      ranked.push_back(std::move(r));
    }
  }
  std::sort(ranked.begin(), ranked.end(), [](const Ranked& a, const Ranked& b) {
    if (a.reference != b.reference) return a.reference;
    if (a.proposal.documents.size() != b.proposal.documents.size()) {
      return a.proposal.documents.size() < b.proposal.documents.size();
    }
    if (a.oldest != b.oldest) return a.oldest < b.oldest;
    return a.proposal.documents.front().invoice_id.value() <
           b.proposal.documents.front().invoice_id.value();
  });
  std::vector<GroupProposal> out;
  for (auto& r : ranked) {
    if (out.size() == kGroupProposalsMax) break;
    out.push_back(std::move(r.proposal));
  }
  return out;
}

Result<Payment> reconcile_with_documents(db::Tx& tx, const Context& context, StatementLineId line,
                                         const std::vector<DocumentAllocation>& allocations) {
  const LineRecord record = TRY(detail::open_line(tx, context, line));
  if (allocations.empty()) {
    return Error::validation("bank_reconcile_invoices_required", "name at least one document",
                             "invoices");
  }
  if (allocations.size() > kReconcileInvoicesMax) {
    return Error::validation("bank_reconcile_invoices_too_many",
                             "at most " + std::to_string(kReconcileInvoicesMax) + " documents",
                             "invoices");
  }
  const std::string_view type = document_type(record);
  std::set<std::int64_t> seen;
  std::optional<partners::PartyId> partner;
  std::vector<AllocationDraft> drafts;
  decimal::Int128 total = 0;
  for (std::size_t i = 0; i < allocations.size(); ++i) {
    const auto& a = allocations[i];
    if (!seen.insert(a.invoice_id.value()).second) return invoice_invalid(i, "listed twice");
    auto found = get_invoice(tx, context, a.invoice_id);
    if (!found.ok()) {
      if (found.error().code() == "invoice_not_found")
        return invoice_invalid(i, "no such document");
      return found.error();
    }
    const Invoice& invoice = *found;
    if (invoice.state != "posted" && invoice.state != "partially_paid") {
      return invoice_invalid(i, "the document is not open (state " + invoice.state + ")");
    }
    if (to_string(invoice.type) != type) {
      return invoice_invalid(i, record.line.amount.is_negative()
                                    ? "money out pays vendor bills"
                                    : "money in pays customer invoices");
    }
    if (partner && !(*partner == invoice.partner_id)) {
      return Error::validation("bank_invoice_partner_mismatch",
                               "the documents belong to more than one partner",
                               "invoices/" + std::to_string(i) + "/invoice_id");
    }
    partner = invoice.partner_id;
    if (!(invoice.currency == record.bank.currency)) {
      return Error::validation("bank_invoice_currency_mismatch",
                               "the document is in " + std::string(invoice.currency.code()) +
                                   ", the bank account in " +
                                   std::string(record.bank.currency.code()),
                               "invoices/" + std::to_string(i) + "/invoice_id");
    }
    Money amount = invoice.residual;
    if (a.amount) {
      auto parsed = Money::parse(*a.amount, record.bank.currency);
      if (!parsed.ok() || parsed->is_negative() || parsed->is_zero() ||
          TRY(parsed->compare(invoice.residual)) > 0) {
        return Error::validation(
            "bank_allocation_amount_invalid",
            "a positive amount up to the residual " + invoice.residual.to_string(),
            "invoices/" + std::to_string(i) + "/amount");
      }
      amount = *parsed;
    }
    total += amount.minor_units();
    drafts.push_back({.invoice_id = invoice.id, .amount = amount.to_string()});
  }
  const Money line_amount = record.line.amount.abs();
  if (total != line_amount.minor_units()) {
    return Error::validation(
        "bank_reconcile_amount_mismatch",
        "the allocations do not add up to the statement line's " + line_amount.to_string(),
        "invoices");
  }
  const bool out = record.line.amount.is_negative();
  PaymentDraft draft{.direction = out ? "outbound" : "inbound",
                     .partner_type = out ? "supplier" : "customer",
                     .partner_id = *partner,
                     .date = record.line.date,
                     .journal = "bank",
                     .amount = line_amount.to_string(),
                     .currency = std::string(record.bank.currency.code()),
                     .reference = record.line.reference,
                     .allocations = std::move(drafts)};
  const Payment payment = TRY(register_payment(tx, context, draft));
  const Entry entry = TRY(get_entry(tx, context.company_id, payment.entry_id));
  std::vector<std::int64_t> ids;
  for (const Line& posted : entry.lines) {
    if (posted.account_id == record.bank.account_id) ids.push_back(posted.id);
  }
  if (!(payment.journal_id == record.bank.journal_id) || ids.empty()) {
    return Error::validation("bank_payment_journal_mismatch",
                             "payments post to the company's first bank journal and its "
                             "account, which are not this bank account's; register the payment "
                             "and reconcile its ledger line");
  }
  TRY(detail::store_match(tx, context, record, ids, entry.id));
  return get_payment(tx, context, payment.id);
}

Result<void> detail::undo_document_payment(db::Tx& tx, const Context& context,
                                           const LineRecord& record, EntryId entry) {
  const auto payment =
      TRY(tx.query_one("SELECT id FROM accounting_payments WHERE company_id = $1 AND entry_id = $2",
                       {context.company_id.value(), entry.value()}));
  if (!payment) return Ok{};  // a counterpart entry: it stays posted
  const std::int64_t payment_id = payment->integer(0);
  const auto allocations =
      TRY(tx.query("SELECT id, invoice_id, amount, discount, cleared_company, entry_id FROM "
                   "accounting_allocations WHERE payment_id = $1 ORDER BY id DESC",
                   {payment_id}));
  const std::string memo = "Unreconciled statement line " + std::to_string(record.id.value());
  for (const auto& a : allocations) {
    if (!a.is_null(5)) TRY(reverse(tx, context, EntryId{a.integer(5)}, record.line.date, memo));
    TRY(tx.execute(
        "UPDATE accounting_invoices SET residual = residual + $2, residual_company = "
        "residual_company + $3, state = CASE WHEN residual + $2 >= total THEN 'posted' ELSE "
        "'partially_paid' END, version = version + 1 WHERE id = $1 AND company_id = $4",
        {a.integer(1), a.integer(2) + a.integer(3), a.integer(4), context.company_id.value()}));
  }
  TRY(tx.execute("DELETE FROM accounting_allocations WHERE payment_id = $1", {payment_id}));
  TRY(reverse(tx, context, entry, record.line.date, memo));
  TRY(tx.execute("DELETE FROM accounting_payments WHERE id = $1", {payment_id}));
  return Ok{};
}

}  // namespace keel::accounting::bank
