#include "keel/db/migrations.h"

#include <algorithm>
#include <map>

#include "internal.h"
#include "keel/core/clock.h"

namespace keel::db {
namespace {

constexpr std::string_view kIdToken = "{{id}}";

Error migration_failed(std::string message) {
  return Error::internal("migration_failed", std::move(message));
}

// The name recorded for a migration: its file name without the dialect and .sql suffixes,
// so splitting a shared file into per-engine files later does not look like a rename.
std::string logical_name(std::string_view file) {
  for (std::string_view suffix : {".sqlite.sql", ".postgres.sql", ".sql"}) {
    if (file.ends_with(suffix)) return std::string(file.substr(0, file.size() - suffix.size()));
  }
  return std::string(file);
}

bool applies_to(Dialect dialect, Engine engine) {
  return dialect == Dialect::any || (dialect == Dialect::sqlite && engine == Engine::sqlite) ||
         (dialect == Dialect::postgres && engine == Engine::postgres);
}

// The migrations of `set` that run on `engine`, by version: a dialect file wins over a
// shared file of the same version. Errors: migration_failed for a malformed set.
Result<std::map<int, const Migration*>> plan(const MigrationSet& set, Engine engine) {
  std::map<int, const Migration*> chosen;
  std::map<std::pair<int, Dialect>, const Migration*> seen;
  for (const Migration& migration : set.migrations) {
    std::string where = std::string(set.module) + "/" + std::string(migration.name);
    if (migration.version <= 0) return migration_failed(where + ": version must be positive");
    if (!seen.emplace(std::pair(migration.version, migration.dialect), &migration).second) {
      return migration_failed(where + ": two files with version " +
                              std::to_string(migration.version));
    }
    if (!applies_to(migration.dialect, engine)) continue;
    auto [slot, added] = chosen.emplace(migration.version, &migration);
    if (!added && migration.dialect != Dialect::any) slot->second = &migration;
  }
  return chosen;
}

// PostgreSQL: serialises concurrent migrators of the same schema (two servers starting at
// once). SQLite needs nothing: its write transactions are serial already.
Result<void> lock_migrations(Tx& tx) {
  if (tx.engine() != Engine::postgres) return Ok{};
  TRY(tx.query("SELECT pg_advisory_xact_lock(hashtext('keel_migrations.' || current_schema()))"));
  return Ok{};
}

Result<void> create_table(Database& database) {
  return database.write([](Tx& tx) -> Result<void> {
    TRY(lock_migrations(tx));
    return tx.execute_script(
        "CREATE TABLE IF NOT EXISTS keel_migrations ("
        "module TEXT NOT NULL, version INTEGER NOT NULL, name TEXT NOT NULL, "
        "applied_at TEXT NOT NULL, PRIMARY KEY (module, version))");
  });
}

// Refuses a database whose record of `module` disagrees with the migrations embedded here.
Result<void> check_recorded(Tx& tx, std::string_view module,
                            const std::map<int, const Migration*>& chosen) {
  Rows rows = TRY(tx.query("SELECT version, name FROM keel_migrations WHERE module = $1",
                           {std::string(module)}));
  for (const Row& row : rows) {
    auto version = static_cast<int>(row.integer(0));
    auto found = chosen.find(version);
    std::string where = std::string(module) + " version " + std::to_string(version);
    if (found == chosen.end()) {
      return migration_failed(where + " (" + row.text(1) +
                              ") is recorded but unknown to this binary (database is newer?)");
    }
    if (logical_name(found->second->name) != row.text(1)) {
      return migration_failed(where + " is recorded as " + row.text(1) + " but embedded as " +
                              std::string(found->second->name));
    }
  }
  return Ok{};
}

// Applies one migration with its record; false when it was already recorded (possibly by
// another process since check_recorded ran).
Result<bool> apply(Database& database, const MigrationSet& set, const Migration& migration) {
  Result<bool> applied = database.write([&](Tx& tx) -> Result<bool> {
    TRY(lock_migrations(tx));
    auto recorded =
        TRY(tx.query_one("SELECT name FROM keel_migrations WHERE module = $1 AND version = $2",
                         {std::string(set.module), std::int64_t{migration.version}}));
    if (recorded && recorded->text(0) != logical_name(migration.name)) {
      return migration_failed(std::string(set.module) + " version " +
                              std::to_string(migration.version) + " is recorded as " +
                              recorded->text(0) + " but embedded as " +
                              std::string(migration.name));
    }
    if (recorded) return false;
    TRY(tx.execute_script(render(migration, tx.engine())));
    TRY(tx.execute(
        "INSERT INTO keel_migrations (module, version, name, applied_at) VALUES ($1, $2, $3, $4)",
        {std::string(set.module), std::int64_t{migration.version}, logical_name(migration.name),
         format_instant(SystemClock().now())}));
    return true;
  });
  if (!applied.ok() && applied.error().code() != "migration_failed") {
    return migration_failed(std::string(set.module) + "/" + std::string(migration.name) + ": " +
                            applied.error().code() + ": " + applied.error().message());
  }
  return applied;
}

}  // namespace

Result<int> migrate(Database& database, const std::vector<const MigrationSet*>& sets) {
  Result<void> created = create_table(database);
  if (!created.ok()) {
    return migration_failed("cannot create keel_migrations: " + created.error().message());
  }
  int applied_count = 0;
  for (const MigrationSet* set : sets) {
    KEEL_ASSERT(set != nullptr);
    auto chosen = TRY(plan(*set, database.engine()));
    Result<void> checked =
        database.read([&](Tx& tx) { return check_recorded(tx, set->module, chosen); });
    if (!checked.ok() && checked.error().code() != "migration_failed") {
      return migration_failed(std::string(set->module) + ": " + checked.error().message());
    }
    TRY(std::move(checked));
    for (const auto& [version, migration] : chosen) {
      if (TRY(apply(database, *set, *migration))) ++applied_count;
    }
  }
  return applied_count;
}

std::string render(const Migration& migration, Engine engine) {
  std::string_view id = engine == Engine::sqlite
                            ? "INTEGER PRIMARY KEY"
                            : "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY";
  std::string sql(migration.sql);
  for (std::size_t at = sql.find(kIdToken); at != std::string::npos;
       at = sql.find(kIdToken, at + id.size())) {
    sql.replace(at, kIdToken.size(), id);
  }
  return sql;
}

}  // namespace keel::db
