// Returns of shipped goods: back to stock at the cost they left with, or to scrap, and a
// credit note for what had been invoiced beyond what the order may still bill.
#include <algorithm>
#include <charconv>
#include <set>

#include "fulfilment_internal.h"
#include "keel/core/limits.h"

namespace keel::sales::detail {
namespace {

using inventory::MoveId;

Quantity quantity_of(std::int64_t value_e6) { return Quantity::from_value_e6(value_e6).value(); }

Error line_error(std::string code, std::string message, std::size_t index, std::string_view leaf) {
  return Error::validation(std::move(code), std::move(message),
                           "lines/" + std::to_string(index) + "/" + std::string(leaf));
}

struct PlannedLine {
  const OrderLine* line = nullptr;
  ReturnLineInput input;
  Quantity refunded = Quantity::zero();
};

Result<std::vector<PlannedLine>> plan_return(const Order& order, const ReturnInput& input) {
  if (input.lines.empty()) {
    return Error::validation("return_lines_missing", "return at least one line", "lines");
  }
  if (input.lines.size() > kReturnLinesCountMax) {
    return Error::validation("return_lines_too_many",
                             "at most " + std::to_string(kReturnLinesCountMax) + " lines",
                             "lines");
  }
  std::vector<PlannedLine> planned;
  std::set<std::int64_t> seen;
  for (std::size_t i = 0; i < input.lines.size(); ++i) {
    const ReturnLineInput& in = input.lines[i];
    const auto found = std::find_if(order.lines.begin(), order.lines.end(),
                                    [&](const OrderLine& l) { return l.id == in.order_line_id; });
    if (found == order.lines.end()) {
      return line_error("return_line_not_found", "not a line of this order", i, "order_line_id");
    }
    if (!seen.insert(in.order_line_id.value()).second) {
      return line_error("return_line_duplicate", "each order line at most once", i,
                        "order_line_id");
    }
    if (in.quantity.value_e6() <= 0) {
      return line_error("return_quantity_invalid", "quantity must be positive", i, "quantity");
    }
    const std::int64_t returnable = found->delivered.value_e6() - found->returned.value_e6();
    if (in.quantity.value_e6() > returnable) {
      return line_error("return_quantity_exceeded",
                        "at most " + quantity_of(std::max<std::int64_t>(returnable, 0)).to_string() +
                            " can come back",
                        i, "quantity");
    }
    if (in.disposition != "stock" && in.disposition != "scrap") {
      return line_error("return_disposition_invalid", "disposition is stock or scrap", i,
                        "disposition");
    }
    PlannedLine plan{&*found, in, Quantity::zero()};
    if (input.refund) {
      // What was invoiced beyond what the line may bill once these units are back.
      const std::int64_t basis = order.invoice_policy == InvoicePolicy::ordered
                                     ? found->quantity.value_e6()
                                     : found->delivered.value_e6();
      const std::int64_t billable =
          std::max<std::int64_t>(basis - found->returned.value_e6() - in.quantity.value_e6(), 0);
      const std::int64_t excess = found->invoiced.value_e6() - billable;
      plan.refunded = quantity_of(std::clamp<std::int64_t>(excess, 0, in.quantity.value_e6()));
    }
    planned.push_back(plan);
  }
  return planned;
}

// The delivery move the returned units left with (the latest done one of the order line).
Result<std::optional<inventory::Move>> shipped_move(db::Tx& tx, const Context& context,
                                                    OrderLineId line) {
  const auto row = TRY(tx.query_one(
      "SELECT l.done_move_id FROM sales_delivery_lines l JOIN sales_deliveries d ON d.id = "
      "l.delivery_id WHERE l.order_line_id = $1 AND d.company_id = $2 AND l.done_move_id IS NOT "
      "NULL ORDER BY l.delivery_id DESC LIMIT 1",
      {line.value(), context.company_id.value()}));
  if (!row) return std::optional<inventory::Move>{};
  return std::optional(TRY(inventory::get_move(tx, context.company_id, MoveId{row->integer(0)})));
}

// The lots of the shipped move, first ones first, covering `quantity`.
std::vector<inventory::DoneLine> lots_back(const inventory::Move& shipped, Quantity quantity) {
  std::vector<inventory::DoneLine> lots;
  std::int64_t left = quantity.value_e6();
  for (const auto& lot : shipped.lots) {
    if (left == 0) break;
    const std::int64_t take = std::min(left, lot.quantity.value_e6());
    inventory::DoneLine done;
    done.quantity = quantity_of(take);
    done.lot_id = lot.lot_id;
    lots.push_back(done);
    left -= take;
  }
  return lots;
}

Result<inventory::LocationId> destination(db::Tx& tx, const Context& context, const Order& order,
                                          const std::string& disposition) {
  if (disposition == "scrap") {
    return TRY(inventory::partner_location(tx, context, inventory::LocationUsage::loss)).id;
  }
  for (const auto& warehouse : TRY(inventory::list_warehouses(tx, context.company_id))) {
    if (warehouse.id == order.warehouse_id) return warehouse.stock_location_id;
  }
  return TRY(inventory::default_warehouse(tx, context)).stock_location_id;
}

Result<MoveId> move_back(db::Tx& tx, const Context& context, const Order& order,
                         const PlannedLine& plan, ReturnId id, Date date) {
  const auto shipped = TRY(shipped_move(tx, context, plan.line->id));
  inventory::MoveDraft draft;
  draft.product_id = plan.line->product_id;
  draft.quantity = plan.input.quantity;
  draft.from_location_id =
      TRY(inventory::partner_location(tx, context, inventory::LocationUsage::customer)).id;
  draft.to_location_id = TRY(destination(tx, context, order, plan.input.disposition));
  draft.date = date;
  draft.origin = "sales.return:" + std::to_string(id.value());
  draft.partner_id = order.partner_id;
  if (shipped) draft.origin_move_id = shipped->id;
  const auto move = TRY(inventory::create_move(tx, context, draft));
  std::vector<inventory::DoneLine> lots;
  if (shipped) lots = lots_back(*shipped, plan.input.quantity);
  const auto done =
      TRY(inventory::complete_move(tx, context, move.id, std::nullopt, std::move(lots), date));
  return done.id;
}

Result<std::optional<accounting::InvoiceId>> credit_note(db::Tx& tx, const Context& context,
                                                         const Order& order,
                                                         const std::vector<PlannedLine>& planned,
                                                         const std::string& number, Date date) {
  accounting::InvoiceDraft draft;
  draft.type = accounting::InvoiceType::out_refund;
  draft.partner_id = order.partner_id;
  draft.date = date;
  draft.currency = std::string(order.currency.code());
  draft.origin = "sales.order:" + std::to_string(order.id.value());
  draft.reference = number;
  for (const auto& plan : planned) {
    if (plan.refunded.is_zero()) continue;
    accounting::InvoiceLineDraft line;
    line.description = plan.line->description;
    line.quantity = plan.refunded;
    line.unit_price_e6 = plan.line->unit_price.value_e6();
    line.discount_percent = plan.line->discount_percent == "0" ? "" : plan.line->discount_percent;
    line.tax_ids = plan.line->taxes;
    draft.lines.push_back(std::move(line));
  }
  if (draft.lines.empty()) return std::optional<accounting::InvoiceId>{};
  const auto created = TRY(accounting::create_invoice(tx, context, draft));
  const auto posted = TRY(accounting::post_invoice(tx, context, created.id));
  TRY(tx.execute(
      "INSERT INTO sales_order_invoices (company_id, order_id, invoice_id, kind, amount, "
      "created_at) VALUES ($1, $2, $3, 'refund', $4, $5)",
      {context.company_id.value(), order.id.value(), posted.id.value(),
       posted.total.minor_units(), format_instant(context.clock->now())}));
  return std::optional(posted.id);
}

constexpr std::string_view kReturnColumns =
    "id, order_id, partner_id, number, date, refund, credit_note_id, reason";

Result<Return> read_return(db::Tx& tx, const db::Row& row) {
  Return r;
  r.id = ReturnId{row.integer(0)};
  r.order_id = OrderId{row.integer(1)};
  r.partner_id = partners::PartyId{row.integer(2)};
  r.number = row.text(3);
  r.date = TRY(Date::parse(row.text(4)));
  r.refund = row.integer(5) == 1;
  if (const auto credit = row.optional_integer(6)) r.credit_note_id = accounting::InvoiceId{*credit};
  r.reason = row.text(7);
  for (const auto& line : TRY(tx.query(
           "SELECT line_no, order_line_id, product_id, quantity_e6, refunded_e6, disposition, "
           "move_id FROM sales_return_lines WHERE return_id = $1 ORDER BY line_no",
           {r.id.value()}))) {
    r.lines.push_back({static_cast<int>(line.integer(0)), OrderLineId{line.integer(1)},
                       inventory::ProductId{line.integer(2)}, quantity_of(line.integer(3)),
                       quantity_of(line.integer(4)), line.text(5), MoveId{line.integer(6)}});
  }
  return r;
}

}  // namespace

Result<Return> create_return(db::Tx& tx, const Context& context, const ReturnInput& input) {
  TRY(lock_order(tx, context, input.order_id));
  const Order order = TRY(get_order(tx, context, input.order_id));
  // A credit note changes what the order still adds to the customer's exposure.
  TRY(lock_partner_credit(tx, context, order.partner_id));
  if (order.state != OrderState::confirmed && order.state != OrderState::done) {
    return Error::conflict("order_state_invalid", "only a confirmed order's goods come back");
  }
  const std::vector<PlannedLine> planned = TRY(plan_return(order, input));
  const Date date = input.date.value_or(today(context));
  const std::string number = TRY(next_number(tx, context, "RT", date));
  const auto first = number.find('/');
  const auto last = number.rfind('/');
  std::int64_t year = 0;
  std::int64_t seq = 0;
  std::from_chars(number.data() + first + 1, number.data() + last, year);
  std::from_chars(number.data() + last + 1, number.data() + number.size(), seq);
  const auto row = TRY(tx.query_one(
      "INSERT INTO sales_returns (company_id, order_id, partner_id, number, year, seq, date, "
      "refund, reason, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
      "$11) RETURNING id",
      {context.company_id.value(), order.id.value(), order.partner_id.value(), number, year, seq,
       date.to_string(), std::int64_t{input.refund ? 1 : 0}, input.reason,
       context.user_id.value(), format_instant(context.clock->now())}));
  const ReturnId id{row->integer(0)};
  int line_no = 0;
  for (const auto& plan : planned) {
    const MoveId move = TRY(move_back(tx, context, order, plan, id, date));
    TRY(tx.execute(
        "INSERT INTO sales_return_lines (return_id, line_no, order_line_id, product_id, "
        "quantity_e6, refunded_e6, disposition, move_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        {id.value(), std::int64_t{++line_no}, plan.line->id.value(),
         plan.line->product_id.value(), plan.input.quantity.value_e6(), plan.refunded.value_e6(),
         plan.input.disposition, move.value()}));
    TRY(tx.execute(
        "UPDATE sales_order_lines SET quantity_returned_e6 = quantity_returned_e6 + $1, "
        "quantity_invoiced_e6 = quantity_invoiced_e6 - $2 WHERE id = $3",
        {plan.input.quantity.value_e6(), plan.refunded.value_e6(), plan.line->id.value()}));
  }
  const auto credit = TRY(credit_note(tx, context, order, planned, number, date));
  if (credit) {
    TRY(tx.execute("UPDATE sales_returns SET credit_note_id = $1 WHERE id = $2",
                   {credit->value(), id.value()}));
  }
  TRY(refresh_order_status(tx, context, order.id));
  const Return created = TRY(get_return(tx, context, id));
  TRY(audit_change(tx, context, "create", "sales.return", id.value(), to_json(created)));
  return created;
}

Result<Return> get_return(db::Tx& tx, const Context& context, ReturnId id) {
  const auto row = TRY(tx.query_one("SELECT " + std::string(kReturnColumns) +
                                        " FROM sales_returns WHERE id = $1 AND company_id = $2",
                                    {id.value(), context.company_id.value()}));
  if (!row) {
    return Error::not_found("return_not_found", "no return " + std::to_string(id.value()));
  }
  return read_return(tx, *row);
}

Result<ReturnPage> list_returns(db::Tx& tx, const Context& context, std::optional<OrderId> order,
                                std::int64_t after_id, std::int64_t limit) {
  KEEL_ASSERT(limit >= 1 && limit <= limits::kPageSizeMax);
  const auto rows = TRY(tx.query(
      "SELECT " + std::string(kReturnColumns) +
          " FROM sales_returns WHERE company_id = $1 AND id > $2 AND ($3 = 0 OR order_id = $3) "
          "ORDER BY id LIMIT $4",
      {context.company_id.value(), after_id, order ? order->value() : std::int64_t{0},
       limit + 1}));
  ReturnPage page;
  for (const auto& row : rows) {
    if (static_cast<std::int64_t>(page.items.size()) == limit) {
      page.next_cursor = page.items.back().id.value();
      break;
    }
    page.items.push_back(TRY(read_return(tx, row)));
  }
  return page;
}

}  // namespace keel::sales::detail
