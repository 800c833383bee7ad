#pragma once

// Stock of a product per location and lot, for GET /products/{id}/stock.
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "stock_internal.h"

namespace keel::inventory::stock {

struct QuantRow {
  LocationId location_id;
  std::string location_name;
  std::optional<LotId> lot_id;
  std::string lot_name;
  std::optional<Date> expiry_date;
  Quantity on_hand = Quantity::zero();
  Quantity reserved = Quantity::zero();
  Quantity available = Quantity::zero();
};
struct ProductStock {
  StockLevel level;
  std::vector<QuantRow> quants;  // by location name and lot, at most 1000
};
Result<ProductStock> product_stock(db::Tx& tx, CompanyId company_id, ProductId product,
                                   std::optional<WarehouseId> warehouse);

// What lies in a location and the locations under it: one row per product × location × lot
// with something on hand or reserved, by SKU, location name and lot, at most `limit` rows.
// Errors: location_not_found (not_found).
struct LocationQuant {
  ProductId product_id;
  std::string sku;
  QuantRow quant;
};
Result<std::vector<LocationQuant>> location_stock(db::Tx& tx, CompanyId company_id,
                                                  LocationId root, std::int64_t limit);

// The stock levels of many products in the internal locations of one warehouse (of all when
// absent), as stock_level() gives them one by one, in two reads per 500 products.
Result<std::map<ProductId, StockLevel>> stock_levels(db::Tx& tx, CompanyId company_id,
                                                     std::optional<WarehouseId> warehouse,
                                                     std::span<const ProductId> products);

}  // namespace keel::inventory::stock
