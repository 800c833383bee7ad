#include "formats_vcard.h"

#include <gtest/gtest.h>

#include <string>

#include "keel/core/utf8.h"

namespace keel::crm::formats {
namespace {

std::vector<Contact> parsed(std::string_view text) {
  Result<std::vector<Contact>> result = parse_vcards(text);
  EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().message());
  if (!result.ok()) return {};
  return std::move(result).value();
}

Error failure(std::string_view text) {
  Result<std::vector<Contact>> result = parse_vcards(text);
  EXPECT_FALSE(result.ok());
  if (result.ok()) return Error::internal("unexpected_success", "");
  EXPECT_EQ(result.error().kind(), ErrorKind::validation);
  EXPECT_EQ(result.error().fields().size(), 1u);
  if (!result.error().fields().empty()) {
    EXPECT_EQ(result.error().fields()[0].field, "file");
  }
  return std::move(result).error();
}

// Physical lines of `text`, which must all end in CRLF.
std::vector<std::string> crlf_lines(std::string_view text) {
  std::vector<std::string> lines;
  while (!text.empty()) {
    const std::size_t end = text.find("\r\n");
    EXPECT_NE(end, std::string_view::npos) << "a line without CRLF";
    if (end == std::string_view::npos) break;
    lines.emplace_back(text.substr(0, end));
    text.remove_prefix(end + 2);
  }
  return lines;
}

void expect_well_folded(std::string_view text) {
  EXPECT_TRUE(is_valid_utf8(text));
  for (const std::string& line : crlf_lines(text)) {
    EXPECT_LE(line.size(), 75u) << line;
    EXPECT_EQ(line.find_first_of("\r\n"), std::string::npos);
    // A continuation line must not start in the middle of a UTF-8 sequence.
    if (!line.empty() && line[0] == ' ' && line.size() > 1) {
      EXPECT_NE(static_cast<unsigned char>(line[1]) & 0xC0, 0x80) << line;
    }
  }
}

TEST(FormatsVcard, Version3WithFoldingGroupsAndEscapes) {
  const std::vector<Contact> contacts = parsed(
      "BEGIN:VCARD\r\n"
      "VERSION:3.0\r\n"
      "UID:urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1\r\n"
      "FN:Ada\r\n"
      "  Lovelace\r\n"
      "N:Lovelace;Ada;King;Countess;\r\n"
      "ORG:Analytical Engines\\, Ltd;Research\r\n"
      "TITLE:Chief Programmer\r\n"
      "item1.EMAIL;type=INTERNET;type=pref:ada@example.com\r\n"
      "item1.X-ABLabel:work\r\n"
      "email;TYPE=home:ada.home@example.com\r\n"
      "TEL;TYPE=WORK,VOICE:+44 20 7946 0000\r\n"
      "URL:https://example.com/ada\r\n"
      "ADR;TYPE=WORK:;;12 St James\\'s Square\\nFloor 2;London;;SW1Y 4JH;United Kingdom\r\n"
      "NOTE:Met at the exhibition\\; wants 40 chairs\\, 2 tables.\\nCall back.\r\n"
      "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD\r\n"
      " /2wBDAAMCAgICAgMCAgIDAwMDBAYEBAQEBAgGBgUGCQgKCgkICQkKDA8MCgsOCwkJDRENDg8Q\r\n"
      "END:VCARD\r\n");
  ASSERT_EQ(contacts.size(), 1u);
  const Contact& ada = contacts[0];
  EXPECT_EQ(ada.uid, "urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1");
  EXPECT_EQ(ada.full_name, "Ada Lovelace");
  EXPECT_EQ(ada.given_name, "Ada");
  EXPECT_EQ(ada.family_name, "Lovelace");
  EXPECT_EQ(ada.organization, "Analytical Engines, Ltd");
  EXPECT_EQ(ada.title, "Chief Programmer");
  EXPECT_EQ(ada.emails, (std::vector<std::string>{"ada@example.com", "ada.home@example.com"}));
  EXPECT_EQ(ada.phones, std::vector<std::string>{"+44 20 7946 0000"});
  EXPECT_EQ(ada.websites, std::vector<std::string>{"https://example.com/ada"});
  ASSERT_TRUE(ada.address.has_value());
  EXPECT_EQ(ada.address->street, "12 St James's Square\nFloor 2");
  EXPECT_EQ(ada.address->city, "London");
  EXPECT_EQ(ada.address->region, "");
  EXPECT_EQ(ada.address->postal_code, "SW1Y 4JH");
  EXPECT_EQ(ada.address->country, "United Kingdom");
  EXPECT_EQ(ada.note, "Met at the exhibition; wants 40 chairs, 2 tables.\nCall back.");
}

TEST(FormatsVcard, Version4LowerCaseAndUris) {
  const std::vector<Contact> contacts = parsed(
      "begin:vcard\n"
      "version:4.0\n"
      "fn:Li Wei\n"
      "tel;value=uri;type=\"voice,cell\":tel:+86-10-1234-5678\n"
      "email;pref=1:li@example.cn\n"
      "url:https\\://example.cn\n"
      "end:vcard\n");
  ASSERT_EQ(contacts.size(), 1u);
  EXPECT_EQ(contacts[0].full_name, "Li Wei");
  EXPECT_EQ(contacts[0].given_name, "");
  EXPECT_EQ(contacts[0].phones, std::vector<std::string>{"+86-10-1234-5678"});
  EXPECT_EQ(contacts[0].emails, std::vector<std::string>{"li@example.cn"});
  EXPECT_EQ(contacts[0].websites, std::vector<std::string>{"https://example.cn"});
}

TEST(FormatsVcard, Version21QuotedPrintableCharsetsAndBareParameters) {
  const std::vector<Contact> contacts = parsed(
      "BEGIN:VCARD\r\n"
      "VERSION:2.1\r\n"
      "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=D8=A7=D8=AD=D9=85=D8=AF=DB=8C;=D9=85=D8=B1=\r\n"
      "=DB=8C=D9=85;;;\r\n"
      "ORG;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:Caf=E9 M=FCller\r\n"
      "TEL;WORK;VOICE:+98 21 1234 5678\r\n"
      "TEL;CELL:+98 912 000 0000\r\n"
      "EMAIL;INTERNET:maryam@example.ir\r\n"
      "NOTE;QUOTED-PRINTABLE:line one=0D=0Aline two=\r\n"
      " continued\r\n"
      "PHOTO;ENCODING=BASE64;TYPE=JPEG:\r\n"
      "    /9j/4AAQSkZJRgABAQEASABIAAD/2wBDAAYEBQYFBAYGBQYHBwYIChAKCgkJChQODwwQFxQY\r\n"
      "    GBcUFhYaHSUfGhsjHBYWICwgIyYnKSopGR8tMC0oMCUoKSj/2wBDAQcHBwoIChMKChMoGhYa\r\n"
      "\r\n"
      "END:VCARD\r\n");
  ASSERT_EQ(contacts.size(), 1u);
  const Contact& maryam = contacts[0];
  EXPECT_EQ(maryam.family_name, "احمدی");
  EXPECT_EQ(maryam.given_name, "مریم");
  EXPECT_EQ(maryam.full_name, "مریم احمدی");  // from N, as FN is absent
  EXPECT_EQ(maryam.organization, "Café Müller");
  EXPECT_EQ(maryam.phones, (std::vector<std::string>{"+98 21 1234 5678", "+98 912 000 0000"}));
  EXPECT_EQ(maryam.emails, std::vector<std::string>{"maryam@example.ir"});
  EXPECT_EQ(maryam.note, "line one\nline two continued");
}

TEST(FormatsVcard, ManyCardsAndTextBetweenThem) {
  const std::vector<Contact> contacts = parsed(
      "exported by some tool\n"
      "BEGIN:VCARD\nVERSION:3.0\nFN:One\nEND:VCARD\n"
      "\n"
      "BEGIN:VCARD\nVERSION:3.0\nN:Two;Second;;;\nEND:VCARD\n"
      "BEGIN:VCARD\nVERSION:3.0\nN:;;;;\nORG:Three Ltd\nEND:VCARD\n");
  ASSERT_EQ(contacts.size(), 3u);
  EXPECT_EQ(contacts[0].full_name, "One");
  EXPECT_EQ(contacts[1].full_name, "Second Two");
  EXPECT_EQ(contacts[2].full_name, "Three Ltd");
}

TEST(FormatsVcard, EmptyInputs) {
  EXPECT_EQ(failure("").code(), "vcard_empty");
  EXPECT_EQ(failure("\r\n\r\n").code(), "vcard_empty");
  EXPECT_EQ(failure("hello, this is not a vCard\n").code(), "vcard_empty");
}

TEST(FormatsVcard, MalformedNamesTheLine) {
  const Error unclosed = failure("BEGIN:VCARD\nVERSION:3.0\nFN:A\n");
  EXPECT_EQ(unclosed.code(), "vcard_malformed");
  EXPECT_NE(unclosed.message().find("line 1"), std::string::npos) << unclosed.message();

  const Error nested = failure("BEGIN:VCARD\nFN:A\nBEGIN:VCARD\nFN:B\nEND:VCARD\n");
  EXPECT_EQ(nested.code(), "vcard_malformed");
  EXPECT_NE(nested.message().find("line 1"), std::string::npos) << nested.message();

  const Error stray_end = failure("BEGIN:VCARD\nFN:A\nEND:VCARD\n\nEND:VCARD\n");
  EXPECT_EQ(stray_end.code(), "vcard_malformed");
  EXPECT_NE(stray_end.message().find("line 5"), std::string::npos) << stray_end.message();

  const Error no_colon = failure("BEGIN:VCARD\nFN:A\nthis line has no colon\nEND:VCARD\n");
  EXPECT_EQ(no_colon.code(), "vcard_malformed");
  EXPECT_NE(no_colon.message().find("line 3"), std::string::npos) << no_colon.message();

  const Error nameless =
      failure("BEGIN:VCARD\nFN:A\nEND:VCARD\nBEGIN:VCARD\nEMAIL:x@example.com\nEND:VCARD\n");
  EXPECT_EQ(nameless.code(), "vcard_malformed");
  EXPECT_NE(nameless.message().find("line 4"), std::string::npos) << nameless.message();
}

TEST(FormatsVcard, TooManyCards) {
  std::string text;
  for (std::size_t i = 0; i <= kVcardContactsMax; ++i) text += "BEGIN:VCARD\nFN:x\nEND:VCARD\n";
  EXPECT_EQ(failure(text).code(), "vcard_too_many");
  text.resize(text.size() - std::string_view("BEGIN:VCARD\nFN:x\nEND:VCARD\n").size());
  EXPECT_EQ(parsed(text).size(), kVcardContactsMax);
}

TEST(FormatsVcard, HostileValuesComeOutClean) {
  std::string long_value(100000, 'a');
  const std::vector<Contact> contacts =
      parsed("BEGIN:VCARD\nFN:Bad \xFF\xC0 bytes\x01\x7F\\nhere\nNOTE:" + long_value +
             "\nTITLE;CHARSET=NO-SUCH-CHARSET:x\nEMAIL:a\\\nEND:VCARD\n");
  ASSERT_EQ(contacts.size(), 1u);
  EXPECT_TRUE(is_valid_utf8(contacts[0].full_name));
  EXPECT_EQ(contacts[0].full_name.find_first_of("\x01\x7F\n"), std::string::npos);
  EXPECT_EQ(contacts[0].note.size(), kVcardNoteBytesMax);
  EXPECT_EQ(contacts[0].title, "x");
}

TEST(FormatsVcard, GarbageNeverCrashes) {
  // Deterministic pseudo-random bytes with vCard fragments mixed in.
  std::uint32_t state = 4242;
  const std::string fragments[] = {
      "BEGIN:VCARD\n", "END:VCARD\n", "FN:", "N:;;", "\n ", ";ENCODING=QUOTED-PRINTABLE:",
      "=\n",           "\\",          "\"",  ";"};
  for (int round = 0; round < 300; ++round) {
    std::string text;
    for (int i = 0; i < 300; ++i) {
      state = state * 1664525u + 1013904223u;
      if (state % 5 == 0) {
        text += fragments[(state >> 8) % std::size(fragments)];
      } else {
        text += static_cast<char>(state >> 24);
      }
    }
    Result<std::vector<Contact>> result = parse_vcards(text);
    if (!result.ok()) continue;
    for (const Contact& contact : *result) {
      EXPECT_TRUE(is_valid_utf8(contact.full_name));
      EXPECT_TRUE(is_valid_utf8(contact.note));
      // Whatever was read can be written and read back.
      EXPECT_TRUE(parse_vcards(write_vcards({contact})).ok());
    }
  }
}

TEST(FormatsVcard, WritesVersion3) {
  Contact contact;
  contact.uid = "contact-7@keel.example";
  contact.full_name = "Ada Lovelace";
  contact.given_name = "Ada";
  contact.family_name = "Lovelace";
  contact.organization = "Engines; Ltd";
  contact.emails = {"ada@example.com"};
  contact.phones = {"+44 20 7946 0000"};
  contact.websites = {"https://example.com/a,b"};
  contact.address = VcardAddress{"1 Main St", "London", "", "SW1", "UK"};
  contact.note = "a\\b,c\nd";
  EXPECT_EQ(write_vcards({contact}),
            "BEGIN:VCARD\r\n"
            "VERSION:3.0\r\n"
            "UID:contact-7@keel.example\r\n"
            "FN:Ada Lovelace\r\n"
            "N:Lovelace;Ada;;;\r\n"
            "ORG:Engines\\; Ltd\r\n"
            "EMAIL;TYPE=INTERNET:ada@example.com\r\n"
            "TEL:+44 20 7946 0000\r\n"
            "URL:https://example.com/a,b\r\n"
            "ADR;TYPE=WORK:;;1 Main St;London;;SW1;UK\r\n"
            "NOTE:a\\\\b\\,c\\nd\r\n"
            "END:VCARD\r\n");
}

TEST(FormatsVcard, WriterFallsBackForFullNameAndStripsLineBreaks) {
  Contact contact;
  contact.given_name = "Ada";
  contact.family_name = "Lovelace\r\nX-INJECTED:1";
  const std::string text = write_vcards({contact});
  expect_well_folded(text);
  EXPECT_NE(text.find("FN:Ada Lovelace X-INJECTED:1\r\n"), std::string::npos) << text;
  EXPECT_EQ(text.find("\r\nX-INJECTED"), std::string::npos);
}

TEST(FormatsVcard, FoldsLongLinesOnCharacterBoundaries) {
  Contact contact;
  contact.full_name = "x";
  for (int i = 0; i < 40; ++i) contact.note += "長い備考 ملاحظة طويلة 😀 ";
  contact.note.pop_back();  // values are read back trimmed
  const std::string text = write_vcards({contact});
  expect_well_folded(text);
  EXPECT_GT(crlf_lines(text).size(), 10u);
  const std::vector<Contact> contacts = parsed(text);
  ASSERT_EQ(contacts.size(), 1u);
  EXPECT_EQ(contacts[0].note, contact.note);
}

TEST(FormatsVcard, RoundTrip) {
  Contact persian;
  persian.uid = "contact-1@keel.example";
  persian.full_name = "مریم احمدی، مدیر خرید";
  persian.given_name = "مریم";
  persian.family_name = "احمدی";
  persian.organization = "شرکت پارس; واحد تهران, شعبه ۲";
  persian.title = "مدیر خرید";
  persian.note = "تماس: شنبه‌ها\nقیمت; تخفیف, ۱۰٪\n\\پایان";
  persian.emails = {"maryam@example.ir", "m.ahmadi@example.com"};
  persian.phones = {"+98 21 8888 0000"};
  persian.websites = {"https://example.ir/fa"};
  persian.address =
      VcardAddress{"خیابان ولیعصر، پلاک ۱۲\nطبقه ۳", "تهران", "تهران", "1234567890", "ایران"};

  Contact hebrew;
  hebrew.full_name = "דוד כהן, מנהל";
  hebrew.given_name = "דוד";
  hebrew.family_name = "כהן";
  hebrew.organization = "חברה; בע\"מ";
  hebrew.note = "שורה ראשונה\nשורה שנייה, עם פסיק; ונקודה-פסיק";

  Contact chinese;
  chinese.uid = "contact-3@keel.example";
  chinese.full_name = "李伟";
  chinese.given_name = "伟";
  chinese.family_name = "李";
  chinese.organization = "北京科技有限公司，销售部";
  chinese.title = "经理; 销售, 北区";
  chinese.phones = {"+86 10 1234 5678", "+86 138 0000 0000"};
  chinese.address = VcardAddress{"朝阳区建国路88号", "北京", "北京市", "100022", "中国"};

  const std::vector<Contact> contacts = {persian, hebrew, chinese};
  const std::string text = write_vcards(contacts);
  expect_well_folded(text);
  EXPECT_EQ(parsed(text), contacts);
}

}  // namespace
}  // namespace keel::crm::formats
