#include "keel/core/utf8.h"

#include <gtest/gtest.h>

#include <string>

namespace keel {
namespace {

struct Utf8Case {
  std::string bytes;
  bool valid;
  const char* why;
};

TEST(Utf8, Validity) {
  const Utf8Case cases[] = {
      {"", true, "empty"},
      {"hello", true, "ASCII"},
      {"\xC3\xA9", true, "U+00E9"},
      {"\xD8\xB3\xD9\x84\xD8\xA7\xD9\x85", true, "Persian"},
      {"\xE2\x82\xAC", true, "euro sign"},
      {"\xEF\xBF\xBF", true, "U+FFFF"},
      {"\xED\x9F\xBF", true, "U+D7FF, just below surrogates"},
      {"\xEE\x80\x80", true, "U+E000, just above surrogates"},
      {"\xF0\x9F\x98\x80", true, "emoji"},
      {"\xF4\x8F\xBF\xBF", true, "U+10FFFF"},
      {std::string("a\0b", 3), true, "NUL is valid UTF-8"},
      {"\x80", false, "stray continuation"},
      {"\xBF", false, "stray continuation"},
      {"\xC0\xAF", false, "overlong '/'"},
      {"\xC1\xBF", false, "overlong 2-byte"},
      {"\xE0\x80\xAF", false, "overlong 3-byte"},
      {"\xE0\x9F\xBF", false, "overlong 3-byte max"},
      {"\xF0\x80\x80\xAF", false, "overlong 4-byte"},
      {"\xF0\x8F\xBF\xBF", false, "overlong 4-byte max"},
      {"\xED\xA0\x80", false, "U+D800 surrogate"},
      {"\xED\xBF\xBF", false, "U+DFFF surrogate"},
      {"\xF4\x90\x80\x80", false, "U+110000"},
      {"\xF5\x80\x80\x80", false, "lead F5"},
      {"\xFF", false, "byte FF"},
      {"\xC3", false, "truncated 2-byte"},
      {"\xE2\x82", false, "truncated 3-byte"},
      {"\xF0\x9F\x98", false, "truncated 4-byte"},
      {"\xE2\x28\xA1", false, "bad continuation"},
      {"\xF0\x9F\x28\x80", false, "bad third byte"},
      {"a\xC3", false, "truncated at the end"},
  };
  for (const auto& test : cases) {
    EXPECT_EQ(is_valid_utf8(test.bytes), test.valid) << test.why;
  }
}

TEST(Utf8, LengthCountsCodePoints) {
  EXPECT_EQ(utf8_length(""), 0u);
  EXPECT_EQ(utf8_length("abc"), 3u);
  EXPECT_EQ(utf8_length("\xD8\xB3\xD9\x84\xD8\xA7\xD9\x85"), 4u);
  EXPECT_EQ(utf8_length("\xE2\x82\xAC"
                        "1"),
            2u);
  EXPECT_EQ(utf8_length("\xF0\x9F\x98\x80"), 1u);
}

TEST(Utf8, CheckText) {
  EXPECT_TRUE(check_text("Acme GmbH", 300, "name").ok());
  EXPECT_TRUE(check_text("line 1\nline 2\r\n\tindented", 300, "note").ok());
  EXPECT_TRUE(check_text("\xE2\x82\xAC\xE2\x82\xAC", 2, "name").ok());  // 2 chars, 6 bytes
  EXPECT_TRUE(check_text("", 0, "name").ok());

  struct Case {
    std::string text;
    std::size_t length_max;
    const char* code;
  };
  const Case cases[] = {
      {"\xC3", 10, "text_invalid_utf8"},
      {"\xED\xA0\x80", 10, "text_invalid_utf8"},
      {"abc", 2, "text_too_long"},
      {"\xE2\x82\xAC\xE2\x82\xAC\xE2\x82\xAC", 2, "text_too_long"},
      {std::string("a\0b", 3), 10, "text_control_characters"},
      {"bell\x07", 10, "text_control_characters"},
      {"esc\x1B[0m", 10, "text_control_characters"},
      {"del\x7F", 10, "text_control_characters"},
  };
  for (const auto& test : cases) {
    auto checked = check_text(test.text, test.length_max, "name");
    ASSERT_FALSE(checked.ok()) << test.code;
    EXPECT_EQ(checked.error().code(), test.code);
    EXPECT_EQ(checked.error().kind(), ErrorKind::validation);
    ASSERT_EQ(checked.error().fields().size(), 1u);
    EXPECT_EQ(checked.error().fields()[0].field, "name");
  }
}

}  // namespace
}  // namespace keel
