// Invoicing from orders: the customer invoice of what an order may still bill, and down
// payments (advances on the customer_advance account, taken off the next invoices by a credit
// note set off against them). Every document goes through receivables: this part writes no
// ledger line itself.
#include "fulfilment_internal.h"

namespace keel::sales::detail {
namespace {

using accounting::Invoice;
using accounting::InvoiceDraft;
using accounting::InvoiceLineDraft;
using accounting::InvoiceType;

std::string origin_of(OrderId id) { return "sales.order:" + std::to_string(id.value()); }

Result<Order> open_order(db::Tx& tx, const Context& context, OrderId id) {
  TRY(lock_order(tx, context, id));
  Order order = TRY(get_order(tx, context, id));
  if (order.state != OrderState::confirmed && order.state != OrderState::done) {
    return Error::conflict("order_state_invalid",
                           "order " + std::to_string(id.value()) + " is not confirmed");
  }
  // Invoicing moves the order's open amount into the receivable balance: a credit check of
  // the same partner running meanwhile must see both parts before or both after.
  TRY(lock_partner_credit(tx, context, order.partner_id));
  return order;
}

Result<void> link_invoice(db::Tx& tx, const Context& context, OrderId order, const Invoice& inv,
                          std::string_view kind) {
  TRY(tx.execute(
      "INSERT INTO sales_order_invoices (company_id, order_id, invoice_id, kind, amount, "
      "created_at) VALUES ($1, $2, $3, $4, $5, $6)",
      {context.company_id.value(), order.value(), inv.id.value(), std::string(kind),
       inv.total.minor_units(), format_instant(context.clock->now())}));
  return Ok{};
}

// A one-line document on the customer_advance account, posted.
Result<Invoice> advance_document(db::Tx& tx, const Context& context, const Order& order,
                                 InvoiceType type, const Money& amount, Date date,
                                 std::string description) {
  const auto account =
      TRY(accounting::find_account_by_role(tx, context.company_id, accounting::role::kCustomerAdvance));
  InvoiceLineDraft line;
  line.description = std::move(description);
  line.quantity = Quantity::from_units(1).value();
  line.unit_price_e6 = TRY(UnitPrice::from_money(amount)).value_e6();
  line.account_id = account.id;
  InvoiceDraft draft;
  draft.type = type;
  draft.partner_id = order.partner_id;
  draft.date = date;
  draft.currency = std::string(order.currency.code());
  draft.origin = origin_of(order.id);
  draft.reference = order.number.value_or("");
  draft.lines.push_back(std::move(line));
  const Invoice created = TRY(accounting::create_invoice(tx, context, draft));
  return accounting::post_invoice(tx, context, created.id);
}

// Down payments asked on the order less what earlier invoices already took off.
Result<Money> advance_left(db::Tx& tx, const Order& order) {
  const auto row = TRY(tx.query_one(
      "SELECT COALESCE(SUM(CASE WHEN kind = 'down_payment' THEN amount ELSE 0 END), 0), "
      "COALESCE(SUM(CASE WHEN kind = 'deduction' THEN amount ELSE 0 END), 0) "
      "FROM sales_order_invoices WHERE order_id = $1",
      {order.id.value()}));
  return Money::from_minor_units(row->integer(0) - row->integer(1), order.currency);
}

Result<std::optional<Invoice>> deduct_advance(db::Tx& tx, const Context& context,
                                              const Order& order, const Invoice& invoice,
                                              Date date) {
  const Money left = TRY(advance_left(tx, order));
  if (left.minor_units() <= 0) return std::optional<Invoice>{};
  const Money deduct = left.minor_units() < invoice.total.minor_units() ? left : invoice.total;
  const Invoice credit =
      TRY(advance_document(tx, context, order, InvoiceType::out_refund, deduct, date,
                           "Down payment deducted (" + order.number.value_or("") + ")"));
  TRY(accounting::offset_credit(tx, context, credit.id, invoice.id, deduct.to_string(), date));
  TRY(link_invoice(tx, context, order.id, credit, "deduction"));
  return std::optional<Invoice>(TRY(accounting::get_invoice(tx, context, credit.id)));
}

}  // namespace

Result<OrderInvoiceResult> invoice_order(db::Tx& tx, const Context& context, OrderId id,
                                         std::optional<Date> date_in) {
  const Order order = TRY(open_order(tx, context, id));
  const Date date = date_in.value_or(today(context));
  InvoiceDraft draft;
  draft.type = InvoiceType::out_invoice;
  draft.partner_id = order.partner_id;
  draft.date = date;
  draft.currency = std::string(order.currency.code());
  draft.origin = origin_of(order.id);
  draft.reference = order.number.value_or("");
  std::vector<std::pair<OrderLineId, Quantity>> invoiced;
  for (const auto& line : order.lines) {
    const Quantity open = billable_open(order, line);
    if (open.is_zero()) continue;
    InvoiceLineDraft out;
    out.description = line.description;
    out.quantity = open;
    out.unit_price_e6 = line.unit_price.value_e6();
    out.discount_percent = line.discount_percent == "0" ? "" : line.discount_percent;
    out.tax_ids = line.taxes;
    draft.lines.push_back(std::move(out));
    invoiced.emplace_back(line.id, open);
  }
  if (draft.lines.empty()) {
    return Error::conflict("order_nothing_to_invoice",
                           "order " + order.number.value_or("") + " has nothing to invoice");
  }
  const Invoice created = TRY(accounting::create_invoice(tx, context, draft));
  const Invoice posted = TRY(accounting::post_invoice(tx, context, created.id));
  for (const auto& [line_id, quantity] : invoiced) {
    TRY(tx.execute(
        "UPDATE sales_order_lines SET quantity_invoiced_e6 = quantity_invoiced_e6 + $1 "
        "WHERE id = $2",
        {quantity.value_e6(), line_id.value()}));
  }
  TRY(link_invoice(tx, context, order.id, posted, "invoice"));
  OrderInvoiceResult result{posted, TRY(deduct_advance(tx, context, order, posted, date))};
  result.invoice = TRY(accounting::get_invoice(tx, context, posted.id));
  TRY(refresh_order_status(tx, context, order.id));
  TRY(audit_change(tx, context, "invoice", "sales.order", order.id.value(),
                   {{"invoice_id", result.invoice.id.value()},
                    {"total", result.invoice.total.to_string()},
                    {"deduction_id", result.deduction
                                         ? nlohmann::json(result.deduction->id.value())
                                         : nlohmann::json(nullptr)}}));
  return result;
}

Result<Invoice> down_payment(db::Tx& tx, const Context& context, OrderId id,
                             const DownPaymentInput& input) {
  const Order order = TRY(open_order(tx, context, id));
  if (input.percent.has_value() == input.amount.has_value()) {
    return Error::validation("down_payment_input_invalid", "give either percent or amount",
                             "percent");
  }
  Money amount = Money::zero(order.currency);
  if (input.percent) {
    auto rate = Rate::parse_percent(*input.percent);
    if (!rate.ok() || !rate->is_positive() || *rate > Rate::one()) {
      return Error::validation("down_payment_percent_invalid",
                               "percent must be above 0 and at most 100", "percent");
    }
    amount = TRY(rate->apply(order.total, Rounding::half_up));
  } else {
    auto parsed = Money::parse(*input.amount, order.currency);
    if (!parsed.ok()) {
      return Error::validation(parsed.error().code(), parsed.error().message(), "amount");
    }
    amount = *parsed;
  }
  const auto asked = TRY(tx.query_one(
      "SELECT COALESCE(SUM(amount), 0) FROM sales_order_invoices WHERE order_id = $1 AND kind = "
      "'down_payment'",
      {order.id.value()}));
  if (amount.minor_units() <= 0 ||
      asked->integer(0) + amount.minor_units() > order.total.minor_units()) {
    return Error::validation("down_payment_amount_invalid",
                             "a down payment must be positive and, with earlier ones, at most "
                             "the order total",
                             input.amount ? "amount" : "percent");
  }
  const Date date = input.date.value_or(today(context));
  const Invoice invoice =
      TRY(advance_document(tx, context, order, InvoiceType::out_invoice, amount, date,
                           "Down payment (" + order.number.value_or("") + ")"));
  TRY(link_invoice(tx, context, order.id, invoice, "down_payment"));
  TRY(audit_change(tx, context, "down_payment", "sales.order", order.id.value(),
                   {{"invoice_id", invoice.id.value()}, {"amount", amount.to_string()}}));
  return invoice;
}

}  // namespace keel::sales::detail
