// What the deliveries, invoicing and returns of the fulfilment part share: the order lock,
// the order's derived statuses, the audit trail.
#include "keel/audit/audit.h"
#include "fulfilment_internal.h"

namespace keel::sales::detail {

Date today(const Context& context) {
  KEEL_ASSERT(context.clock != nullptr);
  return Date::parse(format_instant(context.clock->now()).substr(0, 10)).value();
}

Result<void> lock_order(db::Tx& tx, const Context& context, OrderId order) {
  const auto changed = TRY(tx.execute(
      "UPDATE sales_orders SET version = version + 1 WHERE id = $1 AND company_id = $2",
      {order.value(), context.company_id.value()}));
  if (changed != 1) {
    return Error::not_found("order_not_found", "no order " + std::to_string(order.value()));
  }
  return Ok{};
}

Result<void> lock_partner_credit(db::Tx& tx, const Context& context, partners::PartyId partner) {
  TRY(tx.execute(
      "INSERT INTO sales_credit_locks (company_id, partner_id, checks) VALUES ($1, $2, 1) ON "
      "CONFLICT (company_id, partner_id) DO UPDATE SET checks = sales_credit_locks.checks + 1",
      {context.company_id.value(), partner.value()}));
  return Ok{};
}

Quantity billable_open(const Order& order, const OrderLine& line) {
  const Quantity basis =
      order.invoice_policy == InvoicePolicy::ordered ? line.quantity : line.delivered;
  const std::int64_t open_e6 =
      basis.value_e6() - line.returned.value_e6() - line.invoiced.value_e6();
  return open_e6 > 0 ? Quantity::from_value_e6(open_e6).value() : Quantity::zero();
}

namespace {

std::string delivery_status_of(const Order& order, const std::vector<std::int64_t>& stockable) {
  std::int64_t wanted = 0;
  std::int64_t delivered = 0;
  for (const auto& line : order.lines) {
    if (std::find(stockable.begin(), stockable.end(), line.id.value()) == stockable.end()) {
      continue;
    }
    wanted += line.quantity.value_e6();
    delivered += std::min(line.delivered.value_e6(), line.quantity.value_e6());
  }
  if (delivered == 0) return "nothing";
  return delivered >= wanted ? "full" : "partial";
}

std::string invoice_status_of(const Order& order) {
  bool open = false;
  bool invoiced = false;
  for (const auto& line : order.lines) {
    if (!billable_open(order, line).is_zero()) open = true;
    if (line.invoiced.value_e6() > 0) invoiced = true;
  }
  if (open) return invoiced ? "partial" : "to_invoice";
  return invoiced ? "invoiced" : "nothing";
}

}  // namespace

Result<void> refresh_order_status(db::Tx& tx, const Context& context, OrderId id) {
  const Order order = TRY(get_order(tx, context, id));
  std::vector<std::int64_t> stockable;
  for (const auto& row : TRY(tx.query("SELECT DISTINCT l.order_line_id FROM sales_delivery_lines l "
                                      "JOIN sales_deliveries d ON d.id = l.delivery_id "
                                      "WHERE d.order_id = $1",
                                      {id.value()}))) {
    stockable.push_back(row.integer(0));
  }
  const auto open_deliveries = TRY(tx.query_one(
      "SELECT COUNT(*) FROM sales_deliveries WHERE order_id = $1 AND state IN ('ready', "
      "'picked', 'packed')",
      {id.value()}));
  const std::string delivery_status = delivery_status_of(order, stockable);
  const std::string invoice_status = invoice_status_of(order);
  std::string state = order.state == OrderState::done ? "done" : "confirmed";
  if (order.state == OrderState::confirmed || order.state == OrderState::done) {
    const bool nothing_open = open_deliveries->integer(0) == 0 &&
                              (invoice_status == "invoiced" || invoice_status == "nothing");
    state = nothing_open ? "done" : "confirmed";
  } else {
    return Ok{};  // draft and cancelled orders keep what the orders part set
  }
  TRY(tx.execute(
      "UPDATE sales_orders SET delivery_status = $1, invoice_status = $2, state = $3 "
      "WHERE id = $4 AND company_id = $5",
      {delivery_status, invoice_status, state, id.value(), context.company_id.value()}));
  return refresh_open_credit(tx, context, id);
}

Result<void> audit_change(db::Tx& tx, const Context& context, std::string action,
                          std::string entity, std::int64_t id, nlohmann::json after) {
  return audit::record(tx, *context.clock,
                       {context.company_id, context.user_id, std::move(action), std::move(entity),
                        std::to_string(id), nullptr, std::move(after), context.request_id});
}

}  // namespace keel::sales::detail
