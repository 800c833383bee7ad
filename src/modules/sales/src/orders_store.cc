// The orders part's shared helpers: gap-free numbering, reading orders, the audit trail.
#include <algorithm>

#include "keel/audit/audit.h"
#include "keel/core/clock.h"
#include "keel/core/limits.h"
#include "orders_internal.h"

namespace keel::sales {
namespace detail {

std::string now_text(const Context& context) {
  KEEL_ASSERT(context.clock != nullptr);
  return format_instant(context.clock->now());
}

std::string join_tax_ids(const std::vector<accounting::TaxId>& ids) {
  std::string text;
  for (const auto& id : ids) {
    if (!text.empty()) text += ',';
    text += std::to_string(id.value());
  }
  return text;
}

std::vector<accounting::TaxId> split_tax_ids(const std::string& text) {
  std::vector<accounting::TaxId> ids;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = std::min(text.find(',', start), text.size());
    ids.push_back(accounting::TaxId{std::stoll(text.substr(start, end - start))});
    start = end + 1;
  }
  return ids;
}

Result<void> record_change(db::Tx& tx, const Context& context, std::string action,
                           std::string entity, std::int64_t id, nlohmann::json after) {
  return audit::record(tx, *context.clock,
                       {context.company_id, context.user_id, std::move(action), std::move(entity),
                        std::to_string(id), nullptr, std::move(after), context.request_id});
}

std::string_view to_string(OrderState state) {
  switch (state) {
    case OrderState::draft: return "draft";
    case OrderState::confirmed: return "confirmed";
    case OrderState::done: return "done";
    case OrderState::cancelled: return "cancelled";
  }
  KEEL_ASSERT(false);
  return "";
}

std::string_view to_string(InvoicePolicy policy) {
  return policy == InvoicePolicy::ordered ? "ordered" : "delivered";
}

// The row is created on first use (ON CONFLICT DO NOTHING), then the conditional UPDATE takes
// its lock until commit: concurrent callers number one after another, and a rolled-back
// transaction gives its number back, so numbers have no gaps.
Result<std::string> next_number(db::Tx& tx, const Context& context, std::string_view type,
                                Date date) {
  KEEL_ASSERT(type.size() == 2);
  const std::int64_t year = date.year();
  TRY(tx.execute(
      "INSERT INTO sales_sequences (company_id, type, year, last_value) VALUES ($1, $2, $3, 0) "
      "ON CONFLICT DO NOTHING",
      {context.company_id.value(), std::string(type), year}));
  const auto row = TRY(tx.query_one(
      "UPDATE sales_sequences SET last_value = last_value + 1 "
      "WHERE company_id = $1 AND type = $2 AND year = $3 RETURNING last_value",
      {context.company_id.value(), std::string(type), year}));
  KEEL_ASSERT(row.has_value());
  std::string seq = std::to_string(row->integer(0));
  if (seq.size() < 5) seq.insert(0, 5 - seq.size(), '0');
  return std::string(type) + "/" + std::to_string(year) + "/" + seq;
}

namespace {

constexpr std::string_view kOrderColumns =
    "id, number, partner_id, currency, state, quote_id, warehouse_id, date, invoice_policy, "
    "allow_backorder, credit_override, delivery_status, invoice_status, untaxed, tax, total, "
    "version";

Result<Order> order_from_row(const db::Row& row) {
  Order order;
  order.id = OrderId{row.integer(0)};
  order.number = row.optional_text(1);
  order.partner_id = partners::PartyId{row.integer(2)};
  order.currency = TRY(Currency::from_code(row.text(3)));
  const std::string& state = row.text(4);
  order.state = state == "draft"       ? OrderState::draft
                : state == "confirmed" ? OrderState::confirmed
                : state == "done"      ? OrderState::done
                                       : OrderState::cancelled;
  if (const auto quote = row.optional_integer(5)) order.quote_id = QuoteId{*quote};
  order.warehouse_id = inventory::WarehouseId{row.integer(6)};
  order.date = TRY(Date::parse(row.text(7)));
  order.invoice_policy =
      row.text(8) == "delivered" ? InvoicePolicy::delivered : InvoicePolicy::ordered;
  order.allow_backorder = row.integer(9) != 0;
  order.credit_override = row.integer(10) != 0;
  order.delivery_status = row.text(11);
  order.invoice_status = row.text(12);
  order.untaxed = TRY(Money::from_minor_units(row.integer(13), order.currency));
  order.tax = TRY(Money::from_minor_units(row.integer(14), order.currency));
  order.total = TRY(Money::from_minor_units(row.integer(15), order.currency));
  order.version = row.integer(16);
  return order;
}

Result<void> load_lines(db::Tx& tx, const Context& context, Order& order) {
  const auto rows = TRY(tx.query(
      "SELECT id, line_no, product_id, description, quantity_e6, unit_price_e6, "
      "discount_percent, tax_ids, subtotal, move_id, quantity_delivered_e6, "
      "quantity_invoiced_e6, quantity_returned_e6 FROM sales_order_lines WHERE order_id = $1 "
      "ORDER BY line_no",
      {order.id.value()}));
  std::vector<inventory::MoveId> move_ids;
  for (const auto& row : rows) {
    OrderLine line;
    line.id = OrderLineId{row.integer(0)};
    line.line_no = static_cast<int>(row.integer(1));
    line.product_id = inventory::ProductId{row.integer(2)};
    line.description = row.text(3);
    line.quantity = TRY(Quantity::from_value_e6(row.integer(4)));
    line.unit_price = TRY(UnitPrice::from_value_e6(row.integer(5), order.currency));
    line.discount_percent = row.text(6);
    line.taxes = split_tax_ids(row.text(7));
    line.subtotal = TRY(Money::from_minor_units(row.integer(8), order.currency));
    if (const auto move = row.optional_integer(9)) {
      line.move_id = inventory::MoveId{*move};
      move_ids.push_back(*line.move_id);
    }
    line.delivered = TRY(Quantity::from_value_e6(row.integer(10)));
    line.invoiced = TRY(Quantity::from_value_e6(row.integer(11)));
    line.returned = TRY(Quantity::from_value_e6(row.integer(12)));
    order.lines.push_back(std::move(line));
  }
  if (move_ids.empty()) return Ok{};
  // What the lines' open moves hold reserved, read together.
  const auto moves = TRY(inventory::get_moves(tx, context.company_id, move_ids));
  std::size_t next = 0;
  for (auto& line : order.lines) {
    if (!line.move_id) continue;
    const inventory::Move& loaded = moves[next++];
    if (loaded.state != inventory::MoveState::done &&
        loaded.state != inventory::MoveState::cancelled) {
      line.reserved = loaded.reserved;
    }
  }
  return Ok{};
}

}  // namespace

Result<OrderPage> list_orders(db::Tx& tx, const Context& context, const OrderQuery& query) {
  KEEL_ASSERT(query.limit >= 1 && query.limit <= limits::kPageSizeMax);
  std::string sql = "SELECT " + std::string(kOrderColumns) +
                    " FROM sales_orders WHERE company_id = $1 AND ($2 = 0 OR id < $2) "
                    "AND ($3 = '' OR state = $3) AND ($4 = 0 OR partner_id = $4) "
                    "ORDER BY id DESC LIMIT $5";
  const auto rows = TRY(tx.query(
      sql, {context.company_id.value(), query.after_id, query.state,
            query.partner_id ? query.partner_id->value() : std::int64_t{0}, query.limit + 1}));
  OrderPage page;
  for (std::size_t i = 0; i < rows.size() && i < static_cast<std::size_t>(query.limit); ++i) {
    page.items.push_back(TRY(order_from_row(rows[i])));
  }
  if (rows.size() > static_cast<std::size_t>(query.limit)) {
    page.next_cursor = page.items.back().id.value();
  }
  return page;
}

}  // namespace detail

Result<Order> get_order(db::Tx& tx, const Context& context, OrderId id) {
  const auto row = TRY(tx.query_one("SELECT " + std::string(detail::kOrderColumns) +
                                        " FROM sales_orders WHERE id = $1 AND company_id = $2",
                                    {id.value(), context.company_id.value()}));
  if (!row) return Error::not_found("order_not_found", "no order " + std::to_string(id.value()));
  Order order = TRY(detail::order_from_row(*row));
  TRY(detail::load_lines(tx, context, order));
  return order;
}

}  // namespace keel::sales
