// Accounting benchmark driver. Prints numbers; asserts nothing.
//
//   keel_accounting_bench reports --db URL --lines N
//     Builds a company's ledger of N journal lines: a sample of entries through the real
//     accounting::post (so balances, numbers and hashes are the ledger's own), then the volume
//     by bulk INSERT (prepared multi-row statements, one transaction per 100k rows) with the
//     matching accounting_balances rows, and times trial balance, balance sheet and a
//     receivables aging (median of 5, milliseconds). Bulk entries carry no number sequence or
//     hash chain: they exist to be read.
//
//   keel_accounting_bench serve --db URL --port P
//     Sets up a company (chart, an admin user bench@keel.example / bench-password-1) and
//     serves the auth and accounting routes, for wrk (bench/accounting.sh) to post entries.
//     Prints one line "KEEL_BENCH journal=J debit=A credit=B date=D" when ready.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "keel/accounting/accounting_api.h"
#include "keel/accounting/reports_api.h"
#include "keel/audit/audit_api.h"
#include "keel/auth/auth_api.h"
#include "keel/db/migrations.h"
#include "keel/http/idempotency.h"
#include "keel/http/server.h"
#include "keel/partners/partners_api.h"

namespace keel::bench {
namespace {

using accounting::AccountId;
using accounting::Context;
namespace rp = accounting::reports;

[[noreturn]] void die(const std::string& what, const Error& error) {
  std::fprintf(stderr, "accounting_bench: %s: %s: %s\n", what.c_str(), error.code().c_str(),
               error.message().c_str());
  std::exit(1);
}

template <typename T>
T must(Result<T> result, const std::string& what) {
  if (!result.ok()) die(what, result.error());
  return result.release_value();
}
void must(Result<void> result, const std::string& what) {
  if (!result.ok()) die(what, result.error());
}

std::vector<http::PermissionSpec> catalog() {
  std::vector<http::PermissionSpec> all;
  for (auto&& list : {audit::permissions(), auth::permissions(), partners::permissions(),
                      accounting::permissions()}) {
    all.insert(all.end(), list.begin(), list.end());
  }
  return all;
}

struct Setup {
  Context context;
  Date today;
};

// A migrated database with one EUR company, its chart and fiscal years `today`'s and the one
// before.
Setup set_up(db::Database& database, const Clock& clock, Date today) {
  must(db::migrate(database, {&http::migrations(), &audit::migrations(), &auth::migrations(),
                              &partners::migrations(), &accounting::migrations()}),
       "migrate");
  const auto context = must(database.write([&](db::Tx& tx) -> Result<Context> {
    const CompanyId id = TRY(auth::create_company(
        tx, clock, auth::NewCompany{"Bench", "EUR", "", "gregorian", "en"}, catalog()));
    Context created = TRY(Context::system(tx, id, clock));
    TRY(accounting::install_default_chart(tx, created, today));
    TRY(accounting::create_fiscal_year(tx, created, today.year() - 1));
    return created;
  }),
                            "company");
  return {context, today};
}

double ms_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

// ---- ledger generation ----

struct Accounts {
  AccountId cash, bank, receivable, payable, inventory, revenue, expense, tax_input;
  accounting::JournalId journal;
};

Accounts find_accounts(db::Database& database, CompanyId company) {
  return must(database.read([&](db::Tx& tx) -> Result<Accounts> {
    namespace role = accounting::role;
    const auto id = [&](std::string_view r) -> Result<AccountId> {
      return TRY(accounting::find_account_by_role(tx, company, r)).id;
    };
    Accounts a;
    a.cash = TRY(id(role::kCash));
    a.bank = TRY(id(role::kBank));
    a.receivable = TRY(id(role::kReceivable));
    a.payable = TRY(id(role::kPayable));
    a.inventory = TRY(id(role::kInventory));
    a.revenue = TRY(id(role::kRevenue));
    a.expense = TRY(id(role::kExpense));
    a.tax_input = TRY(id(role::kTaxInput));
    a.journal = TRY(accounting::find_journal(tx, company, accounting::JournalType::general)).id;
    return a;
  }),
              "accounts");
}

std::vector<partners::PartyId> make_parties(db::Database& database, const Clock& clock,
                                            CompanyId company, int count, const char* prefix) {
  return must(database.write([&](db::Tx& tx) -> Result<std::vector<partners::PartyId>> {
    std::vector<partners::PartyId> ids;
    for (int i = 0; i < count; ++i) {
      partners::PartyDraft draft;
      draft.kind = "organization";
      draft.name = std::string(prefix) + " " + std::to_string(i);
      ids.push_back(TRY(partners::create_party(tx, clock, partners::Caller::system(company), draft))
                        .party.id);
    }
    return ids;
  }),
              "parties");
}

struct PeriodRow {
  std::int64_t id, fiscal_year_id;
  Date start, end;
};

std::vector<PeriodRow> load_periods(db::Database& database, CompanyId company) {
  return must(database.read([&](db::Tx& tx) -> Result<std::vector<PeriodRow>> {
    const auto rows =
        TRY(tx.query("SELECT id, fiscal_year_id, start_date, end_date FROM accounting_periods "
                     "WHERE company_id = $1 ORDER BY start_date",
                     {company.value()}));
    std::vector<PeriodRow> out;
    for (const auto& row : rows) {
      out.push_back({row.integer(0), row.integer(1), TRY(Date::parse(row.text(2))),
                     TRY(Date::parse(row.text(3)))});
    }
    return out;
  }),
              "periods");
}

struct GenLine {
  AccountId account;
  std::int64_t partner = 0;
  std::int64_t debit = 0, credit = 0;
};

// One business event of a trading company: sale, receipt, purchase, payment or expense.
std::vector<GenLine> event(std::mt19937_64& random, const Accounts& a,
                           const std::vector<partners::PartyId>& customers,
                           const std::vector<partners::PartyId>& vendors) {
  const std::int64_t amount = 1000 + static_cast<std::int64_t>(random() % 500'000);
  const std::int64_t customer = customers[random() % customers.size()].value();
  const std::int64_t vendor = vendors[random() % vendors.size()].value();
  switch (random() % 5) {
    case 0:
      return {{a.receivable, customer, amount, 0}, {a.revenue, 0, 0, amount}};
    case 1:
      return {{a.bank, 0, amount * 9 / 10, 0}, {a.receivable, customer, 0, amount * 9 / 10}};
    case 2:
      return {{a.inventory, 0, amount, 0},
              {a.tax_input, 0, amount / 10, 0},
              {a.payable, vendor, 0, amount + amount / 10}};
    case 3:
      return {{a.payable, vendor, amount, 0}, {a.bank, 0, 0, amount}};
    default:
      return {{a.expense, 0, amount, 0}, {a.cash, 0, 0, amount}};
  }
}

// Builds "INSERT ... VALUES ($1,...),(...)" for `rows` rows of `columns` columns.
std::string multi_insert(std::string_view head, int columns, int rows) {
  std::string sql(head);
  sql += " VALUES ";
  int n = 1;
  for (int r = 0; r < rows; ++r) {
    sql += r ? ",(" : "(";
    for (int c = 0; c < columns; ++c) {
      sql += (c ? ",$" : "$") + std::to_string(n++);
    }
    sql += ')';
  }
  return sql;
}

constexpr std::string_view kEntryInsert =
    "INSERT INTO accounting_entries (id, company_id, journal_id, state, kind, date, "
    "fiscal_year_id, period_id, number, memo, created_by, created_at, posted_by, posted_at)";
constexpr int kEntryColumns = 14;
constexpr std::string_view kLineInsert =
    "INSERT INTO accounting_entry_lines (id, entry_id, company_id, line_no, account_id, "
    "partner_id, debit, credit, currency, amount_currency, date, period_id, posted)";
constexpr int kLineColumns = 13;
// Rows per INSERT: PostgreSQL gains from few round trips; SQLite binds `$k` by name, a linear
// search per parameter, so its statements stay short.
int rows_per_statement(db::Engine engine) { return engine == db::Engine::postgres ? 200 : 8; }

struct BalanceKey {
  std::int64_t account, period, partner;
  auto operator<=>(const BalanceKey&) const = default;
};
struct BalanceSum {
  std::int64_t debit = 0, credit = 0, count = 0;
};

class BulkWriter {
 public:
  explicit BulkWriter(db::Tx& tx) : m_tx(tx), m_rows(rows_per_statement(tx.engine())) {}

  Result<void> entry(std::vector<db::Value> values) {
    for (auto& v : values) m_entries.push_back(std::move(v));
    if (m_entries.size() == static_cast<std::size_t>(kEntryColumns * m_rows)) TRY(flush_entries());
    return Ok{};
  }
  Result<void> line(std::vector<db::Value> values) {
    for (auto& v : values) m_lines.push_back(std::move(v));
    // Lines reference their entries: write the pending entries first.
    if (m_lines.size() == static_cast<std::size_t>(kLineColumns * m_rows)) TRY(flush());
    return Ok{};
  }
  Result<void> flush() {
    TRY(flush_entries());
    return flush_lines();
  }

 private:
  Result<void> flush_entries() { return flush(m_entries, kEntryInsert, kEntryColumns); }
  Result<void> flush_lines() { return flush(m_lines, kLineInsert, kLineColumns); }
  Result<void> flush(std::vector<db::Value>& values, std::string_view head, int columns) {
    if (values.empty()) return Ok{};
    const int rows = static_cast<int>(values.size()) / columns;
    TRY(m_tx.execute(multi_insert(head, columns, rows), values));
    values.clear();
    return Ok{};
  }
  db::Tx& m_tx;
  int m_rows;
  std::vector<db::Value> m_entries;
  std::vector<db::Value> m_lines;
};

struct Generator {
  db::Database& database;
  const Context& context;
  Accounts accounts;
  std::vector<partners::PartyId> customers, vendors;
  std::vector<PeriodRow> periods;
  std::map<BalanceKey, BalanceSum> balances;
  std::int64_t next_entry_id = 0, next_line_id = 0;
};

const PeriodRow& period_of(const std::vector<PeriodRow>& periods, Date date) {
  for (const auto& p : periods) {
    if (p.start <= date && date <= p.end) return p;
  }
  std::fprintf(stderr, "accounting_bench: no period for %s\n", date.to_string().c_str());
  std::exit(1);
}

// Writes entries until `lines_target` lines exist in this chunk; dates walk through the
// two fiscal years so every period gets its share.
Result<std::int64_t> write_chunk(db::Tx& tx, Generator& g, std::mt19937_64& random,
                                 std::int64_t lines_target, std::int64_t lines_total,
                                 std::int64_t lines_done) {
  BulkWriter writer(tx);
  const Date first = g.periods.front().start;
  const std::int64_t days = g.periods.back().end.days_since_epoch() - first.days_since_epoch() + 1;
  const std::string currency(g.context.company_currency.code());
  std::int64_t written = 0;
  while (written < lines_target) {
    const std::int64_t at = (lines_done + written) * days / std::max<std::int64_t>(lines_total, 1);
    const Date date = TRY(first.add_days(std::min(at, days - 1)));
    const PeriodRow& period = period_of(g.periods, date);
    const auto lines = event(random, g.accounts, g.customers, g.vendors);
    const std::int64_t entry = g.next_entry_id++;
    const std::string when = date.to_string() + "T12:00:00.000000Z";
    TRY(writer.entry({entry, g.context.company_id.value(), g.accounts.journal.value(),
                      std::string("posted"), std::string("normal"), date.to_string(),
                      period.fiscal_year_id, period.id, "BULK/" + std::to_string(entry),
                      std::string("bench"), std::int64_t{0}, when, std::int64_t{0}, when}));
    int line_no = 1;
    for (const auto& l : lines) {
      TRY(writer.line({g.next_line_id++, entry, g.context.company_id.value(),
                       std::int64_t{line_no++}, l.account.value(), l.partner, l.debit, l.credit,
                       currency, l.debit - l.credit, date.to_string(), period.id,
                       std::int64_t{1}}));
      BalanceSum& sum = g.balances[{l.account.value(), period.id, l.partner}];
      sum.debit += l.debit;
      sum.credit += l.credit;
      sum.count += 1;
    }
    written += static_cast<std::int64_t>(lines.size());
  }
  TRY(writer.flush());
  return written;
}

Result<void> write_balances(db::Tx& tx, const Generator& g) {
  const std::string currency(g.context.company_currency.code());
  for (const auto& [key, sum] : g.balances) {
    TRY(tx.execute(
        "INSERT INTO accounting_balances (company_id, account_id, period_id, currency, "
        "partner_id, debit, credit, amount_currency, lines_count) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) "
        "ON CONFLICT (account_id, period_id, currency, partner_id) DO UPDATE SET "
        "debit = accounting_balances.debit + excluded.debit, "
        "credit = accounting_balances.credit + excluded.credit, "
        "amount_currency = accounting_balances.amount_currency + excluded.amount_currency, "
        "lines_count = accounting_balances.lines_count + excluded.lines_count",
        {g.context.company_id.value(), key.account, key.period, currency, key.partner, sum.debit,
         sum.credit, sum.debit - sum.credit, sum.count}));
  }
  TRY(tx.execute("UPDATE accounting_accounts SET used = 1 WHERE company_id = $1",
                 {g.context.company_id.value()}));
  if (tx.engine() == db::Engine::postgres) {
    for (const char* table : {"accounting_entries", "accounting_entry_lines"}) {
      TRY(tx.query(std::string("SELECT setval(pg_get_serial_sequence('") + table +
                   "', 'id'), (SELECT max(id) FROM " + table + "))"));
    }
  }
  return Ok{};
}

// A sample through the real posting code, so the bulk data sits beside genuine entries.
void post_sample(Generator& g, int entries, std::mt19937_64& random) {
  for (int i = 0; i < entries; ++i) {
    const auto lines = event(random, g.accounts, g.customers, g.vendors);
    accounting::EntryDraft draft{
        .journal_id = g.accounts.journal,
        .date = g.periods[static_cast<std::size_t>(i) % g.periods.size()].start,
        .memo = "sample"};
    const Currency c = g.context.company_currency;
    for (const auto& l : lines) {
      draft.lines.push_back(accounting::LineDraft{
          .account_id = l.account,
          .partner_id = l.partner ? std::optional(partners::PartyId{l.partner}) : std::nullopt,
          .debit = Money::from_minor_units(l.debit, c).value(),
          .credit = Money::from_minor_units(l.credit, c).value()});
    }
    must(g.database.write([&](db::Tx& tx) { return accounting::post(tx, g.context, draft); }),
         "post sample");
  }
}

void generate(Generator& g, std::int64_t lines_total) {
  std::mt19937_64 random(42);
  const auto start = std::chrono::steady_clock::now();
  post_sample(g, 500, random);
  const auto ids =
      must(g.database.read([&](db::Tx& tx) -> Result<std::pair<std::int64_t, std::int64_t>> {
        const auto e = TRY(tx.query_one("SELECT COALESCE(max(id), 0) FROM accounting_entries"));
        const auto l = TRY(tx.query_one("SELECT COALESCE(max(id), 0) FROM accounting_entry_lines"));
        return std::pair<std::int64_t, std::int64_t>{e->integer(0), l->integer(0)};
      }),
           "max ids");
  g.next_entry_id = ids.first + 1;
  g.next_line_id = ids.second + 1;
  constexpr std::int64_t kChunk = 100'000;
  std::int64_t done = 0;
  while (done < lines_total) {
    const std::int64_t target = std::min(kChunk, lines_total - done);
    done += must(g.database.write([&](db::Tx& tx) {
      return write_chunk(tx, g, random, target, lines_total, done);
    }),
                 "bulk chunk");
  }
  must(g.database.write([&](db::Tx& tx) { return write_balances(tx, g); }), "balances");
  std::printf("  generated %lld lines (+ sample of 500 posted entries) in %.1f s\n",
              static_cast<long long>(done), ms_since(start) / 1000);
}

// ---- timings ----

template <typename F>
double median_ms(F&& run) {
  std::vector<double> times;
  for (int i = 0; i < 5; ++i) {
    const auto start = std::chrono::steady_clock::now();
    run();
    times.push_back(ms_since(start));
  }
  std::sort(times.begin(), times.end());
  return times[2];
}

// Open receivables per customer by age bucket at `date`, from balances: each customer's
// open balance is matched to its most recent periods' debits (first in, first out), and a
// period's share is aged by the days from its end to `date` (month granularity).
Result<std::vector<std::array<rp::Amount, 5>>> aging(db::Tx& tx, CompanyId company,
                                                     AccountId receivable, Date date) {
  const auto rows = TRY(
      tx.query("SELECT b.partner_id, p.end_date, b.debit, b.credit FROM accounting_balances b "
               "JOIN accounting_periods p ON p.id = b.period_id WHERE b.company_id = $1 "
               "AND b.account_id = $2 AND p.end_date <= $3 ORDER BY b.partner_id, p.end_date DESC",
               {company.value(), receivable.value(), date.to_string()}));
  std::map<std::int64_t, std::vector<std::tuple<Date, rp::Amount, rp::Amount>>> by_partner;
  for (const auto& row : rows) {
    by_partner[row.integer(0)].emplace_back(TRY(Date::parse(row.text(1))), row.integer(2),
                                            row.integer(3));
  }
  std::vector<std::array<rp::Amount, 5>> out;
  for (const auto& [partner, periods] : by_partner) {
    rp::Amount open = 0;
    for (const auto& [end, debit, credit] : periods) open += debit - credit;
    std::array<rp::Amount, 5> buckets{};
    for (const auto& [end, debit, credit] : periods) {
      if (open <= 0) break;
      const rp::Amount share = std::min(open, debit);
      const std::int64_t age = date.days_since_epoch() - end.days_since_epoch();
      buckets[age <= 0 ? 0 : age <= 30 ? 1 : age <= 60 ? 2 : age <= 90 ? 3 : 4] += share;
      open -= share;
    }
    out.push_back(buckets);
  }
  return out;
}

void time_reports(db::Database& database, const Context& context, const Accounts& accounts,
                  Date year_end) {
  const Date year_start = Date::from_ymd(year_end.year(), 1, 1).value();
  const Date mid = Date::from_ymd(year_end.year(), 6, 15).value();
  const auto run = [&](const char* name, auto&& fn) {
    std::size_t size = 0;
    const double ms =
        median_ms([&] { size = must(database.read([&](db::Tx& tx) { return fn(tx); }), name); });
    std::printf("  %-44s %9.2f ms  (%zu rows)\n", name, ms, size);
  };
  run("trial balance, year (whole periods)", [&](db::Tx& tx) -> Result<std::size_t> {
    return TRY(rp::trial_balance(tx, context, {{year_start, year_end}})).rows.size();
  });
  run("trial balance, year vs previous year", [&](db::Tx& tx) -> Result<std::size_t> {
    return TRY(rp::trial_balance(tx, context, {{year_start, year_end}, rp::Compare::previous_year}))
        .rows.size();
  });
  run("trial balance, Jan 1 .. Jun 15 (cut period)", [&](db::Tx& tx) -> Result<std::size_t> {
    return TRY(rp::trial_balance(tx, context, {{year_start, mid}})).rows.size();
  });
  run("balance sheet at year end", [&](db::Tx& tx) -> Result<std::size_t> {
    const auto bs = TRY(rp::balance_sheet(tx, context, {year_end}));
    if (!bs.balanced) std::printf("  (balance sheet does not balance!)\n");
    return bs.assets.lines.size() + bs.liabilities.lines.size() + bs.equity.lines.size();
  });
  run("balance sheet at Jun 15 (cut period)", [&](db::Tx& tx) -> Result<std::size_t> {
    return TRY(rp::balance_sheet(tx, context, {mid})).assets.lines.size();
  });
  run("aging of receivables at year end", [&](db::Tx& tx) -> Result<std::size_t> {
    return TRY(aging(tx, context.company_id, accounts.receivable, year_end)).size();
  });
}

int reports_command(const std::string& url, std::int64_t lines) {
  auto database = must(db::Database::open(url), "open");
  const ManualClock clock(from_unix_us(1'781'481'600'000'000));  // 2026-06-15
  const Setup setup = set_up(*database, clock, Date::from_ymd(2026, 6, 15).value());
  Generator g{*database,
              setup.context,
              find_accounts(*database, setup.context.company_id),
              {},
              {},
              {},
              {},
              0,
              0};
  g.customers = make_parties(*database, clock, setup.context.company_id, 1000, "Customer");
  g.vendors = make_parties(*database, clock, setup.context.company_id, 200, "Vendor");
  g.periods = load_periods(*database, setup.context.company_id);
  std::printf("-- %s, %lld journal lines\n", std::string(db::to_string(database->engine())).c_str(),
              static_cast<long long>(lines));
  generate(g, lines);
  time_reports(*database, setup.context, g.accounts, Date::from_ymd(2026, 12, 31).value());
  return 0;
}

// ---- serve ----

int serve_command(const std::string& url, std::uint16_t port) {
  spdlog::set_level(spdlog::level::warn);
  auto database = must(db::Database::open(url, db::Options{.pool_size = 16}), "open");
  const SystemClock clock;
  const auto now = std::chrono::floor<std::chrono::days>(clock.now());
  const Date today = Date::from_days_since_epoch(now.time_since_epoch().count()).value();
  const Setup setup = set_up(*database, clock, today);
  const std::string hash = auth::hash_password("bench-password-1");
  must(database->write([&](db::Tx& tx) -> Result<UserId> {
    auth::NewUser user{
        setup.context.company_id, "bench@keel.example", "Bench", "", hash, {"admin"}, ""};
    return auth::create_user(tx, clock, user);
  }),
       "user");
  const Accounts accounts = find_accounts(*database, setup.context.company_id);
  http::Router router;
  auth::register_routes(router, catalog(), clock);
  accounting::register_routes(router);
  auto authenticator = auth::make_authenticator(clock);
  http::Server server(router, *database, *authenticator, clock,
                      http::ServerOptions{.port = port, .worker_threads = 8});
  const std::uint16_t bound = must(server.start(), "listen");
  std::printf("KEEL_BENCH port=%u journal=%lld debit=%lld credit=%lld date=%s\n", bound,
              static_cast<long long>(accounts.journal.value()),
              static_cast<long long>(accounts.expense.value()),
              static_cast<long long>(accounts.cash.value()), today.to_string().c_str());
  std::fflush(stdout);
  must(server.run(), "serve");
  return 0;
}

}  // namespace
}  // namespace keel::bench

int main(int argc, char** argv) {
  std::map<std::string, std::string> options;
  for (int i = 2; i + 1 < argc; i += 2) options[argv[i]] = argv[i + 1];
  const std::string command = argc > 1 ? argv[1] : "";
  if (command == "reports" && options.contains("--db")) {
    const std::string lines = options.contains("--lines") ? options["--lines"] : "1000000";
    return keel::bench::reports_command(options["--db"], std::stoll(lines));
  }
  if (command == "serve" && options.contains("--db")) {
    const std::string port = options.contains("--port") ? options["--port"] : "0";
    return keel::bench::serve_command(options["--db"], static_cast<std::uint16_t>(std::stoi(port)));
  }
  std::fprintf(stderr,
               "usage: keel_accounting_bench reports --db URL [--lines N]\n"
               "       keel_accounting_bench serve --db URL [--port P]\n");
  return 2;
}
