#include "formats_mail.h"

#include <gtest/gtest.h>

#include <string>

#include "keel/core/utf8.h"

namespace keel::crm::formats {
namespace {

using namespace std::literals;

bool has_control(std::string_view text, bool allow_line_feed) {
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (allow_line_feed && (c == '\n' || c == '\t')) continue;
    if (byte < 0x20 || byte == 0x7F) return true;
  }
  return false;
}

// Every string that parse_message returns must be storable as it is.
void expect_clean(const InboundMessage& message) {
  for (const std::string* field :
       {&message.message_id, &message.from_address, &message.from_name, &message.subject}) {
    EXPECT_TRUE(is_valid_utf8(*field)) << *field;
    EXPECT_FALSE(has_control(*field, false)) << *field;
  }
  for (const auto& list : {message.references, message.to}) {
    for (const std::string& item : list) {
      EXPECT_TRUE(is_valid_utf8(item));
      EXPECT_FALSE(has_control(item, false));
    }
  }
  EXPECT_TRUE(is_valid_utf8(message.text));
  EXPECT_FALSE(has_control(message.text, true));
  for (const MailAttachment& attachment : message.attachments) {
    EXPECT_TRUE(is_valid_utf8(attachment.filename));
    EXPECT_FALSE(has_control(attachment.filename, false));
  }
}

InboundMessage parsed(std::string_view raw) {
  Result<InboundMessage> result = parse_message(raw);
  EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().code());
  if (!result.ok()) return {};
  expect_clean(*result);
  return std::move(result).value();
}

TEST(FormatsMail, PlainMessage) {
  const InboundMessage message = parsed(
      "Return-Path: <ada@example.com>\r\n"
      "From: \"Ada Lovelace\" <Ada.Lovelace@Example.COM>\r\n"
      "To: Sales <Sales@Keel.example>, bob@keel.example\r\n"
      "Cc: carol@Keel.example, sales@keel.example\r\n"
      "Subject: Quote for 40 chairs\r\n"
      "Date: Tue, 24 Nov 2026 13:30:00 +0330\r\n"
      "Message-ID: <20261124.1@mail.example.com>\r\n"
      "MIME-Version: 1.0\r\n"
      "Content-Type: text/plain; charset=us-ascii\r\n"
      "\r\n"
      "Hello,\r\n"
      "\r\n"
      "please send a quote.\r\n");
  EXPECT_EQ(message.message_id, "20261124.1@mail.example.com");
  EXPECT_EQ(message.from_address, "ada.lovelace@example.com");
  EXPECT_EQ(message.from_name, "Ada Lovelace");
  EXPECT_EQ(message.to, (std::vector<std::string>{"sales@keel.example", "bob@keel.example",
                                                  "carol@keel.example"}));
  EXPECT_EQ(message.subject, "Quote for 40 chairs");
  EXPECT_EQ(message.date, "2026-11-24T10:00:00Z");
  EXPECT_EQ(message.text, "Hello,\n\nplease send a quote.");
  EXPECT_FALSE(message.text_truncated);
  EXPECT_TRUE(message.references.empty());
  EXPECT_TRUE(message.attachments.empty());
}

TEST(FormatsMail, LfLineEndsAndNoOptionalHeaders) {
  const InboundMessage message = parsed("From: ada@example.com\n\nJust text\n");
  EXPECT_EQ(message.from_address, "ada@example.com");
  EXPECT_EQ(message.from_name, "");
  EXPECT_EQ(message.message_id, "");
  EXPECT_EQ(message.date, std::nullopt);
  EXPECT_EQ(message.text, "Just text");
}

TEST(FormatsMail, UnparsableDateIsAbsent) {
  const InboundMessage message =
      parsed("From: ada@example.com\nDate: sometime next week\n\nbody\n");
  EXPECT_EQ(message.date, std::nullopt);
}

TEST(FormatsMail, AlternativePrefersQuotedPrintablePlainOverBase64Html) {
  const InboundMessage message = parsed(
      "From: ada@example.com\n"
      "Subject: alt\n"
      "MIME-Version: 1.0\n"
      "Content-Type: multipart/alternative; boundary=\"b1\"\n"
      "\n"
      "--b1\n"
      "Content-Type: text/html; charset=utf-8\n"
      "Content-Transfer-Encoding: base64\n"
      "\n"
      "PHA+SGVsbG8gPGI+d29ybGQ8L2I+IOKAkyDDvG7Dr2NvZGU8L3A+\n"
      "--b1\n"
      "Content-Type: text/plain; charset=utf-8\n"
      "Content-Transfer-Encoding: quoted-printable\n"
      "\n"
      "Gr=C3=BC=C3=9Fe aus K=C3=B6ln, this is a long line that will need a soft li=\n"
      "ne break because it is longer than seventy six characters\n"
      "--b1--\n");
  EXPECT_EQ(message.text,
            "Grüße aus Köln, this is a long line that will need a soft line break because it "
            "is longer than seventy six characters");
  EXPECT_TRUE(message.attachments.empty());
}

TEST(FormatsMail, Base64HtmlWhenNoPlainPart) {
  const InboundMessage message = parsed(
      "From: ada@example.com\n"
      "Content-Type: multipart/alternative; boundary=\"b1\"\n"
      "\n"
      "--b1\n"
      "Content-Type: text/html; charset=utf-8\n"
      "Content-Transfer-Encoding: base64\n"
      "\n"
      "PHA+SGVsbG8gPGI+d29ybGQ8L2I+IOKAkyDDvG7Dr2NvZGU8L3A+\n"
      "--b1--\n");
  EXPECT_EQ(message.text, "Hello world – ünïcode");
}

TEST(FormatsMail, Iso88591Body) {
  const InboundMessage message = parsed(
      "From: ada@example.com\n"
      "Content-Type: text/plain; charset=ISO-8859-1\n"
      "Content-Transfer-Encoding: 8bit\n"
      "\n"
      "Caf\xE9 cr\xE8me, 5\xA0\x80\n");
  // 0x80 is a C1 control in ISO-8859-1 and is dropped; 0xA0 is a no-break space.
  EXPECT_EQ(message.text, "Café crème, 5\u00A0");
}

TEST(FormatsMail, Windows1256PersianBody) {
  const InboundMessage message = parsed(
      "From: ada@example.com\n"
      "Content-Type: text/plain; charset=windows-1256\n"
      "Content-Transfer-Encoding: 8bit\n"
      "\n"
      "\x81\xD1\xCF\xC7\xCE\xCA \xD4\xCF\n");
  EXPECT_EQ(message.text, "پرداخت شد");
}

TEST(FormatsMail, UndeclaredEightBitIsReadAsWindows1252) {
  const InboundMessage message = parsed(
      "From: ada@example.com\n"
      "Content-Type: text/plain\n"
      "\n"
      "na\xEFve \x93quoted\x94\n");
  EXPECT_EQ(message.text, "naïve “quoted”");
}

TEST(FormatsMail, InvalidUtf8IsReplaced) {
  const InboundMessage message = parsed(
      "From: ada@example.com\n"
      "Subject: bad \xFF\xFE bytes\n"
      "Content-Type: text/plain; charset=utf-8\n"
      "\n"
      "ok \xC3 then \xED\xA0\x80 end\x01\n");
  EXPECT_TRUE(is_valid_utf8(message.text));
  EXPECT_NE(message.text.find("ok "), std::string::npos);
  EXPECT_NE(message.text.find(" end"), std::string::npos);
  EXPECT_NE(message.text.find("\uFFFD"), std::string::npos);
}

TEST(FormatsMail, EncodedWordsInPersianAndChinese) {
  const InboundMessage persian = parsed(
      "From: =?utf-8?b?2YXYsduM2YUg2KfYrdmF2K/bjA==?= <maryam@example.ir>\n"
      "Subject: =?utf-8?b?2b7bjNi04oCM2YHYp9qp2KrZiNixINi02YXYp9ix2Ycg27Hbsg==?=\n"
      "\n"
      "body\n");
  EXPECT_EQ(persian.from_name, "مریم احمدی");
  EXPECT_EQ(persian.subject, "پیش‌فاکتور شماره ۱۲");

  const InboundMessage chinese = parsed(
      "From: li@example.cn\n"
      "Subject: =?gb2312?B?sai827WlILXaMTK6xQ==?=\n"
      "\n"
      "body\n");
  EXPECT_EQ(chinese.subject, "报价单 第12号");
}

TEST(FormatsMail, ThreadingIdsFromReferencesThenInReplyTo) {
  const InboundMessage message = parsed(
      "From: ada@example.com\n"
      "Message-ID: <c@example.com>\n"
      "References: <root@example.com>\n <a@example.com>  <b@example.com>\n"
      "In-Reply-To: <b@example.com>\n"
      "\n"
      "reply\n");
  EXPECT_EQ(message.message_id, "c@example.com");
  EXPECT_EQ(message.references,
            (std::vector<std::string>{"root@example.com", "a@example.com", "b@example.com"}));

  const InboundMessage only_reply =
      parsed("From: ada@example.com\nIn-Reply-To: <p@example.com>\n\nreply\n");
  EXPECT_EQ(only_reply.references, std::vector<std::string>{"p@example.com"});
}

TEST(FormatsMail, LongReferencesKeepRootAndNewest) {
  std::string references = "References:";
  for (int i = 0; i < 120; ++i) references += " <id" + std::to_string(i) + "@example.com>\n";
  const InboundMessage message =
      parsed("From: ada@example.com\n" + references + "In-Reply-To: <last@example.com>\n\nx\n");
  ASSERT_EQ(message.references.size(), kMailReferencesMax);
  EXPECT_EQ(message.references.front(), "id0@example.com");
  EXPECT_EQ(message.references[1], "id72@example.com");
  EXPECT_EQ(message.references.back(), "last@example.com");
}

TEST(FormatsMail, HtmlOnlyBody) {
  const InboundMessage message = parsed(
      "From: ada@example.com\n"
      "Content-Type: text/html; charset=utf-8\n"
      "\n"
      "<!DOCTYPE html><html><head><title>T</title><style>p { color: red }</style></head>\n"
      "<body><!-- hidden --><p>Hello&nbsp;<b>world</b> &amp; &#x645;&#1585;&lt;3</p>\n"
      "<script>alert('x')</script><div>Line&nbsp;two<br>Line three</div>\n"
      "<table><tr><td>a</td><td>b</td></tr></table> 1 < 2 &bogus; &#xD800;</body></html>\n");
  EXPECT_EQ(message.text, "Hello world & مر<3\nLine two\nLine three\na b\n1 < 2 &bogus; \uFFFD");
}

TEST(FormatsMail, AttachmentsAreListed) {
  const InboundMessage message = parsed(
      "From: ada@example.com\n"
      "Content-Type: multipart/mixed; boundary=\"outer\"\n"
      "\n"
      "preamble\n"
      "--outer\n"
      "Content-Type: text/plain; charset=utf-8\n"
      "\n"
      "See attached.\n"
      "--outer\n"
      "Content-Type: Application/PDF; name=\"quote.pdf\"\n"
      "Content-Disposition: attachment; filename=\"quote.pdf\"\n"
      "Content-Transfer-Encoding: base64\n"
      "\n"
      "JVBERi0xLjQgZmFrZSBwZGYgY29udGVudA==\n"
      "--outer\n"
      "Content-Type: application/octet-stream\n"
      "Content-Disposition: attachment;\n"
      " filename*=utf-8''%D9%BE%DB%8C%D8%B4%E2%80%8C%D9%81%D8%A7%DA%A9%D8%AA%D9%88%D8%B1.pdf\n"
      "\n"
      "abc\n"
      "--outer\n"
      "Content-Type: text/plain; name=\"notes.txt\"\n"
      "Content-Disposition: attachment; filename=\"notes.txt\"\n"
      "\n"
      "not the body\n"
      "--outer\n"
      "Content-Type: message/rfc822\n"
      "\n"
      "From: inner@example.com\n"
      "Subject: forwarded\n"
      "\n"
      "inner body\n"
      "--outer--\n");
  EXPECT_EQ(message.text, "See attached.");
  ASSERT_EQ(message.attachments.size(), 4u);
  EXPECT_EQ(message.attachments[0].filename, "quote.pdf");
  EXPECT_EQ(message.attachments[0].content_type, "application/pdf");
  EXPECT_EQ(message.attachments[0].size, 25);
  EXPECT_EQ(message.attachments[1].filename, "پیش‌فاکتور.pdf");
  EXPECT_EQ(message.attachments[1].content_type, "application/octet-stream");
  EXPECT_EQ(message.attachments[2].filename, "notes.txt");
  EXPECT_EQ(message.attachments[2].content_type, "text/plain");
  EXPECT_EQ(message.attachments[3].content_type, "message/rfc822");
  EXPECT_GT(message.attachments[3].size, 0);
}

TEST(FormatsMail, AttachmentListIsCapped) {
  std::string raw = "From: ada@example.com\nContent-Type: multipart/mixed; boundary=\"b\"\n\n";
  for (int i = 0; i < 80; ++i) {
    raw += "--b\nContent-Type: image/png\nContent-Disposition: attachment; filename=\"f" +
           std::to_string(i) + ".png\"\n\nx\n";
  }
  raw += "--b--\n";
  const InboundMessage message = parsed(raw);
  EXPECT_EQ(message.attachments.size(), kMailAttachmentsMax);
}

TEST(FormatsMail, MissingFromIsRejected) {
  for (const std::string_view raw :
       {"To: bob@example.com\nSubject: hi\n\nbody\n", "From: \nSubject: hi\n\nbody\n",
        "From: undisclosed-recipients:;\n\nbody\n", "From: Just A Name\n\nbody\n"}) {
    Result<InboundMessage> result = parse_message(raw);
    ASSERT_FALSE(result.ok()) << raw;
    EXPECT_EQ(result.error().code(), "email_from_missing");
    EXPECT_EQ(result.error().kind(), ErrorKind::validation);
    ASSERT_EQ(result.error().fields().size(), 1u);
    EXPECT_EQ(result.error().fields()[0].field, "from");
  }
}

TEST(FormatsMail, GarbageIsMalformed) {
  for (const std::string_view raw :
       {""sv, "\n\nno headers at all\n"sv, "\x00\x01\x02\xFF\xFE binary"sv}) {
    Result<InboundMessage> result = parse_message(raw);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code(), "email_malformed");
    ASSERT_EQ(result.error().fields().size(), 1u);
    EXPECT_EQ(result.error().fields()[0].field, "message");
  }
}

TEST(FormatsMail, GarbageNeverCrashes) {
  // Deterministic pseudo-random bytes with header-like fragments mixed in.
  std::uint32_t state = 12345;
  const std::string fragments[] = {"From: a@b.c\n",
                                   "Content-Type: multipart/mixed; boundary=x\n",
                                   "--x\n",
                                   "=?utf-8?b?",
                                   "?=",
                                   "\n\n",
                                   "<",
                                   "&#x"};
  for (int round = 0; round < 200; ++round) {
    std::string raw;
    for (int i = 0; i < 300; ++i) {
      state = state * 1664525u + 1013904223u;
      if (state % 7 == 0) {
        raw += fragments[(state >> 8) % std::size(fragments)];
      } else {
        raw += static_cast<char>(state >> 24);
      }
    }
    Result<InboundMessage> result = parse_message(raw);
    if (result.ok()) expect_clean(*result);
  }
}

TEST(FormatsMail, LargeBodyIsTruncatedOnACharacterBoundary) {
  std::string body;
  body.reserve(2 * 1024 * 1024 + 100);
  // "ab" then a 3-byte character: a cut at 65536 lands inside one of them.
  while (body.size() < 2 * 1024 * 1024) body += "ab\u0645\u0631\n";
  const InboundMessage message =
      parsed("From: ada@example.com\nContent-Type: text/plain; charset=utf-8\n\n" + body);
  EXPECT_TRUE(message.text_truncated);
  EXPECT_LE(message.text.size(), kMailTextMax);
  EXPECT_GT(message.text.size(), kMailTextMax - 4);
  EXPECT_TRUE(is_valid_utf8(message.text));
}

TEST(FormatsMail, TooLargeIsRejected) {
  const std::string raw = "From: ada@example.com\n\n" + std::string(kMailRawBytesMax, 'x');
  Result<InboundMessage> result = parse_message(raw);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code(), "email_too_large");
}

TEST(FormatsMail, EncodedLineBreaksCannotInjectHeaders) {
  const InboundMessage message = parsed(
      "From: =?utf-8?b?RXZlDQpUbzogYWxsQGV4YW1wbGUuY29t?= <eve@example.com>\n"
      "Subject: =?utf-8?b?SGkNCkJjYzogZXZpbEBleGFtcGxlLmNvbQ==?=\n"
      "Message-ID: <x\r\ny@example.com>\n"
      "\n"
      "body\n");
  EXPECT_EQ(message.subject.find_first_of("\r\n"), std::string::npos);
  EXPECT_EQ(message.from_name.find_first_of("\r\n"), std::string::npos);
  EXPECT_NE(message.subject.find("Bcc: evil@example.com"), std::string::npos);
  EXPECT_EQ(message.from_address, "eve@example.com");

  const InboundMessage quoted = parsed(
      "From: =?utf-8?q?Eve=0D=0ABcc=3A_x=40y=2Ez?= <eve@example.com>\n"
      "Subject: =?utf-8?q?a=0Ab=00c?=\n"
      "\n"
      "body\n");
  EXPECT_EQ(quoted.subject.find_first_of(std::string("\r\n\0", 3)), std::string::npos);
  EXPECT_EQ(quoted.from_name.find_first_of("\r\n"), std::string::npos);
}

TEST(FormatsMail, LongSubjectIsCut) {
  std::string subject;
  while (subject.size() < 3000) subject += "\u0645";
  const InboundMessage message = parsed("From: ada@example.com\nSubject: " + subject + "\n\nx\n");
  EXPECT_LE(message.subject.size(), kMailSubjectBytesMax);
  EXPECT_GE(message.subject.size(), kMailSubjectBytesMax - 1);
}

}  // namespace
}  // namespace keel::crm::formats
