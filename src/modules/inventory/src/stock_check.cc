// The invariants of the stock part that `keel check` proves, one line per breach:
//   1. on hand per product × internal location × lot equals the sum of done move lines;
//   2. reserved per quant equals the reservations of open moves and is ≤ on hand, and each
//      open move's reserved quantity equals its reservations;
//   3. valuation layers: per product their values sum to the product's cost row (for FIFO
//      products the remaining values too), and per inventory account to its ledger balance;
//   4. the open flow of each product between two locations equals the quantities of its open
//      moves between them.
#include <map>
#include <tuple>

#include "stock_internal.h"

namespace keel::inventory {
namespace stock {
namespace {

using Key = std::tuple<std::int64_t, std::int64_t, std::int64_t>;  // product, location, lot

std::string key_text(const Key& key) {
  return "product " + std::to_string(std::get<0>(key)) + " location " +
         std::to_string(std::get<1>(key)) + " lot " + std::to_string(std::get<2>(key));
}

Result<void> check_open_flows(db::Tx& tx, std::vector<std::string>& out) {
  using Pair = std::tuple<std::int64_t, std::int64_t, std::int64_t>;  // product, from, to
  std::map<Pair, std::int64_t> open;
  for (const auto& row : TRY(tx.query(
           "SELECT product_id, from_location_id, to_location_id, SUM(quantity_e6) FROM "
           "inventory_moves WHERE state NOT IN ('done', 'cancelled') GROUP BY product_id, "
           "from_location_id, to_location_id"))) {
    open[{row.integer(0), row.integer(1), row.integer(2)}] = row.integer(3);
  }
  std::map<Pair, std::int64_t> kept;
  for (const auto& row : TRY(tx.query("SELECT product_id, from_location_id, to_location_id, "
                                      "quantity_e6 FROM inventory_open_flows"))) {
    kept[{row.integer(0), row.integer(1), row.integer(2)}] = row.integer(3);
  }
  const auto text = [](const Pair& pair) {
    return "product " + std::to_string(std::get<0>(pair)) + " from location " +
           std::to_string(std::get<1>(pair)) + " to " + std::to_string(std::get<2>(pair));
  };
  for (const auto& [pair, quantity] : kept) {
    const auto found = open.find(pair);
    const std::int64_t expected = found == open.end() ? 0 : found->second;
    if (quantity != expected) {
      out.push_back("inventory: open flow of " + text(pair) + " is " +
                    quantity_of(quantity).to_string() + " but its open moves sum to " +
                    quantity_of(expected).to_string());
    }
  }
  for (const auto& [pair, quantity] : open) {
    if (quantity != 0 && !kept.contains(pair)) {
      out.push_back("inventory: open moves of " + text(pair) + " sum to " +
                    quantity_of(quantity).to_string() + " but no open flow holds it");
    }
  }
  return Ok{};
}

Result<void> check_on_hand(db::Tx& tx, std::vector<std::string>& out) {
  std::map<Key, std::int64_t> moved;
  for (const char* sql :
       {"SELECT m.product_id, x.to_location_id, x.lot_id, SUM(x.quantity_e6) FROM "
        "inventory_move_lines x JOIN inventory_moves m ON m.id = x.move_id JOIN "
        "inventory_locations l ON l.id = x.to_location_id WHERE m.state = 'done' AND "
        "l.usage = 'internal' GROUP BY m.product_id, x.to_location_id, x.lot_id",
        "SELECT m.product_id, x.from_location_id, x.lot_id, -SUM(x.quantity_e6) FROM "
        "inventory_move_lines x JOIN inventory_moves m ON m.id = x.move_id JOIN "
        "inventory_locations l ON l.id = x.from_location_id WHERE m.state = 'done' AND "
        "l.usage = 'internal' GROUP BY m.product_id, x.from_location_id, x.lot_id"}) {
    for (const auto& row : TRY(tx.query(sql))) {
      moved[{row.integer(0), row.integer(1), row.integer(2)}] += row.integer(3);
    }
  }
  std::map<Key, std::int64_t> held;
  for (const auto& row :
       TRY(tx.query("SELECT product_id, location_id, lot_id, on_hand_e6 FROM inventory_quants"))) {
    held[{row.integer(0), row.integer(1), row.integer(2)}] = row.integer(3);
  }
  for (const auto& [key, quantity] : held) {
    const auto found = moved.find(key);
    const std::int64_t expected = found == moved.end() ? 0 : found->second;
    if (quantity != expected) {
      out.push_back("inventory: on hand of " + key_text(key) + " is " +
                    quantity_of(quantity).to_string() + " but its done moves sum to " +
                    quantity_of(expected).to_string());
    }
  }
  for (const auto& [key, quantity] : moved) {
    if (quantity != 0 && !held.contains(key)) {
      out.push_back("inventory: done moves put " + quantity_of(quantity).to_string() + " of " +
                    key_text(key) + " but no quantity row holds it");
    }
  }
  return Ok{};
}

Result<void> check_reserved(db::Tx& tx, std::vector<std::string>& out) {
  std::map<Key, std::int64_t> reservations;
  for (const auto& row : TRY(tx.query(
           "SELECT m.product_id, r.location_id, r.lot_id, SUM(r.quantity_e6) FROM "
           "inventory_move_reservations r JOIN inventory_moves m ON m.id = r.move_id WHERE "
           "m.state NOT IN ('done', 'cancelled') GROUP BY m.product_id, r.location_id, "
           "r.lot_id"))) {
    reservations[{row.integer(0), row.integer(1), row.integer(2)}] = row.integer(3);
  }
  std::map<Key, std::int64_t> reserved;
  for (const auto& row : TRY(tx.query("SELECT product_id, location_id, lot_id, reserved_e6, "
                                      "on_hand_e6 FROM inventory_quants"))) {
    const Key key{row.integer(0), row.integer(1), row.integer(2)};
    reserved[key] = row.integer(3);
    if (row.integer(3) > row.integer(4)) {
      out.push_back("inventory: reserved " + quantity_of(row.integer(3)).to_string() + " of " +
                    key_text(key) + " exceeds its on hand " +
                    quantity_of(row.integer(4)).to_string());
    }
  }
  for (const auto& [key, quantity] : reserved) {
    const auto found = reservations.find(key);
    const std::int64_t expected = found == reservations.end() ? 0 : found->second;
    if (quantity != expected) {
      out.push_back("inventory: reserved of " + key_text(key) + " is " +
                    quantity_of(quantity).to_string() + " but open moves reserve " +
                    quantity_of(expected).to_string());
    }
  }
  for (const auto& row : TRY(tx.query(
           "SELECT m.id, m.reserved_e6, COALESCE(SUM(r.quantity_e6), 0) FROM inventory_moves m "
           "JOIN inventory_locations l ON l.id = m.from_location_id LEFT JOIN "
           "inventory_move_reservations r ON r.move_id = m.id WHERE l.usage = 'internal' AND "
           "(m.state NOT IN ('done', 'cancelled') OR r.move_id IS NOT NULL) "
           "GROUP BY m.id, m.reserved_e6 HAVING m.reserved_e6 <> COALESCE(SUM(r.quantity_e6), "
           "0)"))) {
    out.push_back("inventory: move " + std::to_string(row.integer(0)) + " has reserved " +
                  quantity_of(row.integer(1)).to_string() + " but its reservations sum to " +
                  quantity_of(row.integer(2)).to_string());
  }
  return Ok{};
}

Result<void> check_valuation(db::Tx& tx, std::vector<std::string>& out) {
  for (const auto& row : TRY(tx.query(
           "SELECT c.product_id, c.value_minor, c.quantity_e6, COALESCE(SUM(v.value_minor), 0), "
           "COALESCE(SUM(v.quantity_e6), 0) FROM inventory_product_costs c LEFT JOIN "
           "inventory_valuation_layers v ON v.product_id = c.product_id GROUP BY c.product_id, "
           "c.value_minor, c.quantity_e6 HAVING c.value_minor <> COALESCE(SUM(v.value_minor), 0) "
           "OR c.quantity_e6 <> COALESCE(SUM(v.quantity_e6), 0)"))) {
    out.push_back("inventory: valuation of product " + std::to_string(row.integer(0)) + " is " +
                  std::to_string(row.integer(1)) + " minor units for " +
                  quantity_of(row.integer(2)).to_string() + " but its layers sum to " +
                  std::to_string(row.integer(3)) + " for " +
                  quantity_of(row.integer(4)).to_string());
  }
  // FIFO products: what remains of incoming layers is the whole valuation. Average and
  // standard layers keep no remaining quantity.
  for (const auto& row : TRY(tx.query(
           "SELECT product_id, SUM(value_minor), SUM(remaining_value_minor), SUM(quantity_e6), "
           "SUM(remaining_quantity_e6) FROM inventory_valuation_layers GROUP BY product_id "
           "HAVING SUM(remaining_quantity_e6) > 0 AND (SUM(value_minor) <> "
           "SUM(remaining_value_minor) OR SUM(quantity_e6) <> SUM(remaining_quantity_e6))"))) {
    out.push_back("inventory: FIFO layers of product " + std::to_string(row.integer(0)) + " hold " +
                  std::to_string(row.integer(2)) + " minor units for " +
                  quantity_of(row.integer(4)).to_string() + " remaining but value " +
                  std::to_string(row.integer(1)) + " for " +
                  quantity_of(row.integer(3)).to_string());
  }
  static const SystemClock clock;
  const Date far = Date::from_ymd(2899, 12, 31).value();  // after any posting
  for (const auto& row : TRY(tx.query(
           "SELECT company_id, account_id, SUM(value_minor) FROM inventory_valuation_layers "
           "GROUP BY company_id, account_id ORDER BY company_id, account_id"))) {
    const Context context = TRY(Context::system(tx, CompanyId{row.integer(0)}, clock));
    const Money balance =
        TRY(accounting::balance_at(tx, context, accounting::AccountId{row.integer(1)}, far));
    if (balance.minor_units() != row.integer(2)) {
      out.push_back("inventory: valuation layers of company " + std::to_string(row.integer(0)) +
                    " on account " + std::to_string(row.integer(1)) + " sum to " +
                    money_of(row.integer(2), context.company_currency).to_string() +
                    " but the account's balance is " + balance.to_string());
    }
  }
  return Ok{};
}

}  // namespace
}  // namespace stock

namespace detail {

Result<std::vector<std::string>> check_stock(db::Tx& tx) {
  std::vector<std::string> out;
  TRY(stock::check_on_hand(tx, out));
  TRY(stock::check_reserved(tx, out));
  TRY(stock::check_valuation(tx, out));
  TRY(stock::check_open_flows(tx, out));
  return out;
}

}  // namespace detail
}  // namespace keel::inventory
