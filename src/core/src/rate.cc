#include "keel/core/rate.h"

#include <limits>

namespace keel {

namespace {

using decimal::Int128;

constexpr std::string_view kSubject = "rate";
constexpr int kPercentDigits = 2;

Error out_of_range() {
  return decimal::error(kSubject, "out_of_range", "has too many significant digits");
}

Error amount_out_of_range() {
  return decimal::error("amount", "out_of_range", "is out of range after applying the rate");
}

// Drops trailing fractional zeros so that each value has one representation.
void canonicalize(Int128& mantissa, int& scale) {
  while (scale > 0 && mantissa % 10 == 0) {
    mantissa /= 10;
    --scale;
  }
}

bool fits_int64(Int128 value) {
  return value >= std::numeric_limits<std::int64_t>::min() &&
         value <= std::numeric_limits<std::int64_t>::max();
}

Result<Money> money_from(Int128 minor_units, Currency currency) {
  if (minor_units < -Money::kMinorUnitsMax || minor_units > Money::kMinorUnitsMax) {
    return amount_out_of_range();
  }
  return Money::from_minor_units(static_cast<std::int64_t>(minor_units), currency);
}

}  // namespace

Result<Rate> Rate::parse(std::string_view text) {
  decimal::Parsed parsed = TRY(decimal::parse(text, kScaleMax, kSubject));
  canonicalize(parsed.mantissa, parsed.scale);
  if (!fits_int64(parsed.mantissa)) return out_of_range();
  return Rate(static_cast<std::int64_t>(parsed.mantissa), parsed.scale);
}

Result<Rate> Rate::parse_percent(std::string_view text) {
  decimal::Parsed parsed = TRY(decimal::parse(text, kScaleMax - kPercentDigits, kSubject));
  parsed.scale += kPercentDigits;
  canonicalize(parsed.mantissa, parsed.scale);
  if (!fits_int64(parsed.mantissa)) return out_of_range();
  return Rate(static_cast<std::int64_t>(parsed.mantissa), parsed.scale);
}

Result<Rate> Rate::create(std::int64_t mantissa, int scale) {
  if (scale < 0 || scale > kScaleMax) {
    return decimal::error(kSubject, "out_of_range", "scale must be between 0 and 18");
  }
  Int128 canonical = mantissa;
  canonicalize(canonical, scale);
  return Rate(static_cast<std::int64_t>(canonical), scale);
}

std::string Rate::to_string() const { return decimal::format(m_mantissa, m_scale, 0); }

std::string Rate::to_percent_string() const {
  // value × 100 = mantissa × 10^-(scale - 2); a scale below 2 needs the mantissa scaled up,
  // which fits in int128.
  if (m_scale >= kPercentDigits) {
    return decimal::format(m_mantissa, m_scale - kPercentDigits, 0);
  }
  const Int128 scaled = Int128(m_mantissa) * decimal::pow10(kPercentDigits - m_scale);
  return decimal::format(scaled, 0, 0);
}

Result<Money> Rate::apply(const Money& money, Rounding rounding) const {
  // |minor units| < 10^18 and |mantissa| < 2^63 keep the product below 2^123.
  const Int128 product = Int128(money.minor_units()) * m_mantissa;
  return money_from(decimal::drop_digits(product, m_scale, rounding), money.currency());
}

Result<Money> Rate::convert(const Money& from, Currency to, Rounding rounding) const {
  // The product is at scale (from's exponent + rate scale) in major units of `to`; bring it
  // to to's exponent. Scaling up may overflow int128 only for amounts far out of range.
  const Int128 product = Int128(from.minor_units()) * m_mantissa;
  const int product_scale = from.currency().exponent() + m_scale;
  auto minor_units = decimal::rescale(product, product_scale, to.exponent(), rounding, "amount");
  if (!minor_units.ok()) return amount_out_of_range();
  return money_from(minor_units.value(), to);
}

std::strong_ordering Rate::operator<=>(const Rate& other) const {
  // Bring both to the larger scale: |mantissa| < 2^63 times 10^18 stays below 2^123.
  const int scale = m_scale > other.m_scale ? m_scale : other.m_scale;
  const Int128 left = Int128(m_mantissa) * decimal::pow10(scale - m_scale);
  const Int128 right = Int128(other.m_mantissa) * decimal::pow10(scale - other.m_scale);
  return left <=> right;
}

}  // namespace keel
