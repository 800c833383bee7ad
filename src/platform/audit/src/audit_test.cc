#include <gtest/gtest.h>

#include <chrono>

#include "keel/audit/audit_api.h"
#include "keel/core/clock.h"
#include "keel/db/db.h"
#include "keel/db/migrations.h"
#include "keel/http/router.h"
#include "keel/testing/database.h"

namespace keel::audit {
namespace {

using std::chrono::seconds;

const Instant kStart = from_unix_us(1'790'000'000'000'000);  // 2026-09-21T14:13:20Z

class AuditTest : public keel::testing::EngineTest {
 protected:
  void SetUp() override { ASSERT_TRUE(db::migrate(database(), {&migrations()}).ok()); }

  void record_change(CompanyId company, UserId user, std::string action, std::string entity,
                     std::string entity_id) {
    Change change{.company_id = company,
                  .user_id = user,
                  .action = std::move(action),
                  .entity = std::move(entity),
                  .entity_id = std::move(entity_id),
                  .before = nullptr,
                  .after = {{"name", "Ada"}},
                  .request_id = "req-1"};
    KEEL_ASSERT_OK(database().write([&](db::Tx& tx) { return record(tx, m_clock, change); }));
    m_clock.advance(seconds(10));
  }

  Result<Page> list_of(CompanyId company, Filter filter) {
    return database().read([&](db::Tx& tx) { return list(tx, company, filter); });
  }

  // Calls GET /api/v1/audit the way the dispatcher does: in a read transaction, as `who`.
  Result<http::Response> get(const http::Principal& who, std::map<std::string, std::string> query) {
    http::Router router;
    register_routes(router);
    auto match = router.match(http::Method::get, "/api/v1/audit");
    KEEL_ASSERT(match.has_value());
    http::Request request;
    request.path = "/api/v1/audit";
    request.query = std::move(query);
    return database().read([&](db::Tx& tx) {
      http::Context context{request, &who, &tx, database(), m_clock};
      return match->route->handler(context);
    });
  }

  ManualClock m_clock{kStart};
  const CompanyId m_company{1};
  const CompanyId m_other_company{2};
};

TEST_P(AuditTest, records_and_lists_newest_first) {
  record_change(m_company, UserId(7), "create", "partners.party", "10");
  record_change(m_company, UserId(7), "update", "partners.party", "10");
  auto page = list_of(m_company, {});
  KEEL_ASSERT_OK(page);
  ASSERT_EQ(page->items.size(), 2u);
  EXPECT_EQ(page->items[0].action, "update");
  EXPECT_EQ(page->items[1].action, "create");
  EXPECT_EQ(page->items[1].user_id, UserId(7));
  EXPECT_EQ(page->items[1].entity_id, "10");
  EXPECT_EQ(page->items[1].at, format_instant(kStart));
  EXPECT_TRUE(page->items[1].before.is_null());
  EXPECT_EQ(page->items[1].after, (nlohmann::json{{"name", "Ada"}}));
  EXPECT_EQ(page->items[1].request_id, "req-1");
  EXPECT_FALSE(page->next_before.has_value());
}

TEST_P(AuditTest, filters_narrow_the_list) {
  record_change(m_company, UserId(7), "create", "partners.party", "10");  // at kStart
  record_change(m_company, UserId(8), "create", "partners.party", "11");  // +10 s
  record_change(m_company, UserId(8), "update", "sales.order", "11");     // +20 s
  auto count = [&](Filter filter) {
    auto page = list_of(m_company, filter);
    KEEL_ASSERT(page.ok());
    return page->items.size();
  };
  EXPECT_EQ(count({.entity = "partners.party"}), 2u);
  EXPECT_EQ(count({.entity = "partners.party", .entity_id = "11"}), 1u);
  EXPECT_EQ(count({.user_id = UserId(8)}), 2u);
  EXPECT_EQ(count({.action = "update"}), 1u);
  EXPECT_EQ(count({.from = kStart + seconds(10)}), 2u);
  EXPECT_EQ(count({.to = kStart + seconds(10)}), 1u);
  EXPECT_EQ(count({.from = kStart + seconds(5), .to = kStart + seconds(15)}), 1u);
}

TEST_P(AuditTest, pages_with_a_cursor) {
  for (int i = 0; i < 5; ++i)
    record_change(m_company, UserId(1), "create", "x.y", std::to_string(i));
  auto first = list_of(m_company, {.limit = 2});
  KEEL_ASSERT_OK(first);
  ASSERT_EQ(first->items.size(), 2u);
  EXPECT_EQ(first->items[0].entity_id, "4");
  ASSERT_TRUE(first->next_before.has_value());
  auto second = list_of(m_company, {.before_id = first->next_before, .limit = 2});
  KEEL_ASSERT_OK(second);
  EXPECT_EQ(second->items[0].entity_id, "2");
  auto third = list_of(m_company, {.before_id = second->next_before, .limit = 2});
  KEEL_ASSERT_OK(third);
  ASSERT_EQ(third->items.size(), 1u);
  EXPECT_FALSE(third->next_before.has_value());
}

TEST_P(AuditTest, another_company_never_sees_the_rows) {
  record_change(m_company, UserId(7), "create", "partners.party", "10");
  record_change(m_other_company, UserId(9), "create", "partners.party", "10");
  auto mine = list_of(m_company, {});
  KEEL_ASSERT_OK(mine);
  ASSERT_EQ(mine->items.size(), 1u);
  EXPECT_EQ(mine->items[0].user_id, UserId(7));

  http::Principal other;
  other.company_id = m_other_company;
  auto response = get(other, {});
  KEEL_ASSERT_OK(response);
  auto body = nlohmann::json::parse(response->body);
  ASSERT_EQ(body["items"].size(), 1u);
  EXPECT_EQ(body["items"][0]["user_id"], 9);
}

TEST_P(AuditTest, update_and_delete_are_refused_by_the_database) {
  record_change(m_company, UserId(7), "create", "partners.party", "10");
  auto updated = database().write(
      [](db::Tx& tx) { return tx.execute("UPDATE audit_log SET action = 'forged'"); });
  ASSERT_FALSE(updated.ok());
  EXPECT_EQ(updated.error().code(), "db_constraint_violation") << updated.error().message();
  auto deleted = database().write([](db::Tx& tx) { return tx.execute("DELETE FROM audit_log"); });
  ASSERT_FALSE(deleted.ok());
  EXPECT_EQ(deleted.error().code(), "db_constraint_violation") << deleted.error().message();
  auto page = list_of(m_company, {});
  KEEL_ASSERT_OK(page);
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].action, "create");
}

TEST_P(AuditTest, route_lists_with_filters_and_cursor) {
  record_change(m_company, UserId(7), "create", "partners.party", "10");
  record_change(m_company, UserId(7), "update", "partners.party", "10");
  record_change(m_company, UserId(0), "update", "partners.party", "11");
  http::Principal who;
  who.company_id = m_company;
  auto response = get(who, {{"action", "update"}, {"limit", "1"}});
  KEEL_ASSERT_OK(response);
  EXPECT_EQ(response->status, 200);
  auto body = nlohmann::json::parse(response->body);
  ASSERT_EQ(body["items"].size(), 1u);
  EXPECT_EQ(body["items"][0]["entity_id"], "11");
  ASSERT_TRUE(body["next_cursor"].is_string());
  auto next = get(who, {{"action", "update"}, {"cursor", body["next_cursor"]}});
  KEEL_ASSERT_OK(next);
  body = nlohmann::json::parse(next->body);
  ASSERT_EQ(body["items"].size(), 1u);
  EXPECT_EQ(body["items"][0]["entity_id"], "10");
  EXPECT_TRUE(body["next_cursor"].is_null());

  auto system = get(
      who, {{"user_id", "0"}, {"from", "2026-09-21T14:13:20Z"}, {"to", "2030-01-01T00:00:00.5Z"}});
  KEEL_ASSERT_OK(system);
  EXPECT_EQ(nlohmann::json::parse(system->body)["items"].size(), 1u);
}

TEST_P(AuditTest, route_rejects_bad_query_parameters) {
  http::Principal who;
  who.company_id = m_company;
  KEEL_ASSERT_ERROR(get(who, {{"limit", "0"}}), "limit_invalid");
  KEEL_ASSERT_ERROR(get(who, {{"limit", "501"}}), "limit_invalid");
  KEEL_ASSERT_ERROR(get(who, {{"limit", "ten"}}), "limit_invalid");
  KEEL_ASSERT_ERROR(get(who, {{"cursor", "-3"}}), "cursor_invalid");
  KEEL_ASSERT_ERROR(get(who, {{"user_id", "x"}}), "user_id_invalid");
  KEEL_ASSERT_ERROR(get(who, {{"from", "2026-02-30T00:00:00Z"}}), "instant_invalid");
  KEEL_ASSERT_ERROR(get(who, {{"to", "2026-01-01 00:00:00"}}), "instant_invalid");
  KEEL_ASSERT_ERROR(get(who, {{"to", "2026-01-01T00:00:00.1234567Z"}}), "instant_invalid");
  KEEL_ASSERT_ERROR(get(who, {{"entity", ""}}), "entity_invalid");
  KEEL_ASSERT_ERROR(get(who, {{"entity_id", std::string(65, 'x')}}), "entity_id_invalid");
  KEEL_ASSERT_ERROR(get(who, {{"action", ""}}), "action_invalid");
}

KEEL_INSTANTIATE_ENGINES(AuditTest);

}  // namespace
}  // namespace keel::audit
