#include "keel/core/rate.h"

#include <gtest/gtest.h>

#include <limits>

namespace keel {
namespace {

Currency currency(std::string_view code) { return Currency::from_code(code).value(); }

Money money(std::string_view text, std::string_view code) {
  return Money::parse(text, currency(code)).value();
}

Rate rate(std::string_view text) {
  auto parsed = Rate::parse(text);
  EXPECT_TRUE(parsed.ok()) << text;
  return parsed.value();
}

TEST(Rate, ParseCanonicalForm) {
  const std::pair<const char*, const char*> cases[] = {
      {"0.000000833333", "0.000000833333"},
      {"1.50", "1.5"},
      {"1.000000000000000000", "1"},
      {"0", "0"},
      {"-0.25", "-0.25"},
      {"9223372036854775807", "9223372036854775807"},
      {"9.223372036854775807", "9.223372036854775807"},
      {"0.000000000000000001", "0.000000000000000001"},
  };
  for (const auto& [text, expected] : cases) {
    auto parsed = Rate::parse(text);
    ASSERT_TRUE(parsed.ok()) << text;
    EXPECT_EQ(parsed->to_string(), expected) << text;
  }
  EXPECT_EQ(rate("1.50"), rate("1.5"));
  EXPECT_EQ(rate("1.50").scale(), 1);
  EXPECT_EQ(rate("1.50").mantissa(), 15);
}

TEST(Rate, ParseErrors) {
  const std::pair<const char*, const char*> cases[] = {
      {"9223372036854775808", "rate_out_of_range"},
      {"92233720368547758070", "rate_out_of_range"},  // an integer's zeros are significant
      {"0.0000000000000000001", "rate_too_many_decimals"},
      {"1,5", "rate_invalid"},
      {"", "rate_invalid"},
      {"1e-3", "rate_invalid"},
      {"+1", "rate_invalid"},
      {".5", "rate_invalid"},
      {"5.", "rate_invalid"},
      {"9.5%", "rate_invalid"},
  };
  for (const auto& [text, code] : cases) {
    auto parsed = Rate::parse(text);
    ASSERT_FALSE(parsed.ok()) << text;
    EXPECT_EQ(parsed.error().code(), code) << text;
  }
}

TEST(Rate, Percent) {
  EXPECT_EQ(Rate::parse_percent("9.5").value(), rate("0.095"));
  EXPECT_EQ(Rate::parse_percent("100").value(), Rate::one());
  EXPECT_EQ(Rate::parse_percent("250").value(), rate("2.5"));
  EXPECT_EQ(Rate::parse_percent("0.0000000000000001").value(), rate("0.000000000000000001"));
  EXPECT_EQ(Rate::parse_percent("0.00000000000000001").error().code(), "rate_too_many_decimals");
  EXPECT_EQ(Rate::parse_percent("9,5").error().code(), "rate_invalid");
  EXPECT_EQ(rate("0.095").to_percent_string(), "9.5");
  EXPECT_EQ(rate("1").to_percent_string(), "100");
  EXPECT_EQ(rate("0.5").to_percent_string(), "50");
  EXPECT_EQ(rate("0.000000000000000001").to_percent_string(), "0.0000000000000001");
}

TEST(Rate, CreateAndCompare) {
  EXPECT_EQ(Rate::create(100, 2).value(), Rate::one());
  EXPECT_EQ(Rate::create(5, 18)->to_string(), "0.000000000000000005");
  EXPECT_EQ(Rate::create(5, 19).error().code(), "rate_out_of_range");
  EXPECT_EQ(Rate::create(5, -1).error().code(), "rate_out_of_range");
  EXPECT_LT(rate("0.5"), rate("0.50001"));
  EXPECT_GT(rate("1"), rate("0.999999999999999999"));
  EXPECT_LT(rate("-1"), rate("0"));
  EXPECT_EQ(rate("2") <=> rate("2.000"), std::strong_ordering::equal);
  EXPECT_GT(rate("9223372036854775807"), rate("9.223372036854775807"));
}

TEST(Rate, ApplyRoundsToTheCurrency) {
  EXPECT_EQ(rate("0.19").apply(money("100.00", "EUR"), Rounding::half_even)->to_string(), "19.00");
  EXPECT_EQ(rate("0.5").apply(money("0.05", "EUR"), Rounding::half_even)->to_string(), "0.02");
  EXPECT_EQ(rate("0.5").apply(money("0.05", "EUR"), Rounding::half_up)->to_string(), "0.03");
  EXPECT_EQ(rate("0.5").apply(money("-0.05", "EUR"), Rounding::half_up)->to_string(), "-0.03");
  EXPECT_EQ(rate("0.5").apply(money("-0.05", "EUR"), Rounding::ceiling)->to_string(), "-0.02");
  EXPECT_EQ(Rate::parse_percent("9")
                .value()
                .apply(money("1000", "IRR"), Rounding::half_even)
                ->to_string(),
            "90");
  const Money max = Money::from_minor_units(Money::kMinorUnitsMax, currency("EUR")).value();
  EXPECT_EQ(Rate::one().apply(max, Rounding::half_even).value(), max);  // exactly the limit
  EXPECT_EQ(rate("1.000000000000000001").apply(max, Rounding::up).error().code(),
            "amount_out_of_range");
  EXPECT_EQ(rate("9223372036854775807").apply(max, Rounding::down).error().code(),
            "amount_out_of_range");
}

TEST(Rate, ConvertAcrossExponents) {
  struct Case {
    const char* amount;
    const char* from;
    const char* rate;
    const char* to;
    Rounding rounding;
    const char* expected;
  };
  const Case cases[] = {
      {"100.00", "USD", "0.9", "EUR", Rounding::half_even, "90.00"},
      {"100", "JPY", "0.0067", "USD", Rounding::half_even, "0.67"},
      {"1.00", "EUR", "480000.5", "IRR", Rounding::half_even, "480000"},
      {"1.00", "EUR", "480000.5", "IRR", Rounding::half_up, "480001"},
      {"1.00", "USD", "0.307", "KWD", Rounding::half_even, "0.307"},
      {"1000000", "IRR", "0.0000019", "EUR", Rounding::half_even, "1.90"},
      {"1.005", "KWD", "1", "USD", Rounding::half_even, "1.00"},
      {"1.015", "KWD", "1", "USD", Rounding::half_even, "1.02"},
      {"1.00", "USD", "1", "CLF", Rounding::half_even, "1.0000"},
      {"-1.00", "EUR", "480000.5", "IRR", Rounding::floor, "-480001"},
  };
  for (const auto& test : cases) {
    auto converted =
        rate(test.rate).convert(money(test.amount, test.from), currency(test.to), test.rounding);
    ASSERT_TRUE(converted.ok()) << test.amount << " " << test.from << " -> " << test.to;
    EXPECT_EQ(converted->to_string(), test.expected);
    EXPECT_EQ(converted->currency(), currency(test.to));
  }
}

TEST(Rate, ConvertOverflow) {
  const Money big = money("100000000000000000", "IRR");
  EXPECT_EQ(rate("10").convert(big, currency("USD"), Rounding::half_even).error().code(),
            "amount_out_of_range");
  // Scaling up past int128 (largest EUR amount, largest mantissa, into 4 decimals).
  const Money max = Money::from_minor_units(Money::kMinorUnitsMax, currency("EUR")).value();
  EXPECT_EQ(
      rate("9223372036854775807").convert(max, currency("CLF"), Rounding::down).error().code(),
      "amount_out_of_range");
}

}  // namespace
}  // namespace keel
