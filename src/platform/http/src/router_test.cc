#include "keel/http/router.h"

#include <gtest/gtest.h>

namespace keel::http {
namespace {

RouteSpec route(Method method, std::string path) {
  RouteSpec spec;
  spec.method = method;
  spec.path = std::move(path);
  spec.handler = [](Context&) -> Result<Response> { return Response::no_content(); };
  return spec;
}

class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    m_router.add(route(Method::get, "/api/v1/partners"));
    m_router.add(route(Method::post, "/api/v1/partners"));
    m_router.add(route(Method::get, "/api/v1/partners/{id}"));
    m_router.add(route(Method::get, "/api/v1/partners/export"));
    m_router.add(route(Method::post, "/api/v1/partners/{id}/contacts/{contact_id}"));
    m_router.add(route(Method::get, "/"));
  }
  Router m_router;
};

TEST_F(RouterTest, MatchesLiteralPaths) {
  auto match = m_router.match(Method::post, "/api/v1/partners");
  ASSERT_TRUE(match);
  EXPECT_EQ(match->route->method, Method::post);
  EXPECT_TRUE(match->path_params.empty());
  EXPECT_TRUE(m_router.match(Method::get, "/"));
}

TEST_F(RouterTest, ExtractsAndDecodesParameters) {
  auto match = m_router.match(Method::post, "/api/v1/partners/42/contacts/a%2Fb%20c");
  ASSERT_TRUE(match);
  EXPECT_EQ(match->path_params.at("id"), "42");
  EXPECT_EQ(match->path_params.at("contact_id"), "a/b c");
}

TEST_F(RouterTest, PrefersLiteralSegmentsOverParameters) {
  auto match = m_router.match(Method::get, "/api/v1/partners/export");
  ASSERT_TRUE(match);
  EXPECT_EQ(match->route->path, "/api/v1/partners/export");
  EXPECT_EQ(m_router.match(Method::get, "/api/v1/partners/7")->route->path,
            "/api/v1/partners/{id}");
}

TEST_F(RouterTest, TellsMethodNotAllowedFromNotFound) {
  bool path_exists = true;
  EXPECT_FALSE(m_router.match(Method::del, "/api/v1/partners", &path_exists));
  EXPECT_TRUE(path_exists);
  EXPECT_FALSE(m_router.match(Method::get, "/api/v1/nothing", &path_exists));
  EXPECT_FALSE(path_exists);
}

TEST_F(RouterTest, RefusesMalformedPaths) {
  for (std::string_view path :
       {"", "api/v1/partners", "/api/v1/partners/", "/api//v1/partners", "/api/v1/partners/%zz",
        "/api/v1/partners/%00", "/api/v1/partners/1/2"}) {
    EXPECT_FALSE(m_router.match(Method::get, path)) << path;
  }
}

TEST(RouterPatterns, ListsParameterNames) {
  EXPECT_EQ(path_parameter_names("/a/{id}/b/{line}"), (std::vector<std::string>{"id", "line"}));
  EXPECT_TRUE(path_parameter_names("/a/b").empty());
}

TEST(RouterDeathTest, RefusesDuplicateRoutes) {
  Router router;
  router.add(route(Method::get, "/a/{id}"));
  EXPECT_DEATH(router.add(route(Method::get, "/a/{id}")), "assertion failed");
  EXPECT_DEATH(router.add(route(Method::get, "/b/{id}/{id}")), "assertion failed");
}

}  // namespace
}  // namespace keel::http
