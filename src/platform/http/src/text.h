#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "keel/core/result.h"
#include "keel/core/utf8.h"

// Byte-level text helpers private to the HTTP module. They are deliberately small and
// allocation-free where possible because they run on every request.
namespace keel::http::detail {

bool equals_ignoring_case(std::string_view a, std::string_view b);
std::string to_lower(std::string_view text);

// Why a string is not acceptable as a text field value, or nullopt when it is:
//   "field_text_invalid"  invalid UTF-8 or a control character other than tab/newline/CR
//   "field_too_long"      over `bytes_max` bytes
std::optional<std::string_view> text_problem(std::string_view text, std::size_t bytes_max);

// Decodes %XX escapes (and '+' as space when `plus_is_space`). nullopt for a malformed
// escape or a decoded NUL byte.
std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space);

// Parses "a=1&b=x%20y". Errors: query_string_invalid (400).
Result<std::map<std::string, std::string>> parse_query_string(std::string_view text);

// The deepest nesting of arrays/objects in a JSON text, scanning outside strings. Used to
// refuse deep documents before the parser sees them.
std::size_t json_nesting_depth(std::string_view text);

// Lowercase hex of `bytes`.
std::string to_hex(std::string_view bytes);

}  // namespace keel::http::detail
