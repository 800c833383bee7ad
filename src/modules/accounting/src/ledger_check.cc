// `keel check`: proves the ledger's invariants on any database, reading every entry and line
// once in pages (never all rows at once) and summing in 128 bits.
#include <algorithm>
#include <map>
#include <tuple>

#include "ledger_internal.h"

namespace keel::accounting {
namespace {

constexpr std::int64_t kPageRows = 2000;

using BalanceKey = std::tuple<std::int64_t, std::int64_t, std::string, std::int64_t>;
// company, date, account, currency
using DailyKey = std::tuple<std::int64_t, std::string, std::int64_t, std::string>;
struct Sums {
  __int128 debit = 0;
  __int128 credit = 0;
  __int128 amount_currency = 0;
};

struct EntryRow {
  std::int64_t id = 0;
  std::int64_t company_id = 0;
  std::string journal_code;
  std::string state;
  std::string kind;
  std::string date;
  std::optional<std::int64_t> fiscal_year_id;
  std::optional<std::int64_t> period_id;
  std::optional<std::int64_t> sequence;
  std::string number;
  std::string year_name;
  std::string previous_hash;
  std::string hash;
  std::int64_t journal_id = 0;
};

// What the scan accumulates across pages.
struct Scan {
  std::vector<std::string> breaches;
  std::map<BalanceKey, Sums> line_sums;  // posted lines per balance key
  std::map<DailyKey, Sums> daily_sums;   // posted lines per daily balance key
  // Per journal and fiscal year: the entries' sequences, numbers and hashes in id order.
  std::map<std::pair<std::int64_t, std::int64_t>, std::vector<EntryRow>> chains;
};

std::string name_of(const EntryRow& entry) {
  return "entry " + std::to_string(entry.id) +
         (entry.number.empty() ? std::string() : " (" + entry.number + ")");
}

// Checks one entry's lines: each line's copies, the entry's balance per currency, its hash.
void check_entry(Scan& scan, const EntryRow& entry, const std::vector<db::Row>& lines) {
  const bool posted = entry.state == "posted";
  __int128 balance = 0;
  std::map<std::string, __int128> per_currency;
  std::vector<ledger::HashLine> hash_lines;
  for (const auto& line : lines) {
    const std::int64_t debit = line.integer(3);
    const std::int64_t credit = line.integer(4);
    const std::string& currency = line.text(5);
    const std::int64_t amount = line.integer(6);
    balance += __int128{debit} - credit;
    per_currency[currency] += amount;
    hash_lines.push_back({line.integer(1), line.integer(2), debit, credit, currency, amount});
    if ((line.integer(9) != 0) != posted || (posted && (line.text(7) != entry.date ||
                                                        line.optional_integer(8) != entry.period_id))) {
      scan.breaches.push_back(name_of(entry) + ": line " + std::to_string(line.integer(0)) +
                              " disagrees with its entry (posted, date or period)");
    }
    if (posted && entry.period_id) {
      Sums& sums = scan.line_sums[{line.integer(1), *entry.period_id, currency, line.integer(2)}];
      sums.debit += debit;
      sums.credit += credit;
      sums.amount_currency += amount;
    }
    if (posted) {
      Sums& day = scan.daily_sums[{entry.company_id, line.text(7), line.integer(1), currency}];
      day.debit += debit;
      day.credit += credit;
      day.amount_currency += amount;
    }
  }
  if (!posted) return;
  if (balance != 0 || lines.size() < 2) scan.breaches.push_back(name_of(entry) + ": unbalanced");
  for (const auto& [currency, total] : per_currency) {
    // Company-currency lines carry debit − credit, so every currency must sum to zero.
    if (total != 0) {
      scan.breaches.push_back(name_of(entry) + ": " + currency + " amounts do not sum to zero");
    }
  }
  const std::string expected = ledger::entry_hash(entry.journal_code, entry.number, entry.date,
                                                  entry.kind, hash_lines, entry.previous_hash);
  if (expected != entry.hash) scan.breaches.push_back(name_of(entry) + ": hash mismatch");
  if (!entry.fiscal_year_id || !entry.sequence) {
    scan.breaches.push_back(name_of(entry) + ": posted without number");
    return;
  }
  scan.chains[{entry.journal_id, *entry.fiscal_year_id}].push_back(entry);
}

EntryRow entry_row(const db::Row& row) {
  return EntryRow{row.integer(0),        row.integer(1),          row.text(2),
                  row.text(3),           row.text(4),             row.text(5),
                  row.optional_integer(6), row.optional_integer(7), row.optional_integer(8),
                  row.optional_text(9).value_or(""), row.optional_text(10).value_or(""),
                  row.text(11),          row.text(12),            row.integer(13)};
}

Result<void> scan_entries(db::Tx& tx, Scan& scan) {
  std::int64_t after = 0;
  while (true) {
    const auto entries = TRY(tx.query(
        "SELECT e.id, e.company_id, j.code, e.state, e.kind, e.date, e.fiscal_year_id, "
        "e.period_id, e.sequence, e.number, y.name, e.previous_hash, e.hash, e.journal_id "
        "FROM accounting_entries e JOIN accounting_journals j ON j.id = e.journal_id "
        "LEFT JOIN accounting_fiscal_years y ON y.id = e.fiscal_year_id "
        "WHERE e.id > $1 ORDER BY e.id LIMIT $2",
        {after, kPageRows}));
    if (entries.empty()) return Ok{};
    const std::int64_t first = entries.front().integer(0);
    const std::int64_t last = entries.back().integer(0);
    const auto lines = TRY(tx.query(
        "SELECT id, account_id, partner_id, debit, credit, currency, amount_currency, date, "
        "period_id, posted, entry_id FROM accounting_entry_lines "
        "WHERE entry_id >= $1 AND entry_id <= $2 ORDER BY entry_id, line_no",
        {first, last}));
    std::size_t at = 0;
    for (const auto& row : entries) {
      const EntryRow entry = entry_row(row);
      std::vector<db::Row> own;
      while (at < lines.size() && lines[at].integer(10) < entry.id) ++at;
      while (at < lines.size() && lines[at].integer(10) == entry.id) own.push_back(lines[at++]);
      check_entry(scan, entry, own);
    }
    after = last;
  }
}

// Numbers run 1..n per journal and year, each formatted from its sequence, each hash chained
// to the previous one, and the sequence row continues where the entries end.
Result<void> check_chains(db::Tx& tx, Scan& scan) {
  for (auto& [key, entries] : scan.chains) {
    std::sort(entries.begin(), entries.end(),
              [](const EntryRow& a, const EntryRow& b) { return *a.sequence < *b.sequence; });
    std::string previous;
    for (std::size_t i = 0; i < entries.size(); ++i) {
      const EntryRow& entry = entries[i];
      const auto expected = static_cast<std::int64_t>(i + 1);
      if (*entry.sequence != expected) {
        scan.breaches.push_back(name_of(entry) + ": sequence " + std::to_string(*entry.sequence) +
                                " where " + std::to_string(expected) + " was due (gap)");
      }
      if (entry.number != ledger::entry_number(entry.journal_code, entry.year_name,
                                               *entry.sequence)) {
        scan.breaches.push_back(name_of(entry) + ": number does not match its sequence");
      }
      if (entry.previous_hash != previous) {
        scan.breaches.push_back(name_of(entry) + ": previous hash breaks the chain");
      }
      previous = entry.hash;
    }
    const auto row = TRY(tx.query_one(
        "SELECT next_value, last_hash FROM accounting_sequences WHERE journal_id = $1 AND "
        "fiscal_year_id = $2",
        {key.first, key.second}));
    if (!row || row->integer(0) != static_cast<std::int64_t>(entries.size()) + 1 ||
        row->text(1) != previous) {
      scan.breaches.push_back("sequence of journal " + std::to_string(key.first) +
                              ", fiscal year " + std::to_string(key.second) +
                              ": does not continue its last entry");
    }
  }
  return Ok{};
}

// Balance rows equal their lines; trial balance per company is zero; receivable and payable
// control accounts equal the sum of their partners (no line without partner).
Result<void> check_balances(db::Tx& tx, Scan& scan) {
  const auto rows = TRY(tx.query(
      "SELECT b.company_id, b.account_id, b.period_id, b.currency, b.partner_id, b.debit, "
      "b.credit, b.amount_currency, COALESCE(a.role, '') FROM accounting_balances b "
      // LEFT: a balance row of a missing account must still be compared with its lines.
      "LEFT JOIN accounting_accounts a ON a.id = b.account_id"));
  std::map<std::int64_t, __int128> trial;
  std::map<std::int64_t, std::pair<__int128, __int128>> control;  // account: total, partners
  for (const auto& row : rows) {
    const BalanceKey key{row.integer(1), row.integer(2), row.text(3), row.integer(4)};
    const std::string name = "balance of account " + std::to_string(row.integer(1)) +
                             ", period " + std::to_string(row.integer(2)) + ", " + row.text(3) +
                             ", partner " + std::to_string(row.integer(4));
    const auto found = scan.line_sums.find(key);
    const Sums lines = found == scan.line_sums.end() ? Sums{} : found->second;
    if (found != scan.line_sums.end()) scan.line_sums.erase(found);
    if (lines.debit != row.integer(5) || lines.credit != row.integer(6) ||
        lines.amount_currency != row.integer(7)) {
      scan.breaches.push_back(name + ": differs from the sum of its lines");
    }
    const __int128 net = __int128{row.integer(5)} - row.integer(6);
    trial[row.integer(0)] += net;
    if (row.text(8) == role::kReceivable || row.text(8) == role::kPayable) {
      auto& [total, partners] = control[row.integer(1)];
      total += net;
      if (row.integer(4) != 0) partners += net;
    }
  }
  for (const auto& [key, sums] : scan.line_sums) {
    scan.breaches.push_back("account " + std::to_string(std::get<0>(key)) + ", period " +
                            std::to_string(std::get<1>(key)) +
                            ": posted lines without a balance row");
  }
  for (const auto& [company, total] : trial) {
    if (total != 0) {
      scan.breaches.push_back("company " + std::to_string(company) +
                              ": trial balance does not sum to zero");
    }
  }
  for (const auto& [account, sums] : control) {
    if (sums.first != sums.second) {
      scan.breaches.push_back("account " + std::to_string(account) +
                              ": partner balances differ from the control account");
    }
  }
  return Ok{};
}

// Each daily balance row equals the sum of its posted lines of that day, and every day with
// posted lines has its row.
Result<void> check_daily_balances(db::Tx& tx, Scan& scan) {
  const auto rows = TRY(tx.query(
      "SELECT company_id, date, account_id, currency, debit, credit, amount_currency "
      "FROM accounting_daily_balances ORDER BY company_id, date, account_id, currency"));
  for (const auto& row : rows) {
    const DailyKey key{row.integer(0), row.text(1), row.integer(2), row.text(3)};
    const auto found = scan.daily_sums.find(key);
    const Sums lines = found == scan.daily_sums.end() ? Sums{} : found->second;
    if (found != scan.daily_sums.end()) scan.daily_sums.erase(found);
    if (lines.debit != row.integer(4) || lines.credit != row.integer(5) ||
        lines.amount_currency != row.integer(6)) {
      scan.breaches.push_back("daily balance of account " + std::to_string(row.integer(2)) +
                              ", " + row.text(1) + ", " + row.text(3) +
                              ": differs from the sum of its lines");
    }
  }
  for (const auto& [key, sums] : scan.daily_sums) {
    scan.breaches.push_back("account " + std::to_string(std::get<2>(key)) + ", " +
                            std::get<1>(key) + ", " + std::get<3>(key) +
                            ": posted lines without a daily balance row");
  }
  return Ok{};
}

}  // namespace

Result<std::vector<std::string>> check(db::Tx& tx) {
  Scan scan;
  TRY(scan_entries(tx, scan));
  TRY(check_chains(tx, scan));
  TRY(check_balances(tx, scan));
  TRY(check_daily_balances(tx, scan));
  return std::move(scan.breaches);
}

}  // namespace keel::accounting
