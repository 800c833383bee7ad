#pragma once

// Fixture shared by the receivables tests: a migrated database per engine with one company
// (EUR, default chart, fiscal year 2026), a second company for tenant checks, customers and
// suppliers, and short ways to run services in one write transaction.
#include <memory>

#include "keel/accounting/receivables_api.h"
#include "keel/audit/audit_api.h"
#include "keel/auth/auth_api.h"
#include "keel/core/clock.h"
#include "keel/db/migrations.h"
#include "keel/http/idempotency.h"
#include "keel/testing/database.h"

namespace keel::accounting::test {

inline Date day(const char* text) { return Date::parse(text).value(); }
inline Currency currency(const char* code) { return Currency::from_code(code).value(); }
inline Money eur(const char* text) { return Money::parse(text, currency("EUR")).value(); }

class ReceivablesTest : public keel::testing::EngineTest {
 protected:
  void SetUp() override {
    // 2026-03-01T00:00:00Z: every test date falls in fiscal year 2026.
    m_clock = std::make_unique<ManualClock>(from_unix_us(1'772'323'200'000'000));
    const auto applied =
        db::migrate(database(), {&http::migrations(), &audit::migrations(), &auth::migrations(),
                                 &partners::migrations(), &accounting::migrations()});
    ASSERT_TRUE(applied.ok()) << applied.error().message();
    m_company = make_company("Keel Trading", "EUR");
    m_other_company = make_company("Other Co", "EUR");
    m_customer = make_party(m_company, "Acme Customer");
    m_customer2 = make_party(m_company, "Beta Customer");
    m_supplier = make_party(m_company, "Supply Ltd");
    m_other_party = make_party(m_other_company, "Foreign Tenant Party");
  }

  // Every scenario leaves a sound ledger: what `keel check` proves (balanced entries, balances
  // equal to their lines, subledgers equal to control accounts, gap-free numbers, hash chain).
  void TearDown() override {
    auto breaches = database().read([](db::Tx& tx) { return check(tx); });
    ASSERT_TRUE(breaches.ok()) << breaches.error().code() << ": " << breaches.error().message();
    for (const auto& breach : *breaches) ADD_FAILURE() << breach;
  }

  CompanyId make_company(const char* name, const char* currency_code) {
    auto id = database().write([&](db::Tx& tx) -> Result<CompanyId> {
      auth::NewCompany company;
      company.name = name;
      company.currency = currency_code;
      const CompanyId created = TRY(auth::create_company(tx, clock(), company, permissions()));
      const Context context = TRY(Context::system(tx, created, clock()));
      TRY(install_default_chart(tx, context, day("2026-03-01")));
      return created;
    });
    EXPECT_TRUE(id.ok()) << id.error().code() << ": " << id.error().message();
    return id.ok() ? *id : CompanyId{};
  }

  partners::PartyId make_party(CompanyId company, const char* name) {
    auto id = database().write([&](db::Tx& tx) -> Result<partners::PartyId> {
      partners::PartyDraft draft;
      draft.kind = "organization";
      draft.name = name;
      const auto created =
          TRY(partners::create_party(tx, clock(), partners::Caller::system(company), draft));
      return created.party.id;
    });
    EXPECT_TRUE(id.ok()) << id.error().code() << ": " << id.error().message();
    return id.ok() ? *id : partners::PartyId{};
  }

 public:
  // Runs fn(tx, context) in one write transaction for the main company.
  template <typename F>
  auto run(F&& fn, CompanyId company = {}) {
    const CompanyId target = company.valid() ? company : m_company;
    return database().write([&](db::Tx& tx) -> decltype(fn(tx, std::declval<const Context&>())) {
      const Context context = TRY(Context::system(tx, target, clock()));
      return fn(tx, context);
    });
  }
  std::int64_t count(const std::string& table) {
    auto rows =
        database().read([&](db::Tx& tx) { return tx.query("SELECT COUNT(*) FROM " + table); });
    EXPECT_TRUE(rows.ok());
    return rows.ok() ? rows->at(0).integer(0) : -1;
  }
  const Clock& clock() const { return *m_clock; }

  Result<Tax> tax(const char* name, const char* percent, const char* scope = "sales",
                  bool included = false) {
    return run([&](db::Tx& tx, const Context& c) {
      TaxDraft draft;
      draft.name = name;
      draft.rate_percent = percent;
      draft.scope = scope;
      draft.price_included = included;
      return create_tax(tx, c, draft);
    });
  }

  static InvoiceLineDraft line(const char* description, const char* quantity, const char* price,
                               std::vector<TaxId> taxes = {}) {
    InvoiceLineDraft line;
    line.description = description;
    line.quantity = Quantity::parse(quantity).value();
    line.unit_price_e6 = UnitPrice::parse(price, currency("EUR")).value().value_e6();
    line.tax_ids = std::move(taxes);
    return line;
  }

  InvoiceDraft invoice_draft(InvoiceType type, partners::PartyId partner, const char* date,
                             std::vector<InvoiceLineDraft> lines) {
    InvoiceDraft draft;
    draft.type = type;
    draft.partner_id = partner;
    draft.date = day(date);
    draft.lines = std::move(lines);
    return draft;
  }

  // Creates and posts; fails the test on error.
  Invoice posted(const InvoiceDraft& draft) {
    auto invoice = run([&](db::Tx& tx, const Context& c) -> Result<Invoice> {
      const Invoice created = TRY(create_invoice(tx, c, draft));
      return post_invoice(tx, c, created.id);
    });
    EXPECT_TRUE(invoice.ok()) << invoice.error().code() << ": " << invoice.error().message();
    return invoice.ok() ? *invoice : Invoice{};
  }

  Result<Payment> pay(const char* direction, const char* partner_type, partners::PartyId partner,
                      const char* date, const char* amount,
                      std::vector<AllocationDraft> allocations = {},
                      const char* currency_code = "") {
    return run([&](db::Tx& tx, const Context& c) {
      PaymentDraft draft;
      draft.direction = direction;
      draft.partner_type = partner_type;
      draft.partner_id = partner;
      draft.date = day(date);
      draft.amount = amount;
      draft.currency = currency_code;
      draft.allocations = std::move(allocations);
      return register_payment(tx, c, draft);
    });
  }

  Money balance_of_role(std::string_view role_name, const char* date,
                        std::optional<partners::PartyId> partner = std::nullopt) {
    auto balance = run([&](db::Tx& tx, const Context& c) -> Result<Money> {
      const Account account = TRY(find_account_by_role(tx, c.company_id, role_name));
      return balance_at(tx, c, account.id, day(date), partner);
    });
    EXPECT_TRUE(balance.ok()) << balance.error().code();
    return balance.ok() ? *balance : Money::zero(currency("EUR"));
  }

  Invoice reload(InvoiceId id) {
    auto invoice = run([&](db::Tx& tx, const Context& c) { return get_invoice(tx, c, id); });
    EXPECT_TRUE(invoice.ok());
    return invoice.ok() ? *invoice : Invoice{};
  }

  std::unique_ptr<ManualClock> m_clock;
  CompanyId m_company;
  CompanyId m_other_company;
  partners::PartyId m_customer;
  partners::PartyId m_customer2;
  partners::PartyId m_supplier;
  partners::PartyId m_other_party;
};

}  // namespace keel::accounting::test
