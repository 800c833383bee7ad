#pragma once

// Fixtures shared by the auth tests: a migrated database with one company and its admin.

#include <gtest/gtest.h>

#include "auth_internal.h"
#include "keel/audit/audit_api.h"
#include "keel/core/clock.h"
#include "keel/db/migrations.h"
#include "keel/http/idempotency.h"
#include "keel/testing/database.h"

namespace keel::auth::test {

inline constexpr const char* kPassword = "correct horse battery";

// 2026-09-21T14:13:20Z
inline const Instant kStart = from_unix_us(1'790'000'000'000'000);

// What the application would pass: every module's permissions (here audit's and auth's).
inline std::vector<http::PermissionSpec> test_catalog() {
  auto catalog = audit::permissions();
  for (auto& spec : permissions()) catalog.push_back(spec);
  return catalog;
}

// argon2id is slow on purpose; the tests share one hash of kPassword.
inline const std::string& password_hash_once() {
  static const std::string hash = hash_password(kPassword);
  return hash;
}

class AuthFixture : public keel::testing::EngineTest {
 protected:
  void SetUp() override {
    KEEL_ASSERT_OK(
        db::migrate(database(), {&http::migrations(), &audit::migrations(), &migrations()}));
    m_company = make_company("Acme");
    m_admin = make_user(m_company, "admin@acme.example", {"admin"});
  }

  CompanyId make_company(std::string name) {
    NewCompany company;
    company.name = std::move(name);
    auto id = database().write(
        [&](db::Tx& tx) { return create_company(tx, m_clock, company, m_catalog); });
    KEEL_ASSERT(id.ok());
    return *id;
  }

  UserId make_user(CompanyId company, std::string email, std::vector<std::string> roles) {
    NewUser user;
    user.company_id = company;
    user.email = std::move(email);
    user.name = "Test User";
    user.password_hash = password_hash_once();
    user.roles = std::move(roles);
    auto id = database().write([&](db::Tx& tx) { return create_user(tx, m_clock, user); });
    KEEL_ASSERT(id.ok());
    return *id;
  }

  template <typename F>
  auto write(F&& fn) {
    return database().write(std::forward<F>(fn));
  }
  template <typename F>
  auto read(F&& fn) {
    return database().read(std::forward<F>(fn));
  }

  // The audit rows of `company` for `entity`, newest first.
  std::vector<audit::Entry> audit_rows(CompanyId company, std::string entity) {
    auto page = read([&](db::Tx& tx) {
      return audit::list(tx, company, {.entity = std::move(entity), .limit = 500});
    });
    KEEL_ASSERT(page.ok());
    return page->items;
  }

  ManualClock m_clock{kStart};
  std::vector<http::PermissionSpec> m_catalog = test_catalog();
  CompanyId m_company;
  UserId m_admin;
};

}  // namespace keel::auth::test
