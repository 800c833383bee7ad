#pragma once

#include <utility>
#include <variant>

#include "keel/core/assert.h"
#include "keel/core/error.h"

#define KEEL_RESULT_CHECK(condition) KEEL_ASSERT(condition)

namespace keel {

// Result<T> holds either a T or an Error. Expected failures travel as values; exceptions
// never cross a module boundary. Propagate with TRY (see below).
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : m_state(std::in_place_index<0>, std::move(value)) {}  // NOLINT
  Result(Error error) : m_state(std::in_place_index<1>, std::move(error)) {}  // NOLINT

  bool ok() const { return m_state.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & {
    KEEL_RESULT_CHECK(ok());
    return std::get<0>(m_state);
  }
  const T& value() const& {
    KEEL_RESULT_CHECK(ok());
    return std::get<0>(m_state);
  }
  T&& value() && {
    KEEL_RESULT_CHECK(ok());
    return std::get<0>(std::move(m_state));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const& {
    KEEL_RESULT_CHECK(!ok());
    return std::get<1>(m_state);
  }
  Error&& error() && {
    KEEL_RESULT_CHECK(!ok());
    return std::get<1>(std::move(m_state));
  }

  // Moves the value out, for TRY.
  T release_value() { return std::get<0>(std::move(m_state)); }
  Error release_error() { return std::get<1>(std::move(m_state)); }

 private:
  std::variant<T, Error> m_state;
};

// Result<void>: success carries nothing.
struct Ok {};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Ok) {}  // NOLINT
  Result(Error error) : m_error(std::move(error)), m_ok(false) {}  // NOLINT

  bool ok() const { return m_ok; }
  explicit operator bool() const { return m_ok; }
  const Error& error() const& {
    KEEL_RESULT_CHECK(!m_ok);
    return m_error;
  }
  Error release_error() { return std::move(m_error); }
  void release_value() {}

 private:
  Error m_error{ErrorKind::internal, "", ""};
  bool m_ok = true;
};

}  // namespace keel

// TRY(expr): evaluates a Result; on error returns the error from the enclosing function,
// otherwise yields the value. Uses a GNU statement expression (g++ and clang), as
// SerenityOS's AK/Try.h does. The temporary's name is unique per use so that a TRY nested in
// a lambda inside another TRY's expression does not shadow it.
#define KEEL_TRY_CONCAT_(a, b) a##b
#define KEEL_TRY_CONCAT(a, b) KEEL_TRY_CONCAT_(a, b)
#define KEEL_TRY_IMPL(expression, name) \
  ({                                    \
    auto name = (expression);           \
    if (!name.ok()) {                   \
      return name.release_error();      \
    }                                   \
    name.release_value();               \
  })
#define TRY(expression) KEEL_TRY_IMPL(expression, KEEL_TRY_CONCAT(_keel_result_, __COUNTER__))
