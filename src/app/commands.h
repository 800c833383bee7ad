#pragma once

#include <istream>
#include <string>
#include <vector>

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
};

int run_serve(const ServeOptions& options);
int run_migrate(const std::string& db_url);
// Proves the ledger invariants (accounting::check) on the database without changing it: prints
// each breach and returns 1, or prints "ok: N invariants checked" and returns 0.
int run_check(const std::string& db_url);
int run_create_user(const CreateUserOptions& options, std::istream& input);

}  // namespace keel::app
