// The reports on both engines: a small EUR company whose every number is checked exactly, and
// an IRR company whose sums pass the int64 range.
#include <gtest/gtest.h>

#include "reports_test_support.h"

namespace keel::accounting::reports {
namespace {

using test::day;

// Entries (EUR, minor units):
//   2025-12-10  cash 1000.00 / equity 1000.00
//   2025-12-20  cash 80.00 / revenue 80.00
//   2026-01-15  receivable(P) 500.00 / revenue 500.00
//   2026-02-10  cash 300.00 / receivable(P) 300.00
//   2026-02-20  expense 120.00 / payable(V) 120.00
//   2026-03-05  inventory 200.00 / cash 200.00
//   2026-03-31  payable(V) 120.00 / bank 120.00
class ReportsServiceTest : public test::ReportsTest {
 protected:
  void SetUp() override {
    test::ReportsTest::SetUp();
    if (HasFatalFailure()) return;
    auto context = make_company("Trading", "EUR", "gregorian", day("2026-06-15"), 1);
    ASSERT_TRUE(context.ok()) << context.error().code() << ": " << context.error().message();
    m_context = std::make_unique<Context>(*context);
    auto chart = this->chart(*m_context);
    ASSERT_TRUE(chart.ok()) << chart.error().code();
    c = *chart;
    customer = party(*m_context, "Customer").value();
    vendor = party(*m_context, "Vendor").value();
    const auto j = c.journal;
    post_entry(*this, ctx(), j, day("2025-12-10"), {{c.cash, 100000, 0}, {c.equity, 0, 100000}});
    post_entry(*this, ctx(), j, day("2025-12-20"), {{c.cash, 8000, 0}, {c.revenue, 0, 8000}});
    post_entry(*this, ctx(), j, day("2026-01-15"),
               {{c.receivable, 50000, 0, customer}, {c.revenue, 0, 50000}});
    post_entry(*this, ctx(), j, day("2026-02-10"),
               {{c.cash, 30000, 0}, {c.receivable, 0, 30000, customer}});
    post_entry(*this, ctx(), j, day("2026-02-20"),
               {{c.expense, 12000, 0}, {c.payable, 0, 12000, vendor}});
    post_entry(*this, ctx(), j, day("2026-03-05"), {{c.inventory, 20000, 0}, {c.cash, 0, 20000}});
    post_entry(*this, ctx(), j, day("2026-03-31"),
               {{c.payable, 12000, 0, vendor}, {c.bank, 0, 12000}});
  }

  const Context& ctx() const { return *m_context; }
  std::string eur(Amount amount) const { return format_amount(amount, ctx().company_currency); }

  Result<TrialBalance> tb(std::string_view from, std::string_view to,
                          Compare compare = Compare::none) {
    RangeQuery query{{day(from), day(to)}, compare, "en"};
    return read([&](db::Tx& tx) { return trial_balance(tx, ctx(), query); });
  }

  test::Chart c;
  partners::PartyId customer, vendor;
  std::unique_ptr<Context> m_context;
};

const TrialBalanceRow* row_of(const TrialBalance& report, AccountId id) {
  for (const auto& row : report.rows) {
    if (row.account_id == id) return &row;
  }
  return nullptr;
}

TEST_P(ReportsServiceTest, trial_balance_of_a_quarter) {
  const auto report = tb("2026-01-01", "2026-03-31");
  KEEL_ASSERT_OK(report);
  const auto* cash = row_of(*report, c.cash);
  ASSERT_NE(cash, nullptr);
  EXPECT_EQ(eur(cash->opening_debit), "1080.00");
  EXPECT_EQ(eur(cash->debit), "300.00");
  EXPECT_EQ(eur(cash->credit), "200.00");
  EXPECT_EQ(eur(cash->closing_debit), "1180.00");
  EXPECT_EQ(eur(cash->balance), "1180.00");
  const auto* bank = row_of(*report, c.bank);
  ASSERT_NE(bank, nullptr);
  EXPECT_EQ(eur(bank->closing_credit), "120.00");
  EXPECT_EQ(eur(bank->balance), "-120.00");
  const auto* equity = row_of(*report, c.equity);
  ASSERT_NE(equity, nullptr);
  EXPECT_EQ(eur(equity->opening_credit), "1000.00");
  EXPECT_EQ(eur(equity->debit), "0.00");
  const auto* payable = row_of(*report, c.payable);
  ASSERT_NE(payable, nullptr);
  EXPECT_EQ(eur(payable->balance), "0.00");
  EXPECT_EQ(eur(report->totals.debit), "1240.00");
  EXPECT_EQ(report->totals.debit, report->totals.credit);
  EXPECT_EQ(report->totals.opening_debit, report->totals.opening_credit);
  EXPECT_EQ(report->totals.closing_debit, report->totals.closing_credit);
  EXPECT_EQ(report->totals.balance, 0);
}

// Cut periods are read from lines on the smaller side of the cut; the sums must not depend
// on which side that is.
TEST_P(ReportsServiceTest, trial_balance_over_cut_periods) {
  const auto middle = tb("2026-02-15", "2026-03-10");  // both cuts read inside
  KEEL_ASSERT_OK(middle);
  EXPECT_EQ(eur(middle->totals.debit), "320.00");  // expense 120 + inventory 200
  EXPECT_EQ(eur(row_of(*middle, c.cash)->opening_debit), "1380.00");
  const auto wide = tb("2026-01-16", "2026-03-31");  // January read as balance minus 1..15
  KEEL_ASSERT_OK(wide);
  EXPECT_EQ(eur(wide->totals.debit), "740.00");  // the quarter without 2026-01-15
  EXPECT_EQ(eur(row_of(*wide, c.revenue)->opening_credit), "580.00");
  EXPECT_EQ(eur(row_of(*wide, c.revenue)->credit), "0.00");
  const auto one_day = tb("2026-03-31", "2026-03-31");
  KEEL_ASSERT_OK(one_day);
  EXPECT_EQ(eur(one_day->totals.debit), "120.00");
  EXPECT_EQ(eur(row_of(*one_day, c.payable)->opening_credit), "120.00");
}

TEST_P(ReportsServiceTest, trial_balance_comparisons) {
  const auto previous = tb("2026-01-01", "2026-03-31", Compare::previous_period);
  KEEL_ASSERT_OK(previous);
  ASSERT_TRUE(previous->compare_range);
  EXPECT_EQ(previous->compare_range->from, day("2025-10-03"));  // 90 days before
  EXPECT_EQ(previous->compare_range->to, day("2025-12-31"));
  EXPECT_EQ(eur(row_of(*previous, c.cash)->compare_debit), "1080.00");
  EXPECT_EQ(eur(row_of(*previous, c.cash)->compare_balance), "1080.00");
  EXPECT_EQ(eur(previous->totals.compare_debit), "1080.00");
  EXPECT_EQ(previous->totals.compare_debit, previous->totals.compare_credit);
  const auto year = tb("2026-01-01", "2026-03-31", Compare::previous_year);
  KEEL_ASSERT_OK(year);
  EXPECT_EQ(year->compare_range->from, day("2025-01-01"));
  EXPECT_EQ(year->compare_range->to, day("2025-03-31"));
  EXPECT_EQ(year->totals.compare_debit, 0);
}

TEST_P(ReportsServiceTest, income_statement_with_comparison) {
  RangeQuery query{{day("2026-01-01"), day("2026-03-31")}, Compare::previous_period, "en"};
  const auto report = read([&](db::Tx& tx) { return income_statement(tx, ctx(), query); });
  KEEL_ASSERT_OK(report);
  EXPECT_EQ(eur(report->income.total), "500.00");
  EXPECT_EQ(eur(report->expense.total), "120.00");
  EXPECT_EQ(eur(report->net_income), "380.00");
  EXPECT_EQ(eur(report->income.compare_total), "80.00");
  EXPECT_EQ(eur(report->compare_net_income), "80.00");
  bool revenue_found = false;
  for (const auto& line : report->income.lines) {
    if (line.account_id == c.revenue) {
      revenue_found = true;
      EXPECT_EQ(eur(line.amount), "500.00");
      EXPECT_TRUE(line.postable);
    }
    if (!line.postable) {
      EXPECT_EQ(line.level, 0);  // summary parents come first in the tree
    }
  }
  EXPECT_TRUE(revenue_found);
  // Each root's amount is the sum of its subtree; the roots sum to the section total.
  Amount roots = 0;
  for (const auto& line : report->income.lines) roots += line.level == 0 ? line.amount : 0;
  EXPECT_EQ(roots, report->income.total);
}

TEST_P(ReportsServiceTest, balance_sheet_balances_with_unclosed_earnings) {
  for (const Compare compare : {Compare::previous_period, Compare::previous_year}) {
    BalanceSheetQuery query{day("2026-03-31"), compare, "en"};
    const auto report = read([&](db::Tx& tx) { return balance_sheet(tx, ctx(), query); });
    KEEL_ASSERT_OK(report);
    EXPECT_TRUE(report->balanced);
    EXPECT_EQ(eur(report->assets.total), "1460.00");
    EXPECT_EQ(eur(report->liabilities.total), "0.00");
    EXPECT_EQ(eur(report->equity.total), "1460.00");
    EXPECT_EQ(report->equity.lines.back().code, "current_earnings");
    EXPECT_EQ(eur(report->equity.lines.back().amount), "460.00");
    if (compare == Compare::previous_period) {
      EXPECT_EQ(report->compare_date, day("2026-02-28"));
      EXPECT_EQ(eur(report->assets.compare_total), "1580.00");
      EXPECT_EQ(eur(report->liabilities.compare_total), "120.00");
      EXPECT_EQ(eur(report->compare_liabilities_and_equity), "1580.00");
    } else {
      EXPECT_EQ(report->compare_date, day("2025-03-31"));
      EXPECT_EQ(report->assets.compare_total, 0);
    }
  }
}

TEST_P(ReportsServiceTest, cash_flow_reconciles_to_the_cash_change) {
  RangeQuery query{{day("2026-01-01"), day("2026-03-31")}, Compare::previous_period, "en"};
  const auto report = read([&](db::Tx& tx) { return cash_flow(tx, ctx(), query); });
  KEEL_ASSERT_OK(report);
  EXPECT_TRUE(report->reconciled);
  EXPECT_EQ(eur(report->opening_cash), "1080.00");
  EXPECT_EQ(eur(report->cash_change), "-20.00");
  EXPECT_EQ(eur(report->closing_cash), "1060.00");
  ASSERT_EQ(report->sections.size(), 3u);
  const auto& operating = report->sections[0];
  std::map<std::string, std::string> lines;
  for (const auto& line : operating.lines) lines[line.key] = eur(line.amount);
  EXPECT_EQ(lines["net_income"], "380.00");
  EXPECT_EQ(lines["receivable"], "-200.00");
  EXPECT_EQ(lines["inventory"], "-200.00");
  EXPECT_EQ(lines["payable"], "0.00");
  EXPECT_EQ(eur(operating.total), "-20.00");
  // The comparison: 2025-10-03..2025-12-31 took in 1080.00, 1000.00 of it equity.
  EXPECT_EQ(eur(report->compare_cash_change), "1080.00");
  EXPECT_EQ(eur(report->sections[2].compare_total), "1000.00");
}

TEST_P(ReportsServiceTest, general_ledger_running_balance_across_pages) {
  GeneralLedgerQuery query{.account_id = c.cash, .range = {day("2026-01-01"), day("2026-03-31")}};
  query.limit = 1;
  const auto first = read([&](db::Tx& tx) { return general_ledger(tx, ctx(), query); });
  KEEL_ASSERT_OK(first);
  EXPECT_EQ(eur(first->opening_balance), "1080.00");
  EXPECT_EQ(eur(first->closing_balance), "1180.00");
  EXPECT_EQ(eur(first->turnover.debit), "300.00");
  ASSERT_EQ(first->lines.size(), 1u);
  EXPECT_EQ(first->lines[0].date, day("2026-02-10"));
  EXPECT_EQ(eur(first->lines[0].balance), "1380.00");
  ASSERT_TRUE(first->next_cursor);
  query.cursor = *first->next_cursor;
  const auto second = read([&](db::Tx& tx) { return general_ledger(tx, ctx(), query); });
  KEEL_ASSERT_OK(second);
  ASSERT_EQ(second->lines.size(), 1u);
  EXPECT_EQ(second->lines[0].date, day("2026-03-05"));
  EXPECT_EQ(eur(second->lines[0].credit), "200.00");
  EXPECT_EQ(eur(second->lines[0].balance), "1180.00");
  EXPECT_FALSE(second->next_cursor);
  // The receivable's lines carry their partner.
  query = {.account_id = c.receivable, .range = {day("2026-01-01"), day("2026-12-31")}};
  const auto receivable = read([&](db::Tx& tx) { return general_ledger(tx, ctx(), query); });
  KEEL_ASSERT_OK(receivable);
  ASSERT_EQ(receivable->lines.size(), 2u);
  EXPECT_EQ(receivable->lines[0].partner_id, customer);
  EXPECT_EQ(eur(receivable->lines[1].balance), "200.00");
}

TEST_P(ReportsServiceTest, general_ledger_errors) {
  GeneralLedgerQuery query{.account_id = AccountId{999'999},
                           .range = {day("2026-01-01"), day("2026-03-31")}};
  const auto gl = [&] {
    return read([&](db::Tx& tx) { return general_ledger(tx, ctx(), query); });
  };
  KEEL_ASSERT_ERROR(gl(), "account_not_found");
  query.account_id = c.cash;
  query.limit = 0;
  KEEL_ASSERT_ERROR(gl(), "report_limit_invalid");
  query.limit = limits::kPageSizeMax + 1;
  KEEL_ASSERT_ERROR(gl(), "report_limit_invalid");
  query.limit = 10;
  for (const char* cursor :
       {"x", "2026-02-10", "2026-02-10:", "2026-02-10:-1", "2027-01-01:5", "2026-02-10:5x"}) {
    query.cursor = cursor;
    KEEL_ASSERT_ERROR(gl(), "report_cursor_invalid");
  }
}

TEST_P(ReportsServiceTest, values_and_ranges) {
  KEEL_ASSERT_ERROR(make_range(day("2026-02-01"), day("2026-01-31")), "report_range_invalid");
  KEEL_ASSERT_ERROR(parse_compare("last_year"), "compare_invalid");
  EXPECT_EQ(parse_compare("").value(), Compare::none);
  const DateRange leap{day("2024-02-01"), day("2024-02-29")};
  const auto year = comparison_range(leap, Compare::previous_year, "gregorian");
  KEEL_ASSERT_OK(year);
  EXPECT_EQ((*year)->to, day("2023-02-28"));
  const DateRange february{day("2025-02-01"), day("2025-02-28")};
  EXPECT_EQ((*comparison_range(february, Compare::previous_year, "gregorian"))->to,
            day("2024-02-29"));
  // Persian: Esfand 1403 (30 days, leap) ← Esfand 1404 (29 days) keeps the month's end.
  const DateRange esfand{from_jalali(1404, 12, 1).value(), from_jalali(1404, 12, 29).value()};
  const auto persian = comparison_range(esfand, Compare::previous_year, "persian");
  KEEL_ASSERT_OK(persian);
  EXPECT_EQ((*persian)->from, from_jalali(1403, 12, 1).value());
  EXPECT_EQ((*persian)->to, from_jalali(1403, 12, 30).value());
  const Currency irr = Currency::from_code("IRR").value();
  const Amount big = static_cast<Amount>(10) * 999'999'999'999'999'999;
  EXPECT_EQ(format_amount(big, irr), "9999999999999999990");
  EXPECT_EQ(format_amount(-1, Currency::from_code("EUR").value()), "-0.01");
}

TEST_P(ReportsServiceTest, csv_quotes_and_neutralises) {
  post_entry(*this, ctx(), c.journal, day("2026-04-02"),
             {{c.cash, 1000, 0, std::nullopt, "=HYPERLINK(\"x\")"}, {c.revenue, 0, 1000}},
             "Rent, \"April\"\nsecond line");
  GeneralLedgerQuery query{.account_id = c.cash, .range = {day("2026-04-01"), day("2026-04-30")}};
  const auto report = read([&](db::Tx& tx) { return general_ledger(tx, ctx(), query); });
  KEEL_ASSERT_OK(report);
  const std::string csv = to_csv(*report);
  EXPECT_TRUE(
      csv.starts_with("date,entry_id,entry_number,line_id,memo,label,partner_id,debit,"
                      "credit,balance\r\n2026-04-01,,,,opening_balance,,,,,1180.00\r\n"))
      << csv;
  EXPECT_NE(csv.find(",\"Rent, \"\"April\"\"\nsecond line\",\"'=HYPERLINK(\"\"x\"\")\",,10.00,"
                     "0.00,1190.00\r\n"),
            std::string::npos)
      << csv;
  const auto tb_csv = to_csv(tb("2026-01-01", "2026-03-31", Compare::previous_year).value());
  EXPECT_TRUE(
      tb_csv.starts_with("account_id,code,name,opening_debit,opening_credit,debit,credit,"
                         "closing_debit,closing_credit,balance,compare_debit,"
                         "compare_credit,compare_balance\r\n"));
  EXPECT_NE(tb_csv.find(",total,,1080.00,1080.00,1240.00,1240.00,"), std::string::npos) << tb_csv;
}

KEEL_INSTANTIATE_ENGINES(ReportsServiceTest);

// ---- an IRR company: balances of 10^17 rials, sums beyond int64 ----

class ReportsLargeTest : public test::ReportsTest {};

TEST_P(ReportsLargeTest, sums_beyond_int64_are_exact) {
  const auto context = make_company("Rial", "IRR", "persian", test::day("2026-06-15"), 0);
  KEEL_ASSERT_OK(context);
  const auto chart = this->chart(*context);
  KEEL_ASSERT_OK(chart);
  const int year = to_jalali(test::day("2026-06-15")).year;
  const std::int64_t big = 900'000'000'000'000'000;  // 9 × 10^17 rials per entry
  for (int month = 1; month <= 12; ++month) {
    test::post_entry(*this, *context, chart->journal, from_jalali(year, month, 10).value(),
                     {{chart->cash, big, 0}, {chart->revenue, 0, big}});
  }
  const Currency irr = context->company_currency;
  const DateRange whole{from_jalali(year, 1, 1).value(), from_jalali(year, 12, 29).value()};
  const auto tb = read([&](db::Tx& tx) { return trial_balance(tx, *context, {whole}); });
  KEEL_ASSERT_OK(tb);
  EXPECT_EQ(format_amount(tb->totals.debit, irr), "10800000000000000000");
  EXPECT_EQ(tb->totals.debit, tb->totals.credit);
  const auto is = read([&](db::Tx& tx) { return income_statement(tx, *context, {whole}); });
  KEEL_ASSERT_OK(is);
  EXPECT_EQ(format_amount(is->net_income, irr), "10800000000000000000");
  const auto bs = read([&](db::Tx& tx) {
    return balance_sheet(tx, *context, {whole.to, Compare::previous_period, "fa"});
  });
  KEEL_ASSERT_OK(bs);
  EXPECT_TRUE(bs->balanced);
  EXPECT_EQ(format_amount(bs->assets.total, irr), "10800000000000000000");
  EXPECT_EQ(format_amount(bs->assets.compare_total, irr), "9900000000000000000");
  const auto cf = read([&](db::Tx& tx) { return cash_flow(tx, *context, {whole}); });
  KEEL_ASSERT_OK(cf);
  EXPECT_TRUE(cf->reconciled);
  EXPECT_EQ(format_amount(cf->cash_change, irr), "10800000000000000000");
}

KEEL_INSTANTIATE_ENGINES(ReportsLargeTest);

}  // namespace
}  // namespace keel::accounting::reports
