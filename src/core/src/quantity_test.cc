#include "keel/core/quantity.h"

#include <gtest/gtest.h>

#include <limits>

namespace keel {
namespace {

Quantity quantity(std::string_view text) {
  auto parsed = Quantity::parse(text);
  EXPECT_TRUE(parsed.ok()) << text;
  return parsed.value();
}

struct ParseCase {
  const char* text;
  const char* expected;  // to_string, or the error code
  bool ok;
};

const ParseCase kParseCases[] = {
    {"1.5", "1.5", true},
    {"1.500000", "1.5", true},
    {"2", "2", true},
    {"2.0", "2", true},
    {"-0.000001", "-0.000001", true},
    {"-0", "0", true},
    {"999999999999.999999", "999999999999.999999", true},
    {"-999999999999.999999", "-999999999999.999999", true},
    {"1000000000000", "quantity_out_of_range", false},
    {"-1000000000000", "quantity_out_of_range", false},
    {"0.0000001", "quantity_too_many_decimals", false},
    {"1,000", "quantity_invalid", false},
    {"", "quantity_invalid", false},
    {"a", "quantity_invalid", false},
    {"1e3", "quantity_invalid", false},
    {"+1", "quantity_invalid", false},
    {" 1", "quantity_invalid", false},
    {".5", "quantity_invalid", false},
    {"5.", "quantity_invalid", false},
    {"--1", "quantity_invalid", false},
    {"\xD9\xA1\xD9\xA2", "quantity_invalid", false},
};

TEST(Quantity, ParseAndPrint) {
  for (const auto& test : kParseCases) {
    auto parsed = Quantity::parse(test.text);
    if (test.ok) {
      ASSERT_TRUE(parsed.ok()) << test.text;
      EXPECT_EQ(parsed->to_string(), test.expected) << test.text;
    } else {
      ASSERT_FALSE(parsed.ok()) << test.text;
      EXPECT_EQ(parsed.error().code(), test.expected) << test.text;
    }
  }
}

TEST(Quantity, ConstructorsAtTheLimit) {
  EXPECT_EQ(Quantity::from_value_e6(1'500'000)->to_string(), "1.5");
  EXPECT_TRUE(Quantity::from_value_e6(Quantity::kValueE6Max).ok());
  EXPECT_EQ(Quantity::from_value_e6(Quantity::kValueE6Max + 1).error().code(),
            "quantity_out_of_range");
  EXPECT_EQ(Quantity::from_value_e6(-Quantity::kValueE6Max - 1).error().code(),
            "quantity_out_of_range");
  EXPECT_EQ(Quantity::from_units(3)->to_string(), "3");
  EXPECT_EQ(Quantity::from_units(999'999'999'999)->to_string(), "999999999999");
  EXPECT_EQ(Quantity::from_units(1'000'000'000'000).error().code(), "quantity_out_of_range");
  EXPECT_EQ(Quantity::from_units(std::numeric_limits<std::int64_t>::min()).error().code(),
            "quantity_out_of_range");
}

TEST(Quantity, AddSubtractCompare) {
  EXPECT_EQ(quantity("1.5").add(quantity("2.25"))->to_string(), "3.75");
  EXPECT_EQ(quantity("1.5").subtract(quantity("2.25"))->to_string(), "-0.75");
  EXPECT_LT(quantity("1.5"), quantity("1.500001"));
  EXPECT_EQ(quantity("1.5"), quantity("1.50"));
  EXPECT_TRUE(quantity("-1").is_negative());
  EXPECT_TRUE(Quantity::zero().is_zero());
  EXPECT_EQ(quantity("2").negated().to_string(), "-2");

  const Quantity max = Quantity::from_value_e6(Quantity::kValueE6Max).value();
  const Quantity smallest = quantity("0.000001");
  EXPECT_TRUE(max.subtract(smallest).value().add(smallest).ok());  // exactly the limit
  EXPECT_EQ(max.add(smallest).error().code(), "quantity_out_of_range");
  EXPECT_EQ(max.negated().subtract(smallest).error().code(), "quantity_out_of_range");
}

TEST(Quantity, RoundTo) {
  struct Case {
    const char* text;
    int decimals;
    Rounding rounding;
    const char* expected;
  };
  const Case cases[] = {
      {"2.5", 0, Rounding::half_even, "2"},        {"2.5", 0, Rounding::half_up, "3"},
      {"-2.5", 0, Rounding::half_up, "-3"},        {"-2.5", 0, Rounding::half_down, "-2"},
      {"1.2345", 3, Rounding::half_even, "1.234"}, {"1.2355", 3, Rounding::half_even, "1.236"},
      {"1.000001", 0, Rounding::up, "2"},          {"-1.000001", 0, Rounding::ceiling, "-1"},
      {"-1.000001", 0, Rounding::floor, "-2"},     {"1.999999", 0, Rounding::down, "1"},
      {"1.123456", 6, Rounding::down, "1.123456"},
  };
  for (const auto& test : cases) {
    auto rounded = quantity(test.text).round_to(test.decimals, test.rounding);
    ASSERT_TRUE(rounded.ok()) << test.text;
    EXPECT_EQ(rounded->to_string(), test.expected)
        << test.text << " to " << test.decimals << " " << to_string(test.rounding);
  }
  for (int decimals : {-1, 7}) {
    EXPECT_EQ(quantity("1").round_to(decimals, Rounding::half_even).error().code(),
              "quantity_decimals_invalid");
  }
  // Rounding the largest quantity up to whole units goes past the range.
  EXPECT_EQ(quantity("999999999999.5").round_to(0, Rounding::half_up).error().code(),
            "quantity_out_of_range");
}

}  // namespace
}  // namespace keel
