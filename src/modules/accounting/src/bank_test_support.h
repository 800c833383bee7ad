#pragma once

// Fixture shared by the bank service and HTTP tests: a migrated database per engine with two
// EUR companies, each with the default chart installed on 2026-03-15, and helpers to read the
// committed samples and post entries.
#include <fstream>
#include <memory>
#include <sstream>

#include "keel/accounting/bank_api.h"
#include "keel/audit/audit_api.h"
#include "keel/auth/auth_api.h"
#include "keel/core/clock.h"
#include "keel/db/migrations.h"
#include "keel/http/idempotency.h"
#include "keel/partners/partners_api.h"
#include "keel/testing/database.h"

namespace keel::accounting::bank::test {

inline std::string sample(const std::string& name) {
  std::ifstream in(std::string(KEEL_BANK_TESTDATA) + "/" + name, std::ios::binary);
  EXPECT_TRUE(in.good()) << name;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

inline Date day(std::string_view text) { return Date::parse(text).value(); }
inline Currency currency(std::string_view code) { return Currency::from_code(code).value(); }
inline Money eur(std::string_view text) { return Money::parse(text, currency("EUR")).value(); }

class BankTest : public keel::testing::EngineTest {
 protected:
  void SetUp() override {
    // 2026-03-15T12:00:00Z
    m_clock = std::make_unique<ManualClock>(from_unix_us(1'773'576'000'000'000));
    const auto applied =
        db::migrate(database(), {&http::migrations(), &audit::migrations(), &auth::migrations(),
                                 &partners::migrations(), &accounting::migrations()});
    ASSERT_TRUE(applied.ok()) << applied.error().message();
    for (const char* name : {"Keel Trading", "Other Company"}) {
      const auto company = database().write([&](db::Tx& tx) -> Result<CompanyId> {
        const CompanyId id = TRY(auth::create_company(
            tx, clock(), {.name = name, .currency = "EUR"}, accounting::permissions()));
        const Context context = TRY(Context::system(tx, id, clock()));
        TRY(install_default_chart(tx, context, day("2026-03-15")));
        return id;
      });
      ASSERT_TRUE(company.ok()) << company.error().code() << ": " << company.error().message();
      m_companies.push_back(*company);
    }
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
  CompanyId company_a() const { return m_companies.at(0); }
  CompanyId company_b() const { return m_companies.at(1); }

  // Runs fn(tx, context) in a write transaction as the system user of `company`.
  template <typename F>
  auto as(CompanyId company, F&& fn) {
    return write([&](db::Tx& tx) -> decltype(fn(tx, std::declval<const Context&>())) {
      const Context context = TRY(Context::system(tx, company, clock()));
      return fn(tx, context);
    });
  }

  Account account_with_role(CompanyId company, std::string_view role) {
    return read([&](db::Tx& tx) { return find_account_by_role(tx, company, role); }).value();
  }

  BankAccount create_eur_account(CompanyId company) {
    auto created = as(company, [](db::Tx& tx, const Context& context) {
      return create_bank_account(tx, context,
                                 {.name = "Main EUR",
                                  .account_number = "DE89 3704 0044 0532 0130 00",
                                  .currency = "EUR"});
    });
    EXPECT_TRUE(created.ok()) << created.error().code() << ": " << created.error().message();
    return created.value();
  }

  // Posts bank ↔ other for `amount` (+ money in) and returns the id of its bank line.
  std::int64_t post_bank(const BankAccount& bank, std::string_view date, std::string_view amount,
                         std::string reference = {}, std::string memo = "payment") {
    const Money value = eur(amount);
    const Account other = account_with_role(company_a(), value.is_negative() ? role::kExpense
                                                                             : role::kRevenue);
    const Money abs = value.abs();
    auto entry = as(company_a(), [&](db::Tx& tx, const Context& context) {
      EntryDraft draft{.journal_id = bank.journal_id,
                       .date = day(date),
                       .memo = memo,
                       .reference = reference,
                       .lines = {value.is_negative() ? LineDraft::credit_of(bank.account_id, abs)
                                                     : LineDraft::debit_of(bank.account_id, abs),
                                 value.is_negative() ? LineDraft::debit_of(other.id, abs)
                                                     : LineDraft::credit_of(other.id, abs)}};
      return post(tx, context, draft);
    });
    EXPECT_TRUE(entry.ok()) << entry.error().code() << ": " << entry.error().message();
    for (const auto& line : entry->lines) {
      if (line.account_id == bank.account_id) return line.id;
    }
    ADD_FAILURE() << "no bank line";
    return 0;
  }

 private:
  std::unique_ptr<ManualClock> m_clock;
  std::vector<CompanyId> m_companies;
};

}  // namespace keel::accounting::bank::test
