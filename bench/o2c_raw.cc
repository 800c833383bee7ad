// The raw baseline of the order-to-cash benchmark: the same writes a New-Order and a Payment
// make, done directly through keel_db on SQLite or PostgreSQL, without HTTP, JSON, permissions,
// audit or business rules. bench/o2c.sh prints Keel's HTTP throughput as a ratio of this.
//
//   keel_o2c_raw --db URL --clients N --seconds S [--products P] [--customers C]
//
// New-Order: one order row, 5–15 lines, for each line a conditional reservation
// (`UPDATE … SET reserved = reserved + q WHERE on_hand - reserved >= q`) and a move row, in one
// transaction. Payment: a payment row and the customer's balance. Mix 50/50 per client.
// Prints one line: transactions/s per type, p50 and p99 in milliseconds.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "keel/db/db.h"

namespace {

using keel::Error;
using keel::Result;
using keel::db::Database;
using keel::db::Tx;
using Clock = std::chrono::steady_clock;

struct Args {
  std::string url;
  int clients = 1;
  int seconds = 5;
  int products = 1000;
  int customers = 1000;
  bool group_commit = false;  // --group-commit 1: what keel_db does for the server
};

const char* const kSchema = R"sql(
CREATE TABLE IF NOT EXISTS raw_stock (product_id BIGINT PRIMARY KEY, on_hand_e6 BIGINT NOT NULL,
  reserved_e6 BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS raw_customers (id BIGINT PRIMARY KEY, balance_minor BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS raw_orders (id BIGINT PRIMARY KEY, customer_id BIGINT NOT NULL,
  number TEXT NOT NULL, total_minor BIGINT NOT NULL, state TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS raw_order_lines (order_id BIGINT NOT NULL, line_no INTEGER NOT NULL,
  product_id BIGINT NOT NULL, quantity_e6 BIGINT NOT NULL, price_e6 BIGINT NOT NULL,
  PRIMARY KEY (order_id, line_no));
CREATE TABLE IF NOT EXISTS raw_moves (order_id BIGINT NOT NULL, line_no INTEGER NOT NULL,
  product_id BIGINT NOT NULL, quantity_e6 BIGINT NOT NULL, reserved_e6 BIGINT NOT NULL,
  state TEXT NOT NULL, PRIMARY KEY (order_id, line_no));
CREATE TABLE IF NOT EXISTS raw_payments (id BIGINT PRIMARY KEY, customer_id BIGINT NOT NULL,
  amount_minor BIGINT NOT NULL);
)sql";

Result<void> seed(Database& db, const Args& args) {
  return db.write([&](Tx& tx) -> Result<void> {
    TRY(tx.execute_script(kSchema));
    for (int p = 1; p <= args.products; ++p) {
      TRY(tx.execute("INSERT INTO raw_stock VALUES ($1, $2, 0)",
                     {std::int64_t{p}, std::int64_t{1'000'000'000'000'000}}));
    }
    for (int c = 1; c <= args.customers; ++c) {
      TRY(tx.execute("INSERT INTO raw_customers VALUES ($1, 0)", {std::int64_t{c}}));
    }
    return keel::Ok{};
  });
}

std::atomic<std::int64_t> g_next_id{1};

Result<void> new_order(Database& db, const Args& args, std::mt19937_64& random) {
  const std::int64_t id = g_next_id++;
  const std::int64_t customer = 1 + static_cast<std::int64_t>(random() % args.customers);
  const int lines = 5 + static_cast<int>(random() % 11);
  std::vector<std::int64_t> products;
  for (int i = 0; i < lines; ++i) {
    products.push_back(1 + static_cast<std::int64_t>(random() % args.products));
  }
  // Rows are locked in product order, as the server does, so PostgreSQL never deadlocks.
  std::sort(products.begin(), products.end());
  return db.write([&](Tx& tx) -> Result<void> {
    TRY(tx.execute("INSERT INTO raw_orders VALUES ($1, $2, $3, 0, 'confirmed')",
                   {id, customer, "SO/" + std::to_string(id)}));
    std::int64_t total = 0;
    for (int i = 0; i < lines; ++i) {
      const std::int64_t quantity = 1'000'000 * (1 + static_cast<std::int64_t>(i % 3));
      const auto changed = TRY(tx.execute(
          "UPDATE raw_stock SET reserved_e6 = reserved_e6 + $1 "
          "WHERE product_id = $2 AND on_hand_e6 - reserved_e6 >= $1",
          {quantity, products[static_cast<std::size_t>(i)]}));
      if (changed != 1) return Error::conflict("stock_insufficient", "stock");
      TRY(tx.execute("INSERT INTO raw_order_lines VALUES ($1, $2, $3, $4, 12500000)",
                     {id, std::int64_t{i}, products[static_cast<std::size_t>(i)], quantity}));
      TRY(tx.execute("INSERT INTO raw_moves VALUES ($1, $2, $3, $4, $4, 'assigned')",
                     {id, std::int64_t{i}, products[static_cast<std::size_t>(i)], quantity}));
      total += 1250 * (quantity / 1'000'000);
    }
    TRY(tx.execute("UPDATE raw_orders SET total_minor = $1 WHERE id = $2", {total, id}));
    return keel::Ok{};
  });
}

Result<void> payment(Database& db, const Args& args, std::mt19937_64& random) {
  const std::int64_t id = g_next_id++;
  const std::int64_t customer = 1 + static_cast<std::int64_t>(random() % args.customers);
  return db.write([&](Tx& tx) -> Result<void> {
    TRY(tx.execute("INSERT INTO raw_payments VALUES ($1, $2, 5000)", {id, customer}));
    TRY(tx.execute("UPDATE raw_customers SET balance_minor = balance_minor - 5000 WHERE id = $1",
                   {customer}));
    return keel::Ok{};
  });
}

double percentile(std::vector<double>& values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const auto index = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1));
  return values[index];
}

int run(const Args& args) {
  // One transaction and one fsync per write, as a plain SQLite or PostgreSQL client does.
  auto opened = Database::open(args.url, {.pool_size = std::max(2, args.clients),
                                          .group_commit = args.group_commit});
  if (!opened) {
    std::fprintf(stderr, "open: %s\n", opened.error().message().c_str());
    return 1;
  }
  Database& db = **opened;
  if (auto seeded = seed(db, args); !seeded) {
    std::fprintf(stderr, "seed: %s\n", seeded.error().message().c_str());
    return 1;
  }
  // Latencies are timing samples for the report, not business values.
  std::vector<std::vector<double>> order_ms(static_cast<std::size_t>(args.clients));
  std::vector<std::vector<double>> payment_ms(static_cast<std::size_t>(args.clients));
  std::atomic<int> failures{0};
  const auto deadline = Clock::now() + std::chrono::seconds(args.seconds);
  std::vector<std::thread> threads;
  for (int c = 0; c < args.clients; ++c) {
    threads.emplace_back([&, c] {
      std::mt19937_64 random(static_cast<std::uint64_t>(c) * 7919 + 17);
      auto index = static_cast<std::size_t>(c);
      while (Clock::now() < deadline) {
        const bool order = random() % 2 == 0;
        const auto started = Clock::now();
        auto done = order ? new_order(db, args, random) : payment(db, args, random);
        const std::chrono::duration<double, std::milli> took = Clock::now() - started;
        if (!done) {
          ++failures;
          continue;
        }
        (order ? order_ms : payment_ms)[index].push_back(took.count());
      }
    });
  }
  for (auto& thread : threads) thread.join();
  std::vector<double> orders, payments;
  for (auto& list : order_ms) orders.insert(orders.end(), list.begin(), list.end());
  for (auto& list : payment_ms) payments.insert(payments.end(), list.begin(), list.end());
  const double seconds = args.seconds;
  std::printf("raw %s%s clients %d: new-order %.0f/s p50 %.2f ms p99 %.2f ms; payment %.0f/s "
              "p50 %.2f ms p99 %.2f ms; failures %d\n",
              std::string(keel::db::to_string(db.engine())).c_str(),
              args.group_commit ? " (group commit)" : "", args.clients,
              static_cast<double>(orders.size()) / seconds, percentile(orders, 0.5),
              percentile(orders, 0.99), static_cast<double>(payments.size()) / seconds,
              percentile(payments, 0.5), percentile(payments, 0.99), failures.load());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const char* value = argv[i + 1];
    if (flag == "--db") args.url = value;
    else if (flag == "--clients") args.clients = std::atoi(value);
    else if (flag == "--seconds") args.seconds = std::atoi(value);
    else if (flag == "--products") args.products = std::atoi(value);
    else if (flag == "--customers") args.customers = std::atoi(value);
    else if (flag == "--group-commit") args.group_commit = std::string(value) == "1";
  }
  if (args.url.empty() || args.clients < 1 || args.seconds < 1) {
    std::fprintf(stderr, "usage: keel_o2c_raw --db URL --clients N --seconds S\n");
    return 2;
  }
  return run(args);
}
