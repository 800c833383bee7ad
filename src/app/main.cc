// keel: the one binary. `keel serve`, `keel migrate`, `keel check`, `keel admin create-user`, `keel version`.
#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <iostream>
#include <string>

#include "commands.h"
#include "version.h"

int main(int argc, char** argv) {
  CLI::App cli{"Keel: one program and one database for the whole business (ERP + CRM)"};
  cli.require_subcommand(1);
  keel::app::ServeOptions serve;
  keel::app::CreateUserOptions create_user;
  std::string migrate_db;

  auto* serve_cmd = cli.add_subcommand("serve", "Run the HTTP server and the browser app");
  serve_cmd->add_option("--db", serve.db_url, "sqlite:PATH or postgresql://… URL")
      ->capture_default_str();
  serve_cmd->add_option("--listen", serve.listen, "ADDRESS:PORT to listen on")
      ->capture_default_str();
  serve_cmd->add_option("--web-dir", serve.web_dir, "Built browser app to serve at /");
  serve_cmd->add_option("--workers", serve.workers, "Worker threads for database work")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  serve_cmd->add_flag("--demo", serve.demo,
                      "On a database with no company, create the demo company and login");

  auto* migrate_cmd = cli.add_subcommand("migrate", "Apply pending database migrations");
  migrate_cmd->add_option("--db", migrate_db, "sqlite:PATH or postgresql://… URL")->required();

  std::string check_db;
  auto* check_cmd =
      cli.add_subcommand("check", "Prove the ledger invariants; exit 1 naming each breach");
  check_cmd->add_option("--db", check_db, "sqlite:PATH or postgresql://… URL")->required();

  auto* admin_cmd = cli.add_subcommand("admin", "Administration");
  admin_cmd->require_subcommand(1);
  auto* create_user_cmd = admin_cmd->add_subcommand("create-user", "Create a user");
  create_user_cmd->add_option("--db", create_user.db_url, "Database URL")->required();
  create_user_cmd->add_option("--email", create_user.email, "Login e-mail")->required();
  create_user_cmd->add_option("--name", create_user.name, "Display name");
  create_user_cmd->add_flag("--password-stdin", create_user.password_stdin,
                            "Read the password from standard input")
      ->required();
  create_user_cmd->add_option("--role", create_user.roles, "Role code (repeatable)")
      ->required();
  create_user_cmd->add_option("--company", create_user.company,
                              "Company name (created when missing)");
  create_user_cmd->add_option("--currency", create_user.currency,
                              "Currency of a company created here (ISO 4217, default EUR)");
  create_user_cmd->add_option("--calendar", create_user.calendar,
                              "Calendar of a company created here: gregorian or persian");
  create_user_cmd->add_option("--country", create_user.country,
                              "Country of a company created here (ISO 3166-1 alpha-2)");

  cli.add_subcommand("version", "Print the version")->callback([] {
    std::printf("keel %s\n", keel::app::kVersion);
  });

  CLI11_PARSE(cli, argc, argv);

  if (serve_cmd->parsed()) return keel::app::run_serve(serve);
  if (migrate_cmd->parsed()) return keel::app::run_migrate(migrate_db);
  if (check_cmd->parsed()) return keel::app::run_check(check_db);
  if (create_user_cmd->parsed()) return keel::app::run_create_user(create_user, std::cin);
  return 0;
}
