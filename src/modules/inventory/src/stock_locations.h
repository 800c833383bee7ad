#pragma once

// Warehouse and location commands and queries used by the stock routes and demo (not part of
// the module's public contract).
#include <optional>
#include <string>
#include <vector>

#include "stock_internal.h"

namespace keel::inventory::stock {

// A new warehouse with its Stock, Input and Output locations. Audited. Errors:
// warehouse_code_invalid, warehouse_name_required, warehouse_code_taken (conflict).
Result<Warehouse> create_warehouse(db::Tx& tx, const Context& context, const std::string& code,
                                   const std::string& name);
// A child of an internal location. Audited. Errors: location_parent_invalid,
// location_name_invalid, location_barcode_invalid, location_name_taken (conflict),
// location_barcode_taken (conflict).
Result<Location> create_location(db::Tx& tx, const Context& context, LocationId parent_id,
                                 const std::string& name, const std::string& barcode);

struct LocationQuery {
  std::optional<WarehouseId> warehouse_id;
  std::optional<LocationUsage> usage;
  std::optional<std::string> barcode;
};
// Ordered by full name, at most 5000.
Result<std::vector<Location>> list_locations(db::Tx& tx, CompanyId company_id,
                                             const LocationQuery& query);

}  // namespace keel::inventory::stock
