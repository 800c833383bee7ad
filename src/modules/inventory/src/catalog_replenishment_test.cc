// Reorder rules, replenishment and counts on both engines, with stock moved through the
// public move API: proposals below the minimum, counts adjusting against the loss location,
// and every error code of rules and counts.
#include "catalog_replenishment.h"
#include "catalog_test_support.h"

namespace keel::inventory {
namespace {

using catalog::CountDraft;
using catalog::ReorderRuleDraft;

class CatalogReplenishmentTest : public test::CatalogTest {
 protected:
  Warehouse warehouse() {
    auto found = run([](db::Tx& tx, const Context& c) { return default_warehouse(tx, c); });
    EXPECT_TRUE(found.ok());
    return found.ok() ? *found : Warehouse{};
  }
  // Receives `units` from the supplier location into the warehouse's stock.
  void receive(ProductId product, std::int64_t units) {
    auto done = run([&](db::Tx& tx, const Context& c) -> Result<Move> {
      const Location supplier = TRY(partner_location(tx, c, LocationUsage::supplier));
      MoveDraft draft;
      draft.product_id = product;
      draft.quantity = TRY(Quantity::from_units(units));
      draft.from_location_id = supplier.id;
      draft.to_location_id = TRY(default_warehouse(tx, c)).stock_location_id;
      draft.date = test::day("2026-03-01");
      draft.unit_cost = TRY(UnitPrice::parse("4.00", c.company_currency));
      const Move move = TRY(create_move(tx, c, draft));
      return complete_move(tx, c, move.id);
    });
    ASSERT_TRUE(done.ok()) << done.error().code() << ": " << done.error().message();
  }
  Result<catalog::ReorderRule> rule(ProductId product, const char* min, const char* max,
                                    std::optional<WarehouseId> warehouse_id = std::nullopt) {
    return run([&](db::Tx& tx, const Context& c) {
      return catalog::create_reorder_rule(tx, c, ReorderRuleDraft{product, warehouse_id, min, max});
    });
  }
  Result<catalog::Count> count_of(ProductId product, LocationId location, const char* counted,
                                  std::optional<LotId> lot = std::nullopt) {
    return run([&](db::Tx& tx, const Context& c) {
      return catalog::record_count(tx, c, CountDraft{product, location, counted, lot, std::nullopt});
    });
  }
};

TEST_P(CatalogReplenishmentTest, rules_below_their_minimum_propose_what_reaches_the_maximum) {
  const Product mug = made(draft("MUG"));
  const Warehouse main = warehouse();
  auto created = rule(mug.id, "10", "50");
  ASSERT_TRUE(created.ok()) << created.error().code();
  EXPECT_EQ(created->warehouse_id, main.id);
  auto proposals = run([&](db::Tx& tx, const Context& c) {
    return catalog::replenishment(tx, c.company_id, std::nullopt);
  });
  ASSERT_EQ(proposals->size(), 1u);
  EXPECT_EQ(proposals->front().quantity.to_string(), "50");
  EXPECT_EQ(proposals->front().forecast.to_string(), "0");
  receive(mug.id, 8);
  proposals = run([&](db::Tx& tx, const Context& c) {
    return catalog::replenishment(tx, c.company_id, main.id);
  });
  ASSERT_EQ(proposals->size(), 1u);
  EXPECT_EQ(proposals->front().quantity.to_string(), "42");
  receive(mug.id, 2);
  proposals = run([&](db::Tx& tx, const Context& c) {
    return catalog::replenishment(tx, c.company_id, std::nullopt);
  });
  EXPECT_TRUE(proposals->empty());
}

TEST_P(CatalogReplenishmentTest, each_bad_rule_has_its_code) {
  const Product mug = made(draft("MUG"));
  ProductDraft service = draft("SRV");
  service.type = "service";
  const Product install = made(service);
  ASSERT_TRUE(rule(mug.id, "1", "2").ok());
  EXPECT_EQ(error_of(rule(mug.id, "1", "2")), "reorder_rule_exists");
  EXPECT_EQ(error_of(rule(install.id, "1", "2")), "product_not_stockable");
  EXPECT_EQ(error_of(rule(ProductId{999999}, "1", "2")), "product_not_found");
  const Product other = made(draft("OTHER"));
  EXPECT_EQ(error_of(rule(other.id, "5", "2")), "reorder_quantity_invalid");
  EXPECT_EQ(error_of(rule(other.id, "1.5", "2")), "reorder_quantity_invalid");
  EXPECT_EQ(error_of(rule(other.id, "-1", "2")), "reorder_quantity_invalid");
  EXPECT_EQ(error_of(rule(other.id, "1", "2", WarehouseId{999999})), "warehouse_not_found");
  EXPECT_EQ(count("inventory_reorder_rules"), 1);
  auto rules = run([&](db::Tx& tx, const Context& c) {
    return catalog::list_reorder_rules(tx, c.company_id, std::nullopt, std::nullopt);
  });
  ASSERT_EQ(rules->size(), 1u);
  auto removed = run([&](db::Tx& tx, const Context& c) {
    return catalog::delete_reorder_rule(tx, c, rules->front().id);
  });
  EXPECT_TRUE(removed.ok());
  auto again = run([&](db::Tx& tx, const Context& c) {
    return catalog::delete_reorder_rule(tx, c, rules->front().id);
  });
  EXPECT_EQ(error_of(again), "reorder_rule_not_found");
}

TEST_P(CatalogReplenishmentTest, a_count_adjusts_stock_against_the_loss_location) {
  const Product mug = made(draft("MUG"));
  receive(mug.id, 30);
  const Warehouse main = warehouse();
  auto counted = count_of(mug.id, main.stock_location_id, "27");
  ASSERT_TRUE(counted.ok()) << counted.error().code() << ": " << counted.error().message();
  EXPECT_EQ(counted->on_hand.to_string(), "30");
  EXPECT_EQ(counted->difference.to_string(), "-3");
  ASSERT_TRUE(counted->move_id.has_value());
  auto level = run([&](db::Tx& tx, const Context& c) {
    return stock_level(tx, c.company_id, mug.id, main.id);
  });
  EXPECT_EQ(level->on_hand.to_string(), "27");
  auto more = count_of(mug.id, main.stock_location_id, "29");
  ASSERT_TRUE(more.ok());
  EXPECT_EQ(more->difference.to_string(), "2");
  auto same = count_of(mug.id, main.stock_location_id, "29");
  EXPECT_FALSE(same->move_id.has_value());
  auto page = run([&](db::Tx& tx, const Context& c) {
    return catalog::list_counts(tx, c.company_id, mug.id, std::nullopt, 0, 2);
  });
  ASSERT_EQ(page->items.size(), 2u);
  EXPECT_TRUE(page->next_cursor.has_value());
}

TEST_P(CatalogReplenishmentTest, each_bad_count_has_its_code_and_moves_nothing) {
  const Product mug = made(draft("MUG"));
  ProductDraft lots = draft("FLOUR");
  lots.tracking = "lot";
  const Product flour = made(lots);
  const Warehouse main = warehouse();
  auto supplier = run([](db::Tx& tx, const Context& c) {
    return partner_location(tx, c, LocationUsage::supplier);
  });
  EXPECT_EQ(error_of(count_of(mug.id, supplier->id, "1")), "count_location_invalid");
  EXPECT_EQ(error_of(count_of(mug.id, LocationId{999999}, "1")), "location_not_found");
  EXPECT_EQ(error_of(count_of(mug.id, main.stock_location_id, "-1")), "count_quantity_invalid");
  EXPECT_EQ(error_of(count_of(mug.id, main.stock_location_id, "1.5")), "count_quantity_invalid");
  EXPECT_EQ(error_of(count_of(ProductId{999999}, main.stock_location_id, "1")),
            "product_not_found");
  EXPECT_EQ(error_of(count_of(flour.id, main.stock_location_id, "1")), "lot_required");
  EXPECT_EQ(error_of(count_of(flour.id, main.stock_location_id, "1", LotId{999999})),
            "lot_not_found");
  EXPECT_EQ(count("inventory_counts"), 0);
}

KEEL_INSTANTIATE_ENGINES(CatalogReplenishmentTest);

}  // namespace
}  // namespace keel::inventory
