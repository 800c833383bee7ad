// The stock part's routes (/api/v1/inventory/warehouses, locations, moves, receipts,
// transfers, scrap, valuation, products/{id}/stock) and its permissions. Handlers only
// translate: JSON → service → JSON; every route acts for the caller's company.
#include <charconv>

#include "keel/core/limits.h"
#include "keel/http/json_input.h"
#include "stock_levels.h"
#include "stock_locations.h"
#include "stock_moves.h"

namespace keel::inventory {
namespace stock {
namespace {

using http::ObjectReader;
using http::Response;
using nlohmann::json;

constexpr std::string_view kBase = "/api/v1/inventory";
constexpr std::size_t kLotLinesMax = 1'000;
// Rows of GET /locations/{id}/stock.
constexpr std::int64_t kLocationStockRowsMax = 1'000;

const json kString = {{"type", "string"}};
const json kInteger = {{"type", "integer"}};
const json kObject = {{"type", "object"}};

Result<Context> context_of(const http::Context& http) {
  return Context::load(http.transaction(), http.who(), http.clock, http.request.request_id);
}

Result<std::int64_t> path_id(const http::Context& http, std::string_view not_found) {
  const std::string& text = http.request.path_params.at("id");
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value <= 0) {
    return Error::not_found(std::string(not_found), "no such id " + text);
  }
  return value;
}

// An optional positive integer query parameter. Errors: list_parameter_invalid.
Result<std::optional<std::int64_t>> query_id(const http::Context& http, std::string_view name,
                                             std::int64_t max = INT64_MAX) {
  const auto text = http.request.query_param(name);
  if (!text || text->empty()) return std::optional<std::int64_t>{};
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (error != std::errc() || end != text->data() + text->size() || value <= 0 || value > max) {
    return Error::validation("list_parameter_invalid", std::string(name) + " is invalid",
                             std::string(name));
  }
  return std::optional<std::int64_t>{value};
}

Result<std::optional<Date>> query_date(const http::Context& http, std::string_view name) {
  const auto text = http.request.query_param(name);
  if (!text || text->empty()) return std::optional<Date>{};
  auto date = Date::parse(*text);
  if (!date.ok()) {
    return Error::validation("date_invalid", std::string(name) + " is not a date (YYYY-MM-DD)",
                             std::string(name));
  }
  return std::optional<Date>{*date};
}

json id_or_null(const auto& id) { return id ? json(id->value()) : json(nullptr); }

json to_json(const Warehouse& warehouse) {
  return {{"id", warehouse.id.value()},
          {"code", warehouse.code},
          {"name", warehouse.name},
          {"stock_location_id", warehouse.stock_location_id.value()},
          {"input_location_id", warehouse.input_location_id.value()},
          {"output_location_id", warehouse.output_location_id.value()}};
}

json to_json(const Location& location) {
  return {{"id", location.id.value()},
          {"parent_id", id_or_null(location.parent_id)},
          {"warehouse_id", id_or_null(location.warehouse_id)},
          {"name", location.name},
          {"barcode", location.barcode},
          {"usage", std::string(to_string(location.usage))},
          {"archived", location.archived}};
}

json to_json(const MoveRow& row, Currency currency) {
  const Move& move = row.move;
  json lots = json::array();
  for (const auto& lot : move.lots) {
    lots.push_back({{"lot_id", lot.lot_id.value()},
                    {"lot_name", lot.lot_name},
                    {"quantity", lot.quantity.to_string()}});
  }
  json unit_cost = nullptr;
  if (row.unit_cost_e6) {
    if (auto price = UnitPrice::from_value_e6(*row.unit_cost_e6, currency); price.ok()) {
      unit_cost = price->to_string();
    }
  }
  return {{"id", move.id.value()},
          {"product_id", move.product_id.value()},
          {"quantity", move.quantity.to_string()},
          {"reserved", move.reserved.to_string()},
          {"done_quantity", move.done_quantity.to_string()},
          {"from_location_id", move.from_location_id.value()},
          {"to_location_id", move.to_location_id.value()},
          {"state", std::string(to_string(move.state))},
          {"date", move.date.to_string()},
          {"origin", move.origin},
          {"partner_id", id_or_null(move.partner_id)},
          {"origin_move_id", id_or_null(move.origin_move_id)},
          {"backorder_of", id_or_null(row.backorder_of)},
          {"unit_cost", unit_cost},
          {"value", move.value},
          {"currency", std::string(currency.code())},
          {"entry_id", id_or_null(move.entry_id)},
          {"lots", lots}};
}

Result<Response> move_response(const http::Context& http, const Context& context, MoveId id,
                               int status) {
  const MoveRow row = TRY(load_move_row(http.transaction(), context.company_id, id));
  return Response::json(status, to_json(row, context.company_currency));
}

// ---- request readers ----

std::optional<Quantity> read_quantity(ObjectReader& in, std::string_view name, bool required) {
  const auto text = required ? std::optional<std::string>(in.required_string(name, 40))
                             : in.optional_string(name, 40);
  if (!text || text->empty()) return std::nullopt;
  auto quantity = Quantity::parse(*text);
  if (!quantity.ok()) {
    in.fail(name, quantity.error());
    return std::nullopt;
  }
  return *quantity;
}

std::optional<Date> read_date(ObjectReader& in, std::string_view name) {
  const auto text = in.optional_string(name, 10);
  if (!text) return std::nullopt;
  auto date = Date::parse(*text);
  if (!date.ok()) {
    in.fail(name, date.error());
    return std::nullopt;
  }
  return *date;
}

template <typename T>
std::optional<T> read_id(ObjectReader& in, std::string_view name) {
  const auto value = in.optional_integer(name, 1, INT64_MAX);
  return value ? std::optional<T>(T{*value}) : std::nullopt;
}

std::vector<DoneLine> read_lots(ObjectReader& in) {
  std::vector<DoneLine> out;
  const json* lots = in.optional_value("lots");
  if (!lots) return out;
  if (!lots->is_array() || lots->size() > kLotLinesMax) {
    in.fail("lots", "field_type_invalid", "an array of at most 1000 lot lines");
    return out;
  }
  for (std::size_t i = 0; i < lots->size(); ++i) {
    ObjectReader line((*lots)[i], "lots/" + std::to_string(i));
    DoneLine done;
    if (const auto quantity = read_quantity(line, "quantity", true)) done.quantity = *quantity;
    done.lot_id = read_id<LotId>(line, "lot_id");
    done.lot_name = line.optional_string("lot_name", kLotNameLengthMax).value_or("");
    done.expiry_date = read_date(line, "expiry_date");
    if (auto finished = line.finish(); !finished.ok()) {
      for (const auto& field : finished.error().fields()) {
        in.fail(field.field, field.code, field.message);
      }
    }
    out.push_back(std::move(done));
  }
  return out;
}

// ---- handlers ----

Result<Response> list_warehouses_handler(http::Context& http) {
  const Context context = TRY(context_of(http));
  json items = json::array();
  for (const auto& warehouse : TRY(list_warehouses(http.transaction(), context.company_id))) {
    items.push_back(to_json(warehouse));
  }
  return Response::json(200, {{"items", items}});
}

Result<Response> create_warehouse_handler(http::Context& http) {
  const Context context = TRY(context_of(http));
  const json body = TRY(http.json_body());
  ObjectReader in(body);
  const std::string code = in.required_string("code", kWarehouseCodeLengthMax);
  const std::string name = in.required_string("name", limits::kNameLengthMax);
  TRY(in.finish());
  // The company-wide locations and the default warehouse come first, so that a company's
  // first warehouse created by hand is not followed by a second, implicit one.
  if (TRY(list_warehouses(http.transaction(), context.company_id)).empty() && code != "WH") {
    TRY(default_warehouse(http.transaction(), context));
  }
  const Warehouse warehouse = TRY(create_warehouse(http.transaction(), context, code, name));
  Response response = Response::json(201, to_json(warehouse));
  response.header("Location",
                  std::string(kBase) + "/warehouses/" + std::to_string(warehouse.id.value()));
  return response;
}

Result<Response> list_locations_handler(http::Context& http) {
  const Context context = TRY(context_of(http));
  LocationQuery query;
  if (const auto warehouse = TRY(query_id(http, "warehouse_id"))) {
    query.warehouse_id = WarehouseId{*warehouse};
  }
  if (const auto usage = http.request.query_param("usage"); usage && !usage->empty()) {
    query.usage = parse_usage(*usage);
    if (!query.usage) {
      return Error::validation("list_parameter_invalid", "usage is invalid", "usage");
    }
  }
  if (const auto barcode = http.request.query_param("barcode"); barcode && !barcode->empty()) {
    query.barcode = std::string(*barcode);
  }
  json items = json::array();
  for (const auto& location : TRY(list_locations(http.transaction(), context.company_id, query))) {
    items.push_back(to_json(location));
  }
  return Response::json(200, {{"items", items}});
}

Result<Response> create_location_handler(http::Context& http) {
  const Context context = TRY(context_of(http));
  const json body = TRY(http.json_body());
  ObjectReader in(body);
  const auto parent = in.optional_integer("parent_id", 1, INT64_MAX);
  if (!in.has("parent_id")) in.fail("parent_id", "field_required", "parent_id is required");
  const std::string name = in.required_string("name", limits::kNameLengthMax);
  const std::string barcode = in.optional_string("barcode", limits::kCodeLengthMax).value_or("");
  TRY(in.finish());
  const Location location = TRY(
      create_location(http.transaction(), context, LocationId{parent.value_or(0)}, name, barcode));
  return Response::json(201, to_json(location));
}

Result<Response> get_location_handler(http::Context& http) {
  const Context context = TRY(context_of(http));
  const LocationId id{TRY(path_id(http, "location_not_found"))};
  return Response::json(200,
                        to_json(TRY(get_location(http.transaction(), context.company_id, id))));
}

// One product × location × lot row of stock.
json quant_json(const QuantRow& quant) {
  return {{"location_id", quant.location_id.value()},
          {"location_name", quant.location_name},
          {"lot_id", id_or_null(quant.lot_id)},
          {"lot_name", quant.lot_id ? json(quant.lot_name) : json(nullptr)},
          {"expiry_date", quant.expiry_date ? json(quant.expiry_date->to_string()) : json(nullptr)},
          {"on_hand", quant.on_hand.to_string()},
          {"reserved", quant.reserved.to_string()},
          {"available", quant.available.to_string()}};
}

Result<Response> location_stock_handler(http::Context& http) {
  const Context context = TRY(context_of(http));
  const LocationId id{TRY(path_id(http, "location_not_found"))};
  json rows = json::array();
  for (const auto& item :
       TRY(location_stock(http.transaction(), context.company_id, id, kLocationStockRowsMax))) {
    json row = quant_json(item.quant);
    row["product_id"] = item.product_id.value();
    row["sku"] = item.sku;
    rows.push_back(std::move(row));
  }
  return Response::json(200, json{{"location_id", id.value()}, {"items", std::move(rows)}});
}

Result<Response> product_stock_handler(http::Context& http) {
  const Context context = TRY(context_of(http));
  const ProductId id{TRY(path_id(http, "product_not_found"))};
  auto product = detail::stock_product(http.transaction(), context.company_id, id);
  if (!product.ok()) {
    if (product.error().code() == "product_not_found") {
      return Error::not_found("product_not_found", product.error().message());
    }
    return product.release_error();
  }
  std::optional<WarehouseId> warehouse;
  if (const auto value = TRY(query_id(http, "warehouse_id"))) warehouse = WarehouseId{*value};
  const ProductStock stock =
      TRY(product_stock(http.transaction(), context.company_id, id, warehouse));
  json rows = json::array();
  for (const auto& quant : stock.quants) rows.push_back(quant_json(quant));
  const StockLevel& level = stock.level;
  json out = {{"product_id", id.value()},
              {"on_hand", level.on_hand.to_string()},
              {"reserved", level.reserved.to_string()},
              {"available", level.available.to_string()},
              {"incoming", level.incoming.to_string()},
              {"outgoing", level.outgoing.to_string()},
              {"forecast", level.forecast.to_string()},
              {"locations", rows}};
  if (const auto text = http.request.query_param("quantity"); text && !text->empty()) {
    auto quantity = Quantity::parse(*text);
    if (!quantity.ok() || quantity->is_negative() || quantity->is_zero()) {
      return Error::validation("list_parameter_invalid", "quantity is invalid", "quantity");
    }
    const Date date = TRY(query_date(http, "date")).value_or(today(context));
    WarehouseId target = warehouse.value_or(WarehouseId{});
    if (!warehouse) {
      const auto warehouses = TRY(list_warehouses(http.transaction(), context.company_id));
      if (!warehouses.empty()) target = warehouses.front().id;
    }
    const Promise promise =
        TRY(available_to_promise(http.transaction(), context, id, target, *quantity, date));
    out["promise"] = {
        {"available_now", promise.available_now.to_string()},
        {"earliest_date",
         promise.earliest_date ? json(promise.earliest_date->to_string()) : json(nullptr)}};
  }
  return Response::json(200, out);
}

Result<Response> list_moves_handler(http::Context& http) {
  const Context context = TRY(context_of(http));
  MoveQuery query;
  if (const auto value = TRY(query_id(http, "product_id"))) query.product_id = ProductId{*value};
  if (const auto value = TRY(query_id(http, "location_id"))) {
    query.location_id = LocationId{*value};
  }
  if (const auto origin = http.request.query_param("origin"); origin && !origin->empty()) {
    query.origin = std::string(*origin);
  }
  if (const auto state = http.request.query_param("state"); state && !state->empty()) {
    auto parsed = parse_move_state(*state);
    if (!parsed.ok()) {
      return Error::validation("list_parameter_invalid", "state is invalid", "state");
    }
    query.state = *parsed;
  }
  query.from = TRY(query_date(http, "from"));
  query.to = TRY(query_date(http, "to"));
  query.after_id = TRY(query_id(http, "cursor")).value_or(0);
  query.limit =
      TRY(query_id(http, "limit", limits::kPageSizeMax)).value_or(limits::kPageSizeDefault);
  const MovePage page = TRY(list_moves(http.transaction(), context.company_id, query));
  json items = json::array();
  for (const auto& row : page.items) items.push_back(to_json(row, context.company_currency));
  return Response::json(
      200, {{"items", items},
            {"next_cursor",
             page.next_cursor ? json(std::to_string(*page.next_cursor)) : json(nullptr)}});
}

Result<Response> get_move_handler(http::Context& http) {
  const Context context = TRY(context_of(http));
  const MoveId id{TRY(path_id(http, "move_not_found"))};
  return move_response(http, context, id, 200);
}

Result<Response> receipt_handler(http::Context& http) {
  const Context context = TRY(context_of(http));
  const json body = TRY(http.json_body());
  ObjectReader in(body);
  ReceiptDraft draft;
  const auto product = in.optional_integer("product_id", 1, INT64_MAX);
  if (!in.has("product_id")) in.fail("product_id", "field_required", "product_id is required");
  draft.product_id = ProductId{product.value_or(0)};
  draft.quantity = read_quantity(in, "quantity", true).value_or(Quantity::zero());
  if (const auto cost = in.optional_string("unit_cost", 40)) {
    auto price = UnitPrice::parse(*cost, context.company_currency);
    if (price.ok()) {
      draft.unit_cost = *price;
    } else {
      in.fail("unit_cost", price.error());
    }
  }
  draft.date = read_date(in, "date");
  draft.warehouse_id = read_id<WarehouseId>(in, "warehouse_id");
  draft.location_id = read_id<LocationId>(in, "location_id");
  draft.partner_id = read_id<partners::PartyId>(in, "partner_id");
  draft.origin = in.optional_string("origin", kOriginLengthMax).value_or("");
  draft.lots = read_lots(in);
  TRY(in.finish());
  const Move move = TRY(receive(http.transaction(), context, draft));
  return move_response(http, context, move.id, 201);
}

Result<Response> transfer_handler(http::Context& http) {
  const Context context = TRY(context_of(http));
  const json body = TRY(http.json_body());
  ObjectReader in(body);
  TransferDraft draft;
  for (const char* name : {"product_id", "from_location_id", "to_location_id"}) {
    if (!in.has(name)) in.fail(name, "field_required", std::string(name) + " is required");
  }
  draft.product_id = read_id<ProductId>(in, "product_id").value_or(ProductId{});
  draft.from_location_id = read_id<LocationId>(in, "from_location_id").value_or(LocationId{});
  draft.to_location_id = read_id<LocationId>(in, "to_location_id").value_or(LocationId{});
  draft.quantity = read_quantity(in, "quantity", true).value_or(Quantity::zero());
  draft.date = read_date(in, "date");
  draft.lots = read_lots(in);
  TRY(in.finish());
  json moves = json::array();
  for (const auto& move : TRY(transfer(http.transaction(), context, draft))) {
    moves.push_back(to_json(TRY(load_move_row(http.transaction(), context.company_id, move.id)),
                            context.company_currency));
  }
  return Response::json(201, {{"moves", moves}});
}

Result<Response> scrap_handler(http::Context& http) {
  const Context context = TRY(context_of(http));
  const json body = TRY(http.json_body());
  ObjectReader in(body);
  ScrapDraft draft;
  for (const char* name : {"product_id", "location_id"}) {
    if (!in.has(name)) in.fail(name, "field_required", std::string(name) + " is required");
  }
  draft.product_id = read_id<ProductId>(in, "product_id").value_or(ProductId{});
  draft.location_id = read_id<LocationId>(in, "location_id").value_or(LocationId{});
  draft.quantity = read_quantity(in, "quantity", true).value_or(Quantity::zero());
  draft.lot_id = read_id<LotId>(in, "lot_id");
  draft.date = read_date(in, "date");
  draft.reason = in.optional_string("reason", kOriginLengthMax - 20).value_or("");
  TRY(in.finish());
  const Move move = TRY(scrap(http.transaction(), context, draft));
  return move_response(http, context, move.id, 201);
}

Result<Response> valuation_handler(http::Context& http) {
  const Context context = TRY(context_of(http));
  std::vector<db::Value> params{context.company_id.value()};
  std::string sql =
      "SELECT product_id, quantity_e6, value_minor FROM inventory_product_costs WHERE "
      "company_id = $1";
  if (const auto product = TRY(query_id(http, "product_id"))) {
    params.emplace_back(*product);
    sql += " AND product_id = $2";
  }
  const auto rows = TRY(http.transaction().query(sql + " ORDER BY product_id LIMIT 5000", params));
  json items = json::array();
  for (const auto& row : rows) {
    items.push_back({{"product_id", row.integer(0)},
                     {"quantity", quantity_of(row.integer(1)).to_string()},
                     {"value", money_of(row.integer(2), context.company_currency).to_string()}});
  }
  const Money total = TRY(stock_value(http.transaction(), context));
  return Response::json(200, {{"currency", std::string(context.company_currency.code())},
                              {"total", total.to_string()},
                              {"items", items}});
}

// ---- specs ----

json object_of(json properties, std::vector<std::string> required = {}) {
  json out = {{"type", "object"}, {"properties", std::move(properties)}};
  if (!required.empty()) out["required"] = required;
  return out;
}
json array_of(json items) { return {{"type", "array"}, {"items", std::move(items)}}; }
json decimal(std::string description) {
  return {{"type", "string"}, {"description", std::move(description)}};
}
json date_schema() { return {{"type", "string"}, {"format", "date"}}; }

json warehouse_output() {
  return object_of({{"id", kInteger},
                    {"code", kString},
                    {"name", kString},
                    {"stock_location_id", kInteger},
                    {"input_location_id", kInteger},
                    {"output_location_id", kInteger}});
}

json location_output() {
  return object_of({{"id", kInteger},
                    {"parent_id", kInteger},
                    {"warehouse_id", kInteger},
                    {"name", kString},
                    {"barcode", kString},
                    {"usage", kString},
                    {"archived", {{"type", "boolean"}}}});
}

json lot_lines() {
  return array_of(object_of({{"quantity", decimal("in the product's unit")},
                             {"lot_id", kInteger},
                             {"lot_name", kString},
                             {"expiry_date", date_schema()}},
                            {"quantity"}));
}

json move_output() {
  return object_of({{"id", kInteger},
                    {"product_id", kInteger},
                    {"quantity", decimal("planned")},
                    {"reserved", decimal("set aside")},
                    {"done_quantity", decimal("carried out")},
                    {"from_location_id", kInteger},
                    {"to_location_id", kInteger},
                    {"state", kString},
                    {"date", date_schema()},
                    {"origin", kString},
                    {"partner_id", kInteger},
                    {"origin_move_id", kInteger},
                    {"backorder_of", kInteger},
                    {"unit_cost", decimal("company currency per unit")},
                    {"value", decimal("signed, company currency")},
                    {"currency", kString},
                    {"entry_id", kInteger},
                    {"lots", array_of(kObject)}});
}

http::RouteSpec spec(http::Method method, std::string path, std::string summary,
                     std::string permission, http::Handler handler) {
  http::RouteSpec route;
  route.method = method;
  route.path = std::string(kBase) + path;
  route.summary = std::move(summary);
  route.tag = "inventory";
  route.permission = std::move(permission);
  route.tx = method == http::Method::get ? http::TxMode::read : http::TxMode::write;
  route.handler = std::move(handler);
  return route;
}

const std::vector<std::string> kMoveErrors = {"input_invalid",
                                              "product_not_found",
                                              "product_not_stockable",
                                              "location_not_found",
                                              "location_not_internal",
                                              "move_locations_same",
                                              "move_quantity_invalid",
                                              "move_origin_invalid",
                                              "move_unit_cost_invalid",
                                              "stock_insufficient",
                                              "lot_required",
                                              "lot_not_tracked",
                                              "lot_quantity_mismatch",
                                              "serial_quantity_invalid",
                                              "serial_in_stock",
                                              "lot_not_found",
                                              "lot_expired",
                                              "account_role_missing",
                                              "journal_not_found",
                                              "fiscal_year_not_found",
                                              "period_closed",
                                              "period_locked",
                                              "unit_price_out_of_range",
                                              "amount_out_of_range"};

void register_places(http::Router& router) {
  auto list = spec(http::Method::get, "/warehouses", "List warehouses", "inventory.stock.read",
                   list_warehouses_handler);
  list.response_schema = object_of({{"items", array_of(warehouse_output())}});
  router.add(std::move(list));

  auto create = spec(http::Method::post, "/warehouses",
                     "Create a warehouse with its Stock, Input and Output locations",
                     "inventory.move.write", create_warehouse_handler);
  create.request_schema = object_of({{"code", kString}, {"name", kString}}, {"code", "name"});
  create.success_status = 201;
  create.response_schema = warehouse_output();
  create.error_codes = {"input_invalid", "warehouse_code_invalid", "warehouse_name_required",
                        "warehouse_code_taken"};
  router.add(std::move(create));

  auto locations = spec(http::Method::get, "/locations", "List locations (a tree by parent_id)",
                        "inventory.stock.read", list_locations_handler);
  locations.query_params = {{"warehouse_id", "one warehouse"},
                            {"usage",
                             "internal | supplier | customer | loss | production | "
                             "transit"},
                            {"barcode", "the location with this barcode"}};
  locations.response_schema = object_of({{"items", array_of(location_output())}});
  locations.error_codes = {"list_parameter_invalid"};
  router.add(std::move(locations));

  auto create_location_route =
      spec(http::Method::post, "/locations", "Create a child of an internal location",
           "inventory.move.write", create_location_handler);
  create_location_route.request_schema = object_of(
      {{"parent_id", kInteger}, {"name", kString}, {"barcode", kString}}, {"parent_id", "name"});
  create_location_route.success_status = 201;
  create_location_route.response_schema = location_output();
  create_location_route.error_codes = {"input_invalid",         "location_parent_invalid",
                                       "location_name_invalid", "location_barcode_invalid",
                                       "location_name_taken",   "location_barcode_taken"};
  router.add(std::move(create_location_route));

  auto get = spec(http::Method::get, "/locations/{id}", "Read a location", "inventory.stock.read",
                  get_location_handler);
  get.response_schema = location_output();
  get.error_codes = {"location_not_found"};
  router.add(std::move(get));

  auto contents = spec(http::Method::get, "/locations/{id}/stock",
                       "What lies in a location and the locations under it, per product and lot",
                       "inventory.stock.read", location_stock_handler);
  contents.response_schema = object_of({{"location_id", kInteger}, {"items", array_of(kObject)}});
  contents.error_codes = {"location_not_found"};
  router.add(std::move(contents));
}

void register_moves(http::Router& router) {
  auto stock = spec(http::Method::get, "/products/{id}/stock",
                    "Stock of a product: totals, per location and lot, available to promise",
                    "inventory.stock.read", product_stock_handler);
  stock.query_params = {{"warehouse_id", "one warehouse"},
                        {"quantity", "with date: available to promise for this quantity"},
                        {"date", "today for available to promise (YYYY-MM-DD)"}};
  stock.response_schema = object_of({{"product_id", kInteger},
                                     {"on_hand", kString},
                                     {"reserved", kString},
                                     {"available", kString},
                                     {"incoming", kString},
                                     {"outgoing", kString},
                                     {"forecast", kString},
                                     {"locations", array_of(kObject)},
                                     {"promise", kObject}});
  stock.error_codes = {"product_not_found", "list_parameter_invalid", "date_invalid"};
  router.add(std::move(stock));

  auto list = spec(http::Method::get, "/moves", "List stock moves, newest first",
                   "inventory.stock.read", list_moves_handler);
  list.query_params = {{"product_id", "one product"}, {"location_id", "either end"},
                       {"origin", "exact origin"},    {"state", "one state"},
                       {"from", "first date"},        {"to", "last date"},
                       {"limit", "page size"},        {"cursor", "next_cursor of a page"}};
  list.response_schema = object_of({{"items", array_of(move_output())}, {"next_cursor", kString}});
  list.error_codes = {"list_parameter_invalid", "date_invalid"};
  router.add(std::move(list));

  auto get = spec(http::Method::get, "/moves/{id}", "Read a stock move", "inventory.stock.read",
                  get_move_handler);
  get.response_schema = move_output();
  get.error_codes = {"move_not_found"};
  router.add(std::move(get));

  auto receipt = spec(http::Method::post, "/receipts",
                      "Receive goods from a supplier (done, valued and posted)",
                      "inventory.move.write", receipt_handler);
  receipt.request_schema = object_of({{"product_id", kInteger},
                                      {"quantity", decimal("in the product's unit")},
                                      {"unit_cost", decimal("company currency per unit")},
                                      {"date", date_schema()},
                                      {"warehouse_id", kInteger},
                                      {"location_id", kInteger},
                                      {"partner_id", kInteger},
                                      {"origin", kString},
                                      {"lots", lot_lines()}},
                                     {"product_id", "quantity"});
  receipt.success_status = 201;
  receipt.response_schema = move_output();
  receipt.error_codes = kMoveErrors;
  receipt.error_codes.push_back("warehouse_not_found");
  router.add(std::move(receipt));

  auto transfer_route = spec(http::Method::post, "/transfers",
                             "Move stock between internal locations (through transit between "
                             "warehouses)",
                             "inventory.move.write", transfer_handler);
  transfer_route.request_schema =
      object_of({{"product_id", kInteger},
                 {"quantity", decimal("in the product's unit")},
                 {"from_location_id", kInteger},
                 {"to_location_id", kInteger},
                 {"date", date_schema()},
                 {"lots", lot_lines()}},
                {"product_id", "quantity", "from_location_id", "to_location_id"});
  transfer_route.success_status = 201;
  transfer_route.response_schema = object_of({{"moves", array_of(move_output())}});
  transfer_route.error_codes = kMoveErrors;
  router.add(std::move(transfer_route));

  auto scrap_route =
      spec(http::Method::post, "/scrap", "Scrap stock into Virtual/Loss (valued and posted)",
           "inventory.move.write", scrap_handler);
  scrap_route.request_schema = object_of({{"product_id", kInteger},
                                          {"quantity", decimal("in the product's unit")},
                                          {"location_id", kInteger},
                                          {"lot_id", kInteger},
                                          {"date", date_schema()},
                                          {"reason", kString}},
                                         {"product_id", "quantity", "location_id"});
  scrap_route.success_status = 201;
  scrap_route.response_schema = move_output();
  scrap_route.error_codes = kMoveErrors;
  router.add(std::move(scrap_route));

  auto valuation = spec(http::Method::get, "/valuation", "Stock value per product and in total",
                        "inventory.valuation.read", valuation_handler);
  valuation.query_params = {{"product_id", "one product"}};
  valuation.response_schema =
      object_of({{"currency", kString}, {"total", kString}, {"items", array_of(kObject)}});
  valuation.error_codes = {"list_parameter_invalid"};
  router.add(std::move(valuation));
}

}  // namespace
}  // namespace stock

namespace detail {

void register_stock_routes(http::Router& router) {
  stock::register_places(router);
  stock::register_moves(router);
}

std::vector<http::PermissionSpec> stock_permissions() {
  using http::Scope;
  const std::pair<std::string, Scope> manager{"manager", Scope::all};
  return {
      {"inventory.stock.read",
       "Read warehouses, locations, stock levels and moves",
       false,
       {manager, {"sales", Scope::all}, {"accountant", Scope::all}, {"viewer", Scope::all}}},
      {"inventory.move.write",
       "Receive, transfer and scrap stock; create warehouses and locations",
       false,
       {manager}},
      {"inventory.valuation.read",
       "Read the stock valuation",
       false,
       {manager, {"accountant", Scope::all}}},
  };
}

}  // namespace detail
}  // namespace keel::inventory
