// CSV (RFC 4180) of every report: a header row, one row per line, CRLF line ends.
#include <initializer_list>

#include "keel/accounting/reports_api.h"

namespace keel::accounting::reports {
namespace {

// A spreadsheet runs a cell starting with one of these as a formula; an apostrophe in front
// keeps an account name or memo as text.
bool looks_like_formula(std::string_view text) {
  return !text.empty() && (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@' ||
                           text[0] == '\t' || text[0] == '\r');
}

class CsvWriter {
 public:
  explicit CsvWriter(Currency currency) : m_currency(currency) {}

  // A cell of free text (names, memos, labels): quoted as needed, formulas neutralised.
  CsvWriter& text(std::string_view value) {
    std::string cell = looks_like_formula(value) ? "'" + std::string(value) : std::string(value);
    return raw(cell);
  }
  // A cell of our own making (codes, dates, keys, numbers): quoted as needed only.
  CsvWriter& raw(std::string_view value) {
    if (!m_row_empty) m_out += ',';
    m_row_empty = false;
    if (value.find_first_of(",\"\r\n") == std::string_view::npos) {
      m_out += value;
      return *this;
    }
    m_out += '"';
    for (const char c : value) {
      if (c == '"') m_out += '"';
      m_out += c;
    }
    m_out += '"';
    return *this;
  }
  CsvWriter& amount(Amount value) { return raw(format_amount(value, m_currency)); }
  CsvWriter& integer(std::int64_t value) { return raw(std::to_string(value)); }
  void end_row() {
    m_out += "\r\n";
    m_row_empty = true;
  }
  void header(std::initializer_list<std::string_view> names) {
    for (const auto name : names) raw(name);
    end_row();
  }
  std::string take() { return std::move(m_out); }

 private:
  Currency m_currency;
  std::string m_out;
  bool m_row_empty = true;
};

void trial_balance_row(CsvWriter& csv, const TrialBalanceRow& row, bool with_compare) {
  csv.integer(row.account_id.value()).raw(row.code).text(row.name);
  csv.amount(row.opening_debit).amount(row.opening_credit).amount(row.debit).amount(row.credit);
  csv.amount(row.closing_debit).amount(row.closing_credit).amount(row.balance);
  if (with_compare)
    csv.amount(row.compare_debit).amount(row.compare_credit).amount(row.compare_balance);
  csv.end_row();
}

void statement_section(CsvWriter& csv, const StatementSection& section, bool with_compare) {
  for (const auto& line : section.lines) {
    csv.raw(section.key).integer(line.account_id.value()).raw(line.code).text(line.name);
    csv.integer(line.level).amount(line.amount);
    if (with_compare) csv.amount(line.compare_amount);
    csv.end_row();
  }
  csv.raw(section.key).raw("").raw("total").raw("").raw("").amount(section.total);
  if (with_compare) csv.amount(section.compare_total);
  csv.end_row();
}

void statement_header(CsvWriter& csv, bool with_compare) {
  if (with_compare) {
    csv.header({"section", "account_id", "code", "name", "level", "amount", "compare_amount"});
  } else {
    csv.header({"section", "account_id", "code", "name", "level", "amount"});
  }
}

// A computed row of a statement (net income, totals): section, code and amounts only.
void computed_row(CsvWriter& csv, std::string_view section, std::string_view code, Amount amount,
                  std::optional<Amount> compare) {
  csv.raw(section).raw("").raw(code).raw("").raw("").amount(amount);
  if (compare) csv.amount(*compare);
  csv.end_row();
}

}  // namespace

std::string to_csv(const TrialBalance& report) {
  CsvWriter csv(report.currency);
  const bool with_compare = report.compare_range.has_value();
  if (with_compare) {
    csv.header({"account_id", "code", "name", "opening_debit", "opening_credit", "debit", "credit",
                "closing_debit", "closing_credit", "balance", "compare_debit", "compare_credit",
                "compare_balance"});
  } else {
    csv.header({"account_id", "code", "name", "opening_debit", "opening_credit", "debit", "credit",
                "closing_debit", "closing_credit", "balance"});
  }
  for (const auto& row : report.rows) trial_balance_row(csv, row, with_compare);
  TrialBalanceRow totals = report.totals;
  totals.code = "total";
  trial_balance_row(csv, totals, with_compare);
  return csv.take();
}

std::string to_csv(const GeneralLedger& report) {
  CsvWriter csv(report.currency);
  csv.header({"date", "entry_id", "entry_number", "line_id", "memo", "label", "partner_id", "debit",
              "credit", "balance"});
  csv.raw(report.range.from.to_string()).raw("").raw("").raw("").raw("opening_balance").raw("");
  csv.raw("").raw("").raw("").amount(report.opening_balance);
  csv.end_row();
  for (const auto& line : report.lines) {
    csv.raw(line.date.to_string()).integer(line.entry_id.value()).text(line.entry_number);
    csv.integer(line.line_id).text(line.memo).text(line.label);
    csv.raw(line.partner_id ? std::to_string(line.partner_id->value()) : "");
    csv.amount(line.debit).amount(line.credit).amount(line.balance);
    csv.end_row();
  }
  return csv.take();
}

std::string to_csv(const IncomeStatement& report) {
  CsvWriter csv(report.currency);
  const bool with_compare = report.compare_range.has_value();
  statement_header(csv, with_compare);
  statement_section(csv, report.income, with_compare);
  statement_section(csv, report.expense, with_compare);
  computed_row(csv, "result", "net_income", report.net_income,
               with_compare ? std::optional<Amount>(report.compare_net_income) : std::nullopt);
  return csv.take();
}

std::string to_csv(const BalanceSheet& report) {
  CsvWriter csv(report.currency);
  const bool with_compare = report.compare_date.has_value();
  statement_header(csv, with_compare);
  statement_section(csv, report.assets, with_compare);
  statement_section(csv, report.liabilities, with_compare);
  statement_section(csv, report.equity, with_compare);
  computed_row(
      csv, "result", "liabilities_and_equity", report.liabilities_and_equity,
      with_compare ? std::optional<Amount>(report.compare_liabilities_and_equity) : std::nullopt);
  return csv.take();
}

std::string to_csv(const CashFlow& report) {
  CsvWriter csv(report.currency);
  const bool with_compare = report.compare_range.has_value();
  if (with_compare) {
    csv.header({"section", "line", "amount", "compare_amount"});
  } else {
    csv.header({"section", "line", "amount"});
  }
  const auto row = [&](std::string_view section, std::string_view key, Amount amount,
                       Amount compare) {
    csv.raw(section).raw(key).amount(amount);
    if (with_compare) csv.amount(compare);
    csv.end_row();
  };
  for (const auto& section : report.sections) {
    for (const auto& line : section.lines) {
      row(section.key, line.key, line.amount, line.compare_amount);
    }
    row(section.key, "total", section.total, section.compare_total);
  }
  row("cash", "opening_cash", report.opening_cash, 0);
  row("cash", "cash_change", report.cash_change, report.compare_cash_change);
  row("cash", "closing_cash", report.closing_cash, 0);
  return csv.take();
}

}  // namespace keel::accounting::reports
