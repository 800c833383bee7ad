// The receivables routes through keel_http's Dispatcher, in process, on both engines: a whole
// invoice-to-cash flow, tenant isolation, the sales role's own scope, input errors, OpenAPI.
#include <spdlog/spdlog.h>

#include <map>

#include "accounting_routes.h"
#include "keel/http/openapi_check.h"
#include "keel/testing/http_client.h"
#include "receivables_test_support.h"

namespace keel::accounting {
namespace {

using nlohmann::json;

class ReceivablesHttpTest : public test::ReceivablesTest {
 protected:
  void SetUp() override {
    test::ReceivablesTest::SetUp();
    m_http = std::make_unique<keel::testing::HttpClient>(database(), clock());
    spdlog::set_level(spdlog::level::warn);
    detail::register_receivable_routes(m_http->router());
    std::map<std::string, http::Scope, std::less<>> everything;
    for (const auto& spec : detail::receivable_permissions())
      everything[spec.code] = http::Scope::all;
    m_http->users().add("accountant", keel::testing::principal(m_company, 1, everything));
    m_http->users().add("other", keel::testing::principal(m_other_company, 5, everything));
    m_http->users().add("sales", keel::testing::principal(
                                     m_company, 7, {{"accounting.invoice.read", http::Scope::own}}));
  }

  json call(http::Method method, std::string target, const std::string& user, json body,
            int expected_status) {
    return m_http->call(method, target, user, body, expected_status);
  }
  json get(std::string target, int status = 200, const std::string& user = "accountant") {
    return call(http::Method::get, std::move(target), user, nullptr, status);
  }
  json post(std::string target, json body, int status, const std::string& user = "accountant") {
    return call(http::Method::post, std::move(target), user, std::move(body), status);
  }
  std::string path(const char* suffix) { return std::string("/api/v1/accounting") + suffix; }

  json invoice_body(json lines) {
    return {{"type", "out_invoice"},
            {"partner_id", m_customer.value()},
            {"date", "2026-01-10"},
            {"origin", "sales.order:17"},
            {"lines", std::move(lines)}};
  }

  std::unique_ptr<keel::testing::HttpClient> m_http;
};

TEST_P(ReceivablesHttpTest, every_route_is_in_the_openapi_document) {
  EXPECT_TRUE(
      http::openapi_coverage_problems(m_http->router(), http::openapi_document(m_http->router(), "test")).empty());
}

TEST_P(ReceivablesHttpTest, invoice_to_cash_flow) {
  const json tax = post(path("/taxes"), {{"name", "VAT"}, {"rate_percent", "19"}}, 201);
  EXPECT_EQ(tax["rate_percent"], "19");
  post(path("/tax-settings"), {{"rounding", "per_document"}}, 200);
  EXPECT_EQ(get(path("/taxes"))["rounding"], "per_document");
  const json term =
      post(path("/payment-terms"),
           {{"name", "Net 30"}, {"installments", {{{"percent", "100"}, {"days", 30}}}}}, 201);
  EXPECT_EQ(get(path("/payment-terms"))["items"].size(), 1u);
  json body = invoice_body({{{"description", "widget"},
                             {"quantity", "3"},
                             {"unit_price", "10.00"},
                             {"tax_ids", {tax["id"]}}}});
  body["payment_term_id"] = term["id"];
  const json draft = post(path("/invoices"), body, 201);
  EXPECT_EQ(draft["state"], "draft");
  EXPECT_EQ(draft["total"], "35.70");
  EXPECT_EQ(draft["due_date"], "2026-02-09");
  const std::string id = std::to_string(draft["id"].get<std::int64_t>());
  const json posted_invoice = post(path("/invoices/") + id + "/post", nullptr, 200);
  EXPECT_EQ(posted_invoice["number"], "INV/2026/000001");
  EXPECT_EQ(get(path("/invoices/") + id)["origin"], "sales.order:17");
  EXPECT_EQ(get(path("/invoices?state=posted&type=out_invoice"))["items"].size(), 1u);
  EXPECT_EQ(get(path("/invoices?state=draft"))["items"].size(), 0u);
  EXPECT_EQ(get(path("/invoices?from=2026-01-10&to=2026-01-10"))["items"].size(), 1u);
  EXPECT_EQ(get(path("/invoices?from=2026-01-11"))["items"].size(), 0u);
  EXPECT_EQ(get(path("/invoices?to=2026-01-09"))["items"].size(), 0u);
  const json payment = post(path("/payments"),
                            {{"partner_id", m_customer.value()},
                             {"date", "2026-01-20"},
                             {"amount", "50.00"},
                             {"allocations", {{{"invoice_id", draft["id"]}, {"amount", "20.00"}}}}},
                            201);
  EXPECT_EQ(payment["unallocated"], "30.00");
  const std::string payment_id = std::to_string(payment["id"].get<std::int64_t>());
  const json allocated = post(path("/payments/") + payment_id + "/allocate",
                              {{"invoice_id", draft["id"]}, {"amount", "15.70"}}, 200);
  EXPECT_EQ(allocated["unallocated"], "14.30");
  EXPECT_EQ(get(path("/invoices/") + id)["state"], "paid");
  EXPECT_EQ(get(path("/payments?partner_id=") + std::to_string(m_customer.value()))["items"].size(),
            1u);
  const json aging = get(path("/reports/aging?date=2026-01-31&kind=receivable"));
  EXPECT_EQ(aging["totals"]["unallocated"], "-14.30");
  const json statement = get(path("/partners/") + std::to_string(m_customer.value()) +
                             "/statement?from=2026-01-01&to=2026-01-31");
  EXPECT_EQ(statement["closing"], "-14.30");
  const json report = get(path("/reports/tax?from=2026-01-01&to=2026-01-31"));
  EXPECT_EQ(report["rows"][0]["tax"], "5.70");
  const json refused = post(path("/revaluations"), {{"date", "2026-01-30"}}, 422);
  EXPECT_EQ(refused["code"], "revaluation_date_not_period_end");
  const json done = post(path("/revaluations"), {{"date", "2026-01-31"}}, 201);
  EXPECT_TRUE(done["entry_id"].is_null());  // nothing foreign is open
}

TEST_P(ReceivablesHttpTest, other_companies_and_own_scope_see_nothing) {
  const json draft =
      post(path("/invoices"),
           invoice_body({{{"description", "x"}, {"quantity", "1"}, {"unit_price", "5.00"}}}), 201);
  const std::string id = std::to_string(draft["id"].get<std::int64_t>());
  EXPECT_EQ(get(path("/invoices/") + id, 404, "other")["code"], "invoice_not_found");
  EXPECT_EQ(post(path("/invoices/") + id + "/post", nullptr, 404, "other")["code"],
            "invoice_not_found");
  EXPECT_EQ(get(path("/invoices"), 200, "other")["items"].size(), 0u);
  EXPECT_EQ(get(path("/partners/") + std::to_string(m_customer.value()) +
                    "/statement?from=2026-01-01&to=2026-01-31",
                404, "other")["code"],
            "partner_not_found");
  EXPECT_EQ(get(path("/invoices"), 200, "sales")["items"].size(), 0u);
  EXPECT_EQ(get(path("/invoices/") + id, 404, "sales")["code"], "invoice_not_found");
  EXPECT_EQ(post(path("/invoices"), invoice_body(json::array()), 403, "sales")["code"],
            "permission_denied");
}

TEST_P(ReceivablesHttpTest, bad_input_is_refused_with_its_code) {
  json missing = post(path("/invoices"), {{"type", "out_invoice"}}, 422);
  EXPECT_EQ(missing["code"], "input_invalid");
  json bad_line =
      post(path("/invoices"),
           invoice_body({{{"description", "x"}, {"quantity", "1,5"}, {"unit_price", "1"}}}), 422);
  EXPECT_EQ(bad_line["fields"][0]["field"], "lines/0/quantity");
  EXPECT_EQ(bad_line["fields"][0]["code"], "quantity_invalid");
  EXPECT_EQ(post(path("/tax-settings"), {{"rounding", "sometimes"}}, 422)["fields"][0]["code"],
            "tax_rounding_invalid");
  EXPECT_EQ(get(path("/invoices?partner_id=abc"), 422)["code"], "list_parameter_invalid");
  EXPECT_EQ(get(path("/payments?partner_id=-1"), 422)["code"], "list_parameter_invalid");
  EXPECT_EQ(get(path("/invoices?type=bill"), 422)["code"], "invoice_type_invalid");
  json bad_from = get(path("/invoices?from=2026-02-30"), 422);
  EXPECT_EQ(bad_from["code"], "date_invalid");
  EXPECT_EQ(bad_from["fields"][0]["field"], "from");
  EXPECT_EQ(get(path("/reports/aging?kind=receivable"), 422)["code"], "date_invalid");
  EXPECT_EQ(get(path("/reports/aging?date=2026-01-31&kind=both"), 422)["code"],
            "aging_kind_invalid");
  EXPECT_EQ(get(path("/invoices/abc"), 404)["code"], "invoice_not_found");
  EXPECT_EQ(
      post(path("/payments/999/allocate"), {{"invoice_id", 1}, {"amount", "1.00"}}, 404)["code"],
      "payment_not_found");
  EXPECT_EQ(post(path("/taxes"), {{"name", "T"}, {"rate_percent", "19"}, {"colour", "red"}},
                 422)["fields"][0]["code"],
            "field_unknown");
}

KEEL_INSTANTIATE_ENGINES(ReceivablesHttpTest);

}  // namespace
}  // namespace keel::accounting
