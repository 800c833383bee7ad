// JSON ⇄ catalog types. No business rules: values are passed on as text and checked by the
// services, which name each problem with its own code.
#include "catalog_json.h"

#include "keel/core/limits.h"
#include "keel/http/json_input.h"

namespace keel::inventory::catalog::json_io {

using http::ObjectReader;
using nlohmann::json;

namespace {

json optional_id(const auto& id) { return id ? json(id->value()) : json(nullptr); }

// An object of strings ("names", "price_extras"), at most `count_max` entries.
std::optional<std::map<std::string, std::string>> read_string_map(ObjectReader& in,
                                                                  std::string_view name,
                                                                  std::size_t count_max,
                                                                  std::size_t length_max) {
  const json* value = in.optional_value(name);
  if (!value) return std::nullopt;
  if (!value->is_object() || value->size() > count_max) {
    in.fail(name, "field_type_invalid",
            "an object of at most " + std::to_string(count_max) + " strings");
    return std::nullopt;
  }
  std::map<std::string, std::string> out;
  for (const auto& [key, item] : value->items()) {
    if (!item.is_string()) {
      in.fail(std::string(name) + "/" + key, "field_type_invalid", "a string");
      continue;
    }
    const std::string& text = item.get_ref<const std::string&>();
    if (text.size() > length_max || key.size() > length_max) {
      in.fail(std::string(name) + "/" + key, "field_too_long", "too long");
      continue;
    }
    out[key] = text;
  }
  return out;
}

// Taxes by name (strings) or id (integers), as text.
std::optional<std::vector<std::string>> read_taxes(ObjectReader& in) {
  const json* value = in.optional_value("taxes");
  if (!value) return std::nullopt;
  if (!value->is_array() || value->size() > limits::kProductTaxesCountMax) {
    in.fail("taxes", "field_type_invalid", "an array of at most 10 tax names or ids");
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (const auto& item : *value) {
    if (item.is_string() && item.get_ref<const std::string&>().size() <=
                                keel::limits::kNameLengthMax) {
      out.push_back(item.get<std::string>());
    } else if (item.is_number_integer()) {
      out.push_back(std::to_string(item.get<std::int64_t>()));
    } else {
      in.fail("taxes", "field_type_invalid", "tax names (strings) or ids (integers)");
      return std::nullopt;
    }
  }
  return out;
}

std::vector<AttributeDraft> read_attributes(ObjectReader& in) {
  std::vector<AttributeDraft> out;
  const json* value = in.optional_value("attributes");
  if (!value) return out;
  if (!value->is_array() || value->size() > limits::kAttributesCountMax) {
    in.fail("attributes", "field_type_invalid", "an array of at most 5 attributes");
    return out;
  }
  for (std::size_t i = 0; i < value->size(); ++i) {
    ObjectReader item((*value)[i], "attributes/" + std::to_string(i));
    AttributeDraft attribute;
    attribute.name = item.required_string("name", limits::kAttributeLengthMax);
    attribute.values = item.optional_string_array("values", limits::kAttributeValuesCountMax,
                                                  limits::kAttributeLengthMax)
                           .value_or(std::vector<std::string>{});
    if (auto done = item.finish(); !done.ok()) {
      for (const auto& f : done.error().fields()) in.fail(f.field, f.code, f.message);
    }
    out.push_back(std::move(attribute));
  }
  return out;
}

}  // namespace

Result<Names> load_names(db::Tx& tx, CompanyId company_id) {
  Names names;
  for (auto& category : TRY(list_categories(tx, company_id))) {
    names.categories.emplace(category.id.value(), category);
  }
  for (auto& uom : TRY(list_uoms(tx, company_id))) names.uoms.emplace(uom.id.value(), uom);
  return names;
}

json to_json(const Uom& uom) {
  return {{"id", uom.id.value()},         {"category", uom.category}, {"name", uom.name},
          {"factor", uom.factor},         {"decimals", uom.decimals},
          {"reference", uom.reference}};
}

json to_json(const Category& category) {
  return {{"id", category.id.value()},
          {"name", category.name},
          {"parent_id", optional_id(category.parent_id)},
          {"cost_method", to_string(category.cost_method)},
          {"inventory_account_id", optional_id(category.inventory_account_id)},
          {"cost_of_goods_account_id", optional_id(category.cost_of_goods_account_id)},
          {"version", category.version}};
}

json to_json(const Product& product, const Names& names) {
  json lines = json::array();
  for (const auto& line : product.attribute_lines) {
    json values = json::array();
    for (const auto& value : line.values) {
      values.push_back({{"value", value.value}, {"price_extra", value.price_extra}});
    }
    lines.push_back({{"name", line.name}, {"values", values}});
  }
  json tax_ids = json::array();
  for (const auto& id : product.tax_ids) tax_ids.push_back(id.value());
  json attributes = json::object();
  for (const auto& [name, value] : product.attributes) attributes[name] = value;
  const auto category = names.categories.find(product.category_id.value());
  const auto uom = names.uoms.find(product.uom_id.value());
  return {{"id", product.id.value()},
          {"template_id", optional_id(product.template_id)},
          {"is_template", product.is_template},
          {"sku", product.sku},
          {"barcode", product.barcode.empty() ? json(nullptr) : json(product.barcode)},
          {"name", product.display_name()},
          {"names", product.names},
          {"type", to_string(product.type)},
          {"tracking", to_string(product.tracking)},
          {"category_id", product.category_id.value()},
          {"category_name", category == names.categories.end() ? "" : category->second.name},
          {"cost_method", to_string(product.cost_method)},
          {"uom_id", product.uom_id.value()},
          {"uom", uom == names.uoms.end() ? "" : uom->second.name},
          {"uom_decimals", uom == names.uoms.end() ? 0 : uom->second.decimals},
          {"list_price", product.list_price},
          {"price_extra", product.price_extra},
          {"standard_cost", product.standard_cost},
          {"currency", product.currency},
          {"taxes", product.taxes},
          {"tax_ids", tax_ids},
          {"attributes", attributes},
          {"attribute_lines", lines},
          {"variant_count", product.variant_count},
          {"archived", product.archived},
          {"version", product.version}};
}

Result<UomDraft> read_uom(const json& body) {
  ObjectReader in(body);
  UomDraft draft;
  draft.category = in.required_string("category", 16);
  draft.name = in.required_string("name", limits::kUomNameLengthMax);
  draft.factor = in.required_string("factor", 40);
  draft.decimals = static_cast<int>(in.optional_integer("decimals", -1000, 1000).value_or(0));
  TRY(in.finish());
  return draft;
}

Result<CategoryDraft> read_category(const json& body) {
  ObjectReader in(body);
  CategoryDraft draft;
  draft.name = in.optional_string("name", keel::limits::kNameLengthMax).value_or("");
  if (auto parent = in.optional_integer("parent_id", 1, INT64_MAX)) {
    draft.parent_id = CategoryId{*parent};
  }
  draft.cost_method = in.optional_string("cost_method", 16).value_or("fifo");
  if (auto account = in.optional_integer("inventory_account_id", 1, INT64_MAX)) {
    draft.inventory_account_id = accounting::AccountId{*account};
  }
  if (auto account = in.optional_integer("cost_of_goods_account_id", 1, INT64_MAX)) {
    draft.cost_of_goods_account_id = accounting::AccountId{*account};
  }
  TRY(in.finish());
  return draft;
}

Result<ProductDraft> read_product(const json& body) {
  ObjectReader in(body);
  ProductDraft draft;
  draft.type = in.optional_string("type", 16).value_or("stockable");
  draft.sku = in.required_string("sku", limits::kSkuLengthMax);
  draft.barcode = in.optional_string("barcode", limits::kBarcodeLengthMax).value_or("");
  draft.names = read_string_map(in, "names", 5, keel::limits::kNameLengthMax).value_or(
      std::map<std::string, std::string>{});
  if (!in.has("names")) in.fail("names", "field_required", "names is required");
  if (auto id = in.optional_integer("category_id", 1, INT64_MAX)) draft.category_id = CategoryId{*id};
  if (auto id = in.optional_integer("uom_id", 1, INT64_MAX)) draft.uom_id = UomId{*id};
  draft.tracking = in.optional_string("tracking", 16).value_or("none");
  draft.list_price = in.optional_string("list_price", 40).value_or("0");
  draft.standard_cost = in.optional_string("standard_cost", 40).value_or("0");
  draft.taxes = read_taxes(in).value_or(std::vector<std::string>{});
  draft.attributes = read_attributes(in);
  draft.price_extras =
      read_string_map(in, "price_extras", limits::kAttributesCountMax *
                                              limits::kAttributeValuesCountMax,
                      2 * limits::kAttributeLengthMax + 1)
          .value_or(std::map<std::string, std::string>{});
  TRY(in.finish());
  return draft;
}

Result<ProductPatch> read_patch(const json& body, bool& has_version) {
  ObjectReader in(body);
  ProductPatch patch;
  const auto version = in.optional_integer("version", 1, INT64_MAX);
  has_version = version.has_value();
  patch.version = version.value_or(0);
  patch.sku = in.optional_string("sku", limits::kSkuLengthMax);
  patch.barcode = in.optional_string("barcode", limits::kBarcodeLengthMax);
  patch.names = read_string_map(in, "names", 5, keel::limits::kNameLengthMax);
  if (auto id = in.optional_integer("category_id", 1, INT64_MAX)) patch.category_id = CategoryId{*id};
  patch.list_price = in.optional_string("list_price", 40);
  patch.standard_cost = in.optional_string("standard_cost", 40);
  patch.taxes = read_taxes(in);
  patch.price_extra = in.optional_string("price_extra", 40);
  TRY(in.finish());
  return patch;
}

}  // namespace keel::inventory::catalog::json_io
