// Concurrent reservations of the last units, each in its own transaction on its own thread:
// together they reserve exactly what is on hand, never more (PostgreSQL READ COMMITTED with
// conditional updates; SQLite with its one writer).
#include <atomic>
#include <thread>

#include "stock_locations.h"
#include "stock_test_support.h"

namespace keel::inventory::test {
namespace {

class StockConcurrencyTest : public StockTest {};

TEST_P(StockConcurrencyTest, concurrent_reservations_never_oversell) {
  constexpr int kThreads = 12;
  const ProductId mug = product("MUG");
  // 7 units on two shelves of one warehouse; each thread wants 2.
  const Warehouse wh = warehouse();
  KEEL_ASSERT_OK(receive(mug, "4", "1.00"));
  auto shelf = run([&](db::Tx& tx, const Context& c) {
    return stock::create_location(tx, c, wh.stock_location_id, "Shelf A", "");
  });
  KEEL_ASSERT_OK(shelf);
  KEEL_ASSERT_OK(receive(mug, "3", "1.00", "2026-03-02", {}, shelf->id));
  std::vector<MoveId> moves;
  for (int i = 0; i < kThreads; ++i) {
    auto move = delivery(mug, "2");
    KEEL_ASSERT_OK(move);
    moves.push_back(move->id);
  }
  for (const ReserveMode mode : {ReserveMode::all_or_nothing, ReserveMode::partial}) {
    std::atomic<int> succeeded{0};
    std::atomic<int> refused{0};
    std::atomic<int> failed{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < kThreads; ++i) {
      threads.emplace_back([&, i] {
        auto result =
            run([&](db::Tx& tx, const Context& c) { return reserve(tx, c, moves[i], mode); });
        if (result.ok()) {
          ++succeeded;
        } else if (result.error().code() == "stock_insufficient") {
          ++refused;
        } else {
          ++failed;
          ADD_FAILURE() << result.error().code() << ": " << result.error().message();
        }
      });
    }
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(failed.load(), 0);
    const StockLevel after = level(mug);
    if (mode == ReserveMode::all_or_nothing) {
      // Three moves of 2 fit in 7; the fourth would need 8.
      EXPECT_EQ(succeeded.load(), 3);
      EXPECT_EQ(refused.load(), kThreads - 3);
      EXPECT_EQ(after.reserved, qty("6"));
    } else {
      // The last unit goes to one partial reservation.
      EXPECT_EQ(after.reserved, qty("7"));
      EXPECT_EQ(after.available, qty("0"));
    }
    auto total = database().read([&](db::Tx& tx) {
      return tx.query_one("SELECT SUM(reserved_e6) FROM inventory_moves WHERE product_id = $1",
                          {mug.value()});
    });
    KEEL_ASSERT_OK(total);
    EXPECT_EQ((*total)->integer(0), after.reserved.value_e6());
    EXPECT_TRUE(breaches().empty());
    for (const MoveId id : moves) {
      KEEL_ASSERT_OK(run([&](db::Tx& tx, const Context& c) { return unreserve(tx, c, id); }));
    }
  }
}

// The first receipts of a company create its stock_interim account (receipts are booked
// against it). Several arriving at once must all succeed and create it once: the losers of
// the race wait for the winner's insert and then use its account.
TEST_P(StockConcurrencyTest, concurrent_first_receipts_create_the_interim_account_once) {
  constexpr int kThreads = 8;
  std::vector<ProductId> products;
  for (int i = 0; i < kThreads; ++i) products.push_back(product(("FIRST-" + std::to_string(i)).c_str()));
  std::atomic<int> failed{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      auto result = receive(products[static_cast<std::size_t>(i)], "1", "2.00");
      if (!result.ok()) {
        ++failed;
        ADD_FAILURE() << result.error().code() << ": " << result.error().message();
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failed.load(), 0);
  auto accounts = database().read([&](db::Tx& tx) {
    return tx.query_one("SELECT COUNT(*) FROM accounting_accounts WHERE role = 'stock_interim'");
  });
  KEEL_ASSERT_OK(accounts);
  EXPECT_EQ((*accounts)->integer(0), 1);
  EXPECT_TRUE(breaches().empty());
}

KEEL_INSTANTIATE_ENGINES(StockConcurrencyTest);

}  // namespace
}  // namespace keel::inventory::test
