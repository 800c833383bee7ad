// Concurrent use of one Database from many threads, on every engine.

#include <gtest/gtest.h>

#include <atomic>
#include <latch>
#include <stdexcept>
#include <thread>
#include <utility>
#include <vector>

#include "keel/db/db.h"
#include "keel/testing/database.h"

namespace keel::db {
namespace {

constexpr int kThreads = 8;

class ConcurrencyTest : public keel::testing::EngineTest {
 protected:
  // Runs `work(thread_index)` on kThreads threads started together.
  template <typename F>
  static void run_threads(F work) {
    std::latch start(kThreads);
    std::vector<std::thread> threads;
    for (int index = 0; index < kThreads; ++index) {
      threads.emplace_back([&, index] {
        start.arrive_and_wait();
        work(index);
      });
    }
    for (std::thread& thread : threads) thread.join();
  }

  static Result<std::int64_t> read_integer(Database& db, std::string_view sql) {
    return db.read([&](Tx& tx) -> Result<std::int64_t> {
      auto row = TRY(tx.query_one(sql));
      return row->integer(0);
    });
  }
};

TEST_P(ConcurrencyTest, counter_increments_are_never_lost) {
  constexpr int kIncrementsPerThread = 40;
  auto db = keel::testing::fresh_database(engine(), {.retries_max = 50});
  KEEL_ASSERT_OK(db->write([](Tx& tx) {
    return tx.execute_script(
        "CREATE TABLE counters (id BIGINT PRIMARY KEY, value BIGINT NOT NULL);"
        "INSERT INTO counters (id, value) VALUES (1, 0)");
  }));
  std::atomic<int> failures{0};
  run_threads([&](int) {
    for (int i = 0; i < kIncrementsPerThread; ++i) {
      auto changed = db->write([](Tx& tx) {
        return tx.execute("UPDATE counters SET value = value + 1 WHERE id = $1", {1});
      });
      if (!changed.ok() || *changed != 1) ++failures;
    }
  });
  EXPECT_EQ(failures.load(), 0);
  auto value = read_integer(*db, "SELECT value FROM counters WHERE id = 1");
  KEEL_ASSERT_OK(value);
  EXPECT_EQ(*value, kThreads * kIncrementsPerThread);
}

// Read, then write only if nobody changed the value meanwhile; a lost race is reported as a
// serialization failure so that Database::write runs the body again. SQLite never loses the
// race (its writer is serial); PostgreSQL under READ COMMITTED does, and retries.
TEST_P(ConcurrencyTest, optimistic_conditional_update_retries_to_an_exact_count) {
  constexpr int kIncrementsPerThread = 15;
  auto db = keel::testing::fresh_database(engine(), {.retries_max = 1000});
  KEEL_ASSERT_OK(db->write([](Tx& tx) {
    return tx.execute_script(
        "CREATE TABLE counters (id BIGINT PRIMARY KEY, value BIGINT NOT NULL);"
        "INSERT INTO counters (id, value) VALUES (1, 0)");
  }));
  std::atomic<int> attempts{0};
  std::atomic<int> failures{0};
  run_threads([&](int) {
    for (int i = 0; i < kIncrementsPerThread; ++i) {
      auto done = db->write([&](Tx& tx) -> Result<void> {
        ++attempts;
        auto row = TRY(tx.query_one("SELECT value FROM counters WHERE id = $1", {1}));
        std::int64_t seen = row->integer(0);
        std::int64_t changed = TRY(tx.execute(
            "UPDATE counters SET value = $1 WHERE id = $2 AND value = $3", {seen + 1, 1, seen}));
        if (changed != 1) {
          return Error::transient("db_serialization_failure", "counter moved; retry");
        }
        return Ok{};
      });
      if (!done.ok()) ++failures;
    }
  });
  EXPECT_EQ(failures.load(), 0);
  auto value = read_integer(*db, "SELECT value FROM counters WHERE id = 1");
  KEEL_ASSERT_OK(value);
  EXPECT_EQ(*value, kThreads * kIncrementsPerThread);
  EXPECT_GE(attempts.load(), kThreads * kIncrementsPerThread);
  if (engine() == Engine::sqlite) {
    EXPECT_EQ(attempts.load(), kThreads * kIncrementsPerThread);
  }
}

TEST_P(ConcurrencyTest, conditional_reservation_never_oversells) {
  constexpr std::int64_t kOnHand = 100;
  constexpr int kAttemptsPerThread = 30;
  for (std::int64_t unit : {std::int64_t{1}, std::int64_t{7}}) {
    auto db = keel::testing::fresh_database(engine());
    KEEL_ASSERT_OK(db->write([&](Tx& tx) -> Result<void> {
      TRY(
          tx.execute_script("CREATE TABLE stock (id BIGINT PRIMARY KEY, on_hand BIGINT NOT NULL, "
                            "reserved BIGINT NOT NULL)"));
      TRY(tx.execute("INSERT INTO stock (id, on_hand, reserved) VALUES (1, $1, 0)", {kOnHand}));
      return Ok{};
    }));
    std::atomic<std::int64_t> reserved_by_us{0};
    std::atomic<int> errors{0};
    run_threads([&](int) {
      for (int i = 0; i < kAttemptsPerThread; ++i) {
        auto changed = db->write([&](Tx& tx) {
          return tx.execute(
              "UPDATE stock SET reserved = reserved + $1 WHERE id = $2 AND "
              "on_hand - reserved >= $1",
              {unit, 1});
        });
        if (!changed.ok()) {
          ++errors;
        } else if (*changed == 1) {
          reserved_by_us += unit;
        }
      }
    });
    EXPECT_EQ(errors.load(), 0);
    auto reserved = read_integer(*db, "SELECT reserved FROM stock WHERE id = 1");
    KEEL_ASSERT_OK(reserved);
    // Demand (8 x 30 units and more) exceeds supply, so stock runs out exactly.
    EXPECT_EQ(*reserved, reserved_by_us.load()) << "unit " << unit;
    EXPECT_EQ(*reserved, kOnHand - kOnHand % unit) << "unit " << unit;
  }
}

// Concurrent writers share transactions on SQLite (group commit): a member that fails or
// throws must undo only its own writes, and every caller must see its own outcome.
TEST_P(ConcurrencyTest, a_failing_writer_undoes_only_its_own_writes) {
  constexpr int kWritesPerThread = 40;
  auto db = keel::testing::fresh_database(engine());
  KEEL_ASSERT_OK(db->write([](Tx& tx) {
    return tx.execute_script("CREATE TABLE t (id BIGINT PRIMARY KEY, thread BIGINT NOT NULL)");
  }));
  std::atomic<int> committed{0};
  std::atomic<int> refused{0};
  std::atomic<int> thrown{0};
  std::atomic<int> unexpected{0};
  run_threads([&](int thread) {
    for (int i = 0; i < kWritesPerThread; ++i) {
      const std::int64_t id = thread * 1000 + i;
      try {
        auto written = db->write([&](Tx& tx) -> Result<std::int64_t> {
          TRY(tx.execute("INSERT INTO t (id, thread) VALUES ($1, $2)", {id, std::int64_t{thread}}));
          if (i % 3 == 1) return Error::validation("refused_on_purpose", "refused");
          if (i % 7 == 2) throw std::runtime_error("thrown on purpose");
          return id;
        });
        if (written.ok() && *written == id) {
          ++committed;
        } else if (!written.ok() && written.error().code() == "refused_on_purpose") {
          ++refused;
        } else {
          ++unexpected;
        }
      } catch (const std::runtime_error&) {
        ++thrown;
      }
    }
  });
  EXPECT_EQ(unexpected.load(), 0);
  int expected_committed = 0, expected_refused = 0, expected_thrown = 0;
  for (int i = 0; i < kWritesPerThread; ++i) {
    if (i % 3 == 1) ++expected_refused;
    else if (i % 7 == 2) ++expected_thrown;
    else ++expected_committed;
  }
  EXPECT_EQ(committed.load(), expected_committed * kThreads);
  EXPECT_EQ(refused.load(), expected_refused * kThreads);
  EXPECT_EQ(thrown.load(), expected_thrown * kThreads);
  auto rows = read_integer(*db, "SELECT count(*) FROM t");
  KEEL_ASSERT_OK(rows);
  EXPECT_EQ(*rows, expected_committed * kThreads);
  auto wrong = read_integer(*db, "SELECT count(*) FROM t WHERE id % 1000 % 3 = 1 OR "
                                  "(id % 1000 % 3 <> 1 AND id % 1000 % 7 = 2)");
  KEEL_ASSERT_OK(wrong);
  EXPECT_EQ(*wrong, 0);
}

TEST_P(ConcurrencyTest, busy_when_every_connection_is_taken) {
  auto db = keel::testing::fresh_database(
      engine(), {.pool_size = 1, .busy_timeout_ms = 100, .retries_max = 0});
  KEEL_ASSERT_OK(db->write([](Tx& tx) { return tx.execute_script("CREATE TABLE t (x BIGINT)"); }));
  for (bool write : {false, true}) {
    std::latch holding(1);
    std::latch release(1);
    std::thread holder([&] {
      auto held = [&](Tx& tx) -> Result<void> {
        TRY(tx.query("SELECT count(*) FROM t"));
        holding.count_down();
        release.wait();
        return Ok{};
      };
      KEEL_EXPECT_OK(write ? db->write(held) : db->read(held));
    });
    holding.wait();
    // SQLite: the one writer (or the one reader) is taken; PostgreSQL: the pool of one is.
    auto other = [](Tx& tx) { return tx.query("SELECT count(*) FROM t"); };
    auto blocked = write ? db->write(other) : db->read(other);
    release.count_down();
    holder.join();
    KEEL_ASSERT_ERROR(blocked, "db_busy");
    EXPECT_EQ(blocked.error().kind(), ErrorKind::transient);
    EXPECT_TRUE(is_retryable(blocked.error()));
    // Free again afterwards.
    KEEL_EXPECT_OK(write ? db->write(other) : db->read(other));
  }
}

TEST_P(ConcurrencyTest, readers_see_committed_data_while_a_writer_works) {
  auto db = keel::testing::fresh_database(engine());
  KEEL_ASSERT_OK(db->write([](Tx& tx) {
    return tx.execute_script("CREATE TABLE t (x BIGINT); INSERT INTO t (x) VALUES (1)");
  }));
  std::latch written(1);
  std::latch read_done(1);
  std::thread writer([&] {
    KEEL_EXPECT_OK(db->write([&](Tx& tx) -> Result<void> {
      TRY(tx.execute("UPDATE t SET x = 2"));
      written.count_down();
      read_done.wait();
      return Ok{};
    }));
  });
  written.wait();
  auto during = read_integer(*db, "SELECT x FROM t");
  read_done.count_down();
  writer.join();
  KEEL_ASSERT_OK(during);
  EXPECT_EQ(*during, 1);
  auto after = read_integer(*db, "SELECT x FROM t");
  KEEL_ASSERT_OK(after);
  EXPECT_EQ(*after, 2);
}

TEST_P(ConcurrencyTest, broken_connection_is_replaced) {
  if (engine() != Engine::postgres) GTEST_SKIP() << "PostgreSQL connections only";
  std::string url = keel::testing::fresh_database_url(engine());
  auto db = Database::open(url, {.pool_size = 1});
  auto admin = Database::open(url, {.pool_size = 1});
  KEEL_ASSERT_OK(db);
  KEEL_ASSERT_OK(admin);
  auto pid = read_integer(**db, "SELECT pg_backend_pid()");
  KEEL_ASSERT_OK(pid);
  // Kill the pooled connection's server process while it sits idle in the pool.
  KEEL_ASSERT_OK(
      (*admin)->write([&](Tx& tx) { return tx.query("SELECT pg_terminate_backend($1)", {*pid}); }));
  auto again = read_integer(**db, "SELECT pg_backend_pid()");
  KEEL_ASSERT_OK(again);
  EXPECT_NE(*again, *pid);
}

// PostgreSQL only: SQLite's single writer cannot interleave two write transactions, so it
// has neither deadlocks nor serialization failures. Two transactions meet at a latch after
// taking their first row lock; `second_sql` then makes them collide.
std::vector<Result<void>> collide(Database& db, const std::string& first_sql,
                                  const std::string& second_sql, bool serializable) {
  std::latch both_started(2);
  std::vector<Result<void>> results(2);
  std::vector<std::thread> threads;
  for (int index = 0; index < 2; ++index) {
    threads.emplace_back([&, index] {
      bool arrived = false;
      results[static_cast<std::size_t>(index)] = db.write([&](Tx& tx) -> Result<void> {
        if (serializable) TRY(tx.execute_script("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE"));
        TRY(tx.execute(first_sql, {index + 1}));
        // Only the first attempt meets the other thread; a retry runs straight through.
        if (!std::exchange(arrived, true)) both_started.arrive_and_wait();
        TRY(tx.execute(second_sql, {2 - index}));
        return Ok{};
      });
    });
  }
  for (std::thread& thread : threads) thread.join();
  return results;
}

TEST_P(ConcurrencyTest, postgres_deadlock_and_serialization_failure_codes) {
  if (engine() != Engine::postgres) GTEST_SKIP() << "SQLite writers never interleave";
  for (int retries_max : {0, 3}) {
    auto db = keel::testing::fresh_database(engine(), {.retries_max = retries_max});
    KEEL_ASSERT_OK(db->write([](Tx& tx) {
      return tx.execute_script(
          "CREATE TABLE counters (id BIGINT PRIMARY KEY, value BIGINT NOT NULL);"
          "INSERT INTO counters (id, value) VALUES (1, 0), (2, 0)");
    }));
    // Opposite lock order: each waits for the other's first row.
    auto deadlock = collide(*db, "UPDATE counters SET value = value + 1 WHERE id = $1",
                            "UPDATE counters SET value = value + 1 WHERE id = $1", false);
    // Both update row 1 from the same snapshot ($1 only names the thread).
    auto serialization =
        collide(*db, "SELECT value FROM counters WHERE id = 1 AND $1 > 0",
                "UPDATE counters SET value = value + 10 WHERE id = 1 AND $1 > 0", true);
    int deadlocks = 0;
    int serialization_failures = 0;
    for (int index = 0; index < 2; ++index) {
      if (!deadlock[index].ok()) {
        EXPECT_EQ(deadlock[index].error().code(), "db_deadlock");
        ++deadlocks;
      }
      if (!serialization[index].ok()) {
        EXPECT_EQ(serialization[index].error().code(), "db_serialization_failure");
        ++serialization_failures;
      }
    }
    // Without retries exactly one of each pair fails; with them both succeed.
    EXPECT_EQ(deadlocks, retries_max == 0 ? 1 : 0);
    EXPECT_EQ(serialization_failures, retries_max == 0 ? 1 : 0);
    auto total = read_integer(*db, "SELECT SUM(value) FROM counters");
    KEEL_ASSERT_OK(total);
    EXPECT_EQ(*total, retries_max == 0 ? 2 + 10 : 4 + 20);
  }
}

KEEL_INSTANTIATE_ENGINES(ConcurrencyTest);

}  // namespace
}  // namespace keel::db
