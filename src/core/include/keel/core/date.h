#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "keel/core/result.h"

namespace keel {

// ISO weekday numbers.
enum class Weekday { monday = 1, tuesday, wednesday, thursday, friday, saturday, sunday };

// A calendar date in the proleptic Gregorian calendar, with no time zone: a due date, a
// posting date, a birthday. Stored as a count of days since 1970-01-01.
//
// Range: years limits::kDateYearMin..kDateYearMax (1000..2999). No business date falls
// outside it, and within it the Persian calendar conversion below is defined (the
// algorithm covers Persian years -61..3177), so to_jalali never fails.
class Date {
 public:
  // Strictly "YYYY-MM-DD" with ASCII digits, a real day of a real month, in range.
  // Errors: date_invalid.
  static Result<Date> parse(std::string_view text);
  // Errors: date_invalid (no such day, or out of range).
  static Result<Date> from_ymd(int year, int month, int day);
  // Errors: date_invalid (out of range).
  static Result<Date> from_days_since_epoch(std::int64_t days);

  int year() const;
  int month() const;  // 1..12
  int day() const;    // 1..31
  std::int64_t days_since_epoch() const { return m_days; }
  Weekday weekday() const;
  // "2024-03-20".
  std::string to_string() const;

  // The date `days` later (earlier if negative). Errors: date_out_of_range.
  Result<Date> add_days(std::int64_t days) const;

  auto operator<=>(const Date& other) const = default;

 private:
  explicit Date(std::int64_t days) : m_days(days) {}
  std::int64_t m_days;
};

// Whether `year` is a Gregorian leap year.
bool is_leap_year(int year);
// Days in a Gregorian month (28..31); 0 for a month outside 1..12.
int month_length(int year, int month);

// A date in the Persian (Solar Hijri, Jalali) calendar, as used in Iran and Afghanistan.
struct JalaliDate {
  int year;
  int month;  // 1 Farvardin .. 12 Esfand
  int day;
  bool operator==(const JalaliDate&) const = default;
};

// The Persian calendar is computed with the arithmetic algorithm of jalaali-js (Borkowski's
// 2820/33-year break table), which matches the astronomical calendar in use for years
// kJalaliYearMin..kJalaliYearMax.
inline constexpr int kJalaliYearMin = -61;
inline constexpr int kJalaliYearMax = 3177;

// The Persian date of `date`.
JalaliDate to_jalali(Date date);
// The Gregorian date of a Persian date. Errors: date_invalid (no such Persian day, or the
// date is outside Date's range).
Result<Date> from_jalali(int year, int month, int day);
// Whether Persian `year` has 366 days (Esfand has 30 days). False outside
// kJalaliYearMin..kJalaliYearMax.
bool is_jalali_leap_year(int year);
// Days in a Persian month: 31 for months 1..6, 30 for 7..11, 29 or 30 (leap) for 12;
// 0 for a month outside 1..12 or a year outside kJalaliYearMin..kJalaliYearMax.
int jalali_month_length(int year, int month);

}  // namespace keel
