// The bank routes through keel_http's Dispatcher, in process, on both engines.
#include <spdlog/spdlog.h>

#include <map>

#include "accounting_routes.h"
#include "bank_test_support.h"
#include "keel/http/dispatcher.h"
#include "keel/http/openapi_check.h"
#include "keel/testing/http_client.h"

namespace keel::accounting::bank {
namespace {

using nlohmann::json;

http::Principal principal(CompanyId company, std::int64_t user,
                          const std::vector<std::string>& granted) {
  http::Principal p;
  p.company_id = company;
  p.user_id = UserId{user};
  for (const auto& code : granted) p.permissions[code] = http::Scope::all;
  return p;
}

class BankHttpTest : public test::BankTest {
 protected:
  void SetUp() override {
    test::BankTest::SetUp();
    spdlog::set_level(spdlog::level::warn);
    detail::register_bank_routes(m_router);
    const std::vector<std::string> all = {"accounting.bank.read", "accounting.bank.import",
                                          "accounting.bank.reconcile"};
    m_auth.add("accountant", principal(company_a(), 1, all));
    m_auth.add("manager", principal(company_a(), 2, {"accounting.bank.read"}));
    m_auth.add("other", principal(company_b(), 3, all));
    m_dispatcher = std::make_unique<http::Dispatcher>(m_router, database(), m_auth, clock());
  }

  json call(http::Method method, const std::string& path, const std::string& user,
            const json& body, int expected_status) {
    http::Request request;
    request.method = method;
    request.path = path;
    request.headers.emplace_back("X-Test-User", user);
    if (!body.is_null()) {
      request.headers.emplace_back("Content-Type", "application/json");
      request.body = body.dump();
    }
    if (method == http::Method::post) {
      request.headers.emplace_back("Idempotency-Key", "k" + std::to_string(++m_keys));
    }
    const auto response = m_dispatcher->dispatch(std::move(request));
    EXPECT_EQ(response.status, expected_status) << path << ": " << response.body;
    return json::parse(response.body, nullptr, false);
  }

  http::Router m_router;
  keel::testing::NamedAuthenticator m_auth;
  std::unique_ptr<http::Dispatcher> m_dispatcher;
  int m_keys = 0;
};

TEST_P(BankHttpTest, import_propose_reconcile_and_unreconcile) {
  const json account = call(http::Method::post, "/api/v1/accounting/bank-accounts", "accountant",
                            {{"name", "Main"},
                             {"account_number", "DE89370400440532013000"},
                             {"currency", "EUR"}},
                            201);
  const std::string id = std::to_string(account["id"].get<std::int64_t>());
  const json listed = call(http::Method::get, "/api/v1/accounting/bank-accounts", "manager",
                           nullptr, 200);
  EXPECT_EQ(listed["items"].size(), 1u);
  const BankAccount bank =
      read([&](db::Tx& tx) {
        return get_bank_account(tx, company_a(), BankAccountId{account["id"].get<std::int64_t>()});
      }).value();
  const auto receipt = post_bank(bank, "2026-03-04", "1190.00", "INV-2026-0042");

  const std::string imports = "/api/v1/accounting/bank-accounts/" + id + "/statements";
  const json envelope = {{"format", "camt053"}, {"content", test::sample("camt053_eur.xml")}};
  call(http::Method::post, imports, "manager", envelope, 403);
  const json imported = call(http::Method::post, imports, "accountant", envelope, 201);
  EXPECT_EQ(imported["lines_imported"], 3);
  const json again = call(http::Method::post, imports, "accountant", envelope, 409);
  EXPECT_EQ(again["code"], "statement_duplicate");
  call(http::Method::post, imports, "other", envelope, 404);

  const std::string statement =
      "/api/v1/accounting/bank-statements/" + std::to_string(imported["statement_id"].get<int>());
  const json shown = call(http::Method::get, statement, "manager", nullptr, 200);
  ASSERT_EQ(shown["lines"].size(), 3u);
  const json statements = call(http::Method::get, imports, "manager", nullptr, 200);
  ASSERT_EQ(statements["items"].size(), 1u);
  EXPECT_EQ(statements["items"][0]["id"], imported["statement_id"]);
  EXPECT_EQ(statements["items"][0]["lines_count"], 3);
  EXPECT_EQ(statements["items"][0]["open_lines"], 3);
  EXPECT_FALSE(statements["items"][0].contains("lines"));
  EXPECT_EQ(call(http::Method::get, imports, "other", nullptr, 404)["code"],
            "bank_account_not_found");
  EXPECT_EQ(shown["lines"][0]["amount"], "1190.00");
  EXPECT_EQ(shown["lines"][0]["state"], "open");
  call(http::Method::get, statement, "other", nullptr, 404);
  const json proposals = call(http::Method::get, statement + "/proposals", "manager", nullptr, 200);
  EXPECT_EQ(proposals["lines"][0]["proposals"][0]["entry_line_id"], receipt);

  const std::string line =
      "/api/v1/accounting/bank-statement-lines/" + std::to_string(shown["lines"][0]["id"].get<int>());
  call(http::Method::post, line + "/reconcile", "other", {{"entry_line_ids", {receipt}}}, 404);
  call(http::Method::post, line + "/reconcile", "accountant", {{"entry_line_ids", {receipt}}}, 200);
  EXPECT_EQ(call(http::Method::get, statement, "manager", nullptr, 200)["lines"][0]["state"],
            "reconciled");
  EXPECT_EQ(call(http::Method::get, imports, "manager", nullptr, 200)["items"][0]["open_lines"], 2);
  call(http::Method::post, line + "/unreconcile", "accountant", nullptr, 200);
  call(http::Method::post, line + "/unreconcile", "accountant", nullptr, 409);

  const std::string fees =
      "/api/v1/accounting/bank-statement-lines/" + std::to_string(shown["lines"][2]["id"].get<int>());
  const Account expense = account_with_role(company_a(), role::kExpense);
  const json posted = call(http::Method::post, fees + "/reconcile", "accountant",
                           {{"counterpart", {{"account_id", expense.id.value()}}}}, 200);
  EXPECT_GT(posted["entry_id"].get<std::int64_t>(), 0);
}

TEST_P(BankHttpTest, csv_envelope_and_input_errors) {
  const json account = call(http::Method::post, "/api/v1/accounting/bank-accounts", "accountant",
                            {{"name", "LT"}, {"account_number", "LT121000011101001000"},
                             {"currency", "EUR"}},
                            201);
  const std::string imports = "/api/v1/accounting/bank-accounts/" +
                              std::to_string(account["id"].get<std::int64_t>()) + "/statements";
  const json mapping = {{"delimiter", ";"},          {"skip_rows", 1},
                        {"date", "Data"},            {"debit", "Debetas"},
                        {"credit", "Kreditas"},      {"decimal_separator", ","},
                        {"thousands_separator", " "}, {"external_id", "Įrašo Nr."}};
  const json imported =
      call(http::Method::post, imports, "accountant",
           {{"format", "csv"}, {"content", test::sample("lithuanian_bom.csv")}, {"mapping", mapping}},
           201);
  EXPECT_EQ(imported["lines_imported"], 3);
  EXPECT_EQ(call(http::Method::post, imports, "accountant",
                 {{"format", "qif"}, {"content", "x"}}, 422)["code"],
            "statement_format_unknown");
  EXPECT_EQ(call(http::Method::post, imports, "accountant", {{"format", "csv"}, {"content", "x"}},
                 422)["code"],
            "csv_mapping_invalid");
  EXPECT_EQ(call(http::Method::post, "/api/v1/accounting/bank-accounts/999/statements",
                 "accountant", {{"format", "ofx"}, {"content", "x"}}, 404)["code"],
            "bank_account_not_found");
  EXPECT_EQ(call(http::Method::post, "/api/v1/accounting/bank-statement-lines/999/reconcile",
                 "accountant", {{"entry_line_ids", {1}}}, 404)["code"],
            "bank_statement_line_not_found");
}

TEST_P(BankHttpTest, a_line_pays_a_group_of_invoices_and_unreconcile_undoes_it) {
  const json account = call(http::Method::post, "/api/v1/accounting/bank-accounts", "accountant",
                            {{"name", "Main"},
                             {"account_number", "DE89370400440532013000"},
                             {"currency", "EUR"}},
                            201);
  const auto invoices = as(company_a(), [&](db::Tx& tx, const Context& c)
                                            -> Result<std::vector<std::int64_t>> {
    partners::PartyDraft party;
    party.kind = "organization";
    party.name = "Acme Widgets";
    const auto acme =
        TRY(partners::create_party(tx, clock(), partners::Caller::system(company_a()), party));
    std::vector<std::int64_t> ids;
    for (const char* price : {"100.00", "250.00"}) {
      InvoiceLineDraft line;
      line.description = "goods";
      line.quantity = Quantity::parse("1").value();
      line.unit_price_e6 = UnitPrice::parse(price, test::currency("EUR")).value().value_e6();
      InvoiceDraft draft;
      draft.type = InvoiceType::out_invoice;
      draft.partner_id = acme.party.id;
      draft.date = test::day("2026-03-02");
      draft.lines = {line};
      const Invoice created = TRY(create_invoice(tx, c, draft));
      ids.push_back(TRY(post_invoice(tx, c, created.id)).id.value());
    }
    return ids;
  });
  KEEL_ASSERT_OK(invoices);
  const json imported = call(
      http::Method::post,
      "/api/v1/accounting/bank-accounts/" + std::to_string(account["id"].get<std::int64_t>()) +
          "/statements",
      "accountant",
      {{"format", "csv"},
       {"content", "date;amount;counterparty\n2026-03-20;350.00;Acme Widgets\n"},
       {"mapping", {{"delimiter", ";"}, {"date", "date"}, {"amount", "amount"},
                    {"counterparty", "counterparty"}}}},
      201);
  const std::string statement = "/api/v1/accounting/bank-statements/" +
                                std::to_string(imported["statement_id"].get<std::int64_t>());
  const json proposals = call(http::Method::get, statement + "/proposals", "manager", nullptr, 200);
  const json& groups = proposals["lines"][0]["groups"];
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(groups[0]["total"], "350.00");
  EXPECT_EQ(groups[0]["partner_name"], "Acme Widgets");
  ASSERT_EQ(groups[0]["documents"].size(), 2u);
  EXPECT_EQ(groups[0]["documents"][1]["residual"], "250.00");

  const std::string line = "/api/v1/accounting/bank-statement-lines/" +
                           std::to_string(proposals["lines"][0]["statement_line_id"].get<int>());
  const json first = {{"invoice_id", (*invoices)[0]}};
  EXPECT_EQ(call(http::Method::post, line + "/reconcile", "accountant",
                 {{"invoices", json::array({first, {{"amount", "1"}}})}}, 422)["code"],
            "input_invalid");
  EXPECT_EQ(call(http::Method::post, line + "/reconcile", "accountant",
                 {{"invoices", json::array({first})}, {"entry_line_ids", {1}}}, 422)["code"],
            "input_invalid");
  EXPECT_EQ(call(http::Method::post, line + "/reconcile", "accountant",
                 {{"invoices", json::array({first})}}, 422)["code"],
            "bank_reconcile_amount_mismatch");
  call(http::Method::post, line + "/reconcile", "manager", {{"invoices", json::array({first})}},
       403);
  const json paid = call(http::Method::post, line + "/reconcile", "accountant",
                         {{"invoices", json::array({first,
                                                    {{"invoice_id", (*invoices)[1]},
                                                     {"amount", "250.00"}}})}},
                         200);
  EXPECT_GT(paid["payment_id"].get<std::int64_t>(), 0);
  EXPECT_EQ(paid["invoice_ids"], json((*invoices)));
  EXPECT_EQ(call(http::Method::get, statement, "manager", nullptr, 200)["lines"][0]["state"],
            "reconciled");
  call(http::Method::post, line + "/unreconcile", "accountant", nullptr, 200);
  const auto open = read([&](db::Tx& tx) {
    return tx.query("SELECT COUNT(*) FROM accounting_invoices WHERE state = 'posted'");
  });
  EXPECT_EQ(open->at(0).integer(0), 2);
  const auto breaches = read([](db::Tx& tx) { return check(tx); });
  KEEL_ASSERT_OK(breaches);
  EXPECT_TRUE(breaches->empty());
}

TEST_P(BankHttpTest, every_route_is_in_the_openapi_document) {
  const auto problems =
      http::openapi_coverage_problems(m_router, http::openapi_document(m_router, "test"));
  EXPECT_TRUE(problems.empty()) << problems.front();
  const auto permissions = detail::bank_permissions();
  ASSERT_EQ(permissions.size(), 3u);
}

KEEL_INSTANTIATE_ENGINES(BankHttpTest);

}  // namespace
}  // namespace keel::accounting::bank
