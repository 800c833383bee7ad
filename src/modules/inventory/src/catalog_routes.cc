// The catalog's routes (/api/v1/inventory/uoms, categories, products) and its permissions.
// Handlers only translate: JSON → service → JSON; every route acts for the caller's company.
#include <charconv>

#include "catalog_json.h"
#include "catalog_routes.h"
#include "keel/core/limits.h"

namespace keel::inventory {
namespace catalog {
namespace {

using http::Response;
using nlohmann::json;
namespace io = json_io;

constexpr std::string_view kBase = "/api/v1/inventory";
constexpr std::string_view kRead = "inventory.product.read";
constexpr std::string_view kWrite = "inventory.product.write";

const json kString = {{"type", "string"}};
const json kInteger = {{"type", "integer"}};
const json kBoolean = {{"type", "boolean"}};

Result<std::int64_t> path_id(const http::Context& context, std::string_view not_found) {
  const std::string& text = context.request.path_params.at("id");
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value <= 0) {
    return Error::not_found(std::string(not_found), "no such id " + text);
  }
  return value;
}

Result<Response> product_response(http::Context& http, const Product& product, int status) {
  const auto names = TRY(io::load_names(http.transaction(), product_company(http)));
  return Response::json(status, io::to_json(product, names));
}

Result<Response> list_uoms_handler(http::Context& http) {
  json items = json::array();
  for (const auto& uom : TRY(list_uoms(http.transaction(), product_company(http)))) {
    items.push_back(io::to_json(uom));
  }
  return Response::json(200, {{"items", items}});
}

Result<Response> create_uom_handler(http::Context& http) {
  const auto context = TRY(context_of(http));
  const UomDraft draft = TRY(io::read_uom(TRY(http.json_body())));
  return Response::json(201, io::to_json(TRY(create_uom(http.transaction(), context, draft))));
}

Result<Response> convert_handler(http::Context& http) {
  const auto param = [&](std::string_view name) {
    return std::string(http.request.query_param(name).value_or(""));
  };
  auto quantity = Quantity::parse(param("quantity"));
  if (!quantity.ok()) {
    return Error::validation("quantity_invalid", "quantity is a decimal", "quantity");
  }
  const auto unit = [&](std::string_view name) -> Result<UomId> {
    const std::string text = param(name);
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || value <= 0) {
      return Error::validation("uom_not_found", std::string(name) + " is a unit id",
                               std::string(name));
    }
    return UomId{value};
  };
  const UomId from = TRY(unit("from"));
  const UomId to = TRY(unit("to"));
  const std::string rounding_text = param("rounding");
  const Rounding rounding =
      rounding_text.empty() ? Rounding::half_even : TRY(rounding_from_string(rounding_text));
  auto converted = convert(http.transaction(), product_company(http), *quantity, from, to,
                           rounding);
  if (!converted.ok() && converted.error().code() == "uom_not_found") {
    return Error::validation("uom_not_found", converted.error().message());
  }
  // Unwrapped before the JSON is built: an early return from inside a braced list leaks the
  // list's finished elements (GCC).
  const Quantity result = TRY(std::move(converted));
  return Response::json(200, {{"quantity", result.to_string()},
                              {"from", from.value()},
                              {"to", to.value()}});
}

Result<Response> list_categories_handler(http::Context& http) {
  json items = json::array();
  for (const auto& category : TRY(list_categories(http.transaction(), product_company(http)))) {
    items.push_back(io::to_json(category));
  }
  return Response::json(200, {{"items", items}});
}

Result<Response> create_category_handler(http::Context& http) {
  const auto context = TRY(context_of(http));
  const CategoryDraft draft = TRY(io::read_category(TRY(http.json_body())));
  const Category category = TRY(create_category(http.transaction(), context, draft));
  Response response = Response::json(201, io::to_json(category));
  response.header("Location",
                  std::string(kBase) + "/categories/" + std::to_string(category.id.value()));
  return response;
}

Result<Response> get_category_handler(http::Context& http) {
  const CategoryId id{TRY(path_id(http, "category_not_found"))};
  return Response::json(
      200, io::to_json(TRY(get_category(http.transaction(), product_company(http), id))));
}

Result<Response> create_product_handler(http::Context& http) {
  const auto context = TRY(context_of(http));
  const ProductDraft draft = TRY(io::read_product(TRY(http.json_body())));
  const Product product = TRY(create_product(http.transaction(), context, draft));
  Response response = TRY(product_response(http, product, 201));
  response.header("Location",
                  std::string(kBase) + "/products/" + std::to_string(product.id.value()));
  return response;
}

Result<Response> get_product_handler(http::Context& http) {
  const ProductId id{TRY(path_id(http, "product_not_found"))};
  return product_response(http, TRY(get_product(http.transaction(), product_company(http), id)),
                          200);
}

Result<Response> lookup_handler(http::Context& http) {
  const std::string code(http.request.query_param("code").value_or(""));
  if (code.empty() || code.size() > keel::limits::kSearchQueryLengthMax) {
    return Error::validation("list_parameter_invalid", "code is the SKU or barcode", "code");
  }
  return product_response(
      http, TRY(find_product_by_code(http.transaction(), product_company(http), code)), 200);
}

Result<ProductQuery> read_query(const http::Context& http) {
  const auto param = [&](std::string_view name) {
    return std::string(http.request.query_param(name).value_or(""));
  };
  const auto invalid = [](std::string_view name) {
    return Error::validation("list_parameter_invalid", std::string(name) + " is invalid",
                             std::string(name));
  };
  const auto integer = [&](std::string_view name, std::int64_t max) -> Result<std::int64_t> {
    const std::string text = param(name);
    if (text.empty()) return std::int64_t{0};
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || value < 0 || value > max) {
      return invalid(name);
    }
    return value;
  };
  ProductQuery query;
  query.search = param("q");
  if (query.search.size() > keel::limits::kSearchQueryLengthMax) return invalid("q");
  if (const auto type = param("type"); !type.empty()) {
    auto parsed = parse_product_type(type);
    if (!parsed.ok()) return invalid("type");
    query.type = *parsed;
  }
  if (const auto category = TRY(integer("category_id", INT64_MAX)); category > 0) {
    query.category_id = CategoryId{category};
  }
  const std::string variants = param("variants");
  if (variants == "include") {
    query.variants = VariantFilter::include;
  } else if (variants == "only") {
    query.variants = VariantFilter::only;
  } else if (!variants.empty() && variants != "exclude") {
    return invalid("variants");
  }
  const std::string archived = param("archived");
  if (archived == "include") {
    query.archived = ArchivedFilter::include;
  } else if (archived == "only") {
    query.archived = ArchivedFilter::only;
  } else if (!archived.empty() && archived != "exclude") {
    return invalid("archived");
  }
  query.after_id = TRY(integer("cursor", INT64_MAX));
  query.limit = TRY(integer("limit", keel::limits::kPageSizeMax));
  if (query.limit == 0) query.limit = keel::limits::kPageSizeDefault;
  return query;
}

Result<Response> list_products_handler(http::Context& http) {
  const ProductQuery query = TRY(read_query(http));
  const CompanyId company = product_company(http);
  const ProductPage page = TRY(list_products(http.transaction(), company, query));
  const auto names = TRY(io::load_names(http.transaction(), company));
  json items = json::array();
  for (const auto& product : page.items) items.push_back(io::to_json(product, names));
  return Response::json(
      200, {{"items", items},
            {"next_cursor",
             page.next_cursor ? json(std::to_string(*page.next_cursor)) : json(nullptr)}});
}

Result<Response> variants_handler(http::Context& http) {
  const ProductId id{TRY(path_id(http, "product_not_found"))};
  const CompanyId company = product_company(http);
  const auto variants = TRY(list_variants(http.transaction(), company, id));
  const auto names = TRY(io::load_names(http.transaction(), company));
  json items = json::array();
  for (const auto& product : variants) items.push_back(io::to_json(product, names));
  return Response::json(200, {{"items", items}});
}

Result<Response> patch_product_handler(http::Context& http) {
  const auto context = TRY(context_of(http));
  const ProductId id{TRY(path_id(http, "product_not_found"))};
  bool has_version = false;
  const ProductPatch patch = TRY(io::read_patch(TRY(http.json_body()), has_version));
  // A product of another company is not found, whether or not the version was sent.
  TRY(get_product(http.transaction(), context.company_id, id));
  if (!has_version) {
    return Error::validation("version_required", "send the version you read", "version");
  }
  return product_response(http, TRY(update_product(http.transaction(), context, id, patch)), 200);
}

Result<Response> archive_handler(http::Context& http) {
  const auto context = TRY(context_of(http));
  const ProductId id{TRY(path_id(http, "product_not_found"))};
  return product_response(http, TRY(archive_product(http.transaction(), context, id)), 200);
}

Result<Response> unarchive_handler(http::Context& http) {
  const auto context = TRY(context_of(http));
  const ProductId id{TRY(path_id(http, "product_not_found"))};
  return product_response(http, TRY(unarchive_product(http.transaction(), context, id)), 200);
}

// ---- OpenAPI schemas

json object_of(json properties, std::vector<std::string> required = {}) {
  json out = {{"type", "object"}, {"properties", std::move(properties)}};
  if (!required.empty()) out["required"] = required;
  return out;
}
json array_of(json items) { return {{"type", "array"}, {"items", std::move(items)}}; }
json decimal(std::string description) {
  return {{"type", "string"}, {"description", std::move(description)}};
}
json nullable(json schema) {
  schema["nullable"] = true;
  return schema;
}
json string_map(std::string description) {
  return {{"type", "object"},
          {"additionalProperties", kString},
          {"description", std::move(description)}};
}

json uom_schema() {
  return object_of({{"id", kInteger},
                    {"category", kString},
                    {"name", kString},
                    {"factor", decimal("reference units per one of this unit")},
                    {"decimals", kInteger},
                    {"reference", kBoolean}});
}

json category_schema() {
  return object_of({{"id", kInteger},
                    {"name", kString},
                    {"parent_id", nullable(kInteger)},
                    {"cost_method", {{"type", "string"}, {"enum", {"fifo", "average", "standard"}}}},
                    {"inventory_account_id", nullable(kInteger)},
                    {"cost_of_goods_account_id", nullable(kInteger)},
                    {"version", kInteger}});
}

json product_input() {
  return object_of(
      {{"type", {{"type", "string"}, {"enum", {"stockable", "consumable", "service"}}}},
       {"sku", kString},
       {"barcode", kString},
       {"names", string_map("language (en, fa, he, zh, lt) → name")},
       {"category_id", kInteger},
       {"uom_id", kInteger},
       {"tracking", {{"type", "string"}, {"enum", {"none", "lot", "serial"}}}},
       {"list_price", decimal("company currency")},
       {"standard_cost", decimal("company currency")},
       {"taxes", array_of({{"description", "a sales tax name (string) or id (integer)"}})},
       {"attributes", array_of(object_of({{"name", kString}, {"values", array_of(kString)}},
                                         {"name", "values"}))},
       {"price_extras", string_map("\"attribute:value\" → decimal")}},
      {"sku", "names"});
}

json product_output() {
  json values = array_of(object_of({{"value", kString}, {"price_extra", kString}}));
  return object_of({{"id", kInteger},
                    {"template_id", nullable(kInteger)},
                    {"is_template", kBoolean},
                    {"sku", kString},
                    {"barcode", nullable(kString)},
                    {"name", kString},
                    {"names", string_map("language → name")},
                    {"type", kString},
                    {"tracking", kString},
                    {"category_id", kInteger},
                    {"category_name", kString},
                    {"cost_method", kString},
                    {"uom_id", kInteger},
                    {"uom", kString},
                    {"uom_decimals", kInteger},
                    {"list_price", kString},
                    {"price_extra", kString},
                    {"standard_cost", kString},
                    {"currency", kString},
                    {"taxes", array_of(kString)},
                    {"tax_ids", array_of(kInteger)},
                    {"attributes", string_map("variants: attribute → value")},
                    {"attribute_lines",
                     array_of(object_of({{"name", kString}, {"values", values}}))},
                    {"variant_count", kInteger},
                    {"archived", kBoolean},
                    {"version", kInteger}});
}

json patch_input() {
  return object_of({{"version", kInteger},
                    {"sku", kString},
                    {"barcode", decimal("\"\" removes it")},
                    {"names", string_map("language → name; replaces all")},
                    {"category_id", kInteger},
                    {"list_price", decimal("not on variants")},
                    {"standard_cost", kString},
                    {"taxes", array_of({{"description", "a sales tax name or id"}})},
                    {"price_extra", decimal("variants only")}},
                   {"version"});
}

json list_of(json item) {
  return object_of({{"items", array_of(std::move(item))},
                    {"next_cursor", {{"type", "string"}, {"nullable", true}}}});
}

const std::vector<std::string> kProductErrors = {
    "input_invalid",         "product_type_invalid",          "product_tracking_invalid",
    "sku_invalid",           "sku_taken",                     "barcode_invalid",
    "barcode_check_digit_invalid", "barcode_taken",           "product_name_required",
    "product_name_language_invalid", "product_name_invalid",  "product_price_invalid",
    "product_cost_invalid",  "category_not_found",            "uom_not_found",
    "tax_not_found",         "tax_scope_mismatch",            "product_taxes_too_many"};

}  // namespace

void register_routes(http::Router& router) {
  auto uoms = spec(http::Method::get, "/uoms", "Units of measure (seeded on first use)",
                   std::string(kRead), list_uoms_handler);
  uoms.tx = http::TxMode::write;  // the first call seeds the company's units
  uoms.response_schema = object_of({{"items", array_of(uom_schema())}});
  router.add(std::move(uoms));

  auto create_uom_route = spec(http::Method::post, "/uoms", "Create a unit of measure",
                               std::string(kWrite), create_uom_handler);
  create_uom_route.request_schema =
      object_of({{"category", {{"type", "string"}, {"enum", uom_categories()}}},
                 {"name", kString},
                 {"factor", decimal("reference units per one of this unit")},
                 {"decimals", kInteger}},
                {"category", "name", "factor"});
  create_uom_route.success_status = 201;
  create_uom_route.response_schema = uom_schema();
  create_uom_route.error_codes = {"input_invalid",       "uom_category_invalid", "uom_name_taken",
                                  "uom_name_invalid",    "uom_factor_invalid",
                                  "uom_decimals_invalid"};
  router.add(std::move(create_uom_route));

  auto convert_route = spec(http::Method::get, "/uoms/convert",
                            "Convert a quantity between units of one category",
                            std::string(kRead), convert_handler);
  convert_route.query_params = {{"quantity", "decimal"},
                                {"from", "unit id"},
                                {"to", "unit id"},
                                {"rounding", "half_even (default) | half_up | half_down | up | "
                                             "down | ceiling | floor"}};
  convert_route.response_schema =
      object_of({{"quantity", kString}, {"from", kInteger}, {"to", kInteger}});
  convert_route.error_codes = {"uom_not_found", "uom_category_mismatch", "quantity_invalid",
                               "quantity_out_of_range", "rounding_invalid"};
  router.add(std::move(convert_route));

  auto categories = spec(http::Method::get, "/categories", "Product categories by name",
                         std::string(kRead), list_categories_handler);
  categories.tx = http::TxMode::write;  // the first call creates "All"
  categories.response_schema = object_of({{"items", array_of(category_schema())}});
  router.add(std::move(categories));

  auto create_category_route = spec(http::Method::post, "/categories",
                                    "Create a product category", std::string(kWrite),
                                    create_category_handler);
  json category_input = category_schema();
  category_input["properties"].erase("id");
  category_input["properties"].erase("version");
  category_input["required"] = {"name"};
  create_category_route.request_schema = category_input;
  create_category_route.success_status = 201;
  create_category_route.response_schema = category_schema();
  create_category_route.error_codes = {
      "input_invalid",       "category_name_required", "category_name_taken",
      "category_not_found",  "category_depth_exceeded", "cost_method_invalid",
      "account_not_found",   "account_archived"};
  router.add(std::move(create_category_route));

  auto get_category_route = spec(http::Method::get, "/categories/{id}", "One product category",
                                 std::string(kRead), get_category_handler);
  get_category_route.response_schema = category_schema();
  get_category_route.error_codes = {"category_not_found"};
  router.add(std::move(get_category_route));

  auto list = spec(http::Method::get, "/products", "List products", std::string(kRead),
                   list_products_handler);
  list.query_params = {{"q", "part of a name, the SKU or the barcode"},
                       {"type", "stockable | consumable | service"},
                       {"category_id", "one category"},
                       {"variants", "exclude (default) | include | only"},
                       {"archived", "exclude (default) | include | only"},
                       {"cursor", "next_cursor of the previous page"},
                       {"limit", "1..500"}};
  list.response_schema = list_of(product_output());
  list.error_codes = {"list_parameter_invalid"};
  router.add(std::move(list));

  auto create = spec(http::Method::post, "/products",
                     "Create a product, or a template and its variants", std::string(kWrite),
                     create_product_handler);
  create.request_schema = product_input();
  create.success_status = 201;
  create.response_schema = product_output();
  create.error_codes = kProductErrors;
  for (const char* code : {"attribute_invalid", "variants_too_many", "price_extra_invalid"}) {
    create.error_codes.emplace_back(code);
  }
  router.add(std::move(create));

  auto lookup = spec(http::Method::get, "/products/lookup",
                     "The product or variant with this SKU or barcode", std::string(kRead),
                     lookup_handler);
  lookup.query_params = {{"code", "a SKU or barcode, exactly"}};
  lookup.response_schema = product_output();
  lookup.error_codes = {"product_not_found", "list_parameter_invalid"};
  router.add(std::move(lookup));

  auto get = spec(http::Method::get, "/products/{id}", "One product", std::string(kRead),
                  get_product_handler);
  get.response_schema = product_output();
  get.error_codes = {"product_not_found"};
  router.add(std::move(get));

  auto variants = spec(http::Method::get, "/products/{id}/variants", "A template's variants",
                       std::string(kRead), variants_handler);
  variants.response_schema = object_of({{"items", array_of(product_output())}});
  variants.error_codes = {"product_not_found"};
  router.add(std::move(variants));

  auto patch = spec(http::Method::patch, "/products/{id}",
                    "Change a product (with the version last read)", std::string(kWrite),
                    patch_product_handler);
  patch.request_schema = patch_input();
  patch.response_schema = product_output();
  patch.error_codes = kProductErrors;
  for (const char* code : {"product_not_found", "version_required", "version_conflict",
                           "price_extra_invalid", "product_category_locked"}) {
    patch.error_codes.emplace_back(code);
  }
  router.add(std::move(patch));

  for (const bool archive : {true, false}) {
    auto route = spec(http::Method::post,
                      archive ? "/products/{id}/archive" : "/products/{id}/unarchive",
                      archive ? "Archive a product (a template with its variants)"
                              : "Bring an archived product back",
                      std::string(kWrite), archive ? archive_handler : unarchive_handler);
    route.response_schema = product_output();
    route.error_codes = {"product_not_found"};
    router.add(std::move(route));
  }
}

}  // namespace catalog
}  // namespace keel::inventory

namespace keel::inventory::detail {

std::vector<http::PermissionSpec> catalog_permissions() {
  using http::Scope;
  return {
      {"inventory.product.read",
       "Read units, categories, products and variants, reorder rules and counts",
       false,
       {{"manager", Scope::all},
        {"sales", Scope::all},
        {"accountant", Scope::all},
        {"viewer", Scope::all}}},
      {"inventory.product.write",
       "Create and change units, categories, products and reorder rules",
       false,
       {{"manager", Scope::all}}},
      {"inventory.count.write",
       "Record stock counts (adjusts stock on hand)",
       false,
       {{"manager", Scope::all}}},
  };
}

void register_catalog_routes(http::Router& router) {
  catalog::register_routes(router);
  catalog::register_replenishment_routes(router);
}

}  // namespace keel::inventory::detail
