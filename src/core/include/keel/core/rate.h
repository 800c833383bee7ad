#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "keel/core/decimal.h"
#include "keel/core/money.h"
#include "keel/core/result.h"

namespace keel {

// An exact decimal ratio: an exchange rate, a tax rate, a discount. value = mantissa ×
// 10^-scale with an int64 mantissa and 0 ≤ scale ≤ kScaleMax. Always kept in canonical form
// (no trailing fractional zeros), so equal values are equal objects and to_string is stable;
// databases store the text of to_string(). Negative rates are representable (a negative
// adjustment); callers that need a positive rate check is_positive().
class Rate {
 public:
  static constexpr int kScaleMax = 18;

  // Strict decimal text as in decimal::parse, at most 18 decimals: "0.000000833333", "1.1".
  // Errors: rate_invalid, rate_too_many_decimals, rate_out_of_range (mantissa beyond int64).
  static Result<Rate> parse(std::string_view text);
  // A percentage: parse_percent("9.5") is 0.095. At most 16 decimals in the text.
  // Errors: as parse().
  static Result<Rate> parse_percent(std::string_view text);
  // mantissa × 10^-scale. Errors: rate_out_of_range (scale outside 0..18).
  static Result<Rate> create(std::int64_t mantissa, int scale);
  static Rate one() { return Rate(1, 0); }
  static Rate zero() { return Rate(0, 0); }

  std::int64_t mantissa() const { return m_mantissa; }
  int scale() const { return m_scale; }
  bool is_zero() const { return m_mantissa == 0; }
  bool is_positive() const { return m_mantissa > 0; }
  // The minimal decimal text: "0.095", "1", "1.1".
  std::string to_string() const;
  // The value as a percentage in minimal text: 0.095 gives "9.5".
  std::string to_percent_string() const;

  // money × rate, rounded to the money's currency exponent by `rounding` (exact 128-bit
  // intermediate). Errors: amount_out_of_range.
  Result<Money> apply(const Money& money, Rounding rounding) const;
  // Converts `from` into currency `to` at this rate (units of `to` per unit of from's
  // currency), rounded to to's exponent by `rounding`; the exponents may differ.
  // Errors: amount_out_of_range.
  Result<Money> convert(const Money& from, Currency to, Rounding rounding) const;

  // Compares values exactly, whatever the scales.
  std::strong_ordering operator<=>(const Rate& other) const;
  bool operator==(const Rate& other) const = default;  // canonical form makes this exact

 private:
  Rate(std::int64_t mantissa, int scale) : m_mantissa(mantissa), m_scale(scale) {}
  std::int64_t m_mantissa;
  int m_scale;
};

}  // namespace keel
