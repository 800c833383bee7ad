#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "keel/core/result.h"

// One interface over SQLite (embedded default) and PostgreSQL. SQL is written once with
// `$1..$n` placeholders; the SQLite side binds `$k` by name, so the same text runs on both.
// There is deliberately no floating-point value: money, quantities and rates are integers.
namespace keel::db {

enum class Engine { sqlite, postgres };
std::string_view to_string(Engine engine);

// A parameter or column value.
using Value = std::variant<std::monostate, std::int64_t, std::string>;
inline constexpr std::monostate null{};

// One result row. Integer columns arrive as int64 on both engines (PostgreSQL int2/int4/int8;
// booleans as 1/0, as SQLite stores them); every other type arrives as text. Integer
// accessors parse PostgreSQL's text results (e.g. SUM over BIGINT yields NUMERIC text) and
// assert when the column is not an integer: a schema bug, not input. Every accessor asserts
// that `column` exists; text() and integer() assert that the value is not NULL.
class Row {
 public:
  explicit Row(std::vector<Value> values) : m_values(std::move(values)) {}
  std::size_t size() const { return m_values.size(); }
  bool is_null(std::size_t column) const;
  std::int64_t integer(std::size_t column) const;
  std::optional<std::int64_t> optional_integer(std::size_t column) const;
  const std::string& text(std::size_t column) const;
  std::optional<std::string> optional_text(std::size_t column) const;
  const Value& value(std::size_t column) const { return m_values.at(column); }

 private:
  std::vector<Value> m_values;
};
using Rows = std::vector<Row>;

// Error codes a database call can return (all Error values, never exceptions):
//   db_unique_violation (conflict)        a UNIQUE or PRIMARY KEY constraint refused the row
//   db_constraint_violation (conflict)    a CHECK / NOT NULL / FOREIGN KEY constraint refused it
//   db_serialization_failure (transient)  PostgreSQL 40001, retried by Database::write
//   db_deadlock (transient)               PostgreSQL 40P01, retried by Database::write
//   db_busy (transient)                   SQLite BUSY/LOCKED past the busy timeout
//   db_unavailable (transient)            cannot connect / connection lost (not retried: a
//                                         connection lost during COMMIT has an unknown outcome)
//   db_read_only (internal)               a write statement inside Database::read
//   db_url_invalid (validation)           Database::open: the URL is not one we understand
//   db_error (internal)                   anything else (syntax errors, wrong parameter
//                                         count, more than one statement per query: bugs)
// After a failed statement PostgreSQL refuses everything but ROLLBACK until the transaction
// ends, while SQLite undoes only that statement. To go on after an expected failure, wrap
// the statement in a savepoint; a body that ignores an error and returns success gets
// db_error from the commit on PostgreSQL instead of a silent rollback.
// Returns true for db_serialization_failure, db_deadlock and db_busy.
bool is_retryable(const Error& error);

// A transaction in progress. Obtained only from Database::read / Database::write, which own
// begin/commit/rollback: services take `Tx&` and never commit.
class Tx {
 public:
  virtual ~Tx() = default;
  virtual Engine engine() const = 0;
  bool is_write() const { return m_write; }

  // Runs one statement and returns all its rows. Statements are prepared once per connection
  // and cached by their text.
  virtual Result<Rows> query(std::string_view sql, std::span<const Value> params) = 0;
  Result<Rows> query(std::string_view sql, std::initializer_list<Value> params = {}) {
    return query(sql, std::span<const Value>(params.begin(), params.size()));
  }
  // The first row, or nullopt when there is none.
  Result<std::optional<Row>> query_one(std::string_view sql,
                                       std::initializer_list<Value> params = {});
  Result<std::optional<Row>> query_one(std::string_view sql, std::span<const Value> params);
  // Runs one statement and returns the number of rows it changed.
  virtual Result<std::int64_t> execute(std::string_view sql, std::span<const Value> params) = 0;
  Result<std::int64_t> execute(std::string_view sql, std::initializer_list<Value> params = {}) {
    return execute(sql, std::span<const Value>(params.begin(), params.size()));
  }
  // Runs a script of several statements without parameters (migrations, savepoints, DDL
  // in tests). Not cached.
  virtual Result<void> execute_script(std::string_view sql) = 0;

  // Nested units of work inside the transaction (used by group commit and by tests).
  // `name` must be a plain SQL identifier written in code (asserted).
  Result<void> savepoint(std::string_view name);
  Result<void> release_savepoint(std::string_view name);
  Result<void> rollback_to_savepoint(std::string_view name);

 protected:
  explicit Tx(bool write) : m_write(write) {}

 private:
  bool m_write;
};

struct Options {
  // Reader connections for SQLite / pool size for PostgreSQL.
  int pool_size = 8;
  // How long a writer waits for SQLite's lock or a pooled connection before db_busy.
  int busy_timeout_ms = 5000;
  // Whole-transaction retries on db_serialization_failure / db_deadlock / db_busy.
  int retries_max = 5;
  // SQLite: commit concurrent writers in groups (see Database::write). Off, each write is its
  // own transaction and fsync (the raw baseline of the benchmarks).
  bool group_commit = true;
};

class Database {
 public:
  virtual ~Database() = default;

  // Opens `sqlite:PATH` (created if missing; WAL, synchronous=FULL, foreign keys on; PATH is
  // a file, not :memory:) or a `postgresql://` / `postgres://` URL (libpq syntax; a
  // connect_timeout of 10 s and client_encoding UTF8 are added unless the URL sets them).
  // Connects once before returning. Errors: db_url_invalid, db_unavailable. Thread-safe:
  // one Database serves all threads; read/write may be called concurrently.
  static Result<std::unique_ptr<Database>> open(std::string_view url, Options options = {});

  virtual Engine engine() const = 0;

  // Runs `fn` in a read-only transaction on a reader connection (SQLite: a pooled reader,
  // deferred BEGIN; PostgreSQL: BEGIN READ ONLY), waiting up to busy_timeout_ms for a free
  // connection (db_busy). Writes inside fail with db_read_only. Errors as for write.
  template <typename F>
  auto read(F&& fn) -> decltype(fn(std::declval<Tx&>())) {
    return run_typed(false, std::forward<F>(fn));
  }
  // Runs `fn` in a write transaction (SQLite: BEGIN IMMEDIATE on the one writer connection;
  // PostgreSQL: BEGIN, READ COMMITTED). Commits when fn returns a value; rolls back when it
  // returns an Error or throws (the exception is rethrown). Retries the whole of `fn` on a
  // retryable error, so fn must have no effects outside the transaction. SQLite commits
  // writers in groups: concurrent calls' bodies run one after another, each in its own
  // savepoint of one transaction (possibly on another caller's thread), committed by one
  // fsync; a body's failure undoes only its own writes, and no call returns before the commit
  // holding its writes. A writer not taken into a group within busy_timeout_ms gets db_busy.
  // Calling write from inside fn on the same Database is a bug (asserted on SQLite).
  template <typename F>
  auto write(F&& fn) -> decltype(fn(std::declval<Tx&>())) {
    return run_typed(true, std::forward<F>(fn));
  }

 protected:
  // Runs `body` in one transaction, with the retry policy above.
  virtual Result<void> run(bool write, const std::function<Result<void>(Tx&)>& body) = 0;

 private:
  template <typename F>
  auto run_typed(bool write, F&& fn) -> decltype(fn(std::declval<Tx&>())) {
    using R = decltype(fn(std::declval<Tx&>()));
    std::optional<R> out;
    Result<void> status = run(write, [&](Tx& tx) -> Result<void> {
      out.emplace(fn(tx));
      if (!out->ok()) return Error(out->error());
      return Ok{};
    });
    if (!status.ok()) return status.release_error();
    return std::move(*out);
  }
};

}  // namespace keel::db
