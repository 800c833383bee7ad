#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "keel/core/result.h"

// Exact values for money, quantities, prices and rates. No binary floating point anywhere:
// every value is an integer at a fixed, named scale; every rounding names its mode.
namespace keel {

// How to round a value that has more digits than its scale keeps.
enum class Rounding {
  half_even,  // banker's rounding: ties to the even neighbour
  half_up,    // ties away from zero
  half_down,  // ties toward zero
  up,         // away from zero
  down,       // toward zero (truncate)
  ceiling,    // toward +infinity
  floor,      // toward -infinity
};

// An ISO 4217 currency with its number of minor-unit digits.
class Currency {
 public:
  // Errors: currency_invalid (not three letters A–Z), currency_unknown (not in the table).
  static Result<Currency> from_code(std::string_view code);
  std::string_view code() const { return {m_code, 3}; }
  int exponent() const { return m_exponent; }  // digits after the decimal point
  bool operator==(const Currency& other) const;

 private:
  Currency(const char* code, int exponent);
  char m_code[3];
  int m_exponent;
};

// An amount of one currency, as an integer count of its minor units (cents; rials).
// Range: |minor units| ≤ Money::kMinorUnitsMax (10^18 - 1), which holds a balance of 10^17
// IRR and leaves sums of two values representable before the range check.
class Money {
 public:
  static constexpr std::int64_t kMinorUnitsMax = 999'999'999'999'999'999;

  // Strict decimal text: optional '-', digits, optionally '.' and at most exponent() digits.
  // "1,000", "", "a", "1e3", "+1", " 1", ".5", "5." are errors, never 0.
  // Errors: amount_invalid, amount_too_many_decimals, amount_out_of_range.
  static Result<Money> parse(std::string_view text, Currency currency);
  // Errors: amount_out_of_range.
  static Result<Money> from_minor_units(std::int64_t minor_units, Currency currency);
  static Money zero(Currency currency);

  std::int64_t minor_units() const { return m_minor_units; }
  Currency currency() const { return m_currency; }
  bool is_zero() const { return m_minor_units == 0; }
  bool is_negative() const { return m_minor_units < 0; }
  // "1234.50", "-0.01", "1000" (IRR): exactly exponent() decimals, no grouping.
  std::string to_string() const;

  // Errors: currency_mismatch, amount_out_of_range.
  Result<Money> add(const Money& other) const;
  Result<Money> subtract(const Money& other) const;
  Money negated() const;

  // Splits this amount into parts proportional to `weights` (all ≥ 0, not all 0) by the
  // largest-remainder method: the parts sum exactly to this amount, never a round-off plug.
  // Errors: allocation_weights_invalid.
  Result<std::vector<Money>> allocate(std::span<const std::int64_t> weights) const;

  auto operator<=>(const Money& other) const = delete;  // compare only within a currency
  bool operator==(const Money& other) const = default;

 private:
  Money(std::int64_t minor_units, Currency currency)
      : m_minor_units(minor_units), m_currency(currency) {}
  std::int64_t m_minor_units;
  Currency m_currency;
};

}  // namespace keel
