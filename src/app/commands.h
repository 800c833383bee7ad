#pragma once

#include <istream>
#include <string>
#include <vector>

#include "keel/core/clock.h"
#include "keel/core/result.h"
#include "keel/db/db.h"

// The CLI commands. Each returns the process exit code.
namespace keel::app {

struct ServeOptions {
  std::string db_url = "sqlite:data/keel.db";
  std::string listen = "127.0.0.1:8080";
  std::string web_dir;  // default: web/dist when it exists
  int workers = 4;
  bool demo = false;
};

struct CreateUserOptions {
  std::string db_url;
  std::string email;
  std::string name;
  bool password_stdin = false;
  std::vector<std::string> roles;
  std::string company;
  // Settings of the company when this command creates it (empty: the defaults, EUR and
  // the Gregorian calendar). Naming settings for an existing company that has others is
  // refused (company_settings_mismatch).
  std::string currency;
  std::string calendar;  // gregorian | persian
  std::string country;   // ISO 3166-1 alpha-2
};

int run_serve(const ServeOptions& options);
int run_migrate(const std::string& db_url);
// Proves the ledger invariants (accounting::check) on the database without changing it: prints
// each breach and returns 1, or prints "ok: N invariants checked" and returns 0.
int run_check(const std::string& db_url);
int run_create_user(const CreateUserOptions& options, std::istream& input);

// The part of `keel admin create-user` that applies --currency, --calendar and --country:
// creates the named company with them when it does not exist yet; does nothing when none is
// given. Errors: company_required (settings without --company), company_settings_mismatch
// (the company exists with other settings), and create_company's (currency_invalid,
// currency_unknown, country_invalid, calendar_invalid).
Result<void> prepare_company(db::Database& database, const Clock& clock,
                             const CreateUserOptions& options);

}  // namespace keel::app
