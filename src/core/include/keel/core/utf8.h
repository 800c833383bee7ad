#pragma once

#include <cstddef>
#include <string_view>

#include "keel/core/result.h"

// UTF-8 checks for every text field that enters Keel, so that the database, JSON and
// reports only ever hold well-formed text.
namespace keel {

// Whether `text` is well-formed UTF-8 (RFC 3629): rejects overlong encodings, surrogates
// (U+D800..U+DFFF), code points above U+10FFFF, stray continuation bytes and truncated
// sequences.
bool is_valid_utf8(std::string_view text);

// The number of code points in `text`. Counts the lead bytes, so it is meaningful only for
// valid UTF-8.
std::size_t utf8_length(std::string_view text);

// Checks a text field at input: valid UTF-8, at most length_max_chars code points, and no
// control characters (C0 other than tab, line feed and carriage return, and DEL). The
// error names `field`.
// Errors: text_invalid_utf8, text_too_long, text_control_characters.
Result<void> check_text(std::string_view text, std::size_t length_max_chars,
                        std::string_view field);

}  // namespace keel
