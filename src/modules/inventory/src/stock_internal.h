#pragma once

// Shared by the stock sources (locations, moves, valuation, levels, check, routes, demo):
// row loading and small helpers. Private to the stock part of the module.
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "inventory_internal.h"

namespace keel::inventory::stock {

inline constexpr std::size_t kOriginLengthMax = 200;
inline constexpr std::size_t kLotNameLengthMax = 100;
inline constexpr std::size_t kDoneLinesMax = 1'000;
inline constexpr std::size_t kWarehouseCodeLengthMax = 16;
inline constexpr std::size_t kLocationDepthMax = 8;
// Ids bound in one IN (…) list when reading many rows at once.
inline constexpr std::size_t kIdsPerReadMax = 500;

std::string now_text(const Context& context);
Result<void> audit_change(db::Tx& tx, const Context& context, std::string action,
                          std::string entity, std::int64_t id, nlohmann::json after);
// A quantity read from a column written through Quantity (always in range).
Quantity quantity_of(std::int64_t value_e6);
Money money_of(std::int64_t minor_units, Currency currency);

std::optional<LocationUsage> parse_usage(std::string_view text);
// Errors: location_not_found (not_found).
Result<Location> load_location(db::Tx& tx, CompanyId company_id, LocationId id);
// The internal location `root` and its descendants (root first).
Result<std::vector<LocationId>> subtree(db::Tx& tx, CompanyId company_id, LocationId root);
// "$k, $k+1, …" placeholders for `count` values starting at $first.
std::string placeholders(std::size_t first, std::size_t count);

// Errors: move_not_found (not_found). With a context, the company currency comes from it.
Result<Move> load_move(db::Tx& tx, CompanyId company_id, MoveId id);
Result<Move> load_move(db::Tx& tx, const Context& context, MoveId id);
bool is_open(MoveState state);

// Errors: lot_not_found.
struct Lot {
  LotId id;
  ProductId product_id;
  std::string name;
  std::optional<Date> expiry_date;
  bool is_serial = false;
};
Result<Lot> load_lot(db::Tx& tx, CompanyId company_id, LotId id);

// ---- open flows ----
// Adds `delta_e6` to the open quantity of the move's product between its two locations
// (inventory_open_flows): + when a move opens, − when it is done or cancelled. Called after
// the move's stock rows are locked or changed, so stock rows come before flow rows everywhere.
Result<void> add_open_flow(db::Tx& tx, CompanyId company_id, const Move& move,
                           std::int64_t delta_e6);

// ---- quants ----
// Creates the (product, location, lot) row when missing.
Result<void> ensure_quant(db::Tx& tx, CompanyId company_id, ProductId product, LocationId location,
                          std::int64_t lot_id);

// ---- valuation (stock_valuation.cc) ----
// Values a move that is being done and posts its entry: `done` carries the done quantity
// and date; returns the value (signed, company view) and the entry (none when not valued or
// zero). Called by complete_move after quantities moved.
struct Valuation {
  std::int64_t value_minor = 0;
  std::optional<accounting::EntryId> entry_id;
  std::optional<std::int64_t> unit_cost_e6;
};
// Valued moves done together (a delivery's lines) post one entry per date instead of one
// each: value_done_move adds their signed amounts per account (+ debit, − credit) here, and
// post_batch posts them and names the entry on every move and layer it covers. Accounts found
// by role are looked up once per batch.
struct PostingBatch {
  std::string memo;
  std::string origin;
  struct Day {
    std::map<std::int64_t, std::int64_t> amounts;
    std::vector<std::int64_t> move_ids;
  };
  std::map<std::string, Day> days;  // by ISO date
  std::map<std::string, accounting::AccountId, std::less<>> accounts_by_role;
};
Result<Valuation> value_done_move(db::Tx& tx, const Context& context,
                                  const detail::StockProduct& product, const Move& done,
                                  std::optional<UnitPrice> unit_cost, LocationUsage from_usage,
                                  LocationUsage to_usage, PostingBatch* batch = nullptr);
Result<void> post_batch(db::Tx& tx, const Context& context, PostingBatch& batch);
// The cost of one unit now (standard cost; moving average; last FIFO layer; else 0).
Result<UnitPrice> current_unit_cost(db::Tx& tx, const Context& context,
                                    const detail::StockProduct& product);
// Whether a move between locations of these usages crosses the company's books.
bool is_valued(LocationUsage from, LocationUsage to);

}  // namespace keel::inventory::stock
