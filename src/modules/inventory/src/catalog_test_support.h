#pragma once

// Fixture shared by the catalog tests: a migrated database per engine with one company (EUR,
// default chart, fiscal year 2026, a sales and a purchase tax), a second company for tenant
// checks, and short ways to run catalog services in one write transaction.
#include <memory>

#include "catalog_store.h"
#include "keel/audit/audit_api.h"
#include "keel/auth/auth_api.h"
#include "keel/core/clock.h"
#include "keel/db/migrations.h"
#include "keel/http/idempotency.h"
#include "keel/testing/database.h"

namespace keel::inventory::test {

inline Date day(const char* text) { return Date::parse(text).value(); }

class CatalogTest : public keel::testing::EngineTest {
 protected:
  void SetUp() override {
    // 2026-03-01T00:00:00Z.
    m_clock = std::make_unique<ManualClock>(from_unix_us(1'772'323'200'000'000));
    const auto applied = db::migrate(
        database(), {&http::migrations(), &audit::migrations(), &auth::migrations(),
                     &partners::migrations(), &accounting::migrations(), &migrations()});
    ASSERT_TRUE(applied.ok()) << applied.error().message();
    m_company = make_company("Keel Trading");
    m_other_company = make_company("Other Co");
    // `run` is declared below, so SetUp writes directly.
    auto vat = database().write([&](db::Tx& tx) -> Result<accounting::Tax> {
      const Context c = TRY(Context::system(tx, m_company, clock()));
      accounting::TaxDraft draft;
      draft.name = "VAT 19%";
      draft.rate_percent = "19";
      TRY(accounting::create_tax(tx, c, draft));
      draft.name = "Input VAT 19%";
      draft.scope = "purchase";
      return accounting::create_tax(tx, c, draft);
    });
    ASSERT_TRUE(vat.ok()) << vat.error().code();
  }

  CompanyId make_company(const char* name) {
    auto id = database().write([&](db::Tx& tx) -> Result<CompanyId> {
      auth::NewCompany company;
      company.name = name;
      company.currency = "EUR";
      std::vector<http::PermissionSpec> specs = accounting::permissions();
      for (auto& spec : permissions()) specs.push_back(spec);
      const CompanyId created = TRY(auth::create_company(tx, clock(), company, specs));
      const Context context = TRY(Context::system(tx, created, clock()));
      TRY(accounting::install_default_chart(tx, context, day("2026-03-01")));
      return created;
    });
    EXPECT_TRUE(id.ok()) << id.error().code() << ": " << id.error().message();
    return id.ok() ? *id : CompanyId{};
  }

 public:
  // Runs fn(tx, context) in one write transaction for the main company (or `company`).
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

  static ProductDraft draft(const char* sku, const char* name = "Ceramic mug") {
    ProductDraft draft;
    draft.sku = sku;
    draft.names = {{"en", name}};
    draft.list_price = "12.50";
    draft.standard_cost = "4.20";
    return draft;
  }

  Result<Product> create(const ProductDraft& draft, CompanyId company = {}) {
    return run([&](db::Tx& tx, const Context& c) { return create_product(tx, c, draft); },
               company);
  }

  // Creates a product, failing the test on error.
  Product made(const ProductDraft& draft) {
    auto product = create(draft);
    EXPECT_TRUE(product.ok()) << product.error().code() << ": " << product.error().message();
    return product.ok() ? *product : Product{};
  }

  std::string error_of(const auto& result) {
    return result.ok() ? std::string("ok") : result.error().code();
  }

  std::unique_ptr<ManualClock> m_clock;
  CompanyId m_company;
  CompanyId m_other_company;
};

}  // namespace keel::inventory::test
