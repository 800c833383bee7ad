#include "keel/core/clock.h"

#include <fmt/format.h>

namespace keel {

std::int64_t to_unix_us(Instant instant) { return instant.time_since_epoch().count(); }

Instant from_unix_us(std::int64_t microseconds) {
  return Instant(std::chrono::microseconds(microseconds));
}

std::string format_instant(Instant instant) {
  using namespace std::chrono;
  const auto day = floor<days>(instant);
  const year_month_day ymd{day};
  const auto since_midnight = instant - day;
  const auto h = duration_cast<hours>(since_midnight);
  const auto m = duration_cast<minutes>(since_midnight - h);
  const auto s = duration_cast<seconds>(since_midnight - h - m);
  const auto us = since_midnight - h - m - s;
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}Z", int(ymd.year()),
                     unsigned(ymd.month()), unsigned(ymd.day()), h.count(), m.count(),
                     s.count(), us.count());
}

Instant SystemClock::now() const {
  return std::chrono::time_point_cast<std::chrono::microseconds>(
      std::chrono::system_clock::now());
}

}  // namespace keel
