// Changing products (PATCH with optimistic concurrency), carrying a template's changes over to
// its variants, and archiving.
#include <chrono>

#include "catalog_store.h"

namespace keel::inventory {
namespace {

// The stored columns a PATCH can change, as they will be written.
struct Columns {
  std::string sku;
  std::string barcode;
  std::map<std::string, std::string> names;
  CategoryId category_id;
  std::int64_t list_price_e6 = 0;
  std::int64_t price_extra_e6 = 0;
  std::int64_t standard_cost_e6 = 0;
  std::optional<std::vector<std::pair<accounting::TaxId, std::string>>> taxes;  // when changed
};

Date today(const Context& context) {
  const auto days = std::chrono::floor<std::chrono::days>(context.clock->now());
  return Date::from_days_since_epoch(days.time_since_epoch().count()).value();
}

std::int64_t e6_of(const std::string& text, Currency currency) {
  auto price = UnitPrice::parse(text, currency);
  KEEL_ASSERT(price.ok());  // printed by price_text from a stored value
  return price->value_e6();
}

Columns columns_of(const Product& product, Currency currency) {
  Columns columns;
  columns.sku = product.sku;
  columns.barcode = product.barcode;
  columns.names = product.names;
  columns.category_id = product.category_id;
  columns.list_price_e6 = e6_of(product.list_price, currency);
  columns.price_extra_e6 = e6_of(product.price_extra, currency);
  columns.standard_cost_e6 = e6_of(product.standard_cost, currency);
  return columns;
}

// A product holding stock keeps the valuation its stock was booked under: moving it to a
// category with another cost method or inventory account would leave its layers (and the
// inventory account balance) under the old rules. Errors: product_category_locked.
Result<void> check_category_change(db::Tx& tx, CompanyId company_id, ProductId product,
                                   CategoryId from, CategoryId to) {
  if (from == to) return Ok{};
  const Category before = TRY(get_category(tx, company_id, from));
  const Category after = TRY(get_category(tx, company_id, to));
  if (before.cost_method == after.cost_method &&
      before.inventory_account_id == after.inventory_account_id) {
    return Ok{};
  }
  const auto held = TRY(tx.query_one(
      "SELECT 1 FROM inventory_product_costs WHERE product_id = $1 AND (quantity_e6 <> 0 OR "
      "value_minor <> 0)",
      {product.value()}));
  if (!held) return Ok{};
  const std::string message =
      "the product holds stock valued by its category's cost method and inventory account; "
      "move it to a category valued the same way, or once its stock is out";
  return Error(ErrorKind::conflict, "product_category_locked", message,
               {{"category_id", "product_category_locked", message}});
}

// Checks the patch against the product and returns the columns to write.
Result<Columns> apply_patch(db::Tx& tx, const Context& context, const Product& product,
                            const ProductPatch& patch, Currency currency) {
  Columns columns = columns_of(product, currency);
  const bool variant = product.template_id.has_value();
  if (patch.sku) {
    TRY(catalog::check_sku(*patch.sku));
    TRY(catalog::check_sku_free(tx, context.company_id, *patch.sku, product.id.value()));
    columns.sku = *patch.sku;
  }
  if (patch.barcode) {
    if (!patch.barcode->empty()) {
      TRY(catalog::check_barcode(*patch.barcode));
      TRY(catalog::check_barcode_free(tx, context.company_id, *patch.barcode,
                                      product.id.value()));
    }
    columns.barcode = *patch.barcode;
  }
  if (patch.names) {
    TRY(catalog::check_names(*patch.names));
    columns.names = *patch.names;
  }
  if (patch.category_id) {
    auto category = get_category(tx, context.company_id, *patch.category_id);
    if (!category.ok()) {
      return Error::validation("category_not_found", category.error().message(), "category_id");
    }
    TRY(check_category_change(tx, context.company_id, product.id, product.category_id,
                              category->id));
    columns.category_id = category->id;
  }
  if (patch.list_price) {
    if (variant) {
      return Error::validation("product_price_invalid",
                               "a variant's price is its template's plus its price_extra",
                               "list_price");
    }
    columns.list_price_e6 =
        TRY(catalog::parse_price(*patch.list_price, currency, "product_price_invalid",
                                 "list_price"));
  }
  if (patch.standard_cost) {
    columns.standard_cost_e6 = TRY(catalog::parse_price(*patch.standard_cost, currency,
                                                        "product_cost_invalid", "standard_cost"));
  }
  if (patch.taxes) columns.taxes = TRY(catalog::resolve_taxes(tx, context, *patch.taxes));
  if (patch.price_extra) {
    if (!variant) {
      return Error::validation("price_extra_invalid", "only a variant has a price extra",
                               "price_extra");
    }
    columns.price_extra_e6 = TRY(catalog::parse_price(*patch.price_extra, currency,
                                                      "price_extra_invalid", "price_extra"));
    const Product parent = TRY(catalog::load_product(tx, context.company_id, *product.template_id));
    const decimal::Int128 price =
        decimal::Int128{e6_of(parent.list_price, currency)} + columns.price_extra_e6;
    if (price > UnitPrice::kValueE6Max) {
      return Error::validation("price_extra_invalid", "the variant price is too large",
                               "price_extra");
    }
    columns.list_price_e6 = static_cast<std::int64_t>(price);
  }
  return columns;
}

// Writes `columns` if the product is still at `version`. Errors: version_conflict.
Result<void> write_columns(db::Tx& tx, const Context& context, ProductId id,
                           std::int64_t version, const Columns& columns) {
  auto changed = tx.execute(
      "UPDATE inventory_products SET sku = $1, barcode = $2, search = $3, category_id = $4, "
      "list_price_e6 = $5, price_extra_e6 = $6, standard_cost_e6 = $7, version = version + 1, "
      "updated_at = $8 WHERE company_id = $9 AND id = $10 AND version = $11",
      {columns.sku, columns.barcode.empty() ? db::Value(db::null) : db::Value(columns.barcode),
       catalog::search_text(columns.sku, columns.barcode, columns.names),
       columns.category_id.value(), columns.list_price_e6, columns.price_extra_e6,
       columns.standard_cost_e6, catalog::now_text(context), context.company_id.value(),
       id.value(), version});
  if (!changed.ok()) return catalog::unique_violation(changed.error());
  if (*changed != 1) {
    return Error::conflict("version_conflict", "the product changed since version " +
                                                   std::to_string(version) + " was read");
  }
  TRY(tx.execute("DELETE FROM inventory_product_names WHERE product_id = $1", {id.value()}));
  for (const auto& [language, name] : columns.names) {
    TRY(tx.execute(
        "INSERT INTO inventory_product_names (product_id, language, name) VALUES ($1, $2, $3)",
        {id.value(), language, name}));
  }
  if (columns.taxes) {
    TRY(tx.execute("DELETE FROM inventory_product_taxes WHERE product_id = $1", {id.value()}));
    std::int64_t position = 0;
    for (const auto& [tax_id, name] : *columns.taxes) {
      TRY(tx.execute(
          "INSERT INTO inventory_product_taxes (product_id, position, tax_id, tax_name) VALUES "
          "($1, $2, $3, $4)",
          {id.value(), position++, tax_id.value(), name}));
    }
  }
  return Ok{};
}

// A standard-cost product whose cost changed has its stock revalued by the stock part.
Result<void> revalue_if_standard(db::Tx& tx, const Context& context, const Product& before,
                                 const Product& after, Currency currency) {
  if (after.cost_method != CostMethod::standard || before.standard_cost == after.standard_cost ||
      after.is_template) {
    return Ok{};
  }
  const UnitPrice cost = TRY(UnitPrice::parse(after.standard_cost, currency));
  return detail::revalue_standard_cost(tx, context, after.id, cost, today(context));
}

// Carries a template's changed names, category, price, taxes and cost over to its variants.
Result<void> update_variants(db::Tx& tx, const Context& context, const Product& template_after,
                             const ProductPatch& patch, const Columns& template_columns,
                             Currency currency) {
  if (!patch.names && !patch.category_id && !patch.list_price && !patch.taxes &&
      !patch.standard_cost) {
    return Ok{};
  }
  for (const Product& variant :
       TRY(list_variants(tx, context.company_id, template_after.id))) {
    Columns columns = columns_of(variant, currency);
    if (patch.names) {
      std::string suffix;
      for (const auto& attribute : variant.attribute_order) {
        if (!suffix.empty()) suffix += ", ";
        suffix += variant.attributes.at(attribute);
      }
      columns.names = catalog::variant_names(template_columns.names, suffix);
    }
    TRY(check_category_change(tx, context.company_id, variant.id, variant.category_id,
                              template_columns.category_id));
    columns.category_id = template_columns.category_id;
    columns.list_price_e6 = template_columns.list_price_e6 + columns.price_extra_e6;
    if (columns.list_price_e6 > UnitPrice::kValueE6Max) {
      return Error::validation("product_price_invalid", "a variant price would be too large",
                               "list_price");
    }
    if (patch.standard_cost) columns.standard_cost_e6 = template_columns.standard_cost_e6;
    columns.taxes = template_columns.taxes;
    TRY(write_columns(tx, context, variant.id, variant.version, columns));
    const Product after = TRY(catalog::load_product(tx, context.company_id, variant.id));
    TRY(revalue_if_standard(tx, context, variant, after, currency));
    TRY(catalog::audit_change(tx, context, "update", "product", variant.id.value(),
                              catalog::audit_json(variant), catalog::audit_json(after)));
  }
  return Ok{};
}

Result<Product> set_archived(db::Tx& tx, const Context& context, ProductId id, bool archived) {
  const Product before = TRY(catalog::load_product(tx, context.company_id, id));
  // The product and, for a template, its variants.
  const auto changed_ids = TRY(tx.query(
      "SELECT id FROM inventory_products WHERE company_id = $1 AND (id = $2 OR template_id = $2) "
      "AND archived <> $3 ORDER BY id",
      {context.company_id.value(), id.value(), std::int64_t{archived ? 1 : 0}}));
  for (const auto& row : changed_ids) {
    const ProductId changed{row.integer(0)};
    const Product old = TRY(catalog::load_product(tx, context.company_id, changed));
    TRY(tx.execute(
        "UPDATE inventory_products SET archived = $1, version = version + 1, updated_at = $2 "
        "WHERE id = $3",
        {std::int64_t{archived ? 1 : 0}, catalog::now_text(context), changed.value()}));
    const Product now = TRY(catalog::load_product(tx, context.company_id, changed));
    TRY(catalog::audit_change(tx, context, archived ? "archive" : "unarchive", "product",
                              changed.value(), catalog::audit_json(old),
                              catalog::audit_json(now)));
  }
  (void)before;
  return catalog::load_product(tx, context.company_id, id);
}

}  // namespace

Result<Product> update_product(db::Tx& tx, const Context& context, ProductId id,
                               const ProductPatch& patch) {
  const Product before = TRY(catalog::load_product(tx, context.company_id, id));
  if (patch.version != before.version) {
    return Error::conflict("version_conflict", "the product is at version " +
                                                   std::to_string(before.version) + ", not " +
                                                   std::to_string(patch.version));
  }
  const Currency currency = TRY(Currency::from_code(before.currency));
  const Columns columns = TRY(apply_patch(tx, context, before, patch, currency));
  TRY(write_columns(tx, context, id, before.version, columns));
  const Product after = TRY(catalog::load_product(tx, context.company_id, id));
  TRY(revalue_if_standard(tx, context, before, after, currency));
  TRY(catalog::audit_change(tx, context, "update", "product", id.value(),
                            catalog::audit_json(before), catalog::audit_json(after)));
  if (after.is_template) TRY(update_variants(tx, context, after, patch, columns, currency));
  return catalog::load_product(tx, context.company_id, id);
}

Result<Product> archive_product(db::Tx& tx, const Context& context, ProductId id) {
  return set_archived(tx, context, id, true);
}

Result<Product> unarchive_product(db::Tx& tx, const Context& context, ProductId id) {
  return set_archived(tx, context, id, false);
}

}  // namespace keel::inventory
