// JSON ⇄ types of the orders part (orders, lines, price lists). Requests are read strictly
// (json_input.h): every field problem is reported together as input_invalid.
#include "orders_json.h"

#include "keel/core/limits.h"
#include "keel/http/json_input.h"

namespace keel::sales::detail::json_io {

using http::ObjectReader;
using nlohmann::json;

namespace {

std::optional<Date> read_date(ObjectReader& in, std::string_view name) {
  const auto text = in.optional_string(name, 10);
  if (!text || text->empty()) return std::nullopt;
  auto date = Date::parse(*text);
  if (!date.ok()) {
    in.fail(name, "date_invalid", "a date YYYY-MM-DD");
    return std::nullopt;
  }
  return *date;
}

std::optional<LineRequest> read_line(ObjectReader& parent, const json& body, std::size_t index,
                                     Currency company_currency) {
  const std::string path = "lines/" + std::to_string(index);
  ObjectReader in(body, path);
  LineRequest line;
  line.product_id = inventory::ProductId{in.optional_integer("product_id", 1, INT64_MAX).value_or(0)};
  if (!in.has("product_id")) in.fail("product_id", "field_required", "product_id is required");
  const std::string quantity = in.required_string("quantity", 40);
  if (!quantity.empty()) {
    auto parsed = Quantity::parse(quantity);
    if (parsed.ok()) line.quantity = *parsed;
    else in.fail("quantity", "quantity_invalid", "a decimal quantity");
  }
  if (const auto price = in.optional_string("unit_price", 40)) {
    auto parsed = UnitPrice::parse(*price, company_currency);
    if (parsed.ok()) line.unit_price_e6 = parsed->value_e6();
    else in.fail("unit_price", "unit_price_invalid", "a decimal price");
  }
  line.discount_percent = in.optional_string("discount_percent", 40).value_or("");
  line.description = in.optional_string("description", kDescriptionLengthMax).value_or("");
  line.optional = in.optional_bool("optional").value_or(false);
  if (const json* ids = in.optional_value("tax_ids")) {
    std::vector<accounting::TaxId> taxes;
    if (!ids->is_array() || ids->size() > 10) {
      in.fail("tax_ids", "field_type_invalid", "an array of at most 10 tax ids");
    } else {
      for (const auto& id : *ids) {
        if (!id.is_number_integer()) {
          in.fail("tax_ids", "field_type_invalid", "tax ids are integers");
          break;
        }
        taxes.push_back(accounting::TaxId{id.get<std::int64_t>()});
      }
    }
    line.tax_ids = taxes;
  }
  if (const json* config = in.optional_value("configuration")) {
    std::map<std::string, std::string> chosen;
    if (!config->is_object() || config->size() > kConfigGroupsMax) {
      in.fail("configuration", "field_type_invalid", "an object of group → option");
    } else {
      for (const auto& [group, option] : config->items()) {
        if (!option.is_string()) {
          in.fail("configuration", "field_type_invalid", "options are strings");
          break;
        }
        chosen[group] = option.get<std::string>();
      }
    }
    line.configuration = chosen;
  }
  in.ignore("id");
  in.ignore("line_no");
  if (auto done = in.finish(); !done.ok()) {
    for (const auto& f : done.error().fields()) parent.fail(f.field, f.code, f.message);
    return std::nullopt;
  }
  return line;
}

std::vector<LineRequest> read_lines(ObjectReader& in, Currency company_currency) {
  std::vector<LineRequest> lines;
  const json* array = in.optional_value("lines");
  if (array == nullptr) return lines;
  if (!array->is_array() || array->size() > kDocumentLinesMax) {
    in.fail("lines", "order_lines_too_many", "an array of at most 500 lines");
    return lines;
  }
  for (std::size_t i = 0; i < array->size(); ++i) {
    if (auto line = read_line(in, (*array)[i], i, company_currency)) lines.push_back(*line);
  }
  return lines;
}


}  // namespace

Result<OrderDraft> read_order(const json& body, Currency company_currency) {
  ObjectReader in(body);
  OrderDraft draft;
  draft.partner_id = partners::PartyId{in.optional_integer("partner_id", 1, INT64_MAX).value_or(0)};
  if (!in.has("partner_id")) in.fail("partner_id", "field_required", "partner_id is required");
  draft.currency = in.optional_string("currency", 3).value_or("");
  draft.date = read_date(in, "date");
  if (auto w = in.optional_integer("warehouse_id", 1, INT64_MAX)) {
    draft.warehouse_id = inventory::WarehouseId{*w};
  }
  draft.invoice_policy = in.optional_string("invoice_policy", 16).value_or("ordered");
  draft.allow_backorder = in.optional_bool("allow_backorder").value_or(true);
  draft.lines = read_lines(in, company_currency);
  if (!in.has("lines")) in.fail("lines", "field_required", "lines are required");
  draft.confirm = in.optional_bool("confirm").value_or(false);
  draft.override_credit = in.optional_bool("override_credit").value_or(false);
  TRY(in.finish());
  return draft;
}

Result<QuoteDraft> read_quote(const json& body, Currency company_currency,
                              std::int64_t* version) {
  ObjectReader in(body);
  QuoteDraft draft;
  if (version != nullptr) {
    *version = in.optional_integer("version", 1, INT64_MAX).value_or(0);
    if (!in.has("version")) in.fail("version", "field_required", "version is required");
  }
  draft.partner_id = partners::PartyId{in.optional_integer("partner_id", 1, INT64_MAX).value_or(0)};
  if (!in.has("partner_id")) in.fail("partner_id", "field_required", "partner_id is required");
  draft.currency = in.optional_string("currency", 3).value_or("");
  draft.date = read_date(in, "date");
  if (in.has("valid_until")) {
    const auto text = in.optional_string("valid_until", 10);
    if (text && !text->empty()) {
      if (auto d = Date::parse(*text); d.ok()) draft.valid_until = *d;
      else in.fail("valid_until", "valid_until_invalid", "a date YYYY-MM-DD");
    }
  }
  if (auto p = in.optional_integer("pricelist_id", 1, INT64_MAX)) {
    draft.pricelist_id = PricelistId{*p};
  }
  draft.lines = read_lines(in, company_currency);
  if (!in.has("lines")) in.fail("lines", "field_required", "lines are required");
  TRY(in.finish());
  return draft;
}

Result<OrderPatch> read_order_patch(const json& body, Currency company_currency) {
  ObjectReader in(body);
  OrderPatch patch;
  patch.version = in.optional_integer("version", 1, INT64_MAX).value_or(0);
  if (!in.has("version")) in.fail("version", "field_required", "version is required");
  if (in.has("date")) patch.date = read_date(in, "date");
  if (auto w = in.optional_integer("warehouse_id", 1, INT64_MAX)) {
    patch.warehouse_id = inventory::WarehouseId{*w};
  }
  patch.invoice_policy = in.optional_string("invoice_policy", 16);
  patch.allow_backorder = in.optional_bool("allow_backorder");
  if (in.has("lines")) patch.lines = read_lines(in, company_currency);
  TRY(in.finish());
  return patch;
}

Result<Pricelist> read_pricelist(const json& body, Currency company_currency) {
  ObjectReader in(body);
  Pricelist list;
  list.name = in.required_string("name", limits::kNameLengthMax);
  const std::string currency = in.optional_string("currency", 3).value_or("");
  list.currency = company_currency;
  if (!currency.empty()) {
    auto parsed = Currency::from_code(currency);
    if (parsed.ok()) list.currency = *parsed;
    else in.fail("currency", "currency_invalid", "unknown currency");
  }
  list.customer_group = in.optional_string("customer_group", limits::kNameLengthMax);
  const json* items = in.optional_value("items");
  if (items != nullptr && (!items->is_array() || items->size() > kPricelistItemsMax)) {
    in.fail("items", "pricelist_items_too_many", "an array of at most 1000 items");
  } else if (items != nullptr) {
    for (std::size_t i = 0; i < items->size(); ++i) {
      ObjectReader item_in((*items)[i], "items/" + std::to_string(i));
      PricelistItem item;
      if (auto p = item_in.optional_integer("product_id", 1, INT64_MAX)) {
        item.product_id = inventory::ProductId{*p};
      }
      if (auto c = item_in.optional_integer("category_id", 1, INT64_MAX)) {
        item.category_id = inventory::CategoryId{*c};
      }
      const auto min = item_in.optional_string("min_quantity", 40).value_or("0");
      if (auto q = Quantity::parse(min); q.ok() && !q->is_negative()) {
        item.min_quantity = *q;
      } else {
        item_in.fail("min_quantity", "pricelist_item_quantity_invalid", "a quantity ≥ 0");
      }
      if (auto price = item_in.optional_string("price", 40)) {
        if (auto p = UnitPrice::parse(*price, list.currency); p.ok() && !p->is_negative()) {
          item.price = *p;
        } else {
          item_in.fail("price", "pricelist_item_price_invalid", "a price ≥ 0");
        }
      }
      if (auto discount = item_in.optional_string("discount_percent", 40)) {
        auto rate = Rate::parse_percent(*discount);
        if (!rate.ok() || *rate < Rate::zero() || *rate > Rate::one()) {
          item_in.fail("discount_percent", "pricelist_item_discount_invalid", "0 to 100");
        } else {
          item.discount_percent = *discount;
        }
      }
      for (auto [name, slot] : {std::pair{"date_from", &item.date_from},
                                std::pair{"date_to", &item.date_to}}) {
        if (auto text = item_in.optional_string(name, 10)) {
          if (auto d = Date::parse(*text); d.ok()) *slot = *d;
          else item_in.fail(name, "pricelist_item_dates_invalid", "a date YYYY-MM-DD");
        }
      }
      item_in.ignore("id");
      if (auto done = item_in.finish(); !done.ok()) {
        for (const auto& f : done.error().fields()) in.fail(f.field, f.code, f.message);
      } else {
        list.items.push_back(item);
      }
    }
  }
  TRY(in.finish());
  return list;
}

json to_json(const Order& order) {
  json lines = json::array();
  for (const auto& line : order.lines) {
    json taxes = json::array();
    for (const auto& t : line.taxes) taxes.push_back(t.value());
    lines.push_back({{"id", line.id.value()},
                     {"line_no", line.line_no},
                     {"product_id", line.product_id.value()},
                     {"description", line.description},
                     {"quantity", line.quantity.to_string()},
                     {"reserved", line.reserved.to_string()},
                     {"delivered", line.delivered.to_string()},
                     {"invoiced", line.invoiced.to_string()},
                     {"returned", line.returned.to_string()},
                     {"unit_price", line.unit_price.to_string()},
                     {"discount_percent", line.discount_percent},
                     {"tax_ids", taxes},
                     {"subtotal", line.subtotal.to_string()},
                     {"move_id", line.move_id ? json(line.move_id->value()) : json(nullptr)}});
  }
  return {{"id", order.id.value()},
          {"number", order.number ? json(*order.number) : json(nullptr)},
          {"partner_id", order.partner_id.value()},
          {"currency", std::string(order.currency.code())},
          {"state", std::string(to_string(order.state))},
          {"quote_id", order.quote_id ? json(order.quote_id->value()) : json(nullptr)},
          {"warehouse_id", order.warehouse_id.value()},
          {"date", order.date.to_string()},
          {"invoice_policy", std::string(to_string(order.invoice_policy))},
          {"allow_backorder", order.allow_backorder},
          {"credit_override", order.credit_override},
          {"delivery_status", order.delivery_status},
          {"invoice_status", order.invoice_status},
          {"untaxed", order.untaxed.to_string()},
          {"tax", order.tax.to_string()},
          {"total", order.total.to_string()},
          {"lines", lines},
          {"version", order.version}};
}

namespace {
json tax_array(const std::vector<accounting::TaxId>& ids) {
  json out = json::array();
  for (const auto& t : ids) out.push_back(t.value());
  return out;
}
std::string price_text(std::int64_t e6, Currency currency) {
  return UnitPrice::from_value_e6(e6, currency).value().to_string();
}
}  // namespace

json to_json(const Quote& quote) {
  json lines = json::array();
  for (const auto& line : quote.lines) {
    lines.push_back(
        {{"id", line.id},
         {"line_no", line.line_no},
         {"product_id", line.product_id.value()},
         {"description", line.description},
         {"quantity", line.quantity.to_string()},
         {"unit_price", price_text(line.unit_price_e6, quote.currency)},
         {"price_extra", price_text(line.price_extra_e6, quote.currency)},
         {"discount_percent", line.discount_percent},
         {"tax_ids", tax_array(line.tax_ids)},
         {"optional", line.optional},
         {"selected", line.selected},
         {"configuration", line.configuration ? json(*line.configuration) : json(nullptr)},
         {"subtotal", line.subtotal.to_string()}});
  }
  return {{"id", quote.id.value()},
          {"number", quote.number ? json(*quote.number) : json(nullptr)},
          {"partner_id", quote.partner_id.value()},
          {"currency", std::string(quote.currency.code())},
          {"state", quote.expired ? std::string("expired") : quote.state},
          {"date", quote.date.to_string()},
          {"valid_until", quote.valid_until ? json(quote.valid_until->to_string()) : json(nullptr)},
          {"pricelist_id", quote.pricelist_id ? json(quote.pricelist_id->value()) : json(nullptr)},
          {"lines", lines},
          {"untaxed", quote.untaxed.to_string()},
          {"tax", quote.tax.to_string()},
          {"total", quote.total.to_string()},
          {"optional_untaxed", quote.optional_untaxed.to_string()},
          {"max_discount_percent", quote.max_discount_percent},
          {"approved_by", quote.approved_by ? json(quote.approved_by->value()) : json(nullptr)},
          {"order_id", quote.order_id ? json(quote.order_id->value()) : json(nullptr)},
          {"version", quote.version}};
}

json to_json(const QuotePreview& preview) {
  const Currency currency = preview.counted.currency;
  json lines = json::array();
  for (std::size_t i = 0; i < preview.lines.size(); ++i) {
    lines.push_back({{"unit_price", price_text(preview.lines[i].unit_price_e6, currency)},
                     {"subtotal", preview.line_subtotals[i].to_string()},
                     {"tax_ids", tax_array(preview.lines[i].tax_ids)}});
  }
  json taxes = json::array();
  for (const auto& tax : preview.counted.taxes) {
    taxes.push_back({{"tax_id", tax.tax_id.value()},
                     {"base", tax.base.to_string()},
                     {"amount", tax.amount.to_string()}});
  }
  return {{"currency", std::string(currency.code())},
          {"untaxed", preview.counted.untaxed.to_string()},
          {"tax", preview.counted.tax.to_string()},
          {"total", preview.counted.total.to_string()},
          {"optional_untaxed", preview.optional_untaxed.to_string()},
          {"lines", lines},
          {"taxes", taxes}};
}

json to_json(const CreditState& credit) {
  return {{"currency", std::string(credit.currency.code())},
          {"balance", credit.balance.to_string()},
          {"open_orders", credit.open_orders.to_string()},
          {"this_order", credit.this_order.to_string()},
          {"limit", credit.limit ? json(credit.limit->to_string()) : json(nullptr)},
          {"available", credit.available ? json(credit.available->to_string()) : json(nullptr)},
          {"exceeded", credit.exceeded}};
}

json to_json(const Pricelist& list) {
  json items = json::array();
  for (const auto& item : list.items) {
    items.push_back(
        {{"id", item.id},
         {"product_id", item.product_id ? json(item.product_id->value()) : json(nullptr)},
         {"category_id", item.category_id ? json(item.category_id->value()) : json(nullptr)},
         {"min_quantity", item.min_quantity.to_string()},
         {"price", item.price ? json(item.price->to_string()) : json(nullptr)},
         {"discount_percent", item.discount_percent ? json(*item.discount_percent) : json(nullptr)},
         {"date_from", item.date_from ? json(item.date_from->to_string()) : json(nullptr)},
         {"date_to", item.date_to ? json(item.date_to->to_string()) : json(nullptr)}});
  }
  return {{"id", list.id.value()},
          {"name", list.name},
          {"currency", std::string(list.currency.code())},
          {"customer_group", list.customer_group ? json(*list.customer_group) : json(nullptr)},
          {"archived", list.archived},
          {"items", items},
          {"version", list.version}};
}

}  // namespace keel::sales::detail::json_io
