// Payments (customer receipts, vendor payments) and their allocation to invoices: partial
// payments, credits kept on the partner, early-payment discounts and realized FX differences.
#include <nlohmann/json.hpp>

#include "keel/core/limits.h"
#include "keel/core/utf8.h"
#include "receivables_internal.h"

namespace keel::accounting {

using namespace receivables;

namespace {

struct StoredPayment {
  Payment payment;
  Money unallocated_company;
};

Result<StoredPayment> load_payment(db::Tx& tx, const Context& context, PaymentId id) {
  const auto row = TRY(tx.query_one(
      "SELECT id, direction, partner_type, partner_id, date, journal_id, currency, rate, amount, "
      "amount_company, unallocated, unallocated_company, reference, entry_id "
      "FROM accounting_payments WHERE company_id = $1 AND id = $2",
      {context.company_id.value(), id.value()}));
  if (!row) {
    return Error::not_found("payment_not_found", "no payment " + std::to_string(id.value()));
  }
  const Currency currency = TRY(Currency::from_code(row->text(6)));
  const Currency company = context.company_currency;
  StoredPayment out{{}, Money::zero(company)};
  Payment& p = out.payment;
  p.id = PaymentId{row->integer(0)};
  p.direction = row->text(1);
  p.partner_type = row->text(2);
  p.partner_id = partners::PartyId{row->integer(3)};
  p.date = TRY(Date::parse(row->text(4)));
  p.journal_id = JournalId{row->integer(5)};
  p.rate = parse_stored_rate(row->text(7));
  p.amount = TRY(Money::from_minor_units(row->integer(8), currency));
  p.amount_company = TRY(Money::from_minor_units(row->integer(9), company));
  p.unallocated = TRY(Money::from_minor_units(row->integer(10), currency));
  out.unallocated_company = TRY(Money::from_minor_units(row->integer(11), company));
  p.reference = row->text(12);
  p.entry_id = EntryId{row->integer(13)};
  const auto allocations = TRY(tx.query(
      "SELECT id, invoice_id, date, amount, discount, fx_company FROM accounting_allocations "
      "WHERE payment_id = $1 ORDER BY id",
      {id.value()}));
  for (const auto& a : allocations) {
    p.allocations.push_back({a.integer(0), InvoiceId{a.integer(1)}, TRY(Date::parse(a.text(2))),
                             TRY(Money::from_minor_units(a.integer(3), currency)),
                             TRY(Money::from_minor_units(a.integer(4), currency)),
                             TRY(Money::from_minor_units(a.integer(5), company))});
  }
  return out;
}

// The document type a payment settles: receipts from customers settle invoices, payments to
// customers settle credit notes, and the mirror for suppliers.
InvoiceType settled_type(const Payment& payment) {
  const bool inbound = payment.direction == "inbound";
  if (payment.partner_type == "customer") {
    return inbound ? InvoiceType::out_invoice : InvoiceType::out_refund;
  }
  return inbound ? InvoiceType::in_refund : InvoiceType::in_invoice;
}

// What one allocation settles, in document and company currency.
struct Settlement {
  Money amount;            // drawn from the payment
  Money discount;          // early-payment discount granted
  Money cleared_company;   // removed from the partner account at the document's rate
  Money discount_company;  // the discount's share of cleared_company
  Money paid_company;      // the payment's company value of `amount`
};

Result<Settlement> settle(const Context& context, const StoredPayment& stored,
                          const Invoice& invoice, Money amount, Date date) {
  const Currency company = context.company_currency;
  Money discount = Money::zero(invoice.currency);
  const bool in_window = invoice.discount_until && date <= *invoice.discount_until &&
                         !invoice.discount_amount.is_zero() && invoice.residual == invoice.total;
  const Money discounted_due = TRY(invoice.residual.subtract(invoice.discount_amount));
  if (in_window && TRY(amount.compare(discounted_due)) >= 0) {
    discount = invoice.discount_amount;  // settles in full: draw only what is due
    amount = discounted_due;
  } else if (TRY(amount.compare(invoice.residual)) > 0) {
    return Error::validation("allocation_amount_invalid",
                             "more than the invoice's open amount " + invoice.residual.to_string(),
                             "amount");
  }
  const Money settled = TRY(amount.add(discount));
  Settlement out{amount, discount, invoice.residual_company, Money::zero(company),
                 Money::zero(company)};
  if (!(settled == invoice.residual)) {
    out.cleared_company = TRY(to_company(settled, invoice.rate, company));
  }
  out.discount_company = TRY(to_company(discount, invoice.rate, company));
  out.paid_company = stored.payment.unallocated == amount
                         ? stored.unallocated_company
                         : TRY(to_company(amount, stored.payment.rate, company));
  return out;
}

// The discount lines: the partner account is relieved of the discount; discount_given (or
// discount_taken) and the tax account share it by largest remainder in proportion to the
// invoice's untaxed amount and tax.
Result<void> discount_lines(db::Tx& tx, const Context& context, const Invoice& invoice,
                            const Settlement& s, AccountId partner_account,
                            std::vector<LineDraft>& lines) {
  if (s.discount.is_zero()) return Ok{};
  const int sign = partner_sign(invoice.type);
  const bool foreign = invoice.rate.has_value();
  const auto signed_money = [](const Money& m, int by) { return by > 0 ? m : m.negated(); };
  lines.push_back(
      signed_line(partner_account, signed_money(s.discount_company, -sign),
                  foreign ? std::optional(signed_money(s.discount, -sign)) : std::nullopt,
                  invoice.rate, "early-payment discount", invoice.partner_id));
  const std::int64_t weights[] = {invoice.untaxed.minor_units(), invoice.tax.minor_units()};
  const auto company_parts = TRY(s.discount_company.allocate(weights));
  const auto foreign_parts = TRY(s.discount.allocate(weights));
  const auto discount_role = is_sales(invoice.type) ? role::kDiscountGiven : role::kDiscountTaken;
  const auto tax_role = is_sales(invoice.type) ? role::kTaxOutput : role::kTaxInput;
  for (int i = 0; i < 2; ++i) {
    if (company_parts[i].is_zero() && foreign_parts[i].is_zero()) continue;
    const Account account =
        TRY(find_account_by_role(tx, context.company_id, i == 0 ? discount_role : tax_role));
    lines.push_back(
        signed_line(account.id, signed_money(company_parts[i], sign),
                    foreign ? std::optional(signed_money(foreign_parts[i], sign)) : std::nullopt,
                    invoice.rate, i == 0 ? "early-payment discount" : "tax on discount"));
  }
  return Ok{};
}

// The realized difference between what the payment brought in company currency and what the
// invoice had booked for the same amount: delta > 0 is a gain.
Result<Money> fx_lines(db::Tx& tx, const Context& context, const Invoice& invoice,
                       const Settlement& s, AccountId partner_account,
                       std::vector<LineDraft>& lines) {
  const Money booked = TRY(s.cleared_company.subtract(s.discount_company));
  Money delta = TRY(s.paid_company.subtract(booked));
  if (partner_sign(invoice.type) < 0) delta = delta.negated();
  if (delta.is_zero()) return delta;
  const bool gain = !delta.is_negative();
  const Account account =
      TRY(find_account_by_role(tx, context.company_id, gain ? role::kFxGain : role::kFxLoss));
  lines.push_back(signed_line(partner_account, delta, std::nullopt, std::nullopt,
                              "exchange difference", invoice.partner_id));
  lines.push_back(
      signed_line(account.id, delta.negated(), std::nullopt, std::nullopt, "exchange difference"));
  return delta;
}

Result<void> check_allocation(const Payment& payment, const Invoice& invoice, Date date) {
  if (invoice.state != "posted" && invoice.state != "partially_paid") {
    return Error::conflict("invoice_not_open", "the invoice is " + invoice.state);
  }
  if (invoice.partner_id != payment.partner_id) {
    return Error::validation("allocation_partner_mismatch", "another partner's invoice",
                             "invoice_id");
  }
  if (!(invoice.currency == payment.amount.currency())) {
    return Error::validation("allocation_currency_mismatch", "the invoice is in another currency",
                             "invoice_id");
  }
  if (invoice.type != settled_type(payment)) {
    return Error::validation("allocation_invoice_mismatch",
                             "this payment cannot settle a " + std::string(to_string(invoice.type)),
                             "invoice_id");
  }
  if (date < invoice.date || date < payment.date) {
    return Error::validation("allocation_date_invalid",
                             "an allocation is dated on or after the invoice and the payment",
                             "date");
  }
  return Ok{};
}

Result<void> apply_allocation(db::Tx& tx, const Context& context, const StoredPayment& stored,
                              const AllocationDraft& draft, Date date) {
  const Payment& payment = stored.payment;
  auto amount = Money::parse(draft.amount, payment.amount.currency());
  if (!amount.ok() || amount->is_negative() || amount->is_zero() ||
      TRY(amount->compare(payment.unallocated)) > 0) {
    return Error::validation(
        "allocation_amount_invalid",
        "a positive amount up to the unallocated " + payment.unallocated.to_string(), "amount");
  }
  const Invoice invoice = TRY(load_invoice(tx, context, draft.invoice_id, false));
  TRY(check_allocation(payment, invoice, date));
  const Settlement s = TRY(settle(context, stored, invoice, *amount, date));
  const Account partner_account =
      TRY(find_account_by_role(tx, context.company_id, partner_role(invoice.type)));
  std::vector<LineDraft> lines;
  TRY(discount_lines(tx, context, invoice, s, partner_account.id, lines));
  const Money fx = TRY(fx_lines(tx, context, invoice, s, partner_account.id, lines));
  std::optional<std::int64_t> entry_id;
  if (!lines.empty()) {
    EntryDraft entry{.journal_id = payment.journal_id,
                     .date = date,
                     .memo = "allocation to " + invoice.number.value_or(""),
                     .reference = payment.reference,
                     .origin = "accounting.payment:" + std::to_string(payment.id.value()),
                     .kind = "normal",
                     .lines = std::move(lines)};
    entry_id = TRY(post(tx, context, entry)).id.value();
  }
  const Money settled = TRY(s.amount.add(s.discount));
  const Money residual = TRY(invoice.residual.subtract(settled));
  const Money residual_company = TRY(invoice.residual_company.subtract(s.cleared_company));
  TRY(tx.execute(
      "INSERT INTO accounting_allocations (company_id, payment_id, invoice_id, date, amount, "
      "discount, cleared_company, fx_company, entry_id, created_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
      {context.company_id.value(), payment.id.value(), invoice.id.value(), date.to_string(),
       s.amount.minor_units(), s.discount.minor_units(), s.cleared_company.minor_units(),
       fx.minor_units(), entry_id ? db::Value(*entry_id) : db::Value(db::null),
       now_text(context)}));
  TRY(
      tx.execute("UPDATE accounting_invoices SET residual = $2, residual_company = $3, state = $4, "
                 "version = version + 1 WHERE id = $1",
                 {invoice.id.value(), residual.minor_units(), residual_company.minor_units(),
                  std::string(residual.is_zero() ? "paid" : "partially_paid")}));
  TRY(
      tx.execute("UPDATE accounting_payments SET unallocated = unallocated - $2, "
                 "unallocated_company = unallocated_company - $3 WHERE id = $1",
                 {payment.id.value(), s.amount.minor_units(), s.paid_company.minor_units()}));
  return audit_change(tx, context, "allocate", "accounting.payment", payment.id.value(),
                      {{"invoice_id", invoice.id.value()},
                       {"amount", s.amount.to_string()},
                       {"discount", s.discount.to_string()},
                       {"fx", fx.to_string()}});
}

struct CheckedPayment {
  Money amount;
  std::string_view journal_role;
  JournalType journal_type;
};

Result<CheckedPayment> check_payment(const Context& context, const PaymentDraft& draft) {
  if (draft.direction != "inbound" && draft.direction != "outbound") {
    return Error::validation("payment_direction_invalid", "inbound or outbound", "direction");
  }
  if (draft.partner_type != "customer" && draft.partner_type != "supplier") {
    return Error::validation("payment_partner_type_invalid", "customer or supplier",
                             "partner_type");
  }
  if (draft.journal != "bank" && draft.journal != "cash") {
    return Error::validation("payment_journal_invalid", "bank or cash", "journal");
  }
  if (draft.allocations.size() > kPaymentAllocationsMax) {
    return Error::validation("payment_allocations_too_many", "at most 1000 allocations",
                             "allocations");
  }
  if (draft.reference.size() > limits::kNameLengthMax || !is_valid_utf8(draft.reference)) {
    return Error::validation("payment_reference_invalid", "at most 300 bytes", "reference");
  }
  const Currency currency = TRY(currency_or_company(draft.currency, context));
  Money amount = TRY(Money::parse(draft.amount, currency));
  if (amount.is_negative() || amount.is_zero()) {
    return Error::validation("payment_amount_invalid", "a payment is a positive amount", "amount");
  }
  const bool bank = draft.journal == "bank";
  return CheckedPayment{amount, bank ? role::kBank : role::kCash,
                        bank ? JournalType::bank : JournalType::cash};
}

}  // namespace

Result<Payment> register_payment(db::Tx& tx, const Context& context, const PaymentDraft& draft) {
  const CheckedPayment checked = TRY(check_payment(context, draft));
  TRY(require_partner(tx, context, draft.partner_id));
  const Currency currency = checked.amount.currency();
  const std::optional<Rate> rate = TRY(rate_for(tx, context, currency, draft.date));
  const Money company = TRY(to_company(checked.amount, rate, context.company_currency));
  const Journal journal = TRY(find_journal(tx, context.company_id, checked.journal_type));
  const AccountId cash_account =
      journal.default_account_id
          ? *journal.default_account_id
          : TRY(find_account_by_role(tx, context.company_id, checked.journal_role)).id;
  const Account partner_account = TRY(
      find_account_by_role(tx, context.company_id,
                           draft.partner_type == "customer" ? role::kReceivable : role::kPayable));
  const auto rows = TRY(tx.query(
      "INSERT INTO accounting_payments (company_id, direction, partner_type, partner_id, date, "
      "journal_id, currency, rate, amount, amount_company, unallocated, unallocated_company, "
      "reference, entry_id, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
      "$10, $9, $10, $11, 0, $12, $13) RETURNING id",
      {context.company_id.value(), draft.direction, draft.partner_type, draft.partner_id.value(),
       draft.date.to_string(), journal.id.value(), std::string(currency.code()),
       rate ? rate->to_string() : std::string(), checked.amount.minor_units(),
       company.minor_units(), draft.reference, context.user_id.value(), now_text(context)}));
  const PaymentId id{rows.at(0).integer(0)};
  const int cash_sign = draft.direction == "inbound" ? 1 : -1;
  const auto signed_money = [](const Money& m, int by) { return by > 0 ? m : m.negated(); };
  const auto foreign = [&](int by) {
    return rate ? std::optional(signed_money(checked.amount, by)) : std::nullopt;
  };
  EntryDraft entry{
      .journal_id = journal.id,
      .date = draft.date,
      .memo = "payment",
      .reference = draft.reference,
      .origin = "accounting.payment:" + std::to_string(id.value()),
      .kind = "normal",
      .lines = {signed_line(cash_account, signed_money(company, cash_sign), foreign(cash_sign),
                            rate, draft.reference),
                signed_line(partner_account.id, signed_money(company, -cash_sign),
                            foreign(-cash_sign), rate, draft.reference, draft.partner_id)}};
  const Entry posted = TRY(post(tx, context, entry));
  TRY(tx.execute("UPDATE accounting_payments SET entry_id = $2 WHERE id = $1",
                 {id.value(), posted.id.value()}));
  TRY(audit_change(tx, context, "create", "accounting.payment", id.value(),
                   {{"amount", checked.amount.to_string()}, {"direction", draft.direction}}));
  for (std::size_t i = 0; i < draft.allocations.size(); ++i) {
    const StoredPayment stored = TRY(load_payment(tx, context, id));
    auto applied = apply_allocation(tx, context, stored, draft.allocations[i], draft.date);
    if (!applied.ok()) {
      return applied.error().with_field_prefix("allocations/" + std::to_string(i));
    }
  }
  return TRY(load_payment(tx, context, id)).payment;
}

Result<Payment> allocate(db::Tx& tx, const Context& context, PaymentId id,
                         const AllocationDraft& allocation, Date date) {
  const StoredPayment stored = TRY(load_payment(tx, context, id));
  TRY(apply_allocation(tx, context, stored, allocation, date));
  return TRY(load_payment(tx, context, id)).payment;
}

Result<Payment> get_payment(db::Tx& tx, const Context& context, PaymentId id) {
  return TRY(load_payment(tx, context, id)).payment;
}

Result<std::vector<Payment>> list_payments(db::Tx& tx, const Context& context,
                                           std::optional<partners::PartyId> partner) {
  const auto rows = TRY(tx.query(
      "SELECT id FROM accounting_payments WHERE company_id = $1 AND ($2 = 0 OR partner_id = $2) "
      "ORDER BY id LIMIT 500",
      {context.company_id.value(), partner ? partner->value() : std::int64_t{0}}));
  std::vector<Payment> out;
  for (const auto& row : rows) {
    out.push_back(TRY(load_payment(tx, context, PaymentId{row.integer(0)})).payment);
  }
  return out;
}

}  // namespace keel::accounting
