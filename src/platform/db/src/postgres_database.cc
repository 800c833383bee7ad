// PostgreSQL engine: a bounded pool of libpq connections, text-format parameters and results,
// statements prepared once per connection and cached by their text.

#include <libpq-fe.h>

#include <charconv>
#include <cstring>
#include <unordered_map>

#include "internal.h"

namespace keel::db::detail {
namespace {

constexpr std::size_t kStatementsCachedMax = 512;
// Type OIDs from pg_type.h (catalog/pg_type_d.h is a server header, not in libpq-dev).
constexpr Oid kBoolOid = 16;
constexpr Oid kInt8Oid = 20;
constexpr Oid kInt2Oid = 21;
constexpr Oid kInt4Oid = 23;
// Seconds libpq waits for a server that does not answer at all (unless the URL says).
constexpr std::string_view kConnectTimeoutS = "10";

struct ResultDeleter {
  void operator()(PGresult* result) const { PQclear(result); }
};
using PgResult = std::unique_ptr<PGresult, ResultDeleter>;

std::string trimmed(const char* message) {
  std::string text = message == nullptr ? "" : message;
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

// Maps a failed result (or a null one: out of memory / connection lost) to our codes.
Error postgres_error(PGconn* conn, const PGresult* result, std::string_view sql) {
  const char* state = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  std::string message = trimmed(result != nullptr ? PQresultErrorMessage(result) : nullptr);
  if (message.empty()) message = trimmed(PQerrorMessage(conn));
  message = with_sql(std::move(message), sql);
  std::string_view sqlstate = state == nullptr ? "" : state;
  // 08P01 (protocol violation) is what a wrong parameter count yields: a bug, not a lost link.
  if (PQstatus(conn) != CONNECTION_OK || (sqlstate.starts_with("08") && sqlstate != "08P01")) {
    return make_error(kUnavailable, std::move(message));
  }
  if (sqlstate == "23505") return make_error(kUniqueViolation, std::move(message));
  if (sqlstate.starts_with("23")) return make_error(kConstraintViolation, std::move(message));
  if (sqlstate == "40001") return make_error(kSerializationFailure, std::move(message));
  if (sqlstate == "40P01") return make_error(kDeadlock, std::move(message));
  if (sqlstate == "55P03") return make_error(kBusy, std::move(message));
  if (sqlstate == "25006") return make_error(kReadOnly, std::move(message));
  return make_error(kError, std::move(message));
}

bool succeeded(const PGresult* result) {
  if (result == nullptr) return false;
  ExecStatusType status = PQresultStatus(result);
  return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
}

// The URL plus defaults the URL does not set itself, as libpq keyword/value pairs.
struct ConnectParams {
  std::vector<std::string> keywords;
  std::vector<std::string> values;
};

class PgConnection {
 public:
  // Errors: db_unavailable.
  static Result<std::unique_ptr<PgConnection>> connect(const ConnectParams& params) {
    std::vector<const char*> keywords;
    std::vector<const char*> values;
    for (std::size_t i = 0; i < params.keywords.size(); ++i) {
      keywords.push_back(params.keywords[i].c_str());
      values.push_back(params.values[i].c_str());
    }
    keywords.push_back(nullptr);
    values.push_back(nullptr);
    PGconn* conn = PQconnectdbParams(keywords.data(), values.data(), /*expand_dbname=*/1);
    std::unique_ptr<PgConnection> connection(new PgConnection(conn));
    if (conn == nullptr || PQstatus(conn) != CONNECTION_OK) {
      return make_error(kUnavailable,
                        "cannot connect to PostgreSQL: " +
                            trimmed(conn == nullptr ? "out of memory" : PQerrorMessage(conn)));
    }
    // libpq prints NOTICEs (e.g. "drop cascades to ...") on stderr by default; they are
    // informational and would only clutter the server's output.
    PQsetNoticeProcessor(
        conn, [](void*, const char*) {}, nullptr);
    return connection;
  }
  ~PgConnection() { PQfinish(m_conn); }
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  PGconn* handle() const { return m_conn; }
  bool is_bad() const { return PQstatus(m_conn) != CONNECTION_OK; }

  // Runs a parameterless command (or script) and checks that it succeeded.
  Result<PgResult> exec(std::string_view sql) {
    PgResult result(PQexec(m_conn, std::string(sql).c_str()));
    if (!succeeded(result.get())) return postgres_error(m_conn, result.get(), sql);
    return result;
  }

  // The name of the statement prepared for `sql` on this connection, preparing it once.
  Result<std::string> prepared(std::string_view sql) {
    std::string key(sql);
    if (auto found = m_statements.find(key); found != m_statements.end()) return found->second;
    if (m_statements.size() >= kStatementsCachedMax) TRY(clear_statements());
    std::string name = "keel_" + std::to_string(m_statement_next++);
    PgResult result(PQprepare(m_conn, name.c_str(), key.c_str(), 0, nullptr));
    if (!succeeded(result.get())) return postgres_error(m_conn, result.get(), sql);
    m_statements.emplace(std::move(key), name);
    return name;
  }

 private:
  explicit PgConnection(PGconn* conn) : m_conn(conn) {}
  Result<void> clear_statements() {
    TRY(exec("DEALLOCATE ALL"));
    m_statements.clear();
    return Ok{};
  }

  PGconn* m_conn;
  std::unordered_map<std::string, std::string> m_statements;
  std::uint64_t m_statement_next = 0;
};

std::int64_t parse_int64(const char* text, int length) {
  std::int64_t value = 0;
  auto [end, status] = std::from_chars(text, text + length, value);
  KEEL_ASSERT(status == std::errc() && end == text + length);
  return value;
}

// Integer columns become int64, booleans 1/0 (as SQLite stores them), the rest text.
Rows read_rows(const PGresult* result) {
  int rows_count = PQntuples(result);
  int columns = PQnfields(result);
  Rows rows;
  rows.reserve(static_cast<std::size_t>(rows_count));
  for (int row = 0; row < rows_count; ++row) {
    std::vector<Value> values;
    values.reserve(static_cast<std::size_t>(columns));
    for (int column = 0; column < columns; ++column) {
      if (PQgetisnull(result, row, column)) {
        values.emplace_back(null);
        continue;
      }
      const char* text = PQgetvalue(result, row, column);
      int length = PQgetlength(result, row, column);
      Oid type = PQftype(result, column);
      if (type == kInt8Oid || type == kInt4Oid || type == kInt2Oid) {
        values.emplace_back(parse_int64(text, length));
      } else if (type == kBoolOid) {
        values.emplace_back(std::int64_t{text[0] == 't' ? 1 : 0});
      } else {
        values.emplace_back(std::string(text, static_cast<std::size_t>(length)));
      }
    }
    rows.emplace_back(std::move(values));
  }
  return rows;
}

class PgTx final : public EngineTx {
 public:
  PgTx(PgConnection& connection, bool write) : EngineTx(write), m_connection(connection) {}

  Engine engine() const override { return Engine::postgres; }

  Result<Rows> query(std::string_view sql, std::span<const Value> params) override {
    PgResult result = TRY(run_prepared(sql, params));
    return read_rows(result.get());
  }

  Result<std::int64_t> execute(std::string_view sql, std::span<const Value> params) override {
    PgResult result = TRY(run_prepared(sql, params));
    // PQcmdTuples counts the rows of a SELECT too; SQLite (and the contract) count changes.
    if (std::string_view(PQcmdStatus(result.get())).starts_with("SELECT")) return std::int64_t{0};
    const char* changed = PQcmdTuples(result.get());
    if (changed == nullptr || changed[0] == '\0') return std::int64_t{0};
    return parse_int64(changed, static_cast<int>(std::strlen(changed)));
  }

  Result<void> execute_script(std::string_view sql) override {
    TRY(m_connection.exec(sql));
    return Ok{};
  }

  Result<void> begin() override {
    auto begun =
        m_connection.exec(is_write() ? "BEGIN ISOLATION LEVEL READ COMMITTED" : "BEGIN READ ONLY");
    if (!begun.ok()) return begun.release_error();
    return Ok{};
  }

  Result<void> commit() override;
  void rollback() override;
  bool broken() const override { return m_connection.is_bad(); }

 private:
  Result<PgResult> run_prepared(std::string_view sql, std::span<const Value> params);

  PgConnection& m_connection;
};

Result<PgResult> PgTx::run_prepared(std::string_view sql, std::span<const Value> params) {
  std::string name = TRY(m_connection.prepared(sql));
  // Integers travel as decimal text; the server infers each parameter's type from the SQL.
  std::vector<std::string> numbers(params.size());
  std::vector<const char*> values(params.size(), nullptr);
  std::vector<int> lengths(params.size(), 0);
  for (std::size_t i = 0; i < params.size(); ++i) {
    if (const auto* number = std::get_if<std::int64_t>(&params[i])) {
      numbers[i] = std::to_string(*number);
      values[i] = numbers[i].c_str();
    } else if (const auto* text = std::get_if<std::string>(&params[i])) {
      values[i] = text->c_str();
    }
  }
  PgResult result(PQexecPrepared(m_connection.handle(), name.c_str(),
                                 static_cast<int>(params.size()), values.data(), lengths.data(),
                                 nullptr, /*resultFormat=*/0));
  if (!succeeded(result.get())) return postgres_error(m_connection.handle(), result.get(), sql);
  return result;
}

Result<void> PgTx::commit() {
  PGconn* conn = m_connection.handle();
  // COMMIT of a transaction aborted by an earlier error "succeeds" with the tag ROLLBACK.
  if (PQtransactionStatus(conn) == PQTRANS_INERROR) {
    rollback();
    return make_error(kError, "transaction was aborted by an earlier error and rolled back");
  }
  auto committed = m_connection.exec("COMMIT");
  if (!committed.ok()) {
    if (PQtransactionStatus(conn) != PQTRANS_IDLE) rollback();
    return committed.release_error();
  }
  if (std::string_view(PQcmdStatus(committed->get())) != "COMMIT") {
    return make_error(kError, "COMMIT was turned into a rollback by the server");
  }
  return Ok{};
}

void PgTx::rollback() {
  PGTransactionStatusType status = PQtransactionStatus(m_connection.handle());
  if (status == PQTRANS_IDLE || status == PQTRANS_UNKNOWN) return;
  // A failure here shows as a bad connection status, which broken() reports.
  (void)m_connection.exec("ROLLBACK");
}

class PgDatabase final : public Database {
 public:
  PgDatabase(ConnectParams params, const Options& options)
      : m_params(std::move(params)),
        m_options(options),
        m_pool(options.pool_size, [this] { return PgConnection::connect(m_params); }) {}

  Engine engine() const override { return Engine::postgres; }

  void adopt(std::unique_ptr<PgConnection> connection) { m_pool.adopt(std::move(connection)); }

 protected:
  Result<void> run(bool write, const std::function<Result<void>(Tx&)>& body) override {
    return run_with_retries(m_options.retries_max,
                            [&]() -> Result<void> { return run_once(write, body); });
  }

 private:
  Result<void> run_once(bool write, const std::function<Result<void>(Tx&)>& body);

  const ConnectParams m_params;
  const Options m_options;
  Pool<PgConnection> m_pool;
};

Result<void> PgDatabase::run_once(bool write, const std::function<Result<void>(Tx&)>& body) {
  const auto timeout = std::chrono::milliseconds(m_options.busy_timeout_ms);
  for (int attempt = 0;; ++attempt) {
    auto lease = TRY(m_pool.acquire(timeout));
    PgTx tx(*lease, write);
    Result<void> begun = tx.begin();
    if (!begun.ok()) {
      bool broken = tx.broken();
      if (broken) lease.discard();
      // A pooled connection may have died while idle (server restart). Nothing has run on
      // it yet, so one fresh connection is tried before giving up.
      if (broken && attempt == 0) continue;
      return begun;
    }
    Result<void> result;
    try {
      result = run_begun(tx, body);
    } catch (...) {
      if (tx.broken()) lease.discard();
      throw;
    }
    if (tx.broken()) lease.discard();
    return result;
  }
}

// Adds libpq defaults the URL does not set itself: a connect timeout and UTF-8.
Result<ConnectParams> connect_params(std::string_view url) {
  std::string text(url);
  char* message = nullptr;
  PQconninfoOption* options = PQconninfoParse(text.c_str(), &message);
  if (options == nullptr) {
    std::string reason = trimmed(message);
    PQfreemem(message);
    return make_error(kUrlInvalid, "invalid PostgreSQL URL: " + reason);
  }
  bool has_timeout = false;
  bool has_encoding = false;
  for (PQconninfoOption* option = options; option->keyword != nullptr; ++option) {
    if (option->val == nullptr) continue;
    has_timeout |= std::string_view(option->keyword) == "connect_timeout";
    has_encoding |= std::string_view(option->keyword) == "client_encoding";
  }
  PQconninfoFree(options);
  ConnectParams params{{"dbname"}, {text}};
  if (!has_timeout) {
    params.keywords.emplace_back("connect_timeout");
    params.values.emplace_back(kConnectTimeoutS);
  }
  if (!has_encoding) {
    params.keywords.emplace_back("client_encoding");
    params.values.emplace_back("UTF8");
  }
  return params;
}

}  // namespace

Result<std::unique_ptr<Database>> open_postgres(std::string_view url, const Options& options) {
  ConnectParams params = TRY(connect_params(url));
  // Connect once now, so a wrong host or password is reported by open, not by the first use.
  auto first = TRY(PgConnection::connect(params));
  auto database = std::make_unique<PgDatabase>(std::move(params), options);
  database->adopt(std::move(first));
  return std::unique_ptr<Database>(std::move(database));
}

}  // namespace keel::db::detail
