#pragma once

// Fixture shared by CRM's tests: a migrated database per engine with two companies, users in
// each role, three pipeline stages, and short ways to run services as a given user.
#include <gtest/gtest.h>

#include <memory>

#include "crm_internal.h"
#include "keel/audit/audit_api.h"
#include "keel/auth/auth_api.h"
#include "keel/http/idempotency.h"
#include "keel/inventory/inventory_api.h"
#include "keel/testing/database.h"

namespace keel::crm::test {

using namespace detail;  // NOLINT: the tests exercise the part's services

inline Date day(const char* text) { return Date::parse(text).value(); }

inline std::vector<http::PermissionSpec> catalog() {
  std::vector<http::PermissionSpec> specs = accounting::permissions();
  for (auto&& list : {inventory::permissions(), sales::permissions(), crm::permissions()}) {
    specs.insert(specs.end(), list.begin(), list.end());
  }
  return specs;
}

class CrmTest : public keel::testing::EngineTest {
 protected:
  void SetUp() override {
    // 2026-03-10T09:00:00Z.
    m_clock = std::make_unique<ManualClock>(from_unix_us(1'773'133'200'000'000));
    const auto applied = db::migrate(
        database(), {&http::migrations(), &audit::migrations(), &auth::migrations(),
                     &partners::migrations(), &accounting::migrations(), &inventory::migrations(),
                     &sales::migrations(), &crm::migrations()});
    ASSERT_TRUE(applied.ok()) << applied.error().message();
    m_company = make_company("Keel Trading");
    m_other_company = make_company("Other Co");
    m_admin = make_user(m_company, "admin@keel.example", "admin");
    m_rep = make_user(m_company, "rep@keel.example", "sales");
    m_rep2 = make_user(m_company, "rep2@keel.example", "sales");
    m_lead_user = make_user(m_company, "lead@keel.example", "manager");
    m_stranger = make_user(m_other_company, "x@other.example", "admin");
    auto stages = as(m_admin, [&](db::Tx& tx, const Actor& a) -> Result<std::vector<Stage>> {
      std::vector<Stage> out;
      for (const auto& [name, p] : std::vector<std::pair<const char*, int>>{
               {"New", 10}, {"Proposal", 33}, {"Negotiation", 80}}) {
        Stage stage;
        stage.name = name;
        stage.probability = p;
        stage.committed = p == 80;
        out.push_back(TRY(create_stage(tx, a, stage)));
      }
      return out;
    });
    ASSERT_TRUE(stages.ok()) << stages.error().code();
    m_stages = *stages;
  }

  void TearDown() override {
    auto breaches = database().read([](db::Tx& tx) { return crm::check(tx); });
    ASSERT_TRUE(breaches.ok()) << breaches.error().code();
    for (const auto& breach : *breaches) ADD_FAILURE() << breach;
  }

  CompanyId make_company(const char* name) {
    auto id = database().write([&](db::Tx& tx) -> Result<CompanyId> {
      auth::NewCompany company;
      company.name = name;
      company.currency = "EUR";
      const CompanyId created = TRY(auth::create_company(tx, clock(), company, catalog()));
      const auto context = TRY(accounting::Context::system(tx, created, clock()));
      TRY(accounting::install_default_chart(tx, context, day("2026-01-01")));
      return created;
    });
    EXPECT_TRUE(id.ok()) << id.error().code() << ": " << id.error().message();
    return id.ok() ? *id : CompanyId{};
  }

  UserId make_user(CompanyId company, const char* email, const char* role) {
    auto id = database().write([&](db::Tx& tx) {
      auth::NewUser user;
      user.company_id = company;
      user.email = email;
      user.name = email;
      user.password_hash = "$argon2id$not-a-real-hash";
      user.roles = {role};
      return auth::create_user(tx, clock(), user);
    });
    EXPECT_TRUE(id.ok()) << id.error().code();
    return id.ok() ? *id : UserId{};
  }

  // Runs fn(tx, actor) in one write transaction as `user` with the given record-rule scope.
  template <typename F>
  auto as(UserId user, F&& fn, http::Scope scope = http::Scope::all,
          CompanyId company = CompanyId{})
      -> decltype(fn(std::declval<db::Tx&>(), std::declval<const Actor&>())) {
    const CompanyId target = company.valid() ? company : m_company;
    return database().write([&](db::Tx& tx) -> decltype(fn(tx, std::declval<const Actor&>())) {
      Actor actor = TRY(Actor::system(tx, target, user, clock()));
      actor.leads = actor.opportunities = actor.activities = scope;
      actor.roles = {"sales"};
      return fn(tx, actor);
    });
  }

  partners::PartyId make_party(const char* name, const char* email) {
    auto id = database().write([&](db::Tx& tx) -> Result<partners::PartyId> {
      partners::PartyDraft draft;
      draft.kind = "organization";
      draft.name = name;
      draft.roles = {"customer"};
      draft.emails = {email};
      return TRY(partners::create_party(tx, clock(), partners::Caller::system(m_company), draft))
          .party.id;
    });
    EXPECT_TRUE(id.ok()) << id.error().code();
    return id.ok() ? *id : partners::PartyId{};
  }

  Result<Opportunity> open(const char* title, const char* revenue, StageId stage, const char* close,
                           UserId owner) {
    return as(m_admin, [&](db::Tx& tx, const Actor& a) {
      OpportunityInput input;
      input.title = title;
      input.expected_revenue = revenue;
      input.stage_id = stage;
      input.close_date = day(close);
      input.owner_id = owner;
      return create_opportunity(tx, a, input);
    });
  }

  const Clock& clock() const { return *m_clock; }

  std::unique_ptr<ManualClock> m_clock;
  CompanyId m_company, m_other_company;
  UserId m_admin, m_rep, m_rep2, m_lead_user, m_stranger;
  std::vector<Stage> m_stages;
};

}  // namespace keel::crm::test
