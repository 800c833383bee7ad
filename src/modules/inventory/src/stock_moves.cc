// Stock moves: creation, reservation (conditional updates, FEFO), completion with lots and
// serials (backorder split), cancellation. Quantities in inventory_quants change only here,
// in the move's transaction.
#include "stock_moves.h"

#include <algorithm>
#include <map>
#include <span>
#include <set>

#include "keel/auth/auth_api.h"
#include "keel/core/limits.h"
#include "stock_internal.h"

namespace keel::inventory {

std::string_view to_string(MoveState state) {
  switch (state) {
    case MoveState::draft:
      return "draft";
    case MoveState::confirmed:
      return "confirmed";
    case MoveState::partially_available:
      return "partially_available";
    case MoveState::assigned:
      return "assigned";
    case MoveState::done:
      return "done";
    case MoveState::cancelled:
      return "cancelled";
  }
  return "draft";
}

namespace stock {

bool is_open(MoveState state) { return state != MoveState::done && state != MoveState::cancelled; }

Date today(const Context& context) {
  const std::int64_t micros = to_unix_us(context.clock->now());
  const std::int64_t day_us = 86'400'000'000;
  const std::int64_t days = micros >= 0 ? micros / day_us : -((-micros + day_us - 1) / day_us);
  return Date::from_days_since_epoch(days).value();
}

Result<MoveState> parse_move_state(std::string_view text) {
  for (auto state : {MoveState::draft, MoveState::confirmed, MoveState::partially_available,
                     MoveState::assigned, MoveState::done, MoveState::cancelled}) {
    if (to_string(state) == text) return state;
  }
  return Error::validation("move_state_invalid", "unknown move state", "state");
}

Result<Lot> load_lot(db::Tx& tx, CompanyId company_id, LotId id) {
  const auto row =
      TRY(tx.query_one("SELECT id, product_id, name, expiry_date, is_serial FROM inventory_lots "
                       "WHERE company_id = $1 AND id = $2",
                       {company_id.value(), id.value()}));
  if (!row) return Error::validation("lot_not_found", "no lot " + std::to_string(id.value()));
  Lot lot;
  lot.id = LotId{row->integer(0)};
  lot.product_id = ProductId{row->integer(1)};
  lot.name = row->text(2);
  if (const auto expiry = row->optional_text(3)) lot.expiry_date = Date::parse(*expiry).value();
  lot.is_serial = row->integer(4) != 0;
  return lot;
}

Result<void> add_open_flow(db::Tx& tx, CompanyId company_id, const Move& move,
                           std::int64_t delta_e6) {
  if (delta_e6 == 0) return Ok{};
  TRY(tx.execute(
      "INSERT INTO inventory_open_flows (company_id, product_id, from_location_id, "
      "to_location_id, quantity_e6) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (product_id, "
      "from_location_id, to_location_id) DO UPDATE SET quantity_e6 = "
      "inventory_open_flows.quantity_e6 + excluded.quantity_e6",
      {company_id.value(), move.product_id.value(), move.from_location_id.value(),
       move.to_location_id.value(), delta_e6}));
  return Ok{};
}

Result<void> ensure_quant(db::Tx& tx, CompanyId company_id, ProductId product, LocationId location,
                          std::int64_t lot_id) {
  TRY(
      tx.execute("INSERT INTO inventory_quants (company_id, product_id, location_id, lot_id) "
                 "VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
                 {company_id.value(), product.value(), location.value(), lot_id}));
  return Ok{};
}

namespace {

constexpr std::string_view kMoveColumns =
    "id, product_id, quantity_e6, reserved_e6, done_quantity_e6, from_location_id, "
    "to_location_id, state, date, origin, partner_id, origin_move_id, value_minor, entry_id, "
    "backorder_of, unit_cost_e6";

// The move columns of `row`, without its lots.
MoveRow move_from(const db::Row& row) {
  MoveRow out;
  Move& move = out.move;
  move.id = MoveId{row.integer(0)};
  move.product_id = ProductId{row.integer(1)};
  move.quantity = quantity_of(row.integer(2));
  move.reserved = quantity_of(row.integer(3));
  move.done_quantity = quantity_of(row.integer(4));
  move.from_location_id = LocationId{row.integer(5)};
  move.to_location_id = LocationId{row.integer(6)};
  move.state = parse_move_state(row.text(7)).value();
  move.date = Date::parse(row.text(8)).value();
  move.origin = row.text(9);
  if (const auto partner = row.optional_integer(10)) move.partner_id = partners::PartyId{*partner};
  if (const auto origin = row.optional_integer(11)) move.origin_move_id = MoveId{*origin};
  if (const auto entry = row.optional_integer(13)) move.entry_id = accounting::EntryId{*entry};
  if (const auto backorder = row.optional_integer(14)) out.backorder_of = MoveId{*backorder};
  out.unit_cost_e6 = row.optional_integer(15);
  move.value = std::to_string(row.integer(12));  // formatted by the caller with the currency
  return out;
}

// Fills in the lots of `rows`: what a done move carried, what an open one has reserved. Two
// reads for all of them, a chunk of ids at a time.
Result<void> attach_lots(db::Tx& tx, std::vector<MoveRow>& rows) {
  std::map<std::int64_t, MoveRow*> by_id;
  std::vector<std::int64_t> done_ids;
  std::vector<std::int64_t> open_ids;
  for (auto& row : rows) {
    by_id[row.move.id.value()] = &row;
    (row.move.state == MoveState::done ? done_ids : open_ids).push_back(row.move.id.value());
  }
  for (const bool done : {true, false}) {
    const auto& ids = done ? done_ids : open_ids;
    for (std::size_t first = 0; first < ids.size(); first += kIdsPerReadMax) {
      const std::size_t count = std::min(kIdsPerReadMax, ids.size() - first);
      std::vector<db::Value> params;
      for (std::size_t i = 0; i < count; ++i) params.emplace_back(ids[first + i]);
      const auto lots = TRY(tx.query(
          std::string("SELECT x.move_id, x.lot_id, l.name, SUM(x.quantity_e6) FROM ") +
              (done ? "inventory_move_lines" : "inventory_move_reservations") +
              " x JOIN inventory_lots l ON l.id = x.lot_id WHERE x.move_id IN (" +
              placeholders(1, count) + ") GROUP BY x.move_id, x.lot_id, l.name ORDER BY "
              "x.move_id, x.lot_id",
          params));
      for (const auto& lot : lots) {
        by_id.at(lot.integer(0))->move.lots.push_back(
            {LotId{lot.integer(1)}, lot.text(2), quantity_of(lot.integer(3))});
      }
    }
  }
  return Ok{};
}

Result<Currency> company_currency(db::Tx& tx, CompanyId company_id) {
  const auth::Company company = TRY(auth::get_company(tx, company_id));
  return Currency::from_code(company.currency);
}

// Formats a stored value with the company currency's decimals.
void format_value(MoveRow& row, Currency currency) {
  row.move.value = money_of(std::stoll(row.move.value), currency).to_string();
}

Error insufficient(const Move& move) {
  return Error::conflict("stock_insufficient",
                         "not enough stock available for move " + std::to_string(move.id.value()));
}

Error state_invalid(const Move& move) {
  return Error::conflict("move_state_invalid", "move " + std::to_string(move.id.value()) + " is " +
                                                   std::string(to_string(move.state)));
}

// The product of a move, refusing services and templates.
Result<detail::StockProduct> product_for_move(db::Tx& tx, CompanyId company_id, ProductId id) {
  auto product = detail::stock_product(tx, company_id, id);
  if (!product.ok()) {
    if (product.error().code() != "product_not_found") return product.release_error();
    return Error::validation("product_not_found", product.error().message(), "product_id");
  }
  if (product->type == ProductType::service || product->is_template) {
    return Error::validation("product_not_stockable",
                             "services and product templates hold no stock", "product_id");
  }
  return product;
}

Result<void> check_quantity(const Quantity& quantity, int decimals, std::string field) {
  auto rounded = quantity.round_to(decimals, Rounding::half_even);
  if (quantity.is_negative() || quantity.is_zero() || !rounded.ok() || *rounded != quantity) {
    return Error::validation(
        "move_quantity_invalid",
        "a quantity is positive with at most " + std::to_string(decimals) + " decimals",
        std::move(field));
  }
  return Ok{};
}

Result<Location> location_field(db::Tx& tx, CompanyId company_id, LocationId id,
                                std::string field) {
  auto location = load_location(tx, company_id, id);
  if (!location.ok() && location.error().code() == "location_not_found") {
    return Error::validation("location_not_found", location.error().message(), std::move(field));
  }
  return location;
}

MoveState state_for(std::int64_t reserved_e6, std::int64_t quantity_e6) {
  if (reserved_e6 == 0) return MoveState::confirmed;
  return reserved_e6 >= quantity_e6 ? MoveState::assigned : MoveState::partially_available;
}

Result<void> set_reserved(db::Tx& tx, const Context& context, MoveId id, std::int64_t reserved_e6,
                          std::int64_t quantity_e6) {
  TRY(
      tx.execute("UPDATE inventory_moves SET reserved_e6 = $1, state = $2, updated_at = $3, "
                 "version = version + 1 WHERE id = $4",
                 {reserved_e6, std::string(to_string(state_for(reserved_e6, quantity_e6))),
                  now_text(context), id.value()}));
  return Ok{};
}

// Quant rows with something available in `locations`, earliest expiry first (untracked and
// undated lots last), then lot and location. `lot` narrows to one lot; `not_expired_on`
// leaves out lots whose expiry date is before it.
struct Available {
  LocationId location;
  std::int64_t lot_id = 0;
  std::int64_t available_e6 = 0;
  std::optional<Date> expiry;
};
Result<std::vector<Available>> available_quants(db::Tx& tx, CompanyId company_id, ProductId product,
                                                const std::vector<LocationId>& locations,
                                                std::optional<std::int64_t> lot,
                                                std::optional<Date> not_expired_on) {
  std::vector<db::Value> params{company_id.value(), product.value()};
  std::string sql =
      "SELECT q.location_id, q.lot_id, q.on_hand_e6 - q.reserved_e6, l.expiry_date "
      "FROM inventory_quants q LEFT JOIN inventory_lots l ON l.id = q.lot_id "
      "WHERE q.company_id = $1 AND q.product_id = $2 AND q.on_hand_e6 - q.reserved_e6 > 0";
  if (lot) {
    params.emplace_back(*lot);
    sql += " AND q.lot_id = $" + std::to_string(params.size());
  }
  if (not_expired_on) {
    params.emplace_back(not_expired_on->to_string());
    sql +=
        " AND (l.expiry_date IS NULL OR l.expiry_date >= $" + std::to_string(params.size()) + ")";
  }
  sql += " AND q.location_id IN (" + placeholders(params.size() + 1, locations.size()) + ")";
  for (const auto id : locations) params.emplace_back(id.value());
  sql +=
      " ORDER BY CASE WHEN l.expiry_date IS NULL THEN 1 ELSE 0 END, l.expiry_date, q.lot_id, "
      "q.location_id";
  const auto rows = TRY(tx.query(sql, params));
  std::vector<Available> out;
  for (const auto& row : rows) {
    Available available{LocationId{row.integer(0)}, row.integer(1), row.integer(2), std::nullopt};
    if (const auto expiry = row.optional_text(3)) available.expiry = Date::parse(*expiry).value();
    out.push_back(available);
  }
  return out;
}

// Adds up to `wanted_e6` to the reservation of one quant, never past what is available there
// when the statement runs (a concurrent reservation may have taken some): the conditional
// update is retried with what is left. Returns what was reserved.
Result<std::int64_t> reserve_quant(db::Tx& tx, ProductId product, LocationId location,
                                   std::int64_t lot_id, std::int64_t wanted_e6,
                                   std::int64_t seen_available_e6) {
  std::int64_t take = std::min(wanted_e6, seen_available_e6);
  while (take > 0) {
    const auto changed = TRY(tx.execute(
        "UPDATE inventory_quants SET reserved_e6 = reserved_e6 + $1 WHERE product_id = $2 AND "
        "location_id = $3 AND lot_id = $4 AND on_hand_e6 - reserved_e6 >= $1",
        {take, product.value(), location.value(), lot_id}));
    if (changed == 1) return take;
    const auto row = TRY(tx.query_one(
        "SELECT on_hand_e6 - reserved_e6 FROM inventory_quants WHERE product_id = $1 AND "
        "location_id = $2 AND lot_id = $3",
        {product.value(), location.value(), lot_id}));
    take = row ? std::min(wanted_e6, row->integer(0)) : 0;
  }
  return std::int64_t{0};
}

Result<void> add_reservation(db::Tx& tx, MoveId move, LocationId location, std::int64_t lot_id,
                             std::int64_t quantity_e6) {
  TRY(tx.execute(
      "INSERT INTO inventory_move_reservations (move_id, location_id, lot_id, quantity_e6) "
      "VALUES ($1, $2, $3, $4) ON CONFLICT (move_id, location_id, lot_id) DO UPDATE SET "
      "quantity_e6 = inventory_move_reservations.quantity_e6 + excluded.quantity_e6",
      {move.value(), location.value(), lot_id, quantity_e6}));
  return Ok{};
}

// Reserves up to `need_e6` for the move from its source subtree; returns what it got.
Result<std::int64_t> reserve_from(db::Tx& tx, const Context& context, const Move& move,
                                  const Location& to, std::int64_t need_e6,
                                  const std::vector<LocationId>* sources = nullptr) {
  const auto locations =
      sources != nullptr ? *sources : TRY(subtree(tx, context.company_id, move.from_location_id));
  const std::optional<Date> fresh_on =
      to.usage == LocationUsage::customer ? std::optional<Date>(move.date) : std::nullopt;
  const auto candidates = TRY(
      available_quants(tx, context.company_id, move.product_id, locations, std::nullopt, fresh_on));
  std::int64_t got = 0;
  for (const auto& candidate : candidates) {
    if (got == need_e6) break;
    const std::int64_t taken =
        TRY(reserve_quant(tx, move.product_id, candidate.location, candidate.lot_id, need_e6 - got,
                          candidate.available_e6));
    if (taken > 0) TRY(add_reservation(tx, move.id, candidate.location, candidate.lot_id, taken));
    got += taken;
  }
  return got;
}

struct Reservation {
  LocationId location;
  std::int64_t lot_id = 0;
  std::int64_t quantity_e6 = 0;
  std::optional<Date> expiry;
};
Result<std::vector<Reservation>> reservations_of(db::Tx& tx, MoveId move) {
  const auto rows = TRY(
      tx.query("SELECT r.location_id, r.lot_id, r.quantity_e6, l.expiry_date FROM "
               "inventory_move_reservations r LEFT JOIN inventory_lots l ON l.id = r.lot_id "
               "WHERE r.move_id = $1 ORDER BY CASE WHEN l.expiry_date IS NULL THEN 1 ELSE 0 END, "
               "l.expiry_date, r.lot_id, r.location_id",
               {move.value()}));
  std::vector<Reservation> out;
  for (const auto& row : rows) {
    Reservation reservation{LocationId{row.integer(0)}, row.integer(1), row.integer(2),
                            std::nullopt};
    if (const auto expiry = row.optional_text(3)) reservation.expiry = Date::parse(*expiry).value();
    out.push_back(reservation);
  }
  return out;
}

Result<void> release_reservations(db::Tx& tx, const Move& move) {
  for (const auto& reservation : TRY(reservations_of(tx, move.id))) {
    const auto changed = TRY(tx.execute(
        "UPDATE inventory_quants SET reserved_e6 = reserved_e6 - $1 WHERE product_id = $2 AND "
        "location_id = $3 AND lot_id = $4 AND reserved_e6 >= $1",
        {reservation.quantity_e6, move.product_id.value(), reservation.location.value(),
         reservation.lot_id}));
    KEEL_ASSERT(changed == 1);
  }
  TRY(tx.execute("DELETE FROM inventory_move_reservations WHERE move_id = $1", {move.id.value()}));
  return Ok{};
}

// Runs `body` inside a savepoint, undone when it fails, so that a failed command leaves the
// caller's transaction as it was.
template <typename F>
auto atomically(db::Tx& tx, std::string_view name, F&& body) -> decltype(body()) {
  TRY(tx.savepoint(name));
  auto result = body();
  if (!result.ok()) {
    TRY(tx.rollback_to_savepoint(name));
    TRY(tx.release_savepoint(name));
    return result;
  }
  TRY(tx.release_savepoint(name));
  return result;
}

// One planned line of a done move: `quantity_e6` leaves `from` (of which `reserved_e6` was
// reserved by the move) and enters `to`.
struct Planned {
  LocationId from;
  LocationId to;
  std::int64_t lot_id = 0;
  std::int64_t quantity_e6 = 0;
  std::int64_t reserved_e6 = 0;
  std::optional<Date> expiry;
};

Error lot_mismatch() {
  return Error::validation("lot_quantity_mismatch",
                           "the lots' quantities add up to the done quantity", "lots");
}

Result<void> check_lot_sum(const std::vector<DoneLine>& lots, const Quantity& done) {
  std::int64_t sum = 0;
  for (const auto& line : lots) {
    if (line.quantity.is_negative() || line.quantity.is_zero()) return lot_mismatch();
    sum += line.quantity.value_e6();
    if (sum > Quantity::kValueE6Max) return lot_mismatch();
  }
  if (sum != done.value_e6()) return lot_mismatch();
  return Ok{};
}

Result<Lot> lot_of_product(db::Tx& tx, CompanyId company_id, ProductId product, LotId id) {
  const Lot lot = TRY(load_lot(tx, company_id, id));
  if (lot.product_id != product) {
    return Error::validation("lot_not_found",
                             "lot " + std::to_string(id.value()) + " is not of this product");
  }
  return lot;
}

// The lot named `name` of the product, created (with its expiry) when it does not exist.
Result<Lot> lot_by_name(db::Tx& tx, const Context& context, const detail::StockProduct& product,
                        const DoneLine& line) {
  if (line.lot_name.empty() || line.lot_name.size() > kLotNameLengthMax) {
    return Error::validation("lot_required", "each lot line names a lot (1 to 100 characters)",
                             "lots");
  }
  TRY(tx.execute(
      "INSERT INTO inventory_lots (company_id, product_id, name, expiry_date, is_serial, "
      "created_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
      {context.company_id.value(), product.id.value(), line.lot_name,
       line.expiry_date ? db::Value(line.expiry_date->to_string()) : db::Value(db::null),
       std::int64_t{product.tracking == Tracking::serial ? 1 : 0}, now_text(context)}));
  const auto row = TRY(tx.query_one(
      "SELECT id FROM inventory_lots WHERE company_id = $1 AND product_id = $2 AND name = $3",
      {context.company_id.value(), product.id.value(), line.lot_name}));
  KEEL_ASSERT(row.has_value());
  return load_lot(tx, context.company_id, LotId{row->integer(0)});
}

// Lines of a move whose source is outside the company's stock (a receipt, a return, stock
// found): lots are named or created here.
Result<std::vector<Planned>> plan_incoming(db::Tx& tx, const Context& context, const Move& move,
                                           const detail::StockProduct& product,
                                           const Quantity& done,
                                           const std::vector<DoneLine>& lots) {
  if (product.tracking == Tracking::none) {
    if (!lots.empty()) {
      return Error::validation("lot_not_tracked", "the product has no lots or serials", "lots");
    }
    return std::vector<Planned>{
        {move.from_location_id, move.to_location_id, 0, done.value_e6(), 0, std::nullopt}};
  }
  if (lots.empty()) {
    return Error::validation("lot_required", "a tracked product is received with its lots", "lots");
  }
  TRY(check_lot_sum(lots, done));
  std::vector<Planned> out;
  std::set<std::int64_t> serials;
  for (std::size_t i = 0; i < lots.size(); ++i) {
    const DoneLine& line = lots[i];
    TRY(check_quantity(line.quantity, product.uom_decimals,
                       "lots/" + std::to_string(i) + "/quantity"));
    if (product.tracking == Tracking::serial && line.quantity.value_e6() != 1'000'000) {
      return Error::validation("serial_quantity_invalid", "a serial number is one unit",
                               "lots/" + std::to_string(i) + "/quantity");
    }
    const Lot lot = line.lot_id
                        ? TRY(lot_of_product(tx, context.company_id, product.id, *line.lot_id))
                        : TRY(lot_by_name(tx, context, product, line));
    if (product.tracking == Tracking::serial) {
      const auto held = TRY(
          tx.query_one("SELECT 1 FROM inventory_quants WHERE product_id = $1 AND lot_id = $2 AND "
                       "on_hand_e6 > 0",
                       {product.id.value(), lot.id.value()}));
      if (held || !serials.insert(lot.id.value()).second) {
        return Error::conflict("serial_in_stock", "serial " + lot.name + " is already in stock");
      }
    }
    out.push_back({move.from_location_id, move.to_location_id, lot.id.value(),
                   line.quantity.value_e6(), 0, lot.expiry_date});
  }
  return out;
}

// Takes up to `wanted` from the move's reservations (of one lot when given), FEFO.
std::int64_t take_reserved(std::vector<Reservation>& reservations, std::optional<std::int64_t> lot,
                           std::int64_t wanted, const Move& move, std::vector<Planned>& out) {
  std::int64_t got = 0;
  for (auto& reservation : reservations) {
    if (got == wanted) break;
    if (lot && reservation.lot_id != *lot) continue;
    const std::int64_t take = std::min(wanted - got, reservation.quantity_e6);
    if (take == 0) continue;
    reservation.quantity_e6 -= take;
    out.push_back({reservation.location, move.to_location_id, reservation.lot_id, take, take,
                   reservation.expiry});
    got += take;
  }
  return got;
}

Result<std::int64_t> take_available(db::Tx& tx, const Context& context, const Move& move,
                                    const std::vector<LocationId>& locations,
                                    std::optional<std::int64_t> lot, std::optional<Date> fresh_on,
                                    std::int64_t wanted, std::vector<Planned>& out) {
  std::int64_t got = 0;
  const auto candidates =
      TRY(available_quants(tx, context.company_id, move.product_id, locations, lot, fresh_on));
  for (const auto& candidate : candidates) {
    if (got == wanted) break;
    const std::int64_t take = std::min(wanted - got, candidate.available_e6);
    out.push_back(
        {candidate.location, move.to_location_id, candidate.lot_id, take, 0, candidate.expiry});
    got += take;
  }
  return got;
}

// Lines of a move out of internal stock: its reservations first (of the lots named when
// `lots` is given), then what is available in the source subtree.
Result<std::vector<Planned>> plan_outgoing(db::Tx& tx, const Context& context, const Move& move,
                                           const detail::StockProduct& product, const Location& to,
                                           const Quantity& done, const std::vector<DoneLine>& lots,
                                           Date date, const std::vector<LocationId>& locations) {
  auto reservations = TRY(reservations_of(tx, move.id));
  const bool to_customer = to.usage == LocationUsage::customer;
  std::vector<Planned> out;
  if (lots.empty()) {
    std::int64_t got = take_reserved(reservations, std::nullopt, done.value_e6(), move, out);
    got += TRY(take_available(tx, context, move, locations, std::nullopt,
                              to_customer ? std::optional<Date>(date) : std::nullopt,
                              done.value_e6() - got, out));
    if (got < done.value_e6()) return insufficient(move);
  } else {
    if (product.tracking == Tracking::none) {
      return Error::validation("lot_not_tracked", "the product has no lots or serials", "lots");
    }
    TRY(check_lot_sum(lots, done));
    for (std::size_t i = 0; i < lots.size(); ++i) {
      const DoneLine& line = lots[i];
      if (!line.lot_id && line.lot_name.empty()) {
        return Error::validation("lot_required", "name the lot to take", "lots");
      }
      LotId lot_id = line.lot_id.value_or(LotId{});
      if (!line.lot_id) {
        const auto row = TRY(tx.query_one(
            "SELECT id FROM inventory_lots WHERE company_id = $1 AND product_id = $2 AND "
            "name = $3",
            {context.company_id.value(), product.id.value(), line.lot_name}));
        if (!row) return Error::validation("lot_not_found", "no lot " + line.lot_name, "lots");
        lot_id = LotId{row->integer(0)};
      }
      const Lot lot = TRY(lot_of_product(tx, context.company_id, product.id, lot_id));
      const std::int64_t wanted = line.quantity.value_e6();
      std::int64_t got = take_reserved(reservations, lot.id.value(), wanted, move, out);
      got += TRY(take_available(tx, context, move, locations, lot.id.value(), std::nullopt,
                                wanted - got, out));
      if (got < wanted) return insufficient(move);
    }
  }
  if (to_customer) {
    for (const auto& line : out) {
      if (line.expiry && *line.expiry < date) {
        return Error::validation("lot_expired", "a lot past its expiry date cannot be shipped",
                                 "lots");
      }
    }
  }
  return out;
}

Result<void> apply_line(db::Tx& tx, const Context& context, const Move& move, const Planned& line,
                        bool from_internal, bool to_internal) {
  if (from_internal) {
    const auto changed = TRY(tx.execute(
        "UPDATE inventory_quants SET on_hand_e6 = on_hand_e6 - $1, reserved_e6 = reserved_e6 - "
        "$2 WHERE product_id = $3 AND location_id = $4 AND lot_id = $5 AND reserved_e6 >= $2 "
        "AND on_hand_e6 - reserved_e6 >= $1 - $2",
        {line.quantity_e6, line.reserved_e6, move.product_id.value(), line.from.value(),
         line.lot_id}));
    if (changed != 1) return insufficient(move);
    if (line.reserved_e6 > 0) {
      const auto kept = TRY(
          tx.execute("UPDATE inventory_move_reservations SET quantity_e6 = quantity_e6 - $1 WHERE "
                     "move_id = $2 AND location_id = $3 AND lot_id = $4 AND quantity_e6 > $1",
                     {line.reserved_e6, move.id.value(), line.from.value(), line.lot_id}));
      if (kept == 0) {
        TRY(
            tx.execute("DELETE FROM inventory_move_reservations WHERE move_id = $1 AND "
                       "location_id = $2 AND lot_id = $3",
                       {move.id.value(), line.from.value(), line.lot_id}));
      }
    }
  }
  if (to_internal) {
    TRY(ensure_quant(tx, context.company_id, move.product_id, line.to, line.lot_id));
    TRY(
        tx.execute("UPDATE inventory_quants SET on_hand_e6 = on_hand_e6 + $1 WHERE "
                   "product_id = $2 AND location_id = $3 AND lot_id = $4",
                   {line.quantity_e6, move.product_id.value(), line.to.value(), line.lot_id}));
  }
  TRY(tx.execute(
      "INSERT INTO inventory_move_lines (move_id, from_location_id, to_location_id, "
      "lot_id, quantity_e6) VALUES ($1, $2, $3, $4, $5)",
      {move.id.value(), line.from.value(), line.to.value(), line.lot_id, line.quantity_e6}));
  return Ok{};
}

// The rest of a partly done move becomes a new open move that keeps what is still reserved
// (up to its quantity; any excess is released).
Result<void> split_backorder(db::Tx& tx, const Context& context, const Move& move,
                             std::int64_t rest_e6) {
  const auto row = TRY(tx.query_one(
      "INSERT INTO inventory_moves (company_id, product_id, quantity_e6, from_location_id, "
      "to_location_id, state, date, origin, partner_id, origin_move_id, backorder_of, "
      "unit_cost_e6, created_at, updated_at) SELECT company_id, product_id, $1, "
      "from_location_id, to_location_id, 'confirmed', date, origin, partner_id, origin_move_id, "
      "id, unit_cost_e6, $2, $2 FROM inventory_moves WHERE id = $3 RETURNING id",
      {rest_e6, now_text(context), move.id.value()}));
  KEEL_ASSERT(row.has_value());
  const MoveId backorder{row->integer(0)};
  TRY(add_open_flow(tx, context.company_id, move, rest_e6));
  TRY(tx.execute("UPDATE inventory_move_reservations SET move_id = $1 WHERE move_id = $2",
                 {backorder.value(), move.id.value()}));
  Move moved = move;
  moved.id = backorder;
  std::int64_t kept = 0;
  for (const auto& reservation : TRY(reservations_of(tx, backorder))) {
    kept += reservation.quantity_e6;
  }
  if (kept > rest_e6) {
    TRY(release_reservations(tx, moved));
    kept = 0;
    const Location to = TRY(load_location(tx, context.company_id, move.to_location_id));
    kept = TRY(reserve_from(tx, context, Move{moved}, to, rest_e6));
  }
  TRY(set_reserved(tx, context, backorder, kept, rest_e6));
  TRY(audit_change(
      tx, context, "create", "inventory.move", backorder.value(),
      {{"backorder_of", move.id.value()}, {"quantity", quantity_of(rest_e6).to_string()}}));
  return Ok{};
}

// What completing moves reads more than once: products, locations and the source subtrees,
// each loaded on first use.
struct CompleteLookups {
  std::map<std::int64_t, detail::StockProduct> products;
  std::map<std::int64_t, Location> locations;
  std::map<std::int64_t, std::vector<LocationId>> subtrees;

  Result<detail::StockProduct> product(db::Tx& tx, CompanyId company_id, ProductId id) {
    if (const auto found = products.find(id.value()); found != products.end()) {
      return found->second;
    }
    auto loaded = TRY(product_for_move(tx, company_id, id));
    products.emplace(id.value(), loaded);
    return loaded;
  }
  Result<Location> location(db::Tx& tx, CompanyId company_id, LocationId id) {
    if (const auto found = locations.find(id.value()); found != locations.end()) {
      return found->second;
    }
    auto loaded = TRY(load_location(tx, company_id, id));
    locations.emplace(id.value(), loaded);
    return loaded;
  }
  Result<std::vector<LocationId>> subtree_of(db::Tx& tx, CompanyId company_id, LocationId id) {
    if (const auto found = subtrees.find(id.value()); found != subtrees.end()) {
      return found->second;
    }
    auto loaded = TRY(subtree(tx, company_id, id));
    subtrees.emplace(id.value(), loaded);
    return loaded;
  }
};

// Does the move `row` (read by the caller); its entry is posted now, or added to `batch`.
Result<void> complete_row(db::Tx& tx, const Context& context, const MoveRow& row,
                          std::optional<Quantity> quantity, const std::vector<DoneLine>& lots,
                          std::optional<Date> date, CompleteLookups& lookups,
                          PostingBatch* batch) {
  const Move& move = row.move;
  const MoveId id = move.id;
  if (!is_open(move.state)) return state_invalid(move);
  const auto product = TRY(lookups.product(tx, context.company_id, move.product_id));
  const Quantity done = quantity.value_or(move.quantity);
  TRY(check_quantity(done, product.uom_decimals, "quantity"));
  if (done > move.quantity) {
    return Error::validation("move_quantity_invalid", "more than the move's quantity", "quantity");
  }
  if (lots.size() > kDoneLinesMax) return lot_mismatch();
  const Date done_date = date.value_or(move.date);
  const Location from = TRY(lookups.location(tx, context.company_id, move.from_location_id));
  const Location to = TRY(lookups.location(tx, context.company_id, move.to_location_id));
  const bool from_internal = from.usage == LocationUsage::internal;
  const bool to_internal = to.usage == LocationUsage::internal;
  const std::vector<Planned> lines =
      from_internal
          ? TRY(plan_outgoing(tx, context, move, product, to, done, lots, done_date,
                              TRY(lookups.subtree_of(tx, context.company_id, from.id))))
          : TRY(plan_incoming(tx, context, move, product, done, lots));
  for (const auto& line : lines) {
    TRY(apply_line(tx, context, move, line, from_internal, to_internal));
  }
  const std::int64_t rest = move.quantity.value_e6() - done.value_e6();
  if (rest > 0) {
    TRY(split_backorder(tx, context, move, rest));
  } else {
    TRY(release_reservations(tx, move));
  }
  TRY(add_open_flow(tx, context.company_id, move, -move.quantity.value_e6()));
  TRY(
      tx.execute("UPDATE inventory_moves SET state = 'done', quantity_e6 = $1, "
                 "done_quantity_e6 = $1, reserved_e6 = 0, date = $2, updated_at = $3, "
                 "version = version + 1 WHERE id = $4",
                 {done.value_e6(), done_date.to_string(), now_text(context), id.value()}));
  Move done_move = move;
  done_move.state = MoveState::done;
  done_move.quantity = done;
  done_move.done_quantity = done;
  done_move.reserved = Quantity::zero();
  done_move.date = done_date;
  std::optional<UnitPrice> unit_cost;
  if (row.unit_cost_e6) {
    unit_cost = TRY(UnitPrice::from_value_e6(*row.unit_cost_e6, context.company_currency));
  }
  const Valuation valuation = TRY(
      value_done_move(tx, context, product, done_move, unit_cost, from.usage, to.usage, batch));
  TRY(
      tx.execute("UPDATE inventory_moves SET value_minor = $1, entry_id = $2, unit_cost_e6 = $3 "
                 "WHERE id = $4",
                 {valuation.value_minor,
                  valuation.entry_id ? db::Value(valuation.entry_id->value()) : db::Value(db::null),
                  valuation.unit_cost_e6 ? db::Value(*valuation.unit_cost_e6) : db::Value(db::null),
                  id.value()}));
  TRY(audit_change(tx, context, "done", "inventory.move", id.value(),
                   {{"quantity", done.to_string()},
                    {"date", done_date.to_string()},
                    {"value_minor", valuation.value_minor}}));
  return Ok{};
}

}  // namespace

Result<std::vector<MoveRow>> load_move_rows(db::Tx& tx, CompanyId company_id,
                                            std::span<const MoveId> ids, Currency currency) {
  std::vector<MoveRow> out;
  out.reserve(ids.size());
  std::map<std::int64_t, std::size_t> index;
  for (std::size_t first = 0; first < ids.size(); first += kIdsPerReadMax) {
    const std::size_t count = std::min(kIdsPerReadMax, ids.size() - first);
    std::vector<db::Value> params{company_id.value()};
    for (std::size_t i = 0; i < count; ++i) params.emplace_back(ids[first + i].value());
    const auto rows = TRY(tx.query("SELECT " + std::string(kMoveColumns) +
                                       " FROM inventory_moves WHERE company_id = $1 AND id IN (" +
                                       placeholders(2, count) + ")",
                                   params));
    for (const auto& row : rows) {
      index[row.integer(0)] = out.size();
      out.push_back(move_from(row));
    }
  }
  std::vector<MoveRow> ordered;
  ordered.reserve(ids.size());
  for (const auto id : ids) {
    const auto found = index.find(id.value());
    if (found == index.end()) {
      return Error::not_found("move_not_found", "no move " + std::to_string(id.value()));
    }
    ordered.push_back(out[found->second]);
  }
  TRY(attach_lots(tx, ordered));
  for (auto& row : ordered) format_value(row, currency);
  return ordered;
}

Result<MoveRow> load_move_row(db::Tx& tx, CompanyId company_id, MoveId id) {
  const MoveId ids[] = {id};
  const Currency currency = TRY(company_currency(tx, company_id));
  return std::move(TRY(load_move_rows(tx, company_id, ids, currency)).front());
}

Result<Move> load_move(db::Tx& tx, CompanyId company_id, MoveId id) {
  return TRY(load_move_row(tx, company_id, id)).move;
}

Result<Move> load_move(db::Tx& tx, const Context& context, MoveId id) {
  const MoveId ids[] = {id};
  return std::move(
      TRY(load_move_rows(tx, context.company_id, ids, context.company_currency)).front().move);
}

Result<MovePage> list_moves(db::Tx& tx, CompanyId company_id, const MoveQuery& query) {
  std::vector<db::Value> params{company_id.value()};
  std::string sql =
      "SELECT " + std::string(kMoveColumns) + " FROM inventory_moves WHERE company_id = $1";
  const auto bind = [&](db::Value value) {
    params.push_back(std::move(value));
    return "$" + std::to_string(params.size());
  };
  if (query.product_id) sql += " AND product_id = " + bind(query.product_id->value());
  if (query.location_id) {
    const std::string p = bind(query.location_id->value());
    sql += " AND (from_location_id = " + p + " OR to_location_id = " + p + ")";
  }
  if (query.origin) sql += " AND origin = " + bind(*query.origin);
  if (query.state) sql += " AND state = " + bind(std::string(to_string(*query.state)));
  if (query.from) sql += " AND date >= " + bind(query.from->to_string());
  if (query.to) sql += " AND date <= " + bind(query.to->to_string());
  if (query.after_id > 0) sql += " AND id < " + bind(query.after_id);
  sql += " ORDER BY id DESC LIMIT " + bind(query.limit + 1);
  const auto rows = TRY(tx.query(sql, params));
  const Currency currency = TRY(company_currency(tx, company_id));
  MovePage page;
  for (const auto& row : rows) {
    if (static_cast<std::int64_t>(page.items.size()) == query.limit) {
      page.next_cursor = page.items.back().move.id.value();
      break;
    }
    page.items.push_back(move_from(row));
  }
  TRY(attach_lots(tx, page.items));
  for (auto& item : page.items) format_value(item, currency);
  return page;
}

}  // namespace stock

using stock::insufficient;
using stock::load_location;
using stock::state_invalid;

namespace stock {
namespace {

// Checks a draft against its (already loaded) product and locations and records the move,
// state confirmed. Returns the move as stored, without an audit row.
Result<Move> insert_move(db::Tx& tx, const Context& context, const MoveDraft& draft,
                         const detail::StockProduct& product, const Location& from,
                         const Location& to) {
  TRY(check_quantity(draft.quantity, product.uom_decimals, "quantity"));
  if (from.id == to.id) {
    return Error::validation("move_locations_same", "a move goes between two locations",
                             "to_location_id");
  }
  if (draft.origin.size() > kOriginLengthMax) {
    return Error::validation("move_origin_invalid", "an origin is at most 200 characters",
                             "origin");
  }
  if (draft.unit_cost && (draft.unit_cost->is_negative() ||
                          !(draft.unit_cost->currency() == context.company_currency))) {
    return Error::validation("move_unit_cost_invalid", "a unit cost is ≥ 0 in the company currency",
                             "unit_cost");
  }
  if (draft.origin_move_id) {
    auto origin = load_move(tx, context, *draft.origin_move_id);
    if (!origin.ok() || origin->state != MoveState::done ||
        origin->product_id != draft.product_id) {
      return Error::validation("origin_move_invalid",
                               "the origin move is a done move of the same product",
                               "origin_move_id");
    }
  }
  Move move;
  move.product_id = draft.product_id;
  move.quantity = draft.quantity;
  move.from_location_id = from.id;
  move.to_location_id = to.id;
  move.state = MoveState::confirmed;
  move.date = draft.date == accounting::detail::placeholder_date() ? today(context) : draft.date;
  move.origin = draft.origin;
  move.partner_id = draft.partner_id;
  move.origin_move_id = draft.origin_move_id;
  move.value = "0";
  const std::string now = now_text(context);
  const auto row = TRY(tx.query_one(
      "INSERT INTO inventory_moves (company_id, product_id, quantity_e6, from_location_id, "
      "to_location_id, state, date, origin, partner_id, origin_move_id, unit_cost_e6, "
      "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, 'confirmed', $6, $7, $8, $9, $10, "
      "$11, $11) RETURNING id",
      {context.company_id.value(), draft.product_id.value(), draft.quantity.value_e6(),
       from.id.value(), to.id.value(), move.date.to_string(), draft.origin,
       draft.partner_id ? db::Value(draft.partner_id->value()) : db::Value(db::null),
       draft.origin_move_id ? db::Value(draft.origin_move_id->value()) : db::Value(db::null),
       draft.unit_cost ? db::Value(draft.unit_cost->value_e6()) : db::Value(db::null), now}));
  KEEL_ASSERT(row.has_value());
  move.id = MoveId{row->integer(0)};
  return move;
}

nlohmann::json created_json(const Move& move) {
  return {{"product_id", move.product_id.value()},
          {"quantity", move.quantity.to_string()},
          {"from_location_id", move.from_location_id.value()},
          {"to_location_id", move.to_location_id.value()},
          {"origin", move.origin}};
}

// Reserves what the open `move` still needs from `from` (the source location, `sources` its
// subtree when already read) and returns the move's new reserved quantity (e6). All or
// nothing undoes its partial takes on stock_insufficient. `audit`: one "reserve" row.
Result<std::int64_t> reserve_loaded(db::Tx& tx, const Context& context, const Move& move,
                                    const Location& from, const Location& to, ReserveMode mode,
                                    const std::vector<LocationId>* sources, bool audit) {
  const std::int64_t need = move.quantity.value_e6() - move.reserved.value_e6();
  if (need == 0) return move.reserved.value_e6();
  if (from.usage != LocationUsage::internal) {
    // Goods from outside the company are there when they come: nothing to set aside.
    TRY(set_reserved(tx, context, move.id, move.quantity.value_e6(), move.quantity.value_e6()));
    return move.quantity.value_e6();
  }
  return atomically(tx, "inventory_reserve", [&]() -> Result<std::int64_t> {
    const std::int64_t got = TRY(reserve_from(tx, context, move, to, need, sources));
    if (mode == ReserveMode::all_or_nothing && got < need) return insufficient(move);
    if (got == 0) return move.reserved.value_e6();
    const std::int64_t reserved = move.reserved.value_e6() + got;
    TRY(set_reserved(tx, context, move.id, reserved, move.quantity.value_e6()));
    if (audit) {
      TRY(audit_change(tx, context, "reserve", "inventory.move", move.id.value(),
                       {{"reserved", quantity_of(reserved).to_string()}}));
    }
    return reserved;
  });
}

}  // namespace
}  // namespace stock

Result<Move> create_move(db::Tx& tx, const Context& context, const MoveDraft& draft) {
  const auto product = TRY(stock::product_for_move(tx, context.company_id, draft.product_id));
  const Location from = TRY(
      stock::location_field(tx, context.company_id, draft.from_location_id, "from_location_id"));
  const Location to =
      TRY(stock::location_field(tx, context.company_id, draft.to_location_id, "to_location_id"));
  const Move move = TRY(stock::insert_move(tx, context, draft, product, from, to));
  TRY(stock::add_open_flow(tx, context.company_id, move, move.quantity.value_e6()));
  TRY(stock::audit_change(tx, context, "create", "inventory.move", move.id.value(),
                          stock::created_json(move)));
  return stock::load_move(tx, context, move.id);
}

Result<std::vector<Move>> create_moves(db::Tx& tx, const Context& context,
                                       std::span<const MoveDraft> drafts,
                                       std::optional<ReserveMode> reserve, std::size_t* failed) {
  return stock::atomically(tx, "inventory_create_moves", [&]() -> Result<std::vector<Move>> {
    std::map<std::int64_t, detail::StockProduct> products;
    std::map<std::int64_t, Location> locations;
    std::map<std::int64_t, std::vector<LocationId>> sources;
    const auto location = [&](LocationId id, const char* field) -> Result<Location> {
      if (const auto found = locations.find(id.value()); found != locations.end()) {
        return found->second;
      }
      Location loaded = TRY(stock::location_field(tx, context.company_id, id, field));
      locations.emplace(id.value(), loaded);
      return loaded;
    };
    std::vector<MoveId> ids;
    for (const MoveDraft& draft : drafts) {
      if (failed != nullptr) *failed = ids.size();
      auto product = products.find(draft.product_id.value());
      if (product == products.end()) {
        product = products
                      .emplace(draft.product_id.value(),
                               TRY(stock::product_for_move(tx, context.company_id,
                                                           draft.product_id)))
                      .first;
      }
      const Location from = TRY(location(draft.from_location_id, "from_location_id"));
      const Location to = TRY(location(draft.to_location_id, "to_location_id"));
      const Move move = TRY(stock::insert_move(tx, context, draft, product->second, from, to));
      nlohmann::json after = stock::created_json(move);
      if (reserve) {
        const std::vector<LocationId>* subtree = nullptr;
        if (from.usage == LocationUsage::internal) {
          auto found = sources.find(from.id.value());
          if (found == sources.end()) {
            found = sources.emplace(from.id.value(), TRY(stock::subtree(tx, context.company_id,
                                                                         from.id)))
                        .first;
          }
          subtree = &found->second;
        }
        const std::int64_t reserved = TRY(
            stock::reserve_loaded(tx, context, move, from, to, *reserve, subtree, false));
        after["reserved"] = stock::quantity_of(reserved).to_string();
      }
      // After the reservation: stock rows before flow rows, as shipping takes them.
      TRY(stock::add_open_flow(tx, context.company_id, move, move.quantity.value_e6()));
      TRY(stock::audit_change(tx, context, "create", "inventory.move", move.id.value(),
                              std::move(after)));
      ids.push_back(move.id);
    }
    std::vector<Move> out;
    out.reserve(ids.size());
    for (auto& row : TRY(stock::load_move_rows(tx, context.company_id, ids,
                                               context.company_currency))) {
      out.push_back(std::move(row.move));
    }
    return out;
  });
}

Result<Move> reserve(db::Tx& tx, const Context& context, MoveId id, ReserveMode mode) {
  const Move move = TRY(stock::load_move(tx, context, id));
  if (!stock::is_open(move.state)) return state_invalid(move);
  if (move.quantity == move.reserved) return move;
  const Location from = TRY(load_location(tx, context.company_id, move.from_location_id));
  const Location to = TRY(load_location(tx, context.company_id, move.to_location_id));
  const std::int64_t before = move.reserved.value_e6();
  const std::int64_t reserved =
      TRY(stock::reserve_loaded(tx, context, move, from, to, mode, nullptr, true));
  if (reserved == before) return move;
  return stock::load_move(tx, context, id);
}

Result<void> lock_stock(db::Tx& tx, CompanyId company_id, std::span<const ProductId> products) {
  if (tx.engine() == db::Engine::sqlite) return Ok{};
  std::vector<std::int64_t> ids;
  for (const auto id : products) ids.push_back(id.value());
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  for (const std::int64_t id : ids) {
    TRY(tx.execute("UPDATE inventory_quants SET on_hand_e6 = on_hand_e6 WHERE company_id = $1 "
                   "AND product_id = $2",
                   {company_id.value(), id}));
  }
  return Ok{};
}

Result<std::vector<Move>> get_moves(db::Tx& tx, CompanyId company_id, std::span<const MoveId> ids) {
  const Currency currency = TRY(stock::company_currency(tx, company_id));
  std::vector<Move> out;
  out.reserve(ids.size());
  for (auto& row : TRY(stock::load_move_rows(tx, company_id, ids, currency))) {
    out.push_back(std::move(row.move));
  }
  return out;
}

Result<Move> unreserve(db::Tx& tx, const Context& context, MoveId id) {
  const Move move = TRY(stock::load_move(tx, context, id));
  if (!stock::is_open(move.state)) return state_invalid(move);
  if (move.reserved.is_zero()) return move;
  TRY(stock::release_reservations(tx, move));
  TRY(stock::set_reserved(tx, context, id, 0, move.quantity.value_e6()));
  TRY(stock::audit_change(tx, context, "unreserve", "inventory.move", id.value(),
                          {{"reserved", "0"}}));
  return stock::load_move(tx, context, id);
}

Result<Move> cancel_move(db::Tx& tx, const Context& context, MoveId id) {
  const Move move = TRY(stock::load_move(tx, context, id));
  if (!stock::is_open(move.state)) return state_invalid(move);
  TRY(stock::release_reservations(tx, move));
  TRY(stock::add_open_flow(tx, context.company_id, move, -move.quantity.value_e6()));
  TRY(
      tx.execute("UPDATE inventory_moves SET state = 'cancelled', reserved_e6 = 0, "
                 "updated_at = $1, version = version + 1 WHERE id = $2",
                 {stock::now_text(context), id.value()}));
  TRY(stock::audit_change(tx, context, "cancel", "inventory.move", id.value(),
                          {{"state", "cancelled"}}));
  return stock::load_move(tx, context, id);
}

Result<Move> complete_move(db::Tx& tx, const Context& context, MoveId id,
                           std::optional<Quantity> quantity, std::vector<DoneLine> lots,
                           std::optional<Date> date) {
  return stock::atomically(tx, "inventory_complete", [&]() -> Result<Move> {
    const stock::MoveRow row = TRY(stock::load_move_row(tx, context.company_id, id));
    stock::CompleteLookups lookups;
    TRY(stock::complete_row(tx, context, row, quantity, lots, date, lookups, nullptr));
    return stock::load_move(tx, context, id);
  });
}

Result<std::vector<Move>> complete_moves(db::Tx& tx, const Context& context,
                                         std::span<const MoveCompletion> completions,
                                         std::optional<Date> date, std::string memo,
                                         std::string origin, std::size_t* failed) {
  return stock::atomically(tx, "inventory_complete_moves", [&]() -> Result<std::vector<Move>> {
    std::vector<MoveId> ids;
    ids.reserve(completions.size());
    for (const auto& completion : completions) ids.push_back(completion.id);
    const auto rows =
        TRY(stock::load_move_rows(tx, context.company_id, ids, context.company_currency));
    stock::CompleteLookups lookups;
    stock::PostingBatch batch{.memo = std::move(memo), .origin = std::move(origin)};
    std::set<std::int64_t> seen;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      if (failed != nullptr) *failed = i;
      // A move named twice is done by its first completion.
      if (!seen.insert(rows[i].move.id.value()).second) {
        Move again = rows[i].move;
        again.state = MoveState::done;
        return state_invalid(again);
      }
      const MoveCompletion& completion = completions[i];
      TRY(stock::complete_row(tx, context, rows[i], completion.quantity, completion.lots, date,
                              lookups, &batch));
    }
    TRY(stock::post_batch(tx, context, batch));
    std::vector<Move> out;
    out.reserve(ids.size());
    for (auto& row :
         TRY(stock::load_move_rows(tx, context.company_id, ids, context.company_currency))) {
      out.push_back(std::move(row.move));
    }
    return out;
  });
}

Result<Move> get_move(db::Tx& tx, CompanyId company_id, MoveId id) {
  return stock::load_move(tx, company_id, id);
}

}  // namespace keel::inventory
