#include "keel/db/db.h"

#include <algorithm>
#include <charconv>
#include <random>
#include <thread>

#include "internal.h"

namespace keel::db {

std::string_view to_string(Engine engine) {
  switch (engine) {
    case Engine::sqlite:
      return "sqlite";
    case Engine::postgres:
      return "postgres";
  }
  return "unknown";
}

// ---- Row -------------------------------------------------------------------------------

bool Row::is_null(std::size_t column) const {
  KEEL_ASSERT(column < m_values.size());
  return std::holds_alternative<std::monostate>(m_values[column]);
}

std::int64_t Row::integer(std::size_t column) const {
  KEEL_ASSERT(column < m_values.size());
  const Value& value = m_values[column];
  if (const auto* number = std::get_if<std::int64_t>(&value)) return *number;
  // PostgreSQL returns NUMERIC (e.g. SUM over BIGINT) as text; it must be a whole number.
  const auto* text = std::get_if<std::string>(&value);
  KEEL_ASSERT(text != nullptr);
  std::int64_t parsed = 0;
  const char* end = text->data() + text->size();
  auto [where, status] = std::from_chars(text->data(), end, parsed);
  KEEL_ASSERT(status == std::errc() && where == end && !text->empty());
  return parsed;
}

std::optional<std::int64_t> Row::optional_integer(std::size_t column) const {
  if (is_null(column)) return std::nullopt;
  return integer(column);
}

const std::string& Row::text(std::size_t column) const {
  KEEL_ASSERT(column < m_values.size());
  const auto* text = std::get_if<std::string>(&m_values[column]);
  KEEL_ASSERT(text != nullptr);
  return *text;
}

std::optional<std::string> Row::optional_text(std::size_t column) const {
  if (is_null(column)) return std::nullopt;
  return text(column);
}

// ---- Errors ----------------------------------------------------------------------------

bool is_retryable(const Error& error) {
  // db_unavailable is deliberately absent: a connection lost during COMMIT leaves the outcome
  // unknown, and running the body again could apply it twice.
  return error.code() == detail::kSerializationFailure || error.code() == detail::kDeadlock ||
         error.code() == detail::kBusy;
}

// ---- Tx --------------------------------------------------------------------------------

Result<std::optional<Row>> Tx::query_one(std::string_view sql,
                                         std::initializer_list<Value> params) {
  return query_one(sql, std::span<const Value>(params.begin(), params.size()));
}

Result<std::optional<Row>> Tx::query_one(std::string_view sql, std::span<const Value> params) {
  Rows rows = TRY(query(sql, params));
  if (rows.empty()) return std::optional<Row>();
  return std::optional<Row>(std::move(rows.front()));
}

namespace {
// Savepoint names are spliced into SQL, so they must be plain identifiers chosen by code.
void assert_identifier(std::string_view name) {
  KEEL_ASSERT(!name.empty() && name.size() <= 63);
  KEEL_ASSERT(std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  }));
  KEEL_ASSERT(!(name[0] >= '0' && name[0] <= '9'));
}
}  // namespace

Result<void> Tx::savepoint(std::string_view name) {
  assert_identifier(name);
  return execute_script("SAVEPOINT " + std::string(name));
}

Result<void> Tx::release_savepoint(std::string_view name) {
  assert_identifier(name);
  return execute_script("RELEASE SAVEPOINT " + std::string(name));
}

Result<void> Tx::rollback_to_savepoint(std::string_view name) {
  assert_identifier(name);
  return execute_script("ROLLBACK TO SAVEPOINT " + std::string(name));
}

// ---- Database::open --------------------------------------------------------------------

Result<std::unique_ptr<Database>> Database::open(std::string_view url, Options options) {
  // Options come from code or validated configuration, never straight from a user.
  KEEL_ASSERT(options.pool_size >= 1 && options.busy_timeout_ms >= 0 && options.retries_max >= 0);
  constexpr std::string_view kSqlite = "sqlite:";
  if (url.starts_with(kSqlite)) return detail::open_sqlite(url.substr(kSqlite.size()), options);
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
    return detail::open_postgres(url, options);
  }
  return detail::make_error(detail::kUrlInvalid,
                            "database URL must start with sqlite:, postgresql:// or postgres://");
}

namespace detail {

Error make_error(std::string_view code, std::string message) {
  ErrorKind kind = ErrorKind::internal;
  if (code == kUniqueViolation || code == kConstraintViolation) {
    kind = ErrorKind::conflict;
  } else if (code == kSerializationFailure || code == kDeadlock || code == kBusy ||
             code == kUnavailable) {
    kind = ErrorKind::transient;
  } else if (code == kUrlInvalid) {
    kind = ErrorKind::validation;
  }
  return Error(kind, std::string(code), std::move(message));
}

std::string with_sql(std::string message, std::string_view sql) {
  constexpr std::size_t kSqlShownMax = 200;
  message += " [in: ";
  message += sql.substr(0, kSqlShownMax);
  if (sql.size() > kSqlShownMax) message += "...";
  message += "]";
  return message;
}

Result<void> run_in_transaction(EngineTx& tx, const std::function<Result<void>(Tx&)>& body) {
  TRY(tx.begin());
  return run_begun(tx, body);
}

Result<void> run_begun(EngineTx& tx, const std::function<Result<void>(Tx&)>& body) {
  Result<void> result;
  try {
    result = body(tx);
  } catch (...) {
    tx.rollback();
    throw;
  }
  if (!result.ok()) {
    tx.rollback();
    return result;
  }
  return tx.commit();
}

Result<void> run_with_retries(int retries_max, const std::function<Result<void>()>& attempt) {
  // Jitter keeps colliding writers from colliding again in lock step.
  constexpr int kBackoffFirstUs = 500;
  constexpr int kBackoffMaxUs = 50'000;
  thread_local std::mt19937 random(std::random_device{}());
  int backoff_us = kBackoffFirstUs;
  for (int retry = 0;; ++retry) {
    Result<void> result = attempt();
    if (result.ok() || retry >= retries_max || !is_retryable(result.error())) return result;
    std::uniform_int_distribution<int> delay_us(backoff_us / 2, backoff_us);
    std::this_thread::sleep_for(std::chrono::microseconds(delay_us(random)));
    backoff_us = std::min(backoff_us * 2, kBackoffMaxUs);
  }
}

}  // namespace detail
}  // namespace keel::db
