// Demo stock: a main warehouse with shelves, a second warehouse, valued receipts of the
// catalog's demo products (lots with expiry dates, serial numbers), a transfer and a scrap.
#include "stock_locations.h"
#include "stock_moves.h"

namespace keel::inventory::detail {
namespace {

constexpr std::int64_t kDemoProductsMax = 12;

Result<UnitPrice> demo_cost(const Product& product, const Context& context, std::size_t index) {
  auto cost = UnitPrice::parse(product.standard_cost, context.company_currency);
  if (cost.ok() && cost->value_e6() > 0) return cost;
  return UnitPrice::from_value_e6(static_cast<std::int64_t>(3 + index) * 1'000'000,
                                  context.company_currency);
}

// The lots of a demo receipt of `units` units: two lots with expiry dates, or one serial
// number per unit.
Result<std::vector<DoneLine>> demo_lots(const Product& product, std::int64_t units, Date today) {
  std::vector<DoneLine> lots;
  if (product.tracking == Tracking::lot) {
    const std::int64_t first = units / 2;
    lots.push_back({TRY(Quantity::from_units(first)), std::nullopt, "LOT-" + product.sku + "-A",
                    TRY(today.add_days(30))});
    lots.push_back({TRY(Quantity::from_units(units - first)), std::nullopt,
                    "LOT-" + product.sku + "-B", TRY(today.add_days(180))});
  } else if (product.tracking == Tracking::serial) {
    for (std::int64_t i = 1; i <= units; ++i) {
      lots.push_back({TRY(Quantity::from_units(1)), std::nullopt,
                      "SN-" + product.sku + "-" + std::to_string(1000 + i), std::nullopt});
    }
  }
  return lots;
}

}  // namespace

Result<void> seed_stock_demo(db::Tx& tx, const Context& context, Date today) {
  const Warehouse main = TRY(default_warehouse(tx, context));
  const Location shelf_a =
      TRY(stock::create_location(tx, context, main.stock_location_id, "Shelf A", "WH-SHELF-A"));
  const Location shelf_b =
      TRY(stock::create_location(tx, context, main.stock_location_id, "Shelf B", "WH-SHELF-B"));
  const Warehouse second = TRY(stock::create_warehouse(tx, context, "WH2", "Second warehouse"));
  ProductQuery query;
  query.type = ProductType::stockable;
  query.variants = VariantFilter::include;
  query.limit = kDemoProductsMax;
  const ProductPage page = TRY(list_products(tx, context.company_id, query));
  std::optional<Product> plain;
  std::size_t index = 0;
  for (const auto& product : page.items) {
    if (product.is_template) continue;
    const std::int64_t units = product.tracking == Tracking::serial ? 3 : 10 + 2 * index;
    stock::ReceiptDraft receipt;
    receipt.product_id = product.id;
    receipt.quantity = TRY(Quantity::from_units(units));
    receipt.unit_cost = TRY(demo_cost(product, context, index));
    receipt.date = today;
    receipt.location_id = index % 2 == 0 ? shelf_a.id : shelf_b.id;
    receipt.origin = "demo";
    receipt.lots = TRY(demo_lots(product, units, today));
    TRY(stock::receive(tx, context, receipt));
    if (!plain && product.tracking == Tracking::none) plain = product;
    ++index;
  }
  if (!plain) return Ok{};
  const bool on_a = index > 0 && plain->id == page.items.front().id;
  stock::TransferDraft transfer;
  transfer.product_id = plain->id;
  transfer.quantity = TRY(Quantity::from_units(2));
  transfer.from_location_id = on_a ? shelf_a.id : main.stock_location_id;
  transfer.to_location_id = second.stock_location_id;
  transfer.date = today;
  TRY(stock::transfer(tx, context, transfer));
  stock::ScrapDraft scrap;
  scrap.product_id = plain->id;
  scrap.quantity = TRY(Quantity::from_units(1));
  scrap.location_id = main.stock_location_id;
  scrap.date = today;
  scrap.reason = "damaged in handling";
  TRY(stock::scrap(tx, context, scrap));
  return Ok{};
}

}  // namespace keel::inventory::detail
