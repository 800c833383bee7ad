#include "commands.h"

#include <spdlog/spdlog.h>

#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <thread>
#include <filesystem>
#include <iostream>

#include "demo.h"
#include "keel/accounting/accounting_api.h"
#include "keel/auth/auth_api.h"
#include "keel/core/clock.h"
#include "keel/crm/crm_api.h"
#include "keel/db/db.h"
#include "keel/db/migrations.h"
#include "keel/http/dispatcher.h"
#include "keel/http/server.h"
#include "keel/inventory/inventory_api.h"
#include "keel/sales/sales_api.h"
#include "modules.h"
#include "version.h"

namespace keel::app {
namespace {

// For sqlite:PATH, creates PATH's directory so that a first start just works.
void prepare_sqlite_directory(const std::string& url) {
  constexpr std::string_view kPrefix = "sqlite:";
  if (url.rfind(kPrefix, 0) != 0) return;
  const std::filesystem::path path(url.substr(kPrefix.size()));
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
}

Result<std::unique_ptr<db::Database>> open_and_migrate(const std::string& url, int pool_size) {
  prepare_sqlite_directory(url);
  db::Options options;
  options.pool_size = pool_size;
  auto database = TRY(db::Database::open(url, options));
  const int applied = TRY(db::migrate(*database, all_migrations()));
  if (applied > 0) spdlog::info("applied {} migration(s)", applied);
  // Permissions declared since a company was created reach its built-in roles.
  const auto catalog = all_permissions();
  const std::int64_t granted = TRY(database->write(
      [&](db::Tx& tx) { return auth::sync_builtin_roles(tx, catalog); }));
  if (granted > 0) spdlog::info("granted {} new permission(s) to built-in roles", granted);
  return database;
}

Result<std::pair<std::string, std::uint16_t>> parse_listen(const std::string& listen) {
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos) {
    return Error::validation("listen_invalid", "--listen must be ADDRESS:PORT");
  }
  std::string address = listen.substr(0, colon);
  if (address.empty()) address = "127.0.0.1";
  int port = 0;
  try {
    port = std::stoi(listen.substr(colon + 1));
  } catch (const std::exception&) {
    port = -1;
  }
  if (port <= 0 || port > 65535) {
    return Error::validation("listen_invalid", "--listen port must be 1..65535");
  }
  return std::pair{address, static_cast<std::uint16_t>(port)};
}

// Deletes stored Idempotency-Key responses past their retention, at start and then hourly,
// until destroyed. Lookups already ignore expired keys; this keeps the table small.
class IdempotencyJanitor {
 public:
  IdempotencyJanitor(db::Database& database, const Clock& clock)
      : m_database(database), m_clock(clock), m_thread([this] { loop(); }) {}
  ~IdempotencyJanitor() {
    {
      std::lock_guard lock(m_mutex);
      m_stopping = true;
    }
    m_wake.notify_all();
    m_thread.join();
  }

 private:
  void loop() {
    std::unique_lock lock(m_mutex);
    while (!m_stopping) {
      lock.unlock();
      auto purged = m_database.write([&](db::Tx& tx) {
        return http::purge_expired_idempotency_keys(tx, m_clock.now());
      });
      if (!purged) {
        spdlog::warn("idempotency purge failed: {}", purged.error().message());
      } else if (*purged > 0) {
        spdlog::info("purged {} expired idempotency key(s)", *purged);
      }
      lock.lock();
      m_wake.wait_for(lock, std::chrono::hours(1), [this] { return m_stopping; });
    }
  }

  db::Database& m_database;
  const Clock& m_clock;
  std::mutex m_mutex;
  std::condition_variable m_wake;
  bool m_stopping = false;
  std::thread m_thread;
};

int fail(const Error& error) {
  std::fprintf(stderr, "keel: %s (%s)\n", error.message().c_str(), error.code().c_str());
  return 1;
}

}  // namespace

int run_migrate(const std::string& db_url) {
  auto database = open_and_migrate(db_url, 2);
  if (!database) return fail(database.error());
  std::printf("database is up to date\n");
  return 0;
}

int run_check(const std::string& db_url) {
  // Opened without migrating: a check must not change the database it judges.
  auto database = db::Database::open(db_url, {.pool_size = 1});
  if (!database) return fail(database.error());
  // Each module proves its own invariants; the inventory one includes that the inventory
  // account equals the stock valuation.
  auto breaches = (*database)->read([](db::Tx& tx) -> Result<std::vector<std::string>> {
    auto all = TRY(accounting::check(tx));
    for (auto&& more : {TRY(inventory::check(tx)), TRY(sales::check(tx)), TRY(crm::check(tx))}) {
      all.insert(all.end(), more.begin(), more.end());
    }
    return all;
  });
  if (!breaches) return fail(breaches.error());
  for (const auto& breach : *breaches) std::printf("%s\n", breach.c_str());
  if (!breaches->empty()) return 1;
  std::printf("ok: %d invariants checked\n",
              accounting::kCheckedInvariantsCount + inventory::kCheckedInvariantsCount +
                  sales::kCheckedInvariantsCount + crm::kCheckedInvariantsCount);
  return 0;
}

int run_serve(const ServeOptions& options) {
  SystemClock clock;
  auto listen = parse_listen(options.listen);
  if (!listen) return fail(listen.error());
  auto database = open_and_migrate(options.db_url, options.workers + 2);
  if (!database) return fail(database.error());

  std::optional<DemoLogin> demo;
  if (options.demo) {
    auto seeded = ensure_demo(**database, clock);
    if (!seeded) return fail(seeded.error());
    demo = *seeded;
  }

  auto router = build_router(clock);
  auto authenticator = auth::make_authenticator(clock);
  http::ServerOptions server_options;
  server_options.address = listen->first;
  server_options.port = listen->second;
  server_options.worker_threads = options.workers;
  server_options.web_dir = options.web_dir;
  if (server_options.web_dir.empty() && std::filesystem::exists("web/dist/index.html")) {
    server_options.web_dir = "web/dist";
  }
  http::Server server(*router, **database, *authenticator, clock, server_options);
  IdempotencyJanitor janitor(**database, clock);

  std::printf("Keel %s is running at http://%s:%u/\n", kVersion, listen->first.c_str(),
              static_cast<unsigned>(listen->second));
  if (demo) {
    std::printf("Log in as %s with password %s\n", demo->email.c_str(),
                demo->password.c_str());
  }
  std::fflush(stdout);
  auto ran = server.run();
  if (!ran) return fail(ran.error());
  spdlog::info("stopped");
  return 0;
}

Result<void> prepare_company(db::Database& database, const Clock& clock,
                             const CreateUserOptions& options) {
  if (options.currency.empty() && options.calendar.empty() && options.country.empty()) {
    return Ok{};
  }
  if (options.company.empty()) {
    return Error::validation("company_required",
                             "--currency, --calendar and --country need --company", "company");
  }
  auth::NewCompany wanted;
  wanted.name = options.company;
  if (!options.currency.empty()) wanted.currency = options.currency;
  if (!options.calendar.empty()) wanted.calendar = options.calendar;
  wanted.country = options.country;
  const auto catalog = all_permissions();
  return database.write([&](db::Tx& tx) -> Result<void> {
    const auto found = TRY(auth::find_company_by_name(tx, options.company));
    if (!found) {
      TRY(auth::create_company(tx, clock, wanted, catalog));
      return Ok{};
    }
    const auth::Company company = TRY(auth::get_company(tx, *found));
    const bool differs = (!options.currency.empty() && company.currency != options.currency) ||
                         (!options.calendar.empty() && company.calendar != options.calendar) ||
                         (!options.country.empty() && company.country != options.country);
    if (differs) {
      return Error::conflict("company_settings_mismatch",
                             "company " + options.company + " exists with currency " +
                                 company.currency + ", calendar " + company.calendar +
                                 ", country " + company.country);
    }
    return Ok{};
  });
}

int run_create_user(const CreateUserOptions& options, std::istream& input) {
  std::string password;
  std::getline(input, password);
  if (!password.empty() && password.back() == '\r') password.pop_back();
  SystemClock clock;
  auto database = open_and_migrate(options.db_url, 2);
  if (!database) return fail(database.error());
  if (auto checked = auth::check_password(password); !checked) return fail(checked.error());
  if (auto prepared = prepare_company(**database, clock, options); !prepared) {
    return fail(prepared.error());
  }
  auto created = create_user_in_company(**database, clock, options, password);
  if (!created) return fail(created.error());
  std::printf("created user %s (id %lld)\n", options.email.c_str(),
              static_cast<long long>(created->value()));
  return 0;
}

}  // namespace keel::app
