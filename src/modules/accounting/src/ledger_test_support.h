#pragma once

// Fixture shared by the ledger tests: a migrated database per engine, two companies (EUR,
// Gregorian and IRR, Persian) with the default chart, and short ways to post entries.
#include <memory>

#include "keel/accounting/accounting_api.h"
#include "keel/audit/audit_api.h"
#include "keel/auth/auth_api.h"
#include "keel/http/idempotency.h"
#include "keel/testing/database.h"

namespace keel::accounting::test {

inline Date date(std::string_view text) { return Date::parse(text).value(); }
inline Currency currency(std::string_view code) { return Currency::from_code(code).value(); }
inline Money money(std::string_view text, std::string_view code) {
  return Money::parse(text, currency(code)).value();
}

class LedgerTest : public keel::testing::EngineTest {
 protected:
  void SetUp() override {
    // 2026-11-19T..Z: "today" for the default chart is 2026 (Gregorian) / 1405 (Persian).
    m_clock = std::make_unique<ManualClock>(from_unix_us(1'795'000'000'000'000));
    const auto applied = db::migrate(database(), {&http::migrations(), &audit::migrations(),
                                                  &auth::migrations(), &partners::migrations(),
                                                  &accounting::migrations()});
    ASSERT_TRUE(applied.ok()) << applied.error().message();
    eur = make_company("Euro Trading", "EUR", "gregorian", date("2026-05-01"));
    irr = make_company("Tehran Trading", "IRR", "persian", date("2025-06-01"));
  }

  CompanyId make_company(std::string name, std::string code, std::string calendar, Date today) {
    auto created = database().write([&](db::Tx& tx) -> Result<CompanyId> {
      const CompanyId id = TRY(auth::create_company(
          tx, clock(),
          {.name = name, .currency = code, .country = "", .calendar = calendar,
           .language = "en"},
          accounting::permissions()));
      const Context context = TRY(Context::system(tx, id, clock()));
      TRY(install_default_chart(tx, context, today));
      return id;
    });
    EXPECT_TRUE(created.ok()) << created.error().code() << " " << created.error().message();
    return created.ok() ? created.value() : CompanyId{};
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

  Context context(CompanyId company, bool adviser = false) {
    auto loaded = read([&](db::Tx& tx) { return Context::system(tx, company, clock()); });
    EXPECT_TRUE(loaded.ok());
    Context out = loaded.value();
    out.user_id = UserId{1};
    out.adviser = adviser;
    return out;
  }
  AccountId account(CompanyId company, std::string_view role) {
    auto found = read([&](db::Tx& tx) { return find_account_by_role(tx, company, role); });
    EXPECT_TRUE(found.ok()) << role;
    return found.ok() ? found->id : AccountId{};
  }
  JournalId journal(CompanyId company, JournalType type) {
    auto found = read([&](db::Tx& tx) { return find_journal(tx, company, type); });
    EXPECT_TRUE(found.ok());
    return found.ok() ? found->id : JournalId{};
  }
  // A two-line entry: debit `debit_role`, credit `credit_role`, `amount` in company currency.
  EntryDraft simple(CompanyId company, std::string_view day, std::string_view debit_role,
                    std::string_view credit_role, Money amount,
                    JournalType type = JournalType::general) {
    return EntryDraft{.journal_id = journal(company, type), .date = date(day), .memo = "test",
                      .reference = {}, .origin = {}, .kind = "normal",
                      .lines = {LineDraft::debit_of(account(company, debit_role), amount),
                                LineDraft::credit_of(account(company, credit_role), amount)}};
  }
  Result<Entry> post_now(const Context& context, const EntryDraft& draft) {
    return write([&](db::Tx& tx) { return post(tx, context, draft); });
  }
  std::vector<std::string> breaches() {
    auto found = read([](db::Tx& tx) { return check(tx); });
    EXPECT_TRUE(found.ok()) << found.error().message();
    return found.ok() ? found.value() : std::vector<std::string>{"check failed"};
  }
  std::int64_t count(std::string_view table) {
    auto rows = read([&](db::Tx& tx) -> Result<std::int64_t> {
      const auto row = TRY(tx.query_one("SELECT COUNT(*) FROM " + std::string(table)));
      return row->integer(0);
    });
    return rows.value();
  }
  Money balance(const Context& context, AccountId id, std::string_view day) {
    auto found = read([&](db::Tx& tx) { return balance_at(tx, context, id, date(day)); });
    EXPECT_TRUE(found.ok()) << found.error().code();
    return found.ok() ? found.value() : Money::zero(context.company_currency);
  }

  CompanyId eur;
  CompanyId irr;

 private:
  std::unique_ptr<ManualClock> m_clock;
};

}  // namespace keel::accounting::test
