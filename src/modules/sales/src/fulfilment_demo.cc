// Demo data of the fulfilment part, on top of the orders part's demo: the first ready
// delivery shipped whole, invoiced, and partly returned to stock with a credit note; the
// second shipped in part (leaving a backorder). Only stock that is reserved is picked, so the
// demo never depends on how much stock the inventory demo received.
#include "fulfilment_internal.h"

namespace keel::sales::detail {
namespace {

// Scans what each line's move has reserved, at most `share_percent` of the line.
Result<bool> pick_reserved(db::Tx& tx, const Context& context, const Delivery& d,
                           std::int64_t share_percent) {
  std::vector<ScanLine> scans;
  for (const auto& line : d.lines) {
    const auto move = TRY(inventory::get_move(tx, context.company_id, line.move_id));
    const auto product = TRY(inventory::get_product(tx, context.company_id, line.product_id));
    if (product.tracking != inventory::Tracking::none) continue;
    std::int64_t take = std::min(move.reserved.value_e6(),
                                 line.quantity.value_e6() * share_percent / 100);
    take -= take % 1'000'000;  // whole units: every demo unit has no decimals
    if (take <= 0) continue;
    scans.push_back({line.sku, TRY(Quantity::from_value_e6(take)), ""});
  }
  if (scans.empty()) return false;
  TRY(pick_delivery(tx, context, d.id, scans));
  return true;
}

Result<bool> ship(db::Tx& tx, const Context& context, const Delivery& d,
                  std::int64_t share_percent, Date date) {
  if (!TRY(pick_reserved(tx, context, d, share_percent))) return false;
  TRY(pack_delivery(tx, context, d.id, 1, TRY(Quantity::parse("2.5"))));
  TRY(ship_delivery(tx, context, d.id, {"DHL", "DEMO-" + d.number, date}));
  return true;
}

}  // namespace

Result<void> seed_fulfilment_demo(db::Tx& tx, const Context& context, Date today) {
  DeliveryQuery query;
  query.state = "ready";
  query.limit = 2;
  const auto page = TRY(list_deliveries(tx, context, query));
  if (page.items.empty()) return Ok{};
  const Delivery& whole = page.items[0];
  if (TRY(ship(tx, context, whole, 100, today))) {
    TRY(invoice_order(tx, context, whole.order_id, today));
    const Order order = TRY(get_order(tx, context, whole.order_id));
    for (const auto& line : order.lines) {
      if (line.delivered.value_e6() < 1'000'000) continue;
      ReturnInput input;
      input.order_id = order.id;
      input.lines.push_back({line.id, TRY(Quantity::from_units(1)), "stock"});
      input.refund = true;
      input.date = today;
      input.reason = "Damaged in transit";
      TRY(create_return(tx, context, input));
      break;
    }
  }
  if (page.items.size() > 1) TRY(ship(tx, context, page.items[1], 50, today));
  return Ok{};
}

}  // namespace keel::sales::detail
