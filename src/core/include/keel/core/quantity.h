#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "keel/core/decimal.h"
#include "keel/core/result.h"

namespace keel {

// A quantity of goods or time in some unit of measure, as an integer count of millionths
// (fixed scale 6). The unit is not part of the value: a line or a stock move names it, and
// quantities are only combined within one unit. No binary floating point.
//
// Range: |value| ≤ kValueE6Max = 10^18 - 1 millionths, that is just under 10^12 units. (The
// scale and the int64 storage together bound the range: 10^15 units at scale 6 would need
// 70 bits.) A product with a UnitPrice is computed in 128 bits.
class Quantity {
 public:
  static constexpr int kScale = 6;
  static constexpr std::int64_t kValueE6Max = 999'999'999'999'999'999;

  // Strict decimal text as in decimal::parse, at most 6 decimals: "1.5", "-0.000001", "12".
  // Errors: quantity_invalid, quantity_too_many_decimals, quantity_out_of_range.
  static Result<Quantity> parse(std::string_view text);
  // From a count of millionths. Errors: quantity_out_of_range.
  static Result<Quantity> from_value_e6(std::int64_t value_e6);
  // From a whole number of units. Errors: quantity_out_of_range.
  static Result<Quantity> from_units(std::int64_t units);
  static Quantity zero() { return Quantity(0); }

  // The value in millionths of a unit.
  std::int64_t value_e6() const { return m_value_e6; }
  bool is_zero() const { return m_value_e6 == 0; }
  bool is_negative() const { return m_value_e6 < 0; }
  // The minimal decimal text: "1.5", "2", "-0.000001" (no trailing zeros, never "-0").
  std::string to_string() const;

  // Errors: quantity_out_of_range.
  Result<Quantity> add(const Quantity& other) const;
  Result<Quantity> subtract(const Quantity& other) const;
  Quantity negated() const { return Quantity(-m_value_e6); }

  // Rounds to `decimals` fractional digits (0..6), as a unit of measure requires (pieces: 0,
  // kilograms: 3). Errors: quantity_decimals_invalid (decimals outside 0..6),
  // quantity_out_of_range (rounding away from zero past the range).
  Result<Quantity> round_to(int decimals, Rounding rounding) const;

  auto operator<=>(const Quantity& other) const = default;

 private:
  explicit Quantity(std::int64_t value_e6) : m_value_e6(value_e6) {}
  std::int64_t m_value_e6;
};

}  // namespace keel
