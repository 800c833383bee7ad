// Posting an invoice: its number, its one ledger entry (through accounting::post) and its
// company-currency amounts.
#include "receivables_internal.h"

namespace keel::accounting {

using namespace receivables;

namespace {

// The next gap-free number of (company, type, year). The sequence row is taken in the caller's
// transaction, so a posting that rolls back gives its number back.
Result<std::string> next_number(db::Tx& tx, const Context& context, InvoiceType type, Date date) {
  const int year = context.calendar == "persian" ? to_jalali(date).year : date.year();
  TRY(
      tx.execute("INSERT INTO accounting_invoice_sequences (company_id, type, year, next_value) "
                 "VALUES ($1, $2, $3, 1) ON CONFLICT (company_id, type, year) DO NOTHING",
                 {context.company_id.value(), std::string(to_string(type)), std::int64_t{year}}));
  const auto rows =
      TRY(tx.query("UPDATE accounting_invoice_sequences SET next_value = next_value + 1 "
                   "WHERE company_id = $1 AND type = $2 AND year = $3 RETURNING next_value - 1",
                   {context.company_id.value(), std::string(to_string(type)), std::int64_t{year}}));
  const std::int64_t value = rows.at(0).integer(0);
  static constexpr const char* kPrefixes[] = {"INV", "RINV", "BILL", "RBILL"};
  std::string digits = std::to_string(value);
  if (digits.size() < 6) digits.insert(0, 6 - digits.size(), '0');
  return std::string(kPrefixes[static_cast<int>(type)]) + "/" + std::to_string(year) + "/" + digits;
}

struct PostedAmounts {
  std::vector<LineDraft> lines;
  Money total_company;
  std::vector<std::pair<InvoiceTaxAmount, InvoiceTaxAmount>> taxes;  // document, company
};

// The entry's lines: revenue/expense per invoice line and one line per tax on the opposite
// side of the partner line, whose company amount is their sum (balanced by construction).
Result<PostedAmounts> build_lines(db::Tx& tx, const Context& context, const Invoice& invoice,
                                  const std::optional<Rate>& rate) {
  const int sign = partner_sign(invoice.type);
  const Currency company = context.company_currency;
  const bool foreign = rate.has_value();
  PostedAmounts out{{}, Money::zero(company), {}};
  const auto add = [&](AccountId account, const Money& amount, std::string label) -> Result<void> {
    if (amount.is_zero()) return Ok{};
    const Money in_company = TRY(to_company(amount, rate, company));
    out.total_company = TRY(out.total_company.add(in_company));
    const Money signed_company = sign > 0 ? in_company.negated() : in_company;
    const Money signed_foreign = sign > 0 ? amount.negated() : amount;
    out.lines.push_back(signed_line(account, signed_company,
                                    foreign ? std::optional<Money>(signed_foreign) : std::nullopt,
                                    rate, std::move(label)));
    return Ok{};
  };
  for (const auto& line : invoice.lines) TRY(add(line.account_id, line.untaxed, line.description));
  for (const auto& tax : invoice.taxes) {
    const Tax loaded = TRY(load_tax(tx, context, tax.tax_id));
    const Account account = TRY(find_account_by_role(tx, context.company_id, loaded.account_role));
    TRY(add(account.id, tax.amount, loaded.name));
    out.taxes.push_back({tax,
                         {tax.tax_id, TRY(to_company(tax.base, rate, company)),
                          TRY(to_company(tax.amount, rate, company))}});
  }
  const Account partner_account =
      TRY(find_account_by_role(tx, context.company_id, partner_role(invoice.type)));
  const Money partner_company = sign > 0 ? out.total_company : out.total_company.negated();
  const Money partner_foreign = sign > 0 ? invoice.total : invoice.total.negated();
  out.lines.insert(out.lines.begin(),
                   signed_line(partner_account.id, partner_company,
                               foreign ? std::optional<Money>(partner_foreign) : std::nullopt, rate,
                               "", invoice.partner_id));
  return out;
}

}  // namespace

Result<Invoice> post_invoice(db::Tx& tx, const Context& context, InvoiceId id) {
  const Invoice invoice = TRY(load_invoice(tx, context, id, true));
  if (invoice.state != "draft") {
    return Error::conflict("invoice_not_draft", "only a draft can be posted");
  }
  const std::optional<Rate> rate = TRY(rate_for(tx, context, invoice.currency, invoice.date));
  const PostedAmounts amounts = TRY(build_lines(tx, context, invoice, rate));
  const std::string number = TRY(next_number(tx, context, invoice.type, invoice.date));
  const JournalType journal_type =
      is_sales(invoice.type) ? JournalType::sales : JournalType::purchase;
  const Journal journal = TRY(find_journal(tx, context.company_id, journal_type));
  EntryDraft draft{.journal_id = journal.id,
                   .date = invoice.date,
                   .memo = number,
                   .reference = invoice.reference,
                   .origin = "accounting.invoice:" + std::to_string(id.value()),
                   .kind = "normal",
                   .lines = amounts.lines};
  const Entry entry = TRY(post(tx, context, draft));
  TRY(
      tx.execute("UPDATE accounting_invoices SET state = 'posted', number = $2, rate = $3, "
                 "total_company = $4, residual = total, residual_company = $4, entry_id = $5, "
                 "posted_at = $6, version = version + 1 WHERE id = $1",
                 {id.value(), number, rate ? rate->to_string() : std::string(),
                  amounts.total_company.minor_units(), entry.id.value(), now_text(context)}));
  for (const auto& [document, company] : amounts.taxes) {
    TRY(
        tx.execute("UPDATE accounting_invoice_taxes SET base_company = $3, amount_company = $4 "
                   "WHERE invoice_id = $1 AND tax_id = $2",
                   {id.value(), document.tax_id.value(), company.base.minor_units(),
                    company.amount.minor_units()}));
  }
  TRY(audit_change(tx, context, "post", "accounting.invoice", id.value(),
                   {{"number", number}, {"entry_id", entry.id.value()}}));
  return load_invoice(tx, context, id, true);
}

}  // namespace keel::accounting
