// Behaviour of the db interface, run on every engine of keel::testing::test_engines().

#include "keel/db/db.h"

#include <gtest/gtest.h>

#include <limits>
#include <stdexcept>

#include "keel/db/migrations.h"
#include "keel/testing/database.h"

namespace keel::db {
namespace {

class DbTest : public keel::testing::EngineTest {
 protected:
  void SetUp() override {
    KEEL_ASSERT_OK(database().write([](Tx& tx) -> Result<void> {
      return tx.execute_script(
          "CREATE TABLE items (id BIGINT PRIMARY KEY, name TEXT UNIQUE, "
          "quantity BIGINT NOT NULL CHECK (quantity >= 0));"
          "CREATE TABLE item_notes (item_id BIGINT NOT NULL REFERENCES items (id), body TEXT)");
    }));
  }

  std::int64_t count_items() {
    auto counted = database().read([](Tx& tx) -> Result<std::int64_t> {
      auto row = TRY(tx.query_one("SELECT count(*) FROM items"));
      return row->integer(0);
    });
    EXPECT_TRUE(counted.ok());
    return counted.ok() ? *counted : -1;
  }

  Result<std::int64_t> insert(std::int64_t id, Value name, std::int64_t quantity) {
    return database().write([&](Tx& tx) {
      return tx.execute("INSERT INTO items (id, name, quantity) VALUES ($1, $2, $3)",
                        {id, name, quantity});
    });
  }
};

TEST_P(DbTest, int64_limits_round_trip) {
  constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  KEEL_ASSERT_OK(insert(kMin, "min", 0));
  KEEL_ASSERT_OK(insert(kMax, "max", kMax));
  KEEL_ASSERT_OK(insert(0, "zero", 0));
  auto rows = database().read(
      [](Tx& tx) { return tx.query("SELECT id, quantity FROM items ORDER BY id"); });
  KEEL_ASSERT_OK(rows);
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ((*rows)[0].integer(0), kMin);
  EXPECT_EQ((*rows)[1].integer(0), 0);
  EXPECT_EQ((*rows)[2].integer(0), kMax);
  EXPECT_EQ((*rows)[2].integer(1), kMax);
  // Integer columns arrive as integers on both engines, not as text.
  EXPECT_TRUE(std::holds_alternative<std::int64_t>((*rows)[2].value(0)));
  auto found = database().read(
      [&](Tx& tx) { return tx.query_one("SELECT name FROM items WHERE id = $1", {kMin}); });
  KEEL_ASSERT_OK(found);
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->text(0), "min");
}

TEST_P(DbTest, utf8_text_round_trips) {
  const std::vector<std::string> texts = {
      "سلام دنیا، ۱۲۳۴۵۶۷۸۹۰ ریال",  // Persian, with Persian digits
      "שלום עולם",                   // Hebrew
      "你好，世界：库存与发票",      // Chinese
      "Ąžuolas ėčęįšųūž ĄČĘĖĮŠŲŪŽ",  // Lithuanian
      "emoji 🧾 and a tab\tand a quote ' \"",
      "",
  };
  for (std::size_t i = 0; i < texts.size(); ++i) {
    KEEL_ASSERT_OK(insert(static_cast<std::int64_t>(i), texts[i], 1));
  }
  for (std::size_t i = 0; i < texts.size(); ++i) {
    auto row = database().read([&](Tx& tx) {
      return tx.query_one("SELECT id, name FROM items WHERE name = $1", {texts[i]});
    });
    KEEL_ASSERT_OK(row);
    ASSERT_TRUE(row->has_value()) << texts[i];
    EXPECT_EQ((*row)->integer(0), static_cast<std::int64_t>(i));
    EXPECT_EQ((*row)->text(1), texts[i]);
  }
}

TEST_P(DbTest, nulls_round_trip) {
  KEEL_ASSERT_OK(insert(1, null, 5));
  auto row = database().read(
      [](Tx& tx) { return tx.query_one("SELECT name, quantity, NULL FROM items"); });
  KEEL_ASSERT_OK(row);
  ASSERT_TRUE(row->has_value());
  EXPECT_TRUE((*row)->is_null(0));
  EXPECT_EQ((*row)->optional_text(0), std::nullopt);
  EXPECT_FALSE((*row)->is_null(1));
  EXPECT_EQ((*row)->optional_integer(1), 5);
  EXPECT_TRUE((*row)->is_null(2));
  EXPECT_EQ((*row)->optional_integer(2), std::nullopt);
  auto by_null = database().read([](Tx& tx) {
    return tx.query("SELECT id FROM items WHERE name IS NULL AND quantity = $1", {5});
  });
  KEEL_ASSERT_OK(by_null);
  EXPECT_EQ(by_null->size(), 1u);
}

TEST_P(DbTest, placeholders_bind_by_number_not_by_position) {
  KEEL_ASSERT_OK(database().write([](Tx& tx) {
    return tx.execute("INSERT INTO items (quantity, id, name) VALUES ($3, $1, $2)",
                      {7, "seven", 70});
  }));
  auto row = database().read([](Tx& tx) {
    // $2 appears first in the text; SQLite would bind it to the first value if positional.
    return tx.query_one("SELECT id, quantity FROM items WHERE name = $2 AND id = $1", {7, "seven"});
  });
  KEEL_ASSERT_OK(row);
  ASSERT_TRUE(row->has_value());
  EXPECT_EQ((*row)->integer(0), 7);
  EXPECT_EQ((*row)->integer(1), 70);
}

TEST_P(DbTest, parameter_used_twice) {
  KEEL_ASSERT_OK(database().write([](Tx& tx) {
    return tx.execute("INSERT INTO items (id, name, quantity) VALUES ($1, 'twice', $1)", {42});
  }));
  auto rows = database().read([](Tx& tx) {
    return tx.query("SELECT id FROM items WHERE id = $1 AND quantity = $1", {42});
  });
  KEEL_ASSERT_OK(rows);
  EXPECT_EQ(rows->size(), 1u);
}

TEST_P(DbTest, returning_id_from_identity_column) {
  Migration table{1, "notes.sql", Dialect::any, "CREATE TABLE notes (id {{id}}, body TEXT)"};
  KEEL_ASSERT_OK(
      database().write([&](Tx& tx) { return tx.execute_script(render(table, tx.engine())); }));
  for (std::int64_t expected = 1; expected <= 3; ++expected) {
    auto id = database().write([](Tx& tx) -> Result<std::int64_t> {
      auto row = TRY(tx.query_one("INSERT INTO notes (body) VALUES ($1) RETURNING id", {"n"}));
      return row->integer(0);
    });
    KEEL_ASSERT_OK(id);
    EXPECT_EQ(*id, expected);
  }
}

TEST_P(DbTest, affected_row_counts) {
  for (std::int64_t id = 1; id <= 5; ++id) {
    KEEL_ASSERT_OK(insert(id, "item " + std::to_string(id), id * 10));
  }
  auto counts = database().write([](Tx& tx) -> Result<std::vector<std::int64_t>> {
    std::vector<std::int64_t> out;
    out.push_back(TRY(tx.execute("UPDATE items SET quantity = quantity + 1 WHERE id > $1", {2})));
    out.push_back(TRY(tx.execute("UPDATE items SET quantity = 0 WHERE id = $1", {99})));
    out.push_back(TRY(tx.execute("DELETE FROM items WHERE quantity < $1", {25})));
    out.push_back(TRY(tx.execute("CREATE TABLE scratch (x BIGINT)")));
    out.push_back(TRY(tx.execute("SELECT count(*) FROM items")));
    return out;
  });
  KEEL_ASSERT_OK(counts);
  EXPECT_EQ(*counts, (std::vector<std::int64_t>{3, 0, 2, 0, 0}));
}

TEST_P(DbTest, sum_and_boolean_results_read_as_integers) {
  constexpr std::int64_t kBig = std::int64_t{1} << 61;
  KEEL_ASSERT_OK(insert(1, "a", kBig));
  KEEL_ASSERT_OK(insert(2, "b", 3));
  auto row = database().read([](Tx& tx) {
    return tx.query_one(
        "SELECT SUM(quantity), quantity > 5, quantity < 5 FROM items WHERE id = $1 "
        "GROUP BY quantity",
        {1});
  });
  KEEL_ASSERT_OK(row);
  ASSERT_TRUE(row->has_value());
  EXPECT_EQ((*row)->integer(0), kBig);
  EXPECT_EQ((*row)->integer(1), 1);
  EXPECT_EQ((*row)->integer(2), 0);
  auto total = database().read([](Tx& tx) -> Result<std::int64_t> {
    auto sum = TRY(tx.query_one("SELECT SUM(quantity) FROM items"));
    return sum->integer(0);
  });
  KEEL_ASSERT_OK(total);
  EXPECT_EQ(*total, kBig + 3);
}

TEST_P(DbTest, error_from_body_rolls_back_everything) {
  auto result = database().write([&](Tx& tx) -> Result<void> {
    TRY(tx.execute("INSERT INTO items (id, name, quantity) VALUES (1, 'a', 1)"));
    TRY(tx.execute("INSERT INTO items (id, name, quantity) VALUES (2, 'b', 1)"));
    return Error::conflict("test_refused", "the body changed its mind");
  });
  KEEL_ASSERT_ERROR(result, "test_refused");
  EXPECT_EQ(count_items(), 0);
}

TEST_P(DbTest, exception_rolls_back_and_is_rethrown) {
  EXPECT_THROW((void)database().write([&](Tx& tx) -> Result<void> {
    TRY(tx.execute("INSERT INTO items (id, name, quantity) VALUES (1, 'a', 1)"));
    throw std::runtime_error("boom");
  }),
               std::runtime_error);
  EXPECT_EQ(count_items(), 0);
  // The connection went back in a usable state.
  KEEL_EXPECT_OK(insert(1, "a", 1));
  EXPECT_EQ(count_items(), 1);
}

TEST_P(DbTest, unique_violation_has_its_own_code) {
  KEEL_ASSERT_OK(insert(1, "a", 1));
  auto same_key = insert(1, "b", 1);
  KEEL_ASSERT_ERROR(same_key, "db_unique_violation");
  EXPECT_EQ(same_key.error().kind(), ErrorKind::conflict);
  KEEL_ASSERT_ERROR(insert(2, "a", 1), "db_unique_violation");
  EXPECT_FALSE(is_retryable(same_key.error()));
}

TEST_P(DbTest, constraint_violations_have_their_code) {
  KEEL_ASSERT_ERROR(insert(1, "negative", -1), "db_constraint_violation");
  KEEL_ASSERT_ERROR(database().write([](Tx& tx) {
    return tx.execute("INSERT INTO items (id, name, quantity) VALUES (1, 'x', $1)", {null});
  }),
                    "db_constraint_violation");
  KEEL_ASSERT_ERROR(database().write([](Tx& tx) {
    return tx.execute("INSERT INTO item_notes (item_id, body) VALUES ($1, 'orphan')", {99});
  }),
                    "db_constraint_violation");
  EXPECT_EQ(count_items(), 0);
}

TEST_P(DbTest, savepoints_undo_part_of_a_transaction) {
  KEEL_ASSERT_OK(database().write([](Tx& tx) -> Result<void> {
    TRY(tx.execute("INSERT INTO items (id, name, quantity) VALUES (1, 'kept', 1)"));
    TRY(tx.savepoint("unit_2"));
    TRY(tx.execute("INSERT INTO items (id, name, quantity) VALUES (2, 'undone', 1)"));
    TRY(tx.rollback_to_savepoint("unit_2"));
    TRY(tx.release_savepoint("unit_2"));
    TRY(tx.savepoint("unit_3"));
    // A failed statement inside a savepoint is recoverable on both engines (PostgreSQL
    // aborts the whole transaction otherwise).
    auto duplicate = tx.execute("INSERT INTO items (id, name, quantity) VALUES (1, 'dup', 1)");
    EXPECT_FALSE(duplicate.ok());
    TRY(tx.rollback_to_savepoint("unit_3"));
    TRY(tx.execute("INSERT INTO items (id, name, quantity) VALUES (3, 'also kept', 1)"));
    TRY(tx.release_savepoint("unit_3"));
    return Ok{};
  }));
  auto names =
      database().read([](Tx& tx) { return tx.query("SELECT name FROM items ORDER BY id"); });
  KEEL_ASSERT_OK(names);
  ASSERT_EQ(names->size(), 2u);
  EXPECT_EQ((*names)[0].text(0), "kept");
  EXPECT_EQ((*names)[1].text(0), "also kept");
}

TEST_P(DbTest, ignored_statement_error_never_commits_half_silently) {
  auto result = database().write([](Tx& tx) -> Result<void> {
    TRY(tx.execute("INSERT INTO items (id, name, quantity) VALUES (1, 'a', 1)"));
    (void)tx.execute("INSERT INTO items (id, name, quantity) VALUES (1, 'a', 1)");
    return Ok{};
  });
  if (engine() == Engine::postgres) {
    // PostgreSQL aborted the transaction at the failed statement; COMMIT must not report
    // success for a transaction the server rolled back.
    KEEL_ASSERT_ERROR(result, "db_error");
    EXPECT_EQ(count_items(), 0);
  } else {
    // SQLite undoes only the failed statement.
    KEEL_EXPECT_OK(result);
    EXPECT_EQ(count_items(), 1);
  }
}

TEST_P(DbTest, read_transaction_cannot_write) {
  auto result = database().read([](Tx& tx) {
    EXPECT_FALSE(tx.is_write());
    return tx.execute("INSERT INTO items (id, name, quantity) VALUES (1, 'a', 1)");
  });
  KEEL_ASSERT_ERROR(result, "db_read_only");
  EXPECT_EQ(count_items(), 0);
}

TEST_P(DbTest, bugs_in_sql_are_db_error) {
  KEEL_ASSERT_ERROR(database().read([](Tx& tx) { return tx.query("SELEC 1"); }), "db_error");
  KEEL_ASSERT_ERROR(database().read([](Tx& tx) { return tx.query("SELECT $1 + 1", {}); }),
                    "db_error");
  KEEL_ASSERT_ERROR(database().read([](Tx& tx) {
    return tx.query("SELECT count(*) FROM items WHERE id = $1", {1, 2});
  }),
                    "db_error");
  KEEL_ASSERT_ERROR(database().read([](Tx& tx) { return tx.query("SELECT 1; SELECT 2"); }),
                    "db_error");
}

TEST_P(DbTest, retryable_errors_rerun_the_whole_body) {
  auto db = keel::testing::fresh_database(engine(), {.retries_max = 3});
  int calls = 0;
  auto result = db->write([&](Tx&) -> Result<int> {
    if (++calls < 3) return Error::transient("db_serialization_failure", "try again");
    return calls;
  });
  KEEL_ASSERT_OK(result);
  EXPECT_EQ(*result, 3);
  calls = 0;
  auto exhausted = db->write([&](Tx&) -> Result<void> {
    ++calls;
    return Error::transient("db_deadlock", "always");
  });
  KEEL_ASSERT_ERROR(exhausted, "db_deadlock");
  EXPECT_EQ(calls, 4);
  calls = 0;
  auto not_retried = db->write([&](Tx&) -> Result<void> {
    ++calls;
    return Error::conflict("db_unique_violation", "final");
  });
  KEEL_ASSERT_ERROR(not_retried, "db_unique_violation");
  EXPECT_EQ(calls, 1);
}

TEST_P(DbTest, data_survives_reopening) {
  std::string url = keel::testing::fresh_database_url(engine());
  {
    auto db = Database::open(url);
    KEEL_ASSERT_OK(db);
    KEEL_ASSERT_OK((*db)->write([](Tx& tx) -> Result<void> {
      TRY(tx.execute_script("CREATE TABLE kept (x BIGINT)"));
      TRY(tx.execute("INSERT INTO kept (x) VALUES ($1)", {17}));
      return Ok{};
    }));
  }
  auto db = Database::open(url);
  KEEL_ASSERT_OK(db);
  EXPECT_EQ((*db)->engine(), engine());
  auto x = (*db)->read([](Tx& tx) -> Result<std::int64_t> {
    auto row = TRY(tx.query_one("SELECT x FROM kept"));
    return row->integer(0);
  });
  KEEL_ASSERT_OK(x);
  EXPECT_EQ(*x, 17);
}

KEEL_INSTANTIATE_ENGINES(DbTest);

TEST(DatabaseOpen, url_invalid) {
  for (std::string_view url : {"mysql://localhost/keel", "", "sqlite:", "sqlite::memory:",
                               "postgresql://keel@[::1/keel_test", "postgresql://h/db?nope=1"}) {
    auto opened = Database::open(url);
    ASSERT_FALSE(opened.ok()) << url;
    EXPECT_EQ(opened.error().code(), "db_url_invalid") << url << ": " << opened.error().message();
  }
}

TEST(DatabaseOpen, unavailable) {
  // Port 1 on loopback: nothing listens there, so the connection is refused at once.
  auto postgres = Database::open("postgresql://keel@127.0.0.1:1/keel_test");
  KEEL_ASSERT_ERROR(postgres, "db_unavailable");
  EXPECT_EQ(postgres.error().kind(), ErrorKind::transient);
  KEEL_ASSERT_ERROR(Database::open("sqlite:/nonexistent-keel-dir/sub/db.sqlite"), "db_unavailable");
}

TEST(DatabaseOpen, sqlite_file_is_wal_with_full_sync_and_foreign_keys) {
  auto db = Database::open(keel::testing::fresh_database_url(Engine::sqlite));
  KEEL_ASSERT_OK(db);
  auto settings = (*db)->write([](Tx& tx) -> Result<std::vector<Value>> {
    std::vector<Value> out;
    out.push_back(TRY(tx.query_one("PRAGMA journal_mode"))->value(0));
    out.push_back(TRY(tx.query_one("PRAGMA synchronous"))->value(0));
    out.push_back(TRY(tx.query_one("PRAGMA foreign_keys"))->value(0));
    return out;
  });
  KEEL_ASSERT_OK(settings);
  EXPECT_EQ(*settings, (std::vector<Value>{std::string("wal"), std::int64_t{2}, std::int64_t{1}}));
}

}  // namespace
}  // namespace keel::db
