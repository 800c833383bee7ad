// The stock routes through keel_http's Dispatcher, in process, on both engines: receipt,
// product stock, transfers, scrap, moves, valuation, tenant isolation, permissions, input
// errors, the OpenAPI document, and the demo data passing the checks.
#include <spdlog/spdlog.h>

#include <map>

#include "keel/http/openapi_check.h"
#include "keel/testing/http_client.h"
#include "stock_test_support.h"

namespace keel::inventory::test {
namespace {

using nlohmann::json;

class StockHttpTest : public StockTest {
 protected:
  void SetUp() override {
    StockTest::SetUp();
    m_http = std::make_unique<keel::testing::HttpClient>(database(), clock());
    spdlog::set_level(spdlog::level::warn);
    detail::register_stock_routes(m_http->router());
    std::map<std::string, http::Scope, std::less<>> everything;
    for (const auto& spec : detail::stock_permissions()) everything[spec.code] = http::Scope::all;
    m_http->users().add("manager", keel::testing::principal(m_company, 1, everything));
    m_http->users().add("other", keel::testing::principal(m_other_company, 5, everything));
    m_http->users().add("viewer", keel::testing::principal(m_company, 7, {{"inventory.stock.read", http::Scope::all}}));
  }

  json call(http::Method method, std::string target, const std::string& user, json body,
            int expected_status) {
    return m_http->call(method, target, user, body, expected_status);
  }
  json get(std::string target, int status = 200, const std::string& user = "manager") {
    return call(http::Method::get, std::move(target), user, nullptr, status);
  }
  json post(std::string target, json body, int status, const std::string& user = "manager") {
    return call(http::Method::post, std::move(target), user, std::move(body), status);
  }
  static std::string path(const std::string& suffix) { return "/api/v1/inventory" + suffix; }

  std::unique_ptr<keel::testing::HttpClient> m_http;
};

TEST_P(StockHttpTest, every_route_is_in_the_openapi_document) {
  EXPECT_TRUE(
      http::openapi_coverage_problems(m_http->router(), http::openapi_document(m_http->router(), "test")).empty());
}

TEST_P(StockHttpTest, receipt_stock_transfer_scrap_moves_and_valuation) {
  const ProductId milk = product("MILK", "fifo", "lot");
  const std::string id = std::to_string(milk.value());
  const json receipt =
      post(path("/receipts"),
           {{"product_id", milk.value()},
            {"quantity", "5"},
            {"unit_cost", "2.10"},
            {"date", "2026-03-02"},
            {"lots", {{{"lot_name", "L1"}, {"quantity", "5"}, {"expiry_date", "2026-12-31"}}}}},
           201);
  EXPECT_EQ(receipt["state"], "done");
  EXPECT_EQ(receipt["value"], "10.50");
  EXPECT_EQ(receipt["unit_cost"], "2.10");
  EXPECT_EQ(receipt["currency"], "EUR");
  ASSERT_EQ(receipt["lots"].size(), 1u);
  const json stock = get(path("/products/" + id + "/stock?quantity=3"));
  EXPECT_EQ(stock["on_hand"], "5");
  EXPECT_EQ(stock["available"], "5");
  ASSERT_EQ(stock["locations"].size(), 1u);
  EXPECT_EQ(stock["locations"][0]["lot_name"], "L1");
  EXPECT_EQ(stock["locations"][0]["expiry_date"], "2026-12-31");
  EXPECT_EQ(stock["promise"]["available_now"], "3");
  const json warehouses = get(path("/warehouses"));
  ASSERT_EQ(warehouses["items"].size(), 1u);
  const json wh = warehouses["items"][0];
  const json shelf = post(
      path("/locations"),
      {{"parent_id", wh["stock_location_id"]}, {"name", "Shelf A"}, {"barcode", "SHELF-A"}}, 201);
  EXPECT_EQ(shelf["name"], "WH/Stock/Shelf A");
  EXPECT_EQ(get(path("/locations?barcode=SHELF-A"))["items"][0]["id"], shelf["id"]);
  const json moved =
      post(path("/transfers"),
           {{"product_id", milk.value()},
            {"quantity", "2"},
            {"from_location_id", wh["stock_location_id"]},
            {"to_location_id", shelf["id"]},
            {"lots", {{{"lot_id", receipt["lots"][0]["lot_id"]}, {"quantity", "2"}}}}},
           201);
  ASSERT_EQ(moved["moves"].size(), 1u);
  const json scrapped = post(path("/scrap"),
                             {{"product_id", milk.value()},
                              {"quantity", "1"},
                              {"location_id", shelf["id"]},
                              {"lot_id", receipt["lots"][0]["lot_id"]},
                              {"reason", "leaking"}},
                             201);
  EXPECT_EQ(scrapped["value"], "-2.10");
  const json page = get(path("/moves?product_id=" + id + "&limit=2"));
  EXPECT_EQ(page["items"].size(), 2u);
  ASSERT_TRUE(page["next_cursor"].is_string());
  const json rest =
      get(path("/moves?product_id=" + id + "&cursor=" + page["next_cursor"].get<std::string>()));
  EXPECT_EQ(rest["items"].size(), 1u);
  EXPECT_EQ(get(path("/moves?state=done&from=2026-03-01&to=2026-03-01"))["items"].size(), 2u);
  const std::string receipt_id = std::to_string(receipt["id"].get<std::int64_t>());
  EXPECT_EQ(get(path("/moves/" + receipt_id))["entry_id"], receipt["entry_id"]);
  const json valuation = get(path("/valuation"));
  EXPECT_EQ(valuation["total"], "8.40");
  // What lies in the warehouse's stock location and under it: 3 of the 5 in WH/Stock, 1 left on
  // Shelf A after the scrap, both of lot L1; Shelf A alone holds only its own row.
  const std::string stock_location = std::to_string(wh["stock_location_id"].get<std::int64_t>());
  const std::string shelf_id = std::to_string(shelf["id"].get<std::int64_t>());
  const json contents = get(path("/locations/" + stock_location + "/stock"));
  ASSERT_EQ(contents["items"].size(), 2u);
  EXPECT_EQ(contents["items"][0]["sku"], "MILK");
  EXPECT_EQ(contents["items"][0]["location_name"], "WH/Stock");
  EXPECT_EQ(contents["items"][0]["on_hand"], "3");
  EXPECT_EQ(contents["items"][1]["location_name"], "WH/Stock/Shelf A");
  EXPECT_EQ(contents["items"][1]["on_hand"], "1");
  EXPECT_EQ(contents["items"][1]["lot_name"], "L1");
  const json on_shelf = get(path("/locations/" + shelf_id + "/stock"));
  ASSERT_EQ(on_shelf["items"].size(), 1u);
  EXPECT_EQ(on_shelf["items"][0]["available"], "1");
  EXPECT_EQ(get(path("/locations/999999/stock"), 404)["code"], "location_not_found");
  get(path("/locations/" + shelf_id + "/stock"), 404, "other");
  // Another company sees none of it; a viewer reads but cannot write or see the valuation.
  get(path("/moves/" + receipt_id), 404, "other");
  get(path("/products/" + id + "/stock"), 404, "other");
  get(path("/locations/" + std::to_string(shelf["id"].get<std::int64_t>())), 404, "other");
  EXPECT_EQ(get(path("/products/" + id + "/stock"), 200, "viewer")["on_hand"], "4");
  post(path("/scrap"),
       {{"product_id", milk.value()}, {"quantity", "1"}, {"location_id", shelf["id"]}}, 403,
       "viewer");
  get(path("/valuation"), 403, "viewer");
}

TEST_P(StockHttpTest, input_errors_change_nothing) {
  const ProductId mug = product("MUG");
  const json bad = post(path("/receipts"),
                        {{"product_id", mug.value()}, {"quantity", "1,5"}, {"colour", "red"}}, 422);
  EXPECT_EQ(bad["code"], "input_invalid");
  post(path("/receipts"), {{"product_id", mug.value()}, {"quantity", "1.5"}}, 422);
  post(path("/warehouses"), {{"code", "bad code"}, {"name", "x"}}, 422);
  get(path("/moves?state=flying"), 422);
  get(path("/moves?from=2026-13-01"), 422);
  get(path("/moves/abc"), 404);
  EXPECT_EQ(get(path("/moves"))["items"].size(), 0u);
}

TEST_P(StockHttpTest, demo_data_passes_the_checks) {
  auto seeded = run([&](db::Tx& tx, const Context& c) -> Result<void> {
    TRY(detail::seed_catalog_demo(tx, c, day("2026-03-01")));
    return detail::seed_stock_demo(tx, c, day("2026-03-01"));
  });
  KEEL_ASSERT_OK(seeded);
  EXPECT_EQ(get(path("/warehouses"))["items"].size(), 2u);
  EXPECT_EQ(balance_of_role("inventory"), value_of());
}

KEEL_INSTANTIATE_ENGINES(StockHttpTest);

}  // namespace
}  // namespace keel::inventory::test
