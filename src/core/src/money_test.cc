#include "keel/core/money.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "keel/core/limits.h"

namespace keel {
namespace {

Currency currency(std::string_view code) { return Currency::from_code(code).value(); }

Money money(std::string_view text, std::string_view code) {
  auto parsed = Money::parse(text, currency(code));
  EXPECT_TRUE(parsed.ok()) << text;
  return parsed.value();
}

std::vector<std::string> texts(const std::vector<Money>& parts) {
  std::vector<std::string> result;
  for (const auto& part : parts) result.push_back(part.to_string());
  return result;
}

TEST(Currency, TableExponents) {
  const std::pair<const char*, int> cases[] = {
      {"EUR", 2}, {"USD", 2}, {"GBP", 2}, {"JPY", 0}, {"CNY", 2}, {"CHF", 2}, {"ILS", 2},
      {"IRR", 0}, {"AED", 2}, {"SAR", 2}, {"TRY", 2}, {"RUB", 2}, {"INR", 2}, {"KWD", 3},
      {"BHD", 3}, {"OMR", 3}, {"JOD", 3}, {"TND", 3}, {"LYD", 3}, {"IQD", 3}, {"KRW", 0},
      {"VND", 0}, {"CLP", 0}, {"ISK", 0}, {"CLF", 4}, {"UYW", 4}, {"XOF", 0}, {"ZWG", 2},
  };
  for (const auto& [code, exponent] : cases) {
    auto found = Currency::from_code(code);
    ASSERT_TRUE(found.ok()) << code;
    EXPECT_EQ(found->code(), code);
    EXPECT_EQ(found->exponent(), exponent) << code;
  }
  EXPECT_GE(Currency::all().size(), 150u);
}

TEST(Currency, RejectsBadAndUnknownCodes) {
  for (const char* code : {"", "EU", "EURO", "eur", "E1R", "EUR ", " EU"}) {
    auto found = Currency::from_code(code);
    ASSERT_FALSE(found.ok()) << code;
    EXPECT_EQ(found.error().code(), "currency_invalid") << code;
  }
  for (const char* code : {"XXX", "ABC", "XAU", "HRK", "ZZZ", "AAA"}) {
    auto found = Currency::from_code(code);
    ASSERT_FALSE(found.ok()) << code;
    EXPECT_EQ(found.error().code(), "currency_unknown") << code;
  }
}

struct MoneyParseCase {
  const char* text;
  const char* code;
  const char* expected;  // to_string, or the error code
  bool ok;
};

const MoneyParseCase kParseCases[] = {
    {"1234.5", "EUR", "1234.50", true},
    {"1234.50", "EUR", "1234.50", true},
    {"-0.01", "EUR", "-0.01", true},
    {"0", "EUR", "0.00", true},
    {"-0", "EUR", "0.00", true},
    {"1000", "IRR", "1000", true},
    {"1.234", "KWD", "1.234", true},
    {"7", "JPY", "7", true},
    {"9999999999999999.99", "EUR", "9999999999999999.99", true},
    {"-9999999999999999.99", "EUR", "-9999999999999999.99", true},
    {"999999999999999999", "IRR", "999999999999999999", true},
    {"10000000000000000.00", "EUR", "amount_out_of_range", false},
    {"1000000000000000000", "IRR", "amount_out_of_range", false},
    {"-1000000000000000000", "IRR", "amount_out_of_range", false},
    {"1.5", "JPY", "amount_too_many_decimals", false},
    {"1.5", "IRR", "amount_too_many_decimals", false},
    {"1.001", "EUR", "amount_too_many_decimals", false},
    {"1.2345", "KWD", "amount_too_many_decimals", false},
    {"1,000", "EUR", "amount_invalid", false},
    {"", "EUR", "amount_invalid", false},
    {"a", "EUR", "amount_invalid", false},
    {"1e3", "EUR", "amount_invalid", false},
    {"+1", "EUR", "amount_invalid", false},
    {" 1", "EUR", "amount_invalid", false},
    {".5", "EUR", "amount_invalid", false},
    {"5.", "EUR", "amount_invalid", false},
    {"--1", "EUR", "amount_invalid", false},
    {"-", "EUR", "amount_invalid", false},
    {"\xD9\xA1\xD9\xA2", "EUR", "amount_invalid", false},  // "١٢"
};

TEST(Money, ParseAndPrint) {
  for (const auto& test : kParseCases) {
    auto parsed = Money::parse(test.text, currency(test.code));
    if (test.ok) {
      ASSERT_TRUE(parsed.ok()) << test.text << " " << parsed.error().code();
      EXPECT_EQ(parsed->to_string(), test.expected) << test.text;
    } else {
      ASSERT_FALSE(parsed.ok()) << test.text;
      EXPECT_EQ(parsed.error().code(), test.expected) << test.text;
    }
  }
}

TEST(Money, FromMinorUnitsAtTheLimit) {
  const Currency eur = currency("EUR");
  EXPECT_TRUE(Money::from_minor_units(Money::kMinorUnitsMax, eur).ok());
  EXPECT_TRUE(Money::from_minor_units(-Money::kMinorUnitsMax, eur).ok());
  for (std::int64_t value :
       {Money::kMinorUnitsMax + 1, -Money::kMinorUnitsMax - 1,
        std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::int64_t>::max()}) {
    auto made = Money::from_minor_units(value, eur);
    ASSERT_FALSE(made.ok());
    EXPECT_EQ(made.error().code(), "amount_out_of_range");
  }
}

TEST(Money, AddAndSubtractAtTheLimit) {
  const Currency irr = currency("IRR");
  // A yearly revenue of 10^17 rials plus another: fits.
  const Money big = money("100000000000000000", "IRR");
  auto sum = big.add(big);
  ASSERT_TRUE(sum.ok());
  EXPECT_EQ(sum->to_string(), "200000000000000000");

  const Money max = Money::from_minor_units(Money::kMinorUnitsMax, irr).value();
  const Money one = money("1", "IRR");
  EXPECT_EQ(max.add(Money::zero(irr))->to_string(), "999999999999999999");  // exactly the limit
  auto past = max.add(one);                                                 // one past it
  ASSERT_FALSE(past.ok());
  EXPECT_EQ(past.error().code(), "amount_out_of_range");
  auto past_negative = max.negated().subtract(one);
  ASSERT_FALSE(past_negative.ok());
  EXPECT_EQ(past_negative.error().code(), "amount_out_of_range");
  EXPECT_EQ(max.negated().add(one)->minor_units(), -Money::kMinorUnitsMax + 1);
  auto max_minus_min = max.subtract(max.negated());
  ASSERT_FALSE(max_minus_min.ok());
  EXPECT_EQ(max_minus_min.error().code(), "amount_out_of_range");
}

TEST(Money, MixedCurrenciesAreRejected) {
  const Money eur = money("1.00", "EUR");
  const Money usd = money("1.00", "USD");
  for (auto result : {eur.add(usd), eur.subtract(usd)}) {
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code(), "currency_mismatch");
  }
  auto compared = eur.compare(usd);
  ASSERT_FALSE(compared.ok());
  EXPECT_EQ(compared.error().code(), "currency_mismatch");
  EXPECT_FALSE(eur == usd);
}

TEST(Money, CompareNegateAbs) {
  const Money a = money("1.00", "EUR");
  const Money b = money("2.00", "EUR");
  EXPECT_EQ(a.compare(b).value(), std::strong_ordering::less);
  EXPECT_EQ(b.compare(a).value(), std::strong_ordering::greater);
  EXPECT_EQ(a.compare(a).value(), std::strong_ordering::equal);
  EXPECT_EQ(a.negated().to_string(), "-1.00");
  EXPECT_TRUE(a.negated().is_negative());
  EXPECT_EQ(a.negated().abs(), a);
  EXPECT_TRUE(Money::zero(currency("EUR")).is_zero());
}

struct AllocationCase {
  const char* amount;
  const char* code;
  std::vector<std::int64_t> weights;
  std::vector<std::string> expected;
};

TEST(Money, AllocateLargestRemainder) {
  const std::vector<AllocationCase> cases = {
      {"100.00", "EUR", {1, 1, 1}, {"33.34", "33.33", "33.33"}},
      {"-100.00", "EUR", {1, 1, 1}, {"-33.34", "-33.33", "-33.33"}},
      {"0.01", "EUR", {1, 1, 1}, {"0.01", "0.00", "0.00"}},
      {"-0.01", "EUR", {1, 1, 1}, {"-0.01", "0.00", "0.00"}},
      {"0.02", "EUR", {1, 1, 1}, {"0.01", "0.01", "0.00"}},
      {"100.00", "EUR", {0, 1, 0, 1}, {"0.00", "50.00", "0.00", "50.00"}},
      {"0.03", "EUR", {0, 1, 0, 1}, {"0.00", "0.02", "0.00", "0.01"}},
      {"10.00", "EUR", {1, 2, 3}, {"1.67", "3.33", "5.00"}},
      {"0.00", "EUR", {1, 2}, {"0.00", "0.00"}},
      {"5", "JPY", {3}, {"5"}},
      {"100", "IRR", {1, 1, 1, 1, 1, 1}, {"17", "17", "17", "17", "16", "16"}},
      // The remainder goes to the largest fraction, not the earliest index.
      {"1.00", "EUR", {1, 1, 2, 2, 3}, {"0.11", "0.11", "0.22", "0.22", "0.34"}},
  };
  for (const auto& test : cases) {
    const Money amount = money(test.amount, test.code);
    auto parts = amount.allocate(test.weights);
    ASSERT_TRUE(parts.ok()) << test.amount;
    EXPECT_EQ(texts(*parts), test.expected) << test.amount;
    Money total = Money::zero(amount.currency());
    for (const auto& part : *parts) total = total.add(part).value();
    EXPECT_EQ(total, amount) << test.amount;
  }
}

TEST(Money, AllocateExtremes) {
  const Currency irr = currency("IRR");
  const Money max = Money::from_minor_units(Money::kMinorUnitsMax, irr).value();
  const std::int64_t huge = std::numeric_limits<std::int64_t>::max();
  for (const Money& amount : {max, max.negated()}) {
    auto parts = amount.allocate(std::vector<std::int64_t>{huge, huge, 1});
    ASSERT_TRUE(parts.ok());
    Money total = Money::zero(irr);
    for (const auto& part : *parts) total = total.add(part).value();
    EXPECT_EQ(total, amount);
  }
  std::vector<std::int64_t> many(limits::kAllocationPartsCountMax, 1);
  EXPECT_TRUE(money("1.00", "EUR").allocate(many).ok());
}

TEST(Money, AllocateRejectsBadWeights) {
  const Money amount = money("100.00", "EUR");
  std::vector<std::int64_t> too_many(limits::kAllocationPartsCountMax + 1, 1);
  const std::vector<std::vector<std::int64_t>> cases = {{}, {0, 0, 0}, {0}, {1, -1, 2}, too_many};
  for (const auto& weights : cases) {
    auto parts = amount.allocate(weights);
    ASSERT_FALSE(parts.ok()) << weights.size();
    EXPECT_EQ(parts.error().code(), "allocation_weights_invalid");
  }
}

}  // namespace
}  // namespace keel
