// Set-offs: a posted credit note applied against an open customer invoice of the same partner
// and currency (a vendor refund against a bill). No money moves; both residuals shrink, and a
// difference of booked company values (foreign documents at different rates) is realized.
#include "receivables_internal.h"

namespace keel::accounting {

using namespace receivables;

namespace {

Result<void> check_offset(const Invoice& credit, const Invoice& invoice, Date date) {
  const bool customer =
      credit.type == InvoiceType::out_refund && invoice.type == InvoiceType::out_invoice;
  const bool supplier =
      credit.type == InvoiceType::in_refund && invoice.type == InvoiceType::in_invoice;
  if (!customer && !supplier) {
    return Error::validation("offset_type_invalid",
                             "a credit note sets off a customer invoice, a vendor refund a bill",
                             "invoice_id");
  }
  for (const Invoice* document : {&credit, &invoice}) {
    if (document->state != "posted" && document->state != "partially_paid") {
      return Error::conflict("invoice_not_open", (document->number ? *document->number : "the "
                                                  "document") + " is " + document->state);
    }
  }
  if (credit.partner_id != invoice.partner_id) {
    return Error::validation("allocation_partner_mismatch", "another partner's document",
                             "invoice_id");
  }
  if (!(credit.currency == invoice.currency)) {
    return Error::validation("allocation_currency_mismatch", "the documents' currencies differ",
                             "invoice_id");
  }
  if (date < credit.date || date < invoice.date) {
    return Error::validation("allocation_date_invalid",
                             "a set-off is dated on or after both documents", "date");
  }
  return Ok{};
}

// The booked company value of `amount` of a document: all that remains when it settles it.
Result<Money> cleared_value(const Invoice& document, const Money& amount, Currency company) {
  if (amount == document.residual) return document.residual_company;
  return to_company(amount, document.rate, company);
}

// Takes `amount` off a document's residual; the WHERE keeps a concurrent set-off or
// allocation from drawing the residual below zero.
Result<void> reduce(db::Tx& tx, const Invoice& document, const Money& amount,
                    const Money& cleared) {
  const std::int64_t changed = TRY(tx.execute(
      "UPDATE accounting_invoices SET residual = residual - $2, "
      "residual_company = residual_company - $3, "
      "state = CASE WHEN residual = $2 THEN 'paid' ELSE 'partially_paid' END, "
      "version = version + 1 WHERE id = $1 AND residual >= $2 AND version = $4",
      {document.id.value(), amount.minor_units(), cleared.minor_units(), document.version}));
  if (changed != 1) {
    return Error::conflict("invoice_not_open", "the document changed meanwhile; try again");
  }
  return Ok{};
}

}  // namespace

Result<Offset> offset_credit(db::Tx& tx, const Context& context, InvoiceId credit_id,
                             InvoiceId invoice_id, const std::string& amount_text, Date date) {
  const Invoice credit = TRY(load_invoice(tx, context, credit_id, false));
  const Invoice invoice = TRY(load_invoice(tx, context, invoice_id, false));
  TRY(check_offset(credit, invoice, date));
  // A set-off changes what aging shows at its date, so the date must be open to postings as a
  // ledger entry would be, even when nothing is posted.
  TRY(check_date_open(tx, context, date));
  auto parsed = Money::parse(amount_text, credit.currency);
  if (!parsed.ok()) {
    return Error::validation(parsed.error().code(), parsed.error().message(), "amount");
  }
  const Money amount = *parsed;
  if (amount.is_negative() || amount.is_zero() || TRY(amount.compare(credit.residual)) > 0 ||
      TRY(amount.compare(invoice.residual)) > 0) {
    return Error::validation("offset_amount_invalid",
                             "a positive amount up to both open amounts (" +
                                 credit.residual.to_string() + ", " +
                                 invoice.residual.to_string() + ")",
                             "amount");
  }
  const Currency company = context.company_currency;
  const Money cleared_credit = TRY(cleared_value(credit, amount, company));
  const Money cleared_invoice = TRY(cleared_value(invoice, amount, company));
  // The partner account holds the invoice on one side and the credit on the other; the
  // documents now release cleared_invoice and cleared_credit of them. The ledger follows with
  // their difference on the partner account (+ debit), against fx_gain or fx_loss.
  Money partner_line = TRY(cleared_credit.subtract(cleared_invoice));
  if (partner_sign(invoice.type) < 0) partner_line = partner_line.negated();
  std::optional<EntryId> entry_id;
  if (!partner_line.is_zero()) {
    const bool gain = !partner_line.is_negative();
    const Account partner_account =
        TRY(find_account_by_role(tx, context.company_id, partner_role(invoice.type)));
    const Account fx_account =
        TRY(find_account_by_role(tx, context.company_id, gain ? role::kFxGain : role::kFxLoss));
    const Journal journal = TRY(find_journal(tx, context.company_id, JournalType::general));
    EntryDraft entry{
        .journal_id = journal.id,
        .date = date,
        .memo = "set-off of " + credit.number.value_or("") + " against " +
                invoice.number.value_or(""),
        .reference = invoice.number.value_or(""),
        .origin = "accounting.invoice:" + std::to_string(credit.id.value()),
        .kind = "normal",
        .lines = {signed_line(partner_account.id, partner_line, std::nullopt, std::nullopt,
                              "exchange difference", invoice.partner_id),
                  signed_line(fx_account.id, partner_line.negated(), std::nullopt, std::nullopt,
                              "exchange difference")}};
    entry_id = TRY(post(tx, context, entry)).id;
  }
  TRY(reduce(tx, credit, amount, cleared_credit));
  TRY(reduce(tx, invoice, amount, cleared_invoice));
  const auto insert = [&](const Invoice& document, const Invoice& counterpart,
                          const Money& cleared, std::int64_t group,
                          const Money& fx) -> Result<std::int64_t> {
    const auto rows = TRY(tx.query(
        "INSERT INTO accounting_invoice_offsets (company_id, offset_group, invoice_id, "
        "counterpart_id, date, amount, cleared_company, fx_company, entry_id, created_by, "
        "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
        {context.company_id.value(), group, document.id.value(), counterpart.id.value(),
         date.to_string(), amount.minor_units(), cleared.minor_units(), fx.minor_units(),
         entry_id ? db::Value(entry_id->value()) : db::Value(db::null), context.user_id.value(),
         now_text(context)}));
    return rows.at(0).integer(0);
  };
  const std::int64_t group = TRY(insert(credit, invoice, cleared_credit, 0, partner_line));
  TRY(tx.execute("UPDATE accounting_invoice_offsets SET offset_group = $1 WHERE id = $1",
                 {group}));
  TRY(insert(invoice, credit, cleared_invoice, group, Money::zero(company)));
  TRY(audit_change(tx, context, "offset", "accounting.invoice", credit.id.value(),
                   {{"invoice_id", invoice.id.value()},
                    {"amount", amount.to_string()},
                    {"fx", partner_line.to_string()},
                    {"date", date.to_string()}}));
  Offset out;
  out.id = group;
  out.credit_id = credit.id;
  out.invoice_id = invoice.id;
  out.date = date;
  out.amount = amount;
  out.fx_company = partner_line;
  out.entry_id = entry_id;
  out.credit = TRY(load_invoice(tx, context, credit.id, false));
  out.invoice = TRY(load_invoice(tx, context, invoice.id, false));
  return out;
}

}  // namespace keel::accounting
