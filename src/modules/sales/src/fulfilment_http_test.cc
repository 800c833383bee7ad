// The fulfilment routes through keel_http's Dispatcher, in process, on both engines: a
// scanner pick, pack and ship, invoice and return over HTTP; field errors; permissions; the
// customer 360 leaving out what the caller may not read; tenant isolation; OpenAPI coverage.
#include <spdlog/spdlog.h>

#include <map>

#include "fulfilment_test_support.h"
#include "keel/http/openapi_check.h"
#include "keel/testing/http_client.h"

namespace keel::sales {
namespace {

using nlohmann::json;

class FulfilmentHttpTest : public test::FulfilmentTest {
 protected:
  void SetUp() override {
    test::FulfilmentTest::SetUp();
    m_http = std::make_unique<keel::testing::HttpClient>(database(), clock());
    spdlog::set_level(spdlog::level::warn);
    detail::register_fulfilment_routes(m_http->router());
    std::map<std::string, http::Scope, std::less<>> everything;
    for (const auto& spec : sales::permissions()) everything[spec.code] = http::Scope::all;
    for (const auto& spec : accounting::permissions()) everything[spec.code] = http::Scope::all;
    for (const auto& spec : partners::permissions()) everything[spec.code] = http::Scope::all;
    m_http->users().add("admin", keel::testing::principal(m_company, 1, everything));
    m_http->users().add("other", keel::testing::principal(m_other_company, 1, everything));
    m_http->users().add("warehouse",
                        keel::testing::principal(m_company, 1,
                                                 {{"sales.delivery.read", http::Scope::all},
                                                  {"partners.party.read", http::Scope::all},
                                                  {"sales.order.read", http::Scope::all}}));
  }

  json call(http::Method method, std::string target, const std::string& user, json body,
            int expected_status) {
    return m_http->call(method, target, user, body, expected_status);
  }
  json get(std::string target, int status = 200, const std::string& user = "admin") {
    return call(http::Method::get, std::move(target), user, nullptr, status);
  }
  json post(std::string target, json body, int status, const std::string& user = "admin") {
    return call(http::Method::post, std::move(target), user, std::move(body), status);
  }
  static std::string delivery(std::int64_t id, const char* command = "") {
    return "/api/v1/sales/deliveries/" + std::to_string(id) + command;
  }

  std::unique_ptr<keel::testing::HttpClient> m_http;
};

TEST_P(FulfilmentHttpTest, every_route_is_in_the_openapi_document) {
  EXPECT_TRUE(
      http::openapi_coverage_problems(m_http->router(), http::openapi_document(m_http->router(), "test")).empty());
}

TEST_P(FulfilmentHttpTest, scan_pack_ship_invoice_return_over_http) {
  const Order o = confirmed({{m_chair, "4", "100.00"}});
  const std::int64_t id = ready_delivery(o.id).id.value();
  const json listed = get("/api/v1/sales/deliveries?order_id=" + std::to_string(o.id.value()));
  ASSERT_EQ(listed["items"].size(), 1u);
  EXPECT_EQ(listed["items"][0]["lines"][0]["sku"], "CHAIR");

  const json bad = post(delivery(id, "/pick"), {{"lines", {{{"code", "CHAIR"}, {"quantity", "x"}}}}},
                        422);
  EXPECT_EQ(bad["code"], "input_invalid");
  EXPECT_EQ(bad["fields"][0].value("field", ""), "lines/0/quantity");
  const json unknown =
      post(delivery(id, "/pick"), {{"lines", {{{"code", "NOPE"}, {"quantity", "1"}}}}}, 422);
  EXPECT_EQ(unknown["code"], "delivery_code_unknown");
  // The warehouse role reads but does not write.
  post(delivery(id, "/pick"), {{"lines", {{{"code", "CHAIR"}, {"quantity", "1"}}}}}, 403,
       "warehouse");

  const json picked = post(delivery(id, "/pick"),
                           {{"lines", {{{"code", "CHAIR"}, {"quantity", "3"}, {"lot", nullptr}}}}},
                           200);
  EXPECT_EQ(picked["state"], "picked");
  EXPECT_EQ(picked["lines"][0]["picked"], "3");
  post(delivery(id, "/pack"), {{"package_count", 2}, {"weight", "12.5"}}, 200);
  const json shipped = post(delivery(id, "/ship"),
                            {{"carrier", "UPS"}, {"tracking_number", "1Z999"},
                             {"date", "2026-03-02"}},
                            200);
  EXPECT_EQ(shipped["state"], "shipped");
  EXPECT_EQ(shipped["weight"], "12.5");
  EXPECT_TRUE(shipped["backorder_id"].is_number_integer());

  const json invoiced = post("/api/v1/sales/orders/" + std::to_string(o.id.value()) + "/invoice",
                             {{"date", "2026-03-03"}}, 201);
  EXPECT_EQ(invoiced["invoice"]["total"], "400.00");
  post("/api/v1/sales/orders/" + std::to_string(o.id.value()) + "/invoice", json::object(), 409);

  const OrderLineId line = order(o.id).lines[0].id;
  const json returned = post("/api/v1/sales/returns",
                             {{"order_id", o.id.value()},
                              {"lines", {{{"order_line_id", line.value()}, {"quantity", "1"},
                                          {"disposition", "stock"}}}}},
                             201);
  EXPECT_EQ(returned["number"], "RT/2026/00001");
  EXPECT_TRUE(returned["credit_note_id"].is_number_integer());
  EXPECT_EQ(get("/api/v1/sales/returns/" + std::to_string(returned["id"].get<std::int64_t>()))
                ["lines"][0]["quantity"],
            "1");
  const json missing = post("/api/v1/sales/returns", {{"lines", json::array()}}, 422);
  EXPECT_EQ(missing["code"], "input_invalid");

  // Another company sees none of it.
  get(delivery(id), 404, "other");
  get("/api/v1/sales/returns/" + std::to_string(returned["id"].get<std::int64_t>()), 404,
      "other");
  post(delivery(id, "/pack"), {{"package_count", 1}}, 404, "other");
}

TEST_P(FulfilmentHttpTest, confirm_true_without_the_confirm_permission_creates_nothing) {
  detail::register_order_routes(m_http->router());
  m_http->users().add("clerk", keel::testing::principal(m_company, 1,
                                                        {{"sales.order.read", http::Scope::all},
                                                         {"sales.order.write", http::Scope::all},
                                                         {"partners.party.read",
                                                          http::Scope::all}}));
  const json order = {{"partner_id", m_customer.value()},
                      {"date", "2026-03-02"},
                      {"lines", {{{"product_id", m_chair.value()}, {"quantity", "1"}}}}};
  json confirming = order;
  confirming["confirm"] = true;
  const json refused = post("/api/v1/sales/orders", confirming, 403, "clerk");
  EXPECT_EQ(refused["code"], "permission_denied");
  EXPECT_EQ(get("/api/v1/sales/orders")["items"].size(), 0u);
  // The clerk may still make a draft, and a user who may confirm does it in the same call.
  EXPECT_EQ(post("/api/v1/sales/orders", order, 201, "clerk")["state"], "draft");
  EXPECT_EQ(post("/api/v1/sales/orders", confirming, 201)["state"], "confirmed");
  EXPECT_EQ(get("/api/v1/sales/orders")["items"].size(), 2u);
}

TEST_P(FulfilmentHttpTest, customer_overview_shows_only_what_the_caller_may_read) {
  confirmed({{m_chair, "2", "100.00"}});
  const std::string path = "/api/v1/partners/" + std::to_string(m_customer.value()) + "/overview";
  const json all = get(path);
  EXPECT_TRUE(all.contains("sales"));
  EXPECT_TRUE(all.contains("receivables"));
  EXPECT_TRUE(all["receivables"].contains("recent_payments"));
  EXPECT_TRUE(all.contains("credit"));
  const json limited = get(path, 200, "warehouse");
  EXPECT_TRUE(limited.contains("sales"));
  EXPECT_FALSE(limited.contains("receivables"));
  EXPECT_FALSE(limited.contains("credit"));
  EXPECT_EQ(get(path, 404, "other")["code"], "partner_not_found");
  EXPECT_EQ(get("/api/v1/partners/abc/overview", 404)["code"], "partner_not_found");
}

KEEL_INSTANTIATE_ENGINES(FulfilmentHttpTest);

}  // namespace
}  // namespace keel::sales
