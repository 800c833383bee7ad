#pragma once

#include <compare>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "keel/core/decimal.h"
#include "keel/core/result.h"

// Exact values for money, quantities, prices and rates. No binary floating point anywhere:
// every value is an integer at a fixed, named scale; every rounding names its mode.
namespace keel {

// Rounding (how to round a value that has more digits than its scale keeps) is declared in
// decimal.h, shared with Quantity, UnitPrice and Rate; including this header provides it.

// An ISO 4217 currency with its number of minor-unit digits. The table holds the active
// codes (funds codes such as CHE, USN included; precious metals, XDR and test codes, which
// have no minor unit, excluded). One deliberate departure from ISO 4217: IRR has exponent 0,
// not 2, because the dinar (1/100 rial) is not used in practice: prices, invoices and bank
// balances are whole rials, and counting in rials lets a balance of 10^17 IRR and more fit
// (docs/adr/0004-rial-has-no-minor-unit.md).
class Currency {
 public:
  // Errors: currency_invalid (not three letters A–Z), currency_unknown (not in the table).
  static Result<Currency> from_code(std::string_view code);
  // Every currency in the table, ordered by code.
  static std::vector<Currency> all();
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
  // The absolute value (always representable: the range is symmetric).
  Money abs() const;

  // Orders two amounts of the same currency. Errors: currency_mismatch.
  Result<std::strong_ordering> compare(const Money& other) const;

  // Splits this amount into parts proportional to `weights` (all ≥ 0, not all 0) by the
  // largest-remainder method: the parts sum exactly to this amount, never a round-off plug.
  // Ties between equal remainders go to the earlier index; a negative amount is split like
  // its absolute value and negated, so allocation is symmetric. Parts with weight 0 get 0.
  // At most limits::kAllocationPartsCountMax weights; each weight may be any int64 ≥ 0.
  // Errors: allocation_weights_invalid (empty, too many, a negative weight, or all zero).
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
