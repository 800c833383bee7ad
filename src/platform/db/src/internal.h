#pragma once

// Pieces shared by the SQLite and PostgreSQL engines: error construction, the transaction
// runner with its retry policy, and a small bounded connection pool.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "keel/core/assert.h"
#include "keel/core/result.h"
#include "keel/db/db.h"

namespace keel::db::detail {

// Error codes, spelled once.
inline constexpr std::string_view kUniqueViolation = "db_unique_violation";
inline constexpr std::string_view kConstraintViolation = "db_constraint_violation";
inline constexpr std::string_view kSerializationFailure = "db_serialization_failure";
inline constexpr std::string_view kDeadlock = "db_deadlock";
inline constexpr std::string_view kBusy = "db_busy";
inline constexpr std::string_view kUnavailable = "db_unavailable";
inline constexpr std::string_view kReadOnly = "db_read_only";
inline constexpr std::string_view kUrlInvalid = "db_url_invalid";
inline constexpr std::string_view kError = "db_error";

// Builds an Error with the kind that belongs to `code` (see the list in db.h).
Error make_error(std::string_view code, std::string message);

// Appends the statement to a message, shortened so that a huge script does not flood logs.
std::string with_sql(std::string message, std::string_view sql);

// A transaction as the shared runner sees it. Each engine implements begin/commit/rollback.
class EngineTx : public Tx {
 public:
  virtual Result<void> begin() = 0;
  // Commits; on failure the transaction is rolled back before the error is returned.
  virtual Result<void> commit() = 0;
  // Best effort: a failure marks the connection broken instead of being reported.
  virtual void rollback() = 0;
  // True when the connection must not go back to a pool.
  virtual bool broken() const = 0;

 protected:
  using Tx::Tx;
};

// begin, body, commit; rollback when the body returns an Error or throws (then rethrows).
Result<void> run_in_transaction(EngineTx& tx, const std::function<Result<void>(Tx&)>& body);
// The same once `tx` has begun.
Result<void> run_begun(EngineTx& tx, const std::function<Result<void>(Tx&)>& body);

// Calls `attempt` until it succeeds, fails with a non-retryable error, or `retries_max`
// retries are used up, sleeping a short randomised, growing delay between attempts.
Result<void> run_with_retries(int retries_max, const std::function<Result<void>()>& attempt);

// A bounded pool of connections of type C, opened lazily by `factory` up to `size_max`.
// A caller waits up to a timeout for a free connection and then gets db_busy.
template <typename C>
class Pool {
 public:
  using Factory = std::function<Result<std::unique_ptr<C>>()>;

  // Hands a connection back to its pool when destroyed, or closes it when discarded.
  class Lease {
   public:
    Lease(Pool* pool, std::unique_ptr<C> connection)
        : m_pool(pool), m_connection(std::move(connection)) {}
    Lease(Lease&& other) noexcept
        : m_pool(std::exchange(other.m_pool, nullptr)),
          m_connection(std::move(other.m_connection)) {}
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (m_pool != nullptr) m_pool->give_back(std::move(m_connection));
    }
    C& operator*() const { return *m_connection; }
    C* operator->() const { return m_connection.get(); }
    // Closes the connection instead of returning it (it is broken or in an unknown state).
    void discard() { m_connection.reset(); }

   private:
    Pool* m_pool;
    std::unique_ptr<C> m_connection;
  };

  Pool(int size_max, Factory factory) : m_size_max(size_max), m_factory(std::move(factory)) {
    KEEL_ASSERT(size_max > 0);
  }

  // Adds an already open connection (the one opened eagerly to check the URL).
  void adopt(std::unique_ptr<C> connection) {
    std::lock_guard lock(m_mutex);
    KEEL_ASSERT(m_open < m_size_max);
    ++m_open;
    m_idle.push_back(std::move(connection));
  }

  // Errors: db_busy (no connection free within `timeout`), db_unavailable (cannot open one).
  Result<Lease> acquire(std::chrono::milliseconds timeout) {
    std::unique_lock lock(m_mutex);
    bool ready =
        m_cv.wait_for(lock, timeout, [&] { return !m_idle.empty() || m_open < m_size_max; });
    if (!ready) {
      return make_error(kBusy, "no database connection became free within " +
                                   std::to_string(timeout.count()) + " ms");
    }
    if (!m_idle.empty()) {
      std::unique_ptr<C> connection = std::move(m_idle.back());
      m_idle.pop_back();
      return Lease(this, std::move(connection));
    }
    // Reserve the slot, then connect without holding the lock: connecting can be slow.
    ++m_open;
    lock.unlock();
    Result<std::unique_ptr<C>> opened = m_factory();
    if (!opened.ok()) {
      give_back(nullptr);
      return opened.release_error();
    }
    return Lease(this, opened.release_value());
  }

 private:
  void give_back(std::unique_ptr<C> connection) {
    {
      std::lock_guard lock(m_mutex);
      if (connection) {
        m_idle.push_back(std::move(connection));
      } else {
        --m_open;
      }
    }
    m_cv.notify_one();
  }

  const int m_size_max;
  Factory m_factory;
  std::mutex m_mutex;
  std::condition_variable m_cv;
  std::vector<std::unique_ptr<C>> m_idle;
  int m_open = 0;
};

// Engine constructors, called by Database::open after it has recognised the scheme.
Result<std::unique_ptr<Database>> open_sqlite(std::string_view path, const Options& options);
Result<std::unique_ptr<Database>> open_postgres(std::string_view url, const Options& options);

}  // namespace keel::db::detail
