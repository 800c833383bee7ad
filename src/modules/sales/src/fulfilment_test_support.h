#pragma once

// Fixture of the fulfilment tests: a migrated database per engine with one company (EUR,
// default chart, fiscal year 2026), a second company for tenant checks, a customer, two
// stockable products (CHAIR at cost 40, LAMP at cost 10) with 10 of each received into the
// warehouse, and short ways to make and confirm orders. Every test ends with what
// `keel check` proves of accounting, inventory and sales.
#include <memory>

#include "fulfilment_internal.h"
#include "keel/audit/audit_api.h"
#include "keel/auth/auth_api.h"
#include "keel/core/clock.h"
#include "keel/db/migrations.h"
#include "keel/http/idempotency.h"
#include "keel/testing/database.h"
#include "orders_internal.h"

namespace keel::sales::test {

inline Date day(const char* text) { return Date::parse(text).value(); }
inline Quantity qty(const char* text) { return Quantity::parse(text).value(); }

class FulfilmentTest : public keel::testing::EngineTest {
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
  const Clock& clock() const { return *m_clock; }

 protected:
  void SetUp() override {
    // 2026-03-01T00:00:00Z: every test date falls in fiscal year 2026.
    m_clock = std::make_unique<ManualClock>(from_unix_us(1'772'323'200'000'000));
    const auto applied = db::migrate(
        database(), {&http::migrations(), &audit::migrations(), &auth::migrations(),
                     &partners::migrations(), &accounting::migrations(),
                     &inventory::migrations(), &sales::migrations()});
    ASSERT_TRUE(applied.ok()) << applied.error().message();
    m_company = make_company("Keel Trading");
    m_other_company = make_company("Other Co");
    m_customer = make_party(m_company, "Acme Customer");
    m_other_party = make_party(m_other_company, "Foreign Tenant Party");
    m_chair = make_product("CHAIR", "Oak chair", "100.00", "40.00", "4006381333931");
    m_lamp = make_product("LAMP", "Desk lamp", "30.00", "10.00", "");
    receive(m_chair, "10", "40.00");
    receive(m_lamp, "10", "10.00");
  }

  void TearDown() override {
    auto breaches = database().read([](db::Tx& tx) -> Result<std::vector<std::string>> {
      auto all = TRY(accounting::check(tx));
      auto stock = TRY(inventory::check(tx));
      auto sales_breaches = TRY(sales::check(tx));
      all.insert(all.end(), stock.begin(), stock.end());
      all.insert(all.end(), sales_breaches.begin(), sales_breaches.end());
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

  partners::PartyId make_party(CompanyId company, const char* name) {
    auto id = database().write([&](db::Tx& tx) -> Result<partners::PartyId> {
      partners::PartyDraft draft;
      draft.kind = "organization";
      draft.name = name;
      draft.roles = {"customer"};
      return TRY(partners::create_party(tx, clock(), partners::Caller::system(company), draft))
          .party.id;
    });
    EXPECT_TRUE(id.ok()) << id.error().code() << ": " << id.error().message();
    return id.ok() ? *id : partners::PartyId{};
  }

  inventory::ProductId make_product(const char* sku, const char* name, const char* price,
                                    const char* cost, const char* barcode) {
    auto product = run([&](db::Tx& tx, const Context& c) {
      inventory::ProductDraft draft;
      draft.sku = sku;
      draft.barcode = barcode;
      draft.names = {{"en", name}};
      draft.list_price = price;
      draft.standard_cost = cost;
      return inventory::create_product(tx, c, draft);
    });
    EXPECT_TRUE(product.ok()) << product.error().code() << ": " << product.error().message();
    return product.ok() ? product->id : inventory::ProductId{};
  }

  void receive(inventory::ProductId product, const char* quantity, const char* unit_cost) {
    auto done = run([&](db::Tx& tx, const Context& c) -> Result<inventory::Move> {
      const auto warehouse = TRY(inventory::default_warehouse(tx, c));
      inventory::MoveDraft draft;
      draft.product_id = product;
      draft.quantity = qty(quantity);
      draft.from_location_id =
          TRY(inventory::partner_location(tx, c, inventory::LocationUsage::supplier)).id;
      draft.to_location_id = warehouse.stock_location_id;
      draft.date = day("2026-02-01");
      draft.origin = "test.receipt";
      draft.unit_cost = TRY(UnitPrice::parse(unit_cost, c.company_currency));
      const auto move = TRY(inventory::create_move(tx, c, draft));
      return inventory::complete_move(tx, c, move.id);
    });
    ASSERT_TRUE(done.ok()) << done.error().code() << ": " << done.error().message();
  }

 public:
  std::int64_t count(const std::string& table) {
    auto rows =
        database().read([&](db::Tx& tx) { return tx.query("SELECT COUNT(*) FROM " + table); });
    EXPECT_TRUE(rows.ok());
    return rows.ok() ? rows->at(0).integer(0) : -1;
  }
  static std::string error_of(const auto& result) {
    return result.ok() ? std::string("ok") : result.error().code();
  }

  // A confirmed order of `lines` (product, quantity, unit price) for the customer.
  Order confirmed(std::vector<std::tuple<inventory::ProductId, const char*, const char*>> lines,
                  const char* policy = "ordered", bool backorder = true) {
    auto order = run([&](db::Tx& tx, const Context& c) -> Result<Order> {
      detail::OrderDraft draft;
      draft.partner_id = m_customer;
      draft.date = day("2026-03-01");
      draft.invoice_policy = policy;
      draft.allow_backorder = backorder;
      for (const auto& [product, quantity, price] : lines) {
        detail::LineRequest line;
        line.product_id = product;
        line.quantity = qty(quantity);
        line.unit_price_e6 = UnitPrice::parse(price, c.company_currency).value().value_e6();
        line.tax_ids = std::vector<accounting::TaxId>{};
        draft.lines.push_back(line);
      }
      const Order created = TRY(detail::create_order(tx, c, draft));
      return detail::confirm_order(tx, c, created.id, {});
    });
    EXPECT_TRUE(order.ok()) << order.error().code() << ": " << order.error().message();
    return order.ok() ? *order : Order{};
  }

  Order order(OrderId id) {
    auto found = run([&](db::Tx& tx, const Context& c) { return get_order(tx, c, id); });
    EXPECT_TRUE(found.ok());
    return found.ok() ? *found : Order{};
  }

  // The order's delivery in state ready (the first one, or the backorder).
  detail::Delivery ready_delivery(OrderId id) {
    auto page = run([&](db::Tx& tx, const Context& c) {
      detail::DeliveryQuery query;
      query.order_id = id;
      query.state = "ready";
      return detail::list_deliveries(tx, c, query);
    });
    EXPECT_TRUE(page.ok() && !page->items.empty());
    return page.ok() && !page->items.empty() ? page->items.front() : detail::Delivery{};
  }

  Result<detail::Delivery> pick(DeliveryId id, std::vector<detail::ScanLine> scans) {
    return run([&](db::Tx& tx, const Context& c) { return detail::pick_delivery(tx, c, id, scans); });
  }
  Result<detail::Delivery> pack(DeliveryId id, std::int64_t packages = 1) {
    return run([&](db::Tx& tx, const Context& c) {
      return detail::pack_delivery(tx, c, id, packages, qty("4.5"));
    });
  }
  Result<detail::Delivery> ship(DeliveryId id, const char* carrier = "DHL") {
    return run([&](db::Tx& tx, const Context& c) {
      return detail::ship_delivery(tx, c, id, {carrier, "TRACK-1", day("2026-03-02")});
    });
  }
  // Picks `quantity` of `code`, packs and ships; fails the test on error.
  detail::Delivery ship_part(DeliveryId id, std::vector<detail::ScanLine> scans) {
    auto picked = pick(id, std::move(scans));
    EXPECT_TRUE(picked.ok()) << error_of(picked);
    auto packed = pack(id);
    EXPECT_TRUE(packed.ok()) << error_of(packed);
    auto shipped = ship(id);
    EXPECT_TRUE(shipped.ok()) << (shipped.ok() ? "" : shipped.error().message());
    return shipped.ok() ? *shipped : detail::Delivery{};
  }

  inventory::StockLevel stock(inventory::ProductId product) {
    auto level = run([&](db::Tx& tx, const Context& c) {
      return inventory::stock_level(tx, c.company_id, product);
    });
    EXPECT_TRUE(level.ok());
    return level.ok() ? *level : inventory::StockLevel{};
  }

  Money balance_of_role(std::string_view role) {
    auto balance = run([&](db::Tx& tx, const Context& c) -> Result<Money> {
      const auto account = TRY(accounting::find_account_by_role(tx, c.company_id, role));
      return accounting::balance_at(tx, c, account.id, day("2026-12-31"));
    });
    EXPECT_TRUE(balance.ok());
    return balance.ok() ? *balance : Money::zero(Currency::from_code("EUR").value());
  }

  std::unique_ptr<ManualClock> m_clock;
  CompanyId m_company;
  CompanyId m_other_company;
  partners::PartyId m_customer;
  partners::PartyId m_other_party;
  inventory::ProductId m_chair;
  inventory::ProductId m_lamp;
};

}  // namespace keel::sales::test
