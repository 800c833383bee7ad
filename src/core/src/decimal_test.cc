#include "keel/core/decimal.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace keel {
namespace {

using decimal::Int128;

constexpr Rounding kModes[] = {Rounding::half_even, Rounding::half_up, Rounding::half_down,
                               Rounding::up,        Rounding::down,    Rounding::ceiling,
                               Rounding::floor};

// One value at `scale`, rounded by dropping `digits` digits, under the seven modes in the
// order of kModes.
struct RoundingCase {
  std::int64_t value;
  int digits;
  std::int64_t expected[7];
};

const RoundingCase kRoundingCases[] = {
    // value, digits dropped: half_even half_up half_down up down ceiling floor
    {25, 1, {2, 3, 2, 3, 2, 3, 2}},          // 2.5
    {-25, 1, {-2, -3, -2, -3, -2, -2, -3}},  // -2.5
    {35, 1, {4, 4, 3, 4, 3, 4, 3}},          // 3.5
    {-35, 1, {-4, -4, -3, -4, -3, -3, -4}},  // -3.5
    {5, 1, {0, 1, 0, 1, 0, 1, 0}},           // 0.5
    {-5, 1, {0, -1, 0, -1, 0, 0, -1}},       // -0.5
    {24, 1, {2, 2, 2, 3, 2, 3, 2}},          // 2.4
    {26, 1, {3, 3, 3, 3, 2, 3, 2}},          // 2.6
    {-26, 1, {-3, -3, -3, -3, -2, -2, -3}},  // -2.6
    {30, 1, {3, 3, 3, 3, 3, 3, 3}},          // 3.0 exact
    {225, 1, {22, 23, 22, 23, 22, 23, 22}},  // 2.25 -> one decimal
    {-225, 1, {-22, -23, -22, -23, -22, -22, -23}},
    {235, 1, {24, 24, 23, 24, 23, 24, 23}},   // 2.35 -> one decimal
    {1250, 2, {12, 13, 12, 13, 12, 13, 12}},  // 12.50 -> integer
    {1251, 2, {13, 13, 13, 13, 12, 13, 12}},  // 12.51: above the tie
    {-1249, 2, {-12, -12, -12, -13, -12, -12, -13}},
    {7, 0, {7, 7, 7, 7, 7, 7, 7}},  // nothing dropped
};

TEST(DecimalRounding, EveryModeOnTiesAndNeighbours) {
  for (const auto& test : kRoundingCases) {
    for (std::size_t m = 0; m < std::size(kModes); ++m) {
      EXPECT_EQ(static_cast<std::int64_t>(decimal::drop_digits(test.value, test.digits, kModes[m])),
                test.expected[m])
          << test.value << " dropping " << test.digits << " under " << to_string(kModes[m]);
    }
  }
}

TEST(DecimalRounding, DivideRoundedNearInt128Limits) {
  // 10^38 as the denominator: remainders near it must not overflow when compared.
  const Int128 big = decimal::pow10(38);
  EXPECT_EQ(decimal::divide_rounded(big / 2, big, Rounding::half_up), 1);
  EXPECT_EQ(decimal::divide_rounded(big / 2, big, Rounding::half_even), 0);
  EXPECT_EQ(decimal::divide_rounded(big / 2 + 1, big, Rounding::half_down), 1);
  EXPECT_EQ(decimal::divide_rounded(-(big - 1), big, Rounding::half_down), -1);
  EXPECT_EQ(decimal::divide_rounded(7, 3, Rounding::half_even), 2);
  EXPECT_EQ(decimal::divide_rounded(-7, 2, Rounding::half_even), -4);  // -3.5 -> -4
}

TEST(DecimalRounding, NamesRoundTrip) {
  for (Rounding mode : kModes) {
    auto parsed = rounding_from_string(to_string(mode));
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(*parsed, mode);
  }
  auto bad = rounding_from_string("HALF_EVEN");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code(), "rounding_invalid");
  EXPECT_FALSE(rounding_from_string("").ok());
}

struct ParseCase {
  const char* text;
  const char* error;  // nullptr: accepted
  std::int64_t mantissa;
  int scale;
};

const ParseCase kParseCases[] = {
    {"0", nullptr, 0, 0},
    {"-0", nullptr, 0, 0},
    {"12", nullptr, 12, 0},
    {"-12.50", nullptr, -1250, 2},
    {"007.5", nullptr, 75, 1},
    {"0.0001", nullptr, 1, 4},
    {"", "x_invalid", 0, 0},
    {"-", "x_invalid", 0, 0},
    {"--1", "x_invalid", 0, 0},
    {"+1", "x_invalid", 0, 0},
    {" 1", "x_invalid", 0, 0},
    {"1 ", "x_invalid", 0, 0},
    {"1,000", "x_invalid", 0, 0},
    {"1e3", "x_invalid", 0, 0},
    {"1E3", "x_invalid", 0, 0},
    {".5", "x_invalid", 0, 0},
    {"-.5", "x_invalid", 0, 0},
    {"5.", "x_invalid", 0, 0},
    {"1.2.3", "x_invalid", 0, 0},
    {"a", "x_invalid", 0, 0},
    {"0x10", "x_invalid", 0, 0},
    {"\xD9\xA1\xD9\xA2", "x_invalid", 0, 0},  // "١٢", Arabic-Indic digits
    {"\xDB\xB1", "x_invalid", 0, 0},          // "۱", extended Arabic-Indic (Persian) digit
    {"nan", "x_invalid", 0, 0},
    {"0.00001", "x_too_many_decimals", 0, 0},
    {"1.23456", "x_too_many_decimals", 0, 0},
    {"999999999999999999999999999999999999", nullptr, 0, 0},            // 36 digits
    {"1000000000000000000000000000000000000", "x_out_of_range", 0, 0},  // 37 digits
    {"0000000000000000000000000000000000000001", nullptr, 1, 0},        // leading zeros free
};

TEST(DecimalParse, StrictGrammar) {
  for (const auto& test : kParseCases) {
    auto parsed = decimal::parse(test.text, 4, "x");
    if (test.error == nullptr) {
      ASSERT_TRUE(parsed.ok()) << test.text << ": " << parsed.error().code();
      if (test.mantissa != 0 || test.scale != 0) {
        EXPECT_EQ(static_cast<std::int64_t>(parsed->mantissa), test.mantissa) << test.text;
        EXPECT_EQ(parsed->scale, test.scale) << test.text;
      }
    } else {
      ASSERT_FALSE(parsed.ok()) << test.text;
      EXPECT_EQ(parsed.error().code(), test.error) << test.text;
      EXPECT_EQ(parsed.error().kind(), ErrorKind::validation);
    }
  }
}

TEST(DecimalParse, EmbeddedNulIsInvalid) {
  auto parsed = decimal::parse(std::string_view("1\0", 2), 4, "x");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code(), "x_invalid");
}

TEST(DecimalParse, FixedScaleAndOverflowOnRescale) {
  EXPECT_EQ(decimal::parse_fixed("1.5", 2, "x").value(), 150);
  EXPECT_EQ(decimal::parse_fixed("-3", 6, "x").value(), -3'000'000);
  // 36 digits shifted by 3 places no longer fit in int128.
  auto too_big = decimal::parse_fixed("999999999999999999999999999999999999", 3, "x");
  ASSERT_FALSE(too_big.ok());
  EXPECT_EQ(too_big.error().code(), "x_out_of_range");
}

TEST(DecimalFormat, MinimalAndFixed) {
  EXPECT_EQ(decimal::format(150, 2, 2), "1.50");
  EXPECT_EQ(decimal::format(150, 2, 0), "1.5");
  EXPECT_EQ(decimal::format(100, 2, 0), "1");
  EXPECT_EQ(decimal::format(0, 2, 2), "0.00");
  EXPECT_EQ(decimal::format(0, 6, 0), "0");
  EXPECT_EQ(decimal::format(-1, 6, 0), "-0.000001");
  EXPECT_EQ(decimal::format(-1, 2, 2), "-0.01");
  EXPECT_EQ(decimal::format(1000, 0, 0), "1000");
  EXPECT_EQ(decimal::format(12345, 4, 2), "1.2345");
  EXPECT_EQ(decimal::format(12300, 4, 2), "1.23");
  EXPECT_EQ(decimal::format(-(decimal::pow10(38) - 1), 0, 0), "-" + std::string(38, '9'));
}

TEST(DecimalRescale, UpAndDown) {
  EXPECT_EQ(decimal::rescale(125, 2, 1, Rounding::half_even, "x").value(), 12);
  EXPECT_EQ(decimal::rescale(125, 2, 1, Rounding::half_up, "x").value(), 13);
  EXPECT_EQ(decimal::rescale(125, 2, 4, Rounding::down, "x").value(), 12500);
  auto overflow = decimal::rescale(decimal::pow10(30), 0, 9, Rounding::down, "amount");
  ASSERT_FALSE(overflow.ok());
  EXPECT_EQ(overflow.error().code(), "amount_out_of_range");
}

}  // namespace
}  // namespace keel
