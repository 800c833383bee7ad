// `keel serve --demo` on a fresh database: the demo company's books pass `keel check`, and
// hold invoices in every state, an overdue receivable and a partly reconciled statement.
#include <gtest/gtest.h>

#include <chrono>
#include <map>

#include "demo.h"
#include "keel/accounting/accounting_api.h"
#include "keel/inventory/inventory_api.h"
#include "keel/sales/sales_api.h"
#include "keel/accounting/bank_api.h"
#include "keel/accounting/receivables_api.h"
#include "keel/auth/auth_api.h"
#include "keel/db/migrations.h"
#include "keel/testing/database.h"
#include "modules.h"

namespace keel::app {
namespace {

class DemoBooksTest : public testing::EngineTest {
 protected:
  void expect_sound_books(const Clock& clock) {
    auto database = testing::fresh_database(GetParam());
    ASSERT_TRUE(db::migrate(*database, all_migrations()).ok());
    auto login = ensure_demo(*database, clock);
    ASSERT_TRUE(login.ok()) << login.error().code() << ": " << login.error().message();
    // Every module's invariants: the ledger, stock against its moves and the inventory
    // account, sales documents against their deliveries.
    auto breaches = database->read([](db::Tx& tx) -> Result<std::vector<std::string>> {
      auto all = TRY(accounting::check(tx));
      for (auto&& more : {TRY(inventory::check(tx)), TRY(sales::check(tx))}) {
        all.insert(all.end(), more.begin(), more.end());
      }
      return all;
    });
    ASSERT_TRUE(breaches.ok()) << breaches.error().message();
    for (const auto& breach : *breaches) ADD_FAILURE() << breach;

    // The demo sells from stock: orders invoiced, goods shipped, cost of goods posted.
    auto sold = database->read([](db::Tx& tx) -> Result<std::pair<std::int64_t, std::int64_t>> {
      const auto invoiced = TRY(tx.query_one(
          "SELECT COUNT(*) FROM accounting_invoices WHERE origin LIKE 'sales.order:%'"));
      const auto shipped = TRY(tx.query_one(
          "SELECT COUNT(*) FROM sales_deliveries WHERE state = 'shipped'"));
      return std::pair{invoiced->integer(0), shipped->integer(0)};
    });
    ASSERT_TRUE(sold.ok()) << sold.error().message();
    EXPECT_GT(sold->first, 0);
    EXPECT_GT(sold->second, 0);

    auto states = database->read([](db::Tx& tx) -> Result<std::map<std::string, std::int64_t>> {
      const auto rows = TRY(tx.query(
          "SELECT type || ':' || state, COUNT(*) FROM accounting_invoices "
          "WHERE COALESCE(origin, '') NOT LIKE 'sales.%' GROUP BY type, state"));
      std::map<std::string, std::int64_t> out;
      for (const auto& row : rows) out[row.text(0)] = row.integer(1);
      return out;
    });
    ASSERT_TRUE(states.ok());
    std::int64_t customer_invoices = 0;
    for (const auto& [key, n] : *states) {
      if (key.starts_with("out_invoice:")) customer_invoices += n;
    }
    EXPECT_EQ(customer_invoices, 12);
    for (const char* key : {"out_invoice:draft", "out_invoice:posted", "out_invoice:paid",
                            "out_invoice:partially_paid", "in_invoice:draft", "in_invoice:posted",
                            "in_invoice:paid", "in_invoice:partially_paid"}) {
      EXPECT_GT((*states)[key], 0) << key;
    }

    // Aging today: something is overdue, and the report's total is the open receivables.
    const auto today_days =
        std::chrono::floor<std::chrono::days>(clock.now()).time_since_epoch().count();
    const Date today = Date::from_days_since_epoch(today_days).value();
    auto aging = database->read([&](db::Tx& tx) -> Result<accounting::AgingReport> {
      const CompanyId company = TRY(auth::only_company(tx));
      const auto context = TRY(accounting::Context::system(tx, company, clock));
      return accounting::aging(tx, context, accounting::LedgerSide::receivable, today);
    });
    ASSERT_TRUE(aging.ok()) << aging.error().message();
    const auto positive = [](const Money& m) { return !m.is_zero() && !m.is_negative(); };
    EXPECT_TRUE(positive(aging->totals.days_31_60)) << aging->totals.days_31_60.to_string();
    EXPECT_TRUE(positive(aging->totals.total));

    auto lines = database->read([](db::Tx& tx) -> Result<std::pair<std::int64_t, std::int64_t>> {
      const auto all = TRY(tx.query_one("SELECT COUNT(*) FROM accounting_bank_statement_lines"));
      const auto matched = TRY(tx.query_one(
          "SELECT COUNT(DISTINCT statement_line_id) FROM accounting_bank_reconciliations"));
      return std::pair{all->integer(0), matched->integer(0)};
    });
    ASSERT_TRUE(lines.ok()) << lines.error().message();
    EXPECT_GT(lines->second, 0);
    EXPECT_LT(lines->second, lines->first);
  }
};

TEST_P(DemoBooksTest, demo_books_today_pass_check) { expect_sound_books(SystemClock()); }

TEST_P(DemoBooksTest, demo_books_early_in_january_reach_into_last_year) {
  expect_sound_books(ManualClock(from_unix_us(1'799'193'600'000'000)));  // 2027-01-06
}

KEEL_INSTANTIATE_ENGINES(DemoBooksTest);

}  // namespace
}  // namespace keel::app
