// Reading products: one product, by code, lists with filters and paging, a template's
// variants, and what the stock part needs of a product.
#include <algorithm>
#include <unordered_map>

#include "catalog_store.h"

namespace keel::inventory {
namespace {

constexpr std::string_view kProductColumns =
    "p.id, p.template_id, p.is_template, p.sku, p.barcode, p.type, p.tracking, p.category_id, "
    "p.uom_id, p.currency, p.list_price_e6, p.price_extra_e6, p.standard_cost_e6, p.archived, "
    "p.version, c.cost_method";

Result<Product> product_from_row(const db::Row& row) {
  Product product;
  product.id = ProductId{row.integer(0)};
  if (const auto id = row.optional_integer(1)) product.template_id = ProductId{*id};
  product.is_template = row.integer(2) == 1;
  product.sku = row.text(3);
  product.barcode = row.optional_text(4).value_or("");
  product.type = TRY(parse_product_type(row.text(5)));
  product.tracking = TRY(parse_tracking(row.text(6)));
  product.category_id = CategoryId{row.integer(7)};
  product.uom_id = UomId{row.integer(8)};
  product.currency = row.text(9);
  const Currency currency = TRY(Currency::from_code(product.currency));
  product.list_price = catalog::price_text(row.integer(10), currency);
  product.price_extra = catalog::price_text(row.integer(11), currency);
  product.standard_cost = catalog::price_text(row.integer(12), currency);
  product.archived = row.integer(13) == 1;
  product.version = row.integer(14);
  product.cost_method = TRY(parse_cost_method(row.text(15)));
  return product;
}

// "$first, $first+1, …" for `count` parameters.
std::string placeholders(std::size_t first, std::size_t count) {
  std::string out;
  for (std::size_t i = 0; i < count; ++i) {
    if (i > 0) out += ", ";
    out += "$" + std::to_string(first + i);
  }
  return out;
}

// Fills names, taxes, attribute lines, variant values and variant counts of `products`.
Result<void> load_side_tables(db::Tx& tx, std::vector<Product>& products) {
  if (products.empty()) return Ok{};
  std::unordered_map<std::int64_t, Product*> by_id;
  std::vector<db::Value> ids;
  for (auto& product : products) {
    by_id[product.id.value()] = &product;
    ids.emplace_back(product.id.value());
  }
  const std::string in = "(" + placeholders(1, ids.size()) + ")";
  for (const auto& row :
       TRY(tx.query("SELECT product_id, language, name FROM inventory_product_names WHERE "
                    "product_id IN " + in,
                    ids))) {
    by_id.at(row.integer(0))->names[row.text(1)] = row.text(2);
  }
  for (const auto& row : TRY(tx.query("SELECT product_id, tax_id, tax_name FROM "
                                      "inventory_product_taxes WHERE product_id IN " +
                                          in + " ORDER BY product_id, position",
                                      ids))) {
    Product* product = by_id.at(row.integer(0));
    product->tax_ids.push_back(accounting::TaxId{row.integer(1)});
    product->taxes.push_back(row.text(2));
  }
  for (const auto& row :
       TRY(tx.query("SELECT template_id, attribute_position, attribute, value, price_extra_e6 "
                    "FROM inventory_attribute_values WHERE template_id IN " +
                        in + " ORDER BY template_id, attribute_position, value_position",
                    ids))) {
    Product* product = by_id.at(row.integer(0));
    const auto position = static_cast<std::size_t>(row.integer(1));
    if (product->attribute_lines.size() <= position) {
      product->attribute_lines.resize(position + 1);
    }
    auto& line = product->attribute_lines[position];
    line.name = row.text(2);
    line.values.push_back(
        {row.text(3),
         catalog::price_text(row.integer(4), TRY(Currency::from_code(product->currency)))});
  }
  for (const auto& row : TRY(tx.query("SELECT product_id, attribute, value FROM "
                                      "inventory_variant_values WHERE product_id IN " +
                                          in + " ORDER BY product_id, attribute_position",
                                      ids))) {
    Product* product = by_id.at(row.integer(0));
    product->attributes[row.text(1)] = row.text(2);
    product->attribute_order.push_back(row.text(1));
  }
  for (const auto& row :
       TRY(tx.query("SELECT template_id, COUNT(*) FROM inventory_products WHERE template_id IN " +
                        in + " GROUP BY template_id",
                    ids))) {
    by_id.at(row.integer(0))->variant_count = static_cast<int>(row.integer(1));
  }
  return Ok{};
}

Result<std::vector<Product>> select_products(db::Tx& tx, std::string where,
                                             std::vector<db::Value> params) {
  const auto rows = TRY(tx.query("SELECT " + std::string(kProductColumns) +
                                     " FROM inventory_products p JOIN inventory_categories c ON "
                                     "c.id = p.category_id WHERE " +
                                     where,
                                 params));
  std::vector<Product> products;
  products.reserve(rows.size());
  for (const auto& row : rows) products.push_back(TRY(product_from_row(row)));
  TRY(load_side_tables(tx, products));
  return products;
}

std::string escape_like(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

}  // namespace

namespace catalog {

Result<Product> load_product(db::Tx& tx, CompanyId company_id, ProductId id) {
  auto products =
      TRY(select_products(tx, "p.company_id = $1 AND p.id = $2", {company_id.value(), id.value()}));
  if (products.empty()) {
    return Error::not_found("product_not_found", "no product " + std::to_string(id.value()));
  }
  return std::move(products.front());
}

nlohmann::json audit_json(const Product& product) {
  return {{"sku", product.sku},
          {"barcode", product.barcode},
          {"names", product.names},
          {"type", to_string(product.type)},
          {"tracking", to_string(product.tracking)},
          {"category_id", product.category_id.value()},
          {"uom_id", product.uom_id.value()},
          {"list_price", product.list_price},
          {"price_extra", product.price_extra},
          {"standard_cost", product.standard_cost},
          {"taxes", product.taxes},
          {"attributes", product.attributes},
          {"archived", product.archived},
          {"version", product.version}};
}

}  // namespace catalog

Result<Product> get_product(db::Tx& tx, CompanyId company_id, ProductId id) {
  return catalog::load_product(tx, company_id, id);
}

Result<std::map<ProductId, Product>> get_products(db::Tx& tx, CompanyId company_id,
                                                  std::span<const ProductId> ids) {
  std::vector<std::int64_t> wanted;
  for (const auto id : ids) wanted.push_back(id.value());
  std::sort(wanted.begin(), wanted.end());
  wanted.erase(std::unique(wanted.begin(), wanted.end()), wanted.end());
  std::map<ProductId, Product> out;
  constexpr std::size_t kChunk = 500;
  for (std::size_t first = 0; first < wanted.size(); first += kChunk) {
    const std::size_t count = std::min(kChunk, wanted.size() - first);
    std::vector<db::Value> params{company_id.value()};
    std::string list;
    for (std::size_t i = 0; i < count; ++i) {
      params.emplace_back(wanted[first + i]);
      list += (i == 0 ? "$" : ", $") + std::to_string(i + 2);
    }
    for (auto& product : TRY(select_products(tx, "p.company_id = $1 AND p.id IN (" + list + ")",
                                             std::move(params)))) {
      const ProductId id = product.id;
      out.emplace(id, std::move(product));
    }
  }
  for (const auto id : wanted) {
    if (!out.contains(ProductId{id})) {
      return Error::not_found("product_not_found", "no product " + std::to_string(id));
    }
  }
  return out;
}

Result<Product> find_product_by_code(db::Tx& tx, CompanyId company_id, std::string_view code) {
  // SKU first: a code that is one product's SKU and another's barcode names the SKU's.
  for (const char* column : {"p.sku", "p.barcode"}) {
    auto products =
        TRY(select_products(tx, "p.company_id = $1 AND " + std::string(column) + " = $2",
                            {company_id.value(), std::string(code)}));
    if (!products.empty()) return std::move(products.front());
  }
  return Error::not_found("product_not_found", "no product with code " + std::string(code));
}

Result<ProductPage> list_products(db::Tx& tx, CompanyId company_id, const ProductQuery& query) {
  KEEL_ASSERT(query.limit >= 1 && query.limit <= keel::limits::kPageSizeMax);
  std::string where = "p.company_id = $1 AND p.id > $2";
  std::vector<db::Value> params = {company_id.value(), query.after_id};
  const auto next = [&](db::Value value) {
    params.push_back(std::move(value));
    return "$" + std::to_string(params.size());
  };
  if (!query.search.empty()) {
    where += " AND p.search LIKE " + next("%" + escape_like(catalog::ascii_lower(query.search)) +
                                          "%") +
             " ESCAPE '\\'";
  }
  if (query.type) where += " AND p.type = " + next(std::string(to_string(*query.type)));
  if (query.category_id) where += " AND p.category_id = " + next(query.category_id->value());
  switch (query.variants) {
    case VariantFilter::exclude: where += " AND p.template_id IS NULL"; break;
    case VariantFilter::only: where += " AND p.template_id IS NOT NULL"; break;
    case VariantFilter::include: break;
  }
  switch (query.archived) {
    case ArchivedFilter::exclude: where += " AND p.archived = 0"; break;
    case ArchivedFilter::only: where += " AND p.archived = 1"; break;
    case ArchivedFilter::include: break;
  }
  // One row more than the page tells whether there is a next page.
  where += " ORDER BY p.id LIMIT " + next(query.limit + 1);
  ProductPage page;
  page.items = TRY(select_products(tx, where, params));
  if (static_cast<std::int64_t>(page.items.size()) > query.limit) {
    page.items.pop_back();
    page.next_cursor = page.items.back().id.value();
  }
  return page;
}

Result<std::vector<Product>> list_variants(db::Tx& tx, CompanyId company_id, ProductId id) {
  TRY(catalog::load_product(tx, company_id, id));
  return select_products(tx, "p.company_id = $1 AND p.template_id = $2 ORDER BY p.id",
                         {company_id.value(), id.value()});
}

namespace detail {

Result<StockProduct> stock_product(db::Tx& tx, CompanyId company_id, ProductId id) {
  const auto row = TRY(tx.query_one(
      "SELECT p.type, p.tracking, p.is_template, p.currency, p.standard_cost_e6, u.decimals, "
      "c.cost_method, c.inventory_account_id, c.cost_of_goods_account_id FROM inventory_products "
      "p JOIN inventory_categories c ON c.id = p.category_id JOIN inventory_uoms u ON u.id = "
      "p.uom_id WHERE p.company_id = $1 AND p.id = $2",
      {company_id.value(), id.value()}));
  if (!row) return Error::not_found("product_not_found", "no product " + std::to_string(id.value()));
  StockProduct product;
  product.id = id;
  product.type = TRY(parse_product_type(row->text(0)));
  product.tracking = TRY(parse_tracking(row->text(1)));
  product.is_template = row->integer(2) == 1;
  const Currency currency = TRY(Currency::from_code(row->text(3)));
  product.standard_cost = TRY(UnitPrice::from_value_e6(row->integer(4), currency));
  product.uom_decimals = static_cast<int>(row->integer(5));
  product.cost_method = TRY(parse_cost_method(row->text(6)));
  if (const auto account = row->optional_integer(7)) {
    product.inventory_account_id = accounting::AccountId{*account};
  }
  if (const auto account = row->optional_integer(8)) {
    product.cost_of_goods_account_id = accounting::AccountId{*account};
  }
  return product;
}

}  // namespace detail
}  // namespace keel::inventory
