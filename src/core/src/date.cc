#include "keel/core/date.h"

#include <array>
#include <cstdio>

#include "keel/core/assert.h"
#include "keel/core/limits.h"

namespace keel {

namespace {

struct Civil {
  std::int64_t year;
  int month;
  int day;
};

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
std::int64_t days_from_civil(std::int64_t year, int month, int day) {
  year -= month <= 2 ? 1 : 0;
  const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
  const std::int64_t year_of_era = year - era * 400;
  const std::int64_t day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const std::int64_t day_of_era =
      year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

// The inverse of days_from_civil.
Civil civil_from_days(std::int64_t days) {
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const std::int64_t day_of_era = days - era * 146097;
  const std::int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const std::int64_t day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const std::int64_t month_index = (5 * day_of_year + 2) / 153;  // March = 0
  const int day = static_cast<int>(day_of_year - (153 * month_index + 2) / 5 + 1);
  const int month = static_cast<int>(month_index < 10 ? month_index + 3 : month_index - 9);
  return {year_of_era + era * 400 + (month <= 2 ? 1 : 0), month, day};
}

const std::int64_t kDaysMin = days_from_civil(limits::kDateYearMin, 1, 1);
const std::int64_t kDaysMax = days_from_civil(limits::kDateYearMax, 12, 31);

Error date_invalid() {
  return Error::validation("date_invalid", "date must be a real calendar day written YYYY-MM-DD");
}

// Reads exactly `count` ASCII digits at `text[position]`.
bool read_digits(std::string_view text, std::size_t position, std::size_t count, int& value) {
  value = 0;
  for (std::size_t i = position; i < position + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    value = value * 10 + (text[i] - '0');
  }
  return true;
}

// Borkowski's break years of the Persian calendar (as in jalaali-js): between two breaks,
// leap years follow a 33-year cycle.
constexpr std::array<int, 20> kJalaliBreaks{-61,  9,    38,   199,  426,  686,  756,
                                            818,  1111, 1181, 1210, 1635, 2060, 2097,
                                            2192, 2262, 2324, 2394, 2456, 3178};

struct JalaliYearInfo {
  int gregorian_year;  // the Gregorian year in which the Persian year begins
  int march_day;       // the day of March of 1 Farvardin
  int leap;            // years since the last leap year (0: this year is leap)
};

// jalaali-js's jalCal for a year in kJalaliYearMin..kJalaliYearMax. C++ integer division
// truncates like its div() and mod().
JalaliYearInfo jalali_year_info(int jalali_year) {
  KEEL_ASSERT(jalali_year >= kJalaliYearMin && jalali_year <= kJalaliYearMax);
  const int gregorian_year = jalali_year + 621;
  int leap_jalali = -14;
  int previous_break = kJalaliBreaks[0];
  int jump = 0;
  for (std::size_t i = 1; i < kJalaliBreaks.size(); ++i) {
    const int next_break = kJalaliBreaks[i];
    jump = next_break - previous_break;
    if (jalali_year < next_break) break;
    leap_jalali += jump / 33 * 8 + jump % 33 / 4;
    previous_break = next_break;
  }
  int years_since_break = jalali_year - previous_break;
  leap_jalali += years_since_break / 33 * 8 + (years_since_break % 33 + 3) / 4;
  if (jump % 33 == 4 && jump - years_since_break == 4) leap_jalali += 1;
  const int leap_gregorian = gregorian_year / 4 - (gregorian_year / 100 + 1) * 3 / 4 - 150;
  const int march_day = 20 + leap_jalali - leap_gregorian;

  if (jump - years_since_break < 6)
    years_since_break = years_since_break - jump + (jump + 4) / 33 * 33;
  int leap = ((years_since_break + 1) % 33 - 1) % 4;
  if (leap == -1) leap = 4;
  return {gregorian_year, march_day, leap};
}

}  // namespace

bool is_leap_year(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int month_length(int year, int month) {
  constexpr std::array<int, 12> kLengths{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  if (month == 2 && is_leap_year(year)) return 29;
  return kLengths[static_cast<std::size_t>(month - 1)];
}

Result<Date> Date::parse(std::string_view text) {
  int year = 0;
  int month = 0;
  int day = 0;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !read_digits(text, 0, 4, year) ||
      !read_digits(text, 5, 2, month) || !read_digits(text, 8, 2, day)) {
    return date_invalid();
  }
  return from_ymd(year, month, day);
}

Result<Date> Date::from_ymd(int year, int month, int day) {
  if (year < limits::kDateYearMin || year > limits::kDateYearMax || day < 1 ||
      day > month_length(year, month)) {
    return date_invalid();
  }
  return Date(days_from_civil(year, month, day));
}

Result<Date> Date::from_days_since_epoch(std::int64_t days) {
  if (days < kDaysMin || days > kDaysMax) return date_invalid();
  return Date(days);
}

int Date::year() const { return static_cast<int>(civil_from_days(m_days).year); }
int Date::month() const { return civil_from_days(m_days).month; }
int Date::day() const { return civil_from_days(m_days).day; }

Weekday Date::weekday() const {
  // 1970-01-01 was a Thursday (ISO 4).
  const std::int64_t index = ((m_days % 7) + 7 + 3) % 7;  // 0 = Monday
  return static_cast<Weekday>(index + 1);
}

std::string Date::to_string() const {
  const Civil civil = civil_from_days(m_days);
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02d-%02d", static_cast<int>(civil.year), civil.month,
                civil.day);
  return text;
}

Result<Date> Date::add_days(std::int64_t days) const {
  std::int64_t result = 0;
  if (__builtin_add_overflow(m_days, days, &result) || result < kDaysMin || result > kDaysMax) {
    return Error::validation("date_out_of_range", "the resulting date is out of range");
  }
  return Date(result);
}

JalaliDate to_jalali(Date date) {
  const int gregorian_year = date.year();
  int jalali_year = gregorian_year - 621;
  const JalaliYearInfo info = jalali_year_info(jalali_year);
  const std::int64_t first_day = days_from_civil(gregorian_year, 3, info.march_day);
  std::int64_t k = date.days_since_epoch() - first_day;  // days since 1 Farvardin
  if (k >= 0) {
    if (k <= 185) return {jalali_year, static_cast<int>(1 + k / 31), static_cast<int>(k % 31 + 1)};
    k -= 186;
  } else {
    // Still in the previous Persian year, whose Esfand has 30 days if it was leap.
    jalali_year -= 1;
    k += 179;
    if (info.leap == 1) k += 1;
  }
  return {jalali_year, static_cast<int>(7 + k / 30), static_cast<int>(k % 30 + 1)};
}

Result<Date> from_jalali(int year, int month, int day) {
  if (day < 1 || day > jalali_month_length(year, month)) return date_invalid();
  const JalaliYearInfo info = jalali_year_info(year);
  const std::int64_t days = days_from_civil(info.gregorian_year, 3, info.march_day) +
                            (month - 1) * 31 - month / 7 * (month - 7) + day - 1;
  return Date::from_days_since_epoch(days);
}

bool is_jalali_leap_year(int year) {
  if (year < kJalaliYearMin || year > kJalaliYearMax) return false;
  return jalali_year_info(year).leap == 0;
}

int jalali_month_length(int year, int month) {
  if (year < kJalaliYearMin || year > kJalaliYearMax || month < 1 || month > 12) return 0;
  if (month <= 6) return 31;
  if (month <= 11) return 30;
  return is_jalali_leap_year(year) ? 30 : 29;
}

}  // namespace keel
