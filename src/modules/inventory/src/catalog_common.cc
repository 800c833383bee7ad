// Helpers shared by the catalog sources: enumerations as text, code checks, prices, audit.
#include "catalog_store.h"
#include "keel/audit/audit.h"

namespace keel::inventory {

std::string_view to_string(ProductType type) {
  switch (type) {
    case ProductType::stockable: return "stockable";
    case ProductType::consumable: return "consumable";
    case ProductType::service: return "service";
  }
  KEEL_ASSERT(false);
  return {};
}

Result<ProductType> parse_product_type(std::string_view text) {
  for (const auto type : {ProductType::stockable, ProductType::consumable, ProductType::service}) {
    if (to_string(type) == text) return type;
  }
  return Error::validation("product_type_invalid", "type is stockable, consumable or service",
                           "type");
}

std::string_view to_string(Tracking tracking) {
  switch (tracking) {
    case Tracking::none: return "none";
    case Tracking::lot: return "lot";
    case Tracking::serial: return "serial";
  }
  KEEL_ASSERT(false);
  return {};
}

Result<Tracking> parse_tracking(std::string_view text) {
  for (const auto tracking : {Tracking::none, Tracking::lot, Tracking::serial}) {
    if (to_string(tracking) == text) return tracking;
  }
  return Error::validation("product_tracking_invalid", "tracking is none, lot or serial",
                           "tracking");
}

std::string_view to_string(CostMethod method) {
  switch (method) {
    case CostMethod::fifo: return "fifo";
    case CostMethod::average: return "average";
    case CostMethod::standard: return "standard";
  }
  KEEL_ASSERT(false);
  return {};
}

Result<CostMethod> parse_cost_method(std::string_view text) {
  for (const auto method : {CostMethod::fifo, CostMethod::average, CostMethod::standard}) {
    if (to_string(method) == text) return method;
  }
  return Error::validation("cost_method_invalid", "cost_method is fifo, average or standard",
                           "cost_method");
}

std::string Product::display_name() const {
  for (const auto language : catalog::kLanguages) {
    if (const auto found = names.find(std::string(language)); found != names.end()) {
      return found->second;
    }
  }
  return names.empty() ? sku : names.begin()->second;
}

namespace catalog {

std::string now_text(const Context& context) {
  KEEL_ASSERT(context.clock != nullptr);
  return format_instant(context.clock->now());
}

Result<void> audit_change(db::Tx& tx, const Context& context, std::string action,
                          std::string entity, std::int64_t id, nlohmann::json before,
                          nlohmann::json after) {
  KEEL_ASSERT(context.clock != nullptr);
  return audit::record(tx, *context.clock,
                       {context.company_id, context.user_id, std::move(action),
                        "inventory." + entity, std::to_string(id), std::move(before),
                        std::move(after), context.request_id});
}

namespace {
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
}  // namespace

Result<void> check_sku(std::string_view sku) {
  bool valid = !sku.empty() && sku.size() <= limits::kSkuLengthMax;
  for (const char c : sku) {
    valid = valid && (is_digit(c) || is_letter(c) || c == '-' || c == '_' || c == '.' || c == '/');
  }
  if (!valid) {
    return Error::validation("sku_invalid", "a SKU is 1..64 characters of A-Z a-z 0-9 - _ . /",
                             "sku");
  }
  return Ok{};
}

bool gs1_check_digit_valid(std::string_view digits) {
  KEEL_ASSERT(!digits.empty());
  // Weights 3 and 1 alternate from the digit left of the check digit.
  int sum = 0;
  int weight = 3;
  for (std::size_t i = digits.size() - 1; i-- > 0;) {
    sum += (digits[i] - '0') * weight;
    weight = weight == 3 ? 1 : 3;
  }
  return (10 - sum % 10) % 10 == digits.back() - '0';
}

Result<void> check_barcode(std::string_view barcode) {
  bool valid = !barcode.empty() && barcode.size() <= limits::kBarcodeLengthMax;
  bool digits = true;
  for (const char c : barcode) {
    valid = valid && c > ' ' && c < 0x7f;
    digits = digits && is_digit(c);
  }
  if (!valid) {
    return Error::validation("barcode_invalid",
                             "a barcode is 1..64 printable ASCII characters without spaces",
                             "barcode");
  }
  if (digits && (barcode.size() == 12 || barcode.size() == 13) &&
      !gs1_check_digit_valid(barcode)) {
    return Error::validation("barcode_check_digit_invalid",
                             "the last digit of this UPC-A/EAN-13 code is not its check digit",
                             "barcode");
  }
  return Ok{};
}

std::string sku_fragment(std::string_view value) {
  std::string out;
  bool pending_dash = false;
  for (const char c : value) {
    if (is_digit(c) || is_letter(c)) {
      if (pending_dash && !out.empty()) out += '-';
      pending_dash = false;
      out += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    } else {
      pending_dash = true;
    }
  }
  return out;
}

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string price_text(std::int64_t value_e6, Currency currency) {
  auto price = UnitPrice::from_value_e6(value_e6, currency);
  KEEL_ASSERT(price.ok());  // stored by this module from a valid UnitPrice
  return price->to_string();
}

Result<std::int64_t> parse_price(std::string_view text, Currency currency, std::string_view code,
                                 std::string_view field) {
  auto price = UnitPrice::parse(text, currency);
  if (!price.ok() || price->is_negative()) {
    return Error::validation(std::string(code),
                             std::string(field) + " is a decimal ≥ 0 with at most 6 decimals",
                             std::string(field));
  }
  return price->value_e6();
}

}  // namespace catalog
}  // namespace keel::inventory
