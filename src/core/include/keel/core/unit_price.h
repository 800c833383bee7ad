#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "keel/core/decimal.h"
#include "keel/core/money.h"
#include "keel/core/quantity.h"
#include "keel/core/result.h"

namespace keel {

// A price per unit of measure in one currency, as an integer count of millionths of the
// currency's major unit (fixed scale 6, whatever the currency's exponent), so that prices
// such as 0.0125 EUR per screw or 0.123456 USD per kWh are exact.
// Range: |value| ≤ kValueE6Max = 10^18 - 1 millionths (just under 10^12 per unit).
class UnitPrice {
 public:
  static constexpr int kScale = 6;
  static constexpr std::int64_t kValueE6Max = 999'999'999'999'999'999;

  // Strict decimal text as in decimal::parse, at most 6 decimals.
  // Errors: unit_price_invalid, unit_price_too_many_decimals, unit_price_out_of_range.
  static Result<UnitPrice> parse(std::string_view text, Currency currency);
  // From a count of millionths. Errors: unit_price_out_of_range.
  static Result<UnitPrice> from_value_e6(std::int64_t value_e6, Currency currency);
  // The price of one unit that costs exactly `money`.
  // Errors: unit_price_out_of_range (amounts of 10^12 major units and more).
  static Result<UnitPrice> from_money(const Money& money);

  std::int64_t value_e6() const { return m_value_e6; }
  Currency currency() const { return m_currency; }
  bool is_negative() const { return m_value_e6 < 0; }
  // At least the currency's exponent of decimals, more only when the price has them:
  // "19.90" (EUR), "0.0125" (EUR), "1500" (IRR), "0.5" (JPY).
  std::string to_string() const;

  // price × quantity, rounded to the currency's exponent by `rounding` (exact 128-bit
  // intermediate). Errors: amount_out_of_range (the total does not fit in Money).
  Result<Money> times(const Quantity& quantity, Rounding rounding) const;

  auto operator<=>(const UnitPrice& other) const = delete;  // compare only within a currency
  bool operator==(const UnitPrice& other) const = default;

 private:
  UnitPrice(std::int64_t value_e6, Currency currency)
      : m_value_e6(value_e6), m_currency(currency) {}
  std::int64_t m_value_e6;
  Currency m_currency;
};

}  // namespace keel
