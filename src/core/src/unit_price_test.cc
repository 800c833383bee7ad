#include "keel/core/unit_price.h"

#include <gtest/gtest.h>

namespace keel {
namespace {

Currency currency(std::string_view code) { return Currency::from_code(code).value(); }

UnitPrice price(std::string_view text, std::string_view code) {
  auto parsed = UnitPrice::parse(text, currency(code));
  EXPECT_TRUE(parsed.ok()) << text;
  return parsed.value();
}

Quantity quantity(std::string_view text) { return Quantity::parse(text).value(); }

TEST(UnitPrice, ParseAndPrint) {
  EXPECT_EQ(price("19.9", "EUR").to_string(), "19.90");
  EXPECT_EQ(price("0.0125", "EUR").to_string(), "0.0125");
  EXPECT_EQ(price("1500", "IRR").to_string(), "1500");
  EXPECT_EQ(price("0.5", "JPY").to_string(), "0.5");
  EXPECT_EQ(price("1.5", "KWD").to_string(), "1.500");
  EXPECT_EQ(price("-0.000001", "USD").to_string(), "-0.000001");
  EXPECT_EQ(price("999999999999.999999", "USD").value_e6(), UnitPrice::kValueE6Max);

  const std::pair<const char*, const char*> errors[] = {
      {"1000000000000", "unit_price_out_of_range"},
      {"0.0000001", "unit_price_too_many_decimals"},
      {"1,5", "unit_price_invalid"},
      {"", "unit_price_invalid"},
      {"+1", "unit_price_invalid"},
      {"5.", "unit_price_invalid"},
  };
  for (const auto& [text, code] : errors) {
    auto parsed = UnitPrice::parse(text, currency("EUR"));
    ASSERT_FALSE(parsed.ok()) << text;
    EXPECT_EQ(parsed.error().code(), code) << text;
  }
  EXPECT_EQ(UnitPrice::from_value_e6(UnitPrice::kValueE6Max + 1, currency("EUR")).error().code(),
            "unit_price_out_of_range");
  EXPECT_FALSE(price("1", "EUR") == price("1", "USD"));
}

TEST(UnitPrice, FromMoney) {
  auto from = UnitPrice::from_money(Money::parse("12.34", currency("EUR")).value());
  ASSERT_TRUE(from.ok());
  EXPECT_EQ(from->value_e6(), 12'340'000);
  auto big = Money::parse("1000000000000", currency("EUR")).value();
  EXPECT_EQ(UnitPrice::from_money(big).error().code(), "unit_price_out_of_range");
}

TEST(UnitPrice, TimesQuantityRoundsToTheCurrency) {
  struct Case {
    const char* price;
    const char* code;
    const char* quantity;
    Rounding rounding;
    const char* expected;
  };
  const Case cases[] = {
      {"19.99", "EUR", "3", Rounding::half_even, "59.97"},
      {"0.005", "EUR", "1", Rounding::half_even, "0.00"},
      {"0.015", "EUR", "1", Rounding::half_even, "0.02"},
      {"0.005", "EUR", "1", Rounding::half_up, "0.01"},
      {"0.005", "EUR", "1", Rounding::half_down, "0.00"},
      {"0.005", "EUR", "-1", Rounding::half_up, "-0.01"},
      {"0.005", "EUR", "-1", Rounding::ceiling, "0.00"},
      {"0.005", "EUR", "-1", Rounding::floor, "-0.01"},
      {"0.0125", "EUR", "0.333", Rounding::up, "0.01"},
      {"0.0125", "EUR", "0.333", Rounding::down, "0.00"},
      {"1.234567", "KWD", "2", Rounding::half_even, "2.469"},
      {"0.5", "JPY", "3", Rounding::half_even, "2"},
      {"0.5", "JPY", "5", Rounding::half_even, "2"},
      {"999999999", "IRR", "1000000001", Rounding::down, "999999999999999999"},  // the limit
  };
  for (const auto& test : cases) {
    auto total = price(test.price, test.code).times(quantity(test.quantity), test.rounding);
    ASSERT_TRUE(total.ok()) << test.price << " x " << test.quantity;
    EXPECT_EQ(total->to_string(), test.expected) << test.price << " x " << test.quantity;
    EXPECT_EQ(total->currency(), currency(test.code));
  }
}

TEST(UnitPrice, TimesQuantityOverflow) {
  const std::pair<const char*, const char*> cases[] = {
      {"1000000000", "1000000000"},  // 10^18 IRR: one past the limit
      {"999999999999.999999", "999999999999.999999"},
      {"-999999999999.999999", "999999999999.999999"},
  };
  for (const auto& [unit_price, amount] : cases) {
    auto total = price(unit_price, "IRR").times(quantity(amount), Rounding::half_even);
    ASSERT_FALSE(total.ok()) << unit_price << " x " << amount;
    EXPECT_EQ(total.error().code(), "amount_out_of_range");
  }
  // In cents the limit is 100 times smaller in major units.
  auto eur = price("10000000", "EUR").times(quantity("1000000000"), Rounding::half_even);
  EXPECT_EQ(eur.error().code(), "amount_out_of_range");
}

}  // namespace
}  // namespace keel
