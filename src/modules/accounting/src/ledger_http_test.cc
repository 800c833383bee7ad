// The ledger's routes through keel_http's Dispatcher, in process, on both engines.
#include <spdlog/spdlog.h>

#include "accounting_routes.h"
#include "keel/http/dispatcher.h"
#include "keel/http/openapi_check.h"
#include "keel/testing/http_client.h"
#include "ledger_test_support.h"

namespace keel::accounting {
namespace {

using nlohmann::json;

class LedgerHttpTest : public test::LedgerTest {
 protected:
  void SetUp() override {
    test::LedgerTest::SetUp();
    spdlog::set_level(spdlog::level::warn);
    detail::register_ledger_routes(m_router);
    std::map<std::string, http::Scope, std::less<>> all;
    for (const auto& spec : detail::ledger_permissions()) all[spec.code] = http::Scope::all;
    m_auth.add("accountant", principal(eur, all));
    m_auth.add("other", principal(irr, all));
    all.erase("accounting.year.reopen");
    m_auth.add("clerk", principal(eur, all));
    m_dispatcher = std::make_unique<http::Dispatcher>(m_router, db(), m_auth, clock());
  }
  static http::Principal principal(CompanyId company,
                                   std::map<std::string, http::Scope, std::less<>> permissions) {
    http::Principal p;
    p.company_id = company;
    p.user_id = UserId{1};
    p.permissions = std::move(permissions);
    return p;
  }
  json call(http::Method method, std::string path, const std::string& user, json body,
            int expected) {
    http::Request request;
    request.method = method;
    const auto question = path.find('?');
    request.path = path.substr(0, question);
    if (question != std::string::npos) {
      std::string rest = path.substr(question + 1);
      while (!rest.empty()) {
        const auto amp = rest.find('&');
        const std::string pair = rest.substr(0, amp);
        request.query[pair.substr(0, pair.find('='))] = pair.substr(pair.find('=') + 1);
        rest = amp == std::string::npos ? "" : rest.substr(amp + 1);
      }
    }
    request.headers.emplace_back("X-Test-User", user);
    if (!body.is_null()) {
      request.headers.emplace_back("Content-Type", "application/json");
      request.body = body.dump();
    }
    const auto response = m_dispatcher->dispatch(std::move(request));
    EXPECT_EQ(response.status, expected) << path << " " << response.body;
    return json::parse(response.body, nullptr, false);
  }
  std::int64_t account_id(const std::string& user, const std::string& code) {
    const json list = call(http::Method::get, "/api/v1/accounting/accounts", user, nullptr, 200);
    for (const auto& a : list["items"]) {
      if (a["code"] == code) return a["id"];
    }
    return 0;
  }
  std::int64_t journal_id(const std::string& user, const std::string& code) {
    const json list = call(http::Method::get, "/api/v1/accounting/journals", user, nullptr, 200);
    for (const auto& j : list["items"]) {
      if (j["code"] == code) return j["id"];
    }
    return 0;
  }

  http::Router m_router;
  keel::testing::NamedAuthenticator m_auth;
  std::unique_ptr<http::Dispatcher> m_dispatcher;
};

TEST_P(LedgerHttpTest, every_route_is_in_the_openapi_document) {
  const auto problems =
      http::openapi_coverage_problems(m_router, http::openapi_document(m_router, "test"));
  EXPECT_TRUE(problems.empty()) << (problems.empty() ? "" : problems.front());
}

TEST_P(LedgerHttpTest, entries_post_list_reverse_and_stay_in_their_company) {
  using http::Method;
  const json entry = {{"date", "2026-03-05"},
                      {"journal_id", journal_id("accountant", "SAL")},
                      {"memo", "cash sale"},
                      {"post", true},
                      {"lines",
                       {{{"account_id", account_id("accountant", "1000")}, {"debit", "120.50"}},
                        {{"account_id", account_id("accountant", "4000")},
                         {"credit", "120.50"}}}}};
  const json posted = call(Method::post, "/api/v1/accounting/entries", "accountant", entry, 201);
  EXPECT_EQ(posted["number"], "SAL/2026/000001");
  EXPECT_EQ(posted["lines"][0]["debit"], "120.50");
  json draft = entry;
  draft.erase("post");
  const json stored = call(Method::post, "/api/v1/accounting/entries", "accountant", draft, 201);
  EXPECT_EQ(stored["state"], "draft");
  const std::string id = std::to_string(stored["id"].get<std::int64_t>());
  call(Method::post, "/api/v1/accounting/entries/" + id + "/post", "accountant", nullptr, 200);
  const json page = call(Method::get, "/api/v1/accounting/entries?limit=1&state=posted",
                         "accountant", nullptr, 200);
  ASSERT_EQ(page["items"].size(), 1u);
  const std::string cursor = page["next_cursor"];
  const json next = call(Method::get, "/api/v1/accounting/entries?limit=1&cursor=" + cursor,
                         "accountant", nullptr, 200);
  EXPECT_EQ(next["items"][0]["id"], stored["id"]);
  const json reversal = call(Method::post, "/api/v1/accounting/entries/" + id + "/reverse",
                             "accountant", {{"date", "2026-03-06"}}, 201);
  EXPECT_EQ(reversal["kind"], "reversal");
  json unbalanced = entry;
  unbalanced["lines"][0]["debit"] = "120.51";
  EXPECT_EQ(call(Method::post, "/api/v1/accounting/entries", "accountant", unbalanced, 422)["code"],
            "entry_unbalanced");
  unbalanced["lines"][0]["debit"] = "1,000";
  EXPECT_EQ(call(Method::post, "/api/v1/accounting/entries", "accountant", unbalanced, 422)["code"],
            "input_invalid");
  // Another company's caller sees none of it.
  call(Method::get, "/api/v1/accounting/entries/" + id, "other", nullptr, 404);
  call(Method::post, "/api/v1/accounting/entries/" + id + "/reverse", "other",
       {{"date", "2026-03-06"}}, 404);
  call(Method::post,
       "/api/v1/accounting/accounts/" + std::to_string(account_id("accountant", "1000")) +
           "/archive",
       "other", nullptr, 404);
  EXPECT_TRUE(call(Method::get, "/api/v1/accounting/entries", "other", nullptr, 200)["items"]
                  .empty());
  EXPECT_TRUE(breaches().empty());
}

TEST_P(LedgerHttpTest, years_locks_rates_accounts_and_reopen_permission) {
  using http::Method;
  const json years = call(Method::get, "/api/v1/accounting/fiscal-years", "other", nullptr, 200);
  EXPECT_EQ(years["items"][0]["name"], "1404");
  EXPECT_EQ(years["items"][0]["periods"][0]["start_date"], "2025-03-21");
  const json created =
      call(Method::post, "/api/v1/accounting/fiscal-years", "accountant", {{"year", 2027}}, 201);
  const std::string id = std::to_string(created["id"].get<std::int64_t>());
  call(Method::post, "/api/v1/accounting/fiscal-years/" + id + "/close", "accountant", nullptr,
       200);
  call(Method::post, "/api/v1/accounting/fiscal-years/" + id + "/close", "other", nullptr, 404);
  EXPECT_EQ(call(Method::post, "/api/v1/accounting/fiscal-years/" + id + "/reopen", "clerk",
                 nullptr, 403)["code"],
            "permission_denied");
  call(Method::post, "/api/v1/accounting/fiscal-years/" + id + "/reopen", "accountant", nullptr,
       200);
  const json locks = call(Method::put, "/api/v1/accounting/locks", "accountant",
                          {{"lock_all_until", "2026-01-31"}, {"lock_users_until", nullptr}}, 200);
  EXPECT_EQ(locks["lock_all_until"], "2026-01-31");
  EXPECT_TRUE(call(Method::get, "/api/v1/accounting/locks", "other", nullptr, 200)["lock_all_until"]
                  .is_null());
  call(Method::post, "/api/v1/accounting/rates", "accountant",
       {{"currency", "USD"}, {"date", "2026-01-01"}, {"rate", "0.92"}}, 201);
  EXPECT_EQ(call(Method::get, "/api/v1/accounting/rates?currency=USD", "accountant", nullptr,
                 200)["items"][0]["rate"],
            "0.92");
  const json account = call(Method::post, "/api/v1/accounting/accounts", "accountant",
                            {{"code", "5700"}, {"type", "expense"},
                             {"parent_id", account_id("accountant", "5")},
                             {"names", {{"en", "Travel"}, {"lt", "Kelionės"}}}},
                            201);
  EXPECT_EQ(account["names"]["lt"], "Kelionės");
  EXPECT_EQ(call(Method::post, "/api/v1/accounting/setup", "accountant", nullptr, 409)["code"],
            "chart_already_installed");
}

TEST_P(LedgerHttpTest, journals_are_created_archived_and_audited_with_their_codes) {
  using http::Method;
  const std::int64_t bank_account = account_id("accountant", "1100");
  const json created = call(Method::post, "/api/v1/accounting/journals", "accountant",
                            {{"code", "BNK2"}, {"name", "Second bank"}, {"type", "bank"},
                             {"default_account_id", bank_account}},
                            201);
  EXPECT_EQ(created["code"], "BNK2");
  EXPECT_EQ(created["type"], "bank");
  EXPECT_EQ(created["default_account_id"], bank_account);
  EXPECT_EQ(created["archived"], false);
  const std::string id = std::to_string(created["id"].get<std::int64_t>());
  // The new journal numbers its own entries.
  const json entry = {{"date", "2026-03-05"}, {"journal_id", created["id"]}, {"post", true},
                      {"lines",
                       {{{"account_id", bank_account}, {"debit", "5.00"}},
                        {{"account_id", account_id("accountant", "4000")}, {"credit", "5.00"}}}}};
  EXPECT_EQ(call(Method::post, "/api/v1/accounting/entries", "accountant", entry, 201)["number"],
            "BNK2/2026/000001");
  const auto journals_count = [&] { return count("accounting_journals"); };
  const std::int64_t before = journals_count();
  const auto refused = [&](json body, int status, const std::string& code,
                           const std::string& field) {
    const json problem = call(Method::post, "/api/v1/accounting/journals", "accountant", body,
                              status);
    EXPECT_EQ(problem["code"], code) << body.dump();
    if (!field.empty()) {
      ASSERT_TRUE(problem.contains("fields")) << problem.dump();
      EXPECT_EQ(problem["fields"][0]["field"], field) << body.dump();
    }
  };
  const json good = {{"code", "MISC"}, {"name", "Miscellaneous"}, {"type", "general"}};
  json bad = good;
  bad["code"] = "A/B";
  refused(bad, 422, "journal_code_invalid", "code");
  bad["code"] = "ABCDEFGHIJKLMNOPQ";  // 17 characters
  refused(bad, 422, "journal_code_invalid", "code");
  bad = good;
  bad["code"] = "SAL";
  refused(bad, 409, "journal_code_taken", "");
  bad = good;
  bad["name"] = "   ";
  refused(bad, 422, "journal_name_required", "name");
  bad["name"] = std::string(301, 'x');
  refused(bad, 422, "journal_name_required", "name");
  bad = good;
  bad["type"] = "payroll";
  refused(bad, 422, "journal_type_invalid", "type");
  bad = good;
  bad["default_account_id"] = account_id("accountant", "1");  // a summary account
  refused(bad, 422, "journal_account_invalid", "default_account_id");
  bad["default_account_id"] = account_id("other", "1000");  // another company's account
  refused(bad, 422, "journal_account_invalid", "default_account_id");
  bad = good;
  bad.erase("type");
  refused(bad, 422, "input_invalid", "type");
  EXPECT_EQ(journals_count(), before);  // refusals wrote nothing
  // Archive: another company's id answers 404, the only sales journal cannot go.
  call(Method::post, "/api/v1/accounting/journals/" + id + "/archive", "other", nullptr, 404);
  call(Method::post, "/api/v1/accounting/journals/999999/archive", "accountant", nullptr, 404);
  EXPECT_EQ(call(Method::post,
                 "/api/v1/accounting/journals/" +
                     std::to_string(journal_id("accountant", "SAL")) + "/archive",
                 "accountant", nullptr, 409)["code"],
            "journal_last_of_type");
  EXPECT_EQ(call(Method::post, "/api/v1/accounting/journals/" + id + "/archive", "accountant",
                 nullptr, 200)["archived"],
            true);
  EXPECT_EQ(call(Method::post, "/api/v1/accounting/entries", "accountant", entry, 422)["code"],
            "journal_archived");
  auto audited = read([&](db::Tx& tx) -> Result<std::vector<std::string>> {
    const auto rows = TRY(tx.query(
        "SELECT action FROM audit_log WHERE entity = 'accounting.journal' AND entity_id = $1 "
        "ORDER BY id",
        {id}));
    std::vector<std::string> out;
    for (const auto& row : rows) out.push_back(row.text(0));
    return out;
  });
  KEEL_ASSERT_OK(audited);
  EXPECT_EQ(audited.value(), (std::vector<std::string>{"create", "archive"}));
  // Without accounting.account.write: 403, nothing written.
  m_auth.add("reader", principal(eur, {{"accounting.account.read", http::Scope::all}}));
  EXPECT_EQ(call(Method::post, "/api/v1/accounting/journals", "reader", good, 403)["code"],
            "permission_denied");
  EXPECT_EQ(journals_count(), before);
  EXPECT_TRUE(breaches().empty());
}

KEEL_INSTANTIATE_ENGINES(LedgerHttpTest);

}  // namespace
}  // namespace keel::accounting
