#include "keel/core/result.h"

#include <gtest/gtest.h>

#include <string>

#include "keel/core/clock.h"

namespace keel {
namespace {

Result<int> parse_positive(int value) {
  if (value <= 0) return Error::validation("value_must_be_positive", "must be > 0", "value");
  return value;
}

Result<int> doubled(int value) {
  int parsed = TRY(parse_positive(value));
  return parsed * 2;
}

TEST(Result, CarriesValueOrError) {
  auto good = doubled(21);
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(*good, 42);

  auto bad = doubled(-1);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code(), "value_must_be_positive");
  EXPECT_EQ(bad.error().kind(), ErrorKind::validation);
  ASSERT_EQ(bad.error().fields().size(), 1u);
  EXPECT_EQ(bad.error().fields()[0].field, "value");
}

TEST(Result, FieldPrefixNestsPaths) {
  Error error = Error::validation("amount_invalid", "bad", "amount");
  Error nested = error.with_field_prefix("lines/2");
  EXPECT_EQ(nested.fields()[0].field, "lines/2/amount");
}

TEST(Clock, FormatsInstantsInUtc) {
  ManualClock clock(from_unix_us(0));
  EXPECT_EQ(format_instant(clock.now()), "1970-01-01T00:00:00.000000Z");
  clock.advance(std::chrono::microseconds(86'400'000'001));
  EXPECT_EQ(format_instant(clock.now()), "1970-01-02T00:00:00.000001Z");
}

}  // namespace
}  // namespace keel
