#pragma once

// Fixture shared by the reports tests: a migrated database per engine, a company with the
// default chart and fiscal years, and short ways to post entries through accounting::post.
#include <memory>
#include <string>

#include "keel/accounting/accounting_api.h"
#include "keel/accounting/reports_api.h"
#include "keel/audit/audit_api.h"
#include "keel/auth/auth_api.h"
#include "keel/core/clock.h"
#include "keel/db/migrations.h"
#include "keel/http/idempotency.h"
#include "keel/partners/partners_api.h"
#include "keel/testing/database.h"

namespace keel::accounting::reports::test {

inline Date day(std::string_view text) { return Date::parse(text).value(); }

// The accounts a scenario posts to, found by role (never by code).
struct Chart {
  AccountId cash, bank, receivable, payable, inventory, revenue, expense, equity;
  JournalId journal;
};

class ReportsTest : public keel::testing::EngineTest {
 protected:
  void SetUp() override {
    // 2026-06-15: inside the Gregorian fiscal year 2026 and the Persian year 1405.
    m_clock = std::make_unique<ManualClock>(from_unix_us(1'781'481'600'000'000));
    const auto applied =
        db::migrate(database(), {&http::migrations(), &audit::migrations(), &auth::migrations(),
                                 &partners::migrations(), &accounting::migrations()});
    ASSERT_TRUE(applied.ok()) << applied.error().message();
  }

 public:
  template <typename F>
  auto write(F&& fn) {
    return database().write(std::forward<F>(fn));
  }
  template <typename F>
  auto read(F&& fn) {
    return database().read(std::forward<F>(fn));
  }
  const Clock& clock() const { return *m_clock; }
  db::Database& db() { return database(); }

  // A company with the default chart, the fiscal year of `today` and `extra_years` before it.
  Result<Context> make_company(std::string name, std::string currency, std::string calendar,
                               Date today, int extra_years) {
    return write([&](db::Tx& tx) -> Result<Context> {
      auth::NewCompany company{name, currency, "", calendar, "en"};
      const CompanyId id =
          TRY(auth::create_company(tx, clock(), company, accounting::permissions()));
      Context context = TRY(Context::system(tx, id, clock()));
      TRY(install_default_chart(tx, context, today));
      const int year = calendar == "persian" ? to_jalali(today).year : today.year();
      for (int i = 1; i <= extra_years; ++i) TRY(create_fiscal_year(tx, context, year - i));
      return context;
    });
  }

  Result<Chart> chart(const Context& context) {
    return read([&](db::Tx& tx) -> Result<Chart> {
      const CompanyId c = context.company_id;
      Chart chart;
      chart.cash = TRY(find_account_by_role(tx, c, role::kCash)).id;
      chart.bank = TRY(find_account_by_role(tx, c, role::kBank)).id;
      chart.receivable = TRY(find_account_by_role(tx, c, role::kReceivable)).id;
      chart.payable = TRY(find_account_by_role(tx, c, role::kPayable)).id;
      chart.inventory = TRY(find_account_by_role(tx, c, role::kInventory)).id;
      chart.revenue = TRY(find_account_by_role(tx, c, role::kRevenue)).id;
      chart.expense = TRY(find_account_by_role(tx, c, role::kExpense)).id;
      chart.equity = TRY(find_account_by_role(tx, c, role::kRetainedEarnings)).id;
      // A share-capital style account: the first postable equity account without a role.
      for (const auto& account : TRY(list_accounts(tx, c))) {
        if (account.type == AccountType::equity && account.postable && account.role.empty()) {
          chart.equity = account.id;
          break;
        }
      }
      chart.journal = TRY(find_journal(tx, c, JournalType::general)).id;
      return chart;
    });
  }

  Result<partners::PartyId> party(const Context& context, std::string name) {
    return write([&](db::Tx& tx) -> Result<partners::PartyId> {
      partners::PartyDraft draft;
      draft.kind = "organization";
      draft.name = std::move(name);
      const auto created = TRY(partners::create_party(
          tx, clock(), partners::Caller::system(context.company_id, UserId{1}), draft));
      return created.party.id;
    });
  }

 private:
  std::unique_ptr<ManualClock> m_clock;
};

struct PostLine {
  AccountId account;
  std::int64_t debit = 0;  // minor units
  std::int64_t credit = 0;
  std::optional<partners::PartyId> partner;
  std::string label;
};

// Posts one entry through accounting::post; fails the test when posting fails.
inline EntryId post_entry(ReportsTest& test, const Context& context, JournalId journal, Date date,
                          std::vector<PostLine> lines, std::string memo = "entry") {
  EntryDraft draft{.journal_id = journal, .date = date, .memo = std::move(memo)};
  const Currency currency = context.company_currency;
  for (const auto& line : lines) {
    draft.lines.push_back(
        LineDraft{.account_id = line.account,
                  .partner_id = line.partner,
                  .label = line.label,
                  .debit = Money::from_minor_units(line.debit, currency).value(),
                  .credit = Money::from_minor_units(line.credit, currency).value()});
  }
  auto posted = test.write([&](db::Tx& tx) { return post(tx, context, draft); });
  EXPECT_TRUE(posted.ok()) << posted.error().code() << ": " << posted.error().message();
  return posted.ok() ? posted->id : EntryId{};
}

inline std::string text(Amount amount, Currency currency) {
  return format_amount(amount, currency);
}

}  // namespace keel::accounting::reports::test
