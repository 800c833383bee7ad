#pragma once

// Test support shared by every module's tests: fresh, empty databases on both engines, and a
// GoogleTest fixture that runs a suite once per engine.
//
// Typical use, in src/modules/<m>/src/<thing>_test.cc:
//
//   #include "keel/testing/database.h"
//
//   class StockTest : public keel::testing::EngineTest {};
//
//   TEST_P(StockTest, reserve_never_oversells) {
//     keel::db::Database& db = database();        // a fresh, empty database for this test
//     ASSERT_TRUE(keel::db::migrate(db, {&keel::inventory::detail::migrations()}).ok());
//     ...
//   }
//
//   KEEL_INSTANTIATE_ENGINES(StockTest);           // runs as .../sqlite and .../postgres
//
// Engines: every suite is instantiated for both engines, so the list of tests (and CTest's
// discovery at build time) does not depend on the environment. The .../postgres tests run
// when KEEL_TEST_PG_URL is set (e.g. postgresql://keel@127.0.0.1:54330/keel_test, see
// scripts/pg-test-cluster.sh); otherwise they are skipped, or fail when KEEL_REQUIRE_PG=1.
// The check runs in EngineTest's constructor, before any SetUp(), so a suite may override
// SetUp() freely.
//
// Inside `namespace keel`, the name `testing` means keel::testing: write `::testing::` for
// GoogleTest's own names there (the TEST_P / EXPECT_* macros already do).

#include <gtest/gtest.h>

#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "keel/db/db.h"

namespace keel::testing {

// The engines the tests can run on here, SQLite first: PostgreSQL only when
// KEEL_TEST_PG_URL is set. Aborts the process (with a message on stderr) when
// KEEL_REQUIRE_PG=1 but KEEL_TEST_PG_URL is not set. For loops inside a plain TEST.
std::vector<keel::db::Engine> test_engines();

// Both engines, whatever the environment: what KEEL_INSTANTIATE_ENGINES instantiates.
std::vector<keel::db::Engine> all_engines();

// The URL of a new, empty database on `engine`:
//   sqlite    a new file in a fresh temporary directory, removed when the process exits;
//   postgres  KEEL_TEST_PG_URL with `options=-csearch_path%3D<schema>` for a newly created
//             schema with a unique name, so every pooled connection lands in it; the schema
//             is dropped when the process exits (kept when KEEL_TEST_KEEP_SCHEMAS=1).
// Two Database objects opened on the same URL share the data (e.g. to test reopening).
// Aborts the process when the database cannot be created: the test environment is broken.
std::string fresh_database_url(keel::db::Engine engine);

// Opens a new, empty database on `engine` (see fresh_database_url) with `options`. The caller
// owns it. Aborts the process when it cannot be opened.
std::unique_ptr<keel::db::Database> fresh_database(keel::db::Engine engine,
                                                   keel::db::Options options = {});

// Test name suffix for an engine parameter: "sqlite" or "postgres".
std::string engine_test_name(const ::testing::TestParamInfo<keel::db::Engine>& info);

// A parameterised fixture whose parameter is the engine. Derive a suite from it, write
// TEST_P tests, and instantiate it with KEEL_INSTANTIATE_ENGINES(Suite).
class EngineTest : public ::testing::TestWithParam<keel::db::Engine> {
 protected:
  // Skips a postgres run when KEEL_TEST_PG_URL is not set (fails it when KEEL_REQUIRE_PG=1);
  // GoogleTest then runs neither SetUp() nor the test body.
  EngineTest();
  // The engine of this test run.
  keel::db::Engine engine() const { return GetParam(); }
  // This test's database: created empty on first call, the same object afterwards, closed
  // when the test ends.
  keel::db::Database& database();

 private:
  std::unique_ptr<keel::db::Database> m_database;
};

}  // namespace keel::testing

namespace keel::db {
// Lets GoogleTest print an engine parameter as "sqlite" / "postgres" in failure messages.
inline void PrintTo(Engine engine, std::ostream* out) { *out << to_string(engine); }
}  // namespace keel::db

// Runs every TEST_P of `suite` once per engine of all_engines(); the test names end in
// /sqlite or /postgres (e.g. Engines/StockTest.reserve_never_oversells/postgres).
#define KEEL_INSTANTIATE_ENGINES(suite)                                                         \
  INSTANTIATE_TEST_SUITE_P(Engines, suite, ::testing::ValuesIn(::keel::testing::all_engines()), \
                           ::keel::testing::engine_test_name)

// Asserts that a Result is ok, and prints the error's code and message when it is not.
#define KEEL_ASSERT_OK(expression)                                                  \
  do {                                                                              \
    const auto& _keel_checked = (expression);                                       \
    ASSERT_TRUE(_keel_checked.ok())                                                 \
        << _keel_checked.error().code() << ": " << _keel_checked.error().message(); \
  } while (false)

// Expects that a Result is ok, and prints the error's code and message when it is not.
#define KEEL_EXPECT_OK(expression)                                                  \
  do {                                                                              \
    const auto& _keel_checked = (expression);                                       \
    EXPECT_TRUE(_keel_checked.ok())                                                 \
        << _keel_checked.error().code() << ": " << _keel_checked.error().message(); \
  } while (false)

// Asserts that a Result failed, and expects its error code to be `expected_code` (a string).
#define KEEL_ASSERT_ERROR(expression, expected_code)                                             \
  do {                                                                                           \
    const auto& _keel_checked = (expression);                                                    \
    ASSERT_FALSE(_keel_checked.ok()) << "expected error " << (expected_code);                    \
    EXPECT_EQ(_keel_checked.error().code(), (expected_code)) << _keel_checked.error().message(); \
  } while (false)
