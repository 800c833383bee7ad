#include "partners_domain.h"

#include <gtest/gtest.h>

namespace keel::partners::domain {
namespace {

bool contains(const std::string& text, const std::string& query) {
  return normalize_search(text).find(normalize_search(query)) != std::string::npos;
}

TEST(NormalizeSearch, folds_case_including_lithuanian) {
  EXPECT_EQ(normalize_search("ĄŽUOLAS Čepaitis"), "ąžuolas čepaitis");
  EXPECT_TRUE(contains("Šiaulių baldai", "ŠIAULIŲ"));
  EXPECT_TRUE(contains("Northwind Traders", "northWIND"));
}

TEST(NormalizeSearch, unifies_arabic_and_persian_letter_variants) {
  EXPECT_TRUE(contains("محمد رضایی", "محمد"));
  EXPECT_TRUE(contains("علی حسینی", "علي"));       // Arabic yeh finds Persian yeh
  EXPECT_TRUE(contains("علي حسيني", "علی"));       // and the other way round
  EXPECT_TRUE(contains("کامران یزدی", "كامران"));  // Arabic kaf finds keheh
  EXPECT_TRUE(contains("فاطمة", "فاطمه"));         // teh marbuta
  EXPECT_TRUE(contains("أحمد", "احمد"));           // alef with hamza
  EXPECT_TRUE(contains("مُحَمَّد", "محمد"));           // diacritics removed
  EXPECT_TRUE(contains("محـــمد", "محمد"));        // tatweel removed
  EXPECT_TRUE(contains("موسى", "موسی"));           // alef maksura
  EXPECT_EQ(normalize_search("می\u200cروم"), normalize_search("می روم"));  // ZWNJ → space
  EXPECT_EQ(normalize_search("۰۹۱۲"), "0912");                             // Persian digits
}

TEST(NormalizeSearch, removes_hebrew_niqqud_and_keeps_chinese_substrings) {
  EXPECT_TRUE(contains("שָׂרָה לֵוִי", "שרה"));
  EXPECT_TRUE(contains("王伟", "王"));
  EXPECT_EQ(normalize_search("  a \t  b  "), "a b");
  EXPECT_EQ(normalize_search("\xc3\x28"), "");  // invalid UTF-8
}

TEST(Email, accepts_common_and_refuses_broken_addresses) {
  EXPECT_TRUE(is_valid_email("sales@steel.example"));
  EXPECT_TRUE(is_valid_email("first.last+tag@sub.example.co.uk"));
  EXPECT_FALSE(is_valid_email("not-an-email"));
  EXPECT_FALSE(is_valid_email("a@b"));
  EXPECT_FALSE(is_valid_email("a..b@example.com"));
  EXPECT_FALSE(is_valid_email("@example.com"));
  EXPECT_FALSE(is_valid_email("a@-example.com"));
  EXPECT_FALSE(is_valid_email("a b@example.com"));
}

TEST(Codes, country_and_language) {
  EXPECT_TRUE(is_valid_country("IR"));
  EXPECT_TRUE(is_valid_country("LT"));
  EXPECT_FALSE(is_valid_country("ir"));
  EXPECT_FALSE(is_valid_country("ZZ"));
  EXPECT_FALSE(is_valid_country("IRN"));
  EXPECT_TRUE(is_valid_language("fa"));
  EXPECT_TRUE(is_valid_language("he"));
  EXPECT_FALSE(is_valid_language("fa-IR"));
  EXPECT_FALSE(is_valid_language("EN"));
}

TEST(Validate, collects_every_field_problem) {
  PartyDraft draft;
  draft.kind = "company";
  draft.name = "";
  draft.roles = {"customer", "pirate"};
  draft.emails = {"ok@example.com", "bad"};
  draft.addresses = {{"home", "", "", "", "", "", "XX"}};
  draft.language = "Farsi";
  draft.currency = "EURO";
  draft.credit_limit = "-5";
  draft.payment_terms = "Net 30";
  const auto result = validate(draft);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code(), "input_invalid");
  std::map<std::string, std::string> codes;
  for (const auto& field : result.error().fields()) codes[field.field] = field.code;
  EXPECT_EQ(codes["kind"], "party_kind_invalid");
  EXPECT_EQ(codes["name"], "party_name_invalid");
  EXPECT_EQ(codes["roles/1"], "party_role_invalid");
  EXPECT_EQ(codes["emails/1"], "party_email_invalid");
  EXPECT_EQ(codes["addresses/0/kind"], "party_address_kind_invalid");
  EXPECT_EQ(codes["addresses/0/country"], "party_country_invalid");
  EXPECT_EQ(codes["language"], "party_language_invalid");
  EXPECT_EQ(codes["currency"], "currency_invalid");
  EXPECT_EQ(codes["payment_terms"], "party_payment_terms_invalid");
}

TEST(Validate, credit_limit_rules) {
  PartyDraft draft;
  draft.kind = "organization";
  draft.name = "UAB Test";
  draft.credit_limit = "100";
  auto no_currency = validate(draft);
  ASSERT_FALSE(no_currency.ok());
  EXPECT_EQ(no_currency.error().fields().at(0).code, "party_currency_required");
  draft.currency = "EUR";
  draft.credit_limit = "-1.00";
  EXPECT_EQ(validate(draft).error().fields().at(0).code, "credit_limit_negative");
  draft.credit_limit = "1.001";
  EXPECT_EQ(validate(draft).error().fields().at(0).code, "amount_too_many_decimals");
  draft.credit_limit = "1,000";
  EXPECT_EQ(validate(draft).error().fields().at(0).code, "amount_invalid");
  draft.credit_limit = "99999999999999999999";
  EXPECT_EQ(validate(draft).error().fields().at(0).code, "amount_out_of_range");
  draft.currency = "XYZ";
  draft.credit_limit = std::nullopt;
  EXPECT_EQ(validate(draft).error().fields().at(0).code, "currency_unknown");
  draft.currency = "IRR";
  draft.credit_limit = "5000000000";
  const auto ok = validate(draft);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->credit_limit->to_string(), "5000000000");
}

TEST(Validate, other_field_codes) {
  PartyDraft draft;
  draft.kind = "organization";
  draft.name = std::string("bad\x01name");
  draft.parent_id = 5;
  draft.phones = {"call me"};
  draft.websites = {"not a site"};
  draft.social = {{"Linked In", "x"}};
  draft.tags = {"a;b"};
  draft.tax_id = std::string(65, '1');
  draft.owner_id = 0;
  draft.addresses = {{"billing", std::string(301, 's'), "", "", "", "", ""}};
  draft.emails.assign(21, "a@example.com");
  const auto result = validate(draft);
  ASSERT_FALSE(result.ok());
  std::map<std::string, std::string> codes;
  for (const auto& field : result.error().fields()) codes[field.field] = field.code;
  EXPECT_EQ(codes["name"], "party_name_invalid");
  EXPECT_EQ(codes["parent_id"], "party_parent_invalid");  // an organization has no parent
  EXPECT_EQ(codes["phones/0"], "party_phone_invalid");
  EXPECT_EQ(codes["websites/0"], "party_website_invalid");
  EXPECT_EQ(codes["social/0"], "party_social_invalid");
  EXPECT_EQ(codes["tags/0"], "party_tag_invalid");
  EXPECT_EQ(codes["tax_id"], "field_too_long");
  EXPECT_EQ(codes["owner_id"], "party_owner_invalid");
  EXPECT_EQ(codes["addresses/0/street"], "field_too_long");
  EXPECT_EQ(codes["emails"], "party_items_too_many");
  draft = {};
  draft.kind = "person";
  draft.name = "x";
  draft.notes = std::string("bad\x02");
  draft.addresses = {{"billing", std::string("a\x03"), "", "", "", "", ""}};
  const auto notes = validate(draft);
  codes.clear();
  for (const auto& field : notes.error().fields()) codes[field.field] = field.code;
  EXPECT_EQ(codes["notes"], "party_notes_invalid");
  EXPECT_EQ(codes["addresses/0/street"], "party_address_invalid");
}

TEST(Validate, name_length_counts_characters_not_bytes) {
  PartyDraft draft;
  draft.kind = "person";
  std::string persian;
  for (int i = 0; i < 300; ++i) persian += "ب";  // 600 bytes, 300 characters
  draft.name = persian;
  EXPECT_TRUE(validate(draft).ok());
  draft.name += "ب";
  EXPECT_EQ(validate(draft).error().fields().at(0).code, "field_too_long");
}

TEST(Validate, round_trips_through_to_draft) {
  PartyDraft draft;
  draft.kind = "person";
  draft.name = " Jonas  ";
  draft.parent_id = 7;
  draft.roles = {"supplier", "customer", "customer"};
  draft.emails = {"J@Example.com", "j@example.com"};
  draft.currency = "EUR";
  draft.credit_limit = "10.5";
  const PartyData data = validate(draft).value();
  EXPECT_EQ(data.name, "Jonas");
  EXPECT_EQ(data.roles, (std::vector<Role>{Role::customer, Role::supplier}));
  EXPECT_EQ(data.emails.size(), 1u);  // duplicates under case folding dropped
  EXPECT_EQ(validate(to_draft(data)).value(), data);
}

TEST(Cursor, round_trips_and_refuses_garbage) {
  const Cursor cursor{"-name", "محمد \"x\"", 42};
  const auto decoded = decode_cursor(encode_cursor(cursor));
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded->sort, "-name");
  EXPECT_EQ(decoded->value, cursor.value);
  EXPECT_EQ(decoded->id, 42);
  EXPECT_EQ(decode_cursor("!!!").error().code(), "list_cursor_invalid");
  EXPECT_EQ(decode_cursor("YWJj").error().code(), "list_cursor_invalid");  // "abc"
}

TEST(Like, escapes_metacharacters) { EXPECT_EQ(escape_like("50%_a\\b"), "50\\%\\_a\\\\b"); }

}  // namespace
}  // namespace keel::partners::domain
