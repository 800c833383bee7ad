// Sales orders: create and change drafts, confirm (credit check, one reserved outgoing move per
// stockable line, number, delivery), cancel (release reservations, cancel deliveries).
#include <algorithm>
#include <map>

#include "keel/core/clock.h"
#include "keel/core/decimal.h"
#include "orders_internal.h"
#include "pricing_internal.h"

namespace keel::sales::detail {
namespace {

struct Header {
  partners::PartyId partner_id;
  Currency currency = accounting::detail::placeholder_currency();
  Date date = accounting::detail::placeholder_date();
  inventory::WarehouseId warehouse_id;
  std::string invoice_policy;
  bool allow_backorder = true;
};

Result<std::vector<PricedLine>> price_lines(db::Tx& tx, const Context& context,
                                            const Header& header,
                                            const std::vector<LineRequest>& requests) {
  if (requests.empty()) {
    return Error::validation("order_lines_missing", "an order needs lines", "lines");
  }
  if (requests.size() > kDocumentLinesMax) {
    return Error::validation("order_lines_too_many", "at most 500 lines", "lines");
  }
  const auto pricelist = TRY(pricelist_for(tx, context, header.partner_id, header.currency));
  // The products read together; when one is missing, each line reads its own and the missing
  // one is refused with its line's field.
  std::vector<inventory::ProductId> ids;
  for (const auto& request : requests) ids.push_back(request.product_id);
  auto products = inventory::get_products(tx, context.company_id, ids);
  if (!products.ok() && products.error().kind() != ErrorKind::not_found) {
    return products.release_error();
  }
  std::vector<PricedLine> lines;
  for (std::size_t i = 0; i < requests.size(); ++i) {
    const inventory::Product* known = nullptr;
    if (products.ok()) known = &products->at(requests[i].product_id);
    lines.push_back(TRY(price_line(tx, context, pricelist, header.currency, header.date,
                                   requests[i], "lines/" + std::to_string(i) + "/", known)));
  }
  return lines;
}

Result<void> write_lines(db::Tx& tx, const Context& context, const Header& header, OrderId id,
                         const std::vector<PricedLine>& lines) {
  const auto totals =
      TRY(totals_of(tx, context, header.partner_id, header.currency, header.date, lines));
  TRY(tx.execute("DELETE FROM sales_order_lines WHERE order_id = $1", {id.value()}));
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const auto& line = lines[i];
    TRY(tx.execute(
        "INSERT INTO sales_order_lines (order_id, line_no, product_id, description, "
        "quantity_e6, unit_price_e6, discount_percent, tax_ids, subtotal) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        {id.value(), static_cast<std::int64_t>(i + 1), line.product.id.value(), line.description,
         line.quantity.value_e6(), line.unit_price_e6, line.discount_percent,
         join_tax_ids(line.tax_ids), totals.line_untaxed[i].minor_units()}));
  }
  TRY(tx.execute(
      "UPDATE sales_orders SET untaxed = $1, tax = $2, total = $3 WHERE id = $4",
      {totals.untaxed.minor_units(), totals.tax.minor_units(), totals.total.minor_units(),
       id.value()}));
  return Ok{};
}

Result<void> check_header(db::Tx& tx, const Context& context, const Header& header) {
  if (header.invoice_policy != "ordered" && header.invoice_policy != "delivered") {
    return Error::validation("invoice_policy_invalid", "ordered or delivered", "invoice_policy");
  }
  bool found = false;
  for (const auto& w : TRY(inventory::list_warehouses(tx, context.company_id))) {
    if (w.id == header.warehouse_id) found = true;
  }
  if (!found) return Error::validation("warehouse_not_found", "no such warehouse", "warehouse_id");
  return Ok{};
}

// Locks a draft order (a version bump) and checks the caller's version when given.
Result<Order> lock_draft(db::Tx& tx, const Context& context, OrderId id,
                         std::optional<std::int64_t> version) {
  const Order order = TRY(get_order(tx, context, id));
  if (order.state != OrderState::draft) {
    return Error::conflict("order_state_invalid", "the order is " +
                                                      std::string(to_string(order.state)));
  }
  if (version && *version != order.version) {
    return Error::conflict("version_conflict", "the order was changed meanwhile");
  }
  const auto changed = TRY(tx.execute(
      "UPDATE sales_orders SET version = version + 1, updated_at = $1 WHERE id = $2 AND "
      "company_id = $3 AND state = 'draft' AND version = $4",
      {now_text(context), id.value(), context.company_id.value(), order.version}));
  if (changed != 1) return Error::conflict("version_conflict", "the order was changed meanwhile");
  return order;
}

// Money in the company currency: a foreign amount at the rate of `date`.
Result<Money> in_company(db::Tx& tx, const Context& context, const Money& amount, Date date) {
  if (amount.currency() == context.company_currency) return amount;
  const Rate rate = TRY(accounting::rate_on(tx, context.company_id, amount.currency(), date));
  return rate.convert(amount, context.company_currency, Rounding::half_up);
}

}  // namespace

Result<Order> create_order(db::Tx& tx, const Context& context, const OrderDraft& draft) {
  auto party = partners::get_party(tx, partners::Caller::system(context.company_id),
                                   draft.partner_id);
  if (!party.ok()) return Error::validation("partner_not_found", "no such partner", "partner_id");
  Header header;
  header.partner_id = draft.partner_id;
  if (draft.currency.empty()) {
    header.currency = context.company_currency;
  } else {
    auto currency = Currency::from_code(draft.currency);
    if (!currency.ok()) return Error::validation("currency_invalid", "unknown currency", "currency");
    header.currency = *currency;
  }
  header.date = draft.date.value_or(
      Date::parse(format_instant(context.clock->now()).substr(0, 10)).value());
  header.warehouse_id = draft.warehouse_id ? *draft.warehouse_id
                                           : TRY(inventory::default_warehouse(tx, context)).id;
  header.invoice_policy = draft.invoice_policy;
  header.allow_backorder = draft.allow_backorder;
  TRY(check_header(tx, context, header));
  const auto lines = TRY(price_lines(tx, context, header, draft.lines));
  const std::string now = now_text(context);
  const auto rows = TRY(tx.query(
      "INSERT INTO sales_orders (company_id, partner_id, currency, state, quote_id, "
      "warehouse_id, date, invoice_policy, allow_backorder, untaxed, tax, total, created_by, "
      "created_at, updated_at) VALUES ($1, $2, $3, 'draft', $4, $5, $6, $7, $8, 0, 0, 0, $9, "
      "$10, $10) RETURNING id",
      {context.company_id.value(), draft.partner_id.value(), std::string(header.currency.code()),
       draft.quote_id ? db::Value(draft.quote_id->value()) : db::Value(db::null),
       header.warehouse_id.value(), header.date.to_string(), header.invoice_policy,
       std::int64_t{header.allow_backorder ? 1 : 0}, context.user_id.value(), now}));
  const OrderId id{rows.at(0).integer(0)};
  TRY(write_lines(tx, context, header, id, lines));
  const Order order = TRY(get_order(tx, context, id));
  TRY(record_change(tx, context, "create", "sales.order", id.value(),
                    {{"total", order.total.to_string()}, {"lines", order.lines.size()}}));
  return order;
}

Result<Order> update_order(db::Tx& tx, const Context& context, OrderId id,
                           const OrderPatch& patch) {
  const Order order = TRY(lock_draft(tx, context, id, patch.version));
  Header header{order.partner_id,
                order.currency,
                patch.date && *patch.date ? **patch.date : order.date,
                patch.warehouse_id.value_or(order.warehouse_id),
                patch.invoice_policy.value_or(std::string(to_string(order.invoice_policy))),
                patch.allow_backorder.value_or(order.allow_backorder)};
  TRY(check_header(tx, context, header));
  TRY(tx.execute(
      "UPDATE sales_orders SET date = $1, warehouse_id = $2, invoice_policy = $3, "
      "allow_backorder = $4 WHERE id = $5",
      {header.date.to_string(), header.warehouse_id.value(), header.invoice_policy,
       std::int64_t{header.allow_backorder ? 1 : 0}, id.value()}));
  if (patch.lines) {
    TRY(write_lines(tx, context, header, id, TRY(price_lines(tx, context, header, *patch.lines))));
  }
  const Order updated = TRY(get_order(tx, context, id));
  TRY(record_change(tx, context, "update", "sales.order", id.value(),
                    {{"total", updated.total.to_string()}, {"version", updated.version}}));
  return updated;
}

std::int64_t open_part(std::int64_t untaxed, std::int64_t total,
                       const std::vector<OpenLine>& lines) {
  decimal::Int128 open_untaxed = 0;
  for (const auto& line : lines) {
    if (line.quantity_e6 <= 0) continue;
    open_untaxed += decimal::Int128{line.subtotal} * (line.quantity_e6 - line.invoiced_e6) /
                    line.quantity_e6;
  }
  if (untaxed <= 0 || open_untaxed <= 0) return 0;
  return static_cast<std::int64_t>(decimal::Int128{total} * open_untaxed / untaxed);
}

namespace {

struct OpenOrder {
  OrderId id;
  partners::PartyId partner_id;
  std::string state;
  std::string currency;
  std::int64_t untaxed = 0;
  std::int64_t total = 0;
  std::string date;
  std::optional<std::int64_t> open_credit;
  std::vector<OpenLine> lines;
};

// The orders matching `where` (over sales_orders o, parameters from $1) with their lines.
Result<std::vector<OpenOrder>> open_orders(db::Tx& tx, const std::string& where,
                                           const std::vector<db::Value>& params) {
  std::vector<OpenOrder> out;
  std::map<std::int64_t, std::size_t> index;
  for (const auto& row : TRY(tx.query(
           "SELECT o.id, o.partner_id, o.state, o.currency, o.untaxed, o.total, o.date, "
           "o.open_credit FROM sales_orders o WHERE " + where + " ORDER BY o.id",
           params))) {
    index[row.integer(0)] = out.size();
    out.push_back({OrderId{row.integer(0)}, partners::PartyId{row.integer(1)}, row.text(2),
                   row.text(3), row.integer(4), row.integer(5), row.text(6),
                   row.optional_integer(7), {}});
  }
  if (out.empty()) return out;
  for (const auto& row : TRY(tx.query(
           "SELECT l.order_id, l.subtotal, l.quantity_e6, l.quantity_invoiced_e6 FROM "
           "sales_order_lines l JOIN sales_orders o ON o.id = l.order_id WHERE " + where,
           params))) {
    out[index.at(row.integer(0))].lines.push_back({row.integer(1), row.integer(2),
                                                   row.integer(3)});
  }
  return out;
}

// The order's open part in the company currency (at the rate of the order's date); 0 unless
// it is confirmed.
Result<std::int64_t> open_credit_of(db::Tx& tx, const Context& context, const OpenOrder& order) {
  if (order.state != "confirmed") return std::int64_t{0};
  const Currency currency = TRY(Currency::from_code(order.currency));
  const Money amount = TRY(
      Money::from_minor_units(open_part(order.untaxed, order.total, order.lines), currency));
  return TRY(in_company(tx, context, amount, TRY(Date::parse(order.date)))).minor_units();
}

}  // namespace

Result<void> refresh_open_credit(db::Tx& tx, const Context& context, OrderId id) {
  const auto found = TRY(open_orders(tx, "o.id = $1 AND o.company_id = $2",
                                     {id.value(), context.company_id.value()}));
  if (found.empty()) return Ok{};
  const OpenOrder& order = found.front();
  const std::int64_t now = TRY(open_credit_of(tx, context, order));
  // An unknown part (NULL) is not in the customer's sum yet.
  const std::int64_t before = order.open_credit.value_or(0);
  if (order.open_credit && now == before) return Ok{};
  TRY(tx.execute("UPDATE sales_orders SET open_credit = $1 WHERE id = $2", {now, id.value()}));
  if (now == before) return Ok{};
  TRY(tx.execute(
      "INSERT INTO sales_credit_locks (company_id, partner_id, checks, open_orders) VALUES ($1, "
      "$2, 0, $3) ON CONFLICT (company_id, partner_id) DO UPDATE SET open_orders = "
      "sales_credit_locks.open_orders + excluded.open_orders",
      {context.company_id.value(), order.partner_id.value(), now - before}));
  return Ok{};
}

Result<CreditState> credit_state(db::Tx& tx, const Context& context, const Order& order) {
  CreditState state;
  state.currency = context.company_currency;
  const Date date = order.date;
  const auto account =
      TRY(accounting::find_account_by_role(tx, context.company_id, accounting::role::kReceivable));
  state.balance = TRY(accounting::balance_at(tx, context, account.id, date, order.partner_id));
  // Other confirmed orders: the customer's running sum of their open parts, less this order's
  // own, plus those of orders whose part is not known yet (confirmed before it was kept).
  const auto sum = TRY(tx.query_one(
      "SELECT open_orders FROM sales_credit_locks WHERE company_id = $1 AND partner_id = $2",
      {context.company_id.value(), order.partner_id.value()}));
  std::int64_t open_minor = sum ? sum->integer(0) : 0;
  const auto own = TRY(tx.query_one("SELECT open_credit FROM sales_orders WHERE id = $1",
                                    {order.id.value()}));
  if (own) open_minor -= own->optional_integer(0).value_or(0);
  for (const auto& unknown :
       TRY(open_orders(tx,
                       "o.company_id = $1 AND o.partner_id = $2 AND o.state = 'confirmed' AND "
                       "o.open_credit IS NULL AND o.id <> $3",
                       {context.company_id.value(), order.partner_id.value(),
                        order.id.value()}))) {
    open_minor += TRY(open_credit_of(tx, context, unknown));
  }
  state.open_orders = TRY(Money::from_minor_units(open_minor, context.company_currency));
  state.this_order = order.state == OrderState::draft
                         ? TRY(in_company(tx, context, order.total, date))
                         : Money::zero(context.company_currency);
  const auto party = TRY(partners::get_party(tx, partners::Caller::system(context.company_id),
                                             order.partner_id));
  if (party.data.credit_limit) {
    state.limit = TRY(in_company(tx, context, *party.data.credit_limit, date));
    const Money used = TRY(TRY(state.balance.add(state.open_orders)).add(state.this_order));
    state.available = TRY(state.limit->subtract(used));
    state.exceeded = state.available->is_negative();
  }
  return state;
}

Result<Order> confirm_order(db::Tx& tx, const Context& context, OrderId id,
                            const ConfirmOptions& options) {
  const Order order = TRY(lock_draft(tx, context, id, std::nullopt));
  // Checks of one partner's credit run one after the other (order lock, then partner lock,
  // then stock rows: the same order everywhere, so no two transactions wait on each other).
  TRY(lock_partner_credit(tx, context, order.partner_id));
  const CreditState credit = TRY(credit_state(tx, context, order));
  bool overridden = false;
  if (credit.exceeded) {
    if (!options.override_credit) {
      return Error::conflict("credit_limit_exceeded",
                             "the order would pass the partner's credit limit by " +
                                 credit.available->negated().to_string() + " " +
                                 std::string(credit.currency.code()));
    }
    if (!options.may_override) {
      return Error::permission("permission_denied", "overriding the credit limit needs "
                                                   "sales.credit.override");
    }
    overridden = true;
  }
  const auto warehouses = TRY(inventory::list_warehouses(tx, context.company_id));
  const auto warehouse = std::find_if(warehouses.begin(), warehouses.end(),
                                      [&](const auto& w) { return w.id == order.warehouse_id; });
  KEEL_ASSERT(warehouse != warehouses.end());
  const auto customer =
      TRY(inventory::partner_location(tx, context, inventory::LocationUsage::customer));
  const auto mode = order.allow_backorder ? inventory::ReserveMode::partial
                                          : inventory::ReserveMode::all_or_nothing;
  // Stock rows are locked in product order, so two orders sharing products wait for each
  // other instead of deadlocking (PostgreSQL would abort one after deadlock_timeout).
  std::vector<const OrderLine*> by_product;
  std::vector<inventory::ProductId> product_ids;
  for (const auto& line : order.lines) {
    by_product.push_back(&line);
    product_ids.push_back(line.product_id);
  }
  std::stable_sort(by_product.begin(), by_product.end(), [](const auto* a, const auto* b) {
    return a->product_id.value() < b->product_id.value();
  });
  const auto products = TRY(inventory::get_products(tx, context.company_id, product_ids));
  std::vector<inventory::MoveDraft> drafts;
  std::vector<const OrderLine*> moved;
  for (const OrderLine* line : by_product) {
    if (products.at(line->product_id).type != inventory::ProductType::stockable) continue;
    inventory::MoveDraft draft;
    draft.product_id = line->product_id;
    draft.quantity = line->quantity;
    draft.from_location_id = warehouse->stock_location_id;
    draft.to_location_id = customer.id;
    draft.date = order.date;
    draft.origin = "sales.order:" + std::to_string(id.value());
    draft.partner_id = order.partner_id;
    drafts.push_back(std::move(draft));
    moved.push_back(line);
  }
  std::size_t failed = 0;
  auto moves = inventory::create_moves(tx, context, drafts, mode, &failed);
  if (!moves.ok()) {
    if (moves.error().code() == "stock_insufficient") {
      const OrderLine& line = *moved.at(failed);
      return Error::conflict("stock_insufficient",
                             "line " + std::to_string(line.line_no) + ": not enough " +
                                 products.at(line.product_id).sku + " available");
    }
    return moves.release_error();
  }
  for (std::size_t i = 0; i < moved.size(); ++i) {
    TRY(tx.execute("UPDATE sales_order_lines SET move_id = $1 WHERE id = $2",
                   {(*moves)[i].id.value(), moved[i]->id.value()}));
  }
  const std::string number = TRY(next_number(tx, context, "SO", order.date));
  const std::string seq = number.substr(number.rfind('/') + 1);
  TRY(tx.execute(
      "UPDATE sales_orders SET state = 'confirmed', number = $1, year = $2, seq = $3, "
      "credit_override = $4, invoice_status = $5 WHERE id = $6",
      {number, std::int64_t{order.date.year()}, std::stoll(seq),
       std::int64_t{overridden ? 1 : 0},
       std::string(order.invoice_policy == InvoicePolicy::ordered ? "to_invoice" : "nothing"),
       id.value()}));
  TRY(refresh_open_credit(tx, context, id));
  const Order confirmed = TRY(get_order(tx, context, id));
  TRY(create_delivery(tx, context, confirmed));
  nlohmann::json after = {{"number", number}, {"total", confirmed.total.to_string()}};
  if (overridden) {
    after["credit_override"] = true;
    after["credit_available"] = credit.available->to_string();
  }
  TRY(record_change(tx, context, overridden ? "confirm_credit_override" : "confirm",
                    "sales.order", id.value(), after));
  return get_order(tx, context, id);
}

Result<Order> cancel_order(db::Tx& tx, const Context& context, OrderId id) {
  const Order order = TRY(get_order(tx, context, id));
  bool moved = false;
  for (const auto& line : order.lines) {
    if (!line.delivered.is_zero() || !line.invoiced.is_zero()) moved = true;
  }
  if (moved || order.state == OrderState::done || order.state == OrderState::cancelled) {
    return Error::conflict("order_not_cancellable",
                           "the order is " + std::string(to_string(order.state)) +
                               (moved ? " and partly delivered or invoiced" : ""));
  }
  const auto changed = TRY(tx.execute(
      "UPDATE sales_orders SET state = 'cancelled', version = version + 1, updated_at = $1 "
      "WHERE id = $2 AND company_id = $3 AND state = $4 AND version = $5",
      {now_text(context), id.value(), context.company_id.value(),
       std::string(to_string(order.state)), order.version}));
  if (changed != 1) return Error::conflict("version_conflict", "the order was changed meanwhile");
  if (order.state == OrderState::confirmed) {
    // The customer's credit lock before the stock rows, as confirming takes them.
    TRY(lock_partner_credit(tx, context, order.partner_id));
    TRY(refresh_open_credit(tx, context, id));
    std::vector<inventory::ProductId> products;
    for (const auto& line : order.lines) products.push_back(line.product_id);
    TRY(inventory::lock_stock(tx, context.company_id, products));
    TRY(cancel_deliveries(tx, context, id));
    for (const auto& line : order.lines) {
      if (!line.move_id) continue;
      const auto move = TRY(inventory::get_move(tx, context.company_id, *line.move_id));
      if (move.state == inventory::MoveState::done ||
          move.state == inventory::MoveState::cancelled) {
        continue;
      }
      TRY(inventory::cancel_move(tx, context, *line.move_id));
    }
  }
  TRY(record_change(tx, context, "cancel", "sales.order", id.value(),
                    {{"state", "cancelled"}}));
  return get_order(tx, context, id);
}

}  // namespace keel::sales::detail
