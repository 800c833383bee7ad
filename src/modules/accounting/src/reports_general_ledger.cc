// The general ledger of one account: its lines a page at a time, with a running balance that
// each page recomputes from balances (never trusted from the client).
#include <algorithm>
#include <charconv>

#include "reports_ledger.h"

namespace keel::accounting::reports {
namespace {

struct Cursor {
  Date date;
  std::int64_t line_id = 0;
};

Error cursor_invalid() {
  return Error::validation("report_cursor_invalid", "cursor must be a next_cursor of this report",
                           "cursor");
}

// "YYYY-MM-DD:<line id>", inside the range.
Result<std::optional<Cursor>> parse_cursor(std::string_view text, const DateRange& range) {
  if (text.empty()) return std::optional<Cursor>();
  const auto colon = text.find(':');
  if (colon == std::string_view::npos) return cursor_invalid();
  auto date = Date::parse(text.substr(0, colon));
  const std::string_view id_text = text.substr(colon + 1);
  std::int64_t id = 0;
  const auto [end, error] = std::from_chars(id_text.data(), id_text.data() + id_text.size(), id);
  if (!date.ok() || error != std::errc() || end != id_text.data() + id_text.size() || id <= 0 ||
      *date < range.from || *date > range.to) {
    return cursor_invalid();
  }
  return std::optional<Cursor>(Cursor{*date, id});
}

// The running balance just after the cursor's line: opening plus every line before it.
Result<Amount> balance_after(db::Tx& tx, CompanyId company_id, std::int64_t account_id,
                             const DateRange& range, Amount opening, const Cursor& cursor) {
  Amount balance = opening;
  if (const auto before = detail::day_before(cursor.date); before && *before >= range.from) {
    const auto sums = TRY(detail::sums_between(tx, company_id, {range.from, *before}, account_id));
    if (const auto found = sums.find(account_id); found != sums.end()) {
      balance += found->second.balance();
    }
  }
  const auto rows = TRY(tx.query(
      "SELECT debit, credit FROM accounting_entry_lines WHERE account_id = $1 AND date = $2 "
      "AND id <= $3 AND posted = 1 AND company_id = $4",
      {account_id, cursor.date.to_string(), cursor.line_id, company_id.value()}));
  for (const auto& row : rows) balance += detail::amount_of(row, 0) - detail::amount_of(row, 1);
  return balance;
}

Result<GeneralLedgerLine> line_of(const db::Row& row) {
  GeneralLedgerLine line{.line_id = row.integer(0), .date = TRY(Date::parse(row.text(1)))};
  line.entry_id = EntryId{row.integer(2)};
  line.entry_number = row.optional_text(3).value_or("");
  line.memo = row.text(4);
  line.label = row.text(5);
  if (const std::int64_t partner = row.integer(6); partner != 0) {
    line.partner_id = partners::PartyId{partner};
  }
  line.debit = detail::amount_of(row, 7);
  line.credit = detail::amount_of(row, 8);
  return line;
}

// One page of lines after the cursor (or from the range's start), limit + 1 to see if more.
Result<db::Rows> page_rows(db::Tx& tx, CompanyId company_id, std::int64_t account_id,
                           const DateRange& range, const std::optional<Cursor>& cursor,
                           std::int64_t limit) {
  const Date after_date = cursor ? cursor->date : range.from;
  const std::int64_t after_id = cursor ? cursor->line_id : 0;
  return tx.query(
      "SELECT l.id, l.date, l.entry_id, e.number, e.memo, l.label, l.partner_id, l.debit, "
      "l.credit FROM accounting_entry_lines l JOIN accounting_entries e ON e.id = l.entry_id "
      "WHERE l.account_id = $1 AND l.posted = 1 AND l.date <= $2 AND l.date >= $3 "
      "AND (l.date > $3 OR l.id > $4) AND l.company_id = $5 ORDER BY l.date, l.id LIMIT $6",
      {account_id, range.to.to_string(), after_date.to_string(), after_id, company_id.value(),
       limit + 1});
}

}  // namespace

Result<GeneralLedger> general_ledger(db::Tx& tx, const Context& context,
                                     const GeneralLedgerQuery& query) {
  if (query.limit < 1 || query.limit > limits::kPageSizeMax) {
    return Error::validation("report_limit_invalid",
                             "limit must be 1.." + std::to_string(limits::kPageSizeMax), "limit");
  }
  const auto accounts = TRY(detail::load_accounts(tx, context.company_id, query.language));
  const auto account = std::find_if(accounts.begin(), accounts.end(), [&](const auto& a) {
    return a.id == query.account_id.value();
  });
  if (account == accounts.end()) {
    return Error::not_found("account_not_found",
                            "no account " + std::to_string(query.account_id.value()));
  }
  const auto cursor = TRY(parse_cursor(query.cursor, query.range));
  const std::int64_t id = account->id;
  GeneralLedger report{context.company_currency,
                       AccountId{id},
                       account->code,
                       account->name,
                       query.range,
                       0,
                       {},
                       0,
                       {},
                       std::nullopt};
  if (const auto before = detail::day_before(query.range.from)) {
    const auto opening = TRY(detail::sums_until(tx, context.company_id, *before, id));
    if (const auto found = opening.find(id); found != opening.end()) {
      report.opening_balance = found->second.balance();
    }
  }
  const auto movement = TRY(detail::sums_between(tx, context.company_id, query.range, id));
  if (const auto found = movement.find(id); found != movement.end())
    report.turnover = found->second;
  report.closing_balance = report.opening_balance + report.turnover.balance();

  Amount running = report.opening_balance;
  if (cursor) {
    running = TRY(balance_after(tx, context.company_id, id, query.range, running, *cursor));
  }
  const auto rows = TRY(page_rows(tx, context.company_id, id, query.range, cursor, query.limit));
  for (std::size_t i = 0; i < rows.size() && i < static_cast<std::size_t>(query.limit); ++i) {
    GeneralLedgerLine line = TRY(line_of(rows[i]));
    running += line.debit - line.credit;
    line.balance = running;
    report.lines.push_back(std::move(line));
  }
  if (rows.size() > static_cast<std::size_t>(query.limit)) {
    const auto& last = report.lines.back();
    report.next_cursor = last.date.to_string() + ":" + std::to_string(last.line_id);
  }
  return report;
}

}  // namespace keel::accounting::reports
