// The raw baseline of the order-to-cash benchmark: the SQL writes that Keel makes for a
// New-Order and a Payment, made directly through keel_db on a copy of the benchmark's seeded
// database (Keel's own tables, indexes and triggers), without HTTP, JSON parsing,
// permissions, pricing, credit checks or any other business rule. bench/o2c.sh prints Keel's
// HTTP throughput as a ratio of it.
//
//   keel_o2c_raw --db URL --clients N --seconds S [--group-commit 1]
//
// New-Order, in one transaction, statement for statement as `POST /api/v1/sales/orders` with
// `confirm: true` writes them: the idempotency record, the order and its 5–15 lines, for each
// line a move, a conditional reservation of the quant (`… WHERE on_hand - reserved >= q`) and
// its reservation row, the order and delivery numbers, the delivery and its lines, the audit
// rows (of the sizes Keel writes) and the stored response. Payment: the payment, its posted
// entry of two lines with the journal sequence, period and daily balances, the audit rows and
// the stored response. Mix 50/50 per client. Prints one line: transactions/s per type, p50
// and p99 in milliseconds.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
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
using keel::db::Value;
using Clock = std::chrono::steady_clock;

struct Args {
  std::string url;
  int clients = 1;
  int seconds = 5;
  bool group_commit = false;  // --group-commit 1: what keel_db does for the server
};

struct Product {
  std::int64_t id = 0;
  std::int64_t price_e6 = 0;
};

// The seeded rows the writes refer to, read once.
struct World {
  std::int64_t company = 0;
  std::int64_t user = 0;
  std::int64_t warehouse = 0;
  std::int64_t stock_location = 0;
  std::int64_t customer_location = 0;
  std::vector<Product> products;
  std::vector<std::int64_t> customers;
  std::int64_t bank_journal = 0;
  std::int64_t bank_account = 0;
  std::int64_t receivable_account = 0;
  std::int64_t fiscal_year = 0;
  std::int64_t period = 0;
  std::string date;  // today, ISO
  std::string year;
};

std::string today() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[16];
  std::strftime(text, sizeof text, "%Y-%m-%d", &utc);
  return text;
}

std::string now_text() {
  const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  const std::time_t seconds = static_cast<std::time_t>(micros / 1'000'000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[40];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
  char out[80];
  std::snprintf(out, sizeof out, "%s.%06lldZ", text, static_cast<long long>(micros % 1'000'000));
  return out;
}

std::int64_t now_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string hex(std::mt19937_64& random, int digits) {
  static const char* const kDigits = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < digits; ++i) out.push_back(kDigits[random() % 16]);
  return out;
}

// A text of `size` bytes shaped like the JSON Keel stores (audit rows, stored responses).
std::string json_of_size(const std::string& head, std::size_t size) {
  std::string out = "{" + head;
  while (out.size() + 2 < size) {
    out += ",\"x\":\"" + std::string(std::min<std::size_t>(40, size - out.size()), 'a') + "\"";
  }
  out += "}";
  return out;
}

Result<World> load_world(Database& db) {
  return db.read([](Tx& tx) -> Result<World> {
    World world;
    world.date = today();
    world.year = world.date.substr(0, 4);
    const auto user =
        TRY(tx.query_one("SELECT id, company_id FROM auth_users ORDER BY id LIMIT 1"));
    if (!user) return Error::not_found("raw_world_missing", "no user: seed with bench/o2c.mjs");
    world.user = user->integer(0);
    world.company = user->integer(1);
    const Value company{world.company};
    const auto warehouse = TRY(
        tx.query_one("SELECT id, stock_location_id FROM inventory_warehouses WHERE company_id = $1 "
                     "ORDER BY id LIMIT 1",
                     {company}));
    const auto customers_location = TRY(tx.query_one(
        "SELECT id FROM inventory_locations WHERE company_id = $1 AND usage = 'customer' "
        "ORDER BY id LIMIT 1",
        {company}));
    const auto journal = TRY(tx.query_one(
        "SELECT id, default_account_id FROM accounting_journals WHERE company_id = $1 AND "
        "type = 'bank' ORDER BY id LIMIT 1",
        {company}));
    const auto receivable = TRY(tx.query_one(
        "SELECT id FROM accounting_accounts WHERE company_id = $1 AND role = 'receivable' "
        "ORDER BY id LIMIT 1",
        {company}));
    const auto period = TRY(
        tx.query_one("SELECT id, fiscal_year_id FROM accounting_periods WHERE company_id = $1 AND "
                     "start_date <= $2 AND end_date >= $2 ORDER BY id LIMIT 1",
                     {company, world.date}));
    if (!warehouse || !customers_location || !journal || !receivable || !period) {
      return Error::not_found("raw_world_missing", "seed the database with bench/o2c.mjs");
    }
    world.warehouse = warehouse->integer(0);
    world.stock_location = warehouse->integer(1);
    world.customer_location = customers_location->integer(0);
    world.bank_journal = journal->integer(0);
    world.bank_account = journal->integer(1);
    world.receivable_account = receivable->integer(0);
    world.period = period->integer(0);
    world.fiscal_year = period->integer(1);
    for (const auto& row :
         TRY(tx.query("SELECT id, list_price_e6 FROM inventory_products WHERE company_id = $1 AND "
                      "sku LIKE 'O2C-%' AND type = 'stockable' ORDER BY id",
                      {company}))) {
      world.products.push_back({row.integer(0), row.integer(1)});
    }
    for (const auto& row : TRY(tx.query(
             "SELECT id FROM partners_parties WHERE company_id = $1 AND name LIKE 'Customer %' "
             "ORDER BY id",
             {company}))) {
      world.customers.push_back(row.integer(0));
    }
    if (world.products.empty() || world.customers.empty()) {
      return Error::not_found("raw_world_missing", "seed the database with bench/o2c.mjs");
    }
    return world;
  });
}

Result<void> audit(Tx& tx, const World& world, const char* action, const char* entity,
                   std::int64_t id, std::size_t size) {
  TRY(tx.execute(
      "INSERT INTO audit_log (company_id, user_id, at, action, entity, entity_id, before_json, "
      "after_json, request_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
      {world.company, world.user, now_text(), std::string(action), std::string(entity),
       std::to_string(id), Value{keel::db::null},
       json_of_size("\"id\":" + std::to_string(id), size), std::string("raw")}));
  return keel::Ok{};
}

Result<std::int64_t> idempotency_begin(Tx& tx, const World& world, std::mt19937_64& random,
                                       std::string& key) {
  key = hex(random, 32);
  return tx.execute(
      "INSERT INTO http_idempotency (company_id, user_id, idempotency_key, request_hash, status, "
      "content_type, headers_json, body, body_base64, created_at_us) VALUES ($1, $2, $3, $4, 0, "
      "'', '[]', '', 0, $5) ON CONFLICT (company_id, user_id, idempotency_key) DO NOTHING",
      {world.company, world.user, key, hex(random, 64), now_us()});
}

Result<void> idempotency_end(Tx& tx, const World& world, const std::string& key,
                             std::size_t body_size) {
  TRY(tx.execute(
      "UPDATE http_idempotency SET status = $4, content_type = $5, headers_json = $6, body = $7, "
      "body_base64 = $8 WHERE company_id = $1 AND user_id = $2 AND idempotency_key = $3",
      {world.company, world.user, key, std::int64_t{201}, std::string("application/json"),
       std::string("[[\"location\",\"/api/v1/x\"]]"), json_of_size("\"status\":201", body_size),
       std::int64_t{0}}));
  return keel::Ok{};
}

// The next number of a sales document type this year, as sales numbers them.
Result<std::int64_t> next_number(Tx& tx, const World& world, const char* type) {
  TRY(tx.execute(
      "INSERT INTO sales_sequences (company_id, type, year, last_value) VALUES ($1, $2, $3, 0) "
      "ON CONFLICT DO NOTHING",
      {world.company, std::string(type), std::stoll(world.year)}));
  const auto row = TRY(tx.query_one(
      "UPDATE sales_sequences SET last_value = last_value + 1 WHERE company_id = $1 AND "
      "type = $2 AND year = $3 RETURNING last_value",
      {world.company, std::string(type), std::stoll(world.year)}));
  return row->integer(0);
}

std::string document_number(const char* prefix, const World& world, std::int64_t seq) {
  char text[48];
  std::snprintf(text, sizeof text, "%s/%s/%05lld", prefix, world.year.c_str(),
                static_cast<long long>(seq));
  return text;
}

Result<void> new_order(Database& db, const World& world, std::mt19937_64& random) {
  const std::int64_t partner = world.customers[random() % world.customers.size()];
  const int count = 5 + static_cast<int>(random() % 11);
  struct Line {
    Product product;
    std::int64_t quantity_e6 = 0;
    std::int64_t id = 0;
    std::int64_t move = 0;
  };
  std::vector<Line> lines;
  for (int i = 0; i < count; ++i) {
    lines.push_back({world.products[random() % world.products.size()],
                     1'000'000 * (1 + static_cast<std::int64_t>(random() % 10))});
  }
  // Stock rows are taken in product order, as the server takes them, so that PostgreSQL has
  // no deadlock to break.
  std::sort(lines.begin(), lines.end(),
            [](const Line& a, const Line& b) { return a.product.id < b.product.id; });
  return db.write([&](Tx& tx) -> Result<void> {
    std::string key;
    TRY(idempotency_begin(tx, world, random, key));
    const std::string now = now_text();
    const std::int64_t order =
        TRY(tx.query_one(
                "INSERT INTO sales_orders (company_id, partner_id, currency, state, quote_id, "
                "warehouse_id, date, invoice_policy, allow_backorder, untaxed, tax, total, "
                "created_by, "
                "created_at, updated_at) VALUES ($1, $2, $3, 'draft', $4, $5, $6, $7, $8, 0, 0, 0, "
                "$9, "
                "$10, $10) RETURNING id",
                {world.company, partner, std::string("EUR"), Value{keel::db::null}, world.warehouse,
                 world.date, std::string("delivered"), std::int64_t{1}, world.user, now}))
            ->integer(0);
    TRY(tx.execute("DELETE FROM sales_order_lines WHERE order_id = $1", {order}));
    std::int64_t total = 0;
    for (std::size_t i = 0; i < lines.size(); ++i) {
      Line& line = lines[i];
      const std::int64_t subtotal = line.product.price_e6 / 10'000 * (line.quantity_e6 / 1'000'000);
      total += subtotal;
      TRY(tx.execute(
          "INSERT INTO sales_order_lines (order_id, line_no, product_id, description, "
          "quantity_e6, unit_price_e6, discount_percent, tax_ids, subtotal) VALUES ($1, $2, $3, "
          "$4, $5, $6, $7, $8, $9)",
          {order, static_cast<std::int64_t>(i + 1), line.product.id,
           "Bench item " + std::to_string(line.product.id), line.quantity_e6, line.product.price_e6,
           std::string("0"), std::string(""), subtotal}));
    }
    TRY(tx.execute("UPDATE sales_orders SET untaxed = $1, tax = $2, total = $3 WHERE id = $4",
                   {total, std::int64_t{0}, total, order}));
    TRY(audit(tx, world, "create", "sales.order", order, 29));
    TRY(tx.execute(
        "UPDATE sales_orders SET version = version + 1, updated_at = $1 WHERE id = $2 AND "
        "company_id = $3 AND state = 'draft' AND version = $4",
        {now, order, world.company, std::int64_t{1}}));
    TRY(tx.execute(
        "INSERT INTO sales_credit_locks (company_id, partner_id, checks) VALUES ($1, $2, 1) "
        "ON CONFLICT (company_id, partner_id) DO UPDATE SET checks = sales_credit_locks.checks + 1",
        {world.company, partner}));
    const auto line_ids = TRY(
        tx.query("SELECT id FROM sales_order_lines WHERE order_id = $1 ORDER BY line_no", {order}));
    const std::string origin = "sales.order:" + std::to_string(order);
    for (std::size_t i = 0; i < lines.size(); ++i) {
      Line& line = lines[i];
      line.id = line_ids[i].integer(0);
      line.move =
          TRY(tx.query_one(
                  "INSERT INTO inventory_moves (company_id, product_id, quantity_e6, "
                  "from_location_id, "
                  "to_location_id, state, date, origin, partner_id, origin_move_id, unit_cost_e6, "
                  "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, 'confirmed', $6, $7, $8, "
                  "$9, $10, "
                  "$11, $11) RETURNING id",
                  {world.company, line.product.id, line.quantity_e6, world.stock_location,
                   world.customer_location, world.date, origin, partner, Value{keel::db::null},
                   Value{keel::db::null}, now}))
              ->integer(0);
      const auto reserved = TRY(tx.execute(
          "UPDATE inventory_quants SET reserved_e6 = reserved_e6 + $1 WHERE product_id = $2 AND "
          "location_id = $3 AND lot_id = $4 AND on_hand_e6 - reserved_e6 >= $1",
          {line.quantity_e6, line.product.id, world.stock_location, std::int64_t{0}}));
      if (reserved != 1) return Error::conflict("stock_insufficient", "stock");
      TRY(tx.execute(
          "INSERT INTO inventory_move_reservations (move_id, location_id, lot_id, quantity_e6) "
          "VALUES ($1, $2, $3, $4) ON CONFLICT (move_id, location_id, lot_id) DO UPDATE SET "
          "quantity_e6 = inventory_move_reservations.quantity_e6 + excluded.quantity_e6",
          {line.move, world.stock_location, std::int64_t{0}, line.quantity_e6}));
      TRY(
          tx.execute("UPDATE inventory_moves SET reserved_e6 = $1, state = $2, updated_at = $3, "
                     "version = version + 1 WHERE id = $4",
                     {line.quantity_e6, std::string("assigned"), now, line.move}));
      TRY(audit(tx, world, "create", "inventory.move", line.move, 115));
      TRY(tx.execute("UPDATE sales_order_lines SET move_id = $1 WHERE id = $2",
                     {line.move, line.id}));
    }
    const std::int64_t order_seq = TRY(next_number(tx, world, "SO"));
    TRY(
        tx.execute("UPDATE sales_orders SET state = 'confirmed', number = $1, year = $2, seq = $3, "
                   "credit_override = $4, invoice_status = $5 WHERE id = $6",
                   {document_number("SO", world, order_seq), std::stoll(world.year), order_seq,
                    std::int64_t{0}, std::string("nothing"), order}));
    const std::int64_t delivery_seq = TRY(next_number(tx, world, "DO"));
    const std::int64_t delivery =
        TRY(tx.query_one(
                "INSERT INTO sales_deliveries (company_id, order_id, partner_id, number, year, "
                "seq, "
                "state, backorder_of, date, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, "
                "$6, "
                "'ready', $7, $8, $9, $9) RETURNING id",
                {world.company, order, partner, document_number("DO", world, delivery_seq),
                 std::stoll(world.year), delivery_seq, Value{keel::db::null}, world.date, now}))
            ->integer(0);
    for (std::size_t i = 0; i < lines.size(); ++i) {
      TRY(tx.execute(
          "INSERT INTO sales_delivery_lines (delivery_id, line_no, order_line_id, product_id, "
          "move_id, quantity_e6) VALUES ($1, $2, $3, $4, $5, $6)",
          {delivery, static_cast<std::int64_t>(i + 1), lines[i].id, lines[i].product.id,
           lines[i].move, lines[i].quantity_e6}));
    }
    TRY(audit(tx, world, "create", "sales.delivery", delivery, 400));
    TRY(audit(tx, world, "confirm", "sales.order", order, 43));
    TRY(idempotency_end(tx, world, key, 2741));
    return keel::Ok{};
  });
}

// The upsert of one balance row, as the ledger adds a posted line to it.
Result<void> add_balances(Tx& tx, const World& world, std::int64_t account, std::int64_t partner,
                          std::int64_t debit, std::int64_t credit) {
  TRY(tx.execute(
      "INSERT INTO accounting_daily_balances (company_id, date, account_id, currency, debit, "
      "credit, amount_currency, lines_count) VALUES ($1, $2, $3, $4, $5, $6, $7, 1) ON CONFLICT "
      "(company_id, date, account_id, currency) DO UPDATE SET debit = "
      "accounting_daily_balances.debit + excluded.debit, credit = accounting_daily_balances.credit "
      "+ excluded.credit, amount_currency = accounting_daily_balances.amount_currency + "
      "excluded.amount_currency, lines_count = accounting_daily_balances.lines_count + "
      "excluded.lines_count",
      {world.company, world.date, account, std::string("EUR"), debit, credit, debit - credit}));
  TRY(tx.execute(
      "INSERT INTO accounting_balances (company_id, account_id, period_id, currency, partner_id, "
      "debit, credit, amount_currency, lines_count) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1) "
      "ON CONFLICT (account_id, period_id, currency, partner_id) DO UPDATE SET debit = "
      "accounting_balances.debit + excluded.debit, credit = accounting_balances.credit + "
      "excluded.credit, amount_currency = accounting_balances.amount_currency + "
      "excluded.amount_currency, lines_count = accounting_balances.lines_count + "
      "excluded.lines_count",
      {world.company, account, world.period, std::string("EUR"), partner, debit, credit,
       debit - credit}));
  TRY(tx.execute("UPDATE accounting_accounts SET used = 1 WHERE id = $1 AND used = 0", {account}));
  return keel::Ok{};
}

Result<void> payment(Database& db, const World& world, std::mt19937_64& random) {
  const std::int64_t partner = world.customers[random() % world.customers.size()];
  const std::int64_t amount = 100 * (1 + static_cast<std::int64_t>(random() % 500));
  return db.write([&](Tx& tx) -> Result<void> {
    std::string key;
    TRY(idempotency_begin(tx, world, random, key));
    const std::string now = now_text();
    const std::int64_t id =
        TRY(tx.query_one("INSERT INTO accounting_payments (company_id, direction, partner_type, "
                         "partner_id, date, "
                         "journal_id, currency, rate, amount, amount_company, unallocated, "
                         "unallocated_company, "
                         "reference, entry_id, created_by, created_at) VALUES ($1, $2, $3, $4, $5, "
                         "$6, $7, $8, $9, "
                         "$10, $9, $10, $11, 0, $12, $13) RETURNING id",
                         {world.company, std::string("inbound"), std::string("customer"), partner,
                          world.date, world.bank_journal, std::string("EUR"), std::string(""),
                          amount, amount, std::string(""), world.user, now}))
            ->integer(0);
    const std::int64_t entry =
        TRY(tx.query_one(
                "INSERT INTO accounting_entries (company_id, journal_id, state, kind, date, memo, "
                "reference, origin, created_by, created_at) VALUES ($1, $2, 'draft', $3, $4, $5, "
                "$6, $7, "
                "$8, $9) RETURNING id",
                {world.company, world.bank_journal, std::string("normal"), world.date,
                 std::string("Payment"), std::string(""),
                 "accounting.payment:" + std::to_string(id), world.user, now}))
            ->integer(0);
    const std::int64_t accounts[2] = {world.bank_account, world.receivable_account};
    for (int i = 0; i < 2; ++i) {
      TRY(tx.execute(
          "INSERT INTO accounting_entry_lines (entry_id, company_id, line_no, account_id, "
          "partner_id, label, debit, credit, currency, amount_currency, rate, analytic, date) "
          "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
          {entry, world.company, static_cast<std::int64_t>(i + 1), accounts[i], partner,
           std::string("Payment"), i == 0 ? amount : 0, i == 0 ? 0 : amount, std::string("EUR"),
           i == 0 ? amount : -amount, std::string(""), std::string(""), world.date}));
    }
    TRY(tx.execute(
        "INSERT INTO accounting_sequences (journal_id, fiscal_year_id, next_value) VALUES ($1, "
        "$2, 1) ON CONFLICT (journal_id, fiscal_year_id) DO NOTHING",
        {world.bank_journal, world.fiscal_year}));
    const auto sequence = TRY(tx.query_one(
        "UPDATE accounting_sequences SET next_value = next_value + 1 WHERE journal_id = $1 AND "
        "fiscal_year_id = $2 RETURNING next_value, last_hash",
        {world.bank_journal, world.fiscal_year}));
    const std::int64_t number = sequence->integer(0) - 1;
    const std::string hash = hex(random, 64);
    TRY(
        tx.execute("UPDATE accounting_sequences SET last_hash = $1 WHERE journal_id = $2 AND "
                   "fiscal_year_id = $3",
                   {hash, world.bank_journal, world.fiscal_year}));
    char entry_number[48];
    std::snprintf(entry_number, sizeof entry_number, "RAW/%s/%06lld", world.year.c_str(),
                  static_cast<long long>(number));
    TRY(tx.execute(
        "UPDATE accounting_entries SET state = 'posted', fiscal_year_id = $1, period_id = $2, "
        "sequence = $3, number = $4, previous_hash = $5, hash = $6, posted_by = $7, "
        "posted_at = $8, version = version + 1 WHERE id = $9 AND state = 'draft'",
        {world.fiscal_year, world.period, number, std::string(entry_number), sequence->text(1),
         hash, world.user, now, entry}));
    TRY(
        tx.execute("UPDATE accounting_entry_lines SET posted = 1, date = $1, period_id = $2 WHERE "
                   "entry_id = $3",
                   {world.date, world.period, entry}));
    TRY(add_balances(tx, world, world.bank_account, 0, amount, 0));
    TRY(add_balances(tx, world, world.receivable_account, partner, 0, amount));
    TRY(audit(tx, world, "post", "accounting.entry", entry, 122));
    TRY(tx.execute("UPDATE accounting_payments SET entry_id = $2 WHERE id = $1", {id, entry}));
    TRY(audit(tx, world, "create", "accounting.payment", id, 300));
    TRY(idempotency_end(tx, world, key, 450));
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
  // Without --group-commit: one transaction and one fsync per write, as a plain client does.
  auto opened = Database::open(
      args.url, {.pool_size = std::max(2, args.clients), .group_commit = args.group_commit});
  if (!opened) {
    std::fprintf(stderr, "open: %s\n", opened.error().message().c_str());
    return 1;
  }
  Database& db = **opened;
  const auto world = load_world(db);
  if (!world) {
    std::fprintf(stderr, "%s\n", world.error().message().c_str());
    return 1;
  }
  // Latencies are timing samples for the report, not business values.
  std::vector<std::vector<double>> order_ms(static_cast<std::size_t>(args.clients));
  std::vector<std::vector<double>> payment_ms(static_cast<std::size_t>(args.clients));
  std::atomic<int> failures{0};
  std::string first_failure;
  std::atomic_flag failure_kept = ATOMIC_FLAG_INIT;
  const auto deadline = Clock::now() + std::chrono::seconds(args.seconds);
  std::vector<std::thread> threads;
  for (int c = 0; c < args.clients; ++c) {
    threads.emplace_back([&, c] {
      std::mt19937_64 random(static_cast<std::uint64_t>(c) * 7919 + 17 +
                             static_cast<std::uint64_t>(now_us()));
      auto index = static_cast<std::size_t>(c);
      while (Clock::now() < deadline) {
        const bool order = random() % 2 == 0;
        const auto started = Clock::now();
        auto done = order ? new_order(db, *world, random) : payment(db, *world, random);
        const std::chrono::duration<double, std::milli> took = Clock::now() - started;
        if (!done) {
          if (!failure_kept.test_and_set()) first_failure = done.error().message();
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
  const std::string failure_note = first_failure.empty() ? "" : " (" + first_failure + ")";
  std::printf(
      "raw %s%s clients %d: new-order %.0f/s p50 %.2f ms p99 %.2f ms; payment %.0f/s "
      "p50 %.2f ms p99 %.2f ms; failures %d%s\n",
      std::string(keel::db::to_string(db.engine())).c_str(),
      args.group_commit ? " (group commit)" : "", args.clients,
      static_cast<double>(orders.size()) / seconds, percentile(orders, 0.5),
      percentile(orders, 0.99), static_cast<double>(payments.size()) / seconds,
      percentile(payments, 0.5), percentile(payments, 0.99), failures.load(), failure_note.c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const char* value = argv[i + 1];
    if (flag == "--db")
      args.url = value;
    else if (flag == "--clients")
      args.clients = std::atoi(value);
    else if (flag == "--seconds")
      args.seconds = std::atoi(value);
    else if (flag == "--group-commit")
      args.group_commit = std::string(value) == "1";
  }
  if (args.url.empty() || args.clients < 1 || args.seconds < 1) {
    std::fprintf(stderr, "usage: keel_o2c_raw --db URL --clients N --seconds S\n");
    return 2;
  }
  return run(args);
}
