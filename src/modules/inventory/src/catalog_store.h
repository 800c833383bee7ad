#pragma once

// What the catalog sources share: row readers, code checks, audit and text helpers. Private to
// the catalog part (the stock part uses inventory_internal.h).
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>
#include <string_view>

#include "catalog_limits.h"
#include "keel/core/limits.h"
#include "inventory_internal.h"

namespace keel::inventory::catalog {

// The current instant as stored in created_at/updated_at.
std::string now_text(const Context& context);

// Appends an audit row `inventory.<entity>` for `id`.
Result<void> audit_change(db::Tx& tx, const Context& context, std::string action,
                          std::string entity, std::int64_t id, nlohmann::json before,
                          nlohmann::json after);

// Seeds the company's units and the category "All" when missing (write transactions only).
Result<void> ensure_uoms(db::Tx& tx, CompanyId company_id, std::string_view now);
Result<CategoryId> ensure_default_category(db::Tx& tx, CompanyId company_id,
                                           std::string_view now);

// SKU: 1..kSkuLengthMax of A-Z a-z 0-9 - _ . /. Errors: sku_invalid.
Result<void> check_sku(std::string_view sku);
// Barcode: 1..kBarcodeLengthMax printable ASCII without spaces; 12 digits (UPC-A) and 13
// digits (EAN-13) carry a valid check digit. Errors: barcode_invalid,
// barcode_check_digit_invalid.
Result<void> check_barcode(std::string_view barcode);
// True when `digits` (all ASCII digits) ends in the GS1 check digit of the others.
bool gs1_check_digit_valid(std::string_view digits);
// A SKU fragment made of `value`: ASCII letters upper-cased, digits kept, runs of anything
// else turned into one '-', trimmed of '-'. May be empty.
std::string sku_fragment(std::string_view value);
// Lower-cases ASCII letters (the list filter is case-insensitive for ASCII).
std::string ascii_lower(std::string_view text);

// The languages a product name may be in, in display order.
inline constexpr std::string_view kLanguages[] = {"en", "fa", "he", "zh", "lt"};

// Millionths as decimal text with at least the currency's decimals ("12.50").
std::string price_text(std::int64_t value_e6, Currency currency);
// Parses a price or cost ≥ 0 in `currency`; `code` names the error.
Result<std::int64_t> parse_price(std::string_view text, Currency currency, std::string_view code,
                                 std::string_view field);

// Loads the product rows' side tables into complete Products.
Result<Product> load_product(db::Tx& tx, CompanyId company_id, ProductId id);
Result<std::vector<Product>> load_products(db::Tx& tx, CompanyId company_id,
                                           const std::vector<std::int64_t>& ids);
// Product checks and helpers shared by creation and updates (catalog_products_write.cc).
// Errors: product_name_required, product_name_language_invalid, product_name_invalid.
Result<void> check_names(const std::map<std::string, std::string>& names);
// Taxes by name, else by id written as text; sales taxes only, duplicates dropped.
// Errors: product_taxes_too_many, tax_not_found, tax_scope_mismatch.
Result<std::vector<std::pair<accounting::TaxId, std::string>>> resolve_taxes(
    db::Tx& tx, const Context& context, const std::vector<std::string>& wanted);
// Errors: sku_taken / barcode_taken (conflict) when another product than `except_id` has it.
Result<void> check_sku_free(db::Tx& tx, CompanyId company_id, const std::string& sku,
                            std::int64_t except_id);
Result<void> check_barcode_free(db::Tx& tx, CompanyId company_id, const std::string& barcode,
                                std::int64_t except_id);
// The `search` column's text: SKU, barcode and names, lower-cased.
std::string search_text(const std::string& sku, const std::string& barcode,
                        const std::map<std::string, std::string>& names);
// db_unique_violation (a concurrent insert of the same SKU or barcode) as sku_taken.
Error unique_violation(const Error& error);
// A variant's names: the template's with " (S, red)" appended.
std::map<std::string, std::string> variant_names(const std::map<std::string, std::string>& names,
                                                 const std::string& suffix);

// The product as audit rows and answers describe it.
nlohmann::json audit_json(const Product& product);

}  // namespace keel::inventory::catalog
