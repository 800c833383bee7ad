#pragma once

// Move queries and the stock commands built on moves (receipts, transfers, scrap) that the
// stock routes and demo use. Not part of the module's public contract.
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "stock_internal.h"

namespace keel::inventory::stock {

// The calendar date (UTC) of the context's clock.
Date today(const Context& context);

// A move with the columns the public Move leaves out.
struct MoveRow {
  Move move;
  std::optional<MoveId> backorder_of;
  std::optional<std::int64_t> unit_cost_e6;
};
Result<MoveRow> load_move_row(db::Tx& tx, CompanyId company_id, MoveId id);
// The moves with `ids`, in that order, in two reads (moves, lots) per 500 ids, values
// formatted in `currency`. Errors: move_not_found (not_found).
Result<std::vector<MoveRow>> load_move_rows(db::Tx& tx, CompanyId company_id,
                                            std::span<const MoveId> ids, Currency currency);

struct MoveQuery {
  std::optional<ProductId> product_id;
  std::optional<LocationId> location_id;  // either end
  std::optional<std::string> origin;
  std::optional<MoveState> state;
  std::optional<Date> from;
  std::optional<Date> to;
  std::int64_t after_id = 0;  // continue before this id (newest first)
  std::int64_t limit = 50;
};
struct MovePage {
  std::vector<MoveRow> items;
  std::optional<std::int64_t> next_cursor;
};
Result<MovePage> list_moves(db::Tx& tx, CompanyId company_id, const MoveQuery& query);
// Errors: move_state_invalid (unknown text).
Result<MoveState> parse_move_state(std::string_view text);

// Goods in from a supplier (or `from` of another usage), done at once.
struct ReceiptDraft {
  ProductId product_id;
  Quantity quantity = Quantity::zero();
  std::optional<UnitPrice> unit_cost;
  std::optional<Date> date;
  std::optional<WarehouseId> warehouse_id;
  std::optional<LocationId> location_id;
  std::optional<partners::PartyId> partner_id;
  std::string origin;
  std::vector<DoneLine> lots;
};
// Errors: warehouse_not_found, location_not_internal, and those of create_move and
// complete_move.
Result<Move> receive(db::Tx& tx, const Context& context, const ReceiptDraft& draft);

struct TransferDraft {
  ProductId product_id;
  Quantity quantity = Quantity::zero();
  LocationId from_location_id;
  LocationId to_location_id;
  std::optional<Date> date;
  std::vector<DoneLine> lots;
};
// One done move inside a warehouse, or two through Virtual/Transit between warehouses.
// Errors: location_not_internal, and those of create_move and complete_move.
Result<std::vector<Move>> transfer(db::Tx& tx, const Context& context, const TransferDraft& draft);

struct ScrapDraft {
  ProductId product_id;
  Quantity quantity = Quantity::zero();
  LocationId location_id;
  std::optional<LotId> lot_id;
  std::optional<Date> date;
  std::string reason;
};
// A done move into Virtual/Loss. Errors: location_not_internal, and those of create_move and
// complete_move.
Result<Move> scrap(db::Tx& tx, const Context& context, const ScrapDraft& draft);

}  // namespace keel::inventory::stock
