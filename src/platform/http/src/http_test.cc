#include "keel/http/http.h"

#include <gtest/gtest.h>

#include "keel/http/security.h"
#include "text.h"

namespace keel::http {
namespace {

using nlohmann::json;

TEST(Request, FindsHeadersIgnoringCase) {
  Request request;
  request.headers = {{"Content-Type", "application/json"}, {"x-csrf-token", "t"}};
  EXPECT_EQ(request.header("content-type"), "application/json");
  EXPECT_EQ(request.header("X-CSRF-Token"), "t");
  EXPECT_FALSE(request.header("Authorization"));
}

TEST(Request, ParsesCookies) {
  Request request;
  request.headers = {{"Cookie", "theme=dark;  keel_session=abc=; quoted=\"q v\""},
                     {"cookie", "second=2"}};
  EXPECT_EQ(request.cookie("keel_session"), "abc=");
  EXPECT_EQ(request.cookie("theme"), "dark");
  EXPECT_EQ(request.cookie("quoted"), "q v");
  EXPECT_EQ(request.cookie("second"), "2");
  EXPECT_FALSE(request.cookie("session"));
  EXPECT_FALSE(request.cookie(""));
}

TEST(Request, ReadsQueryParameters) {
  auto query = detail::parse_query_string("q=tehran+steel&page=%32&flag&q=ignored");
  ASSERT_TRUE(query.ok());
  Request request;
  request.query = query.value();
  EXPECT_EQ(request.query_param("q"), "tehran steel");
  EXPECT_EQ(request.query_param("page"), "2");
  EXPECT_EQ(request.query_param("flag"), "");
  EXPECT_FALSE(request.query_param("missing"));
  auto bad = detail::parse_query_string("a=%zz");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code(), "query_string_invalid");
}

TEST(Response, BuildsProblemJson) {
  Error error = Error::validation("input_invalid", "Two fields are invalid.");
  error.add_field("name", "field_required", "Required.");
  Response response = Response::problem(error, "req-1");
  EXPECT_EQ(response.status, 422);
  EXPECT_EQ(response.content_type, "application/problem+json");
  json body = json::parse(response.body);
  EXPECT_EQ(body["type"], "https://keel.dev/errors/input_invalid");
  EXPECT_EQ(body["title"], "Two fields are invalid.");
  EXPECT_EQ(body["status"], 422);
  EXPECT_EQ(body["code"], "input_invalid");
  EXPECT_EQ(body["kind"], "validation");
  EXPECT_EQ(body["message"], "Two fields are invalid.");
  EXPECT_EQ(body["request_id"], "req-1");
  EXPECT_EQ(body["fields"], json::parse(R"([{"field":"name","code":"field_required",
                                             "message":"Required."}])"));
  EXPECT_TRUE(response.headers.empty());
}

TEST(Response, AddsRetryAfterToTransientAndRateLimitedProblems) {
  Response transient = Response::problem(Error::transient("db_busy", "Busy."));
  EXPECT_EQ(transient.status, 503);
  ASSERT_EQ(transient.headers.size(), 1u);
  EXPECT_EQ(transient.headers[0], (std::pair<std::string, std::string>{"Retry-After", "1"}));
  Error limited(ErrorKind::rate_limited, "login_rate_limited", "Slow down.");
  limited.set_retry_after_s(30);
  Response rate = Response::problem(limited);
  EXPECT_EQ(rate.status, 429);
  EXPECT_EQ(rate.headers[0].second, "30");
}

TEST(Response, MapsEveryKindToItsStatus) {
  EXPECT_EQ(status_for(ErrorKind::validation), 422);
  EXPECT_EQ(status_for(ErrorKind::bad_request), 400);
  EXPECT_EQ(status_for(ErrorKind::unauthenticated), 401);
  EXPECT_EQ(status_for(ErrorKind::permission), 403);
  EXPECT_EQ(status_for(ErrorKind::not_found), 404);
  EXPECT_EQ(status_for(ErrorKind::conflict), 409);
  EXPECT_EQ(status_for(ErrorKind::too_large), 413);
  EXPECT_EQ(status_for(ErrorKind::rate_limited), 429);
  EXPECT_EQ(status_for(ErrorKind::transient), 503);
  EXPECT_EQ(status_for(ErrorKind::internal), 500);
}

TEST(Response, BuildsJsonTextAndEmptyResponses) {
  Response ok = Response::json(201, {{"id", 7}});
  EXPECT_EQ(ok.status, 201);
  EXPECT_EQ(ok.body, R"({"id":7})");
  Response csv = Response::text(200, "text/csv", "a,b\n");
  EXPECT_EQ(csv.content_type, "text/csv");
  EXPECT_EQ(Response::no_content().status, 204);
  EXPECT_TRUE(Response::no_content().body.empty());
  EXPECT_EQ(parse_method("PATCH"), Method::patch);
  EXPECT_EQ(parse_method("DELETE"), Method::del);
  EXPECT_FALSE(parse_method("HEAD"));
}

TEST(Principal, ReportsScopes) {
  Principal principal;
  principal.permissions.emplace("partners.party.read", Scope::own);
  EXPECT_EQ(principal.scope("partners.party.read"), Scope::own);
  EXPECT_TRUE(principal.can("partners.party.read"));
  EXPECT_FALSE(principal.can("partners.party.write"));
  EXPECT_EQ(to_string(Scope::all), "all");
}

TEST(Text, MeasuresJsonNesting) {
  EXPECT_EQ(detail::json_nesting_depth(R"({"a":["[[[", {"b":1}]})"), 3u);
}

}  // namespace
}  // namespace keel::http
