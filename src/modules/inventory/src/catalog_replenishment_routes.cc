// Routes of reorder rules, replenishment and counts.
#include <charconv>

#include "catalog_replenishment.h"
#include "catalog_routes.h"
#include "keel/http/json_input.h"

namespace keel::inventory::catalog {
namespace {

using http::ObjectReader;
using http::Response;
using nlohmann::json;

const json kString = {{"type", "string"}};
const json kInteger = {{"type", "integer"}};

json rule_json(const ReorderRule& rule) {
  return {{"id", rule.id},
          {"product_id", rule.product_id.value()},
          {"sku", rule.sku},
          {"warehouse_id", rule.warehouse_id.value()},
          {"min", rule.min.to_string()},
          {"max", rule.max.to_string()},
          {"version", rule.version}};
}

json count_json(const Count& count) {
  return {{"id", count.id},
          {"product_id", count.product_id.value()},
          {"location_id", count.location_id.value()},
          {"lot_id", count.lot_id ? json(count.lot_id->value()) : json(nullptr)},
          {"date", count.date.to_string()},
          {"counted", count.counted.to_string()},
          {"on_hand", count.on_hand.to_string()},
          {"difference", count.difference.to_string()},
          {"move_id", count.move_id ? json(count.move_id->value()) : json(nullptr)}};
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

template <typename IdType>
std::optional<IdType> id_of(std::optional<std::int64_t> value) {
  if (!value) return std::nullopt;
  return IdType{*value};
}

Result<Response> create_rule_handler(http::Context& http) {
  const auto context = TRY(context_of(http));
  const json body = TRY(http.json_body());
  ObjectReader in(body);
  ReorderRuleDraft draft;
  draft.product_id = ProductId{in.optional_integer("product_id", 1, INT64_MAX).value_or(0)};
  if (!in.has("product_id")) in.fail("product_id", "field_required", "product_id is required");
  if (auto id = in.optional_integer("warehouse_id", 1, INT64_MAX)) {
    draft.warehouse_id = WarehouseId{*id};
  }
  draft.min = in.required_string("min", 40);
  draft.max = in.required_string("max", 40);
  TRY(in.finish());
  return Response::json(201,
                        rule_json(TRY(create_reorder_rule(http.transaction(), context, draft))));
}

Result<Response> list_rules_handler(http::Context& http) {
  const auto product = TRY(query_id(http, "product_id"));
  const auto warehouse = TRY(query_id(http, "warehouse_id"));
  json items = json::array();
  for (const auto& rule :
       TRY(list_reorder_rules(http.transaction(), product_company(http),
                              id_of<ProductId>(product), id_of<WarehouseId>(warehouse)))) {
    items.push_back(rule_json(rule));
  }
  return Response::json(200, {{"items", items}});
}

Result<Response> delete_rule_handler(http::Context& http) {
  const auto context = TRY(context_of(http));
  const std::string& text = http.request.path_params.at("id");
  std::int64_t id = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (error != std::errc() || end != text.data() + text.size() || id <= 0) {
    return Error::not_found("reorder_rule_not_found", "no reorder rule " + text);
  }
  TRY(delete_reorder_rule(http.transaction(), context, id));
  return Response::json(200, {{"id", id}, {"deleted", true}});
}

Result<Response> replenishment_handler(http::Context& http) {
  const auto warehouse = TRY(query_id(http, "warehouse_id"));
  json items = json::array();
  for (const auto& proposal : TRY(replenishment(http.transaction(), product_company(http),
                                                id_of<WarehouseId>(warehouse)))) {
    items.push_back({{"rule_id", proposal.rule.id},
                     {"product_id", proposal.rule.product_id.value()},
                     {"sku", proposal.rule.sku},
                     {"name", proposal.name},
                     {"warehouse_id", proposal.rule.warehouse_id.value()},
                     {"uom", proposal.uom},
                     {"min", proposal.rule.min.to_string()},
                     {"max", proposal.rule.max.to_string()},
                     {"forecast", proposal.forecast.to_string()},
                     {"quantity", proposal.quantity.to_string()}});
  }
  return Response::json(200, {{"items", items}});
}

Result<Response> create_count_handler(http::Context& http) {
  const auto context = TRY(context_of(http));
  const json body = TRY(http.json_body());
  ObjectReader in(body);
  CountDraft draft;
  draft.product_id = ProductId{in.optional_integer("product_id", 1, INT64_MAX).value_or(0)};
  if (!in.has("product_id")) in.fail("product_id", "field_required", "product_id is required");
  draft.location_id = LocationId{in.optional_integer("location_id", 1, INT64_MAX).value_or(0)};
  if (!in.has("location_id")) {
    in.fail("location_id", "field_required", "location_id is required");
  }
  draft.counted = in.required_string("counted", 40);
  if (auto lot = in.optional_integer("lot_id", 1, INT64_MAX)) draft.lot_id = LotId{*lot};
  if (auto text = in.optional_string("date", 10)) {
    auto date = Date::parse(*text);
    if (date.ok()) {
      draft.date = *date;
    } else {
      in.fail("date", date.error());
    }
  }
  TRY(in.finish());
  return Response::json(201, count_json(TRY(record_count(http.transaction(), context, draft))));
}

Result<Response> list_counts_handler(http::Context& http) {
  const auto product = TRY(query_id(http, "product_id"));
  const auto location = TRY(query_id(http, "location_id"));
  const auto cursor = TRY(query_id(http, "cursor"));
  const auto limit = TRY(query_id(http, "limit", keel::limits::kPageSizeMax));
  const CountPage page = TRY(list_counts(
      http.transaction(), product_company(http), id_of<ProductId>(product),
      id_of<LocationId>(location), cursor.value_or(0),
      limit.value_or(keel::limits::kPageSizeDefault)));
  json items = json::array();
  for (const auto& count : page.items) items.push_back(count_json(count));
  return Response::json(
      200, {{"items", items},
            {"next_cursor",
             page.next_cursor ? json(std::to_string(*page.next_cursor)) : json(nullptr)}});
}

json object_of(json properties, std::vector<std::string> required = {}) {
  json out = {{"type", "object"}, {"properties", std::move(properties)}};
  if (!required.empty()) out["required"] = required;
  return out;
}
json array_of(json items) { return {{"type", "array"}, {"items", std::move(items)}}; }

json rule_schema() {
  return object_of({{"id", kInteger},
                    {"product_id", kInteger},
                    {"sku", kString},
                    {"warehouse_id", kInteger},
                    {"min", kString},
                    {"max", kString},
                    {"version", kInteger}});
}

json count_schema() {
  json lot = kInteger;
  lot["nullable"] = true;
  return object_of({{"id", kInteger},
                    {"product_id", kInteger},
                    {"location_id", kInteger},
                    {"lot_id", lot},
                    {"date", kString},
                    {"counted", kString},
                    {"on_hand", kString},
                    {"difference", kString},
                    {"move_id", lot}});
}

}  // namespace

void register_replenishment_routes(http::Router& router) {
  const std::string read = "inventory.product.read";
  auto list_rules = spec(http::Method::get, "/reorder-rules", "Reorder rules (min/max)", read,
                         list_rules_handler);
  list_rules.query_params = {{"product_id", "one product"}, {"warehouse_id", "one warehouse"}};
  list_rules.response_schema = object_of({{"items", array_of(rule_schema())}});
  list_rules.error_codes = {"list_parameter_invalid"};
  router.add(std::move(list_rules));

  auto create_rule = spec(http::Method::post, "/reorder-rules",
                          "Create a reorder rule for a product and warehouse",
                          "inventory.product.write", create_rule_handler);
  create_rule.request_schema = object_of({{"product_id", kInteger},
                                          {"warehouse_id", kInteger},
                                          {"min", kString},
                                          {"max", kString}},
                                         {"product_id", "min", "max"});
  create_rule.success_status = 201;
  create_rule.response_schema = rule_schema();
  create_rule.error_codes = {"input_invalid",         "product_not_found",
                             "product_not_stockable", "warehouse_not_found",
                             "reorder_quantity_invalid", "reorder_rule_exists"};
  router.add(std::move(create_rule));

  auto delete_rule = spec(http::Method::post, "/reorder-rules/{id}/delete",
                          "Delete a reorder rule", "inventory.product.write",
                          delete_rule_handler);
  delete_rule.response_schema = object_of({{"id", kInteger}, {"deleted", {{"type", "boolean"}}}});
  delete_rule.error_codes = {"reorder_rule_not_found"};
  router.add(std::move(delete_rule));

  auto proposals = spec(http::Method::get, "/replenishment",
                        "What to order: rules whose forecast is below their minimum", read,
                        replenishment_handler);
  proposals.query_params = {{"warehouse_id", "one warehouse"}};
  proposals.response_schema = object_of({{"items", array_of(object_of(
                                                       {{"rule_id", kInteger},
                                                        {"product_id", kInteger},
                                                        {"sku", kString},
                                                        {"name", kString},
                                                        {"warehouse_id", kInteger},
                                                        {"uom", kString},
                                                        {"min", kString},
                                                        {"max", kString},
                                                        {"forecast", kString},
                                                        {"quantity", kString}}))}});
  proposals.error_codes = {"list_parameter_invalid"};
  router.add(std::move(proposals));

  auto counts = spec(http::Method::get, "/counts", "Counts, newest first", read,
                     list_counts_handler);
  counts.query_params = {{"product_id", "one product"},
                         {"location_id", "one location"},
                         {"cursor", "next_cursor of the previous page"},
                         {"limit", "1..500"}};
  counts.response_schema = object_of({{"items", array_of(count_schema())},
                                      {"next_cursor", {{"type", "string"}, {"nullable", true}}}});
  counts.error_codes = {"list_parameter_invalid"};
  router.add(std::move(counts));

  auto count = spec(http::Method::post, "/counts",
                    "Record a count; the difference is adjusted against the loss location",
                    "inventory.count.write", create_count_handler);
  count.request_schema = object_of({{"product_id", kInteger},
                                    {"location_id", kInteger},
                                    {"counted", kString},
                                    {"lot_id", kInteger},
                                    {"date", {{"type", "string"}, {"format", "date"}}}},
                                   {"product_id", "location_id", "counted"});
  count.success_status = 201;
  count.response_schema = count_schema();
  count.error_codes = {"input_invalid",        "product_not_found",     "product_not_stockable",
                       "location_not_found",   "count_location_invalid", "count_quantity_invalid",
                       "lot_required",         "lot_not_found",         "stock_insufficient",
                       "period_closed",        "period_locked",         "fiscal_year_not_found",
                       "account_role_missing"};
  router.add(std::move(count));
}

}  // namespace keel::inventory::catalog
