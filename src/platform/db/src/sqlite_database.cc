// SQLite engine: one writer connection behind a mutex (BEGIN IMMEDIATE), a pool of reader
// connections (deferred BEGIN, query_only), WAL with synchronous=FULL.

#include <sqlite3.h>

#include <atomic>
#include <algorithm>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "internal.h"

namespace keel::db::detail {
namespace {

// Prepared statements kept per connection; beyond this the cache is emptied, so SQL built
// at run time cannot grow it without bound.
constexpr std::size_t kStatementsCachedMax = 512;

Error sqlite_error(sqlite3* db, std::string_view sql) {
  int code = sqlite3_extended_errcode(db);
  std::string message = with_sql(sqlite3_errmsg(db), sql);
  switch (code) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return make_error(kUniqueViolation, std::move(message));
    default:
      break;
  }
  switch (code & 0xff) {
    case SQLITE_CONSTRAINT:
      return make_error(kConstraintViolation, std::move(message));
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return make_error(kBusy, std::move(message));
    case SQLITE_READONLY:
      return make_error(kReadOnly, std::move(message));
    case SQLITE_CANTOPEN:
    case SQLITE_NOTADB:
      return make_error(kUnavailable, std::move(message));
    default:
      return make_error(kError, std::move(message));
  }
}

class SqliteConnection {
 public:
  // Opens `path`; the writer creates the file and switches it to WAL, readers refuse writes.
  static Result<std::unique_ptr<SqliteConnection>> open(const std::string& path,
                                                        const Options& options, bool writer);
  ~SqliteConnection() {
    for (auto& [sql, statement] : m_statements) sqlite3_finalize(statement);
    sqlite3_close_v2(m_db);
  }
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  sqlite3* handle() const { return m_db; }

  Result<void> exec(std::string_view sql) {
    std::string text(sql);
    if (sqlite3_exec(m_db, text.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
      return sqlite_error(m_db, sql);
    }
    return Ok{};
  }

  // The cached statement for `sql`, prepared on first use. Exactly one statement per text.
  Result<sqlite3_stmt*> prepare(std::string_view sql) {
    std::string key(sql);
    if (auto found = m_statements.find(key); found != m_statements.end()) return found->second;
    if (m_statements.size() >= kStatementsCachedMax) clear_statements();
    sqlite3_stmt* statement = nullptr;
    const char* tail = nullptr;
    int rc = sqlite3_prepare_v3(m_db, key.data(), static_cast<int>(key.size()),
                                SQLITE_PREPARE_PERSISTENT, &statement, &tail);
    if (rc != SQLITE_OK) return sqlite_error(m_db, sql);
    if (statement == nullptr) return make_error(kError, with_sql("empty statement", sql));
    std::string_view rest(tail, key.data() + key.size() - tail);
    if (rest.find_first_not_of(" \t\r\n;") != std::string_view::npos) {
      sqlite3_finalize(statement);
      return make_error(kError, with_sql("one statement per call (use execute_script)", sql));
    }
    m_statements.emplace(std::move(key), statement);
    return statement;
  }

 private:
  explicit SqliteConnection(sqlite3* db) : m_db(db) {}
  void clear_statements() {
    for (auto& [sql, statement] : m_statements) sqlite3_finalize(statement);
    m_statements.clear();
  }

  sqlite3* m_db;
  std::unordered_map<std::string, sqlite3_stmt*> m_statements;
};

Result<std::unique_ptr<SqliteConnection>> SqliteConnection::open(const std::string& path,
                                                                 const Options& options,
                                                                 bool writer) {
  sqlite3* db = nullptr;
  // NOMUTEX: a connection is only ever used by the one thread that holds its lease.
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (writer ? SQLITE_OPEN_CREATE : 0);
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = "cannot open SQLite database " + path + ": " +
                          (db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
    sqlite3_close_v2(db);
    return make_error(kUnavailable, std::move(message));
  }
  std::unique_ptr<SqliteConnection> connection(new SqliteConnection(db));
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, options.busy_timeout_ms);
  // Durability is not traded for speed: FULL syncs the WAL on every commit. Statement
  // journals (what a savepoint must be able to undo: every group-commit member and every
  // nested command runs in one) and temporary tables stay in memory; on disk they cost a
  // file write per page first changed inside a savepoint, and nothing survives a crash
  // in them anyway.
  TRY(connection->exec(
      "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA temp_store = MEMORY"));
  if (writer) {
    TRY(connection->exec("PRAGMA journal_mode = WAL"));
  } else {
    TRY(connection->exec("PRAGMA query_only = ON"));
  }
  // Fails here, not at the first query, when the file is not a database.
  TRY(connection->exec("SELECT count(*) FROM sqlite_schema"));
  return connection;
}

// Binds `params` to `$1..$n` by name: SQLite numbers `$k` by first appearance, not by k.
Result<void> bind(sqlite3* db, sqlite3_stmt* statement, std::string_view sql,
                  std::span<const Value> params) {
  if (sqlite3_bind_parameter_count(statement) != static_cast<int>(params.size())) {
    return make_error(kError, with_sql("statement takes " +
                                           std::to_string(sqlite3_bind_parameter_count(statement)) +
                                           " parameters, got " + std::to_string(params.size()),
                                       sql));
  }
  for (std::size_t i = 0; i < params.size(); ++i) {
    std::string name = "$" + std::to_string(i + 1);
    int index = sqlite3_bind_parameter_index(statement, name.c_str());
    if (index == 0) return make_error(kError, with_sql("parameter " + name + " not used", sql));
    int rc = SQLITE_OK;
    if (const auto* number = std::get_if<std::int64_t>(&params[i])) {
      rc = sqlite3_bind_int64(statement, index, *number);
    } else if (const auto* text = std::get_if<std::string>(&params[i])) {
      // nullptr is SQLITE_STATIC: `params` outlive the statement's execution.
      rc = sqlite3_bind_text64(statement, index, text->data(), text->size(), nullptr, SQLITE_UTF8);
    } else {
      rc = sqlite3_bind_null(statement, index);
    }
    if (rc != SQLITE_OK) return sqlite_error(db, sql);
  }
  return Ok{};
}

Row read_row(sqlite3_stmt* statement) {
  int columns = sqlite3_column_count(statement);
  std::vector<Value> values;
  values.reserve(static_cast<std::size_t>(columns));
  for (int column = 0; column < columns; ++column) {
    switch (sqlite3_column_type(statement, column)) {
      case SQLITE_NULL:
        values.emplace_back(null);
        break;
      case SQLITE_INTEGER:
        values.emplace_back(sqlite3_column_int64(statement, column));
        break;
      default: {
        // Text, blobs and (unwanted) reals all come back as text, as on PostgreSQL.
        const auto* bytes = static_cast<const char*>(sqlite3_column_blob(statement, column));
        if (sqlite3_column_type(statement, column) != SQLITE_BLOB) {
          bytes = reinterpret_cast<const char*>(sqlite3_column_text(statement, column));
        }
        int size = sqlite3_column_bytes(statement, column);
        values.emplace_back(
            std::string(bytes == nullptr ? "" : bytes, static_cast<std::size_t>(size)));
      }
    }
  }
  return Row(std::move(values));
}

// Resets a cached statement when a call ends, however it ends, so it holds no read lock and
// no pointers into the caller's parameters.
class StatementReset {
 public:
  explicit StatementReset(sqlite3_stmt* statement) : m_statement(statement) {}
  ~StatementReset() {
    sqlite3_reset(m_statement);
    sqlite3_clear_bindings(m_statement);
  }
  StatementReset(const StatementReset&) = delete;
  StatementReset& operator=(const StatementReset&) = delete;

 private:
  sqlite3_stmt* m_statement;
};

class SqliteTx final : public EngineTx {
 public:
  SqliteTx(SqliteConnection& connection, bool write) : EngineTx(write), m_connection(connection) {}

  Engine engine() const override { return Engine::sqlite; }

  Result<Rows> query(std::string_view sql, std::span<const Value> params) override {
    sqlite3_stmt* statement = TRY(m_connection.prepare(sql));
    StatementReset reset(statement);
    TRY(bind(m_connection.handle(), statement, sql, params));
    Rows rows;
    for (;;) {
      int rc = sqlite3_step(statement);
      if (rc == SQLITE_DONE) return rows;
      if (rc != SQLITE_ROW) return sqlite_error(m_connection.handle(), sql);
      rows.push_back(read_row(statement));
    }
  }

  Result<std::int64_t> execute(std::string_view sql, std::span<const Value> params) override {
    sqlite3* db = m_connection.handle();
    sqlite3_int64 total_before = sqlite3_total_changes64(db);
    TRY(query(sql, params));
    // sqlite3_changes64 keeps the count of the last INSERT/UPDATE/DELETE, which would be
    // stale after DDL; the total tells whether this statement changed anything at all.
    if (sqlite3_total_changes64(db) == total_before) return std::int64_t{0};
    return static_cast<std::int64_t>(sqlite3_changes64(db));
  }

  Result<void> execute_script(std::string_view sql) override { return m_connection.exec(sql); }

  Result<void> begin() override {
    return m_connection.exec(is_write() ? "BEGIN IMMEDIATE" : "BEGIN");
  }

  Result<void> commit() override {
    // SQLite rolls back by itself after some errors (e.g. SQLITE_FULL); COMMIT would then
    // fail with a confusing message, so say what happened.
    if (sqlite3_get_autocommit(m_connection.handle()) != 0) {
      return make_error(kError, "transaction was rolled back by an earlier error");
    }
    Result<void> committed = m_connection.exec("COMMIT");
    if (!committed.ok()) rollback();
    return committed;
  }

  void rollback() override {
    if (sqlite3_get_autocommit(m_connection.handle()) != 0) return;
    if (!m_connection.exec("ROLLBACK").ok()) m_broken = true;
  }

  bool broken() const override { return m_broken; }

 private:
  SqliteConnection& m_connection;
  bool m_broken = false;
};

// The database whose write body runs on this thread: a nested write to it would wait for
// itself.
thread_local const void* t_writing_database = nullptr;

// The most write bodies one transaction (and one fsync) carries.
constexpr std::size_t kGroupSizeMax = 64;

class SqliteDatabase final : public Database {
 public:
  SqliteDatabase(std::string path, const Options& options, std::unique_ptr<SqliteConnection> writer)
      : m_path(std::move(path)),
        m_options(options),
        m_writer(std::move(writer)),
        m_readers(options.pool_size,
                  [this] { return SqliteConnection::open(m_path, m_options, /*writer=*/false); }) {}

  Engine engine() const override { return Engine::sqlite; }

 protected:
  Result<void> run(bool write, const std::function<Result<void>(Tx&)>& body) override {
    return run_with_retries(m_options.retries_max, [&]() -> Result<void> {
      return write ? run_write_once(body) : run_read_once(body);
    });
  }

 private:
  // One caller's unit of work waiting for, or taken into, a group.
  struct Pending {
    const std::function<Result<void>(Tx&)>* body = nullptr;
    Result<void> result;
    std::exception_ptr exception;
    bool taken = false;  // a leader runs it: the caller must wait for the outcome
    bool done = false;
  };

  Result<void> run_write_once(const std::function<Result<void>(Tx&)>& body);
  Result<void> run_read_once(const std::function<Result<void>(Tx&)>& body);
  // Runs a group on the writer in one transaction (the caller leads; the writer is its own).
  void run_group(std::vector<Pending*>& group);
  // Runs one body of a group inside its own savepoint; false when the transaction is gone.
  bool run_member(SqliteTx& tx, Pending& member, bool alone);

  const std::string m_path;
  const Options m_options;
  // Group commit: writers queue their bodies; whoever finds no leader leads the next group.
  std::mutex m_queue_mutex;
  std::condition_variable m_queue_changed;
  std::deque<Pending*> m_queue;
  bool m_leading = false;
  std::unique_ptr<SqliteConnection> m_writer;  // used by the leader only
  Pool<SqliteConnection> m_readers;
};


// Group commit (DESIGN.md §4): a writer queues its body and waits. When no group is running,
// the first waiter leads: it takes every queued body (up to kGroupSizeMax), runs each in a
// SAVEPOINT of one BEGIN IMMEDIATE transaction on the leader's thread, and commits once, so one
// fsync makes the whole group durable. A body that fails or throws is rolled back to its
// savepoint alone; the others commit. Nobody's call returns before the COMMIT that holds its
// writes has returned, so an acknowledged write is durable. A waiter not yet taken into a
// group gives up after busy_timeout_ms with db_busy, as a blocked writer did before.
Result<void> SqliteDatabase::run_write_once(const std::function<Result<void>(Tx&)>& body) {
  KEEL_ASSERT(t_writing_database != this);
  Pending me;
  me.body = &body;
  std::unique_lock lock(m_queue_mutex);
  m_queue.push_back(&me);
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(m_options.busy_timeout_ms);
  while (!me.done && (m_leading || me.taken)) {
    if (m_queue_changed.wait_until(lock, deadline) == std::cv_status::timeout && !me.taken &&
        !me.done) {
      std::erase(m_queue, &me);
      return make_error(kBusy, "the SQLite writer stayed busy for " +
                                   std::to_string(m_options.busy_timeout_ms) + " ms");
    }
  }
  if (!me.done) {
    // Lead the next group: this caller's body and whatever else is queued.
    m_leading = true;
    std::vector<Pending*> group;
    if (m_options.group_commit) {
      while (!m_queue.empty() && group.size() < kGroupSizeMax) {
        group.push_back(m_queue.front());
        m_queue.pop_front();
        group.back()->taken = true;
      }
    } else {
      std::erase(m_queue, &me);
      me.taken = true;
      group.push_back(&me);
    }
    KEEL_ASSERT(std::find(group.begin(), group.end(), &me) != group.end());
    lock.unlock();
    run_group(group);
    lock.lock();
    for (Pending* member : group) member->done = true;
    m_leading = false;
    m_queue_changed.notify_all();
  }
  if (me.exception) std::rethrow_exception(me.exception);
  return std::move(me.result);
}

void SqliteDatabase::run_group(std::vector<Pending*>& group) {
  auto fail_all = [&](const Error& error) {
    for (Pending* member : group) {
      if (member->result.ok() && !member->exception) member->result = error;
    }
  };
  if (!m_writer) {
    // The previous writer broke (a failed ROLLBACK); replace it.
    auto reopened = SqliteConnection::open(m_path, m_options, /*writer=*/true);
    if (!reopened) return fail_all(reopened.error());
    m_writer = std::move(*reopened);
  }
  SqliteTx tx(*m_writer, /*write=*/true);
  if (auto begun = tx.begin(); !begun) return fail_all(begun.error());
  const bool alone = group.size() == 1;
  bool any_ok = false;
  for (Pending* member : group) {
    if (!run_member(tx, *member, alone)) {
      // The transaction is gone (SQLite rolled it back, or a savepoint could not be undone):
      // nothing of this group was written, so every member that did not fail by itself
      // gets a retryable error and runs again.
      tx.rollback();
      fail_all(make_error(kBusy, "the group's transaction was rolled back; retry"));
      if (tx.broken()) m_writer.reset();
      return;
    }
    any_ok = any_ok || (member->result.ok() && !member->exception);
  }
  if (!any_ok) {
    tx.rollback();
  } else if (auto committed = tx.commit(); !committed) {
    for (Pending* member : group) {
      if (member->result.ok() && !member->exception) member->result = committed.error();
    }
  }
  if (tx.broken()) m_writer.reset();
}

bool SqliteDatabase::run_member(SqliteTx& tx, Pending& member, bool alone) {
  struct InBody {
    explicit InBody(const void* database) { t_writing_database = database; }
    ~InBody() { t_writing_database = nullptr; }
  };
  if (!alone && !tx.savepoint("keel_group_member").ok()) return false;
  try {
    InBody in_body(this);
    member.result = (*member.body)(tx);
  } catch (...) {
    member.exception = std::current_exception();
  }
  if (sqlite3_get_autocommit(m_writer->handle()) != 0) return false;
  if (alone) return true;
  if (!member.result.ok() || member.exception) {
    if (!tx.rollback_to_savepoint("keel_group_member").ok()) return false;
  }
  return tx.release_savepoint("keel_group_member").ok();
}

Result<void> SqliteDatabase::run_read_once(const std::function<Result<void>(Tx&)>& body) {
  auto lease = TRY(m_readers.acquire(std::chrono::milliseconds(m_options.busy_timeout_ms)));
  SqliteTx tx(*lease, /*write=*/false);
  Result<void> result;
  try {
    result = run_in_transaction(tx, body);
  } catch (...) {
    if (tx.broken()) lease.discard();
    throw;
  }
  if (tx.broken()) lease.discard();
  return result;
}

}  // namespace

Result<std::unique_ptr<Database>> open_sqlite(std::string_view path, const Options& options) {
  if (path.empty() || path == ":memory:" || path.starts_with("file:")) {
    // Each connection to :memory: is a separate database, so readers would see nothing.
    return make_error(kUrlInvalid, "sqlite: URL needs a file path");
  }
  std::string file(path);
  auto writer = TRY(SqliteConnection::open(file, options, /*writer=*/true));
  return std::unique_ptr<Database>(new SqliteDatabase(std::move(file), options, std::move(writer)));
}

}  // namespace keel::db::detail
