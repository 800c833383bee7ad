// The /api/v1/partners routes through keel_http's Dispatcher, in process, on both engines.
#include <spdlog/spdlog.h>

#include <map>

#include "keel/core/limits.h"
#include "keel/http/dispatcher.h"
#include "keel/http/openapi_check.h"
#include "keel/testing/http_client.h"
#include "partners_test_support.h"

namespace keel::partners {
namespace {

using nlohmann::json;

std::map<std::string, http::Scope, std::less<>> all_permissions() {
  std::map<std::string, http::Scope, std::less<>> out;
  for (const auto& spec : permissions()) out[spec.code] = http::Scope::all;
  return out;
}

class PartnersHttpTest : public test::PartnersTest {
 protected:
  void SetUp() override {
    test::PartnersTest::SetUp();
    spdlog::set_level(spdlog::level::warn);  // one access-log line per request drowns failures
    m_http = std::make_unique<keel::testing::HttpClient>(db(), clock());
    register_routes(m_http->router());
    using keel::testing::principal;
    auto everything = all_permissions();
    m_http->users().add("manager", principal(test::company_a, 1, everything));
    m_http->users().add("other", principal(test::company_b, 5, everything));
    auto no_credit = everything;
    no_credit.erase("partners.credit.read");
    no_credit.erase("partners.credit.write");
    m_http->users().add("clerk", principal(test::company_a, 3, no_credit));
  }

  http::Response call(http::Method method, const std::string& target, const std::string& user,
                      std::string body = {},
                      std::vector<std::pair<std::string, std::string>> headers = {},
                      const std::string& content_type = "application/json") {
    return m_http->send(method, target, user, std::move(body), std::move(headers), content_type);
  }
  json call_json(http::Method method, const std::string& target, const std::string& user,
                 const json& body, int expected_status) {
    return m_http->call(method, target, user, body, expected_status);
  }
  std::int64_t total(const std::string& user = "manager") {
    return call_json(http::Method::get, "/api/v1/partners/stats", user, nullptr, 200)["total"];
  }

  std::unique_ptr<keel::testing::HttpClient> m_http;
};

bool has_field(const json& problem, const std::string& field, const std::string& code) {
  for (const auto& f : problem["fields"]) {
    if (f["field"] == field && f["code"] == code) return true;
  }
  return false;
}

TEST_P(PartnersHttpTest, every_route_is_in_the_openapi_document) {
  EXPECT_TRUE(
      http::openapi_coverage_problems(m_http->router(),
                                      http::openapi_document(m_http->router(), "test"))
          .empty());
}

TEST_P(PartnersHttpTest, create_read_patch_with_versions) {
  json body = {{"kind", "organization"},
               {"name", "شرکت بازرگانی محمد رضایی"},
               {"roles", {"customer"}},
               {"emails", {"sales@steel.example"}},
               {"currency", "IRR"},
               {"credit_limit", "500000000"},
               {"payment_terms", "net30"},
               {"addresses", {{{"kind", "billing"}, {"city", "تهران"}, {"country", "IR"}}}}};
  const json created = call_json(http::Method::post, "/api/v1/partners", "manager", body, 201);
  EXPECT_EQ(created["credit_limit"], "500000000");
  EXPECT_EQ(created["duplicate_warnings"], json::array());
  const std::int64_t id = created["id"];
  const json again =
      call_json(http::Method::post, "/api/v1/partners", "manager",
                {{"kind", "person"}, {"name", "x"}, {"emails", {"SALES@steel.example"}}}, 201);
  EXPECT_EQ(again["duplicate_warnings"][0]["id"], id);
  EXPECT_EQ(again["duplicate_warnings"][0]["match"], "email");

  const std::string path = "/api/v1/partners/" + std::to_string(id);
  const auto got = call(http::Method::get, path, "manager");
  EXPECT_EQ(got.status, 200);
  bool etag = false;
  for (const auto& [name, value] : got.headers) etag |= name == "ETag" && value == "\"1\"";
  EXPECT_TRUE(etag);
  const json read = json::parse(got.body);
  EXPECT_EQ(read["contacts"], json::array());
  EXPECT_EQ(read["addresses"][0]["country"], "IR");

  auto patch = call(http::Method::patch, path, "manager", json{{"name", "New"}}.dump());
  EXPECT_EQ(patch.status, 422);
  EXPECT_EQ(json::parse(patch.body)["code"], "party_version_required");
  patch = call(http::Method::patch, path, "manager", json{{"name", "New"}}.dump(),
               {{"If-Match", "\"7\""}});
  EXPECT_EQ(patch.status, 409);
  EXPECT_EQ(json::parse(patch.body)["code"], "party_version_conflict");
  patch = call(http::Method::patch, path, "manager", json{{"name", "New"}}.dump(),
               {{"If-Match", "nonsense"}});
  EXPECT_EQ(json::parse(patch.body)["code"], "party_version_required");
  patch = call(http::Method::patch, path, "manager", json{{"name", "New"}}.dump(),
               {{"If-Match", "\"1\""}});
  EXPECT_EQ(patch.status, 200) << patch.body;
  const json by_body =
      call_json(http::Method::patch, path, "manager",
                {{"version", 2}, {"credit_limit", nullptr}, {"tags", {"vip"}}}, 200);
  EXPECT_EQ(by_body["version"], 3);
  EXPECT_TRUE(by_body["credit_limit"].is_null());
  const json bad =
      call_json(http::Method::patch, path, "manager", {{"version", 3}, {"colour", "blue"}}, 422);
  EXPECT_TRUE(has_field(bad, "colour", "field_unknown"));

  const json archived = call_json(http::Method::post, path + "/archive", "manager", nullptr, 200);
  EXPECT_EQ(archived["archived"], true);
  const json unarchived =
      call_json(http::Method::post, path + "/unarchive", "manager", nullptr, 200);
  EXPECT_EQ(unarchived["archived"], false);
  EXPECT_EQ(call_json(http::Method::get, "/api/v1/partners/abc", "manager", nullptr, 404)["code"],
            "party_not_found");
  EXPECT_EQ(call_json(http::Method::get, path, "other", nullptr, 404)["code"], "party_not_found");
}

TEST_P(PartnersHttpTest, credit_fields_are_hidden_and_guarded) {
  const json created = call_json(http::Method::post, "/api/v1/partners", "manager",
                                 {{"kind", "organization"},
                                  {"name", "Credit"},
                                  {"currency", "EUR"},
                                  {"credit_limit", "1000.50"},
                                  {"payment_terms", "net30"}},
                                 201);
  const std::string path = "/api/v1/partners/" + std::to_string(created["id"].get<std::int64_t>());
  const json seen = call_json(http::Method::get, path, "clerk", nullptr, 200);
  EXPECT_FALSE(seen.contains("credit_limit"));
  EXPECT_FALSE(seen.contains("payment_terms"));
  const json refused = call_json(http::Method::patch, path, "clerk",
                                 {{"version", 1}, {"credit_limit", "1.00"}}, 403);
  EXPECT_EQ(refused["code"], "permission_denied");
  EXPECT_TRUE(has_field(refused, "credit_limit", "permission_denied"));
  const json create_refused =
      call_json(http::Method::post, "/api/v1/partners", "clerk",
                {{"kind", "person"}, {"name", "p"}, {"payment_terms", "net30"}}, 403);
  EXPECT_TRUE(has_field(create_refused, "payment_terms", "permission_denied"));
  const auto csv = call(http::Method::get, "/api/v1/partners/export", "clerk");
  EXPECT_EQ(csv.body.find("1000.50"), std::string::npos);
  EXPECT_EQ(csv.body.find("payment_terms"), std::string::npos);
}

TEST_P(PartnersHttpTest, create_reports_every_validation_code) {
  const json valid = {
      {"kind", "organization"}, {"name", "UAB Vilniaus prekyba"}, {"currency", "EUR"}};
  const auto expect = [&](json change, const std::string& field, const std::string& code) {
    json body = valid;
    body.update(change);
    const json problem = call_json(http::Method::post, "/api/v1/partners", "manager", body, 422);
    EXPECT_TRUE(has_field(problem, field, code)) << problem.dump();
  };
  const auto before = total();
  expect({{"kind", "company"}}, "kind", "party_kind_invalid");
  expect({{"name", "bad\u0001"}}, "name", "field_text_invalid");
  expect({{"name", " "}}, "name", "party_name_invalid");
  expect({{"roles", {"pirate"}}}, "roles/0", "party_role_invalid");
  expect({{"emails", {"not-an-email"}}}, "emails/0", "party_email_invalid");
  expect({{"phones", {"call me"}}}, "phones/0", "party_phone_invalid");
  expect({{"websites", {"no site"}}}, "websites/0", "party_website_invalid");
  expect({{"social", {{{"network", "Bad Net"}, {"handle", "x"}}}}}, "social/0",
         "party_social_invalid");
  expect({{"addresses", {{{"kind", "home"}}}}}, "addresses/0/kind", "party_address_kind_invalid");
  expect({{"addresses", {{{"country", "Iran"}}}}}, "addresses/0/country", "party_country_invalid");
  expect({{"addresses", {{{"street", "a\tb"}}}}}, "addresses/0/street", "party_address_invalid");
  expect({{"language", "Persian"}}, "language", "party_language_invalid");
  expect({{"currency", "EURO"}}, "currency", "currency_invalid");
  expect({{"currency", "XYZ"}}, "currency", "currency_unknown");
  expect({{"credit_limit", "1,000"}}, "credit_limit", "amount_invalid");
  expect({{"credit_limit", "1.001"}}, "credit_limit", "amount_too_many_decimals");
  expect({{"credit_limit", "99999999999999999999"}}, "credit_limit", "amount_out_of_range");
  expect({{"credit_limit", "-1"}}, "credit_limit", "credit_limit_negative");
  expect({{"currency", ""}, {"credit_limit", "1"}}, "currency", "party_currency_required");
  expect({{"payment_terms", "Net 30"}}, "payment_terms", "party_payment_terms_invalid");
  expect({{"tags", {"a;b"}}}, "tags/0", "party_tag_invalid");
  expect({{"tax_id", "x\ty"}}, "tax_id", "party_tax_id_invalid");
  expect({{"kind", "person"}, {"parent_id", 999}}, "parent_id", "party_parent_invalid");
  expect({{"owner_id", 0}}, "owner_id", "field_out_of_range");
  json many = json::array();
  for (int i = 0; i < 21; ++i) many.push_back("a" + std::to_string(i) + "@example.com");
  expect({{"emails", many}}, "emails", "field_too_long");
  expect({{"name", std::string(301, 'x')}}, "name", "field_too_long");
  EXPECT_EQ(total(), before);
}

TEST_P(PartnersHttpTest, lists_search_and_refuse_bad_parameters) {
  for (const char* name : {"محمد رضایی", "علی کریمی", "کامران یزدی", "王伟", "Ąžuolas"}) {
    call_json(http::Method::post, "/api/v1/partners", "manager",
              {{"kind", "person"}, {"name", name}}, 201);
  }
  const auto count = [&](const std::string& query) {
    return call_json(http::Method::get, "/api/v1/partners?" + query, "manager", nullptr,
                     200)["items"]
        .size();
  };
  EXPECT_EQ(count("q=محمد"), 1u);
  EXPECT_EQ(count("q=علي"), 1u);
  EXPECT_EQ(count("q=كامران"), 1u);
  EXPECT_EQ(count("q=王"), 1u);
  EXPECT_EQ(count("q=ĄŽUOLAS"), 1u);
  const json page =
      call_json(http::Method::get, "/api/v1/partners?limit=2&sort=-name", "manager", nullptr, 200);
  EXPECT_EQ(page["items"].size(), 2u);
  EXPECT_TRUE(page["next_cursor"].is_string());
  const auto code = [&](const std::string& query) {
    return call_json(http::Method::get, "/api/v1/partners?" + query, "manager", nullptr,
                     422)["code"];
  };
  EXPECT_EQ(code("archived=maybe"), "list_archived_invalid");
  EXPECT_EQ(code("owner=you"), "list_owner_invalid");
  EXPECT_EQ(code("kind=robot"), "party_kind_invalid");
  EXPECT_EQ(code("role=pirate"), "party_role_invalid");
  EXPECT_EQ(code("limit=ten"), "list_limit_invalid");
  EXPECT_EQ(code("sort=colour"), "list_sort_invalid");
  EXPECT_EQ(code("cursor=abc"), "list_cursor_invalid");
  EXPECT_EQ(code("sort=name&cursor=" + page["next_cursor"].get<std::string>()),
            "list_cursor_invalid");
  const json dup =
      call_json(http::Method::get, "/api/v1/partners/duplicates?email=nobody@example.com",
                "manager", nullptr, 200);
  EXPECT_EQ(dup["items"], json::array());
  const json stats =
      call_json(http::Method::get, "/api/v1/partners/stats", "manager", nullptr, 200);
  EXPECT_EQ(stats["total"], 5);
}

TEST_P(PartnersHttpTest, import_is_all_or_nothing) {
  const std::string csv =
      "kind,name,roles,emails,currency\n"
      "organization,Tehran Steel,customer,sales@steel.example,IRR\n"
      "person,,customer,bad-email,EUR\n";
  const auto import = [&](const std::string& query, const std::string& body,
                          const std::string& user = "manager") {
    return call(http::Method::post, "/api/v1/partners/import" + query, user, body, {}, "text/csv");
  };
  const auto dry = import("?dry_run=true", csv);
  ASSERT_EQ(dry.status, 200) << dry.body;
  const json report = json::parse(dry.body);
  EXPECT_EQ(report["rows"], 2);
  EXPECT_EQ(report["valid"], 1);
  EXPECT_EQ(report["created"], 0);
  bool row2_email = false;
  for (const auto& e : report["errors"])
    row2_email |= e["row"] == 2 && e["field"] == "emails" && e["code"] == "party_email_invalid";
  EXPECT_TRUE(row2_email) << report.dump();
  const auto real = import("?dry_run=false", csv);
  EXPECT_EQ(real.status, 422);
  const json problem = json::parse(real.body);
  EXPECT_EQ(problem["code"], "import_rows_invalid");
  EXPECT_TRUE(has_field(problem, "rows/2/emails", "party_email_invalid"));
  EXPECT_EQ(total(), 0);

  const std::string good =
      "kind,name,roles,emails,phones,tax_id,currency,language,country,city,street,postal_code,tags,"
      "parent_tax_id\n"
      "person,Jonas Jonaitis,employee_contact,jonas@vp.lt,+370 612 "
      "34567,,EUR,lt,LT,Vilnius,,,,LT100\n"
      "organization,\"UAB \"\"Vilniaus "
      "prekyba\"\"\",customer;supplier,info@vp.lt,,LT100,EUR,lt,LT,Vilnius,\"Gedimino pr. "
      "9\",LT-01103,vip;didmena,\n";
  const auto ok = import("?dry_run=false", good);
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(json::parse(ok.body)["created"], 2);
  const json orgs =
      call_json(http::Method::get, "/api/v1/partners?kind=organization", "manager", nullptr, 200);
  ASSERT_EQ(orgs["items"].size(), 1u);
  EXPECT_EQ(orgs["items"][0]["name"], "UAB \"Vilniaus prekyba\"");
  const json org =
      call_json(http::Method::get,
                "/api/v1/partners/" + std::to_string(orgs["items"][0]["id"].get<std::int64_t>()),
                "manager", nullptr, 200);
  ASSERT_EQ(org["contacts"].size(), 1u);
  EXPECT_EQ(org["contacts"][0]["name"], "Jonas Jonaitis");

  // Whole-file errors.
  const auto code = [&](const std::string& body, int status = 422,
                        const std::string& user = "manager",
                        const std::string& query = "?dry_run=true") {
    const auto response = import(query, body, user);
    EXPECT_EQ(response.status, status) << response.body;
    return json::parse(response.body)["code"].get<std::string>();
  };
  EXPECT_EQ(code("kind,name,colour\nperson,x,blue\n"), "import_column_unknown");
  EXPECT_EQ(code("kind,name,name\nperson,x,y\n"), "import_column_duplicate");
  EXPECT_EQ(code("kind,roles\nperson,customer\n"), "import_column_missing");
  EXPECT_EQ(code("\n"), "import_header_missing");
  EXPECT_EQ(code("kind,name\nperson,\"x\n"), "import_csv_malformed");
  EXPECT_EQ(code(std::string("kind,name\nperson,\xc3\x28\n")), "import_encoding_invalid");
  EXPECT_EQ(code("kind,name\nperson,x\n", 422, "manager", "?dry_run=maybe"),
            "import_dry_run_invalid");
  EXPECT_EQ(code("kind,name,credit_limit,currency\norganization,x,10,EUR\n", 403, "clerk"),
            "permission_denied");
  std::string huge = "kind,name\n";
  for (std::size_t i = 0; i <= limits::kImportRowsMax; ++i) huge += "person,x\n";
  EXPECT_EQ(code(huge), "import_too_many_rows");
  // Row-level codes of the import itself.
  const json rows =
      json::parse(import("?dry_run=true",
                         "kind,name,parent_tax_id\nperson,x\norganization,y,LT100\nperson,z,NOPE\n")
                      .body);
  std::set<std::pair<std::int64_t, std::string>> codes;
  for (const auto& e : rows["errors"]) codes.emplace(e["row"], e["code"]);
  EXPECT_TRUE(codes.contains({1, "import_row_columns_invalid"})) << rows.dump();
  EXPECT_TRUE(codes.contains({2, "party_parent_invalid"})) << rows.dump();
  EXPECT_TRUE(codes.contains({3, "party_parent_invalid"})) << rows.dump();
  EXPECT_EQ(total(), 2);
}

TEST_P(PartnersHttpTest, export_round_trips_and_neutralises_formulas) {
  const json org = call_json(http::Method::post, "/api/v1/partners", "manager",
                             {{"kind", "organization"},
                              {"name", "=HYPERLINK(\"http://evil\",\"x\")"},
                              {"roles", {"customer", "supplier"}},
                              {"emails", {"a@b.example"}},
                              {"phones", {"+98 21 8876 5432"}},
                              {"tax_id", "10101234567"},
                              {"currency", "IRR"},
                              {"language", "fa"},
                              {"tags", {"عمده‌فروش", "vip"}},
                              {"credit_limit", "5000"},
                              {"payment_terms", "net30"},
                              {"addresses",
                               {{{"country", "IR"},
                                 {"city", "تهران"},
                                 {"street", "ولیعصر, ۱۲"},
                                 {"postal_code", "1966713111"}}}}},
                             201);
  call_json(http::Method::post, "/api/v1/partners", "manager",
            {{"kind", "person"},
             {"name", "@محمد \"رضایی\""},
             {"parent_id", org["id"]},
             {"emails", {"m@b.example"}}},
            201);
  const auto exported = call(http::Method::get, "/api/v1/partners/export?sort=name", "manager");
  ASSERT_EQ(exported.status, 200);
  EXPECT_EQ(exported.content_type.rfind("text/csv", 0), 0u);
  EXPECT_NE(exported.body.find("\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\""), std::string::npos)
      << exported.body;
  EXPECT_NE(exported.body.find("'+98 21 8876 5432"), std::string::npos);
  EXPECT_NE(exported.body.find("\"'@محمد \"\"رضایی\"\"\""), std::string::npos);
  EXPECT_NE(exported.body.find(",5000,net30,"), std::string::npos);

  // Importing the file into another company gives the same export.
  const auto imported = call(http::Method::post, "/api/v1/partners/import?dry_run=false", "other",
                             exported.body, {}, "text/csv");
  ASSERT_EQ(imported.status, 200) << imported.body;
  EXPECT_EQ(json::parse(imported.body)["created"], 2);
  const auto again = call(http::Method::get, "/api/v1/partners/export?sort=name", "other");
  EXPECT_EQ(again.body, exported.body);
}

KEEL_INSTANTIATE_ENGINES(PartnersHttpTest);

}  // namespace
}  // namespace keel::partners
