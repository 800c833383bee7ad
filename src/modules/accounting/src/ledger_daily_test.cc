// Daily balances: kept by post() beside the period balances, read by reports and balance_at
// for the days of a cut period, proved by check(), backfilled by migration 0004. Both engines.
#include <map>

#include "keel/accounting/reports_api.h"
#include "keel/partners/partners_api.h"
#include "ledger_test_support.h"

namespace keel::accounting {
namespace {

using test::date;
using test::money;

class LedgerDailyTest : public test::LedgerTest {
 protected:
  // A 2025 year closed to retained earnings, and 2026 entries over several days of March
  // (one of them reversed, some with a partner), both sides of period ends.
  void post_history() {
    m_context = context(eur);
    const Context& ctx = *m_context;
    KEEL_ASSERT_OK(write([&](db::Tx& tx) { return create_fiscal_year(tx, ctx, 2025); }));
    partners::PartyDraft draft;
    draft.kind = "organization";
    draft.name = "Daily Customer";
    auto customer = write([&](db::Tx& tx) {
      return partners::create_party(tx, clock(), partners::Caller::system(eur, UserId{1}), draft);
    });
    KEEL_ASSERT_OK(customer);
    const partners::PartyId partner = customer->party.id;
    for (const auto& [day, amount] : std::vector<std::pair<const char*, const char*>>{
             {"2025-06-10", "500"}, {"2025-11-30", "70.10"}, {"2025-12-15", "12.34"},
             {"2025-12-31", "1"}}) {
      KEEL_ASSERT_OK(post_now(ctx, simple(eur, day, role::kBank, role::kRevenue,
                                          money(amount, "EUR"))));
    }
    KEEL_ASSERT_OK(post_now(ctx, simple(eur, "2025-12-20", role::kExpense, role::kCash,
                                        money("40", "EUR"))));
    auto year = read([&](db::Tx& tx) -> Result<FiscalYear> {
      for (const auto& y : TRY(list_fiscal_years(tx, eur))) {
        if (y.name == "2025") return y;
      }
      return Error::not_found("fiscal_year_not_found", "2025");
    });
    KEEL_ASSERT_OK(year);
    KEEL_ASSERT_OK(write([&](db::Tx& tx) { return close_fiscal_year(tx, ctx, year->id); }));
    const Money amount = money("25.50", "EUR");
    for (const char* day : {"2026-01-31", "2026-03-01", "2026-03-05", "2026-03-05",
                            "2026-03-16", "2026-03-31", "2026-04-01"}) {
      EntryDraft sale = simple(eur, day, role::kReceivable, role::kRevenue, amount,
                               JournalType::sales);
      sale.lines[0].partner_id = partner;
      KEEL_ASSERT_OK(post_now(ctx, sale));
      EntryDraft receipt = simple(eur, day, role::kCash, role::kReceivable, money("3", "EUR"));
      receipt.lines[1].partner_id = partner;
      KEEL_ASSERT_OK(post_now(ctx, receipt));
    }
    auto wrong = post_now(ctx, simple(eur, "2026-03-10", role::kExpense, role::kBank,
                                      money("99.99", "EUR")));
    KEEL_ASSERT_OK(wrong);
    KEEL_ASSERT_OK(
        write([&](db::Tx& tx) { return reverse(tx, ctx, wrong->id, date("2026-03-20")); }));
  }

  // Debit and credit per account of the posted lines dated from..to, straight from the lines.
  std::map<std::int64_t, std::pair<__int128, __int128>> line_sums(std::string_view from,
                                                                  std::string_view to) {
    auto rows = read([&](db::Tx& tx) {
      return tx.query(
          "SELECT account_id, debit, credit FROM accounting_entry_lines WHERE company_id = $1 "
          "AND posted = 1 AND date >= $2 AND date <= $3",
          {eur.value(), std::string(from), std::string(to)});
    });
    EXPECT_TRUE(rows.ok());
    std::map<std::int64_t, std::pair<__int128, __int128>> out;
    for (const auto& row : rows.value()) {
      out[row.integer(0)].first += row.integer(1);
      out[row.integer(0)].second += row.integer(2);
    }
    return out;
  }

  std::optional<Context> m_context;
};

TEST_P(LedgerDailyTest, trial_balance_at_any_dates_equals_the_line_sums) {
  post_history();
  const Context& ctx = *m_context;
  const std::vector<std::pair<const char*, const char*>> ranges = {
      {"2026-01-01", "2026-03-10"}, {"2026-03-05", "2026-03-25"}, {"2026-03-02", "2026-03-30"},
      {"2025-12-15", "2026-03-20"}, {"2025-06-10", "2025-12-31"}, {"2025-06-11", "2025-12-30"},
      {"2026-03-16", "2026-03-16"}, {"2025-01-01", "2026-12-31"}, {"2026-03-31", "2026-04-01"}};
  for (const auto& [from, to] : ranges) {
    auto report = read([&](db::Tx& tx) {
      return reports::trial_balance(tx, ctx, {{date(from), date(to)}});
    });
    KEEL_ASSERT_OK(report);
    auto expected = line_sums(from, to);
    auto closing = line_sums("1900-01-01", to);
    std::size_t moved = 0;
    for (const auto& row : report->rows) {
      const auto& sums = expected[row.account_id.value()];
      EXPECT_EQ(row.debit, sums.first) << from << ".." << to << " account " << row.code;
      EXPECT_EQ(row.credit, sums.second) << from << ".." << to << " account " << row.code;
      const auto& all = closing[row.account_id.value()];
      EXPECT_EQ(row.balance, all.first - all.second) << "closing at " << to << " " << row.code;
      if (sums.first != 0 || sums.second != 0) ++moved;
    }
    std::size_t expected_moved = 0;
    for (const auto& [account, sums] : expected) {
      if (sums.first != 0 || sums.second != 0) ++expected_moved;
    }
    EXPECT_EQ(moved, expected_moved) << from << ".." << to;
    EXPECT_EQ(report->totals.debit, report->totals.credit);
  }
  // balance_at (no partner: daily rows; with a partner: the partner's lines) at mid-period
  // dates, and the balance sheet balances there.
  for (const char* day : {"2025-12-14", "2025-12-31", "2026-03-04", "2026-03-05", "2026-03-17",
                          "2026-03-21", "2026-04-01"}) {
    const auto sums = line_sums("1900-01-01", day);
    for (const std::string_view role : {role::kBank, role::kCash, role::kReceivable, role::kRevenue,
                             role::kExpense, role::kRetainedEarnings}) {
      const AccountId id = account(eur, role);
      const auto found = sums.find(id.value());
      const __int128 net = found == sums.end() ? 0 : found->second.first - found->second.second;
      EXPECT_EQ(balance(ctx, id, day).minor_units(), static_cast<std::int64_t>(net))
          << role << " at " << day;
    }
    auto sheet = read([&](db::Tx& tx) { return reports::balance_sheet(tx, ctx, {date(day)}); });
    KEEL_ASSERT_OK(sheet);
    EXPECT_TRUE(sheet->balanced) << day;
  }
  EXPECT_TRUE(breaches().empty());
}

TEST_P(LedgerDailyTest, post_keeps_one_row_per_day_account_and_currency) {
  post_history();
  auto row = read([&](db::Tx& tx) {
    return tx.query_one(
        "SELECT debit, credit, lines_count FROM accounting_daily_balances WHERE company_id = $1 "
        "AND date = '2026-03-05' AND account_id = $2 AND currency = 'EUR'",
        {eur.value(), account(eur, role::kReceivable).value()});
  });
  KEEL_ASSERT_OK(row);
  ASSERT_TRUE(row->has_value());
  EXPECT_EQ((*row)->integer(0), 5100);  // two sales of 25.50
  EXPECT_EQ((*row)->integer(1), 600);   // two receipts of 3
  EXPECT_EQ((*row)->integer(2), 4);
}

TEST_P(LedgerDailyTest, check_names_a_tampered_or_missing_daily_row) {
  post_history();
  EXPECT_TRUE(breaches().empty());
  const AccountId cash = account(eur, role::kCash);
  KEEL_ASSERT_OK(write([&](db::Tx& tx) {
    return tx.execute(
        "UPDATE accounting_daily_balances SET debit = debit + 1 WHERE company_id = $1 AND "
        "date = '2026-03-16' AND account_id = $2",
        {eur.value(), cash.value()});
  }));
  const auto mentions = [](const std::vector<std::string>& found, const std::string& text) {
    for (const auto& line : found) {
      if (line.find(text) != std::string::npos) return true;
    }
    return false;
  };
  auto found = breaches();
  EXPECT_EQ(found.size(), 1U);
  EXPECT_TRUE(mentions(found, "daily balance of account " + std::to_string(cash.value()) +
                                  ", 2026-03-16, EUR: differs from the sum of its lines"));
  KEEL_ASSERT_OK(write([&](db::Tx& tx) {
    return tx.execute(
        "DELETE FROM accounting_daily_balances WHERE company_id = $1 AND date = '2026-03-16' "
        "AND account_id = $2",
        {eur.value(), cash.value()});
  }));
  found = breaches();
  EXPECT_EQ(found.size(), 1U);
  EXPECT_TRUE(mentions(found, "account " + std::to_string(cash.value()) +
                                  ", 2026-03-16, EUR: posted lines without a daily balance row"));
}

TEST_P(LedgerDailyTest, migration_backfills_the_daily_rows_from_the_lines) {
  post_history();
  const auto before = read([&](db::Tx& tx) {
    return tx.query(
        "SELECT company_id, date, account_id, currency, debit, credit, amount_currency, "
        "lines_count FROM accounting_daily_balances ORDER BY company_id, date, account_id, "
        "currency");
  });
  KEEL_ASSERT_OK(before);
  ASSERT_FALSE(before->empty());
  // The ledger as a database from before 0004 holds it: no daily rows. Run 0004's backfill.
  std::string backfill;
  for (const auto& migration : migrations().migrations) {
    if (migration.version == 4) backfill = db::render(migration, db().engine());
  }
  const auto at = backfill.find("INSERT INTO accounting_daily_balances");
  ASSERT_NE(at, std::string::npos);
  KEEL_ASSERT_OK(write([&](db::Tx& tx) -> Result<void> {
    TRY(tx.execute("DELETE FROM accounting_daily_balances"));
    TRY(tx.execute(backfill.substr(at)));
    return Ok{};
  }));
  const auto after = read([&](db::Tx& tx) {
    return tx.query(
        "SELECT company_id, date, account_id, currency, debit, credit, amount_currency, "
        "lines_count FROM accounting_daily_balances ORDER BY company_id, date, account_id, "
        "currency");
  });
  KEEL_ASSERT_OK(after);
  ASSERT_EQ(after->size(), before->size());
  for (std::size_t i = 0; i < after->size(); ++i) {
    EXPECT_EQ((*after)[i].text(1), (*before)[i].text(1));
    EXPECT_EQ((*after)[i].integer(2), (*before)[i].integer(2));
    for (std::size_t column : {4U, 5U, 6U, 7U}) {
      EXPECT_EQ((*after)[i].integer(column), (*before)[i].integer(column)) << i << " " << column;
    }
  }
  EXPECT_TRUE(breaches().empty());
}

KEEL_INSTANTIATE_ENGINES(LedgerDailyTest);

}  // namespace
}  // namespace keel::accounting
