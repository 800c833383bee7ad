// Goods receipts, transfers and scrap: moves created and done in one step.
#include "stock_moves.h"

namespace keel::inventory::stock {
namespace {

Result<Location> internal_location(db::Tx& tx, CompanyId company_id, LocationId id,
                                   const std::string& field) {
  auto location = load_location(tx, company_id, id);
  if (!location.ok()) {
    if (location.error().code() != "location_not_found") return location.release_error();
    return Error::validation("location_not_found", location.error().message(), field);
  }
  if (location->usage != LocationUsage::internal || location->archived) {
    return Error::validation("location_not_internal", "stock is held in internal locations", field);
  }
  return location;
}

}  // namespace

Result<Move> receive(db::Tx& tx, const Context& context, const ReceiptDraft& draft) {
  LocationId destination;
  if (draft.location_id) {
    destination =
        TRY(internal_location(tx, context.company_id, *draft.location_id, "location_id")).id;
  } else if (draft.warehouse_id) {
    bool found = false;
    for (const auto& warehouse : TRY(list_warehouses(tx, context.company_id))) {
      if (warehouse.id == *draft.warehouse_id) {
        destination = warehouse.stock_location_id;
        found = true;
      }
    }
    if (!found) {
      return Error::validation("warehouse_not_found", "no such warehouse", "warehouse_id");
    }
  } else {
    destination = TRY(default_warehouse(tx, context)).stock_location_id;
  }
  const Location supplier = TRY(partner_location(tx, context, LocationUsage::supplier));
  MoveDraft move;
  move.product_id = draft.product_id;
  move.quantity = draft.quantity;
  move.from_location_id = supplier.id;
  move.to_location_id = destination;
  move.date = draft.date.value_or(today(context));
  move.origin = draft.origin.empty() ? "inventory.receipt" : draft.origin;
  move.partner_id = draft.partner_id;
  move.unit_cost = draft.unit_cost;
  const Move created = TRY(create_move(tx, context, move));
  return complete_move(tx, context, created.id, std::nullopt, draft.lots, move.date);
}

Result<std::vector<Move>> transfer(db::Tx& tx, const Context& context, const TransferDraft& draft) {
  const Location from =
      TRY(internal_location(tx, context.company_id, draft.from_location_id, "from_location_id"));
  const Location to =
      TRY(internal_location(tx, context.company_id, draft.to_location_id, "to_location_id"));
  const Date date = draft.date.value_or(today(context));
  MoveDraft move;
  move.product_id = draft.product_id;
  move.quantity = draft.quantity;
  move.from_location_id = from.id;
  move.date = date;
  move.origin = "inventory.transfer";
  if (from.warehouse_id == to.warehouse_id) {
    move.to_location_id = to.id;
    const Move created = TRY(create_move(tx, context, move));
    return std::vector<Move>{
        TRY(complete_move(tx, context, created.id, std::nullopt, draft.lots, date))};
  }
  // Between warehouses the goods pass through Virtual/Transit: out of one, into the other.
  const Location transit = TRY(partner_location(tx, context, LocationUsage::transit));
  move.to_location_id = transit.id;
  const Move first = TRY(create_move(tx, context, move));
  const Move out = TRY(complete_move(tx, context, first.id, std::nullopt, draft.lots, date));
  move.from_location_id = transit.id;
  move.to_location_id = to.id;
  move.origin = "inventory.transfer:" + std::to_string(out.id.value());
  const Move second = TRY(create_move(tx, context, move));
  TRY(tx.execute("UPDATE inventory_moves SET origin = $1 WHERE id = $2",
                 {move.origin, out.id.value()}));
  std::vector<DoneLine> lots;
  for (const auto& lot : out.lots) lots.push_back({lot.quantity, lot.lot_id, {}, std::nullopt});
  const Move in = TRY(complete_move(tx, context, second.id, std::nullopt, lots, date));
  return std::vector<Move>{TRY(load_move(tx, context.company_id, out.id)), in};
}

Result<Move> scrap(db::Tx& tx, const Context& context, const ScrapDraft& draft) {
  const Location from =
      TRY(internal_location(tx, context.company_id, draft.location_id, "location_id"));
  if (draft.reason.size() > kOriginLengthMax - 20) {
    return Error::validation("move_origin_invalid", "a reason is at most 180 characters", "reason");
  }
  const Location loss = TRY(partner_location(tx, context, LocationUsage::loss));
  MoveDraft move;
  move.product_id = draft.product_id;
  move.quantity = draft.quantity;
  move.from_location_id = from.id;
  move.to_location_id = loss.id;
  move.date = draft.date.value_or(today(context));
  move.origin = draft.reason.empty() ? "inventory.scrap" : "inventory.scrap:" + draft.reason;
  const Move created = TRY(create_move(tx, context, move));
  std::vector<DoneLine> lots;
  if (draft.lot_id) lots.push_back({draft.quantity, draft.lot_id, {}, std::nullopt});
  return complete_move(tx, context, created.id, std::nullopt, lots, move.date);
}

}  // namespace keel::inventory::stock
