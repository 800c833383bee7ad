#include "keel/core/unit_price.h"

#include <algorithm>

namespace keel {

namespace {

using decimal::Int128;

constexpr std::string_view kSubject = "unit_price";

bool in_range(Int128 value_e6) {
  return value_e6 >= -UnitPrice::kValueE6Max && value_e6 <= UnitPrice::kValueE6Max;
}

Error out_of_range() {
  return decimal::error(kSubject, "out_of_range",
                        "must be less than 1000000000000 in absolute value");
}

}  // namespace

Result<UnitPrice> UnitPrice::parse(std::string_view text, Currency currency) {
  const Int128 value_e6 = TRY(decimal::parse_fixed(text, kScale, kSubject));
  if (!in_range(value_e6)) return out_of_range();
  return UnitPrice(static_cast<std::int64_t>(value_e6), currency);
}

Result<UnitPrice> UnitPrice::from_value_e6(std::int64_t value_e6, Currency currency) {
  if (!in_range(value_e6)) return out_of_range();
  return UnitPrice(value_e6, currency);
}

Result<UnitPrice> UnitPrice::from_money(const Money& money) {
  // Exponents are at most 4 and |minor units| < 10^18, so the product fits in int128.
  const Int128 value_e6 =
      Int128(money.minor_units()) * decimal::pow10(kScale - money.currency().exponent());
  if (!in_range(value_e6)) return out_of_range();
  return UnitPrice(static_cast<std::int64_t>(value_e6), money.currency());
}

std::string UnitPrice::to_string() const {
  return decimal::format(m_value_e6, kScale, std::min(kScale, m_currency.exponent()));
}

Result<Money> UnitPrice::times(const Quantity& quantity, Rounding rounding) const {
  // Both factors are below 10^18 in absolute value, so the product (scale 12) is below
  // 10^36 and fits in int128.
  const Int128 product_e12 = Int128(m_value_e6) * quantity.value_e6();
  const Int128 minor_units = decimal::drop_digits(
      product_e12, UnitPrice::kScale + Quantity::kScale - m_currency.exponent(), rounding);
  if (minor_units < -Money::kMinorUnitsMax || minor_units > Money::kMinorUnitsMax) {
    return decimal::error("amount", "out_of_range",
                          "is out of range: price times quantity is too large");
  }
  return Money::from_minor_units(static_cast<std::int64_t>(minor_units), m_currency);
}

}  // namespace keel
