#pragma once

#include <string>
#include <string_view>

#include "keel/core/result.h"

// The one strict decimal parser, formatter and rounding routine shared by Money, Quantity,
// UnitPrice and Rate, so that every exact value in Keel reads, prints and rounds the same way.
// No binary floating point: values are 128-bit integers with a decimal scale.
namespace keel {

// How to round a value that has more digits than its scale keeps. Persisted as the text
// of to_string(Rounding).
enum class Rounding {
  half_even,  // banker's rounding: ties to the even neighbour
  half_up,    // ties away from zero
  half_down,  // ties toward zero
  up,         // away from zero
  down,       // toward zero (truncate)
  ceiling,    // toward +infinity
  floor,      // toward -infinity
};

// "half_even", "half_up", ...: the stable text code of a rounding mode.
std::string_view to_string(Rounding rounding);

// The inverse of to_string(Rounding). Errors: rounding_invalid.
Result<Rounding> rounding_from_string(std::string_view text);

namespace decimal {

// GCC and Clang provide a 128-bit integer; intermediate products of two int64 values at
// scale fit in it without overflow.
using Int128 = __int128;

// The largest power of ten that fits in Int128.
inline constexpr int kPow10Max = 38;

// Parse results keep at most this many significant digits (|mantissa| < 10^36), which leaves
// headroom for rescaling by a few digits without overflow.
inline constexpr int kSignificantDigitsMax = 36;

// 10^exponent. Asserts 0 ≤ exponent ≤ kPow10Max (a programmer error otherwise).
Int128 pow10(int exponent);

// A parsed decimal: value = mantissa × 10^-scale, scale = the number of fractional digits
// written in the text (trailing zeros included).
struct Parsed {
  Int128 mantissa;
  int scale;
};

// Parses strict decimal text: an optional leading '-', one or more ASCII digits, then
// optionally '.' followed by one or more ASCII digits. Nothing else: no '+', spaces,
// grouping commas, exponents, leading or trailing '.', non-ASCII digits. "-0" is zero.
// `subject` prefixes the error codes ("amount" → "amount_invalid").
// Errors: <subject>_invalid (syntax), <subject>_too_many_decimals (more than decimals_max
// fractional digits), <subject>_out_of_range (more than kSignificantDigitsMax digits).
Result<Parsed> parse(std::string_view text, int decimals_max, std::string_view subject);

// parse() and then rescales to exactly `scale` fractional digits: "1.5" at scale 2 is 150.
// Errors: as parse() with decimals_max = scale.
Result<Int128> parse_fixed(std::string_view text, int scale, std::string_view subject);

// numerator / denominator rounded to an integer by `rounding`. Asserts denominator > 0.
Int128 divide_rounded(Int128 numerator, Int128 denominator, Rounding rounding);

// value / 10^digits rounded by `rounding`: drops `digits` fractional digits.
// Asserts 0 ≤ digits ≤ kPow10Max.
Int128 drop_digits(Int128 value, int digits, Rounding rounding);

// Converts a value at scale_from to scale_to: exact when scale_to ≥ scale_from, rounded by
// `rounding` otherwise. Scales must be within 0..kPow10Max.
// Errors: <subject>_out_of_range when the rescaled value does not fit in Int128.
Result<Int128> rescale(Int128 value, int scale_from, int scale_to, Rounding rounding,
                       std::string_view subject);

// Prints mantissa × 10^-scale with at least decimals_min fractional digits and no trailing
// zeros beyond them: format(150, 2, 2) = "1.50", format(150, 2, 0) = "1.5",
// format(-1, 6, 0) = "-0.000001". Never prints "-0". Asserts 0 ≤ decimals_min ≤ scale.
std::string format(Int128 mantissa, int scale, int decimals_min);

// A validation error coded "<subject>_<predicate>" whose message starts with the subject:
// error("unit_price", "invalid", "must be ...") reads "unit price must be ...".
Error error(std::string_view subject, std::string_view predicate, std::string_view message);

}  // namespace decimal
}  // namespace keel
