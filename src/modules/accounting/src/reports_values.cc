// Amount formatting, comparison choices and ranges shared by every report.
#include <algorithm>

#include "keel/accounting/reports_api.h"

namespace keel::accounting::reports {
namespace {

// The same day one year earlier in the Gregorian calendar; the last day of a month stays the
// last day (29 February 2024 → 28 February 2023, 28 February 2025 → 29 February 2024).
Result<Date> gregorian_year_before(Date date) {
  const int year = date.year() - 1;
  const int length = month_length(year, date.month());
  const bool month_end = date.day() == month_length(date.year(), date.month());
  return Date::from_ymd(year, date.month(), month_end ? length : std::min(date.day(), length));
}

// The same day one Persian year earlier; the last day of a month stays the last day (30 Esfand
// of a leap year → 29 Esfand).
Result<Date> jalali_year_before(Date date) {
  const JalaliDate j = to_jalali(date);
  const int year = j.year - 1;
  const int length = jalali_month_length(year, j.month);
  const bool month_end = j.day == jalali_month_length(j.year, j.month);
  return from_jalali(year, j.month, month_end ? length : std::min(j.day, length));
}

Result<Date> year_before(Date date, std::string_view calendar) {
  auto shifted = calendar == "persian" ? jalali_year_before(date) : gregorian_year_before(date);
  if (!shifted.ok()) return Error::validation("date_invalid", "no date a year before that", "date");
  return shifted;
}

}  // namespace

std::string format_amount(Amount amount, Currency currency) {
  return decimal::format(amount, currency.exponent(), currency.exponent());
}

std::string_view to_string(Compare compare) {
  switch (compare) {
    case Compare::none:
      return "none";
    case Compare::previous_period:
      return "previous_period";
    case Compare::previous_year:
      return "previous_year";
  }
  return "none";
}

Result<Compare> parse_compare(std::string_view text) {
  if (text.empty() || text == "none") return Compare::none;
  if (text == "previous_period") return Compare::previous_period;
  if (text == "previous_year") return Compare::previous_year;
  return Error::validation("compare_invalid", "compare must be previous_period or previous_year",
                           "compare");
}

Result<DateRange> make_range(Date from, Date to) {
  if (from > to) {
    return Error::validation("report_range_invalid", "from must not be after to", "from");
  }
  return DateRange{from, to};
}

Result<std::optional<DateRange>> comparison_range(const DateRange& range, Compare compare,
                                                  std::string_view calendar) {
  switch (compare) {
    case Compare::none:
      return std::optional<DateRange>();
    case Compare::previous_period: {
      const std::int64_t days = range.to.days_since_epoch() - range.from.days_since_epoch() + 1;
      auto from = range.from.add_days(-days);
      auto to = range.from.add_days(-1);
      if (!from.ok() || !to.ok()) {
        return Error::validation("date_invalid", "no period before that range", "from");
      }
      return std::optional<DateRange>(DateRange{*from, *to});
    }
    case Compare::previous_year: {
      const Date from = TRY(year_before(range.from, calendar));
      const Date to = TRY(year_before(range.to, calendar));
      return std::optional<DateRange>(DateRange{from, to});
    }
  }
  return std::optional<DateRange>();
}

}  // namespace keel::accounting::reports
