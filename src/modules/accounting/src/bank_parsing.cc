// Helpers shared by the statement parsers, and the format names.
#include "bank_parsing.h"

#include "keel/core/utf8.h"

namespace keel::accounting::bank {

std::string_view to_string(StatementFormat format) {
  switch (format) {
    case StatementFormat::camt053:
      return "camt053";
    case StatementFormat::ofx:
      return "ofx";
    case StatementFormat::csv:
      return "csv";
  }
  return "camt053";
}

Result<StatementFormat> parse_statement_format(std::string_view text) {
  if (text == "camt053") return StatementFormat::camt053;
  if (text == "ofx") return StatementFormat::ofx;
  if (text == "csv") return StatementFormat::csv;
  return Error::validation("statement_format_unknown", "format must be camt053, ofx or csv",
                           "format");
}

namespace detail {

Result<std::string_view> checked_input(std::string_view bytes) {
  if (bytes.size() > kStatementBytesMax) {
    return Error::validation("statement_too_large", "a statement file may have at most " +
                                                        std::to_string(kStatementBytesMax) +
                                                        " bytes");
  }
  if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
  if (bytes.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return Error::validation("statement_empty", "the statement file is empty");
  }
  if (!is_valid_utf8(bytes)) {
    return Error::validation("statement_encoding_invalid",
                             "the statement file is not UTF-8; export it as UTF-8");
  }
  return bytes;
}

Result<Money> parse_amount(std::string_view text, Currency currency, const std::string& field) {
  auto parsed = Money::parse(text, currency);
  if (!parsed.ok()) {
    return Error::validation("statement_amount_invalid",
                             "amount '" + std::string(text.substr(0, 40)) + "' is not a " +
                                 std::string(currency.code()) + " amount (" +
                                 parsed.error().code() + ")",
                             field);
  }
  return parsed.release_value();
}

Result<Date> parse_iso_date(std::string_view text, const std::string& field) {
  auto parsed = Date::parse(text);
  if (!parsed.ok()) {
    return Error::validation("statement_date_invalid",
                             "date '" + std::string(text.substr(0, 40)) + "' is not a date",
                             field);
  }
  return parsed.release_value();
}

Result<std::string> line_text(std::string_view text, const std::string& field) {
  auto checked = check_text(text, kLineTextLengthMax, field);
  if (!checked.ok()) {
    return Error::validation("statement_text_invalid", checked.error().message(), field);
  }
  return std::string(text);
}

Result<void> check_currency(std::string_view code, Currency currency, const std::string& field) {
  if (!code.empty() && code != currency.code()) {
    return Error::validation("statement_currency_mismatch",
                             "the statement is in " + std::string(code.substr(0, 8)) +
                                 ", the bank account in " + std::string(currency.code()),
                             field);
  }
  return Ok{};
}

Result<void> add_line(Statement& statement, StatementLine line) {
  if (statement.lines.size() >= kStatementLinesMax) {
    return Error::validation("statement_too_large", "a statement may have at most " +
                                                        std::to_string(kStatementLinesMax) +
                                                        " lines");
  }
  statement.lines.push_back(std::move(line));
  return Ok{};
}

std::string line_field(std::size_t index, std::string_view name) {
  return "lines/" + std::to_string(index + 1) + "/" + std::string(name);
}

}  // namespace detail
}  // namespace keel::accounting::bank
