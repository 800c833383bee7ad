#pragma once

// Always-on assertions for programmer errors (broken invariants). They stay on in release
// builds. User input must never be able to reach one: validate at the boundary and return an
// Error instead.
namespace keel::detail {
[[noreturn]] void assertion_failed(const char* expression, const char* file, int line,
                                   const char* function);
}  // namespace keel::detail

#define KEEL_ASSERT(expression)                                                     \
  do {                                                                              \
    if (!(expression)) [[unlikely]] {                                               \
      ::keel::detail::assertion_failed(#expression, __FILE__, __LINE__, __func__); \
    }                                                                               \
  } while (false)
