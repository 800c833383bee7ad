#include <gtest/gtest.h>

#include "keel/http/openapi_check.h"
#include "keel/http/router.h"
#include "test_support.h"

namespace keel::http {
namespace {

using nlohmann::json;

class OpenApiTest : public ::testing::Test {
 protected:
  void SetUp() override { test::add_test_routes(m_router); }
  Router m_router;
};

TEST_F(OpenApiTest, DescribesEveryRoute) {
  json document = openapi_document(m_router, "1.2.3");
  EXPECT_EQ(document["openapi"], "3.0.3");
  EXPECT_EQ(document["info"]["version"], "1.2.3");
  auto problems = openapi_coverage_problems(m_router, document);
  for (const auto& problem : problems) ADD_FAILURE() << problem;

  const json& create = document["paths"]["/api/v1/items"]["post"];
  EXPECT_EQ(create["operationId"], "post_api_v1_items");
  EXPECT_EQ(create["x-permission"], "items.write");
  EXPECT_EQ(create["x-access"], "authenticated");
  EXPECT_EQ(create["requestBody"]["content"]["application/json"]["schema"], test::kItemSchema);
  for (const char* status : {"400", "401", "403", "409", "413", "422", "503"}) {
    EXPECT_EQ(create["responses"][status]["content"]["application/problem+json"]["schema"]["$ref"],
              "#/components/schemas/Problem")
        << status;
  }
  EXPECT_FALSE(create["responses"].contains("404"));
  bool has_key = false;
  for (const auto& parameter : create["parameters"]) {
    has_key = has_key || parameter["name"] == "Idempotency-Key";
  }
  EXPECT_TRUE(has_key);

  const json& open = document["paths"]["/api/v1/open/{word}"]["get"];
  EXPECT_EQ(open["x-access"], "open");
  EXPECT_EQ(open["x-permission"], "");
  EXPECT_EQ(open["security"], json::array());
  EXPECT_EQ(open["parameters"][0]["in"], "path");
  EXPECT_TRUE(open["responses"].contains("404"));
  EXPECT_FALSE(open["responses"].contains("401"));
  EXPECT_EQ(
      document["paths"]["/api/v1/items/import"]["post"]["requestBody"]["content"].begin().key(),
      "text/csv");
  EXPECT_EQ(document["components"]["securitySchemes"]["bearerAuth"]["scheme"], "bearer");
  EXPECT_EQ(document["components"]["securitySchemes"]["cookieAuth"]["in"], "cookie");
  EXPECT_TRUE(document["components"]["schemas"].contains("Problem"));
}

TEST_F(OpenApiTest, CoverageCheckFindsGaps) {
  json document = openapi_document(m_router, "1");
  document["paths"].erase("/api/v1/open/{word}");
  document["paths"]["/api/v1/items"]["post"]["requestBody"]["content"]["application/json"]
          ["schema"] = {{"type", "string"}};
  document["paths"]["/api/v1/items"]["get"]["parameters"] = json::array();
  document["paths"]["/api/v1/ghost"]["get"] = json::object();
  auto problems = openapi_coverage_problems(m_router, document);
  auto mentions = [&](std::string_view text) {
    for (const auto& problem : problems) {
      if (problem.find(text) != std::string::npos) return true;
    }
    return false;
  };
  EXPECT_TRUE(mentions("GET /api/v1/open/{word}: not in the document"));
  EXPECT_TRUE(mentions("POST /api/v1/items: request schema differs"));
  EXPECT_TRUE(mentions("GET /api/v1/items: query parameter q"));
  EXPECT_TRUE(mentions("get /api/v1/ghost: in the document but not routed"));
}

TEST_F(OpenApiTest, CoverageCheckRequiresResponseSchemas) {
  RouteSpec bare;
  bare.method = Method::put;
  bare.path = "/api/v1/bare/{id}";
  bare.summary = "No schemas";
  bare.tag = "test";
  bare.handler = [](Context&) -> Result<Response> { return Response::no_content(); };
  m_router.add(std::move(bare));
  auto problems = openapi_coverage_problems(m_router, openapi_document(m_router, "1"));
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0], "PUT /api/v1/bare/{id}: PUT/PATCH route has no request_schema");
  EXPECT_EQ(problems[1], "PUT /api/v1/bare/{id}: route has no response_schema");
}

}  // namespace
}  // namespace keel::http
