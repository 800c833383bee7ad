#include <gtest/gtest.h>

#include <set>
#include <string>

#include "demo.h"
#include "keel/auth/auth_api.h"
#include "keel/db/migrations.h"
#include "keel/http/openapi_check.h"
#include "keel/testing/database.h"
#include "modules.h"
#include "version.h"

namespace keel::app {
namespace {

TEST(RouteTable, EveryRouteIsInTheOpenApiDocument) {
  SystemClock clock;
  auto router = build_router(clock);
  const auto document = http::openapi_document(*router, kVersion);
  const auto problems = http::openapi_coverage_problems(*router, document);
  for (const auto& problem : problems) ADD_FAILURE() << problem;
  EXPECT_GT(router->routes().size(), 20u);
}

TEST(RouteTable, EveryRequiredPermissionIsDeclared) {
  SystemClock clock;
  auto router = build_router(clock);
  std::set<std::string> declared;
  for (const auto& permission : all_permissions()) {
    EXPECT_TRUE(declared.insert(permission.code).second) << "declared twice: " << permission.code;
  }
  for (const auto& route : router->routes()) {
    if (route->access == http::Access::open) continue;
    if (route->permission.empty()) continue;
    EXPECT_TRUE(declared.count(route->permission))
        << http::to_string(route->method) << " " << route->path << " requires undeclared "
        << route->permission;
  }
}

TEST(RouteTable, OnlyTheExpectedRoutesAreOpen) {
  SystemClock clock;
  auto router = build_router(clock);
  // The lead capture form is posted by strangers from the company's website: its token
  // names the form, and it is rate-limited per address.
  const std::set<std::string> expected_open = {"POST /api/v1/auth/login",
                                               "GET /api/v1/openapi.json",
                                               "POST /api/v1/crm/forms/{token}/submit"};
  for (const auto& route : router->routes()) {
    if (route->access != http::Access::open) continue;
    const std::string key = std::string(http::to_string(route->method)) + " " + route->path;
    EXPECT_TRUE(expected_open.count(key)) << key << " needs no login";
  }
}

class AppDatabase : public testing::EngineTest {};

TEST_P(AppDatabase, MigrationsApplyOnceAndDemoIsIdempotent) {
  auto database = testing::fresh_database(GetParam());
  SystemClock clock;
  auto applied = db::migrate(*database, all_migrations());
  ASSERT_TRUE(applied.ok()) << applied.error().message();
  EXPECT_GT(*applied, 0);
  auto again = db::migrate(*database, all_migrations());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, 0);

  auto first = ensure_demo(*database, clock);
  ASSERT_TRUE(first.ok()) << first.error().message();
  auto second = ensure_demo(*database, clock);
  ASSERT_TRUE(second.ok()) << second.error().message();
  auto companies = database->read([](db::Tx& tx) { return auth::count_companies(tx); });
  ASSERT_TRUE(companies.ok());
  EXPECT_EQ(*companies, 1);
  auto parties = database->read([](db::Tx& tx) -> Result<std::int64_t> {
    auto row = TRY(tx.query_one("SELECT COUNT(*) FROM partners_parties"));
    return row->integer(0);
  });
  ASSERT_TRUE(parties.ok());
  EXPECT_GE(*parties, 45);
}

TEST_P(AppDatabase, CreateUserMakesTheNamedCompanyWhenMissing) {
  auto database = testing::fresh_database(GetParam());
  SystemClock clock;
  ASSERT_TRUE(db::migrate(*database, all_migrations()).ok());
  CreateUserOptions options;
  options.email = "owner@b.example";
  options.roles = {"admin"};
  options.company = "Company B";
  auto user = create_user_in_company(*database, clock, options, "correct horse battery");
  ASSERT_TRUE(user.ok()) << user.error().message();
  auto company = database->read(
      [](db::Tx& tx) { return auth::find_company_by_name(tx, "Company B"); });
  ASSERT_TRUE(company.ok());
  EXPECT_TRUE(company->has_value());

  options.email = "short@b.example";
  auto weak = create_user_in_company(*database, clock, options, "short");
  ASSERT_FALSE(weak.ok());
  EXPECT_EQ(weak.error().code(), "password_too_short");
}

TEST_P(AppDatabase, CreateUserMakesACompanyWithCurrencyCalendarAndCountry) {
  auto database = testing::fresh_database(GetParam());
  SystemClock clock;
  ASSERT_TRUE(db::migrate(*database, all_migrations()).ok());
  CreateUserOptions options;
  options.email = "owner@ir.example";
  options.roles = {"admin"};
  options.company = "Tehran Trading";
  options.currency = "IRR";
  options.calendar = "persian";
  options.country = "IR";
  ASSERT_TRUE(prepare_company(*database, clock, options).ok());
  auto user = create_user_in_company(*database, clock, options, "correct horse battery");
  ASSERT_TRUE(user.ok()) << user.error().message();
  auto company = database->read([](db::Tx& tx) -> Result<auth::Company> {
    const auto id = TRY(auth::find_company_by_name(tx, "Tehran Trading"));
    return auth::get_company(tx, id.value());
  });
  ASSERT_TRUE(company.ok()) << company.error().message();
  EXPECT_EQ(company->currency, "IRR");
  EXPECT_EQ(company->calendar, "persian");
  EXPECT_EQ(company->country, "IR");

  // The same settings again are fine (a second user of that company); others are refused.
  EXPECT_TRUE(prepare_company(*database, clock, options).ok());
  options.currency = "EUR";
  auto mismatch = prepare_company(*database, clock, options);
  ASSERT_FALSE(mismatch.ok());
  EXPECT_EQ(mismatch.error().code(), "company_settings_mismatch");

  CreateUserOptions bad;
  bad.company = "Nowhere";
  bad.calendar = "lunar";
  auto calendar = prepare_company(*database, clock, bad);
  ASSERT_FALSE(calendar.ok());
  EXPECT_EQ(calendar.error().code(), "calendar_invalid");
  bad.calendar.clear();
  bad.currency = "XYZ1";
  auto currency = prepare_company(*database, clock, bad);
  ASSERT_FALSE(currency.ok());
  EXPECT_TRUE(currency.error().code() == "currency_invalid" ||
              currency.error().code() == "currency_unknown")
      << currency.error().code();
  bad.currency.clear();
  bad.country = "iran";
  auto country = prepare_company(*database, clock, bad);
  ASSERT_FALSE(country.ok());
  EXPECT_EQ(country.error().code(), "country_invalid");
  auto none = database->read(
      [](db::Tx& tx) { return auth::find_company_by_name(tx, "Nowhere"); });
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value()) << "a refused company is not created";

  CreateUserOptions nameless;
  nameless.currency = "IRR";
  auto required = prepare_company(*database, clock, nameless);
  ASSERT_FALSE(required.ok());
  EXPECT_EQ(required.error().code(), "company_required");
}

KEEL_INSTANTIATE_ENGINES(AppDatabase);

}  // namespace
}  // namespace keel::app
