#include "keel/core/date.h"

#include <gtest/gtest.h>
#include <unicode/calendar.h>
#include <unicode/locid.h>
#include <unicode/timezone.h>

#include <limits>
#include <memory>

#include "keel/core/limits.h"

namespace keel {
namespace {

Date date(std::string_view text) {
  auto parsed = Date::parse(text);
  EXPECT_TRUE(parsed.ok()) << text;
  return parsed.value();
}

TEST(Date, ParseAndPrint) {
  for (const char* text : {"2024-03-20", "2024-02-29", "2000-02-29", "1970-01-01", "1000-01-01",
                           "2999-12-31", "2023-12-31"}) {
    auto parsed = Date::parse(text);
    ASSERT_TRUE(parsed.ok()) << text;
    EXPECT_EQ(parsed->to_string(), text);
  }
  const Date d = date("2024-03-20");
  EXPECT_EQ(d.year(), 2024);
  EXPECT_EQ(d.month(), 3);
  EXPECT_EQ(d.day(), 20);
}

TEST(Date, ParseRejects) {
  for (const char* text : {"",
                           "2024-2-01",
                           "2024-02-1",
                           "2024-02-30",
                           "2023-02-29",
                           "1900-02-29",
                           "2024-13-01",
                           "2024-00-10",
                           "2024-01-00",
                           "2024-04-31",
                           " 2024-01-01",
                           "2024-01-01 ",
                           "2024-01-01T00",
                           "20240101",
                           "2024/01/01",
                           "+024-01-01",
                           "-024-01-01",
                           "0999-12-31",
                           "3000-01-01",
                           "0000-01-01",
                           "2024-01-0a",
                           "\xD9\xA1\xD9\xA2\xD9\xA3\xD9\xA4-01-01",
                           "2024-1-001"}) {
    auto parsed = Date::parse(text);
    ASSERT_FALSE(parsed.ok()) << text;
    EXPECT_EQ(parsed.error().code(), "date_invalid") << text;
  }
  EXPECT_EQ(Date::from_ymd(2024, 2, 30).error().code(), "date_invalid");
  EXPECT_EQ(Date::from_ymd(2024, 0, 1).error().code(), "date_invalid");
  EXPECT_EQ(Date::from_ymd(2024, 13, 1).error().code(), "date_invalid");
  EXPECT_EQ(Date::from_ymd(999, 12, 31).error().code(), "date_invalid");
}

TEST(Date, DaysSinceEpochAndWeekday) {
  EXPECT_EQ(date("1970-01-01").days_since_epoch(), 0);
  EXPECT_EQ(date("1969-12-31").days_since_epoch(), -1);
  EXPECT_EQ(date("2000-03-01").days_since_epoch(), 11017);
  EXPECT_EQ(Date::from_days_since_epoch(19802)->to_string(), "2024-03-20");
  EXPECT_EQ(Date::from_days_since_epoch(std::numeric_limits<std::int64_t>::max()).error().code(),
            "date_invalid");
  EXPECT_EQ(date("1970-01-01").weekday(), Weekday::thursday);
  EXPECT_EQ(date("2024-03-20").weekday(), Weekday::wednesday);
  EXPECT_EQ(date("2000-01-01").weekday(), Weekday::saturday);
  EXPECT_EQ(date("1969-12-28").weekday(), Weekday::sunday);
  EXPECT_EQ(date("1000-01-01").weekday(), Weekday::wednesday);  // proleptic Gregorian
  EXPECT_LT(date("2024-02-29"), date("2024-03-01"));
  EXPECT_EQ(date("2024-02-29"), Date::from_ymd(2024, 2, 29).value());
}

TEST(Date, AddDays) {
  EXPECT_EQ(date("2024-02-28").add_days(1)->to_string(), "2024-02-29");
  EXPECT_EQ(date("2024-02-28").add_days(2)->to_string(), "2024-03-01");
  EXPECT_EQ(date("2024-01-01").add_days(-1)->to_string(), "2023-12-31");
  EXPECT_EQ(date("2024-01-01").add_days(366)->to_string(), "2025-01-01");
  EXPECT_EQ(date("2999-12-30").add_days(1)->to_string(), "2999-12-31");
  for (std::int64_t days : {std::int64_t{1}, std::numeric_limits<std::int64_t>::max()}) {
    EXPECT_EQ(date("2999-12-31").add_days(days).error().code(), "date_out_of_range");
  }
  EXPECT_EQ(date("1000-01-01").add_days(-1).error().code(), "date_out_of_range");
  EXPECT_EQ(date("1000-01-01").add_days(std::numeric_limits<std::int64_t>::min()).error().code(),
            "date_out_of_range");
}

TEST(Jalali, KnownDates) {
  struct Case {
    int year, month, day;
    const char* gregorian;
  };
  const Case cases[] = {
      {1403, 1, 1, "2024-03-20"},   {1404, 1, 1, "2025-03-21"},   {1402, 1, 1, "2023-03-21"},
      {1403, 12, 30, "2025-03-20"}, {1399, 1, 1, "2020-03-20"},   {1399, 12, 30, "2021-03-20"},
      {1402, 12, 29, "2024-03-19"}, {1403, 6, 31, "2024-09-21"},  {1403, 7, 1, "2024-09-22"},
      {1357, 11, 22, "1979-02-11"}, {1348, 10, 11, "1970-01-01"}, {1379, 10, 11, "2000-12-31"},
  };
  for (const auto& test : cases) {
    auto gregorian = from_jalali(test.year, test.month, test.day);
    ASSERT_TRUE(gregorian.ok()) << test.gregorian;
    EXPECT_EQ(gregorian->to_string(), test.gregorian);
    EXPECT_EQ(to_jalali(*gregorian), (JalaliDate{test.year, test.month, test.day}))
        << test.gregorian;
  }
}

TEST(Jalali, LeapYearsAndMonthLengths) {
  for (int year : {1370, 1375, 1379, 1383, 1387, 1391, 1395, 1399, 1403, 1408}) {
    EXPECT_TRUE(is_jalali_leap_year(year)) << year;
    EXPECT_EQ(jalali_month_length(year, 12), 30) << year;
  }
  for (int year : {1400, 1401, 1402, 1404, 1405, 1406, 1407}) {
    EXPECT_FALSE(is_jalali_leap_year(year)) << year;
    EXPECT_EQ(jalali_month_length(year, 12), 29) << year;
  }
  EXPECT_EQ(jalali_month_length(1403, 1), 31);
  EXPECT_EQ(jalali_month_length(1403, 6), 31);
  EXPECT_EQ(jalali_month_length(1403, 7), 30);
  EXPECT_EQ(jalali_month_length(1403, 11), 30);
  EXPECT_EQ(jalali_month_length(1403, 0), 0);
  EXPECT_EQ(jalali_month_length(1403, 13), 0);
  EXPECT_EQ(jalali_month_length(kJalaliYearMax + 1, 1), 0);
  EXPECT_FALSE(is_jalali_leap_year(kJalaliYearMin - 1));
}

TEST(Jalali, FromJalaliRejects) {
  const int cases[][3] = {{1402, 12, 30},
                          {1403, 0, 1},
                          {1403, 13, 1},
                          {1403, 1, 0},
                          {1403, 1, 32},
                          {1403, 7, 31},
                          {kJalaliYearMax + 1, 1, 1},
                          {kJalaliYearMin - 1, 1, 1},
                          {300, 1, 1},    // before year 1000
                          {2500, 1, 1}};  // after 2999
  for (const auto& c : cases) {
    auto converted = from_jalali(c[0], c[1], c[2]);
    ASSERT_FALSE(converted.ok()) << c[0] << "-" << c[1] << "-" << c[2];
    EXPECT_EQ(converted.error().code(), "date_invalid");
  }
}

// Every day in Date's range converts to a Persian date and back, and consecutive days are
// consecutive Persian days.
TEST(Jalali, RoundTripsOverTheWholeRange) {
  const Date first = Date::from_ymd(limits::kDateYearMin, 1, 1).value();
  const Date last = Date::from_ymd(limits::kDateYearMax, 12, 31).value();
  JalaliDate previous = to_jalali(first);
  for (std::int64_t days = first.days_since_epoch(); days <= last.days_since_epoch(); ++days) {
    const Date day = Date::from_days_since_epoch(days).value();
    const JalaliDate jalali = to_jalali(day);
    if (days != first.days_since_epoch()) {
      const bool next_day = jalali.year == previous.year && jalali.month == previous.month &&
                            jalali.day == previous.day + 1;
      const bool next_month = jalali.year == previous.year && jalali.month == previous.month + 1 &&
                              jalali.day == 1 &&
                              previous.day == jalali_month_length(previous.year, previous.month);
      const bool next_year = jalali.year == previous.year + 1 && jalali.month == 1 &&
                             jalali.day == 1 && previous.month == 12 &&
                             previous.day == jalali_month_length(previous.year, 12);
      ASSERT_TRUE(next_day || next_month || next_year) << day.to_string();
    }
    auto back = from_jalali(jalali.year, jalali.month, jalali.day);
    ASSERT_TRUE(back.ok()) << day.to_string();
    ASSERT_EQ(*back, day) << day.to_string();
    previous = jalali;
  }
}

// Cross-check with ICU's Persian calendar over the years businesses use today. ICU is set by
// Julian day number, an integer, so no floating-point time is involved.
TEST(Jalali, MatchesIcuPersianCalendar) {
  constexpr std::int32_t kJulianDayOfEpoch = 2440588;  // 1970-01-01
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::Calendar> calendar(icu::Calendar::createInstance(
      icu::TimeZone::getGMT()->clone(), icu::Locale("fa_IR@calendar=persian"), status));
  ASSERT_TRUE(U_SUCCESS(status)) << u_errorName(status);
  const Date first = date("1925-01-01");
  const Date last = date("2090-12-31");
  int mismatches = 0;
  for (std::int64_t days = first.days_since_epoch(); days <= last.days_since_epoch(); ++days) {
    calendar->clear();
    calendar->set(UCAL_JULIAN_DAY, static_cast<std::int32_t>(days) + kJulianDayOfEpoch);
    status = U_ZERO_ERROR;
    const JalaliDate icu{calendar->get(UCAL_EXTENDED_YEAR, status),
                         calendar->get(UCAL_MONTH, status) + 1, calendar->get(UCAL_DATE, status)};
    ASSERT_TRUE(U_SUCCESS(status));
    const Date day = Date::from_days_since_epoch(days).value();
    if (!(to_jalali(day) == icu) && ++mismatches <= 5) {
      ADD_FAILURE() << day.to_string() << ": ICU " << icu.year << "-" << icu.month << "-"
                    << icu.day;
    }
  }
  EXPECT_EQ(mismatches, 0);
}

}  // namespace
}  // namespace keel
