#pragma once

// Fixture shared by the orders part's tests: a migrated database per engine with one company
// (EUR, default chart, fiscal year 2026, VAT 19 %), a second company for tenant checks,
// customers, stockable products put in stock by a valued receipt, and short ways to run
// services in one write transaction.
#include <memory>

#include "keel/audit/audit_api.h"
#include "keel/auth/auth_api.h"
#include "keel/core/clock.h"
#include "keel/db/migrations.h"
#include "keel/http/idempotency.h"
#include "keel/testing/database.h"
#include "orders_internal.h"
#include "pricing_internal.h"

namespace keel::sales::test {

inline Date day(const char* text) { return Date::parse(text).value(); }
inline Quantity qty(const char* text) { return Quantity::parse(text).value(); }

class OrdersTest : public keel::testing::EngineTest {
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

 protected:
  void SetUp() override {
    // 2026-03-01T00:00:00Z.
    m_clock = std::make_unique<ManualClock>(from_unix_us(1'772'323'200'000'000));
    const auto applied = db::migrate(
        database(), {&http::migrations(), &audit::migrations(), &auth::migrations(),
                     &partners::migrations(), &accounting::migrations(),
                     &inventory::migrations(), &sales::migrations()});
    ASSERT_TRUE(applied.ok()) << applied.error().message();
    m_company = make_company("Keel Trading");
    m_other_company = make_company("Other Co");
    m_customer = make_party(m_company, "Acme Customer", std::nullopt);
    m_other_party = make_party(m_other_company, "Other Customer", std::nullopt);
    auto vat = run([](db::Tx& tx, const Context& c) {
      accounting::TaxDraft draft;
      draft.name = "VAT 19%";
      draft.rate_percent = "19";
      return accounting::create_tax(tx, c, draft);
    });
    ASSERT_TRUE(vat.ok()) << vat.error().code();
    m_vat = vat->id;
    m_chair = make_product("CHAIR", "Oak chair", "120.00", "stockable");
    m_service = make_product("SETUP", "Assembly", "30.00", "service");
  }

  void TearDown() override {
    auto breaches = database().read([](db::Tx& tx) -> Result<std::vector<std::string>> {
      auto all = TRY(sales::check(tx));
      for (auto& b : TRY(inventory::check(tx))) all.push_back(b);
      for (auto& b : TRY(accounting::check(tx))) all.push_back(b);
      return all;
    });
    ASSERT_TRUE(breaches.ok()) << breaches.error().code() << ": " << breaches.error().message();
    for (const auto& breach : *breaches) ADD_FAILURE() << breach;
  }

  CompanyId make_company(const char* name) {
    auto id = database().write([&](db::Tx& tx) -> Result<CompanyId> {
      auth::NewCompany company;
      company.name = name;
      company.currency = "EUR";
      std::vector<http::PermissionSpec> specs = accounting::permissions();
      for (auto& spec : inventory::permissions()) specs.push_back(spec);
      for (auto& spec : sales::permissions()) specs.push_back(spec);
      const CompanyId created = TRY(auth::create_company(tx, clock(), company, specs));
      const Context context = TRY(Context::system(tx, created, clock()));
      TRY(accounting::install_default_chart(tx, context, day("2026-03-01")));
      return created;
    });
    EXPECT_TRUE(id.ok()) << id.error().code() << ": " << id.error().message();
    return id.ok() ? *id : CompanyId{};
  }

  partners::PartyId make_party(CompanyId company, const char* name,
                               std::optional<std::string> credit_limit) {
    auto id = database().write([&](db::Tx& tx) -> Result<partners::PartyId> {
      partners::PartyDraft draft;
      draft.kind = "organization";
      draft.name = name;
      draft.roles = {"customer"};
      draft.currency = "EUR";
      draft.credit_limit = credit_limit;
      const auto created =
          TRY(partners::create_party(tx, clock(), partners::Caller::system(company), draft));
      return created.party.id;
    });
    EXPECT_TRUE(id.ok()) << id.error().code() << ": " << id.error().message();
    return id.ok() ? *id : partners::PartyId{};
  }

  inventory::ProductId make_product(const char* sku, const char* name, const char* price,
                                    const char* type) {
    auto id = run([&](db::Tx& tx, const Context& c) -> Result<inventory::ProductId> {
      inventory::ProductDraft draft;
      draft.sku = sku;
      draft.names = {{"en", name}};
      draft.type = type;
      draft.list_price = price;
      draft.standard_cost = "50.00";
      draft.taxes = {"VAT 19%"};
      return TRY(inventory::create_product(tx, c, draft)).id;
    });
    EXPECT_TRUE(id.ok()) << id.error().code() << ": " << id.error().message();
    return id.ok() ? *id : inventory::ProductId{};
  }

  // A valued receipt of `quantity` into the default warehouse's stock.
  void receive(inventory::ProductId product, const char* quantity) {
    auto done = run([&](db::Tx& tx, const Context& c) -> Result<void> {
      const auto warehouse = TRY(inventory::default_warehouse(tx, c));
      const auto supplier =
          TRY(inventory::partner_location(tx, c, inventory::LocationUsage::supplier));
      inventory::MoveDraft draft;
      draft.product_id = product;
      draft.quantity = qty(quantity);
      draft.from_location_id = supplier.id;
      draft.to_location_id = warehouse.stock_location_id;
      draft.date = day("2026-03-01");
      draft.origin = "test receipt";
      const auto move = TRY(inventory::create_move(tx, c, draft));
      TRY(inventory::complete_move(tx, c, move.id));
      return Ok{};
    });
    ASSERT_TRUE(done.ok()) << done.error().code() << ": " << done.error().message();
  }

  inventory::StockLevel level(inventory::ProductId product) {
    auto level = database().read([&](db::Tx& tx) {
      return inventory::stock_level(tx, m_company, product);
    });
    EXPECT_TRUE(level.ok());
    return level.ok() ? *level : inventory::StockLevel{};
  }

  static detail::LineRequest line(inventory::ProductId product, const char* quantity) {
    detail::LineRequest line;
    line.product_id = product;
    line.quantity = qty(quantity);
    return line;
  }

  detail::OrderDraft order_draft(std::vector<detail::LineRequest> lines) {
    detail::OrderDraft draft;
    draft.partner_id = m_customer;
    draft.date = day("2026-03-02");
    draft.lines = std::move(lines);
    return draft;
  }

  Result<Order> new_order(const detail::OrderDraft& draft) {
    return run([&](db::Tx& tx, const Context& c) { return detail::create_order(tx, c, draft); });
  }

  Result<Order> confirm(OrderId id, detail::ConfirmOptions options = {}) {
    return run([&](db::Tx& tx, const Context& c) {
      return detail::confirm_order(tx, c, id, options);
    });
  }

 public:
  std::int64_t count(const std::string& table) {
    auto rows =
        database().read([&](db::Tx& tx) { return tx.query("SELECT COUNT(*) FROM " + table); });
    EXPECT_TRUE(rows.ok());
    return rows.ok() ? rows->at(0).integer(0) : -1;
  }
  const Clock& clock() const { return *m_clock; }

 protected:
  std::unique_ptr<ManualClock> m_clock;
  CompanyId m_company;
  CompanyId m_other_company;
  partners::PartyId m_customer;
  partners::PartyId m_other_party;
  accounting::TaxId m_vat;
  inventory::ProductId m_chair;
  inventory::ProductId m_service;
};

}  // namespace keel::sales::test
