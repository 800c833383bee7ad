// Fiscal years in both calendars, lock dates, period and year close, reopening, rates,
// balance_at inside a period, and the chart's own refusals, on both engines.
#include "ledger_test_support.h"

namespace keel::accounting {
namespace {

using test::date;
using test::money;

class LedgerCalendarTest : public test::LedgerTest {
 protected:
  Result<FiscalYear> year_of(CompanyId company, std::string_view name) {
    return read([&](db::Tx& tx) -> Result<FiscalYear> {
      for (const auto& year : TRY(list_fiscal_years(tx, company)))
        if (year.name == name) return year;
      return Error::not_found("fiscal_year_not_found", std::string(name));
    });
  }
};

TEST_P(LedgerCalendarTest, persian_year_1404_runs_from_farvardin_to_esfand) {
  const auto year = year_of(irr, "1404");
  KEEL_ASSERT_OK(year);
  EXPECT_EQ(year->calendar, "persian");
  EXPECT_EQ(year->start_date.to_string(), "2025-03-21");
  EXPECT_EQ(year->end_date.to_string(), "2026-03-20");
  auto periods = read([&](db::Tx& tx) { return list_periods(tx, irr, year->id); });
  ASSERT_EQ(periods->size(), 12u);
  EXPECT_EQ((*periods)[0].name, "1404-01 Farvardin");
  EXPECT_EQ((*periods)[0].end_date.to_string(), "2025-04-20");  // 31 days
  EXPECT_EQ((*periods)[6].start_date.to_string(), "2025-09-23");  // 1 Mehr
  EXPECT_EQ((*periods)[11].name, "1404-12 Esfand");
  EXPECT_EQ((*periods)[11].end_date.to_string(), "2026-03-20");
  for (std::size_t i = 1; i < periods->size(); ++i) {
    EXPECT_EQ((*periods)[i].start_date, (*periods)[i - 1].end_date.add_days(1).value());
  }
  auto period = read([&](db::Tx& tx) { return period_for(tx, irr, date("2026-03-20")); });
  EXPECT_EQ(period->name, "1404-12 Esfand");
  KEEL_ASSERT_ERROR(read([&](db::Tx& tx) { return period_for(tx, irr, date("2026-03-21")); }),
                    "fiscal_year_not_found");
  const Context ctx = context(irr);
  auto next = write([&](db::Tx& tx) { return create_fiscal_year(tx, ctx, 1405); });
  KEEL_ASSERT_OK(next);
  EXPECT_EQ(next->start_date.to_string(), "2026-03-21");
}

TEST_P(LedgerCalendarTest, gregorian_years_and_their_refusals) {
  const auto year = year_of(eur, "2026");
  KEEL_ASSERT_OK(year);
  EXPECT_EQ(year->start_date.to_string(), "2026-01-01");
  EXPECT_EQ(year->end_date.to_string(), "2026-12-31");
  auto periods = read([&](db::Tx& tx) { return list_periods(tx, eur, year->id); });
  EXPECT_EQ((*periods)[1].name, "2026-02");
  EXPECT_EQ((*periods)[1].end_date.to_string(), "2026-02-28");
  Context ctx = context(eur);
  KEEL_ASSERT_ERROR(write([&](db::Tx& tx) { return create_fiscal_year(tx, ctx, 2026); }),
                    "fiscal_year_exists");
  KEEL_ASSERT_ERROR(write([&](db::Tx& tx) { return create_fiscal_year(tx, ctx, 5000); }),
                    "fiscal_year_invalid");
  ctx.calendar = "persian";  // 1404 ends 2026-03-20, inside 2026
  KEEL_ASSERT_ERROR(write([&](db::Tx& tx) { return create_fiscal_year(tx, ctx, 1404); }),
                    "fiscal_year_overlaps");
  KEEL_ASSERT_ERROR(read([&](db::Tx& tx) { return get_fiscal_year(tx, irr, year->id); }),
                    "fiscal_year_not_found");
}

TEST_P(LedgerCalendarTest, lock_dates_stop_users_and_then_advisers) {
  const Context user = context(eur);
  const Context adviser = context(eur, true);
  const EntryDraft draft =
      simple(eur, "2026-03-31", role::kCash, role::kRevenue, money("5", "EUR"));
  KEEL_ASSERT_OK(write([&](db::Tx& tx) {
    return set_locks(tx, user, {.lock_all_until = std::nullopt,
                                .lock_users_until = date("2026-03-31")});
  }));
  KEEL_ASSERT_ERROR(post_now(user, draft), "period_locked");
  KEEL_ASSERT_OK(post_now(adviser, draft));
  KEEL_ASSERT_OK(write([&](db::Tx& tx) {
    return set_locks(tx, user, {.lock_all_until = date("2026-03-31"),
                                .lock_users_until = date("2026-03-31")});
  }));
  KEEL_ASSERT_ERROR(post_now(adviser, draft), "period_locked");
  EntryDraft later = draft;
  later.date = date("2026-04-01");
  KEEL_ASSERT_OK(post_now(user, later));
  auto locks = read([&](db::Tx& tx) { return get_locks(tx, eur); });
  EXPECT_EQ(locks->lock_all_until->to_string(), "2026-03-31");
}

TEST_P(LedgerCalendarTest, closing_a_period_refuses_postings_in_it) {
  const Context ctx = context(eur);
  auto period = read([&](db::Tx& tx) { return period_for(tx, eur, date("2026-02-10")); });
  KEEL_ASSERT_OK(write([&](db::Tx& tx) { return close_period(tx, ctx, period->id); }));
  KEEL_ASSERT_ERROR(write([&](db::Tx& tx) { return close_period(tx, ctx, period->id); }),
                    "period_closed");
  KEEL_ASSERT_ERROR(write([&](db::Tx& tx) { return close_period(tx, ctx, PeriodId{999'999}); }),
                    "period_not_found");
  KEEL_ASSERT_ERROR(
      post_now(ctx, simple(eur, "2026-02-10", role::kCash, role::kRevenue, money("1", "EUR"))),
      "period_closed");
}

TEST_P(LedgerCalendarTest, year_end_close_moves_the_result_to_retained_earnings) {
  const Context ctx = context(irr);
  const auto year = year_of(irr, "1404");
  KEEL_ASSERT_OK(post_now(ctx, simple(irr, "2025-05-01", role::kBank, role::kRevenue,
                                      money("90000000000000000", "IRR"))));
  KEEL_ASSERT_OK(post_now(ctx, simple(irr, "2026-01-10", role::kExpense, role::kBank,
                                      money("30000000000000000", "IRR"))));
  auto closed = write([&](db::Tx& tx) { return close_fiscal_year(tx, ctx, year->id); });
  KEEL_ASSERT_OK(closed);
  EXPECT_TRUE(closed->closed);
  ASSERT_TRUE(closed->closing_entry_id.has_value());
  auto closing = read([&](db::Tx& tx) { return get_entry(tx, irr, *closed->closing_entry_id); });
  EXPECT_EQ(closing->kind, "closing");
  EXPECT_EQ(closing->date.to_string(), "2026-03-20");
  EXPECT_EQ(balance(ctx, account(irr, role::kRevenue), "2026-03-20").to_string(), "0");
  EXPECT_EQ(balance(ctx, account(irr, role::kExpense), "2026-03-20").to_string(), "0");
  EXPECT_EQ(balance(ctx, account(irr, role::kRetainedEarnings), "2026-03-20").to_string(),
            "-60000000000000000");
  KEEL_ASSERT_ERROR(post_now(ctx, simple(irr, "2025-12-01", role::kBank, role::kRevenue,
                                         money("1", "IRR"))),
                    "period_closed");
  KEEL_ASSERT_ERROR(write([&](db::Tx& tx) { return close_fiscal_year(tx, ctx, year->id); }),
                    "fiscal_year_closed");
  auto reopened = write([&](db::Tx& tx) { return reopen_fiscal_year(tx, ctx, year->id); });
  KEEL_ASSERT_OK(reopened);
  EXPECT_FALSE(reopened->closed);
  KEEL_ASSERT_ERROR(write([&](db::Tx& tx) { return reopen_fiscal_year(tx, ctx, year->id); }),
                    "fiscal_year_open");
  KEEL_ASSERT_OK(post_now(ctx, simple(irr, "2025-12-01", role::kBank, role::kRevenue,
                                      money("1", "IRR"))));
  EXPECT_TRUE(breaches().empty());
}

TEST_P(LedgerCalendarTest, balance_at_reads_whole_periods_and_the_days_of_its_own) {
  const Context ctx = context(eur);
  for (const char* day : {"2026-01-15", "2026-03-05", "2026-03-20", "2026-04-02"}) {
    KEEL_ASSERT_OK(post_now(ctx, simple(eur, day, role::kCash, role::kRevenue, money("10", "EUR"))));
  }
  const AccountId cash = account(eur, role::kCash);
  EXPECT_EQ(balance(ctx, cash, "2026-01-14").to_string(), "0.00");
  EXPECT_EQ(balance(ctx, cash, "2026-03-04").to_string(), "10.00");
  EXPECT_EQ(balance(ctx, cash, "2026-03-10").to_string(), "20.00");
  EXPECT_EQ(balance(ctx, cash, "2026-03-31").to_string(), "30.00");
  EXPECT_EQ(balance(ctx, cash, "2026-04-01").to_string(), "30.00");
  EXPECT_EQ(balance(ctx, cash, "2027-06-01").to_string(), "40.00");  // in no fiscal year
}

TEST_P(LedgerCalendarTest, rates_by_date) {
  const Context ctx = context(eur);
  const Currency usd = test::currency("USD");
  KEEL_ASSERT_OK(write([&](db::Tx& tx) {
    return set_rate(tx, ctx, usd, date("2026-01-01"), Rate::parse("0.9").value());
  }));
  KEEL_ASSERT_OK(write([&](db::Tx& tx) {
    return set_rate(tx, ctx, usd, date("2026-02-01"), Rate::parse("0.95").value());
  }));
  auto on = read([&](db::Tx& tx) { return rate_on(tx, eur, usd, date("2026-01-31")); });
  EXPECT_EQ(on->to_string(), "0.9");
  on = read([&](db::Tx& tx) { return rate_on(tx, eur, usd, date("2026-05-01")); });
  EXPECT_EQ(on->to_string(), "0.95");
  KEEL_ASSERT_ERROR(read([&](db::Tx& tx) { return rate_on(tx, eur, usd, date("2025-12-31")); }),
                    "rate_not_found");
  KEEL_ASSERT_ERROR(write([&](db::Tx& tx) {
                      return set_rate(tx, ctx, test::currency("EUR"), date("2026-01-01"),
                                      Rate::one());
                    }),
                    "rate_currency_invalid");
  KEEL_ASSERT_ERROR(write([&](db::Tx& tx) {
                      return set_rate(tx, ctx, usd, date("2026-01-01"), Rate::zero());
                    }),
                    "rate_not_positive");
  auto listed = read([&](db::Tx& tx) { return list_rates(tx, eur, "USD"); });
  EXPECT_EQ(listed->size(), 2u);
}

TEST_P(LedgerCalendarTest, the_chart_refuses_bad_accounts) {
  const Context ctx = context(eur);
  const auto create = [&](AccountDraft draft) {
    return write([&](db::Tx& tx) { return create_account(tx, ctx, draft); });
  };
  const AccountDraft good{.code = "1150", .type = AccountType::asset, .role = "",
                          .parent_id = std::nullopt, .postable = true, .currency = "",
                          .names = {{"en", "Petty cash"}, {"fa", "تنخواه"}}};
  AccountDraft draft = good;
  draft.code = "bad code";
  KEEL_ASSERT_ERROR(create(draft), "account_code_invalid");
  draft = good;
  draft.code = "1000";
  KEEL_ASSERT_ERROR(create(draft), "account_code_taken");
  draft = good;
  draft.names.clear();
  KEEL_ASSERT_ERROR(create(draft), "account_name_required");
  draft = good;
  draft.role = "treasure";
  KEEL_ASSERT_ERROR(create(draft), "account_role_invalid");
  draft = good;
  draft.parent_id = account(eur, role::kCash);  // postable: not a parent
  KEEL_ASSERT_ERROR(create(draft), "account_parent_invalid");
  draft = good;
  draft.currency = "XYZ";
  KEEL_ASSERT_ERROR(create(draft), "currency_unknown");
  KEEL_ASSERT_ERROR(parse_account_type("cash"), "account_type_invalid");
  auto created = create(good);
  KEEL_ASSERT_OK(created);
  EXPECT_EQ(created->names.at("fa"), "تنخواه");
  KEEL_ASSERT_ERROR(write([&](db::Tx& tx) { return install_default_chart(tx, ctx, date("2026-01-01")); }),
                    "chart_already_installed");
  KEEL_ASSERT_ERROR(write([&](db::Tx& tx) { return archive_account(tx, ctx, AccountId{999'999}); }),
                    "account_not_found");
  // A company without a chart has no account for any role and no journal.
  auto bare = write([&](db::Tx& tx) {
    return auth::create_company(tx, clock(), {.name = "Bare", .currency = "EUR", .country = "",
                                              .calendar = "gregorian", .language = "en"},
                                accounting::permissions());
  });
  KEEL_ASSERT_OK(bare);
  KEEL_ASSERT_ERROR(read([&](db::Tx& tx) { return find_account_by_role(tx, *bare, role::kCash); }),
                    "account_role_missing");
  KEEL_ASSERT_ERROR(read([&](db::Tx& tx) { return find_journal(tx, *bare, JournalType::sales); }),
                    "journal_not_found");
  auto accounts = read([&](db::Tx& tx) { return list_accounts(tx, irr); });
  for (const auto& account : *accounts) {
    for (const char* language : {"en", "fa", "he", "zh", "lt"}) {
      EXPECT_FALSE(account.names.at(language).empty()) << account.code << " " << language;
    }
  }
}

KEEL_INSTANTIATE_ENGINES(LedgerCalendarTest);

}  // namespace
}  // namespace keel::accounting
