// RFC 4180 CSV reading and writing, shared by every import and export.
#include "keel/core/csv.h"

namespace keel::csv {
namespace {

bool needs_formula_guard(std::string_view value) {
  return !value.empty() &&
         std::string_view("=+-@\t\r").find(value.front()) != std::string_view::npos;
}

}  // namespace

Result<std::vector<std::vector<std::string>>> parse(std::string_view text,
                                                    std::size_t records_max) {
  // Spreadsheets often save UTF-8 with a byte order mark.
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::string field;
  bool quoted = false;      // inside a quoted field
  bool was_quoted = false;  // the current field started with a quote
  const auto malformed = [&](std::string message) {
    return Error::validation("import_csv_malformed",
                             message + " in record " + std::to_string(records.size() + 1));
  };
  const auto end_record = [&]() -> bool {
    record.push_back(std::move(field));
    field.clear();
    was_quoted = false;
    // A line holding nothing at all (e.g. the final newline) is not a record.
    if (!(record.size() == 1 && record[0].empty())) records.push_back(std::move(record));
    record.clear();
    return records.size() <= records_max;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c != '"') {
        field.push_back(c);
      } else if (i + 1 < text.size() && text[i + 1] == '"') {
        field.push_back('"');
        ++i;
      } else {
        quoted = false;
        if (i + 1 < text.size() &&
            std::string_view(",\r\n").find(text[i + 1]) == std::string_view::npos) {
          return malformed("text after a closing quote");
        }
      }
    } else if (c == '"') {
      if (!field.empty() || was_quoted) return malformed("a quote inside an unquoted field");
      quoted = was_quoted = true;
    } else if (c == ',') {
      record.push_back(std::move(field));
      field.clear();
      was_quoted = false;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      if (!end_record()) {
        return Error::validation(
            "import_too_many_rows",
            "a file holds at most " + std::to_string(records_max - 1) + " rows after its header");
      }
    } else {
      field.push_back(c);
    }
  }
  if (quoted) return malformed("an unterminated quoted field");
  if (!field.empty() || !record.empty() || was_quoted) {
    if (!end_record()) {
      return Error::validation(
          "import_too_many_rows",
          "a file holds at most " + std::to_string(records_max - 1) + " rows after its header");
    }
  }
  return records;
}

std::string cell(std::string_view value) {
  std::string out;
  if (needs_formula_guard(value)) out.push_back('\'');
  out.append(value);
  if (out.find_first_of(",\"\r\n") == std::string::npos) return out;
  std::string quoted = "\"";
  for (const char c : out) {
    if (c == '"') quoted.push_back('"');
    quoted.push_back(c);
  }
  quoted.push_back('"');
  return quoted;
}

std::string unneutralise(std::string_view cell) {
  if (cell.size() >= 2 && cell.front() == '\'' && needs_formula_guard(cell.substr(1))) {
    cell.remove_prefix(1);
  }
  return std::string(cell);
}

}  // namespace keel::csv
