#include "keel/testing/database.h"

#include <stdlib.h>  // mkdtemp
#include <unistd.h>  // getpid

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <optional>
#include <random>

namespace keel::testing {
namespace {

// The test environment itself is broken: say why and stop, rather than skip silently.
[[noreturn]] void fail(const std::string& message) {
  std::fprintf(stderr, "keel_testing: %s\n", message.c_str());
  std::fflush(stderr);
  std::abort();
}

std::optional<std::string> environment(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || value[0] == '\0') return std::nullopt;
  return std::string(value);
}

std::string unique_suffix() {
  static std::atomic<int> counter{0};
  thread_local std::mt19937 random(std::random_device{}());
  char tag[16];
  std::snprintf(tag, sizeof tag, "%06x", static_cast<unsigned>(random() & 0xffffff));
  return std::to_string(getpid()) + "_" + std::to_string(counter++) + "_" + tag;
}

// One temporary directory per process for SQLite files, removed at exit.
class TempDirectory {
 public:
  ~TempDirectory() {
    std::error_code ignored;
    if (!m_path.empty()) std::filesystem::remove_all(m_path, ignored);
  }
  std::filesystem::path path() {
    std::lock_guard lock(m_mutex);
    if (m_path.empty()) {
      std::string pattern = (std::filesystem::temp_directory_path() / "keel-test-XXXXXX").string();
      if (mkdtemp(pattern.data()) == nullptr) fail("cannot create a temporary directory");
      m_path = pattern;
    }
    return m_path;
  }

 private:
  std::mutex m_mutex;
  std::filesystem::path m_path;
};

// Creates one PostgreSQL schema per fresh database and drops them all at exit.
class PgSchemas {
 public:
  ~PgSchemas() {
    if (!m_admin || environment("KEEL_TEST_KEEP_SCHEMAS") == "1") return;
    for (const std::string& schema : m_schemas) {
      (void)m_admin->write([&](keel::db::Tx& tx) {
        return tx.execute_script("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      });
    }
  }

  std::string create(const std::string& base_url) {
    std::lock_guard lock(m_mutex);
    if (!m_admin) {
      auto opened = keel::db::Database::open(base_url, {.pool_size = 1});
      if (!opened.ok()) fail("cannot open KEEL_TEST_PG_URL: " + opened.error().message());
      m_admin = opened.release_value();
    }
    std::string schema = "keel_test_" + unique_suffix();
    auto created = m_admin->write(
        [&](keel::db::Tx& tx) { return tx.execute_script("CREATE SCHEMA " + schema); });
    if (!created.ok()) fail("cannot create schema " + schema + ": " + created.error().message());
    m_schemas.push_back(schema);
    return schema;
  }

 private:
  std::mutex m_mutex;
  std::unique_ptr<keel::db::Database> m_admin;
  std::vector<std::string> m_schemas;
};

TempDirectory& temp_directory() {
  static TempDirectory directory;
  return directory;
}

PgSchemas& pg_schemas() {
  static PgSchemas schemas;
  return schemas;
}

}  // namespace

std::vector<keel::db::Engine> test_engines() {
  std::vector<keel::db::Engine> engines{keel::db::Engine::sqlite};
  if (environment("KEEL_TEST_PG_URL")) {
    engines.push_back(keel::db::Engine::postgres);
  } else if (environment("KEEL_REQUIRE_PG") == "1") {
    fail(
        "KEEL_REQUIRE_PG=1 but KEEL_TEST_PG_URL is not set; start a cluster with "
        "scripts/pg-test-cluster.sh and export its URL");
  }
  return engines;
}

std::vector<keel::db::Engine> all_engines() {
  return {keel::db::Engine::sqlite, keel::db::Engine::postgres};
}

namespace {
// GoogleTest skips a test whose fixture constructor recorded a skip or a fatal failure
// (TestInfo::Run), so this check holds whatever SetUp() a suite writes. The macros return,
// hence a function of its own rather than the constructor body.
void skip_postgres_when_unconfigured(keel::db::Engine engine) {
  if (engine != keel::db::Engine::postgres || environment("KEEL_TEST_PG_URL")) return;
  if (environment("KEEL_REQUIRE_PG") == "1") {
    GTEST_FAIL() << "KEEL_REQUIRE_PG=1 but KEEL_TEST_PG_URL is not set";
  }
  GTEST_SKIP() << "KEEL_TEST_PG_URL is not set";
}
}  // namespace

EngineTest::EngineTest() { skip_postgres_when_unconfigured(GetParam()); }

std::string fresh_database_url(keel::db::Engine engine) {
  if (engine == keel::db::Engine::sqlite) {
    return "sqlite:" + (temp_directory().path() / ("db_" + unique_suffix() + ".sqlite")).string();
  }
  std::optional<std::string> base = environment("KEEL_TEST_PG_URL");
  if (!base) fail("a PostgreSQL test database was asked for but KEEL_TEST_PG_URL is not set");
  std::string schema = pg_schemas().create(*base);
  // libpq passes `options` to the server at connect time, so every pooled connection gets it.
  char separator = base->find('?') == std::string::npos ? '?' : '&';
  return *base + separator + "options=-csearch_path%3D" + schema;
}

std::unique_ptr<keel::db::Database> fresh_database(keel::db::Engine engine,
                                                   keel::db::Options options) {
  std::string url = fresh_database_url(engine);
  auto opened = keel::db::Database::open(url, options);
  if (!opened.ok()) fail("cannot open " + url + ": " + opened.error().message());
  return opened.release_value();
}

std::string engine_test_name(const ::testing::TestParamInfo<keel::db::Engine>& info) {
  return std::string(keel::db::to_string(info.param));
}

keel::db::Database& EngineTest::database() {
  if (!m_database) m_database = fresh_database(GetParam());
  return *m_database;
}

}  // namespace keel::testing
