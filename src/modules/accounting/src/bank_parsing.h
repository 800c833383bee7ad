#pragma once

// Helpers shared by the statement parsers (camt.053, OFX, CSV).
#include <string>
#include <string_view>

#include "keel/accounting/bank_api.h"

namespace keel::accounting::bank::detail {

// Checks size and encoding and drops a UTF-8 byte order mark.
// Errors: statement_empty, statement_too_large, statement_encoding_invalid.
Result<std::string_view> checked_input(std::string_view bytes);

// Strict decimal text (optionally with a leading '-') in `currency`, as Money.
// Errors: statement_amount_invalid (field `field`).
Result<Money> parse_amount(std::string_view text, Currency currency, const std::string& field);

// "YYYY-MM-DD". Errors: statement_date_invalid.
Result<Date> parse_iso_date(std::string_view text, const std::string& field);

// Checks a text field of a line: no control characters, at most kLineTextLengthMax characters.
// Errors: statement_text_invalid.
Result<std::string> line_text(std::string_view text, const std::string& field);

// Errors: statement_currency_mismatch when `code` is non-empty and not `currency`.
Result<void> check_currency(std::string_view code, Currency currency, const std::string& field);

// Appends a line, refusing more than kStatementLinesMax. Errors: statement_too_large.
Result<void> add_line(Statement& statement, StatementLine line);

// statement_format_invalid and statement_too_large errors (defined in bank_xml.cc).
Error format_invalid(std::string message, std::string field = {});
Error too_large(std::string message);

// "lines/<n>/<name>" for error fields, n counting from 1 as users do.
std::string line_field(std::size_t index, std::string_view name);

}  // namespace keel::accounting::bank::detail
