// Accounting benchmark driver. Prints numbers; asserts nothing.
//
//   keel_accounting_bench reports --db URL --lines N [--check 1]
//     Builds a company's ledger of N journal lines: a sample of entries through the real
//     accounting::post, then the volume by bulk INSERT (prepared multi-row statements, one
//     transaction per 100k rows) with what post() would keep beside it: numbers continuing
//     the journal's sequence, the hash chain, the period and daily balance rows; and the
//     receivables behind the receivable lines (a customer invoice per sale with its
//     installment, a payment and allocation per receipt, paid 0-59 days after the invoice, one
//     in ten never), so `keel check` accepts the database and aging has open documents to age.
//     Times trial balance, balance sheet and aging (median of 5, milliseconds); with
//     --check 1 also runs accounting::check and prints its breaches.
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

#include <queue>

#include "keel/accounting/accounting_api.h"
#include "keel/accounting/receivables_api.h"
#include "keel/accounting/reports_api.h"
// The entry hash and number format, so bulk entries chain like posted ones.
#include "../src/modules/accounting/src/ledger_internal.h"
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

enum class EventKind { sale, receipt, purchase, payment, expense };

// One business event of a trading company: sale (on credit), receipt, purchase, payment or
// expense. A receipt's customer and amount are those of the invoice it pays (the caller's).
struct Event {
  EventKind kind;
  std::int64_t amount;
  std::int64_t partner;
};

Event draw_event(std::mt19937_64& random, const std::vector<partners::PartyId>& customers,
                 const std::vector<partners::PartyId>& vendors) {
  const std::int64_t amount = 1000 + static_cast<std::int64_t>(random() % 500'000);
  const std::int64_t customer = customers[random() % customers.size()].value();
  const std::int64_t vendor = vendors[random() % vendors.size()].value();
  switch (random() % 5) {
    case 0: return {EventKind::sale, amount, customer};
    case 1: return {EventKind::receipt, amount, customer};
    case 2: return {EventKind::purchase, amount, vendor};
    case 3: return {EventKind::payment, amount, vendor};
    default: return {EventKind::expense, amount, 0};
  }
}

std::vector<GenLine> lines_of(const Event& e, const Accounts& a) {
  const std::int64_t amount = e.amount;
  switch (e.kind) {
    case EventKind::sale:
      return {{a.receivable, e.partner, amount, 0}, {a.revenue, 0, 0, amount}};
    case EventKind::receipt:
      return {{a.bank, 0, amount, 0}, {a.receivable, e.partner, 0, amount}};
    case EventKind::purchase:
      return {{a.inventory, 0, amount, 0},
              {a.tax_input, 0, amount / 10, 0},
              {a.payable, e.partner, 0, amount + amount / 10}};
    case EventKind::payment:
      return {{a.payable, e.partner, amount, 0}, {a.bank, 0, 0, amount}};
    case EventKind::expense:
      return {{a.expense, 0, amount, 0}, {a.cash, 0, 0, amount}};
  }
  return {};
}

// The sample posted through accounting::post: any event but a receipt (which needs an invoice).
std::vector<GenLine> event(std::mt19937_64& random, const Accounts& a,
                           const std::vector<partners::PartyId>& customers,
                           const std::vector<partners::PartyId>& vendors) {
  Event e = draw_event(random, customers, vendors);
  if (e.kind == EventKind::receipt) e.kind = EventKind::sale;
  return lines_of(e, a);
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
    "fiscal_year_id, period_id, sequence, number, memo, origin, previous_hash, hash, "
    "created_by, created_at, posted_by, posted_at)";
constexpr int kEntryColumns = 18;
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

// A customer invoice of the bulk ledger: open until paid_on (if ever).
struct GenInvoice {
  std::int64_t id, partner, entry, amount;
  Date date;
  std::optional<Date> paid_on;
};
struct GenPayment {
  std::int64_t id, invoice, partner, entry, amount;
  Date date;
};
// Invoices waiting for their receipt, earliest payment date first.
struct Due {
  std::int64_t pay_day;  // days since epoch
  std::size_t invoice;   // index into Generator::invoices
  bool operator>(const Due& other) const { return pay_day > other.pay_day; }
};
struct Chain {
  std::int64_t next = 1;
  std::string last_hash;
  std::string year_name;
};

struct Generator {
  db::Database& database;
  const Context& context;
  Accounts accounts;
  std::vector<partners::PartyId> customers, vendors;
  std::vector<PeriodRow> periods;
  std::map<BalanceKey, BalanceSum> balances;
  std::map<std::pair<std::string, std::int64_t>, BalanceSum> daily;  // (date, account)
  std::map<std::int64_t, Chain> chains;                              // per fiscal year
  std::vector<GenInvoice> invoices;
  std::vector<GenPayment> payments;
  std::priority_queue<Due, std::vector<Due>, std::greater<>> due;
  std::int64_t next_entry_id = 0, next_line_id = 0, next_invoice_id = 0, next_payment_id = 0;
};

const PeriodRow& period_of(const std::vector<PeriodRow>& periods, Date date) {
  for (const auto& p : periods) {
    if (p.start <= date && date <= p.end) return p;
  }
  std::fprintf(stderr, "accounting_bench: no period for %s\n", date.to_string().c_str());
  std::exit(1);
}

// The event at `date`: a receipt pays the earliest invoice due for payment by then (an
// expense when none is due); a sale opens an invoice paid 0..59 days later, or never (1 in 10).
Event next_event(Generator& g, std::mt19937_64& random, Date date) {
  Event e = draw_event(random, g.customers, g.vendors);
  if (e.kind == EventKind::receipt) {
    if (g.due.empty() || g.due.top().pay_day > date.days_since_epoch()) {
      e.kind = EventKind::expense;
      e.partner = 0;
      return e;
    }
    const GenInvoice& invoice = g.invoices[g.due.top().invoice];
    e.partner = invoice.partner;
    e.amount = invoice.amount;
  }
  return e;
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
    const std::string date_text = date.to_string();
    const PeriodRow& period = period_of(g.periods, date);
    const Event e = next_event(g, random, date);
    const auto lines = lines_of(e, g.accounts);
    const std::int64_t entry = g.next_entry_id++;
    std::string origin;
    if (e.kind == EventKind::sale) {
      const std::int64_t id = g.next_invoice_id++;
      g.invoices.push_back({id, e.partner, entry, e.amount, date, std::nullopt});
      if (random() % 10 != 0) {
        g.due.push({date.days_since_epoch() + static_cast<std::int64_t>(random() % 60),
                    g.invoices.size() - 1});
      }
      origin = "accounting.invoice:" + std::to_string(id);
    } else if (e.kind == EventKind::receipt) {
      GenInvoice& invoice = g.invoices[g.due.top().invoice];
      g.due.pop();
      invoice.paid_on = date;
      const std::int64_t id = g.next_payment_id++;
      g.payments.push_back({id, invoice.id, invoice.partner, entry, invoice.amount, date});
      origin = "accounting.payment:" + std::to_string(id);
    }
    Chain& chain = g.chains[period.fiscal_year_id];
    const std::int64_t sequence = chain.next++;
    const std::string number = accounting::ledger::entry_number("GEN", chain.year_name, sequence);
    std::vector<accounting::ledger::HashLine> hash_lines;
    for (const auto& l : lines) {
      hash_lines.push_back({l.account.value(), l.partner, l.debit, l.credit, currency,
                            l.debit - l.credit});
    }
    const std::string hash = accounting::ledger::entry_hash("GEN", number, date_text, "normal",
                                                            hash_lines, chain.last_hash);
    const std::string when = date_text + "T12:00:00.000000Z";
    TRY(writer.entry({entry, g.context.company_id.value(), g.accounts.journal.value(),
                      std::string("posted"), std::string("normal"), date_text,
                      period.fiscal_year_id, period.id, sequence, number, std::string("bench"),
                      origin, chain.last_hash, hash, std::int64_t{0}, when, std::int64_t{0},
                      when}));
    chain.last_hash = hash;
    int line_no = 1;
    for (const auto& l : lines) {
      TRY(writer.line({g.next_line_id++, entry, g.context.company_id.value(),
                       std::int64_t{line_no++}, l.account.value(), l.partner, l.debit, l.credit,
                       currency, l.debit - l.credit, date_text, period.id, std::int64_t{1}}));
      BalanceSum& sum = g.balances[{l.account.value(), period.id, l.partner}];
      sum.debit += l.debit;
      sum.credit += l.credit;
      sum.count += 1;
      BalanceSum& day = g.daily[{date_text, l.account.value()}];
      day.debit += l.debit;
      day.credit += l.credit;
      day.count += 1;
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
  for (const auto& [key, sum] : g.daily) {
    TRY(tx.execute(
        "INSERT INTO accounting_daily_balances (company_id, date, account_id, currency, debit, "
        "credit, amount_currency, lines_count) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
        "ON CONFLICT (company_id, date, account_id, currency) DO UPDATE SET "
        "debit = accounting_daily_balances.debit + excluded.debit, "
        "credit = accounting_daily_balances.credit + excluded.credit, "
        "amount_currency = accounting_daily_balances.amount_currency + excluded.amount_currency, "
        "lines_count = accounting_daily_balances.lines_count + excluded.lines_count",
        {g.context.company_id.value(), key.first, key.second, currency, sum.debit, sum.credit,
         sum.debit - sum.credit, sum.count}));
  }
  for (const auto& [year, chain] : g.chains) {
    TRY(tx.execute(
        "INSERT INTO accounting_sequences (journal_id, fiscal_year_id, next_value, last_hash) "
        "VALUES ($1, $2, $3, $4) ON CONFLICT (journal_id, fiscal_year_id) DO UPDATE SET "
        "next_value = excluded.next_value, last_hash = excluded.last_hash",
        {g.accounts.journal.value(), year, chain.next, chain.last_hash}));
  }
  TRY(tx.execute("UPDATE accounting_accounts SET used = 1 WHERE company_id = $1",
                 {g.context.company_id.value()}));
  if (tx.engine() == db::Engine::postgres) {
    for (const char* table : {"accounting_entries", "accounting_entry_lines", "accounting_invoices",
                              "accounting_payments", "accounting_allocations"}) {
      TRY(tx.query(std::string("SELECT setval(pg_get_serial_sequence('") + table +
                   "', 'id'), (SELECT GREATEST(COALESCE(max(id), 0), 1) FROM " + table + "))"));
    }
  }
  return Ok{};
}

// The receivables behind the bulk ledger: invoices (paid, or posted when still open at the
// end), one installment each, payments fully allocated. Written after the entries, in
// chunks, parents before children.
Result<void> write_receivables(Generator& g) {
  const std::int64_t company = g.context.company_id.value();
  const std::string currency(g.context.company_currency.code());
  const int rows = g.database.engine() == db::Engine::postgres ? 100 : 4;
  std::map<int, std::int64_t> numbers;  // per year: the last invoice number
  const auto batches = [&](std::size_t count, std::string_view head, int columns,
                           auto&& values_of) -> Result<void> {
    constexpr std::size_t kPerTx = 50'000;
    for (std::size_t start = 0; start < count; start += kPerTx) {
      TRY(g.database.write([&](db::Tx& tx) -> Result<void> {
        std::vector<db::Value> values;
        const std::size_t end = std::min(count, start + kPerTx);
        for (std::size_t i = start; i < end; ++i) {
          for (auto& v : values_of(i)) values.push_back(std::move(v));
          if (values.size() == static_cast<std::size_t>(columns * rows) || i + 1 == end) {
            TRY(tx.execute(multi_insert(head, columns,
                                        static_cast<int>(values.size()) / columns),
                           values));
            values.clear();
          }
        }
        return Ok{};
      }));
    }
    return Ok{};
  };
  TRY(batches(
      g.invoices.size(),
      "INSERT INTO accounting_invoices (id, company_id, type, state, partner_id, date, due_date, "
      "currency, number, untaxed, total, total_company, residual, residual_company, entry_id, "
      "created_by, created_at, posted_at)",
      18, [&](std::size_t i) -> std::vector<db::Value> {
        const GenInvoice& inv = g.invoices[i];
        const std::int64_t number = ++numbers[inv.date.year()];
        const std::int64_t residual = inv.paid_on ? 0 : inv.amount;
        const std::string when = inv.date.to_string() + "T12:00:00.000000Z";
        return {inv.id, company, std::string("out_invoice"),
                std::string(inv.paid_on ? "paid" : "posted"), inv.partner, inv.date.to_string(),
                inv.date.add_days(30).value().to_string(), currency,
                accounting::ledger::entry_number("INV", std::to_string(inv.date.year()), number),
                inv.amount, inv.amount, inv.amount, residual, residual, inv.entry,
                std::int64_t{0}, when, when};
      }));
  TRY(batches(g.invoices.size(),
              "INSERT INTO accounting_invoice_installments (invoice_id, seq, due_date, amount)", 4,
              [&](std::size_t i) -> std::vector<db::Value> {
                const GenInvoice& inv = g.invoices[i];
                return {inv.id, std::int64_t{1}, inv.date.add_days(30).value().to_string(),
                        inv.amount};
              }));
  TRY(batches(
      g.payments.size(),
      "INSERT INTO accounting_payments (id, company_id, direction, partner_type, partner_id, "
      "date, journal_id, currency, amount, amount_company, unallocated, unallocated_company, "
      "entry_id, created_by, created_at)",
      15, [&](std::size_t i) -> std::vector<db::Value> {
        const GenPayment& p = g.payments[i];
        return {p.id, company, std::string("inbound"), std::string("customer"), p.partner,
                p.date.to_string(), g.accounts.journal.value(), currency, p.amount, p.amount,
                std::int64_t{0}, std::int64_t{0}, p.entry, std::int64_t{0},
                p.date.to_string() + "T12:00:00.000000Z"};
      }));
  TRY(batches(g.payments.size(),
              "INSERT INTO accounting_allocations (id, company_id, payment_id, invoice_id, date, "
              "amount, cleared_company, created_at)",
              8, [&](std::size_t i) -> std::vector<db::Value> {
                const GenPayment& p = g.payments[i];
                return {p.id, company, p.id, p.invoice, p.date.to_string(), p.amount, p.amount,
                        p.date.to_string() + "T12:00:00.000000Z"};
              }));
  return g.database.write([&](db::Tx& tx) -> Result<void> {
    for (const auto& [year, last] : numbers) {
      TRY(tx.execute(
          "INSERT INTO accounting_invoice_sequences (company_id, type, year, next_value) "
          "VALUES ($1, 'out_invoice', $2, $3)",
          {company, std::int64_t{year}, last + 1}));
    }
    return Ok{};
  });
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
  must(g.database.read([&](db::Tx& tx) -> Result<void> {
    const auto e = TRY(tx.query_one("SELECT COALESCE(max(id), 0) FROM accounting_entries"));
    const auto l = TRY(tx.query_one("SELECT COALESCE(max(id), 0) FROM accounting_entry_lines"));
    g.next_entry_id = e->integer(0) + 1;
    g.next_line_id = l->integer(0) + 1;
    g.next_invoice_id = 1;
    g.next_payment_id = 1;
    // The bulk entries continue the sample's numbers and hash chain in each year.
    const auto years = TRY(tx.query(
        "SELECT y.id, y.name, COALESCE(s.next_value, 1), COALESCE(s.last_hash, '') "
        "FROM accounting_fiscal_years y LEFT JOIN accounting_sequences s "
        "ON s.fiscal_year_id = y.id AND s.journal_id = $1 WHERE y.company_id = $2",
        {g.accounts.journal.value(), g.context.company_id.value()}));
    for (const auto& row : years) {
      g.chains[row.integer(0)] = Chain{row.integer(2), row.text(3), row.text(1)};
    }
    return Ok{};
  }),
       "max ids");
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
  must(write_receivables(g), "receivables");
  std::size_t open = 0;
  for (const auto& invoice : g.invoices) open += invoice.paid_on ? 0 : 1;
  std::printf("  generated %lld lines (+ sample of 500 posted entries), %zu invoices (%zu open), "
              "%zu payments in %.1f s\n",
              static_cast<long long>(done), g.invoices.size(), open, g.payments.size(),
              ms_since(start) / 1000);
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

void time_reports(db::Database& database, const Context& context, Date year_end) {
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
    return TRY(accounting::aging(tx, context, accounting::LedgerSide::receivable, year_end))
        .rows.size();
  });
  run("aging of receivables at Jun 15", [&](db::Tx& tx) -> Result<std::size_t> {
    return TRY(accounting::aging(tx, context, accounting::LedgerSide::receivable, mid)).rows.size();
  });
}

int reports_command(const std::string& url, std::int64_t lines, bool check) {
  auto database = must(db::Database::open(url), "open");
  const ManualClock clock(from_unix_us(1'781'481'600'000'000));  // 2026-06-15
  const Setup setup = set_up(*database, clock, Date::from_ymd(2026, 6, 15).value());
  Generator g{.database = *database,
              .context = setup.context,
              .accounts = find_accounts(*database, setup.context.company_id)};
  g.customers = make_parties(*database, clock, setup.context.company_id, 1000, "Customer");
  g.vendors = make_parties(*database, clock, setup.context.company_id, 200, "Vendor");
  g.periods = load_periods(*database, setup.context.company_id);
  std::printf("-- %s, %lld journal lines\n", std::string(db::to_string(database->engine())).c_str(),
              static_cast<long long>(lines));
  generate(g, lines);
  time_reports(*database, setup.context, Date::from_ymd(2026, 12, 31).value());
  if (check) {
    const auto start = std::chrono::steady_clock::now();
    const auto breaches =
        must(database->read([](db::Tx& tx) { return accounting::check(tx); }), "check");
    std::printf("  keel check: %zu breaches in %.1f s\n", breaches.size(), ms_since(start) / 1000);
    for (std::size_t i = 0; i < breaches.size() && i < 10; ++i) {
      std::printf("    %s\n", breaches[i].c_str());
    }
  }
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
    const bool check = options.contains("--check") && options["--check"] == "1";
    return keel::bench::reports_command(options["--db"], std::stoll(lines), check);
  }
  if (command == "serve" && options.contains("--db")) {
    const std::string port = options.contains("--port") ? options["--port"] : "0";
    return keel::bench::serve_command(options["--db"], static_cast<std::uint16_t>(std::stoi(port)));
  }
  std::fprintf(stderr,
               "usage: keel_accounting_bench reports --db URL [--lines N] [--check 1]\n"
               "       keel_accounting_bench serve --db URL [--port P]\n");
  return 2;
}
