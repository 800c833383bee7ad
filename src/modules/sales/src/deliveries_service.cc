// Deliveries: created at order confirmation from the order's open moves, then picked (by
// scanned codes), packed and shipped; shipping completes the moves through inventory and
// leaves what was not picked in a backorder delivery.
#include <algorithm>
#include <map>
#include <tuple>
#include <charconv>

#include "fulfilment_internal.h"
#include "keel/core/limits.h"

namespace keel::sales::detail {
namespace {

using inventory::MoveId;
using inventory::ProductId;

Error not_found(DeliveryId id) {
  return Error::not_found("delivery_not_found", "no delivery " + std::to_string(id.value()));
}

std::string now_text(const Context& context) { return format_instant(context.clock->now()); }

// "DO/2026/00007" → {2026, 7}.
std::pair<std::int64_t, std::int64_t> year_and_seq(const std::string& number) {
  const auto first = number.find('/');
  const auto last = number.rfind('/');
  KEEL_ASSERT(first != std::string::npos && last != first);
  std::int64_t year = 0;
  std::int64_t seq = 0;
  std::from_chars(number.data() + first + 1, number.data() + last, year);
  std::from_chars(number.data() + last + 1, number.data() + number.size(), seq);
  KEEL_ASSERT(year > 0 && seq > 0);
  return {year, seq};
}

Quantity quantity_of(std::int64_t value_e6) { return Quantity::from_value_e6(value_e6).value(); }

constexpr std::string_view kDeliveryColumns =
    "id, order_id, partner_id, number, state, backorder_of, date, package_count, weight_e6, "
    "carrier, tracking_number, shipped_date, version";

Result<Delivery> read_delivery(const db::Row& row) {
  Delivery d;
  d.id = DeliveryId{row.integer(0)};
  d.order_id = OrderId{row.integer(1)};
  d.partner_id = partners::PartyId{row.integer(2)};
  d.number = row.text(3);
  d.state = row.text(4);
  if (const auto of = row.optional_integer(5)) d.backorder_of = DeliveryId{*of};
  d.date = TRY(Date::parse(row.text(6)));
  d.package_count = row.integer(7);
  d.weight = quantity_of(row.integer(8));
  d.carrier = row.text(9);
  d.tracking_number = row.text(10);
  if (const auto shipped = row.optional_text(11)) d.shipped_date = TRY(Date::parse(*shipped));
  d.version = row.integer(12);
  return d;
}

Result<void> load_lines(db::Tx& tx, const Context& context, Delivery& d) {
  const auto rows = TRY(tx.query(
      "SELECT line_no, order_line_id, product_id, move_id, quantity_e6, picked_e6, shipped_e6, "
      "done_move_id FROM sales_delivery_lines WHERE delivery_id = $1 ORDER BY line_no",
      {d.id.value()}));
  for (const auto& row : rows) {
    DeliveryLine line;
    line.line_no = static_cast<int>(row.integer(0));
    line.order_line_id = OrderLineId{row.integer(1)};
    line.product_id = ProductId{row.integer(2)};
    line.move_id = MoveId{row.integer(3)};
    line.quantity = quantity_of(row.integer(4));
    line.picked = quantity_of(row.integer(5));
    line.shipped = quantity_of(row.integer(6));
    if (const auto done = row.optional_integer(7)) line.done_move_id = MoveId{*done};
    d.lines.push_back(std::move(line));
  }
  // The lines' products, read together.
  std::vector<ProductId> product_ids;
  for (const auto& line : d.lines) product_ids.push_back(line.product_id);
  const auto products = TRY(inventory::get_products(tx, context.company_id, product_ids));
  for (auto& line : d.lines) {
    const auto& product = products.at(line.product_id);
    line.sku = product.sku;
    line.product_name = product.display_name();
  }
  const auto picks = TRY(tx.query(
      "SELECT line_no, lot, quantity_e6 FROM sales_delivery_picks WHERE delivery_id = $1 "
      "ORDER BY line_no, lot",
      {d.id.value()}));
  for (const auto& row : picks) {
    for (auto& line : d.lines) {
      if (line.line_no == row.integer(0)) {
        line.picks.push_back({row.text(1), quantity_of(row.integer(2))});
      }
    }
  }
  const auto backorder = TRY(tx.query_one(
      "SELECT id FROM sales_deliveries WHERE backorder_of = $1 ORDER BY id LIMIT 1",
      {d.id.value()}));
  if (backorder) d.backorder_id = DeliveryId{backorder->integer(0)};
  return Ok{};
}

struct NewLine {
  OrderLineId order_line_id;
  ProductId product_id;
  MoveId move_id;
  Quantity quantity = Quantity::zero();
};

Result<DeliveryId> insert_delivery(db::Tx& tx, const Context& context, const Order& order,
                                   std::optional<DeliveryId> backorder_of,
                                   const std::vector<NewLine>& lines) {
  KEEL_ASSERT(!lines.empty());
  const Date date = today(context);
  const std::string number = TRY(next_number(tx, context, "DO", date));
  const auto [year, seq] = year_and_seq(number);
  const std::string now = now_text(context);
  const auto row = TRY(tx.query_one(
      "INSERT INTO sales_deliveries (company_id, order_id, partner_id, number, year, seq, state, "
      "backorder_of, date, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, 'ready', $7, "
      "$8, $9, $9) RETURNING id",
      {context.company_id.value(), order.id.value(), order.partner_id.value(), number, year, seq,
       backorder_of ? db::Value(backorder_of->value()) : db::Value(db::null), date.to_string(),
       now}));
  const DeliveryId id{row->integer(0)};
  int line_no = 0;
  nlohmann::json lines_json = nlohmann::json::array();
  for (const auto& line : lines) {
    TRY(tx.execute(
        "INSERT INTO sales_delivery_lines (delivery_id, line_no, order_line_id, product_id, "
        "move_id, quantity_e6) VALUES ($1, $2, $3, $4, $5, $6)",
        {id.value(), std::int64_t{++line_no}, line.order_line_id.value(), line.product_id.value(),
         line.move_id.value(), line.quantity.value_e6()}));
    lines_json.push_back({{"move_id", line.move_id.value()},
                          {"quantity", line.quantity.to_string()}});
  }
  TRY(audit_change(tx, context, "create", "sales.delivery", id.value(),
                   {{"number", number},
                    {"order_id", order.id.value()},
                    {"backorder_of", backorder_of ? nlohmann::json(backorder_of->value())
                                                  : nlohmann::json(nullptr)},
                    {"lines", lines_json}}));
  return id;
}

// Reads the delivery, takes its order's lock, and reads it again (its state may have changed
// while this transaction waited for the lock).
Result<Delivery> locked_delivery(db::Tx& tx, const Context& context, DeliveryId id) {
  const auto row = TRY(tx.query_one(
      "SELECT order_id FROM sales_deliveries WHERE id = $1 AND company_id = $2",
      {id.value(), context.company_id.value()}));
  if (!row) return not_found(id);
  TRY(lock_order(tx, context, OrderId{row->integer(0)}));
  return get_delivery(tx, context, id);
}

Error state_invalid(const Delivery& d, std::string_view action) {
  return Error::conflict("delivery_state_invalid",
                         "delivery " + d.number + " is " + d.state + ": cannot " +
                             std::string(action));
}

Result<void> touch(db::Tx& tx, const Context& context, DeliveryId id, std::string_view state) {
  TRY(tx.execute(
      "UPDATE sales_deliveries SET state = $1, updated_at = $2, version = version + 1 "
      "WHERE id = $3",
      {std::string(state), now_text(context), id.value()}));
  return Ok{};
}

struct PickPlan {
  std::map<int, std::int64_t> added_e6;                          // line_no → quantity
  std::vector<std::tuple<int, std::string, std::int64_t>> picks;  // line_no, lot, quantity
};

Result<PickPlan> plan_picks(db::Tx& tx, const Context& context, const Delivery& d,
                            const std::vector<ScanLine>& scans) {
  PickPlan plan;
  for (std::size_t i = 0; i < scans.size(); ++i) {
    const ScanLine& scan = scans[i];
    const std::string field = "lines/" + std::to_string(i);
    if (scan.quantity.value_e6() <= 0) {
      return Error::validation("delivery_quantity_invalid", "a scanned quantity must be positive",
                               field + "/quantity");
    }
    // A code that is the SKU of one of the delivery's products names it (SKUs come before
    // barcodes); any other code is looked up in the catalog.
    std::optional<ProductId> product_id;
    std::string sku;
    for (const auto& line : d.lines) {
      if (line.sku == scan.code) {
        product_id = line.product_id;
        sku = line.sku;
        break;
      }
    }
    if (!product_id) {
      auto product = inventory::find_product_by_code(tx, context.company_id, scan.code);
      if (!product.ok()) {
        if (product.error().code() != "product_not_found") return product.error();
        return Error::validation("delivery_code_unknown", "no product has the code " + scan.code,
                                 field + "/code");
      }
      product_id = product->id;
      sku = product->sku;
    }
    std::int64_t left_e6 = scan.quantity.value_e6();
    bool in_delivery = false;
    for (const auto& line : d.lines) {
      if (line.product_id != *product_id) continue;
      in_delivery = true;
      const std::int64_t room =
          line.quantity.value_e6() - line.picked.value_e6() - plan.added_e6[line.line_no];
      const std::int64_t take = std::min(room, left_e6);
      if (take <= 0) continue;
      plan.added_e6[line.line_no] += take;
      plan.picks.emplace_back(line.line_no, scan.lot, take);
      left_e6 -= take;
      if (left_e6 == 0) break;
    }
    if (!in_delivery) {
      return Error::validation("delivery_product_not_in_delivery",
                               sku + " is not in delivery " + d.number, field + "/code");
    }
    if (left_e6 > 0) {
      return Error::validation("delivery_quantity_exceeded",
                               "more " + sku + " scanned than delivery " + d.number +
                                   " needs",
                               field + "/quantity");
    }
  }
  return plan;
}

}  // namespace

Result<Delivery> get_delivery(db::Tx& tx, const Context& context, DeliveryId id) {
  const auto row = TRY(tx.query_one("SELECT " + std::string(kDeliveryColumns) +
                                        " FROM sales_deliveries WHERE id = $1 AND company_id = $2",
                                    {id.value(), context.company_id.value()}));
  if (!row) return not_found(id);
  Delivery d = TRY(read_delivery(*row));
  TRY(load_lines(tx, context, d));
  return d;
}

Result<DeliveryPage> list_deliveries(db::Tx& tx, const Context& context,
                                     const DeliveryQuery& query) {
  static const std::vector<std::string> kStates = {"ready", "picked", "packed", "shipped",
                                                   "cancelled"};
  if (!query.state.empty() &&
      std::find(kStates.begin(), kStates.end(), query.state) == kStates.end()) {
    return Error::validation("delivery_state_invalid", "unknown state " + query.state, "state");
  }
  KEEL_ASSERT(query.limit >= 1 && query.limit <= limits::kPageSizeMax);
  const auto rows = TRY(tx.query(
      "SELECT " + std::string(kDeliveryColumns) +
          " FROM sales_deliveries WHERE company_id = $1 AND id > $2 AND ($3 = 0 OR order_id = $3) "
          "AND ($4 = '' OR state = $4) ORDER BY id LIMIT $5",
      {context.company_id.value(), query.after_id,
       query.order_id ? query.order_id->value() : std::int64_t{0}, query.state,
       query.limit + 1}));
  DeliveryPage page;
  for (const auto& row : rows) {
    if (static_cast<std::int64_t>(page.items.size()) == query.limit) {
      page.next_cursor = page.items.back().id.value();
      break;
    }
    Delivery d = TRY(read_delivery(row));
    TRY(load_lines(tx, context, d));
    page.items.push_back(std::move(d));
  }
  return page;
}

Result<DeliveryId> create_delivery(db::Tx& tx, const Context& context, const Order& order) {
  std::vector<inventory::MoveId> move_ids;
  for (const auto& line : order.lines) {
    if (line.move_id) move_ids.push_back(*line.move_id);
  }
  const auto moves = TRY(inventory::get_moves(tx, context.company_id, move_ids));
  std::vector<NewLine> lines;
  std::size_t next = 0;
  for (const auto& line : order.lines) {
    if (!line.move_id) continue;
    const inventory::Move& move = moves[next++];
    if (move.state == inventory::MoveState::done || move.state == inventory::MoveState::cancelled)
      continue;
    lines.push_back({line.id, line.product_id, move.id, move.quantity});
  }
  // An order of services only has nothing to deliver.
  if (lines.empty()) return DeliveryId{};
  return insert_delivery(tx, context, order, std::nullopt, lines);
}

Result<void> cancel_deliveries(db::Tx& tx, const Context& context, OrderId order) {
  const auto rows = TRY(tx.query(
      "SELECT id FROM sales_deliveries WHERE order_id = $1 AND company_id = $2 AND state IN "
      "('ready', 'picked', 'packed') ORDER BY id",
      {order.value(), context.company_id.value()}));
  for (const auto& row : rows) {
    TRY(cancel_delivery_row(tx, context, DeliveryId{row.integer(0)}));
  }
  return Ok{};
}

Result<Delivery> cancel_delivery_row(db::Tx& tx, const Context& context, DeliveryId id) {
  const Delivery d = TRY(get_delivery(tx, context, id));
  if (d.state == "shipped" || d.state == "cancelled") return state_invalid(d, "cancel");
  TRY(touch(tx, context, id, "cancelled"));
  TRY(audit_change(tx, context, "cancel", "sales.delivery", id.value(), {{"state", "cancelled"}}));
  return get_delivery(tx, context, id);
}

Result<Delivery> pick_delivery(db::Tx& tx, const Context& context, DeliveryId id,
                               const std::vector<ScanLine>& scans) {
  const Delivery d = TRY(locked_delivery(tx, context, id));
  if (d.state != "ready" && d.state != "picked") return state_invalid(d, "pick");
  if (scans.empty()) {
    return Error::validation("delivery_scan_missing", "scan at least one line", "lines");
  }
  const PickPlan plan = TRY(plan_picks(tx, context, d, scans));
  for (const auto& [line_no, added] : plan.added_e6) {
    TRY(tx.execute(
        "UPDATE sales_delivery_lines SET picked_e6 = picked_e6 + $1 WHERE delivery_id = $2 "
        "AND line_no = $3",
        {added, id.value(), std::int64_t{line_no}}));
  }
  nlohmann::json scanned = nlohmann::json::array();
  for (const auto& [line_no, lot, quantity] : plan.picks) {
    TRY(tx.execute(
        "INSERT INTO sales_delivery_picks (delivery_id, line_no, lot, quantity_e6) VALUES ($1, "
        "$2, $3, $4) ON CONFLICT (delivery_id, line_no, lot) DO UPDATE SET quantity_e6 = "
        "sales_delivery_picks.quantity_e6 + excluded.quantity_e6",
        {id.value(), std::int64_t{line_no}, lot, quantity}));
    scanned.push_back(
        {{"line_no", line_no}, {"lot", lot}, {"quantity", quantity_of(quantity).to_string()}});
  }
  TRY(touch(tx, context, id, "picked"));
  TRY(audit_change(tx, context, "pick", "sales.delivery", id.value(), {{"picked", scanned}}));
  return get_delivery(tx, context, id);
}

Result<Delivery> pack_delivery(db::Tx& tx, const Context& context, DeliveryId id,
                               std::int64_t package_count, Quantity weight) {
  const Delivery d = TRY(locked_delivery(tx, context, id));
  if (d.state != "picked") return state_invalid(d, "pack");
  if (package_count < 1 || package_count > kPackageCountMax) {
    return Error::validation("delivery_package_count_invalid",
                             "package_count must be between 1 and " +
                                 std::to_string(kPackageCountMax),
                             "package_count");
  }
  if (weight.is_negative()) {
    return Error::validation("delivery_weight_invalid", "weight must not be negative", "weight");
  }
  TRY(tx.execute(
      "UPDATE sales_deliveries SET package_count = $1, weight_e6 = $2 WHERE id = $3",
      {package_count, weight.value_e6(), id.value()}));
  TRY(touch(tx, context, id, "packed"));
  TRY(audit_change(tx, context, "pack", "sales.delivery", id.value(),
                   {{"package_count", package_count}, {"weight", weight.to_string()}}));
  return get_delivery(tx, context, id);
}

namespace {

// Ships part of a move. complete_move would leave the rest in a new move whose id it does not
// return, so the move is replaced instead: cancelled (its reservation released), a move of
// the picked quantity reserved (completed with the others by the caller), and, when the
// order takes backorders, a move of the rest reserved as far as stock allows. All in the
// caller's transaction, so no other order can take the released stock in between.
struct PartialShip {
  MoveId part;
  std::optional<MoveId> rest;
};
Result<PartialShip> split_for_ship(db::Tx& tx, const Context& context, MoveId id,
                                   Quantity picked, bool keep_rest) {
  const inventory::Move original = TRY(inventory::get_move(tx, context.company_id, id));
  TRY(inventory::cancel_move(tx, context, id));
  inventory::MoveDraft draft;
  draft.product_id = original.product_id;
  draft.quantity = picked;
  draft.from_location_id = original.from_location_id;
  draft.to_location_id = original.to_location_id;
  draft.date = original.date;
  draft.origin = original.origin;
  draft.partner_id = original.partner_id;
  const auto part = TRY(inventory::create_move(tx, context, draft));
  TRY(inventory::reserve(tx, context, part.id, inventory::ReserveMode::all_or_nothing));
  PartialShip out{part.id, std::nullopt};
  if (keep_rest) {
    draft.quantity = TRY(original.quantity.subtract(picked));
    const auto rest = TRY(inventory::create_move(tx, context, draft));
    TRY(inventory::reserve(tx, context, rest.id, inventory::ReserveMode::partial));
    out.rest = rest.id;
  }
  return out;
}

struct ShipOutcome {
  std::vector<NewLine> rest;  // what stays to deliver
  nlohmann::json shipped = nlohmann::json::array();
};

// Completes the picked quantities of all lines in one inventory call, so the delivery's cost
// of goods is one ledger entry (origin sales.delivery:<id>).
Result<ShipOutcome> ship_lines(db::Tx& tx, const Context& context, const Delivery& d,
                               const Order& order, Date date) {
  ShipOutcome outcome;
  struct Shipping {
    const DeliveryLine* line;
    MoveId done;
    std::optional<MoveId> open;  // the order line's move afterwards, when not the done one
  };
  std::vector<Shipping> shipping;
  std::vector<inventory::MoveCompletion> completions;
  for (const auto& line : d.lines) {
    if (line.picked.is_zero()) {
      if (order.allow_backorder) {
        outcome.rest.push_back({line.order_line_id, line.product_id, line.move_id, line.quantity});
      } else {
        TRY(inventory::cancel_move(tx, context, line.move_id));
      }
      continue;
    }
    inventory::MoveCompletion completion;
    for (const auto& pick : line.picks) {
      if (pick.lot.empty()) continue;
      inventory::DoneLine done_line;
      done_line.quantity = pick.quantity;
      done_line.lot_name = pick.lot;
      completion.lots.push_back(std::move(done_line));
    }
    Shipping ship{&line, line.move_id, std::nullopt};
    if (line.picked < line.quantity) {
      const PartialShip part =
          TRY(split_for_ship(tx, context, line.move_id, line.picked, order.allow_backorder));
      ship.done = part.part;
      ship.open = part.rest;
      if (part.rest) {
        const Quantity left = TRY(line.quantity.subtract(line.picked));
        outcome.rest.push_back({line.order_line_id, line.product_id, *part.rest, left});
      }
    }
    completion.id = ship.done;
    completions.push_back(std::move(completion));
    shipping.push_back(ship);
  }
  if (!completions.empty()) {
    TRY(inventory::complete_moves(tx, context, completions, date, "Delivery " + d.number,
                                  "sales.delivery:" + std::to_string(d.id.value())));
  }
  for (const auto& ship : shipping) {
    const DeliveryLine& line = *ship.line;
    TRY(tx.execute(
        "UPDATE sales_delivery_lines SET shipped_e6 = picked_e6, done_move_id = $1 "
        "WHERE delivery_id = $2 AND line_no = $3",
        {ship.done.value(), d.id.value(), std::int64_t{line.line_no}}));
    // The order line names its open move (the rest) when there is one, else the done one.
    TRY(tx.execute(
        "UPDATE sales_order_lines SET quantity_delivered_e6 = quantity_delivered_e6 + $1, "
        "move_id = $2 WHERE id = $3",
        {line.picked.value_e6(), ship.open.value_or(ship.done).value(),
         line.order_line_id.value()}));
    outcome.shipped.push_back({{"line_no", line.line_no},
                               {"move_id", ship.done.value()},
                               {"quantity", line.picked.to_string()}});
  }
  return outcome;
}

}  // namespace

Result<Delivery> ship_delivery(db::Tx& tx, const Context& context, DeliveryId id,
                               const ShipInput& input) {
  const Delivery d = TRY(locked_delivery(tx, context, id));
  if (d.state != "packed") return state_invalid(d, "ship");
  if (input.carrier.empty()) {
    return Error::validation("delivery_carrier_missing", "name the carrier", "carrier");
  }
  const Date date = input.date.value_or(today(context));
  const Order order = TRY(get_order(tx, context, d.order_id));
  // The customer's credit lock (shipping can end the order, and with it what the order adds
  // to the customer's exposure), then stock rows in product order, then the ledger rows the
  // moves post to: the order in which confirming takes them.
  TRY(lock_partner_credit(tx, context, order.partner_id));
  std::vector<ProductId> products;
  for (const auto& line : d.lines) products.push_back(line.product_id);
  TRY(inventory::lock_stock(tx, context.company_id, products));
  const ShipOutcome outcome = TRY(ship_lines(tx, context, d, order, date));
  TRY(tx.execute(
      "UPDATE sales_deliveries SET carrier = $1, tracking_number = $2, shipped_date = $3 "
      "WHERE id = $4",
      {input.carrier, input.tracking_number, date.to_string(), id.value()}));
  TRY(touch(tx, context, id, "shipped"));
  std::optional<DeliveryId> backorder;
  if (!outcome.rest.empty()) {
    backorder = TRY(insert_delivery(tx, context, order, id, outcome.rest));
  }
  TRY(refresh_order_status(tx, context, d.order_id));
  TRY(audit_change(tx, context, "ship", "sales.delivery", id.value(),
                   {{"carrier", input.carrier},
                    {"tracking_number", input.tracking_number},
                    {"date", date.to_string()},
                    {"shipped", outcome.shipped},
                    {"backorder_id",
                     backorder ? nlohmann::json(backorder->value()) : nlohmann::json(nullptr)}}));
  return get_delivery(tx, context, id);
}

}  // namespace keel::sales::detail
