#pragma once

// Fixture shared by the stock tests: a migrated database per engine with one company (EUR,
// default chart, fiscal year 2026) and a second one for tenant checks, product helpers per
// cost method and tracking, and short ways to run services in one write transaction. Every
// test ends with the invariants `keel check` proves (stock and ledger).
#include <memory>

#include "keel/audit/audit_api.h"
#include "keel/auth/auth_api.h"
#include "keel/core/clock.h"
#include "keel/db/migrations.h"
#include "keel/http/idempotency.h"
#include "keel/testing/database.h"
#include "stock_moves.h"

namespace keel::inventory::test {

inline Date day(const char* text) { return Date::parse(text).value(); }
inline Quantity qty(const char* text) { return Quantity::parse(text).value(); }
inline UnitPrice eur_price(const char* text) {
  return UnitPrice::parse(text, Currency::from_code("EUR").value()).value();
}

class StockTest : public keel::testing::EngineTest {
 protected:
  void SetUp() override {
    // 2026-03-01T00:00:00Z: every test date falls in fiscal year 2026.
    m_clock = std::make_unique<ManualClock>(from_unix_us(1'772'323'200'000'000));
    const auto applied = db::migrate(
        database(), {&http::migrations(), &audit::migrations(), &auth::migrations(),
                     &partners::migrations(), &accounting::migrations(), &migrations()});
    ASSERT_TRUE(applied.ok()) << applied.error().message();
    m_company = make_company("Keel Trading");
    m_other_company = make_company("Other Co");
  }

  void TearDown() override {
    if (m_skip_check) return;
    auto breaches = database().read([](db::Tx& tx) -> Result<std::vector<std::string>> {
      auto out = TRY(check(tx));
      for (auto& line : TRY(accounting::check(tx))) out.push_back(line);
      return out;
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
  template <typename F>
  auto run(F&& fn, CompanyId company = {}) {
    const CompanyId target = company.valid() ? company : m_company;
    return database().write([&](db::Tx& tx) -> decltype(fn(tx, std::declval<const Context&>())) {
      const Context context = TRY(Context::system(tx, target, clock()));
      return fn(tx, context);
    });
  }
  const Clock& clock() const { return *m_clock; }

  // A stockable product in a category of `method` ("fifo", "average", "standard").
  ProductId product(const char* sku, const char* method = "fifo", const char* tracking = "none",
                    const char* standard_cost = "0", const char* type = "stockable",
                    CompanyId company = {}) {
    auto made = run(
        [&](db::Tx& tx, const Context& c) -> Result<Product> {
          CategoryDraft category;
          category.name = std::string("Category ") + sku;
          category.cost_method = method;
          const Category created = TRY(create_category(tx, c, category));
          ProductDraft draft;
          draft.sku = sku;
          draft.names = {{"en", sku}};
          draft.type = type;
          draft.tracking = tracking;
          draft.standard_cost = standard_cost;
          draft.category_id = created.id;
          return create_product(tx, c, draft);
        },
        company);
    EXPECT_TRUE(made.ok()) << made.error().code() << ": " << made.error().message();
    return made.ok() ? made->id : ProductId{};
  }

  Warehouse warehouse(CompanyId company = {}) {
    auto found =
        run([](db::Tx& tx, const Context& c) { return default_warehouse(tx, c); }, company);
    EXPECT_TRUE(found.ok());
    return found.ok() ? *found : Warehouse{};
  }

  Location partner(LocationUsage usage) {
    auto found = run([&](db::Tx& tx, const Context& c) { return partner_location(tx, c, usage); });
    EXPECT_TRUE(found.ok());
    return found.ok() ? *found : Location{};
  }

  Result<Move> receive(ProductId product, const char* quantity, const char* cost,
                       const char* date = "2026-03-02", std::vector<DoneLine> lots = {},
                       std::optional<LocationId> location = std::nullopt) {
    return run([&](db::Tx& tx, const Context& c) {
      stock::ReceiptDraft draft;
      draft.product_id = product;
      draft.quantity = qty(quantity);
      draft.unit_cost = eur_price(cost);
      draft.date = day(date);
      draft.lots = lots;
      draft.location_id = location;
      return stock::receive(tx, c, draft);
    });
  }

  // A planned delivery from WH/Stock to the customers.
  Result<Move> delivery(ProductId product, const char* quantity, const char* date = "2026-03-05") {
    const Warehouse wh = warehouse();
    const Location customers = partner(LocationUsage::customer);
    return run([&](db::Tx& tx, const Context& c) {
      MoveDraft draft;
      draft.product_id = product;
      draft.quantity = qty(quantity);
      draft.from_location_id = wh.stock_location_id;
      draft.to_location_id = customers.id;
      draft.date = day(date);
      draft.origin = "sales.order:1";
      return create_move(tx, c, draft);
    });
  }

  // Creates a delivery and does it at once.
  Result<Move> ship(ProductId product, const char* quantity, const char* date = "2026-03-05") {
    auto move = delivery(product, quantity, date);
    if (!move.ok()) return move;
    return run([&](db::Tx& tx, const Context& c) {
      return complete_move(tx, c, move->id, std::nullopt, {}, std::nullopt);
    });
  }

  StockLevel level(ProductId product) {
    auto found =
        run([&](db::Tx& tx, const Context& c) { return stock_level(tx, c.company_id, product); });
    EXPECT_TRUE(found.ok());
    return found.ok() ? *found : StockLevel{};
  }

  std::string value_of(std::optional<ProductId> product = std::nullopt) {
    auto value = run([&](db::Tx& tx, const Context& c) { return stock_value(tx, c, product); });
    EXPECT_TRUE(value.ok());
    return value.ok() ? value->to_string() : "?";
  }

  std::string balance_of_role(std::string_view role) {
    auto balance = run([&](db::Tx& tx, const Context& c) -> Result<Money> {
      const auto account = TRY(accounting::find_account_by_role(tx, c.company_id, role));
      return accounting::balance_at(tx, c, account.id, day("2026-12-31"));
    });
    EXPECT_TRUE(balance.ok()) << balance.error().code();
    return balance.ok() ? balance->to_string() : "?";
  }

  std::vector<std::string> breaches() {
    auto out = database().read([](db::Tx& tx) { return check(tx); });
    EXPECT_TRUE(out.ok());
    return out.ok() ? *out : std::vector<std::string>{};
  }

  Result<std::int64_t> exec(const std::string& sql) {
    return database().write([&](db::Tx& tx) { return tx.execute(sql); });
  }

  std::unique_ptr<ManualClock> m_clock;
  CompanyId m_company;
  CompanyId m_other_company;
  bool m_skip_check = false;
};

}  // namespace keel::inventory::test
