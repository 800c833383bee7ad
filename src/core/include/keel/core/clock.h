#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

namespace keel {

// An instant in UTC, to the microsecond.
using Instant = std::chrono::sys_time<std::chrono::microseconds>;

// "2026-11-24T12:34:56.123456Z"; what the database and JSON store for instants.
std::string format_instant(Instant instant);
std::int64_t to_unix_us(Instant instant);
Instant from_unix_us(std::int64_t microseconds);

// The source of "now". Injected everywhere so tests can pin time.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual Instant now() const = 0;
};

class SystemClock final : public Clock {
 public:
  Instant now() const override;
};

// A clock that moves only when told to (tests).
class ManualClock final : public Clock {
 public:
  explicit ManualClock(Instant start) : m_now_us(to_unix_us(start)) {}
  Instant now() const override { return from_unix_us(m_now_us.load()); }
  void advance(std::chrono::microseconds step) { m_now_us += step.count(); }
  void set(Instant instant) { m_now_us = to_unix_us(instant); }

 private:
  std::atomic<std::int64_t> m_now_us;
};

}  // namespace keel
