#include "keel/core/utf8.h"

#include <cstdint>
#include <string>

namespace keel {

namespace {

bool is_continuation(unsigned char byte) { return (byte & 0xC0) == 0x80; }

// The length of the sequence led by `lead` and the range its second byte must fall in,
// which is how RFC 3629's table excludes overlongs, surrogates and values past U+10FFFF.
struct Lead {
  int length;  // 0: not a valid lead byte
  unsigned char second_min;
  unsigned char second_max;
};

Lead classify(unsigned char lead) {
  if (lead < 0x80) return {1, 0, 0};
  if (lead < 0xC2) return {0, 0, 0};  // continuation byte, or overlong 2-byte lead
  if (lead < 0xE0) return {2, 0x80, 0xBF};
  if (lead == 0xE0) return {3, 0xA0, 0xBF};  // no overlong 3-byte forms
  if (lead == 0xED) return {3, 0x80, 0x9F};  // no surrogates
  if (lead < 0xF0) return {3, 0x80, 0xBF};
  if (lead == 0xF0) return {4, 0x90, 0xBF};  // no overlong 4-byte forms
  if (lead < 0xF4) return {4, 0x80, 0xBF};
  if (lead == 0xF4) return {4, 0x80, 0x8F};  // nothing past U+10FFFF
  return {0, 0, 0};
}

}  // namespace

bool is_valid_utf8(std::string_view text) {
  std::size_t position = 0;
  while (position < text.size()) {
    const auto lead = static_cast<unsigned char>(text[position]);
    const Lead shape = classify(lead);
    if (shape.length == 0) return false;
    if (shape.length == 1) {
      ++position;
      continue;
    }
    if (text.size() - position < static_cast<std::size_t>(shape.length)) return false;
    const auto second = static_cast<unsigned char>(text[position + 1]);
    if (second < shape.second_min || second > shape.second_max) return false;
    for (int i = 2; i < shape.length; ++i) {
      if (!is_continuation(static_cast<unsigned char>(text[position + i]))) return false;
    }
    position += static_cast<std::size_t>(shape.length);
  }
  return true;
}

std::size_t utf8_length(std::string_view text) {
  std::size_t count = 0;
  for (char c : text) {
    if (!is_continuation(static_cast<unsigned char>(c))) ++count;
  }
  return count;
}

Result<void> check_text(std::string_view text, std::size_t length_max_chars,
                        std::string_view field) {
  const std::string field_name(field);
  if (!is_valid_utf8(text)) {
    return Error::validation("text_invalid_utf8", field_name + " is not valid UTF-8", field_name);
  }
  if (utf8_length(text) > length_max_chars) {
    return Error::validation(
        "text_too_long",
        field_name + " is longer than " + std::to_string(length_max_chars) + " characters",
        field_name);
  }
  // Bytes below 0x80 are whole code points in valid UTF-8, so a byte scan is exact.
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    const bool allowed_control = byte == '\t' || byte == '\n' || byte == '\r';
    if ((byte < 0x20 && !allowed_control) || byte == 0x7F) {
      return Error::validation("text_control_characters",
                               field_name + " contains control characters", field_name);
    }
  }
  return Ok{};
}

}  // namespace keel
