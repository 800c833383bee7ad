// Valuation and postings: FIFO, moving average, standard cost; returns at the cost they left
// with; scrap; a backdated receipt's corrections; standard revaluation; and check() naming
// each tampered table.
#include "stock_locations.h"
#include "stock_test_support.h"

namespace keel::inventory::test {
namespace {

class StockValuationTest : public StockTest {};

TEST_P(StockValuationTest, fifo_consumes_oldest_layers_and_posts_cost_of_goods) {
  const ProductId mug = product("MUG", "fifo");
  auto first = receive(mug, "10", "2.00", "2026-03-01");
  KEEL_ASSERT_OK(first);
  EXPECT_EQ(first->value, "20.00");
  KEEL_ASSERT_OK(receive(mug, "10", "3.00", "2026-03-02"));
  EXPECT_EQ(value_of(mug), "50.00");
  EXPECT_EQ(balance_of_role("inventory"), "50.00");
  EXPECT_EQ(balance_of_role("stock_interim"), "-50.00");
  auto shipped = ship(mug, "12");
  KEEL_ASSERT_OK(shipped);
  EXPECT_EQ(shipped->value, "-26.00");  // 10 × 2 + 2 × 3
  EXPECT_EQ(value_of(mug), "24.00");
  EXPECT_EQ(balance_of_role("inventory"), "24.00");
  EXPECT_EQ(balance_of_role("cost_of_goods"), "26.00");
  // A return re-enters at the cost it left with (26 / 12 per unit), not today's.
  const Warehouse wh = warehouse();
  const Location customers = partner(LocationUsage::customer);
  auto returned = run([&](db::Tx& tx, const Context& c) -> Result<Move> {
    MoveDraft draft;
    draft.product_id = mug;
    draft.quantity = qty("6");
    draft.from_location_id = customers.id;
    draft.to_location_id = wh.stock_location_id;
    draft.date = day("2026-03-06");
    draft.origin_move_id = shipped->id;
    const Move move = TRY(create_move(tx, c, draft));
    return complete_move(tx, c, move.id);
  });
  KEEL_ASSERT_OK(returned);
  EXPECT_EQ(returned->value, "13.00");
  EXPECT_EQ(balance_of_role("cost_of_goods"), "13.00");
  EXPECT_EQ(value_of(mug), "37.00");
}

TEST_P(StockValuationTest, average_keeps_exact_value_and_the_last_unit_takes_the_remainder) {
  const ProductId bolt = product("BOLT", "average");
  KEEL_ASSERT_OK(receive(bolt, "3", "1.00"));
  KEEL_ASSERT_ERROR(receive(bolt, "0", "1.00"), "move_quantity_invalid");
  KEEL_ASSERT_OK(receive(bolt, "1", "2.00"));
  // 4 units worth 5.00: one unit is 1.25.
  auto one = ship(bolt, "1");
  KEEL_ASSERT_OK(one);
  EXPECT_EQ(one->value, "-1.25");
  KEEL_ASSERT_OK(receive(bolt, "3", "1.00", "2026-03-05"));
  // 6 units worth 6.75: 1.125 each; one unit rounds half-even to 1.12.
  auto next = ship(bolt, "1", "2026-03-06");
  KEEL_ASSERT_OK(next);
  EXPECT_EQ(next->value, "-1.12");
  // The last five take exactly what is left, so the value ends at zero.
  auto rest = ship(bolt, "5", "2026-03-07");
  KEEL_ASSERT_OK(rest);
  EXPECT_EQ(rest->value, "-5.63");
  EXPECT_EQ(value_of(bolt), "0.00");
  EXPECT_EQ(balance_of_role("inventory"), "0.00");
}

TEST_P(StockValuationTest, standard_cost_books_price_differences_and_revalues) {
  const ProductId gear = product("GEAR", "standard", "none", "5.00");
  auto receipt = receive(gear, "10", "6.00");
  KEEL_ASSERT_OK(receipt);
  EXPECT_EQ(receipt->value, "50.00");
  EXPECT_EQ(balance_of_role("inventory"), "50.00");
  EXPECT_EQ(balance_of_role("stock_interim"), "-60.00");
  EXPECT_EQ(balance_of_role("cost_of_goods"), "10.00");  // paid 1.00 a unit above standard
  auto shipped = ship(gear, "4");
  KEEL_ASSERT_OK(shipped);
  EXPECT_EQ(shipped->value, "-20.00");
  KEEL_ASSERT_OK(run([&](db::Tx& tx, const Context& c) {
    return detail::revalue_standard_cost(tx, c, gear, eur_price("5.50"), day("2026-03-10"));
  }));
  EXPECT_EQ(value_of(gear), "33.00");
  EXPECT_EQ(balance_of_role("inventory"), "33.00");
  const ProductId mug = product("MUG", "fifo");
  KEEL_ASSERT_ERROR(run([&](db::Tx& tx, const Context& c) {
                      return detail::revalue_standard_cost(tx, c, mug, eur_price("1"),
                                                           day("2026-03-10"));
                    }),
                    "product_cost_method_invalid");
}

TEST_P(StockValuationTest, scrap_posts_an_inventory_adjustment_expense) {
  const ProductId mug = product("MUG", "fifo");
  KEEL_ASSERT_OK(receive(mug, "5", "2.00"));
  const Warehouse wh = warehouse();
  auto scrapped = run([&](db::Tx& tx, const Context& c) {
    stock::ScrapDraft draft;
    draft.product_id = mug;
    draft.quantity = qty("2");
    draft.location_id = wh.stock_location_id;
    draft.date = day("2026-03-04");
    draft.reason = "broken";
    return stock::scrap(tx, c, draft);
  });
  KEEL_ASSERT_OK(scrapped);
  EXPECT_EQ(scrapped->value, "-4.00");
  EXPECT_EQ(scrapped->origin, "inventory.scrap:broken");
  EXPECT_EQ(balance_of_role("inventory_loss"), "4.00");
  EXPECT_EQ(level(mug).on_hand, qty("3"));
}

TEST_P(StockValuationTest, backdated_fifo_receipt_corrects_later_deliveries) {
  const ProductId mug = product("MUG", "fifo");
  KEEL_ASSERT_OK(receive(mug, "10", "3.00", "2026-03-10"));
  auto shipped = ship(mug, "4", "2026-03-12");
  KEEL_ASSERT_OK(shipped);
  EXPECT_EQ(shipped->value, "-12.00");
  // Goods received on 03-05 at 2.00 arrive in the books late: by date the delivery took them.
  KEEL_ASSERT_OK(receive(mug, "4", "2.00", "2026-03-05"));
  EXPECT_EQ(balance_of_role("cost_of_goods"), "8.00");
  EXPECT_EQ(value_of(mug), "30.00");  // the 10 at 3.00 remain
  EXPECT_EQ(balance_of_role("inventory"), "30.00");
}

TEST_P(StockValuationTest, backdated_average_receipt_recomputes_later_deliveries) {
  const ProductId bolt = product("BOLT", "average");
  KEEL_ASSERT_OK(receive(bolt, "2", "4.00", "2026-03-10"));
  KEEL_ASSERT_OK(ship(bolt, "1", "2026-03-12"));  // 4.00
  KEEL_ASSERT_OK(receive(bolt, "2", "1.00", "2026-03-05"));
  // By date: 2 × 1.00, then 2 × 4.00 (average 2.50), then one out at 2.50.
  EXPECT_EQ(balance_of_role("cost_of_goods"), "2.50");
  EXPECT_EQ(value_of(bolt), "7.50");
  EXPECT_EQ(balance_of_role("inventory"), "7.50");
}

TEST_P(StockValuationTest, check_names_each_tampered_table) {
  const ProductId mug = product("MUG", "fifo");
  KEEL_ASSERT_OK(receive(mug, "5", "2.00"));
  auto move = delivery(mug, "2");
  KEEL_ASSERT_OK(run([&](db::Tx& tx, const Context& c) {
    return reserve(tx, c, move->id, ReserveMode::all_or_nothing);
  }));
  EXPECT_TRUE(breaches().empty());
  const auto has = [&](const char* needle) {
    for (const auto& line : breaches()) {
      if (line.find(needle) != std::string::npos) return true;
    }
    return false;
  };
  KEEL_ASSERT_OK(exec("UPDATE inventory_quants SET on_hand_e6 = on_hand_e6 + 1000000"));
  EXPECT_TRUE(has("done moves sum to"));
  KEEL_ASSERT_OK(exec("UPDATE inventory_quants SET on_hand_e6 = on_hand_e6 - 1000000"));
  KEEL_ASSERT_OK(exec("UPDATE inventory_quants SET reserved_e6 = reserved_e6 + 1000000"));
  EXPECT_TRUE(has("open moves reserve"));
  KEEL_ASSERT_OK(exec("UPDATE inventory_quants SET reserved_e6 = reserved_e6 - 1000000"));
  KEEL_ASSERT_OK(exec("UPDATE inventory_moves SET reserved_e6 = 0"));
  EXPECT_TRUE(has("its reservations sum to"));
  KEEL_ASSERT_OK(exec("UPDATE inventory_moves SET reserved_e6 = 2000000 WHERE state = 'assigned'"));
  EXPECT_TRUE(breaches().empty());
  KEEL_ASSERT_OK(
      exec("UPDATE inventory_valuation_layers SET value_minor = value_minor + 1, "
           "remaining_value_minor = remaining_value_minor + 1"));
  EXPECT_TRUE(has("the account's balance is"));
  EXPECT_TRUE(has("its layers sum to"));
  KEEL_ASSERT_OK(exec("UPDATE inventory_valuation_layers SET value_minor = value_minor - 1"));
  EXPECT_TRUE(has("FIFO layers of product"));
  KEEL_ASSERT_OK(
      exec("UPDATE inventory_valuation_layers SET remaining_value_minor = "
           "remaining_value_minor - 1"));
  EXPECT_TRUE(breaches().empty());
  KEEL_ASSERT_OK(exec("UPDATE inventory_open_flows SET quantity_e6 = quantity_e6 + 1000000"));
  EXPECT_TRUE(has("but its open moves sum to"));
  KEEL_ASSERT_OK(exec("DELETE FROM inventory_open_flows"));
  EXPECT_TRUE(has("but no open flow holds it"));
  KEEL_ASSERT_OK(exec("INSERT INTO inventory_open_flows (company_id, product_id, "
                      "from_location_id, to_location_id, quantity_e6) SELECT company_id, "
                      "product_id, from_location_id, to_location_id, quantity_e6 FROM "
                      "inventory_moves WHERE state = 'assigned'"));
  EXPECT_TRUE(breaches().empty());
}

TEST_P(StockValuationTest, stock_keeps_its_category_valuation) {
  const ProductId mug = product("MUG", "fifo");
  const ProductId bolt = product("BOLT", "average");
  const auto category_of = [&](ProductId id) {
    auto found = run([&](db::Tx& tx, const Context& c) { return get_product(tx, c.company_id, id); });
    EXPECT_TRUE(found.ok());
    return found.ok() ? *found : Product{};
  };
  const Product bolt_product = category_of(bolt);
  const auto move_to = [&](ProductId id, CategoryId category) {
    return run([&](db::Tx& tx, const Context& c) -> Result<Product> {
      const Product before = TRY(get_product(tx, c.company_id, id));
      ProductPatch patch;
      patch.version = before.version;
      patch.category_id = category;
      return update_product(tx, c, id, patch);
    });
  };
  // Without stock a product moves freely; with stock, only to a category valued the same way.
  KEEL_ASSERT_OK(move_to(mug, bolt_product.category_id));
  KEEL_ASSERT_OK(move_to(mug, category_of(product("CUP", "fifo")).category_id));
  KEEL_ASSERT_OK(receive(mug, "4", "2.00"));
  auto refused = move_to(mug, bolt_product.category_id);
  KEEL_ASSERT_ERROR(refused, "product_category_locked");
  ASSERT_EQ(refused.error().fields().size(), 1U);
  EXPECT_EQ(refused.error().fields()[0].field, "category_id");
  KEEL_ASSERT_OK(move_to(mug, category_of(product("PLATE", "fifo")).category_id));
  // Once the stock is out, the cost method may change.
  KEEL_ASSERT_OK(ship(mug, "4"));
  KEEL_ASSERT_OK(move_to(mug, bolt_product.category_id));
  EXPECT_TRUE(breaches().empty());
}

TEST_P(StockValuationTest, a_failed_completion_changes_nothing) {
  const ProductId mug = product("MUG", "fifo");
  KEEL_ASSERT_OK(receive(mug, "1", "2.00"));
  auto move = delivery(mug, "1");
  KEEL_ASSERT_OK(move);
  // The caller keeps going after the error in the same transaction: nothing of it remains.
  auto outcome = run([&](db::Tx& tx, const Context& c) -> Result<Move> {
    auto refused = complete_move(tx, c, move->id, qty("1"), {}, day("2025-01-01"));
    EXPECT_FALSE(refused.ok());
    if (!refused.ok()) {
      EXPECT_EQ(refused.error().code(), "fiscal_year_not_found");
    }
    return get_move(tx, c.company_id, move->id);
  });
  KEEL_ASSERT_OK(outcome);
  EXPECT_EQ(outcome->state, MoveState::confirmed);
  EXPECT_EQ(level(mug).on_hand, qty("1"));
}

TEST_P(StockValuationTest, moves_done_together_post_one_entry) {
  const ProductId mug = product("MUG", "fifo");
  const ProductId bolt = product("BOLT", "average");
  KEEL_ASSERT_OK(receive(mug, "10", "2.00"));
  KEEL_ASSERT_OK(receive(bolt, "4", "1.25"));
  auto mugs = delivery(mug, "3");
  auto bolts = delivery(bolt, "2");
  KEEL_ASSERT_OK(mugs);
  KEEL_ASSERT_OK(bolts);
  // A move named twice and a move short of stock refuse the whole call; failed names it.
  auto short_of_stock = delivery(bolt, "50");
  KEEL_ASSERT_OK(short_of_stock);
  for (const auto& [ids, code, index] :
       std::vector<std::tuple<std::vector<MoveId>, std::string, std::size_t>>{
           {{mugs->id, bolts->id, mugs->id}, "move_state_invalid", 2},
           {{mugs->id, short_of_stock->id}, "stock_insufficient", 1}}) {
    std::size_t failed = 99;
    auto refused = run([&](db::Tx& tx, const Context& c) {
      std::vector<MoveCompletion> completions;
      for (const MoveId id : ids) completions.push_back({id, std::nullopt, {}});
      return complete_moves(tx, c, completions, day("2026-03-05"), "Delivery D1", "test:1",
                            &failed);
    });
    KEEL_ASSERT_ERROR(refused, code);
    EXPECT_EQ(failed, index);
  }
  EXPECT_EQ(level(mug).on_hand, qty("10"));
  EXPECT_EQ(balance_of_role("cost_of_goods"), "0.00");

  auto done = run([&](db::Tx& tx, const Context& c) {
    const MoveCompletion completions[] = {{mugs->id, std::nullopt, {}},
                                          {bolts->id, qty("1"), {}}};
    return complete_moves(tx, c, completions, day("2026-03-05"), "Delivery D1", "test:1");
  });
  KEEL_ASSERT_OK(done);
  ASSERT_EQ(done->size(), 2U);
  EXPECT_EQ((*done)[0].value, "-6.00");
  EXPECT_EQ((*done)[1].value, "-1.25");
  EXPECT_EQ((*done)[1].quantity, qty("1"));  // the other bolt stays in a backorder
  ASSERT_TRUE((*done)[0].entry_id.has_value());
  EXPECT_EQ((*done)[0].entry_id, (*done)[1].entry_id);
  EXPECT_EQ(balance_of_role("cost_of_goods"), "7.25");
  EXPECT_EQ(balance_of_role("inventory"), "17.75");
  EXPECT_EQ(value_of(), "17.75");
  // One entry of two lines (cost of goods, inventory) under the caller's origin, and each
  // move's valuation layer names it.
  const std::int64_t entry = (*done)[0].entry_id->value();
  const auto count = [&](const char* sql) -> std::int64_t {
    auto row = database().read([&](db::Tx& tx) { return tx.query_one(sql, {entry}); });
    EXPECT_TRUE(row.ok() && row->has_value());
    return row.ok() && row->has_value() ? (*row)->integer(0) : -1;
  };
  EXPECT_EQ(count("SELECT COUNT(*) FROM accounting_entries WHERE id = $1 AND origin = 'test:1'"),
            1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM accounting_entry_lines WHERE entry_id = $1"), 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM inventory_valuation_layers WHERE kind = 'out' AND "
                  "entry_id = $1"),
            2);
  EXPECT_TRUE(breaches().empty());
}

KEEL_INSTANTIATE_ENGINES(StockValuationTest);

}  // namespace
}  // namespace keel::inventory::test
