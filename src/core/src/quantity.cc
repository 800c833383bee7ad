#include "keel/core/quantity.h"

namespace keel {

namespace {

using decimal::Int128;

constexpr std::string_view kSubject = "quantity";

bool in_range(Int128 value_e6) {
  return value_e6 >= -Quantity::kValueE6Max && value_e6 <= Quantity::kValueE6Max;
}

Error out_of_range() {
  return decimal::error(kSubject, "out_of_range",
                        "must be less than 1000000000000 in absolute value");
}

}  // namespace

Result<Quantity> Quantity::parse(std::string_view text) {
  const Int128 value_e6 = TRY(decimal::parse_fixed(text, kScale, kSubject));
  if (!in_range(value_e6)) return out_of_range();
  return Quantity(static_cast<std::int64_t>(value_e6));
}

Result<Quantity> Quantity::from_value_e6(std::int64_t value_e6) {
  if (!in_range(value_e6)) return out_of_range();
  return Quantity(value_e6);
}

Result<Quantity> Quantity::from_units(std::int64_t units) {
  const Int128 value_e6 = Int128(units) * decimal::pow10(kScale);
  if (!in_range(value_e6)) return out_of_range();
  return Quantity(static_cast<std::int64_t>(value_e6));
}

std::string Quantity::to_string() const { return decimal::format(m_value_e6, kScale, 0); }

Result<Quantity> Quantity::add(const Quantity& other) const {
  // Both operands are within ±(10^18 - 1), so the int128 sum cannot overflow.
  const Int128 sum = Int128(m_value_e6) + other.m_value_e6;
  if (!in_range(sum)) return out_of_range();
  return Quantity(static_cast<std::int64_t>(sum));
}

Result<Quantity> Quantity::subtract(const Quantity& other) const {
  const Int128 difference = Int128(m_value_e6) - other.m_value_e6;
  if (!in_range(difference)) return out_of_range();
  return Quantity(static_cast<std::int64_t>(difference));
}

Result<Quantity> Quantity::round_to(int decimals, Rounding rounding) const {
  if (decimals < 0 || decimals > kScale) {
    return decimal::error(kSubject, "decimals_invalid", "decimals must be between 0 and 6");
  }
  const int dropped = kScale - decimals;
  const Int128 rounded =
      decimal::drop_digits(m_value_e6, dropped, rounding) * decimal::pow10(dropped);
  if (!in_range(rounded)) return out_of_range();
  return Quantity(static_cast<std::int64_t>(rounded));
}

}  // namespace keel
