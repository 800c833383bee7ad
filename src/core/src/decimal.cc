#include "keel/core/decimal.h"

#include <algorithm>
#include <array>
#include <string>

#include "keel/core/assert.h"

namespace keel {

namespace {

struct RoundingName {
  Rounding rounding;
  std::string_view name;
};

constexpr std::array<RoundingName, 7> kRoundingNames{{
    {Rounding::half_even, "half_even"},
    {Rounding::half_up, "half_up"},
    {Rounding::half_down, "half_down"},
    {Rounding::up, "up"},
    {Rounding::down, "down"},
    {Rounding::ceiling, "ceiling"},
    {Rounding::floor, "floor"},
}};

}  // namespace

std::string_view to_string(Rounding rounding) {
  for (const auto& entry : kRoundingNames) {
    if (entry.rounding == rounding) return entry.name;
  }
  KEEL_ASSERT(false && "unknown Rounding value");
  return {};
}

Result<Rounding> rounding_from_string(std::string_view text) {
  for (const auto& entry : kRoundingNames) {
    if (entry.name == text) return entry.rounding;
  }
  return Error::validation("rounding_invalid",
                           "rounding must be one of half_even, half_up, half_down, up, down, "
                           "ceiling, floor");
}

namespace decimal {

namespace {

constexpr std::array<Int128, kPow10Max + 1> make_pow10_table() {
  std::array<Int128, kPow10Max + 1> table{};
  Int128 value = 1;
  for (int i = 0; i <= kPow10Max; ++i) {
    table[static_cast<std::size_t>(i)] = value;
    if (i < kPow10Max) value *= 10;
  }
  return table;
}

constexpr auto kPow10 = make_pow10_table();

bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }

// The syntax of a strict decimal, found in one pass: where the integer and fraction digits
// are. Returns false on any character outside the grammar.
struct Shape {
  bool negative = false;
  std::string_view integer_digits;
  std::string_view fraction_digits;
};

bool scan(std::string_view text, Shape& shape) {
  std::size_t position = 0;
  if (position < text.size() && text[position] == '-') {
    shape.negative = true;
    ++position;
  }
  const std::size_t integer_begin = position;
  while (position < text.size() && is_ascii_digit(text[position])) ++position;
  shape.integer_digits = text.substr(integer_begin, position - integer_begin);
  if (shape.integer_digits.empty()) return false;  // "", "-", ".5", "+1", " 1"
  if (position == text.size()) return true;
  if (text[position] != '.') return false;  // "1,000", "1e3", "1 "
  ++position;
  const std::size_t fraction_begin = position;
  while (position < text.size() && is_ascii_digit(text[position])) ++position;
  shape.fraction_digits = text.substr(fraction_begin, position - fraction_begin);
  if (shape.fraction_digits.empty()) return false;  // "5."
  return position == text.size();                   // "1.5.2", "1.5e3"
}

}  // namespace

Int128 pow10(int exponent) {
  KEEL_ASSERT(exponent >= 0 && exponent <= kPow10Max);
  return kPow10[static_cast<std::size_t>(exponent)];
}

Error error(std::string_view subject, std::string_view predicate, std::string_view message) {
  std::string code(subject);
  code += '_';
  code += predicate;
  // "unit_price" reads "unit price" at the start of the sentence.
  std::string sentence(subject);
  std::replace(sentence.begin(), sentence.end(), '_', ' ');
  sentence += ' ';
  sentence += message;
  return Error::validation(std::move(code), std::move(sentence));
}

Result<Parsed> parse(std::string_view text, int decimals_max, std::string_view subject) {
  KEEL_ASSERT(decimals_max >= 0 && decimals_max <= kSignificantDigitsMax);
  Shape shape;
  if (!scan(text, shape)) {
    return error(subject, "invalid",
                 "must be a decimal number: digits, an optional leading '-' and an optional "
                 "'.' followed by digits");
  }
  if (shape.fraction_digits.size() > static_cast<std::size_t>(decimals_max)) {
    return error(subject, "too_many_decimals",
                 "has more digits after the decimal point than allowed (" +
                     std::to_string(decimals_max) + ")");
  }
  // Leading zeros carry no value and do not count toward the digit limit.
  Int128 mantissa = 0;
  int significant_digits = 0;
  for (std::string_view digits : {shape.integer_digits, shape.fraction_digits}) {
    for (char c : digits) {
      if (mantissa == 0 && c == '0') continue;
      if (++significant_digits > kSignificantDigitsMax) {
        return error(subject, "out_of_range", "has too many digits");
      }
      mantissa = mantissa * 10 + (c - '0');
    }
  }
  return Parsed{shape.negative ? -mantissa : mantissa,
                static_cast<int>(shape.fraction_digits.size())};
}

Result<Int128> parse_fixed(std::string_view text, int scale, std::string_view subject) {
  Parsed parsed = TRY(parse(text, scale, subject));
  // Appending the missing fractional zeros can overflow a 36-digit mantissa; rescale checks.
  return rescale(parsed.mantissa, parsed.scale, scale, Rounding::down, subject);
}

Int128 divide_rounded(Int128 numerator, Int128 denominator, Rounding rounding) {
  KEEL_ASSERT(denominator > 0);
  const Int128 quotient = numerator / denominator;   // truncated toward zero
  const Int128 remainder = numerator % denominator;  // same sign as numerator
  if (remainder == 0) return quotient;
  const Int128 sign = numerator < 0 ? -1 : 1;
  const Int128 away = quotient + sign;
  // Compare |remainder| with the other part of the denominator instead of doubling it, which
  // could overflow for denominators near 10^38.
  const Int128 remainder_abs = remainder < 0 ? -remainder : remainder;
  const Int128 rest = denominator - remainder_abs;
  switch (rounding) {
    case Rounding::down:
      return quotient;
    case Rounding::up:
      return away;
    case Rounding::ceiling:
      return numerator > 0 ? away : quotient;
    case Rounding::floor:
      return numerator < 0 ? away : quotient;
    case Rounding::half_up:
      return remainder_abs >= rest ? away : quotient;
    case Rounding::half_down:
      return remainder_abs > rest ? away : quotient;
    case Rounding::half_even:
      if (remainder_abs != rest) return remainder_abs > rest ? away : quotient;
      return quotient % 2 == 0 ? quotient : away;
  }
  KEEL_ASSERT(false && "unknown Rounding value");
  return quotient;
}

Int128 drop_digits(Int128 value, int digits, Rounding rounding) {
  if (digits == 0) return value;
  return divide_rounded(value, pow10(digits), rounding);
}

Result<Int128> rescale(Int128 value, int scale_from, int scale_to, Rounding rounding,
                       std::string_view subject) {
  KEEL_ASSERT(scale_from >= 0 && scale_from <= kPow10Max);
  KEEL_ASSERT(scale_to >= 0 && scale_to <= kPow10Max);
  if (scale_to < scale_from) return drop_digits(value, scale_from - scale_to, rounding);
  Int128 result = 0;
  if (__builtin_mul_overflow(value, pow10(scale_to - scale_from), &result)) {
    return error(subject, "out_of_range", "is too large");
  }
  return result;
}

std::string format(Int128 mantissa, int scale, int decimals_min) {
  KEEL_ASSERT(scale >= 0 && scale <= kPow10Max);
  KEEL_ASSERT(decimals_min >= 0 && decimals_min <= scale);
  // Digits of |mantissa|, least significant first; unsigned so that the most negative
  // value has a magnitude too.
  using UInt128 = unsigned __int128;
  UInt128 magnitude =
      mantissa < 0 ? UInt128(0) - static_cast<UInt128>(mantissa) : static_cast<UInt128>(mantissa);
  std::string reversed;
  while (magnitude != 0) {
    reversed += static_cast<char>('0' + static_cast<int>(magnitude % 10));
    magnitude /= 10;
  }
  // Pad so that there is at least one integer digit and `scale` fraction digits.
  while (reversed.size() < static_cast<std::size_t>(scale) + 1) reversed += '0';
  // Trim trailing fraction zeros beyond decimals_min (they are at the front of reversed).
  std::size_t trim = 0;
  while (static_cast<int>(trim) < scale - decimals_min && reversed[trim] == '0') ++trim;
  const int decimals = scale - static_cast<int>(trim);

  std::string text;
  text.reserve(reversed.size() + 2);
  if (mantissa < 0) text += '-';
  for (std::size_t i = reversed.size(); i > static_cast<std::size_t>(scale); --i) {
    text += reversed[i - 1];
  }
  if (decimals > 0) {
    text += '.';
    for (int i = scale; i > scale - decimals; --i) {
      text += reversed[static_cast<std::size_t>(i - 1)];
    }
  }
  return text;
}

}  // namespace decimal
}  // namespace keel
