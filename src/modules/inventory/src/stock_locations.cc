// Warehouses and locations: the default warehouse and the company-wide partner and virtual
// locations (created on first use), location trees, and the helpers the stock part shares.
#include "stock_locations.h"

#include <algorithm>

#include "keel/audit/audit.h"
#include "keel/core/limits.h"
#include "stock_internal.h"

namespace keel::inventory {

std::string_view to_string(LocationUsage usage) {
  switch (usage) {
    case LocationUsage::internal:
      return "internal";
    case LocationUsage::supplier:
      return "supplier";
    case LocationUsage::customer:
      return "customer";
    case LocationUsage::loss:
      return "loss";
    case LocationUsage::production:
      return "production";
    case LocationUsage::transit:
      return "transit";
  }
  return "internal";
}

namespace stock {

std::string now_text(const Context& context) { return format_instant(context.clock->now()); }

Result<void> audit_change(db::Tx& tx, const Context& context, std::string action,
                          std::string entity, std::int64_t id, nlohmann::json after) {
  return audit::record(tx, *context.clock,
                       {context.company_id, context.user_id, std::move(action), std::move(entity),
                        std::to_string(id), nullptr, std::move(after), context.request_id});
}

Quantity quantity_of(std::int64_t value_e6) {
  auto quantity = Quantity::from_value_e6(value_e6);
  KEEL_ASSERT(quantity.ok());
  return *quantity;
}

Money money_of(std::int64_t minor_units, Currency currency) {
  auto money = Money::from_minor_units(minor_units, currency);
  KEEL_ASSERT(money.ok());
  return *money;
}

std::optional<LocationUsage> parse_usage(std::string_view text) {
  for (auto usage : {LocationUsage::internal, LocationUsage::supplier, LocationUsage::customer,
                     LocationUsage::loss, LocationUsage::production, LocationUsage::transit}) {
    if (to_string(usage) == text) return usage;
  }
  return std::nullopt;
}

std::string placeholders(std::size_t first, std::size_t count) {
  std::string out;
  for (std::size_t i = 0; i < count; ++i) {
    if (i > 0) out += ", ";
    out += "$" + std::to_string(first + i);
  }
  return out;
}

namespace {

constexpr std::string_view kLocationColumns =
    "id, parent_id, warehouse_id, full_name, barcode, usage, archived";

Location location_from(const db::Row& row) {
  Location location;
  location.id = LocationId{row.integer(0)};
  if (const auto parent = row.optional_integer(1)) location.parent_id = LocationId{*parent};
  if (const auto warehouse = row.optional_integer(2)) {
    location.warehouse_id = WarehouseId{*warehouse};
  }
  location.name = row.text(3);
  location.barcode = row.text(4);
  const auto usage = parse_usage(row.text(5));
  KEEL_ASSERT(usage.has_value());
  location.usage = *usage;
  location.archived = row.integer(6) != 0;
  return location;
}

Warehouse warehouse_from(const db::Row& row) {
  Warehouse warehouse;
  warehouse.id = WarehouseId{row.integer(0)};
  warehouse.code = row.text(1);
  warehouse.name = row.text(2);
  warehouse.stock_location_id = LocationId{row.integer(3)};
  warehouse.input_location_id = LocationId{row.integer(4)};
  warehouse.output_location_id = LocationId{row.integer(5)};
  return warehouse;
}

constexpr std::string_view kWarehouseColumns =
    "id, code, name, stock_location_id, input_location_id, output_location_id";

std::string_view company_location_name(LocationUsage usage) {
  switch (usage) {
    case LocationUsage::supplier:
      return "Partners/Suppliers";
    case LocationUsage::customer:
      return "Partners/Customers";
    case LocationUsage::loss:
      return "Virtual/Loss";
    case LocationUsage::production:
      return "Virtual/Production";
    case LocationUsage::transit:
      return "Virtual/Transit";
    case LocationUsage::internal:
      break;
  }
  KEEL_ASSERT(false);
  return "";
}

// Inserts a location unless one of that full name exists (a concurrent creator's row wins),
// and returns the row of that name.
Result<Location> insert_or_get(db::Tx& tx, const Context& context, std::optional<LocationId> parent,
                               std::optional<WarehouseId> warehouse, const std::string& name,
                               const std::string& full_name, LocationUsage usage,
                               const std::string& barcode = {}) {
  TRY(tx.execute(
      "INSERT INTO inventory_locations (company_id, parent_id, warehouse_id, name, full_name, "
      "barcode, usage, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING",
      {context.company_id.value(), parent ? db::Value(parent->value()) : db::Value(db::null),
       warehouse ? db::Value(warehouse->value()) : db::Value(db::null), name, full_name, barcode,
       std::string(to_string(usage)), now_text(context)}));
  const auto row = TRY(tx.query_one("SELECT " + std::string(kLocationColumns) +
                                        " FROM inventory_locations WHERE company_id = $1 AND "
                                        "full_name = $2",
                                    {context.company_id.value(), full_name}));
  KEEL_ASSERT(row.has_value());
  return location_from(*row);
}

Result<void> ensure_company_locations(db::Tx& tx, const Context& context) {
  for (auto usage : {LocationUsage::supplier, LocationUsage::customer, LocationUsage::loss,
                     LocationUsage::production, LocationUsage::transit}) {
    const std::string full_name(company_location_name(usage));
    const std::string name = full_name.substr(full_name.find('/') + 1);
    TRY(insert_or_get(tx, context, std::nullopt, std::nullopt, name, full_name, usage));
  }
  return Ok{};
}

bool code_is_valid(std::string_view code) {
  if (code.empty() || code.size() > kWarehouseCodeLengthMax) return false;
  for (char c : code) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

bool name_is_valid(std::string_view name) {
  if (name.empty() || name.size() > limits::kNameLengthMax) return false;
  for (char c : name) {
    if (c == '/' || static_cast<unsigned char>(c) < 0x20) return false;
  }
  return true;
}

// Creates a warehouse and its three internal locations (a warehouse of that code created
// concurrently is returned instead).
Result<Warehouse> insert_warehouse(db::Tx& tx, const Context& context, const std::string& code,
                                   const std::string& name) {
  TRY(ensure_company_locations(tx, context));
  const Location root = TRY(
      insert_or_get(tx, context, std::nullopt, std::nullopt, code, code, LocationUsage::internal));
  std::vector<LocationId> ids;
  for (const char* child : {"Stock", "Input", "Output"}) {
    const Location created = TRY(insert_or_get(tx, context, root.id, std::nullopt, child,
                                               code + "/" + child, LocationUsage::internal));
    ids.push_back(created.id);
  }
  TRY(tx.execute(
      "INSERT INTO inventory_warehouses (company_id, code, name, stock_location_id, "
      "input_location_id, output_location_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) "
      "ON CONFLICT DO NOTHING",
      {context.company_id.value(), code, name, ids[0].value(), ids[1].value(), ids[2].value(),
       now_text(context)}));
  const auto row = TRY(tx.query_one("SELECT " + std::string(kWarehouseColumns) +
                                        " FROM inventory_warehouses WHERE company_id = $1 AND "
                                        "code = $2",
                                    {context.company_id.value(), code}));
  KEEL_ASSERT(row.has_value());
  const Warehouse warehouse = warehouse_from(*row);
  // The locations belong to the warehouse (set after its row exists, for the foreign keys).
  TRY(
      tx.execute("UPDATE inventory_locations SET warehouse_id = $1 WHERE company_id = $2 AND "
                 "(full_name = $3 OR full_name LIKE $4) AND warehouse_id IS NULL",
                 {warehouse.id.value(), context.company_id.value(), code, code + "/%"}));
  return warehouse;
}

}  // namespace

Result<Location> load_location(db::Tx& tx, CompanyId company_id, LocationId id) {
  const auto row = TRY(tx.query_one("SELECT " + std::string(kLocationColumns) +
                                        " FROM inventory_locations WHERE company_id = $1 AND "
                                        "id = $2",
                                    {company_id.value(), id.value()}));
  if (!row) {
    return Error::not_found("location_not_found", "no location " + std::to_string(id.value()));
  }
  return location_from(*row);
}

Result<std::vector<LocationId>> subtree(db::Tx& tx, CompanyId company_id, LocationId root) {
  std::vector<LocationId> out{root};
  std::vector<LocationId> frontier{root};
  for (std::size_t depth = 0; depth <= kLocationDepthMax && !frontier.empty(); ++depth) {
    std::vector<db::Value> params{company_id.value()};
    for (const auto id : frontier) params.emplace_back(id.value());
    const auto rows =
        TRY(tx.query("SELECT id FROM inventory_locations WHERE company_id = $1 AND parent_id IN (" +
                         placeholders(2, frontier.size()) + ") ORDER BY id",
                     params));
    frontier.clear();
    for (const auto& row : rows) {
      frontier.emplace_back(row.integer(0));
      out.emplace_back(row.integer(0));
    }
  }
  return out;
}

}  // namespace stock

using stock::load_location;

Result<std::vector<Warehouse>> list_warehouses(db::Tx& tx, CompanyId company_id) {
  const auto rows = TRY(tx.query("SELECT " + std::string(stock::kWarehouseColumns) +
                                     " FROM inventory_warehouses WHERE company_id = $1 "
                                     "ORDER BY id",
                                 {company_id.value()}));
  std::vector<Warehouse> out;
  for (const auto& row : rows) out.push_back(stock::warehouse_from(row));
  return out;
}

Result<Warehouse> default_warehouse(db::Tx& tx, const Context& context) {
  const auto existing = TRY(list_warehouses(tx, context.company_id));
  if (!existing.empty()) return existing.front();
  return stock::insert_warehouse(tx, context, "WH", "Main warehouse");
}

Result<Location> partner_location(db::Tx& tx, const Context& context, LocationUsage usage) {
  KEEL_ASSERT(usage != LocationUsage::internal);
  const auto row = TRY(
      tx.query_one("SELECT id FROM inventory_locations WHERE company_id = $1 AND usage = $2 AND "
                   "warehouse_id IS NULL AND parent_id IS NULL",
                   {context.company_id.value(), std::string(to_string(usage))}));
  if (row) return load_location(tx, context.company_id, LocationId{row->integer(0)});
  TRY(default_warehouse(tx, context));
  const auto created = TRY(
      tx.query_one("SELECT id FROM inventory_locations WHERE company_id = $1 AND usage = $2 AND "
                   "warehouse_id IS NULL AND parent_id IS NULL",
                   {context.company_id.value(), std::string(to_string(usage))}));
  KEEL_ASSERT(created.has_value());
  return load_location(tx, context.company_id, LocationId{created->integer(0)});
}

Result<Location> get_location(db::Tx& tx, CompanyId company_id, LocationId id) {
  return load_location(tx, company_id, id);
}

namespace stock {

Result<Warehouse> create_warehouse(db::Tx& tx, const Context& context, const std::string& code,
                                   const std::string& name) {
  if (!code_is_valid(code)) {
    return Error::validation("warehouse_code_invalid",
                             "a code is 1 to 16 characters A-Z a-z 0-9 - _", "code");
  }
  if (name.empty() || name.size() > limits::kNameLengthMax) {
    return Error::validation("warehouse_name_required", "a warehouse needs a name", "name");
  }
  const auto taken =
      TRY(tx.query_one("SELECT 1 FROM inventory_warehouses WHERE company_id = $1 AND code = $2",
                       {context.company_id.value(), code}));
  const auto root_taken =
      TRY(tx.query_one("SELECT 1 FROM inventory_locations WHERE company_id = $1 AND full_name = $2",
                       {context.company_id.value(), code}));
  if (taken || root_taken) {
    return Error::conflict("warehouse_code_taken", "a warehouse has the code " + code);
  }
  // The first warehouse the company creates by hand is then its default.
  const Warehouse warehouse = TRY(insert_warehouse(tx, context, code, name));
  TRY(audit_change(tx, context, "create", "inventory.warehouse", warehouse.id.value(),
                   {{"code", code}, {"name", name}}));
  return warehouse;
}

Result<Location> create_location(db::Tx& tx, const Context& context, LocationId parent_id,
                                 const std::string& name, const std::string& barcode) {
  auto parent = load_location(tx, context.company_id, parent_id);
  if (!parent.ok()) {
    if (parent.error().kind() != ErrorKind::not_found) return parent.release_error();
    return Error::validation("location_parent_invalid", "no such parent location", "parent_id");
  }
  if (parent->usage != LocationUsage::internal || parent->archived) {
    return Error::validation("location_parent_invalid", "children go under an internal location",
                             "parent_id");
  }
  if (!name_is_valid(name)) {
    return Error::validation("location_name_invalid",
                             "a location name is 1 to 300 characters without '/'", "name");
  }
  if (barcode.size() > limits::kCodeLengthMax) {
    return Error::validation("location_barcode_invalid", "a barcode is at most 64 characters",
                             "barcode");
  }
  const auto depth = std::count(parent->name.begin(), parent->name.end(), '/');
  if (static_cast<std::size_t>(depth) + 1 >= kLocationDepthMax) {
    return Error::validation("location_parent_invalid", "locations nest at most 8 deep",
                             "parent_id");
  }
  const std::string full_name = parent->name + "/" + name;
  if (TRY(tx.query_one("SELECT 1 FROM inventory_locations WHERE company_id = $1 AND "
                       "full_name = $2",
                       {context.company_id.value(), full_name}))) {
    return Error::conflict("location_name_taken", "a location is named " + full_name);
  }
  if (!barcode.empty() &&
      TRY(tx.query_one("SELECT 1 FROM inventory_locations WHERE company_id = $1 AND barcode = $2",
                       {context.company_id.value(), barcode}))) {
    return Error::conflict("location_barcode_taken", "a location has the barcode " + barcode);
  }
  const auto row = TRY(tx.query_one(
      "INSERT INTO inventory_locations (company_id, parent_id, warehouse_id, name, full_name, "
      "barcode, usage, created_at) VALUES ($1, $2, $3, $4, $5, $6, 'internal', $7) RETURNING id",
      {context.company_id.value(), parent->id.value(),
       parent->warehouse_id ? db::Value(parent->warehouse_id->value()) : db::Value(db::null), name,
       full_name, barcode, now_text(context)}));
  KEEL_ASSERT(row.has_value());
  const LocationId id{row->integer(0)};
  TRY(audit_change(tx, context, "create", "inventory.location", id.value(),
                   {{"name", full_name}, {"barcode", barcode}}));
  return load_location(tx, context.company_id, id);
}

Result<std::vector<Location>> list_locations(db::Tx& tx, CompanyId company_id,
                                             const LocationQuery& query) {
  std::string sql =
      "SELECT " + std::string(kLocationColumns) + " FROM inventory_locations WHERE company_id = $1";
  std::vector<db::Value> params{company_id.value()};
  if (query.warehouse_id) {
    params.emplace_back(query.warehouse_id->value());
    sql += " AND warehouse_id = $" + std::to_string(params.size());
  }
  if (query.usage) {
    params.emplace_back(std::string(to_string(*query.usage)));
    sql += " AND usage = $" + std::to_string(params.size());
  }
  if (query.barcode) {
    params.emplace_back(*query.barcode);
    sql += " AND barcode = $" + std::to_string(params.size());
  }
  sql += " ORDER BY full_name LIMIT 5000";
  const auto rows = TRY(tx.query(sql, params));
  std::vector<Location> out;
  for (const auto& row : rows) out.push_back(location_from(row));
  return out;
}

}  // namespace stock
}  // namespace keel::inventory
