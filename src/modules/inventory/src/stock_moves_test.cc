// Moves: warehouses and locations, reservation, completion with backorders, lots and serials
// (FEFO, expiry), cancellation, and every error code of the move functions.
#include "stock_locations.h"
#include "stock_test_support.h"

namespace keel::inventory::test {
namespace {

class StockMovesTest : public StockTest {};

TEST_P(StockMovesTest, default_warehouse_is_created_once_with_its_locations) {
  const Warehouse first = warehouse();
  const Warehouse again = warehouse();
  EXPECT_EQ(first.id, again.id);
  EXPECT_EQ(first.code, "WH");
  auto stock = run([&](db::Tx& tx, const Context& c) {
    return get_location(tx, c.company_id, first.stock_location_id);
  });
  KEEL_ASSERT_OK(stock);
  EXPECT_EQ(stock->name, "WH/Stock");
  EXPECT_EQ(stock->warehouse_id, first.id);
  EXPECT_EQ(partner(LocationUsage::customer).name, "Partners/Customers");
  EXPECT_EQ(partner(LocationUsage::loss).name, "Virtual/Loss");
  // Another company cannot read these locations.
  KEEL_ASSERT_ERROR(
      run([&](db::Tx& tx,
              const Context& c) { return get_location(tx, c.company_id, first.stock_location_id); },
          m_other_company),
      "location_not_found");
}

TEST_P(StockMovesTest, warehouse_and_location_errors) {
  const Warehouse wh = warehouse();
  const auto create = [&](const char* code, const char* name) {
    return run(
        [&](db::Tx& tx, const Context& c) { return stock::create_warehouse(tx, c, code, name); });
  };
  KEEL_ASSERT_ERROR(create("W H", "x"), "warehouse_code_invalid");
  KEEL_ASSERT_ERROR(create("WH2", ""), "warehouse_name_required");
  KEEL_ASSERT_OK(create("WH2", "Second"));
  KEEL_ASSERT_ERROR(create("WH2", "Again"), "warehouse_code_taken");
  const auto child = [&](LocationId parent, const char* name, const char* barcode) {
    return run([&](db::Tx& tx, const Context& c) {
      return stock::create_location(tx, c, parent, name, barcode);
    });
  };
  auto shelf = child(wh.stock_location_id, "Shelf A", "A1");
  KEEL_ASSERT_OK(shelf);
  EXPECT_EQ(shelf->name, "WH/Stock/Shelf A");
  KEEL_ASSERT_ERROR(child(wh.stock_location_id, "Shelf A", ""), "location_name_taken");
  KEEL_ASSERT_ERROR(child(wh.stock_location_id, "Shelf B", "A1"), "location_barcode_taken");
  KEEL_ASSERT_ERROR(child(wh.stock_location_id, "a/b", ""), "location_name_invalid");
  KEEL_ASSERT_ERROR(child(wh.stock_location_id, "Shelf C", std::string(65, 'x').c_str()),
                    "location_barcode_invalid");
  KEEL_ASSERT_ERROR(child(partner(LocationUsage::customer).id, "X", ""), "location_parent_invalid");
}

TEST_P(StockMovesTest, receipt_reserve_partial_backorder_and_cancel) {
  const ProductId mug = product("MUG");
  KEEL_ASSERT_OK(receive(mug, "10", "4.00"));
  auto move = delivery(mug, "6");
  KEEL_ASSERT_OK(move);
  EXPECT_EQ(move->state, MoveState::confirmed);
  EXPECT_EQ(level(mug).outgoing, qty("6"));
  EXPECT_EQ(level(mug).forecast, qty("4"));
  auto reserved = run([&](db::Tx& tx, const Context& c) {
    return reserve(tx, c, move->id, ReserveMode::all_or_nothing);
  });
  KEEL_ASSERT_OK(reserved);
  EXPECT_EQ(reserved->state, MoveState::assigned);
  EXPECT_EQ(level(mug).reserved, qty("6"));
  EXPECT_EQ(level(mug).available, qty("4"));
  // Done 2 of 6: the rest becomes a backorder that keeps its 4 reserved.
  auto done = run([&](db::Tx& tx, const Context& c) {
    return complete_move(tx, c, move->id, qty("2"), {}, std::nullopt);
  });
  KEEL_ASSERT_OK(done);
  EXPECT_EQ(done->state, MoveState::done);
  EXPECT_EQ(done->done_quantity, qty("2"));
  EXPECT_EQ(done->value, "-8.00");
  EXPECT_TRUE(done->entry_id.has_value());
  auto page = run([&](db::Tx& tx, const Context& c) {
    stock::MoveQuery query;
    query.product_id = mug;
    query.state = MoveState::assigned;
    return stock::list_moves(tx, c.company_id, query);
  });
  KEEL_ASSERT_OK(page);
  ASSERT_EQ(page->items.size(), 1u);
  const auto& backorder = page->items[0];
  EXPECT_EQ(backorder.backorder_of, move->id);
  EXPECT_EQ(backorder.move.quantity, qty("4"));
  EXPECT_EQ(backorder.move.reserved, qty("4"));
  EXPECT_EQ(level(mug).on_hand, qty("8"));
  EXPECT_EQ(level(mug).reserved, qty("4"));
  // Cancelling the backorder releases its reservation.
  KEEL_ASSERT_OK(
      run([&](db::Tx& tx, const Context& c) { return cancel_move(tx, c, backorder.move.id); }));
  EXPECT_EQ(level(mug).reserved, qty("0"));
  KEEL_ASSERT_ERROR(
      run([&](db::Tx& tx, const Context& c) { return cancel_move(tx, c, backorder.move.id); }),
      "move_state_invalid");
  KEEL_ASSERT_ERROR(run([&](db::Tx& tx, const Context& c) {
                      return reserve(tx, c, done->id, ReserveMode::partial);
                    }),
                    "move_state_invalid");
}

TEST_P(StockMovesTest, all_or_nothing_reserves_nothing_and_partial_takes_what_is_there) {
  const ProductId mug = product("MUG");
  KEEL_ASSERT_OK(receive(mug, "3", "4.00"));
  auto move = delivery(mug, "5");
  KEEL_ASSERT_OK(move);
  KEEL_ASSERT_ERROR(run([&](db::Tx& tx, const Context& c) {
                      return reserve(tx, c, move->id, ReserveMode::all_or_nothing);
                    }),
                    "stock_insufficient");
  EXPECT_EQ(level(mug).reserved, qty("0"));
  auto partial = run(
      [&](db::Tx& tx, const Context& c) { return reserve(tx, c, move->id, ReserveMode::partial); });
  KEEL_ASSERT_OK(partial);
  EXPECT_EQ(partial->state, MoveState::partially_available);
  EXPECT_EQ(partial->reserved, qty("3"));
  auto released = run([&](db::Tx& tx, const Context& c) { return unreserve(tx, c, move->id); });
  KEEL_ASSERT_OK(released);
  EXPECT_EQ(released->state, MoveState::confirmed);
  EXPECT_EQ(level(mug).reserved, qty("0"));
  // Completing more than there is fails and changes nothing.
  KEEL_ASSERT_ERROR(run([&](db::Tx& tx, const Context& c) {
                      return complete_move(tx, c, move->id, std::nullopt, {}, std::nullopt);
                    }),
                    "stock_insufficient");
  EXPECT_EQ(level(mug).on_hand, qty("3"));
}

TEST_P(StockMovesTest, lots_are_reserved_earliest_expiry_first_and_never_expired) {
  const ProductId milk = product("MILK", "fifo", "lot");
  KEEL_ASSERT_OK(receive(milk, "5", "1.00", "2026-03-02",
                         {{qty("2"), std::nullopt, "LATE", day("2026-12-31")},
                          {qty("2"), std::nullopt, "EARLY", day("2026-04-30")},
                          {qty("1"), std::nullopt, "OLD", day("2026-03-03")}}));
  EXPECT_EQ(level(milk).on_hand, qty("5"));
  // Delivered on 2026-03-10: OLD has expired, so EARLY then LATE.
  auto move = delivery(milk, "3", "2026-03-10");
  KEEL_ASSERT_OK(move);
  auto reserved = run([&](db::Tx& tx, const Context& c) {
    return reserve(tx, c, move->id, ReserveMode::all_or_nothing);
  });
  KEEL_ASSERT_OK(reserved);
  ASSERT_EQ(reserved->lots.size(), 2u);
  std::map<std::string, std::string> by_name;
  for (const auto& lot : reserved->lots) by_name[lot.lot_name] = lot.quantity.to_string();
  EXPECT_EQ(by_name["EARLY"], "2");
  EXPECT_EQ(by_name["LATE"], "1");
  // 4 fresh units: asking for 5 is refused.
  auto more = delivery(milk, "2", "2026-03-10");
  KEEL_ASSERT_ERROR(run([&](db::Tx& tx, const Context& c) {
                      return reserve(tx, c, more->id, ReserveMode::all_or_nothing);
                    }),
                    "stock_insufficient");
  // Naming the expired lot for a delivery is refused.
  auto lots = run([&](db::Tx& tx, const Context& c) {
    return tx.query_one("SELECT id FROM inventory_lots WHERE name = 'OLD' AND company_id = $1",
                        {c.company_id.value()});
  });
  KEEL_ASSERT_OK(lots);
  const LotId old{(*lots)->integer(0)};
  KEEL_ASSERT_ERROR(run([&](db::Tx& tx, const Context& c) {
                      return complete_move(tx, c, more->id, qty("1"),
                                           {{qty("1"), old, "", std::nullopt}}, std::nullopt);
                    }),
                    "lot_expired");
  // Shipping the reserved lots works and takes them.
  auto done = run([&](db::Tx& tx, const Context& c) {
    return complete_move(tx, c, move->id, std::nullopt, {}, std::nullopt);
  });
  KEEL_ASSERT_OK(done);
  EXPECT_EQ(done->lots.size(), 2u);
  EXPECT_EQ(level(milk).on_hand, qty("2"));
}

TEST_P(StockMovesTest, lot_and_serial_errors) {
  const ProductId milk = product("MILK", "fifo", "lot");
  const ProductId phone = product("PHONE", "fifo", "serial");
  const ProductId mug = product("MUG");
  KEEL_ASSERT_ERROR(receive(milk, "2", "1.00"), "lot_required");
  KEEL_ASSERT_ERROR(
      receive(milk, "2", "1.00", "2026-03-02", {{qty("1"), std::nullopt, "L1", std::nullopt}}),
      "lot_quantity_mismatch");
  KEEL_ASSERT_ERROR(
      receive(phone, "2", "100.00", "2026-03-02", {{qty("2"), std::nullopt, "SN1", std::nullopt}}),
      "serial_quantity_invalid");
  KEEL_ASSERT_OK(
      receive(phone, "1", "100.00", "2026-03-02", {{qty("1"), std::nullopt, "SN1", std::nullopt}}));
  KEEL_ASSERT_ERROR(
      receive(phone, "1", "100.00", "2026-03-02", {{qty("1"), std::nullopt, "SN1", std::nullopt}}),
      "serial_in_stock");
  KEEL_ASSERT_ERROR(receive(phone, "2", "100.00", "2026-03-02",
                            {{qty("1"), std::nullopt, "SN2", std::nullopt},
                             {qty("1"), std::nullopt, "SN2", std::nullopt}}),
                    "serial_in_stock");
  KEEL_ASSERT_ERROR(
      receive(milk, "1", "1.00", "2026-03-02", {{qty("1"), LotId{999999}, "", std::nullopt}}),
      "lot_not_found");
  KEEL_ASSERT_ERROR(
      receive(mug, "1", "1.00", "2026-03-02", {{qty("1"), std::nullopt, "L", std::nullopt}}),
      "lot_not_tracked");
  EXPECT_EQ(level(phone).on_hand, qty("1"));
  EXPECT_EQ(level(milk).on_hand, qty("0"));
}

TEST_P(StockMovesTest, create_move_errors) {
  const ProductId mug = product("MUG");
  const ProductId service = product("SRV", "fifo", "none", "0", "service");
  const Warehouse wh = warehouse();
  const Location customers = partner(LocationUsage::customer);
  const auto create = [&](MoveDraft draft) {
    return run([&](db::Tx& tx, const Context& c) { return create_move(tx, c, draft); });
  };
  MoveDraft base;
  base.product_id = mug;
  base.quantity = qty("1");
  base.from_location_id = wh.stock_location_id;
  base.to_location_id = customers.id;
  base.date = day("2026-03-05");
  KEEL_ASSERT_OK(create(base));
  MoveDraft draft = base;
  draft.product_id = ProductId{999999};
  KEEL_ASSERT_ERROR(create(draft), "product_not_found");
  draft = base;
  draft.product_id = service;
  KEEL_ASSERT_ERROR(create(draft), "product_not_stockable");
  draft = base;
  draft.to_location_id = LocationId{999999};
  KEEL_ASSERT_ERROR(create(draft), "location_not_found");
  draft = base;
  draft.to_location_id = wh.stock_location_id;
  KEEL_ASSERT_ERROR(create(draft), "move_locations_same");
  draft = base;
  draft.quantity = qty("0.5");  // pieces have no decimals
  KEEL_ASSERT_ERROR(create(draft), "move_quantity_invalid");
  draft = base;
  draft.quantity = qty("-1");
  KEEL_ASSERT_ERROR(create(draft), "move_quantity_invalid");
  draft = base;
  draft.origin = std::string(201, 'o');
  KEEL_ASSERT_ERROR(create(draft), "move_origin_invalid");
  draft = base;
  draft.unit_cost = eur_price("-1");
  KEEL_ASSERT_ERROR(create(draft), "move_unit_cost_invalid");
  draft = base;
  draft.origin_move_id = MoveId{999999};
  KEEL_ASSERT_ERROR(create(draft), "origin_move_invalid");
  KEEL_ASSERT_ERROR(
      run([&](db::Tx& tx, const Context& c) { return get_move(tx, c.company_id, MoveId{999999}); }),
      "move_not_found");
  // Another company's product is not found.
  const ProductId foreign = product("FOREIGN", "fifo", "none", "0", "stockable", m_other_company);
  draft = base;
  draft.product_id = foreign;
  KEEL_ASSERT_ERROR(create(draft), "product_not_found");
  // Scrap and transfers refuse non-internal locations.
  KEEL_ASSERT_ERROR(run([&](db::Tx& tx, const Context& c) {
                      stock::ScrapDraft scrap;
                      scrap.product_id = mug;
                      scrap.quantity = qty("1");
                      scrap.location_id = customers.id;
                      return stock::scrap(tx, c, scrap);
                    }),
                    "location_not_internal");
  KEEL_ASSERT_ERROR(run([&](db::Tx& tx, const Context& c) {
                      stock::ReceiptDraft receipt;
                      receipt.product_id = mug;
                      receipt.quantity = qty("1");
                      receipt.warehouse_id = WarehouseId{999999};
                      return stock::receive(tx, c, receipt);
                    }),
                    "warehouse_not_found");
}

TEST_P(StockMovesTest, transfer_within_and_between_warehouses) {
  const ProductId mug = product("MUG");
  const Warehouse wh = warehouse();
  auto second = run(
      [](db::Tx& tx, const Context& c) { return stock::create_warehouse(tx, c, "WH2", "Second"); });
  KEEL_ASSERT_OK(second);
  auto shelf = run([&](db::Tx& tx, const Context& c) {
    return stock::create_location(tx, c, wh.stock_location_id, "Shelf A", "");
  });
  KEEL_ASSERT_OK(shelf);
  KEEL_ASSERT_OK(receive(mug, "10", "2.00"));
  const auto transfer = [&](LocationId from, LocationId to, const char* quantity) {
    return run([&](db::Tx& tx, const Context& c) {
      stock::TransferDraft draft;
      draft.product_id = mug;
      draft.quantity = qty(quantity);
      draft.from_location_id = from;
      draft.to_location_id = to;
      draft.date = day("2026-03-03");
      return stock::transfer(tx, c, draft);
    });
  };
  auto inside = transfer(wh.stock_location_id, shelf->id, "4");
  KEEL_ASSERT_OK(inside);
  ASSERT_EQ(inside->size(), 1u);
  EXPECT_EQ(inside->at(0).value, "0.00");  // not valued
  auto across = transfer(shelf->id, second->stock_location_id, "3");
  KEEL_ASSERT_OK(across);
  ASSERT_EQ(across->size(), 2u);
  EXPECT_EQ(across->at(0).to_location_id, partner(LocationUsage::transit).id);
  EXPECT_EQ(level(mug).on_hand, qty("10"));
  auto in_second = run(
      [&](db::Tx& tx, const Context& c) { return stock_level(tx, c.company_id, mug, second->id); });
  KEEL_ASSERT_OK(in_second);
  EXPECT_EQ(in_second->on_hand, qty("3"));
  // Reserving from WH/Stock finds stock on its child shelf.
  auto move = delivery(mug, "7");
  auto reserved = run([&](db::Tx& tx, const Context& c) {
    return reserve(tx, c, move->id, ReserveMode::all_or_nothing);
  });
  KEEL_ASSERT_OK(reserved);
  KEEL_ASSERT_ERROR(transfer(shelf->id, wh.stock_location_id, "1"), "stock_insufficient");
  EXPECT_EQ(value_of(mug), "20.00");
}

TEST_P(StockMovesTest, available_to_promise_counts_incoming_moves_by_date) {
  const ProductId mug = product("MUG");
  const Warehouse wh = warehouse();
  KEEL_ASSERT_OK(receive(mug, "2", "2.00"));
  const Location suppliers = partner(LocationUsage::supplier);
  KEEL_ASSERT_OK(run([&](db::Tx& tx, const Context& c) {
    MoveDraft draft;
    draft.product_id = mug;
    draft.quantity = qty("5");
    draft.from_location_id = suppliers.id;
    draft.to_location_id = wh.stock_location_id;
    draft.date = day("2026-03-20");
    return create_move(tx, c, draft);
  }));
  const auto promise = [&](const char* quantity) {
    return run([&](db::Tx& tx, const Context& c) {
      return available_to_promise(tx, c, mug, wh.id, qty(quantity), day("2026-03-05"));
    });
  };
  auto now = promise("2");
  KEEL_ASSERT_OK(now);
  EXPECT_EQ(now->earliest_date, day("2026-03-05"));
  auto later = promise("6");
  KEEL_ASSERT_OK(later);
  EXPECT_EQ(later->available_now, qty("2"));
  EXPECT_EQ(later->earliest_date, day("2026-03-20"));
  auto never = promise("8");
  KEEL_ASSERT_OK(never);
  EXPECT_FALSE(never->earliest_date.has_value());
  EXPECT_EQ(level(mug).incoming, qty("5"));
  EXPECT_EQ(level(mug).forecast, qty("7"));
}

KEEL_INSTANTIATE_ENGINES(StockMovesTest);

}  // namespace
}  // namespace keel::inventory::test
