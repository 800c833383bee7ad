// The catalog routes through keel_http's Dispatcher, in process, on both engines: units,
// categories, products with variants, lookup, PATCH with versions, archive, permissions,
// tenant isolation, input errors and the OpenAPI document.
#include <spdlog/spdlog.h>

#include <map>

#include "catalog_routes.h"
#include "catalog_test_support.h"
#include "keel/http/openapi_check.h"
#include "keel/testing/http_client.h"

namespace keel::inventory {
namespace {

using nlohmann::json;

class CatalogHttpTest : public test::CatalogTest {
 protected:
  void SetUp() override {
    test::CatalogTest::SetUp();
    m_http = std::make_unique<keel::testing::HttpClient>(database(), clock());
    spdlog::set_level(spdlog::level::warn);
    detail::register_catalog_routes(m_http->router());
    std::map<std::string, http::Scope, std::less<>> everything;
    for (const auto& spec : detail::catalog_permissions()) everything[spec.code] = http::Scope::all;
    m_http->users().add("manager", keel::testing::principal(m_company, 1, everything));
    m_http->users().add("other", keel::testing::principal(m_other_company, 5, everything));
    m_http->users().add("viewer", keel::testing::principal(m_company, 7, {{"inventory.product.read", http::Scope::all}}));
  }

  json call(http::Method method, std::string target, const std::string& user, json body,
            int expected_status) {
    return m_http->call(method, target, user, body, expected_status);
  }
  json get(std::string target, int status = 200, const std::string& user = "manager") {
    return call(http::Method::get, path(target), user, nullptr, status);
  }
  json post(std::string target, json body, int status, const std::string& user = "manager") {
    return call(http::Method::post, path(target), user, std::move(body), status);
  }
  json patch(std::string target, json body, int status, const std::string& user = "manager") {
    return call(http::Method::patch, path(target), user, std::move(body), status);
  }
  static std::string path(const std::string& suffix) { return "/api/v1/inventory" + suffix; }

  std::unique_ptr<keel::testing::HttpClient> m_http;
};

TEST_P(CatalogHttpTest, every_route_is_in_the_openapi_document) {
  EXPECT_TRUE(
      http::openapi_coverage_problems(m_http->router(), http::openapi_document(m_http->router(), "test")).empty());
}

TEST_P(CatalogHttpTest, units_and_categories) {
  const json uoms = get("/uoms");
  ASSERT_EQ(uoms["items"].size(), 16u);
  std::int64_t kg = 0, g = 0, m = 0;
  for (const auto& uom : uoms["items"]) {
    if (uom["name"] == "kg") kg = uom["id"];
    if (uom["name"] == "g") g = uom["id"];
    if (uom["name"] == "m") m = uom["id"];
  }
  const std::string ids = "&from=" + std::to_string(kg) + "&to=" + std::to_string(g);
  EXPECT_EQ(get("/uoms/convert?quantity=1.25" + ids)["quantity"], "1250");
  EXPECT_EQ(get("/uoms/convert?quantity=0.00005&from=" + std::to_string(kg) + "&to=" +
                std::to_string(g) + "&rounding=up")["quantity"],
            "0.1");
  EXPECT_EQ(get("/uoms/convert?quantity=1&from=" + std::to_string(kg) + "&to=" +
                    std::to_string(m),
                422)["code"],
            "uom_category_mismatch");
  EXPECT_EQ(get("/uoms/convert?quantity=x" + ids, 422)["code"], "quantity_invalid");
  EXPECT_EQ(get("/uoms/convert?quantity=1" + ids + "&rounding=nearest", 422)["code"],
            "rounding_invalid");
  EXPECT_EQ(get("/uoms/convert?quantity=1&from=999999&to=1", 422)["code"], "uom_not_found");
  const json box = post("/uoms", {{"category", "units"}, {"name", "box of 6"}, {"factor", "6"}}, 201);
  EXPECT_EQ(box["factor"], "6");
  EXPECT_EQ(post("/uoms", {{"category", "units"}, {"name", "box of 6"}, {"factor", "6"}}, 409)["code"],
            "uom_name_taken");
  EXPECT_EQ(post("/uoms", {{"category", "units"}, {"name", "x"}, {"factor", "6"}, {"extra", 1}},
                 422)["code"],
            "input_invalid");
  EXPECT_EQ(post("/uoms", {{"category", "units"}, {"name", "x"}, {"factor", "6"}}, 403,
                 "viewer")["code"],
            "permission_denied");

  const json categories = get("/categories");
  ASSERT_EQ(categories["items"].size(), 1u);
  EXPECT_EQ(categories["items"][0]["name"], "All");
  const json tools =
      post("/categories", {{"name", "Tools"}, {"cost_method", "average"},
                           {"parent_id", categories["items"][0]["id"]}},
           201);
  EXPECT_EQ(tools["cost_method"], "average");
  EXPECT_EQ(get("/categories/" + std::to_string(tools["id"].get<std::int64_t>()))["name"], "Tools");
  EXPECT_EQ(get("/categories/" + std::to_string(tools["id"].get<std::int64_t>()), 404, "other")["code"],
            "category_not_found");
  EXPECT_EQ(post("/categories", {{"name", "Tools"}}, 409)["code"], "category_name_taken");
  EXPECT_EQ(post("/categories", {{"name", "X"}, {"cost_method", "lifo"}}, 422)["code"],
            "cost_method_invalid");
}

TEST_P(CatalogHttpTest, products_and_variants_through_the_api) {
  const json mug = post("/products",
                        {{"sku", "MUG-CER-01"},
                         {"barcode", "4006381333931"},
                         {"names", {{"en", "Ceramic mug"}, {"fa", "لیوان سرامیکی"}}},
                         {"list_price", "12.50"},
                         {"standard_cost", "4.20"},
                         {"taxes", {"VAT 19%"}}},
                        201);
  EXPECT_EQ(mug["name"], "Ceramic mug");
  EXPECT_EQ(mug["uom"], "pc");
  EXPECT_EQ(mug["category_name"], "All");
  EXPECT_EQ(mug["list_price"], "12.50");
  EXPECT_EQ(mug["currency"], "EUR");
  EXPECT_EQ(mug["taxes"], json({"VAT 19%"}));
  const std::string mug_path = "/products/" + std::to_string(mug["id"].get<std::int64_t>());
  EXPECT_EQ(get(mug_path)["sku"], "MUG-CER-01");
  EXPECT_EQ(get("/products/lookup?code=4006381333931")["id"], mug["id"]);
  EXPECT_EQ(get("/products/lookup?code=NOPE", 404)["code"], "product_not_found");
  EXPECT_EQ(get("/products/lookup", 422)["code"], "list_parameter_invalid");

  const json shirt = post("/products",
                          {{"sku", "TSHIRT"},
                           {"names", {{"en", "T-shirt"}}},
                           {"list_price", "15.00"},
                           {"attributes",
                            {{{"name", "size"}, {"values", {"S", "M", "L"}}},
                             {{"name", "colour"}, {"values", {"red", "blue"}}}}},
                           {"price_extras", {{"size:L", "2.00"}, {"colour:blue", "0.50"}}}},
                          201);
  EXPECT_TRUE(shirt["is_template"]);
  EXPECT_EQ(shirt["variant_count"], 6);
  const std::string shirt_path = "/products/" + std::to_string(shirt["id"].get<std::int64_t>());
  const json variants = get(shirt_path + "/variants");
  ASSERT_EQ(variants["items"].size(), 6u);
  EXPECT_EQ(variants["items"][5]["sku"], "TSHIRT-L-BLUE");
  EXPECT_EQ(variants["items"][5]["list_price"], "17.50");
  EXPECT_EQ(variants["items"][5]["attributes"]["colour"], "blue");
  EXPECT_EQ(get("/products/lookup?code=TSHIRT-M-RED")["template_id"], shirt["id"]);

  EXPECT_EQ(get("/products")["items"].size(), 2u);
  EXPECT_EQ(get("/products?variants=only")["items"].size(), 6u);
  EXPECT_EQ(get("/products?q=ceramic")["items"].size(), 1u);
  EXPECT_EQ(get("/products?limit=1")["next_cursor"], json(std::to_string(mug["id"].get<std::int64_t>())));
  EXPECT_EQ(get("/products?variants=some", 422)["code"], "list_parameter_invalid");
  EXPECT_EQ(get("/products?limit=501", 422)["code"], "list_parameter_invalid");
  EXPECT_EQ(get("/products?type=gadget", 422)["code"], "list_parameter_invalid");

  const json changed = patch(mug_path, {{"version", 1}, {"list_price", "13.00"}}, 200);
  EXPECT_EQ(changed["version"], 2);
  EXPECT_EQ(changed["list_price"], "13.00");
  EXPECT_EQ(patch(mug_path, {{"version", 1}, {"list_price", "14.00"}}, 409)["code"],
            "version_conflict");
  EXPECT_EQ(patch(mug_path, {{"list_price", "14.00"}}, 422)["code"], "version_required");
  EXPECT_EQ(patch(mug_path, {{"version", 2}, {"type", "service"}}, 422)["code"], "input_invalid");
  EXPECT_EQ(patch(mug_path, {{"version", 2}}, 404, "other")["code"], "product_not_found");
  EXPECT_EQ(get(mug_path)["list_price"], "13.00");

  EXPECT_TRUE(post(mug_path + "/archive", nullptr, 200)["archived"]);
  EXPECT_EQ(get("/products")["items"].size(), 1u);
  EXPECT_FALSE(post(mug_path + "/unarchive", nullptr, 200)["archived"]);
}

TEST_P(CatalogHttpTest, bad_input_and_other_companies_and_permissions) {
  const json bad = post("/products", {{"names", {{"en", 5}}}, {"colour", "red"}}, 422);
  EXPECT_EQ(bad["code"], "input_invalid");
  EXPECT_EQ(post("/products", {{"sku", "A B"}, {"names", {{"en", "x"}}}}, 422)["code"],
            "sku_invalid");
  EXPECT_EQ(post("/products", {{"sku", "A"}, {"names", {{"en", "x"}}}, {"barcode", "4006381333932"}},
                 422)["code"],
            "barcode_check_digit_invalid");
  EXPECT_EQ(post("/products",
                 {{"sku", "A"}, {"names", {{"en", "x"}}}, {"attributes", {{{"name", "size"}, {"values", {"S", "S"}}}}}},
                 422)["code"],
            "attribute_invalid");
  EXPECT_EQ(post("/products", {{"sku", "A"}, {"names", {{"en", "x"}}}}, 403, "viewer")["code"],
            "permission_denied");
  const json made = post("/products", {{"sku", "A"}, {"names", {{"en", "x"}}}, {"taxes", {1}}}, 201);
  EXPECT_EQ(post("/products", {{"sku", "A"}, {"names", {{"en", "y"}}}}, 409)["code"], "sku_taken");
  const std::string made_path = "/products/" + std::to_string(made["id"].get<std::int64_t>());
  EXPECT_EQ(get(made_path, 404, "other")["code"], "product_not_found");
  EXPECT_EQ(get(made_path + "/variants", 404, "other")["code"], "product_not_found");
  EXPECT_EQ(post(made_path + "/archive", nullptr, 404, "other")["code"], "product_not_found");
  EXPECT_EQ(get("/products/abc", 404)["code"], "product_not_found");
  EXPECT_TRUE(get("/products", 200, "other")["items"].empty());
  EXPECT_EQ(get(made_path, 200, "viewer")["sku"], "A");
}

KEEL_INSTANTIATE_ENGINES(CatalogHttpTest);

}  // namespace
}  // namespace keel::inventory
