#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "keel/core/result.h"

// RFC 4180 CSV, for every import and export that takes or gives a spreadsheet.
namespace keel::csv {

// Records are vectors of fields; CRLF or LF line ends are accepted, a UTF-8 byte order mark is
// skipped. At most `records_max` records (the header counts).
// Errors: import_csv_malformed (a quote inside an unquoted field, an unterminated quote, text
// after a closing quote), import_too_many_rows.
Result<std::vector<std::vector<std::string>>> parse(std::string_view text, std::size_t records_max);

// One CSV field, quoted when it needs to be, and prefixed by ' when a spreadsheet would read it
// as a formula (= + - @ tab CR first).
std::string cell(std::string_view value);

// Undoes the formula neutralisation of cell() on import.
std::string unneutralise(std::string_view cell);

}  // namespace keel::csv
