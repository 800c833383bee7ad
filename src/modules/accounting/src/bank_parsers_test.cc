// The statement parsers on the committed samples (testdata/bank) and on malformed input.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "keel/accounting/bank_api.h"
#include "keel/testing/database.h"

namespace keel::accounting::bank {
namespace {

std::string sample(const std::string& name) {
  std::ifstream in(std::string(KEEL_BANK_TESTDATA) + "/" + name, std::ios::binary);
  EXPECT_TRUE(in.good()) << name;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

Currency currency(std::string_view code) { return Currency::from_code(code).value(); }

std::string amount(const StatementLine& line) { return line.amount.to_string(); }

TEST(BankCamt053, reads_booked_entries_with_references) {
  const auto parsed = parse_camt053(sample("camt053_eur.xml"), currency("EUR"));
  KEEL_ASSERT_OK(parsed);
  const Statement& s = *parsed;
  EXPECT_EQ(s.statement_id, "2026-03-LT12");
  EXPECT_EQ(s.account, "DE89370400440532013000");
  EXPECT_EQ(s.opening_balance->to_string(), "10000.00");
  EXPECT_EQ(s.closing_balance->to_string(), "10987.05");
  ASSERT_EQ(s.lines.size(), 3u);  // the pending entry is not booked
  EXPECT_EQ(amount(s.lines[0]), "1190.00");
  EXPECT_EQ(s.lines[0].date.to_string(), "2026-03-05");
  EXPECT_EQ(s.lines[0].external_id, "BK-2026-03-05-000117");
  EXPECT_EQ(s.lines[0].reference, "INV-2026-0042");
  EXPECT_EQ(s.lines[0].description, "Invoice INV-2026-0042 thank you");
  EXPECT_EQ(s.lines[0].counterparty, "Müller & Söhne KG");
  EXPECT_EQ(s.lines[0].counterparty_account, "DE02120300000000202051");
  EXPECT_EQ(amount(s.lines[1]), "-200.45");
  EXPECT_EQ(s.lines[1].value_date->to_string(), "2026-03-11");
  EXPECT_EQ(s.lines[1].counterparty, "Office Supplies Ltd");
  EXPECT_EQ(s.lines[1].reference, "PO-7781");
  EXPECT_EQ(amount(s.lines[2]), "-2.50");
  EXPECT_EQ(s.lines[2].description, "Account maintenance fee March");
}

TEST(BankCamt053, refuses_other_currency) {
  KEEL_ASSERT_ERROR(parse_camt053(sample("camt053_eur.xml"), currency("USD")),
                    "statement_currency_mismatch");
}

TEST(BankCamt053, refuses_malformed_documents) {
  const std::string good = sample("camt053_eur.xml");
  const Currency eur = currency("EUR");
  KEEL_ASSERT_ERROR(parse_camt053(good.substr(0, good.size() / 2), eur),
                    "statement_format_invalid");
  KEEL_ASSERT_ERROR(parse_camt053("", eur), "statement_empty");
  KEEL_ASSERT_ERROR(parse_camt053("  \n", eur), "statement_empty");
  const std::string billion_laughs =
      "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 "
      "\"&lol;&lol;\">]><Document>&lol2;</Document>";
  KEEL_ASSERT_ERROR(parse_camt053(billion_laughs, eur), "statement_format_invalid");
  const std::string external =
      "<?xml version=\"1.0\"?><!DOCTYPE d SYSTEM \"file:///etc/passwd\"><Document/>";
  KEEL_ASSERT_ERROR(parse_camt053(external, eur), "statement_format_invalid");
  KEEL_ASSERT_ERROR(parse_camt053("<Document>&foo;</Document>", eur), "statement_format_invalid");
  KEEL_ASSERT_ERROR(parse_camt053("<Document><a></b></Document>", eur),
                    "statement_format_invalid");
  KEEL_ASSERT_ERROR(parse_camt053("<Document>&#0;</Document>", eur), "statement_format_invalid");
  KEEL_ASSERT_ERROR(parse_camt053("<Other/>", eur), "statement_format_invalid");
  KEEL_ASSERT_ERROR(parse_camt053("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><Document/>", eur),
                    "statement_encoding_invalid");
  KEEL_ASSERT_ERROR(parse_camt053("<Document>\xC3\x28</Document>", eur),
                    "statement_encoding_invalid");
}

TEST(BankCamt053, refuses_bad_amounts_and_dates) {
  std::string text = sample("camt053_eur.xml");
  const Currency eur = currency("EUR");
  std::string bad_amount = text;
  bad_amount.replace(bad_amount.find("1190.00"), 7, "1,190.00");
  KEEL_ASSERT_ERROR(parse_camt053(bad_amount, eur), "statement_amount_invalid");
  std::string decimals = text;
  decimals.replace(decimals.find("200.45"), 6, "200.455");
  KEEL_ASSERT_ERROR(parse_camt053(decimals, eur), "statement_amount_invalid");
  std::string bad_date = text;
  bad_date.replace(bad_date.find("2026-03-10"), 10, "2026-02-30");
  KEEL_ASSERT_ERROR(parse_camt053(bad_date, eur), "statement_date_invalid");
  std::string entry_currency = text;
  entry_currency.replace(entry_currency.find("<Amt Ccy=\"EUR\">200.45"), 15, "<Amt Ccy=\"USD\">");
  KEEL_ASSERT_ERROR(parse_camt053(entry_currency, eur), "statement_currency_mismatch");
}

TEST(BankCamt053, bounds_size_and_depth) {
  const Currency eur = currency("EUR");
  KEEL_ASSERT_ERROR(parse_camt053(std::string(kStatementBytesMax + 1, ' '), eur),
                    "statement_too_large");
  std::string deep;
  for (int i = 0; i < 100; ++i) deep += "<a>";
  KEEL_ASSERT_ERROR(parse_camt053(deep, eur), "statement_too_large");
}

void expect_ofx_usd_march(const Statement& s) {
  EXPECT_EQ(s.account, "000123456789");
  ASSERT_EQ(s.lines.size(), 3u);
  EXPECT_EQ(amount(s.lines[0]), "2500.00");
  EXPECT_EQ(s.lines[0].date.to_string(), "2026-03-03");
  EXPECT_EQ(s.lines[0].external_id, "202603030001");
  EXPECT_EQ(s.lines[0].counterparty, "ACME CORP");
  EXPECT_EQ(s.lines[0].description, "Payment INV-1001 & INV-1002");
  EXPECT_EQ(amount(s.lines[1]), "-349.99");
  EXPECT_EQ(s.lines[1].reference, "1047");
  EXPECT_EQ(amount(s.lines[2]), "-12.00");
  EXPECT_EQ(s.lines[2].description, "MONTHLY SERVICE FEE");
  EXPECT_EQ(s.closing_balance->to_string(), "8138.01");
}

TEST(BankOfx, reads_sgml_version_1) {
  const auto parsed = parse_ofx(sample("ofx1_usd.ofx"), currency("USD"));
  KEEL_ASSERT_OK(parsed);
  expect_ofx_usd_march(*parsed);
}

TEST(BankOfx, reads_xml_version_2) {
  const auto parsed = parse_ofx(sample("ofx2_usd.ofx"), currency("USD"));
  KEEL_ASSERT_OK(parsed);
  ASSERT_EQ(parsed->lines.size(), 2u);
  const auto& first = parsed->lines[0];
  EXPECT_EQ(amount(first), "1200.50");
  EXPECT_EQ(first.date.to_string(), "2026-04-02");
  EXPECT_EQ(first.value_date->to_string(), "2026-04-01");
  EXPECT_EQ(first.reference, "RF18539007547034");
  EXPECT_EQ(first.counterparty, "Globex <Retail>");
  EXPECT_EQ(amount(parsed->lines[1]), "-75.25");
  EXPECT_EQ(parsed->lines[1].counterparty, "Cloud Hosting Inc");
  EXPECT_EQ(parsed->lines[1].date.to_string(), "2026-04-15");
}

TEST(BankOfx, refuses_malformed_files) {
  const Currency usd = currency("USD");
  const std::string v1 = sample("ofx1_usd.ofx");
  KEEL_ASSERT_ERROR(parse_ofx(v1, currency("EUR")), "statement_currency_mismatch");
  KEEL_ASSERT_ERROR(parse_ofx(v1.substr(0, v1.size() - 40), usd), "statement_format_invalid");
  KEEL_ASSERT_ERROR(parse_ofx("hello", usd), "statement_format_invalid");
  std::string bad = v1;
  bad.replace(bad.find("-349.99"), 7, "-349,99");
  KEEL_ASSERT_ERROR(parse_ofx(bad, usd), "statement_amount_invalid");
  std::string bad_date = v1;
  bad_date.replace(bad_date.find("20260308"), 8, "2026030X");
  KEEL_ASSERT_ERROR(parse_ofx(bad_date, usd), "statement_date_invalid");
  const std::string v2 = sample("ofx2_usd.ofx");
  KEEL_ASSERT_ERROR(parse_ofx(v2.substr(0, v2.size() / 2), usd), "statement_format_invalid");
}

CsvMapping us_mapping() {
  CsvMapping m;
  m.date = "Date";
  m.date_format = DateFormat::month_day_year_slash;
  m.amount = "Amount";
  m.description = "Description";
  m.reference = "Reference";
  m.counterparty = "Payee";
  return m;
}

TEST(BankCsv, reads_a_us_export) {
  const auto parsed = parse_csv(sample("generic_us.csv"), us_mapping(), currency("USD"));
  KEEL_ASSERT_OK(parsed);
  ASSERT_EQ(parsed->lines.size(), 3u);
  EXPECT_EQ(parsed->lines[0].date.to_string(), "2026-03-02");
  EXPECT_EQ(amount(parsed->lines[0]), "1234.56");
  EXPECT_EQ(parsed->lines[0].description, "Deposit, invoice INV-2001");
  EXPECT_EQ(parsed->lines[0].counterparty, "Initech \"West\" LLC");
  EXPECT_EQ(amount(parsed->lines[1]), "-45.10");
  EXPECT_EQ(parsed->lines[2].reference, "FEE-03");
}

CsvMapping lithuanian_mapping() {
  CsvMapping m;
  m.delimiter = ';';
  m.skip_rows = 1;
  m.date = "Data";
  m.debit = "Debetas";
  m.credit = "Kreditas";
  m.decimal_separator = ',';
  m.thousands_separator = ' ';
  m.description = "Mokėjimo paskirtis";
  m.counterparty = "Gavėjas / mokėtojas";
  m.reference = "Nuorodos Nr.";
  m.external_id = "Įrašo Nr.";
  return m;
}

TEST(BankCsv, reads_a_lithuanian_export_with_bom_and_debit_credit_columns) {
  const auto parsed = parse_csv(sample("lithuanian_bom.csv"), lithuanian_mapping(),
                                currency("EUR"));
  KEEL_ASSERT_OK(parsed);
  ASSERT_EQ(parsed->lines.size(), 3u);
  EXPECT_EQ(amount(parsed->lines[0]), "1250.00");
  EXPECT_EQ(parsed->lines[0].counterparty, "UAB „Žalgiris ir partneriai“");
  EXPECT_EQ(parsed->lines[0].external_id, "LT-20260302-1");
  EXPECT_EQ(amount(parsed->lines[1]), "-600.00");
  EXPECT_EQ(amount(parsed->lines[2]), "-1.45");
  EXPECT_EQ(parsed->lines[2].date.to_string(), "2026-03-31");
}

TEST(BankCsv, reads_a_persian_export_with_jalali_dates_and_persian_digits) {
  CsvMapping m;
  m.date = "تاریخ";
  m.date_format = DateFormat::jalali;
  m.debit = "برداشت";
  m.credit = "واریز";
  m.thousands_separator = ',';
  m.description = "شرح";
  m.reference = "شماره پیگیری";
  m.counterparty = "طرف حساب";
  const auto parsed = parse_csv(sample("persian_jalali.csv"), m, currency("IRR"));
  KEEL_ASSERT_OK(parsed);
  ASSERT_EQ(parsed->lines.size(), 3u);
  EXPECT_EQ(parsed->lines[0].date, from_jalali(1405, 1, 15).value());
  EXPECT_EQ(parsed->lines[0].date.to_string(), "2026-04-04");
  EXPECT_EQ(amount(parsed->lines[0]), "12500000");
  EXPECT_EQ(amount(parsed->lines[1]), "-45000000");
  EXPECT_EQ(amount(parsed->lines[2]), "-120000");
  EXPECT_EQ(parsed->lines[0].reference, "۸۸۲۱۰۴");
  EXPECT_EQ(parsed->lines[0].counterparty, "شرکت آریا تجارت");
}

TEST(BankCsv, amounts_follow_the_mapping_strictly) {
  CsvMapping m;
  m.has_header = false;
  m.date = "1";
  m.amount = "2";
  m.decimal_separator = ',';
  const Currency eur = currency("EUR");
  KEEL_ASSERT_ERROR(parse_csv("2026-03-01,\"1,000.00\"\n", m, eur), "statement_amount_invalid");
  m.delimiter = ';';
  KEEL_ASSERT_ERROR(parse_csv("2026-03-01;1.000,00\n", m, eur), "statement_amount_invalid");
  m.thousands_separator = '.';
  const auto grouped = parse_csv("2026-03-01;1.000,00\n2026-03-02;(12,50)\n2026-03-03;7,5-\n", m,
                                 eur);
  KEEL_ASSERT_OK(grouped);
  EXPECT_EQ(amount(grouped->lines[0]), "1000.00");
  EXPECT_EQ(amount(grouped->lines[1]), "-12.50");
  EXPECT_EQ(amount(grouped->lines[2]), "-7.50");
  KEEL_ASSERT_ERROR(parse_csv("2026-03-01;10.00,00\n", m, eur), "statement_amount_invalid");
  KEEL_ASSERT_ERROR(parse_csv("2026-03-01;1,005\n", m, eur), "statement_amount_invalid");
  KEEL_ASSERT_ERROR(parse_csv("2026-03-01;\n", m, eur), "statement_amount_invalid");
  m.amount_outflow_positive = true;
  EXPECT_EQ(amount(parse_csv("2026-03-01;5,00\n", m, eur)->lines[0]), "-5.00");
}

TEST(BankCsv, refuses_bad_dates_columns_and_mappings) {
  const Currency usd = currency("USD");
  KEEL_ASSERT_ERROR(parse_csv("Date,Amount\n13/01/2026,1.00\n", us_mapping(), usd),
                    "statement_column_missing");
  CsvMapping m = us_mapping();
  m.description.clear();
  m.reference.clear();
  m.counterparty.clear();
  KEEL_ASSERT_ERROR(parse_csv("Date,Amount\n13/01/2026,1.00\n", m, usd),
                    "statement_date_invalid");
  KEEL_ASSERT_ERROR(parse_csv("Date,Amount\n02/30/2026,1.00\n", m, usd),
                    "statement_date_invalid");
  KEEL_ASSERT_ERROR(parse_csv("Date,Amount\n01/02/2026\n", m, usd), "statement_column_missing");
  KEEL_ASSERT_ERROR(parse_csv("Date,Amount\n", m, usd), "statement_empty");
  KEEL_ASSERT_ERROR(parse_csv("Date,Amount\n01/02/2026,\"1.00\n", m, usd),
                    "statement_format_invalid");
  KEEL_ASSERT_ERROR(parse_csv("Date,Amount\n01/02/2026,1.0\"0\n", m, usd),
                    "statement_format_invalid");
  CsvMapping both = m;
  both.debit = "Debit";
  KEEL_ASSERT_ERROR(parse_csv("x", both, usd), "csv_mapping_invalid");
  CsvMapping separators = m;
  separators.thousands_separator = '.';
  KEEL_ASSERT_ERROR(parse_csv("x", separators, usd), "csv_mapping_invalid");
  KEEL_ASSERT_ERROR(parse_date_format("YY-MM-DD"), "csv_date_format_unknown");
  KEEL_ASSERT_ERROR(parse_statement_format("qif"), "statement_format_unknown");
}

TEST(BankCsv, refuses_control_characters_and_too_many_rows) {
  CsvMapping m;
  m.has_header = false;
  m.date = "1";
  m.amount = "2";
  m.description = "3";
  const Currency eur = currency("EUR");
  KEEL_ASSERT_ERROR(parse_csv("2026-03-01,1.00,bad\x01text\n", m, eur), "statement_text_invalid");
  std::string many;
  for (std::size_t i = 0; i <= kStatementLinesMax; ++i) many += "2026-03-01,1.00,x\n";
  KEEL_ASSERT_ERROR(parse_csv(many, m, eur), "statement_too_large");
}

}  // namespace
}  // namespace keel::accounting::bank
