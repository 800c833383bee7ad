// Creating, changing and archiving products, templates and their variants.
#include <set>

#include "catalog_variants.h"
#include "keel/core/utf8.h"

namespace keel::inventory {
namespace catalog {

// Everything create_product and update_product need, checked.
struct Checked {
  ProductType type = ProductType::stockable;
  Tracking tracking = Tracking::none;
  std::int64_t list_price_e6 = 0;
  std::int64_t standard_cost_e6 = 0;
  CategoryId category_id;
  UomId uom_id;
  std::vector<std::pair<accounting::TaxId, std::string>> taxes;
};

Result<void> check_names(const std::map<std::string, std::string>& names) {
  if (names.empty()) {
    return Error::validation("product_name_required", "a product needs a name", "names");
  }
  for (const auto& [language, name] : names) {
    bool known = false;
    for (const auto candidate : catalog::kLanguages) known = known || candidate == language;
    if (!known) {
      return Error::validation("product_name_language_invalid",
                               "names are in en, fa, he, zh or lt", "names/" + language);
    }
    if (name.empty()) {
      return Error::validation("product_name_required", "a name is not empty",
                               "names/" + language);
    }
    if (!check_text(name, keel::limits::kNameLengthMax, "names").ok()) {
      return Error::validation("product_name_invalid",
                               "a name is at most 300 characters of text", "names/" + language);
    }
  }
  return Ok{};
}

// Taxes by name, else by id written as text; sales taxes only.
Result<std::vector<std::pair<accounting::TaxId, std::string>>> resolve_taxes(
    db::Tx& tx, const Context& context, const std::vector<std::string>& wanted) {
  std::vector<std::pair<accounting::TaxId, std::string>> out;
  if (wanted.empty()) return out;
  if (wanted.size() > limits::kProductTaxesCountMax) {
    return Error::validation("product_taxes_too_many", "a product has at most 10 taxes", "taxes");
  }
  const auto taxes = TRY(accounting::list_taxes(tx, context));
  std::set<std::int64_t> seen;
  for (const auto& text : wanted) {
    const accounting::Tax* match = nullptr;
    for (const auto& tax : taxes) {
      if (tax.name == text) match = &tax;
    }
    for (const auto& tax : taxes) {
      if (!match && std::to_string(tax.id.value()) == text) match = &tax;
    }
    if (!match) return Error::validation("tax_not_found", "no tax " + text, "taxes");
    if (match->scope != "sales") {
      return Error::validation("tax_scope_mismatch", match->name + " is not a sales tax",
                               "taxes");
    }
    if (seen.insert(match->id.value()).second) out.emplace_back(match->id, match->name);
  }
  return out;
}

// The store's answer to a duplicate SKU/barcode that slipped past the checks (a concurrent
// insert) keeps the code clients know.
Error unique_violation(const Error& error) {
  if (error.code() != "db_unique_violation") return error;
  return Error::conflict("sku_taken", "the SKU or barcode was taken at the same moment");
}

Result<void> check_sku_free(db::Tx& tx, CompanyId company_id, const std::string& sku,
                            std::int64_t except_id) {
  const auto taken = TRY(tx.query_one(
      "SELECT id FROM inventory_products WHERE company_id = $1 AND sku = $2 AND id <> $3",
      {company_id.value(), sku, except_id}));
  if (taken) return Error::conflict("sku_taken", "SKU " + sku + " is taken");
  return Ok{};
}

Result<void> check_barcode_free(db::Tx& tx, CompanyId company_id, const std::string& barcode,
                                std::int64_t except_id) {
  if (barcode.empty()) return Ok{};
  const auto taken = TRY(tx.query_one(
      "SELECT id FROM inventory_products WHERE company_id = $1 AND barcode = $2 AND id <> $3",
      {company_id.value(), barcode, except_id}));
  if (taken) return Error::conflict("barcode_taken", "barcode " + barcode + " is taken");
  return Ok{};
}

std::string search_text(const std::string& sku, const std::string& barcode,
                        const std::map<std::string, std::string>& names) {
  std::string text = sku + "\n" + barcode;
  for (const auto& [language, name] : names) text += "\n" + name;
  return catalog::ascii_lower(text);
}

std::map<std::string, std::string> variant_names(const std::map<std::string, std::string>& names,
                                                 const std::string& suffix) {
  std::map<std::string, std::string> out;
  for (const auto& [language, name] : names) out[language] = name + " (" + suffix + ")";
  return out;
}

}  // namespace catalog
namespace {

using catalog::Checked;
using catalog::check_barcode_free;
using catalog::check_names;
using catalog::check_sku_free;
using catalog::Combination;
using catalog::resolve_taxes;
using catalog::search_text;
using catalog::unique_violation;
using catalog::variant_names;

Result<Checked> check_draft(db::Tx& tx, const Context& context, const ProductDraft& draft) {
  Checked checked;
  checked.type = TRY(parse_product_type(draft.type));
  checked.tracking = TRY(parse_tracking(draft.tracking));
  if (checked.type == ProductType::service && checked.tracking != Tracking::none) {
    return Error::validation("product_tracking_invalid", "a service is not tracked", "tracking");
  }
  TRY(catalog::check_sku(draft.sku));
  if (!draft.barcode.empty()) TRY(catalog::check_barcode(draft.barcode));
  TRY(check_names(draft.names));
  checked.list_price_e6 = TRY(catalog::parse_price(draft.list_price, context.company_currency,
                                                   "product_price_invalid", "list_price"));
  checked.standard_cost_e6 = TRY(catalog::parse_price(
      draft.standard_cost, context.company_currency, "product_cost_invalid", "standard_cost"));
  const std::string now = catalog::now_text(context);
  if (draft.category_id) {
    auto category = get_category(tx, context.company_id, *draft.category_id);
    if (!category.ok()) {
      return Error::validation("category_not_found", category.error().message(), "category_id");
    }
    checked.category_id = category->id;
  } else {
    checked.category_id = TRY(catalog::ensure_default_category(tx, context.company_id, now));
  }
  if (draft.uom_id) {
    auto uom = get_uom(tx, context.company_id, *draft.uom_id);
    if (!uom.ok()) return Error::validation("uom_not_found", uom.error().message(), "uom_id");
    checked.uom_id = uom->id;
  } else {
    TRY(catalog::ensure_uoms(tx, context.company_id, now));
    checked.uom_id = TRY(find_uom(tx, context.company_id, "pc")).id;
  }
  checked.taxes = TRY(resolve_taxes(tx, context, draft.taxes));
  return checked;
}


struct NewRow {
  std::optional<ProductId> template_id;
  bool is_template = false;
  std::string sku;
  std::string barcode;
  std::map<std::string, std::string> names;
  std::int64_t list_price_e6 = 0;
  std::int64_t price_extra_e6 = 0;
};

Result<ProductId> insert_product(db::Tx& tx, const Context& context, const Checked& checked,
                                 const NewRow& row) {
  const std::string now = catalog::now_text(context);
  auto inserted = tx.query_one(
      "INSERT INTO inventory_products (company_id, template_id, is_template, sku, barcode, "
      "search, type, tracking, category_id, uom_id, currency, list_price_e6, price_extra_e6, "
      "standard_cost_e6, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
      "$10, $11, $12, $13, $14, $15, $15) RETURNING id",
      {context.company_id.value(), row.template_id ? db::Value(row.template_id->value()) : db::null,
       std::int64_t{row.is_template ? 1 : 0}, row.sku,
       row.barcode.empty() ? db::Value(db::null) : db::Value(row.barcode),
       search_text(row.sku, row.barcode, row.names), std::string(to_string(checked.type)),
       std::string(to_string(checked.tracking)), checked.category_id.value(),
       checked.uom_id.value(), std::string(context.company_currency.code()), row.list_price_e6,
       row.price_extra_e6, checked.standard_cost_e6, now});
  if (!inserted.ok()) return unique_violation(inserted.error());
  const ProductId id{(*inserted)->integer(0)};
  for (const auto& [language, name] : row.names) {
    TRY(tx.execute(
        "INSERT INTO inventory_product_names (product_id, language, name) VALUES ($1, $2, $3)",
        {id.value(), language, name}));
  }
  std::int64_t position = 0;
  for (const auto& [tax_id, name] : checked.taxes) {
    TRY(tx.execute("INSERT INTO inventory_product_taxes (product_id, position, tax_id, tax_name) "
                   "VALUES ($1, $2, $3, $4)",
                   {id.value(), position++, tax_id.value(), name}));
  }
  return id;
}


Result<void> create_variants(db::Tx& tx, const Context& context, const Checked& checked,
                             ProductId template_id, const ProductDraft& draft,
                             const std::vector<catalog::AttributeLine>& lines,
                             const std::vector<Combination>& combinations) {
  for (std::size_t a = 0; a < lines.size(); ++a) {
    for (std::size_t v = 0; v < lines[a].values.size(); ++v) {
      TRY(tx.execute(
          "INSERT INTO inventory_attribute_values (template_id, attribute_position, attribute, "
          "value_position, value, price_extra_e6) VALUES ($1, $2, $3, $4, $5, $6)",
          {template_id.value(), static_cast<std::int64_t>(a), lines[a].name,
           static_cast<std::int64_t>(v), lines[a].values[v], lines[a].price_extras_e6[v]}));
    }
  }
  for (const auto& combination : combinations) {
    NewRow row;
    row.template_id = template_id;
    row.sku = combination.sku;
    row.names = variant_names(draft.names, combination.suffix);
    row.price_extra_e6 = combination.price_extra_e6;
    row.list_price_e6 = checked.list_price_e6 + combination.price_extra_e6;
    if (row.list_price_e6 > UnitPrice::kValueE6Max) {
      return Error::validation("product_price_invalid", "the variant price is too large",
                               "list_price");
    }
    const ProductId id = TRY(insert_product(tx, context, checked, row));
    for (std::size_t a = 0; a < lines.size(); ++a) {
      TRY(tx.execute(
          "INSERT INTO inventory_variant_values (product_id, attribute_position, attribute, "
          "value) VALUES ($1, $2, $3, $4)",
          {id.value(), static_cast<std::int64_t>(a), lines[a].name,
           lines[a].values[combination.value_indexes[a]]}));
    }
    const Product variant = TRY(catalog::load_product(tx, context.company_id, id));
    TRY(catalog::audit_change(tx, context, "create", "product", id.value(), nullptr,
                              catalog::audit_json(variant)));
  }
  return Ok{};
}

}  // namespace

Result<Product> create_product(db::Tx& tx, const Context& context, const ProductDraft& draft) {
  const Checked checked = TRY(check_draft(tx, context, draft));
  std::vector<catalog::AttributeLine> lines;
  std::vector<Combination> combinations;
  if (!draft.attributes.empty()) {
    lines = TRY(catalog::read_attribute_lines(draft.attributes, draft.price_extras,
                                              context.company_currency));
    combinations = TRY(catalog::combinations(lines, draft.sku));
  } else if (!draft.price_extras.empty()) {
    return Error::validation("price_extra_invalid", "price extras need attributes",
                             "price_extras");
  }
  TRY(check_sku_free(tx, context.company_id, draft.sku, 0));
  for (const auto& combination : combinations) {
    TRY(check_sku_free(tx, context.company_id, combination.sku, 0));
  }
  TRY(check_barcode_free(tx, context.company_id, draft.barcode, 0));
  NewRow row;
  row.is_template = !combinations.empty();
  row.sku = draft.sku;
  row.barcode = draft.barcode;
  row.names = draft.names;
  row.list_price_e6 = checked.list_price_e6;
  const ProductId id = TRY(insert_product(tx, context, checked, row));
  if (!combinations.empty()) {
    TRY(create_variants(tx, context, checked, id, draft, lines, combinations));
  }
  Product created = TRY(catalog::load_product(tx, context.company_id, id));
  TRY(catalog::audit_change(tx, context, "create", "product", id.value(), nullptr,
                            catalog::audit_json(created)));
  return created;
}

}  // namespace keel::inventory
