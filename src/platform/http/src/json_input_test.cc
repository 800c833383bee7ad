#include "keel/http/json_input.h"

#include <gtest/gtest.h>

namespace keel::http {
namespace {

using nlohmann::json;

std::vector<std::pair<std::string, std::string>> problems(const Result<void>& result) {
  std::vector<std::pair<std::string, std::string>> out;
  if (result.ok()) return out;
  EXPECT_EQ(result.error().code(), "input_invalid");
  EXPECT_EQ(result.error().kind(), ErrorKind::validation);
  for (const auto& field : result.error().fields()) out.emplace_back(field.field, field.code);
  return out;
}
using Problems = std::vector<std::pair<std::string, std::string>>;

TEST(ObjectReader, ReadsAValidObject) {
  json document = {{"name", "Tehran Steel"}, {"count", 3},      {"active", true},
                   {"tags", {"a", "b"}},     {"note", nullptr}, {"id", 9}};
  ObjectReader in(document);
  EXPECT_EQ(in.required_string("name", 20), "Tehran Steel");
  EXPECT_EQ(in.optional_integer("count", 0, 10), 3);
  EXPECT_EQ(in.optional_bool("active"), true);
  EXPECT_EQ(in.optional_string_array("tags", 5, 5), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(in.optional_string("note", 10), std::nullopt);
  EXPECT_EQ(in.optional_string("absent", 10), std::nullopt);
  EXPECT_TRUE(in.has("name"));
  EXPECT_FALSE(in.has("note"));
  in.ignore("id");
  EXPECT_TRUE(in.finish().ok());
}

TEST(ObjectReader, ReportsUnknownFields) {
  json document = {{"name", "x"}, {"nmae", "typo"}};
  ObjectReader in(document);
  in.required_string("name", 10);
  EXPECT_EQ(problems(in.finish()), (Problems{{"nmae", "field_unknown"}}));
}

TEST(ObjectReader, ReportsWrongTypes) {
  json document = {{"name", 5},     {"count", "5"}, {"ratio", 1.0},
                   {"flag", "yes"}, {"tags", "a"},  {"more", {"a", 2}}};
  ObjectReader in(document);
  in.required_string("name", 10);
  in.optional_integer("count", 0, 10);
  in.optional_integer("ratio", 0, 10);
  in.optional_bool("flag");
  in.optional_string_array("tags", 5, 5);
  in.optional_string_array("more", 5, 5);
  EXPECT_EQ(problems(in.finish()), (Problems{{"name", "field_type_invalid"},
                                             {"count", "field_type_invalid"},
                                             {"ratio", "field_type_invalid"},
                                             {"flag", "field_type_invalid"},
                                             {"tags", "field_type_invalid"},
                                             {"more/1", "field_type_invalid"}}));
}

TEST(ObjectReader, ReportsTooLongAndOutOfRange) {
  json document = {{"name", "abcdef"},
                   {"count", 11},
                   {"big", 18446744073709551615ull},
                   {"tags", {"a", "b", "c"}},
                   {"words", {"ok", "toolong"}}};
  ObjectReader in(document, "lines/0");
  in.required_string("name", 5);
  in.optional_integer("count", 0, 10);
  in.optional_integer("big", 0, INT64_MAX);
  in.optional_string_array("tags", 2, 5);
  in.optional_string_array("words", 5, 5);
  EXPECT_EQ(problems(in.finish()), (Problems{{"lines/0/name", "field_too_long"},
                                             {"lines/0/count", "field_out_of_range"},
                                             {"lines/0/big", "field_out_of_range"},
                                             {"lines/0/tags", "field_too_long"},
                                             {"lines/0/words/1", "field_too_long"}}));
}

TEST(ObjectReader, CountsLengthInBytes) {
  json document = {{"name", "ایران"}};  // 5 letters, 10 bytes
  ObjectReader in(document);
  in.required_string("name", 9);
  EXPECT_EQ(problems(in.finish()), (Problems{{"name", "field_too_long"}}));
}

TEST(ObjectReader, RefusesInvalidUtf8AndControlCharacters) {
  json document;
  document["bad"] = std::string("a\xC3\x28");
  document["overlong"] = std::string("\xC0\xAF");
  document["surrogate"] = std::string("\xED\xA0\x80");
  document["control"] = std::string("a\x01");
  document["newline"] = std::string("line 1\nline 2\ttab");
  ObjectReader in(document);
  in.optional_string("bad", 100);
  in.optional_string("overlong", 100);
  in.optional_string("surrogate", 100);
  in.optional_string("control", 100);
  EXPECT_EQ(in.optional_string("newline", 100), "line 1\nline 2\ttab");
  EXPECT_EQ(problems(in.finish()), (Problems{{"bad", "field_text_invalid"},
                                             {"overlong", "field_text_invalid"},
                                             {"surrogate", "field_text_invalid"},
                                             {"control", "field_text_invalid"}}));
}

TEST(ObjectReader, ReportsMissingAndEmptyRequiredFields) {
  json document = {{"name", ""}, {"code", nullptr}};
  ObjectReader in(document);
  in.required_string("name", 10);
  in.required_string("code", 10);
  in.required_string("email", 10);
  EXPECT_EQ(
      problems(in.finish()),
      (Problems{{"name", "field_empty"}, {"code", "field_required"}, {"email", "field_required"}}));
}

TEST(ObjectReader, RefusesANonObject) {
  json document = json::array({1, 2});
  ObjectReader in(document, "lines/3");
  in.required_string("name", 10);
  EXPECT_EQ(problems(in.finish()), (Problems{{"lines/3", "field_type_invalid"}}));
}

TEST(ObjectReader, NestsReadersAndCallerErrors) {
  json document = {{"line", {{"qty", "x"}}}, {"amount", "1,00"}};
  ObjectReader in(document);
  const json* line = in.optional_value("line");
  ASSERT_NE(line, nullptr);
  ObjectReader nested(*line);
  nested.optional_integer("qty", 0, 5);
  auto nested_result = nested.finish();
  ASSERT_FALSE(nested_result.ok());
  in.fail("line", nested_result.error());
  in.ignore("amount");
  in.fail("amount", "amount_invalid", "Not an amount.");
  EXPECT_EQ(problems(in.finish()),
            (Problems{{"line/qty", "field_type_invalid"}, {"amount", "amount_invalid"}}));
  // finish() is stable: calling it again reports the same problems once.
  EXPECT_EQ(in.finish().error().fields().size(), 2u);
}

}  // namespace
}  // namespace keel::http
