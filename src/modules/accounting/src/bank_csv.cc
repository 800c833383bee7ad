// CSV bank exports with a column mapping → Statement.
#include <algorithm>
#include <array>
#include <optional>

#include "bank_parsing.h"
#include "keel/core/utf8.h"

namespace keel::accounting::bank {
namespace {

constexpr std::size_t kColumnNameLengthMax = 100;

Error mapping_invalid(std::string field, std::string message) {
  return Error::validation("csv_mapping_invalid", std::move(message), std::move(field));
}

using Row = std::vector<std::string>;

// Reads one RFC 4180 field starting at `pos`; leaves `pos` on the delimiter, line end or end.
Result<std::string> csv_field(std::string_view text, std::size_t& pos, char delimiter,
                              std::size_t row) {
  std::string cell;
  if (pos < text.size() && text[pos] == '"') {
    ++pos;
    for (;;) {
      const auto quote = text.find('"', pos);
      if (quote == std::string_view::npos) {
        return detail::format_invalid("unterminated quote", "rows/" + std::to_string(row));
      }
      cell.append(text.substr(pos, quote - pos));
      pos = quote + 1;
      if (pos < text.size() && text[pos] == '"') {
        cell.push_back('"');
        ++pos;
        continue;
      }
      break;
    }
    if (pos < text.size() && text[pos] != delimiter && text[pos] != '\r' && text[pos] != '\n') {
      return detail::format_invalid("text after a closing quote", "rows/" + std::to_string(row));
    }
    return cell;
  }
  const auto end = text.find_first_of(std::string{delimiter, '\r', '\n'}, pos);
  cell = std::string(text.substr(pos, end == std::string_view::npos ? text.size() - pos
                                                                    : end - pos));
  pos = end == std::string_view::npos ? text.size() : end;
  if (cell.find('"') != std::string::npos) {
    return detail::format_invalid("quote inside an unquoted field", "rows/" + std::to_string(row));
  }
  return cell;
}

Result<std::vector<Row>> csv_rows(std::string_view text, char delimiter, std::size_t rows_max) {
  std::vector<Row> rows;
  std::size_t pos = 0;
  while (pos < text.size()) {
    if (rows.size() >= rows_max) return detail::too_large("too many CSV rows");
    Row row;
    for (;;) {
      if (row.size() >= kCsvColumnsMax) return detail::too_large("too many CSV columns");
      row.push_back(TRY(csv_field(text, pos, delimiter, rows.size() + 1)));
      if (pos < text.size() && text[pos] == delimiter) {
        ++pos;
        continue;
      }
      break;
    }
    if (pos < text.size() && text[pos] == '\r') ++pos;
    if (pos < text.size() && text[pos] == '\n') ++pos;
    rows.push_back(std::move(row));
  }
  return rows;
}

// Persian (U+06F0..9) and Arabic-Indic (U+0660..9) digits become ASCII; the Arabic decimal
// separator (U+066B) becomes `decimal`, the Arabic thousands separator (U+066C) `thousands`;
// no-break spaces (U+00A0, U+202F), which some locales group thousands with, become ' '.
std::string normalize_number_text(std::string_view text, char decimal, char thousands) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto b0 = static_cast<unsigned char>(text[i]);
    const auto b1 = i + 1 < text.size() ? static_cast<unsigned char>(text[i + 1]) : 0;
    if (b0 == 0xDB && b1 >= 0xB0 && b1 <= 0xB9) {
      out.push_back(static_cast<char>('0' + (b1 - 0xB0)));
    } else if (b0 == 0xD9 && b1 >= 0xA0 && b1 <= 0xA9) {
      out.push_back(static_cast<char>('0' + (b1 - 0xA0)));
    } else if (b0 == 0xD9 && (b1 == 0xAB || b1 == 0xAC)) {
      out.push_back(b1 == 0xAB ? decimal : thousands);
    } else if (b0 == 0xC2 && b1 == 0xA0) {
      out.push_back(' ');
    } else if (b0 == 0xE2 && b1 == 0x80 && i + 2 < text.size() &&
               static_cast<unsigned char>(text[i + 2]) == 0xAF) {
      out.push_back(' ');
      ++i;
    } else {
      out.push_back(text[i]);
      continue;
    }
    ++i;
  }
  return out;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool all_digits(std::string_view text) {
  return !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
}

// The integer part without its thousands separators, which must group by three.
std::optional<std::string> ungroup(std::string_view integer, std::optional<char> thousands) {
  if (!thousands || integer.find(*thousands) == std::string_view::npos) {
    return all_digits(integer) ? std::optional<std::string>(std::string(integer)) : std::nullopt;
  }
  std::string out;
  std::size_t pos = 0;
  for (bool first = true;; first = false) {
    const auto sep = integer.find(*thousands, pos);
    const std::string_view group =
        integer.substr(pos, sep == std::string_view::npos ? std::string_view::npos : sep - pos);
    const bool size_ok = first ? (group.size() >= 1 && group.size() <= 3) : group.size() == 3;
    if (!size_ok || !all_digits(group)) return std::nullopt;
    out += group;
    if (sep == std::string_view::npos) return out;
    pos = sep + 1;
  }
}

// Rewrites a bank's amount text ("-1.234,56", "(12.50)", "12.50-") as strict decimal text
// ("-1234.56") for Money::parse: the only conversion, character by character, never through
// floating point.
std::optional<std::string> strict_amount(std::string_view raw, const CsvMapping& mapping) {
  std::string_view text = trim(raw);
  bool negative = false;
  if (text.size() >= 2 && text.front() == '(' && text.back() == ')') {
    negative = true;
    text = trim(text.substr(1, text.size() - 2));
  } else if (text.starts_with('-') || text.starts_with('+')) {
    negative = text.front() == '-';
    text.remove_prefix(1);
  } else if (text.ends_with('-')) {
    negative = true;
    text.remove_suffix(1);
  }
  const auto decimal = text.find(mapping.decimal_separator);
  if (decimal != std::string_view::npos &&
      text.find(mapping.decimal_separator, decimal + 1) != std::string_view::npos) {
    return std::nullopt;
  }
  const auto integer = ungroup(text.substr(0, decimal), mapping.thousands_separator);
  if (!integer) return std::nullopt;
  std::string out = (negative ? "-" : "") + *integer;
  if (decimal != std::string_view::npos) {
    const std::string_view fraction = text.substr(decimal + 1);
    if (!all_digits(fraction)) return std::nullopt;
    out += "." + std::string(fraction);
  }
  return out;
}

Result<Money> csv_amount(std::string_view raw, const CsvMapping& mapping, Currency currency,
                         const std::string& field) {
  const std::string text = normalize_number_text(raw, mapping.decimal_separator,
                                                 mapping.thousands_separator.value_or(','));
  const auto strict = strict_amount(text, mapping);
  if (!strict) {
    return Error::validation("statement_amount_invalid",
                             "amount '" + std::string(raw.substr(0, 40)) +
                                 "' does not match the mapping's separators",
                             field);
  }
  return detail::parse_amount(*strict, currency, field);
}

// Splits "15.03.2024" (or with a time after a space) into three numbers in text order.
std::optional<std::array<int, 3>> date_parts(std::string_view text, char separator) {
  text = text.substr(0, text.find_first_of(" T"));
  std::array<int, 3> parts{};
  for (std::size_t i = 0; i < 3; ++i) {
    const auto end = i < 2 ? text.find(separator) : text.size();
    if (end == std::string_view::npos) return std::nullopt;
    const std::string_view part = text.substr(0, end);
    if (!all_digits(part) || part.size() > 4) return std::nullopt;
    int value = 0;
    for (const char c : part) value = value * 10 + (c - '0');
    parts[i] = value;
    text.remove_prefix(i < 2 ? end + 1 : end);
  }
  return parts;
}

Result<Date> csv_date(std::string_view raw, DateFormat format, const std::string& field) {
  const std::string text = normalize_number_text(trim(raw), '.', ',');
  const auto error = [&] {
    return Error::validation("statement_date_invalid",
                             "date '" + std::string(raw.substr(0, 40)) + "' is not " +
                                 std::string(to_string(format)),
                             field);
  };
  std::optional<std::array<int, 3>> parts;
  Result<Date> date = error();
  switch (format) {
    case DateFormat::iso:
      return detail::parse_iso_date(text.substr(0, 10), field);
    case DateFormat::day_month_year_dot:
      if ((parts = date_parts(text, '.'))) date = Date::from_ymd((*parts)[2], (*parts)[1], (*parts)[0]);
      break;
    case DateFormat::month_day_year_slash:
      if ((parts = date_parts(text, '/'))) date = Date::from_ymd((*parts)[2], (*parts)[0], (*parts)[1]);
      break;
    case DateFormat::jalali:
      parts = date_parts(text, text.find('-') != std::string::npos ? '-' : '/');
      if (parts) date = from_jalali((*parts)[0], (*parts)[1], (*parts)[2]);
      break;
  }
  if (!date.ok()) return error();
  return date;
}

// Column indexes of the mapped fields; -1 for an unmapped one.
struct Columns {
  int date = -1, value_date = -1, amount = -1, debit = -1, credit = -1;
  int description = -1, reference = -1, counterparty = -1, external_id = -1;
  std::size_t width = 0;  // cells a row needs to have every mapped column
};

Result<int> column_index(const std::string& name, const Row* header, std::string_view field) {
  if (name.empty()) return -1;
  if (header == nullptr || all_digits(name)) {
    if (!all_digits(name) || name.size() > 3 || std::stoi(name) < 1) {
      return mapping_invalid(std::string(field), "without a header, name columns 1, 2, 3…");
    }
    return std::stoi(name) - 1;
  }
  for (std::size_t i = 0; i < header->size(); ++i) {
    if (trim((*header)[i]) == name) return static_cast<int>(i);
  }
  return Error::validation("statement_column_missing",
                           "the header has no column '" + name + "'", std::string(field));
}

Result<Columns> resolve_columns(const CsvMapping& m, const Row* header) {
  Columns c;
  c.date = TRY(column_index(m.date, header, "mapping/date"));
  c.value_date = TRY(column_index(m.value_date, header, "mapping/value_date"));
  c.amount = TRY(column_index(m.amount, header, "mapping/amount"));
  c.debit = TRY(column_index(m.debit, header, "mapping/debit"));
  c.credit = TRY(column_index(m.credit, header, "mapping/credit"));
  c.description = TRY(column_index(m.description, header, "mapping/description"));
  c.reference = TRY(column_index(m.reference, header, "mapping/reference"));
  c.counterparty = TRY(column_index(m.counterparty, header, "mapping/counterparty"));
  c.external_id = TRY(column_index(m.external_id, header, "mapping/external_id"));
  for (int index : {c.date, c.value_date, c.amount, c.debit, c.credit, c.description,
                    c.reference, c.counterparty, c.external_id}) {
    c.width = std::max(c.width, static_cast<std::size_t>(index + 1));
  }
  return c;
}

std::string_view cell(const Row& row, int index) {
  return index < 0 ? std::string_view{} : std::string_view(row[static_cast<std::size_t>(index)]);
}

Result<Money> row_amount(const Row& row, const Columns& c, const CsvMapping& m, Currency currency,
                         std::size_t index) {
  const std::string field = detail::line_field(index, "amount");
  if (c.amount >= 0) {
    const Money amount = TRY(csv_amount(cell(row, c.amount), m, currency, field));
    return m.amount_outflow_positive ? amount.negated() : amount;
  }
  const bool has_debit = !trim(cell(row, c.debit)).empty();
  const bool has_credit = !trim(cell(row, c.credit)).empty();
  if (has_debit == has_credit) {
    return Error::validation("statement_amount_invalid",
                             "exactly one of the debit and credit columns must be filled", field);
  }
  const Money amount =
      TRY(csv_amount(has_debit ? cell(row, c.debit) : cell(row, c.credit), m, currency, field));
  if (amount.is_negative()) {
    return Error::validation("statement_amount_invalid", "debit and credit must be positive",
                             field);
  }
  return has_debit ? amount.negated() : amount;
}

Result<StatementLine> read_row(const Row& row, const Columns& c, const CsvMapping& m,
                               Currency currency, std::size_t index) {
  if (row.size() < c.width) {
    return Error::validation("statement_column_missing",
                             "the row has " + std::to_string(row.size()) + " cells, the mapping "
                                 "needs " + std::to_string(c.width),
                             "lines/" + std::to_string(index + 1));
  }
  StatementLine line{
      .date = TRY(csv_date(cell(row, c.date), m.date_format, detail::line_field(index, "date"))),
      .amount = TRY(row_amount(row, c, m, currency, index))};
  if (c.value_date >= 0 && !trim(cell(row, c.value_date)).empty()) {
    line.value_date = TRY(csv_date(cell(row, c.value_date), m.date_format,
                                   detail::line_field(index, "value_date")));
  }
  const auto text = [&](int column, std::string_view name) {
    return detail::line_text(trim(cell(row, column)), detail::line_field(index, name));
  };
  line.description = TRY(text(c.description, "description"));
  line.reference = TRY(text(c.reference, "reference"));
  line.counterparty = TRY(text(c.counterparty, "counterparty"));
  line.external_id = TRY(text(c.external_id, "external_id"));
  return line;
}

bool blank(const Row& row) {
  for (const auto& value : row) {
    if (!trim(value).empty()) return false;
  }
  return true;
}

}  // namespace

std::string_view to_string(DateFormat format) {
  switch (format) {
    case DateFormat::iso:
      return "YYYY-MM-DD";
    case DateFormat::day_month_year_dot:
      return "DD.MM.YYYY";
    case DateFormat::month_day_year_slash:
      return "MM/DD/YYYY";
    case DateFormat::jalali:
      return "jalali";
  }
  return "YYYY-MM-DD";
}

Result<DateFormat> parse_date_format(std::string_view text) {
  for (DateFormat format : {DateFormat::iso, DateFormat::day_month_year_dot,
                            DateFormat::month_day_year_slash, DateFormat::jalali}) {
    if (text == to_string(format)) return format;
  }
  return Error::validation("csv_date_format_unknown",
                           "date_format must be YYYY-MM-DD, DD.MM.YYYY, MM/DD/YYYY or jalali",
                           "mapping/date_format");
}

Result<void> validate_mapping(const CsvMapping& m) {
  if (std::string_view(",;\t|").find(m.delimiter) == std::string_view::npos) {
    return mapping_invalid("mapping/delimiter", "delimiter must be , ; | or a tab");
  }
  if (m.date.empty()) return mapping_invalid("mapping/date", "map the date column");
  const bool split = !m.debit.empty() || !m.credit.empty();
  if (m.amount.empty() == !split || (split && (m.debit.empty() || m.credit.empty()))) {
    return mapping_invalid("mapping/amount", "map either amount or both debit and credit");
  }
  if (m.decimal_separator != '.' && m.decimal_separator != ',') {
    return mapping_invalid("mapping/decimal_separator", "decimal separator must be . or ,");
  }
  if (m.thousands_separator &&
      (std::string_view(",. '").find(*m.thousands_separator) == std::string_view::npos ||
       *m.thousands_separator == m.decimal_separator)) {
    return mapping_invalid("mapping/thousands_separator",
                           "thousands separator must be , . space or ' and differ from the "
                           "decimal separator (quote amounts that contain the delimiter)");
  }
  if (m.skip_rows > kCsvSkipRowsMax) return mapping_invalid("mapping/skip_rows", "too many");
  for (const std::string* name : {&m.date, &m.value_date, &m.amount, &m.debit, &m.credit,
                                  &m.description, &m.reference, &m.counterparty, &m.external_id}) {
    if (!check_text(*name, kColumnNameLengthMax, "mapping").ok()) {
      return mapping_invalid("mapping", "column names are text of at most 100 characters");
    }
  }
  return Ok{};
}

Result<Statement> parse_csv(std::string_view bytes, const CsvMapping& mapping,
                            Currency currency) {
  TRY(validate_mapping(mapping));
  const std::string_view text = TRY(detail::checked_input(bytes));
  const std::vector<Row> rows =
      TRY(csv_rows(text, mapping.delimiter, kStatementLinesMax + kCsvSkipRowsMax + 1));
  std::size_t first = std::min(mapping.skip_rows, rows.size());
  const Row* header = nullptr;
  if (mapping.has_header) {
    if (first >= rows.size()) return detail::format_invalid("the CSV header row is missing");
    header = &rows[first++];
  }
  const Columns columns = TRY(resolve_columns(mapping, header));
  Statement statement{.currency = currency};
  for (std::size_t r = first; r < rows.size(); ++r) {
    if (blank(rows[r])) continue;
    const std::size_t index = statement.lines.size();
    TRY(detail::add_line(statement, TRY(read_row(rows[r], columns, mapping, currency, index))));
  }
  if (statement.lines.empty()) return Error::validation("statement_empty", "no CSV data rows");
  return statement;
}

}  // namespace keel::accounting::bank
