#include "keel/http/dispatcher.h"

#include <gtest/gtest.h>

#include <thread>

#include "keel/core/limits.h"
#include "keel/testing/database.h"
#include "test_support.h"

namespace keel::http {
namespace {

using nlohmann::json;

class DispatcherTest : public keel::testing::EngineTest {
 protected:
  void SetUp() override {
    KEEL_ASSERT_OK(test::create_test_table(database()));
    test::add_test_routes(m_router);
    m_dispatcher.emplace(m_router, database(), m_authenticator, m_clock);
  }

  Response send(Method method, std::string path, std::string body = {},
                std::vector<std::pair<std::string, std::string>> headers = {
                    {"Authorization", "Bearer user-1"}}) {
    Request request;
    request.method = method;
    request.path = std::move(path);
    request.body = std::move(body);
    request.headers = std::move(headers);
    if (!request.body.empty() && !request.header("Content-Type")) {
      request.headers.emplace_back("Content-Type", "application/json");
    }
    return m_dispatcher->dispatch(std::move(request));
  }

  Response post_item(std::string body, std::string key = {},
                     std::string authorization = "Bearer user-1") {
    std::vector<std::pair<std::string, std::string>> headers = {
        {"Authorization", std::move(authorization)}, {"Content-Type", "application/json"}};
    if (!key.empty()) headers.emplace_back("Idempotency-Key", std::move(key));
    return send(Method::post, "/api/v1/items", std::move(body), std::move(headers));
  }

  static std::string code_of(const Response& response) {
    return json::parse(response.body).value("code", "");
  }
  static std::optional<std::string> header_of(const Response& response, std::string_view name) {
    for (const auto& [key, value] : response.headers) {
      if (key == name) return value;
    }
    return std::nullopt;
  }

  Router m_router;
  test::TestAuthenticator m_authenticator;
  ManualClock m_clock{from_unix_us(1'790'000'000'000'000)};
  std::optional<Dispatcher> m_dispatcher;
};

TEST_P(DispatcherTest, CreatesAnItemWithStandardHeaders) {
  Response response = post_item(R"({"name":"Åsa"})");
  ASSERT_EQ(response.status, 201) << response.body;
  EXPECT_EQ(json::parse(response.body)["name"], "Åsa");
  EXPECT_EQ(header_of(response, "X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(header_of(response, "Content-Security-Policy"),
            "default-src 'self'; frame-ancestors 'none'");
  EXPECT_EQ(header_of(response, "Referrer-Policy"), "same-origin");
  EXPECT_EQ(header_of(response, "Cache-Control"), "no-store");
  EXPECT_EQ(header_of(response, "X-Request-Id")->size(), 32u);
  EXPECT_EQ(test::count_items(database()), 1);
}

TEST_P(DispatcherTest, EchoesASaneRequestIdAndReplacesAnInsaneOne) {
  Response sane = send(Method::get, "/api/v1/items", {},
                       {{"Authorization", "Bearer user-1"}, {"X-Request-Id", "abc-123"}});
  EXPECT_EQ(header_of(sane, "X-Request-Id"), "abc-123");
  Response insane = send(Method::get, "/api/v1/items", {},
                         {{"Authorization", "Bearer user-1"}, {"X-Request-Id", "a b\r\nX: y"}});
  EXPECT_NE(header_of(insane, "X-Request-Id"), "a b\r\nX: y");
  EXPECT_EQ(json::parse(insane.body)["count"], 0);
}

TEST_P(DispatcherTest, PassesQueryAndPathParameters) {
  Request request;
  request.path = "/api/v1/items";
  request.query = {{"q", "steel"}};
  request.headers = {{"authorization", "Bearer user-1"}};
  Response response = m_dispatcher->dispatch(request);
  EXPECT_EQ(json::parse(response.body)["q"], "steel");
  Response open = send(Method::get, "/api/v1/open/hello%20world", {}, {});
  ASSERT_EQ(open.status, 200) << open.body;
  EXPECT_EQ(json::parse(open.body)["word"], "hello world");
  EXPECT_EQ(json::parse(open.body)["has_principal"], false);
}

TEST_P(DispatcherTest, RefusesMissingOrUnknownCredentialsWith401) {
  Response none = post_item(R"({"name":"x"})", {}, "");
  EXPECT_EQ(none.status, 401);
  EXPECT_EQ(none.content_type, "application/problem+json");
  EXPECT_EQ(code_of(none), "test_session_invalid");
  EXPECT_EQ(test::count_items(database()), 0);
}

TEST_P(DispatcherTest, RefusesAMissingPermissionWith403) {
  Response response = post_item(R"({"name":"x"})", {}, "Bearer user-2");
  EXPECT_EQ(response.status, 403);
  EXPECT_EQ(code_of(response), "permission_denied");
  EXPECT_EQ(test::count_items(database()), 0);
}

TEST_P(DispatcherTest, CookieSessionsNeedTheCsrfTokenExceptOnGet) {
  auto with_cookie = [&](std::optional<std::string> token) {
    std::vector<std::pair<std::string, std::string>> headers = {
        {"Cookie", "theme=dark; session=user-1"}, {"Content-Type", "application/json"}};
    if (token) headers.emplace_back("X-CSRF-Token", *token);
    return send(Method::post, "/api/v1/items", R"({"name":"c"})", headers);
  };
  EXPECT_EQ(code_of(with_cookie(std::nullopt)), "csrf_token_invalid");
  EXPECT_EQ(with_cookie("csrf-user-2").status, 403);
  EXPECT_EQ(with_cookie("csrf-user-1").status, 201);
  EXPECT_EQ(send(Method::get, "/api/v1/items", {}, {{"Cookie", "session=user-1"}}).status, 200);
  EXPECT_EQ(test::count_items(database()), 1);
}

TEST_P(DispatcherTest, AnswersUnknownRoutesWith404And405) {
  Response missing = send(Method::get, "/api/v1/nothing");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(code_of(missing), "route_not_found");
  Response method = send(Method::del, "/api/v1/items");
  EXPECT_EQ(method.status, 405);
  EXPECT_EQ(code_of(method), "method_not_allowed");
  EXPECT_EQ(json::parse(method.body)["status"], 405);
}

TEST_P(DispatcherTest, RefusesBodiesOverTheRouteLimitWith413) {
  std::string big(limits::kRequestBodyBytesMax + 1, ' ');
  Response response = post_item(big);
  EXPECT_EQ(response.status, 413);
  EXPECT_EQ(code_of(response), "body_too_large");
  // CSV imports have the larger limit.
  Response csv = send(Method::post, "/api/v1/items/import", big,
                      {{"Authorization", "Bearer user-1"}, {"Content-Type", "text/csv"}});
  EXPECT_EQ(csv.status, 200) << csv.body;
  std::string huge(limits::kImportBodyBytesMax + 1, 'a');
  Response too_big = send(Method::post, "/api/v1/items/import", huge,
                          {{"Authorization", "Bearer user-1"}, {"Content-Type", "text/csv"}});
  EXPECT_EQ(code_of(too_big), "body_too_large");
}

TEST_P(DispatcherTest, RefusesMalformedJsonWith400) {
  for (std::string body : {std::string(R"({"name":)"), std::string("{\"name\":\"\xC3\x28\"}"),
                           std::string(100, '[') + std::string(100, ']'), std::string("")}) {
    Response response = post_item(body);
    EXPECT_EQ(response.status, 400) << body;
    EXPECT_EQ(code_of(response), "json_malformed") << body;
  }
  EXPECT_EQ(test::count_items(database()), 0);
}

TEST_P(DispatcherTest, RefusesOtherContentTypesWith400) {
  Response response = send(
      Method::post, "/api/v1/items", "name=x",
      {{"Authorization", "Bearer user-1"}, {"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(code_of(response), "content_type_unsupported");
  Response charset = send(
      Method::post, "/api/v1/items", R"({"name":"x"})",
      {{"Authorization", "Bearer user-1"}, {"Content-Type", "Application/JSON; charset=utf-8"}});
  EXPECT_EQ(charset.status, 201) << charset.body;
}

TEST_P(DispatcherTest, ValidationErrorsAre422WithFields) {
  Response response = post_item(R"({"name":"","extra":1})");
  EXPECT_EQ(response.status, 422);
  json problem = json::parse(response.body);
  EXPECT_EQ(problem["code"], "input_invalid");
  EXPECT_EQ(problem["type"], "https://keel.dev/errors/input_invalid");
  ASSERT_EQ(problem["fields"].size(), 2u);
  EXPECT_EQ(problem["fields"][0]["code"], "field_empty");
  EXPECT_EQ(problem["fields"][1]["code"], "field_unknown");
  EXPECT_FALSE(problem["request_id"].get<std::string>().empty());
}

TEST_P(DispatcherTest, AHandlerErrorRollsBack) {
  Response response = send(Method::post, "/api/v1/items/fail", R"({"name":"x"})");
  EXPECT_EQ(response.status, 409);
  EXPECT_EQ(code_of(response), "test_item_conflict");
  EXPECT_EQ(test::count_items(database()), 0);
}

TEST_P(DispatcherTest, AHandlerExceptionIs500AndRollsBack) {
  Response response = send(Method::post, "/api/v1/items/throw", R"({"name":"x"})");
  EXPECT_EQ(response.status, 500);
  EXPECT_EQ(code_of(response), "internal_error");
  EXPECT_EQ(response.body.find("handler bug"), std::string::npos);
  EXPECT_EQ(test::count_items(database()), 0);
}

TEST_P(DispatcherTest, ReplaysAnIdempotentPostAndWritesOnce) {
  Response first = post_item(R"({"name":"once"})", "key-1");
  Response second = post_item(R"({"name":"once"})", "key-1");
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(second.status, 201);
  EXPECT_EQ(second.body, first.body);
  EXPECT_EQ(second.content_type, first.content_type);
  EXPECT_EQ(header_of(second, "Idempotent-Replayed"), "true");
  EXPECT_FALSE(header_of(first, "Idempotent-Replayed").has_value());
  EXPECT_EQ(test::count_items(database()), 1);
  // Keys belong to a user and company: another user's same key is a new request.
  Response other_user = post_item(R"({"name":"once"})", "key-1", "Bearer user-3");
  EXPECT_EQ(other_user.status, 201);
  EXPECT_FALSE(header_of(other_user, "Idempotent-Replayed").has_value());
  EXPECT_EQ(test::count_items(database()), 2);
}

TEST_P(DispatcherTest, RefusesAReusedKeyWithAnotherBody) {
  ASSERT_EQ(post_item(R"({"name":"first"})", "key-2").status, 201);
  Response reused = post_item(R"({"name":"second"})", "key-2");
  EXPECT_EQ(reused.status, 422);
  EXPECT_EQ(code_of(reused), "idempotency_key_reused");
  EXPECT_EQ(test::count_items(database()), 1);
}

TEST_P(DispatcherTest, RefusesInvalidIdempotencyKeys) {
  for (std::string key : {std::string(201, 'k'), std::string("tab\there"), std::string("ключ")}) {
    Response response = post_item(R"({"name":"x"})", key);
    EXPECT_EQ(response.status, 400);
    EXPECT_EQ(code_of(response), "idempotency_key_invalid");
  }
  EXPECT_EQ(post_item(R"({"name":"x"})", std::string(200, 'k')).status, 201);
  EXPECT_EQ(test::count_items(database()), 1);
}

TEST_P(DispatcherTest, StoresNeitherErrorsNorNonSuccessResponses) {
  // The failed attempt is not stored, so the retry with the same key runs again.
  EXPECT_EQ(send(Method::post, "/api/v1/items/fail", R"({"name":"x"})",
                 {{"Authorization", "Bearer user-1"},
                  {"Content-Type", "application/json"},
                  {"Idempotency-Key", "key-3"}})
                .status,
            409);
  Response declined = send(Method::post, "/api/v1/items/declined", R"({"name":"x"})",
                           {{"Authorization", "Bearer user-1"},
                            {"Content-Type", "application/json"},
                            {"Idempotency-Key", "key-3"}});
  EXPECT_EQ(declined.status, 409);
  Response again = send(Method::post, "/api/v1/items/declined", R"({"name":"x"})",
                        {{"Authorization", "Bearer user-1"},
                         {"Content-Type", "application/json"},
                         {"Idempotency-Key", "key-3"}});
  EXPECT_FALSE(header_of(again, "Idempotent-Replayed").has_value());
  EXPECT_EQ(test::count_items(database()), 2);
}

TEST_P(DispatcherTest, ExpiredKeysRunAgainAndArePurged) {
  ASSERT_EQ(post_item(R"({"name":"x"})", "key-4").status, 201);
  m_clock.advance(std::chrono::hours(limits::kIdempotencyRetentionHours + 1));
  Response again = post_item(R"({"name":"x"})", "key-4");
  EXPECT_FALSE(header_of(again, "Idempotent-Replayed").has_value());
  EXPECT_EQ(test::count_items(database()), 2);
  ASSERT_EQ(post_item(R"({"name":"x"})", "key-5").status, 201);
  m_clock.advance(std::chrono::hours(limits::kIdempotencyRetentionHours + 1));
  auto purged = database().write(
      [&](db::Tx& tx) { return purge_expired_idempotency_keys(tx, m_clock.now()); });
  KEEL_ASSERT_OK(purged);
  EXPECT_EQ(purged.value(), 2);
}

TEST_P(DispatcherTest, ConcurrentRequestsWithOneKeyWriteOnce) {
  constexpr int kThreads = 8;
  std::vector<Response> responses(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] { responses[i] = post_item(R"({"name":"race"})", "key-race"); });
  }
  for (auto& thread : threads) thread.join();
  int replayed = 0;
  for (const auto& response : responses) {
    EXPECT_EQ(response.status, 201) << response.body;
    EXPECT_EQ(response.body, responses[0].body);
    if (header_of(response, "Idempotent-Replayed")) ++replayed;
  }
  EXPECT_EQ(replayed, kThreads - 1);
  EXPECT_EQ(test::count_items(database()), 1);
}

KEEL_INSTANTIATE_ENGINES(DispatcherTest);

}  // namespace
}  // namespace keel::http
