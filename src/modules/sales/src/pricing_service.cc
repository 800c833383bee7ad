// Price lists and line pricing: the price a partner gets for a product, quantity and date,
// the configurator's checks and price extras, and totals through receivables' preview.
#include <algorithm>

#include "keel/core/decimal.h"
#include "orders_internal.h"
#include "pricing_internal.h"

namespace keel::sales::detail {
namespace {

using decimal::Int128;

// A percent as millionths of a percent ("12.5" → 12'500'000), 0..100.
Result<std::int64_t> percent_e6(std::string_view text, std::string_view code,
                                const std::string& field) {
  auto parsed = decimal::parse_fixed(text, 6, "percent");
  if (!parsed.ok() || *parsed < 0 || *parsed > Int128{100'000'000}) {
    return Error::validation(std::string(code), "a percentage from 0 to 100", field);
  }
  return static_cast<std::int64_t>(*parsed);
}

// price × (100 − percent) / 100, half up: a price list's discount off the list price.
std::int64_t discounted_e6(std::int64_t price_e6, std::int64_t discount_e6) {
  const Int128 numerator = Int128{price_e6} * (Int128{100'000'000} - discount_e6);
  return static_cast<std::int64_t>((numerator + 50'000'000) / 100'000'000);
}

}  // namespace

Result<std::optional<PricelistId>> pricelist_for(db::Tx& tx, const Context& context,
                                                 partners::PartyId partner, Currency currency) {
  const auto row = TRY(tx.query_one(
      "SELECT a.pricelist_id FROM sales_partner_pricelists a JOIN sales_pricelists p ON "
      "p.id = a.pricelist_id WHERE a.company_id = $1 AND a.partner_id = $2 AND p.currency = $3 "
      "AND p.archived = 0",
      {context.company_id.value(), partner.value(), std::string(currency.code())}));
  if (!row) return std::optional<PricelistId>{};
  return std::optional<PricelistId>{PricelistId{row->integer(0)}};
}

Result<PriceAnswer> price_of(db::Tx& tx, const Context& context,
                             std::optional<PricelistId> pricelist, Currency currency,
                             const inventory::Product& product, Quantity quantity, Date date) {
  PriceAnswer answer;
  answer.product_id = product.id;
  answer.currency = currency;
  answer.tax_ids = product.tax_ids;
  answer.list_price_e6 = TRY(UnitPrice::parse(product.list_price, context.company_currency))
                             .value_e6();
  if (pricelist) {
    // Product items before category items, then the largest quantity break that applies.
    const auto row = TRY(tx.query_one(
        "SELECT id, price_e6, discount_percent FROM sales_pricelist_items WHERE "
        "pricelist_id = $1 AND (product_id = $2 OR category_id = $3) AND min_quantity_e6 <= $4 "
        "AND (date_from IS NULL OR date_from <= $5) AND (date_to IS NULL OR date_to >= $5) "
        "ORDER BY CASE WHEN product_id IS NULL THEN 1 ELSE 0 END, min_quantity_e6 DESC, id "
        "LIMIT 1",
        {pricelist->value(), product.id.value(), product.category_id.value(),
         quantity.value_e6(), date.to_string()}));
    if (row) {
      answer.pricelist_id = pricelist;
      answer.item_id = row->integer(0);
      if (const auto price = row->optional_integer(1)) {
        answer.unit_price_e6 = *price;
        return answer;
      }
      if (!(currency == context.company_currency)) {
        return Error::validation("price_not_found",
                                 "a discount item needs a list price in " +
                                     std::string(currency.code()),
                                 "product_id");
      }
      const std::string discount = row->text(2);
      answer.discount_percent = discount;
      answer.unit_price_e6 = discounted_e6(
          answer.list_price_e6, TRY(percent_e6(discount, "discount_invalid", "discount")));
      return answer;
    }
  }
  if (!(currency == context.company_currency)) {
    return Error::validation("price_not_found",
                             "no price list price in " + std::string(currency.code()),
                             "product_id");
  }
  answer.unit_price_e6 = answer.list_price_e6;
  return answer;
}

Result<PricedLine> price_line(db::Tx& tx, const Context& context,
                              std::optional<PricelistId> pricelist, Currency currency, Date date,
                              const LineRequest& request, const std::string& prefix,
                              const inventory::Product* known) {
  auto product = known != nullptr ? Result<inventory::Product>(*known)
                                  : inventory::get_product(tx, context.company_id,
                                                           request.product_id);
  if (!product.ok()) {
    return Error::validation("product_not_found", "no such product", prefix + "product_id");
  }
  if (product->is_template) {
    return Error::validation("product_template", "name one of the product's variants",
                             prefix + "product_id");
  }
  if (request.quantity.is_negative() || request.quantity.is_zero()) {
    return Error::validation("quantity_invalid", "quantity must be positive", prefix + "quantity");
  }
  PricedLine line;
  line.quantity = request.quantity;
  line.optional = request.optional;
  if (request.unit_price_e6) {
    if (*request.unit_price_e6 < 0) {
      return Error::validation("unit_price_invalid", "unit price must not be negative",
                               prefix + "unit_price");
    }
    line.unit_price_e6 = *request.unit_price_e6;
  } else {
    auto price = price_of(tx, context, pricelist, currency, *product, request.quantity, date);
    if (!price.ok()) return price.error().with_field_prefix(prefix.substr(0, prefix.size() - 1));
    line.unit_price_e6 = price->unit_price_e6;
  }
  if (!request.discount_percent.empty()) {
    TRY(percent_e6(request.discount_percent, "discount_invalid", prefix + "discount_percent"));
    line.discount_percent = request.discount_percent;
  }
  line.tax_ids = request.tax_ids ? *request.tax_ids : product->tax_ids;
  if (request.configuration) {
    line.price_extra_e6 = TRY(check_configuration(tx, context, request.product_id,
                                                  *request.configuration,
                                                  prefix + "configuration"));
    line.configuration = request.configuration;
    if (!request.unit_price_e6) line.unit_price_e6 += line.price_extra_e6;
  } else if (TRY(has_configurator(tx, context, request.product_id))) {
    return Error::validation("configuration_incomplete", "choose the product's options",
                             prefix + "configuration");
  }
  line.description = request.description.empty() ? product->display_name() : request.description;
  if (line.description.size() > kDescriptionLengthMax) {
    return Error::validation("description_invalid", "at most 1000 bytes", prefix + "description");
  }
  line.product = std::move(*product);
  return line;
}

Result<accounting::InvoicePreview> totals_of(db::Tx& tx, const Context& context,
                                             partners::PartyId partner, Currency currency,
                                             Date date, const std::vector<PricedLine>& lines) {
  accounting::InvoiceDraft draft;
  draft.partner_id = partner;
  draft.date = date;
  draft.currency = std::string(currency.code());
  for (const auto& line : lines) {
    accounting::InvoiceLineDraft out;
    out.description = line.description;
    out.quantity = line.quantity;
    out.unit_price_e6 = line.unit_price_e6;
    out.discount_percent = line.discount_percent == "0" ? "" : line.discount_percent;
    out.tax_ids = line.tax_ids;
    draft.lines.push_back(std::move(out));
  }
  return accounting::preview_invoice(tx, context, draft);
}

}  // namespace keel::sales::detail
