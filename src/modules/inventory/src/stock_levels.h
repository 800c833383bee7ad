#pragma once

// Stock of a product per location and lot, for GET /products/{id}/stock.
#include <optional>
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

}  // namespace keel::inventory::stock
