#include "keel/core/csv.h"

#include <gtest/gtest.h>

namespace keel {
namespace {

TEST(Csv, parses_rfc4180_quoting) {
  const auto records = csv::parse(
      "\xEF\xBB\xBF"
      "a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"multi\nline\"\n\n1,,3",
      10);
  ASSERT_TRUE(records.ok());
  ASSERT_EQ(records->size(), 3u);
  EXPECT_EQ((*records)[0], (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ((*records)[1], (std::vector<std::string>{"x, y", "say \"hi\"", "multi\nline"}));
  EXPECT_EQ((*records)[2], (std::vector<std::string>{"1", "", "3"}));
}

TEST(Csv, refuses_malformed_quotes_and_too_many_records) {
  EXPECT_EQ(csv::parse("a,\"b\n", 10).error().code(), "import_csv_malformed");
  EXPECT_EQ(csv::parse("a,b\"c\"\n", 10).error().code(), "import_csv_malformed");
  EXPECT_EQ(csv::parse("a,\"b\"c\n", 10).error().code(), "import_csv_malformed");
  EXPECT_EQ(csv::parse("h\n1\n2\n3\n", 3).error().code(), "import_too_many_rows");
  EXPECT_TRUE(csv::parse("h\n1\n2\n", 3).ok());
}

TEST(Csv, neutralises_formulas_and_quotes_when_needed) {
  EXPECT_EQ(csv::cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
  EXPECT_EQ(csv::cell("+98 21 1234"), "'+98 21 1234");
  EXPECT_EQ(csv::cell("-5"), "'-5");
  EXPECT_EQ(csv::cell("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(csv::cell("plain"), "plain");
  EXPECT_EQ(csv::cell("a,b"), "\"a,b\"");
  EXPECT_EQ(csv::unneutralise("'+98 21 1234"), "+98 21 1234");
  EXPECT_EQ(csv::unneutralise("'quoted"), "'quoted");
}

}  // namespace
}  // namespace keel
