// The report routes through keel_http's Dispatcher, in process, on both engines: JSON and CSV,
// every error code, the permission, company scoping and the OpenAPI description.
#include <spdlog/spdlog.h>

#include <map>

#include "keel/http/dispatcher.h"
#include "keel/http/openapi_check.h"
#include "keel/testing/http_client.h"
#include "reports_test_support.h"

namespace keel::accounting::reports {
namespace {

using nlohmann::json;
using test::day;

http::Principal principal(CompanyId company, std::int64_t user, bool reports) {
  http::Principal p;
  p.company_id = company;
  p.user_id = UserId{user};
  p.language = "en";
  for (const auto& spec : accounting::permissions()) {
    if (reports || spec.code != kPermissionReportRead) p.permissions[spec.code] = http::Scope::all;
  }
  return p;
}

class ReportsHttpTest : public test::ReportsTest {
 protected:
  void SetUp() override {
    test::ReportsTest::SetUp();
    if (HasFatalFailure()) return;
    spdlog::set_level(spdlog::level::warn);
    auto a = make_company("A", "EUR", "gregorian", day("2026-06-15"), 0);
    ASSERT_TRUE(a.ok()) << a.error().code() << ": " << a.error().message();
    auto b = make_company("B", "EUR", "gregorian", day("2026-06-15"), 0);
    ASSERT_TRUE(b.ok()) << b.error().code();
    m_a = std::make_unique<Context>(*a);
    m_b = std::make_unique<Context>(*b);
    chart_a = chart(*m_a).value();
    chart_b = chart(*m_b).value();
    test::post_entry(*this, *m_a, chart_a.journal, day("2026-01-10"),
                     {{chart_a.cash, 100000, 0}, {chart_a.revenue, 0, 100000}}, "Sale, \"big\"");
    test::post_entry(*this, *m_a, chart_a.journal, day("2026-02-10"),
                     {{chart_a.expense, 25050, 0}, {chart_a.cash, 0, 25050}});
    register_routes(m_router);
    m_auth.add("accountant", principal(m_a->company_id, 1, true));
    m_auth.add("clerk", principal(m_a->company_id, 2, false));
    m_auth.add("other", principal(m_b->company_id, 3, true));
    m_dispatcher = std::make_unique<http::Dispatcher>(m_router, db(), m_auth, clock());
  }

  http::Response get(const std::string& path, std::map<std::string, std::string> query,
                     const std::string& user = "accountant") {
    http::Request request;
    request.method = http::Method::get;
    request.path = "/api/v1/accounting/reports/" + path;
    request.query = std::move(query);
    request.headers.emplace_back("X-Test-User", user);
    return m_dispatcher->dispatch(std::move(request));
  }
  json get_json(const std::string& path, std::map<std::string, std::string> query, int status = 200,
                const std::string& user = "accountant") {
    const auto response = get(path, std::move(query), user);
    EXPECT_EQ(response.status, status) << response.body;
    return json::parse(response.body, nullptr, false);
  }

  std::unique_ptr<Context> m_a, m_b;
  test::Chart chart_a, chart_b;
  http::Router m_router;
  keel::testing::NamedAuthenticator m_auth;
  std::unique_ptr<http::Dispatcher> m_dispatcher;
};

const std::map<std::string, std::string> kQuarter = {{"from", "2026-01-01"}, {"to", "2026-03-31"}};

TEST_P(ReportsHttpTest, every_route_is_in_the_openapi_document) {
  const auto problems =
      http::openapi_coverage_problems(m_router, http::openapi_document(m_router, "test"));
  for (const auto& problem : problems) ADD_FAILURE() << problem;
}

TEST_P(ReportsHttpTest, trial_balance_json_and_csv) {
  auto query = kQuarter;
  query["compare"] = "previous_year";
  const json tb = get_json("trial-balance", query);
  EXPECT_EQ(tb["currency"], "EUR");
  EXPECT_EQ(tb["compare_range"]["from"], "2025-01-01");
  EXPECT_EQ(tb["totals"]["debit"], "1250.50");
  EXPECT_EQ(tb["totals"]["credit"], "1250.50");
  bool cash = false;
  for (const auto& row : tb["rows"]) {
    if (row["account_id"] == chart_a.cash.value()) {
      cash = true;
      EXPECT_EQ(row["debit"], "1000.00");
      EXPECT_EQ(row["credit"], "250.50");
      EXPECT_EQ(row["balance"], "749.50");
    }
  }
  EXPECT_TRUE(cash);
  query["format"] = "csv";
  const auto csv = get("trial-balance", query);
  EXPECT_EQ(csv.status, 200);
  EXPECT_EQ(csv.content_type, "text/csv; charset=utf-8");
  EXPECT_TRUE(csv.body.starts_with("account_id,code,name,opening_debit,")) << csv.body;
}

TEST_P(ReportsHttpTest, statements_and_ledger) {
  const json is = get_json("income-statement", kQuarter);
  EXPECT_EQ(is["net_income"], "749.50");
  const json bs =
      get_json("balance-sheet", {{"date", "2026-03-31"}, {"compare", "previous_period"}});
  EXPECT_EQ(bs["balanced"], true);
  EXPECT_EQ(bs["assets"]["total"], "749.50");
  EXPECT_EQ(bs["compare_date"], "2026-02-28");
  const json cf = get_json("cash-flow", kQuarter);
  EXPECT_EQ(cf["reconciled"], true);
  EXPECT_EQ(cf["cash_change"], "749.50");
  auto query = kQuarter;
  query["account_id"] = std::to_string(chart_a.cash.value());
  query["limit"] = "1";
  const json first = get_json("general-ledger", query);
  ASSERT_EQ(first["lines"].size(), 1u);
  EXPECT_EQ(first["lines"][0]["memo"], "Sale, \"big\"");
  EXPECT_EQ(first["lines"][0]["balance"], "1000.00");
  query["cursor"] = first["next_cursor"];
  const json second = get_json("general-ledger", query);
  EXPECT_EQ(second["lines"][0]["balance"], "749.50");
  EXPECT_TRUE(second["next_cursor"].is_null());
  for (const char* path : {"income-statement", "cash-flow"}) {
    auto csv_query = kQuarter;
    csv_query["format"] = "csv";
    const auto csv = get(path, csv_query);
    EXPECT_EQ(csv.status, 200) << path;
    EXPECT_TRUE(csv.body.starts_with("section,")) << csv.body;
  }
}

TEST_P(ReportsHttpTest, every_error_code) {
  const auto code = [&](const std::string& path, std::map<std::string, std::string> query,
                        int status, const std::string& user = "accountant") {
    return get_json(path, std::move(query), status, user)["code"];
  };
  EXPECT_EQ(code("trial-balance", {{"from", "2026-13-01"}, {"to", "2026-03-31"}}, 422),
            "date_invalid");
  EXPECT_EQ(code("trial-balance", {{"to", "2026-03-31"}}, 422), "date_invalid");
  EXPECT_EQ(code("balance-sheet", {}, 422), "date_invalid");
  EXPECT_EQ(code("income-statement", {{"from", "2026-04-01"}, {"to", "2026-03-31"}}, 422),
            "report_range_invalid");
  auto query = kQuarter;
  query["compare"] = "yesterday";
  EXPECT_EQ(code("cash-flow", query, 422), "compare_invalid");
  query = kQuarter;
  query["format"] = "xlsx";
  EXPECT_EQ(code("trial-balance", query, 422), "format_invalid");
  query = kQuarter;
  query["account_id"] = std::to_string(chart_b.cash.value());  // another company's account
  EXPECT_EQ(code("general-ledger", query, 404), "account_not_found");
  query["account_id"] = "cash";
  EXPECT_EQ(code("general-ledger", query, 404), "account_not_found");
  query["account_id"] = std::to_string(chart_a.cash.value());
  query["cursor"] = "nonsense";
  EXPECT_EQ(code("general-ledger", query, 422), "report_cursor_invalid");
  query.erase("cursor");
  query["limit"] = "many";
  EXPECT_EQ(code("general-ledger", query, 422), "report_limit_invalid");
  EXPECT_EQ(code("trial-balance", kQuarter, 403, "clerk"), "permission_denied");
}

TEST_P(ReportsHttpTest, a_company_sees_only_its_own_ledger) {
  const json tb = get_json("trial-balance", kQuarter, 200, "other");
  EXPECT_EQ(tb["rows"], json::array());
  EXPECT_EQ(tb["totals"]["debit"], "0.00");
}

KEEL_INSTANTIATE_ENGINES(ReportsHttpTest);

}  // namespace
}  // namespace keel::accounting::reports
