// One customer's receivables at a glance, for the customer 360: every read goes through an
// index on (company, partner, …) or the partner's balance rows, and every list is bounded.
#include "keel/accounting/receivables_api.h"
#include "receivables_internal.h"

namespace keel::accounting {
namespace {

constexpr std::int64_t kPaidInvoicesSampledMax = 500;

// Mean of `days` with one decimal, half up ("14.5").
std::string mean_one_decimal(std::int64_t sum, std::int64_t count) {
  const std::int64_t tenths = (sum * 20 + count) / (count * 2);  // round(sum * 10 / count)
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10);
}

Result<std::optional<std::string>> average_days(db::Tx& tx, const Context& context,
                                                partners::PartyId partner, Date date) {
  const Date since = TRY(date.add_days(-365));
  const auto rows = TRY(tx.query(
      "SELECT i.date, MAX(a.date) FROM accounting_invoices i JOIN accounting_allocations a ON "
      "a.invoice_id = i.id WHERE i.company_id = $1 AND i.partner_id = $2 AND i.date >= $3 AND "
      "i.date <= $4 AND i.type = 'out_invoice' AND i.state = 'paid' GROUP BY i.id, i.date "
      "HAVING MAX(a.date) <= $4 ORDER BY i.date DESC LIMIT $5",
      {context.company_id.value(), partner.value(), since.to_string(), date.to_string(),
       kPaidInvoicesSampledMax}));
  if (rows.empty()) return std::optional<std::string>{};
  std::int64_t sum = 0;
  for (const auto& row : rows) {
    const Date invoiced = TRY(Date::parse(row.text(0)));
    const Date paid = TRY(Date::parse(row.text(1)));
    sum += std::max<std::int64_t>(paid.days_since_epoch() - invoiced.days_since_epoch(), 0);
  }
  return std::optional(mean_one_decimal(sum, static_cast<std::int64_t>(rows.size())));
}

}  // namespace

Result<PartnerReceivables> partner_receivables(db::Tx& tx, const Context& context,
                                               partners::PartyId partner, Date date,
                                               std::int64_t list_limit) {
  const Account receivable =
      TRY(find_account_by_role(tx, context.company_id, role::kReceivable));
  PartnerReceivables out;
  out.balance = TRY(balance_at(tx, context, receivable.id, date, partner));
  const auto open = TRY(tx.query_one(
      "SELECT COALESCE(SUM(CASE WHEN type = 'out_invoice' AND due_date < $3 THEN "
      "residual_company ELSE 0 END), 0), COUNT(*) FROM accounting_invoices WHERE company_id = $1 "
      "AND partner_id = $2 AND type IN ('out_invoice', 'out_refund') AND state IN ('posted', "
      "'partially_paid') AND residual <> 0",
      {context.company_id.value(), partner.value(), date.to_string()}));
  out.overdue = TRY(Money::from_minor_units(open->integer(0), context.company_currency));
  out.open_documents_count = open->integer(1);
  out.average_days_to_pay = TRY(average_days(tx, context, partner, date));
  out.recent_invoices = TRY(receivables::recent_customer_documents(tx, context, partner, list_limit));
  const auto payments = TRY(tx.query(
      "SELECT id FROM accounting_payments WHERE company_id = $1 AND partner_id = $2 AND "
      "direction = 'inbound' AND partner_type = 'customer' ORDER BY date DESC, id DESC LIMIT $3",
      {context.company_id.value(), partner.value(), list_limit}));
  for (const auto& row : payments) {
    out.recent_payments.push_back(TRY(get_payment(tx, context, PaymentId{row.integer(0)})));
  }
  return out;
}

}  // namespace keel::accounting
