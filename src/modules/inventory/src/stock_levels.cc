// Quantities of a product: on hand, reserved, available (from inventory_quants), incoming and
// outgoing (open moves), forecast, per location and lot, and available to promise.
#include "stock_levels.h"

#include <array>

#include "stock_moves.h"

namespace keel::inventory {

namespace stock {
namespace {

// The internal locations of a warehouse, or of all warehouses of the company.
Result<std::vector<LocationId>> internal_locations(db::Tx& tx, CompanyId company_id,
                                                   std::optional<WarehouseId> warehouse) {
  std::vector<db::Value> params{company_id.value()};
  std::string sql =
      "SELECT id FROM inventory_locations WHERE company_id = $1 AND usage = 'internal'";
  if (warehouse) {
    params.emplace_back(warehouse->value());
    sql += " AND warehouse_id = $2";
  }
  const auto rows = TRY(tx.query(sql + " ORDER BY id", params));
  std::vector<LocationId> out;
  for (const auto& row : rows) out.emplace_back(row.integer(0));
  return out;
}

struct OpenMove {
  std::int64_t quantity_e6 = 0;
  bool into = false;  // into the locations (incoming), else out of them
  Date date;
};

// Open moves of the product that enter or leave the set of locations.
Result<std::vector<OpenMove>> open_moves(db::Tx& tx, CompanyId company_id, ProductId product,
                                         const std::vector<LocationId>& locations) {
  std::vector<OpenMove> out;
  if (locations.empty()) return out;
  std::vector<db::Value> params{company_id.value(), product.value()};
  for (const auto id : locations) params.emplace_back(id.value());
  const std::string set = placeholders(3, locations.size());
  const auto rows = TRY(tx.query(
      "SELECT quantity_e6, CASE WHEN to_location_id IN (" + set +
          ") THEN 1 ELSE 0 END, "
          "CASE WHEN from_location_id IN (" +
          set +
          ") THEN 1 ELSE 0 END, date "
          "FROM inventory_moves WHERE company_id = $1 AND product_id = $2 AND state NOT IN "
          "('done', 'cancelled') AND (to_location_id IN (" +
          set + ") OR from_location_id IN (" + set + ")) ORDER BY date, id",
      params));
  for (const auto& row : rows) {
    const bool into = row.integer(1) == 1;
    const bool from = row.integer(2) == 1;
    if (into == from) continue;  // inside the set: neither incoming nor outgoing
    out.push_back({row.integer(0), into, Date::parse(row.text(3)).value()});
  }
  return out;
}

}  // namespace

Result<ProductStock> product_stock(db::Tx& tx, CompanyId company_id, ProductId product,
                                   std::optional<WarehouseId> warehouse) {
  ProductStock out;
  out.level = TRY(stock_level(tx, company_id, product, warehouse));
  const auto locations = TRY(internal_locations(tx, company_id, warehouse));
  if (locations.empty()) return out;
  std::vector<db::Value> params{company_id.value(), product.value()};
  for (const auto id : locations) params.emplace_back(id.value());
  const auto rows = TRY(tx.query(
      "SELECT q.location_id, loc.full_name, q.lot_id, l.name, l.expiry_date, q.on_hand_e6, "
      "q.reserved_e6 FROM inventory_quants q JOIN inventory_locations loc ON loc.id = "
      "q.location_id LEFT JOIN inventory_lots l ON l.id = q.lot_id WHERE q.company_id = $1 AND "
      "q.product_id = $2 AND (q.on_hand_e6 <> 0 OR q.reserved_e6 <> 0) AND q.location_id IN (" +
          placeholders(3, locations.size()) + ") ORDER BY loc.full_name, q.lot_id LIMIT 1000",
      params));
  for (const auto& row : rows) {
    QuantRow quant;
    quant.location_id = LocationId{row.integer(0)};
    quant.location_name = row.text(1);
    if (row.integer(2) != 0) {
      quant.lot_id = LotId{row.integer(2)};
      quant.lot_name = row.optional_text(3).value_or("");
      if (const auto expiry = row.optional_text(4))
        quant.expiry_date = Date::parse(*expiry).value();
    }
    quant.on_hand = quantity_of(row.integer(5));
    quant.reserved = quantity_of(row.integer(6));
    quant.available = quantity_of(row.integer(5) - row.integer(6));
    out.quants.push_back(std::move(quant));
  }
  return out;
}

Result<std::vector<LocationQuant>> location_stock(db::Tx& tx, CompanyId company_id,
                                                  LocationId root, std::int64_t limit) {
  TRY(load_location(tx, company_id, root));
  const auto locations = TRY(subtree(tx, company_id, root));
  std::vector<db::Value> params{company_id.value(), limit};
  for (const auto id : locations) params.emplace_back(id.value());
  const auto rows = TRY(tx.query(
      "SELECT q.product_id, p.sku, q.location_id, loc.full_name, q.lot_id, l.name, "
      "l.expiry_date, q.on_hand_e6, q.reserved_e6 FROM inventory_quants q JOIN "
      "inventory_products p ON p.id = q.product_id JOIN inventory_locations loc ON loc.id = "
      "q.location_id LEFT JOIN inventory_lots l ON l.id = q.lot_id WHERE q.company_id = $1 AND "
      "(q.on_hand_e6 <> 0 OR q.reserved_e6 <> 0) AND q.location_id IN (" +
          placeholders(3, locations.size()) +
          ") ORDER BY p.sku, loc.full_name, q.lot_id LIMIT $2",
      params));
  std::vector<LocationQuant> out;
  for (const auto& row : rows) {
    LocationQuant item;
    item.product_id = ProductId{row.integer(0)};
    item.sku = row.text(1);
    QuantRow& quant = item.quant;
    quant.location_id = LocationId{row.integer(2)};
    quant.location_name = row.text(3);
    if (row.integer(4) != 0) {
      quant.lot_id = LotId{row.integer(4)};
      quant.lot_name = row.optional_text(5).value_or("");
      if (const auto expiry = row.optional_text(6)) quant.expiry_date = Date::parse(*expiry).value();
    }
    quant.on_hand = quantity_of(row.integer(7));
    quant.reserved = quantity_of(row.integer(8));
    quant.available = quantity_of(row.integer(7) - row.integer(8));
    out.push_back(std::move(item));
  }
  return out;
}

Result<std::map<ProductId, StockLevel>> stock_levels(db::Tx& tx, CompanyId company_id,
                                                     std::optional<WarehouseId> warehouse,
                                                     std::span<const ProductId> products) {
  std::map<ProductId, std::array<std::int64_t, 4>> sums;  // on hand, reserved, in, out
  for (const auto id : products) sums[id] = {0, 0, 0, 0};
  const auto locations = TRY(internal_locations(tx, company_id, warehouse));
  std::vector<ProductId> ids;
  for (const auto& [id, unused] : sums) ids.push_back(id);
  for (std::size_t first = 0; first < ids.size() && !locations.empty();
       first += kIdsPerReadMax) {
    const std::size_t count = std::min(kIdsPerReadMax, ids.size() - first);
    std::vector<db::Value> params{company_id.value()};
    for (const auto id : locations) params.emplace_back(id.value());
    const std::string set = placeholders(2, locations.size());
    const std::string product_set = placeholders(params.size() + 1, count);
    for (std::size_t i = 0; i < count; ++i) params.emplace_back(ids[first + i].value());
    for (const auto& row : TRY(tx.query(
             "SELECT product_id, SUM(on_hand_e6), SUM(reserved_e6) FROM inventory_quants WHERE "
             "company_id = $1 AND location_id IN (" + set + ") AND product_id IN (" +
                 product_set + ") GROUP BY product_id",
             params))) {
      auto& sum = sums.at(ProductId{row.integer(0)});
      sum[0] = row.integer(1);
      sum[1] = row.integer(2);
    }
    for (const auto& row : TRY(tx.query(
             "SELECT product_id, COALESCE(SUM(CASE WHEN to_location_id IN (" + set +
                 ") THEN quantity_e6 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN from_location_id "
                 "IN (" + set + ") THEN quantity_e6 ELSE 0 END), 0) FROM inventory_open_flows WHERE "
                 "company_id = $1 AND product_id IN (" + product_set + ") AND "
                 "((to_location_id IN (" + set + ") AND "
                 "from_location_id NOT IN (" + set + ")) OR (from_location_id IN (" + set +
                 ") AND to_location_id NOT IN (" + set + "))) GROUP BY product_id",
             params))) {
      auto& sum = sums.at(ProductId{row.integer(0)});
      sum[2] = row.integer(1);
      sum[3] = row.integer(2);
    }
  }
  std::map<ProductId, StockLevel> out;
  for (const auto& [id, sum] : sums) {
    StockLevel level;
    level.product_id = id;
    level.on_hand = quantity_of(sum[0]);
    level.reserved = quantity_of(sum[1]);
    level.available = quantity_of(sum[0] - sum[1]);
    level.incoming = quantity_of(sum[2]);
    level.outgoing = quantity_of(sum[3]);
    level.forecast = quantity_of(sum[0] + sum[2] - sum[3]);
    out.emplace(id, level);
  }
  return out;
}

}  // namespace stock

Result<StockLevel> stock_level(db::Tx& tx, CompanyId company_id, ProductId product,
                               std::optional<WarehouseId> warehouse) {
  StockLevel level;
  level.product_id = product;
  const auto locations = TRY(stock::internal_locations(tx, company_id, warehouse));
  if (locations.empty()) return level;
  std::vector<db::Value> params{company_id.value(), product.value()};
  for (const auto id : locations) params.emplace_back(id.value());
  const auto row = TRY(tx.query_one(
      "SELECT COALESCE(SUM(on_hand_e6), 0), COALESCE(SUM(reserved_e6), 0) FROM inventory_quants "
      "WHERE company_id = $1 AND product_id = $2 AND location_id IN (" +
          stock::placeholders(3, locations.size()) + ")",
      params));
  // Open moves entering or leaving the set (not those inside it), from their sums per pair
  // of locations.
  const std::string set = stock::placeholders(3, locations.size());
  const auto open = TRY(tx.query_one(
      "SELECT COALESCE(SUM(CASE WHEN to_location_id IN (" + set + ") THEN quantity_e6 ELSE 0 "
      "END), 0), COALESCE(SUM(CASE WHEN from_location_id IN (" + set + ") THEN quantity_e6 "
      "ELSE 0 END), 0) FROM inventory_open_flows WHERE company_id = $1 AND product_id = $2 "
      "AND ((to_location_id IN (" + set + ") AND "
      "from_location_id NOT IN (" + set + ")) OR (from_location_id IN (" + set + ") AND "
      "to_location_id NOT IN (" + set + ")))",
      params));
  const std::int64_t incoming = open->integer(0);
  const std::int64_t outgoing = open->integer(1);
  const std::int64_t on_hand = row->integer(0);
  const std::int64_t reserved = row->integer(1);
  level.on_hand = stock::quantity_of(on_hand);
  level.reserved = stock::quantity_of(reserved);
  level.available = stock::quantity_of(on_hand - reserved);
  level.incoming = stock::quantity_of(incoming);
  level.outgoing = stock::quantity_of(outgoing);
  level.forecast = stock::quantity_of(on_hand + incoming - outgoing);
  return level;
}

Result<std::map<ProductId, Quantity>> available_quantities(db::Tx& tx, CompanyId company_id,
                                                           std::span<const ProductId> products) {
  std::map<ProductId, Quantity> out;
  for (std::size_t first = 0; first < products.size(); first += stock::kIdsPerReadMax) {
    const std::size_t count = std::min(stock::kIdsPerReadMax, products.size() - first);
    std::vector<db::Value> params{company_id.value()};
    for (std::size_t i = 0; i < count; ++i) {
      params.emplace_back(products[first + i].value());
      out.emplace(products[first + i], Quantity::zero());
    }
    const auto rows = TRY(tx.query(
        "SELECT q.product_id, SUM(q.on_hand_e6 - q.reserved_e6) FROM inventory_quants q JOIN "
        "inventory_locations l ON l.id = q.location_id WHERE q.company_id = $1 AND l.usage = "
        "'internal' AND q.product_id IN (" +
            stock::placeholders(2, count) + ") GROUP BY q.product_id",
        params));
    for (const auto& row : rows) {
      out.insert_or_assign(ProductId{row.integer(0)}, stock::quantity_of(row.integer(1)));
    }
  }
  return out;
}

Result<Promise> available_to_promise(db::Tx& tx, const Context& context, ProductId product,
                                     WarehouseId warehouse, Quantity quantity, Date today) {
  const StockLevel level = TRY(stock_level(tx, context.company_id, product, warehouse));
  Promise promise;
  const std::int64_t available = std::max<std::int64_t>(level.available.value_e6(), 0);
  const std::int64_t wanted = quantity.value_e6();
  promise.available_now = stock::quantity_of(std::min(available, wanted));
  if (available >= wanted) {
    promise.earliest_date = today;
    return promise;
  }
  // Incoming moves by date add to what is free; outgoing ones already hold their stock
  // (reserved) or will take it first, so they count against it on their date.
  const auto locations = TRY(stock::internal_locations(tx, context.company_id, warehouse));
  std::int64_t free = available;
  std::int64_t unreserved_outgoing = level.outgoing.value_e6() - level.reserved.value_e6();
  if (unreserved_outgoing < 0) unreserved_outgoing = 0;
  free -= unreserved_outgoing;
  for (const auto& move : TRY(stock::open_moves(tx, context.company_id, product, locations))) {
    if (!move.into) continue;
    free += move.quantity_e6;
    if (free >= wanted) {
      promise.earliest_date = std::max(move.date, today);
      return promise;
    }
  }
  return promise;
}

}  // namespace keel::inventory
