#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// Text helpers shared by the CRM formats: UTF-8 clean-up and the content-line grammar that
// vCard (RFC 6350 §3) and iCalendar (RFC 5545 §3.1) have in common. Everything here is pure
// and linear in its input.
namespace keel::crm::formats {

// What clean_text does with line breaks.
enum class LineBreaks {
  keep,      // CRLF and a lone CR become "\n"; tab stays
  to_space,  // a line break (CRLF, LF or CR) or a tab becomes one space
};

// Makes `text` safe to store: every byte that is not part of well-formed UTF-8 becomes
// U+FFFD, and control characters (C0 other than those `line_breaks` keeps, DEL, and the C1
// range U+0080..U+009F) are dropped. The result is always valid UTF-8.
std::string clean_text(std::string_view text, LineBreaks line_breaks);

// The longest prefix of `text` of at most `bytes_max` bytes that does not end inside a UTF-8
// sequence. `text` should be valid UTF-8.
std::string_view cut_utf8(std::string_view text, std::size_t bytes_max);

// Converts `bytes` in `charset` (an iconv name such as "ISO-8859-1" or "WINDOWS-1256") to
// UTF-8. Undecodable input becomes U+FFFD. Returns nullopt when the charset is unknown.
// The result is valid UTF-8 but may hold control characters; pass it through clean_text.
std::optional<std::string> convert_to_utf8(std::string_view bytes, const char* charset);

// Decodes quoted-printable (RFC 2045 §6.7): "=XX" becomes the byte XX, "=" before a line
// break is a soft break and disappears, anything else is copied as it is.
std::string decode_quoted_printable(std::string_view text);

std::string ascii_lower(std::string_view text);
std::string ascii_upper(std::string_view text);
bool ascii_iequals(std::string_view a, std::string_view b);
std::string_view trim_ascii_space(std::string_view text);

// ---- Content lines ----

// Escapes a TEXT value for a content line: backslash, ';', ',' and line breaks ("\n"); other
// control characters are dropped.
std::string escape_text_value(std::string_view value);

// Reverses escape_text_value: "\n" and "\N" become a line feed, "\x" becomes x for any other x.
std::string unescape_text_value(std::string_view value);

// Splits a structured value (N, ADR, ORG) at each `separator` not preceded by a backslash.
// Components stay escaped. At most `parts_max` parts: the last one holds the rest.
std::vector<std::string_view> split_unescaped(std::string_view value, char separator,
                                              std::size_t parts_max);

// Folds one content line (given without its line break) into lines of at most 75 octets,
// each continuation starting with a space, never splitting a UTF-8 sequence, and ends it
// with CRLF.
std::string fold_content_line(std::string_view line);

inline constexpr std::size_t kContentLineOctetsMax = 75;

// One logical line after unfolding, with the 1-based number of its first physical line.
struct UnfoldedLine {
  std::size_t line_number = 0;
  std::string text;
};

// How unfold_lines treats a line ending in '='.
enum class SoftBreaks {
  none,
  // vCard 2.1: a line whose parameters say QUOTED-PRINTABLE and that ends with '='
  // continues on the next physical line (the '=' is kept for decode_quoted_printable).
  quoted_printable,
};

// Splits `text` at CRLF, LF or CR and joins continuation lines (starting with a space or a
// tab, which is removed). Empty lines are dropped.
std::vector<UnfoldedLine> unfold_lines(std::string_view text, SoftBreaks soft_breaks);

struct ContentParameter {
  std::string name;   // upper-cased; empty for a vCard 2.1 bare parameter ("TEL;WORK:…")
  std::string value;  // as written, surrounding double quotes removed
};

struct ContentLine {
  std::size_t line_number = 0;
  std::string group;  // "item1" in "item1.EMAIL", as written
  std::string name;   // upper-cased
  std::vector<ContentParameter> parameters;
  std::string value;  // raw: still escaped or encoded
};

inline constexpr std::size_t kContentParametersMax = 32;

// Parses "[group.]name *(;param) : value". Returns nullopt when the line has no ':' outside
// quotes or no name. Parameters past kContentParametersMax are ignored.
std::optional<ContentLine> parse_content_line(const UnfoldedLine& line);

// Whether `line` has a parameter `name` (upper-case) whose value, or one of whose
// comma-separated values, equals `value` case-insensitively. A vCard 2.1 bare parameter
// ("TEL;WORK;VOICE:…", "NOTE;QUOTED-PRINTABLE:…") matches under any name.
bool has_parameter_value(const ContentLine& line, std::string_view name, std::string_view value);

// The value of the first parameter called `name` (upper-case), if any.
std::optional<std::string_view> parameter(const ContentLine& line, std::string_view name);

}  // namespace keel::crm::formats
