#include "formats_ical.h"

#include <gtest/gtest.h>

#include <string>

#include "keel/core/utf8.h"

namespace keel::crm::formats {
namespace {

std::vector<CalendarEvent> parsed(std::string_view text) {
  Result<std::vector<CalendarEvent>> result = parse_calendar(text);
  EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().message());
  if (!result.ok()) return {};
  return std::move(result).value();
}

Error failure(std::string_view text) {
  Result<std::vector<CalendarEvent>> result = parse_calendar(text);
  EXPECT_FALSE(result.ok());
  if (result.ok()) return Error::internal("unexpected_success", "");
  EXPECT_EQ(result.error().kind(), ErrorKind::validation);
  return std::move(result).error();
}

CalendarEvent meeting() {
  CalendarEvent event;
  event.uid = "activity-42@crm.example.com";
  event.summary = "Demo, pricing; next steps";
  event.description = "Agenda:\n1. Demo\n2. Prices \\ discounts";
  event.location = "Room 4";
  event.starts_at = "2026-11-24T10:00:00Z";
  event.ends_at = "2026-11-24T11:30:00Z";
  event.stamp = "2026-11-20T08:15:00Z";
  event.organizer_email = "sales@keel.example";
  event.attendee_emails = {"ada@example.com", "bob@example.com"};
  return event;
}

TEST(FormatsIcal, WritesCalendar) {
  EXPECT_EQ(write_calendar({meeting()}, "-//Keel//CRM 0.1//EN"),
            "BEGIN:VCALENDAR\r\n"
            "VERSION:2.0\r\n"
            "PRODID:-//Keel//CRM 0.1//EN\r\n"
            "CALSCALE:GREGORIAN\r\n"
            "METHOD:PUBLISH\r\n"
            "BEGIN:VEVENT\r\n"
            "UID:activity-42@crm.example.com\r\n"
            "DTSTAMP:20261120T081500Z\r\n"
            "DTSTART:20261124T100000Z\r\n"
            "DTEND:20261124T113000Z\r\n"
            "SUMMARY:Demo\\, pricing\\; next steps\r\n"
            "DESCRIPTION:Agenda:\\n1. Demo\\n2. Prices \\\\ discounts\r\n"
            "LOCATION:Room 4\r\n"
            "ORGANIZER:mailto:sales@keel.example\r\n"
            "ATTENDEE:mailto:ada@example.com\r\n"
            "ATTENDEE:mailto:bob@example.com\r\n"
            "END:VEVENT\r\n"
            "END:VCALENDAR\r\n");
}

TEST(FormatsIcal, CancelledAndMissingStamp) {
  CalendarEvent event = meeting();
  event.cancelled = true;
  event.stamp = "";
  event.ends_at = "24/11/2026";  // not an instant: left out
  const std::string text = write_calendar({event}, "-//Keel//CRM//EN");
  EXPECT_NE(text.find("DTSTAMP:20261124T100000Z\r\n"), std::string::npos);
  EXPECT_EQ(text.find("DTEND"), std::string::npos);
  EXPECT_NE(text.find("STATUS:CANCELLED\r\n"), std::string::npos);
}

TEST(FormatsIcal, EmptyCalendarStillWellFormed) {
  EXPECT_EQ(write_calendar({}, "p"),
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:p\r\nCALSCALE:GREGORIAN\r\n"
            "METHOD:PUBLISH\r\nEND:VCALENDAR\r\n");
  EXPECT_EQ(failure(write_calendar({}, "p")).code(), "ical_empty");
}

TEST(FormatsIcal, FoldsOnCharacterBoundariesAndCannotBeInjected) {
  CalendarEvent event = meeting();
  event.summary = "";
  for (int i = 0; i < 30; ++i) event.summary += "جلسه 会议 😀 ";
  event.summary.pop_back();
  event.location = "Room 4\r\nEND:VEVENT\r\nBEGIN:VEVENT";
  event.organizer_email = "sales@keel.example\r\nATTENDEE:mailto:spy@example.com";
  const std::string text = write_calendar({event}, "p");
  EXPECT_TRUE(is_valid_utf8(text));
  std::string_view rest = text;
  std::size_t lines = 0;
  while (!rest.empty()) {
    const std::size_t end = rest.find("\r\n");
    ASSERT_NE(end, std::string_view::npos);
    const std::string_view line = rest.substr(0, end);
    EXPECT_LE(line.size(), 75u);
    EXPECT_EQ(line.find_first_of("\r\n"), std::string_view::npos);
    if (line.size() > 1 && line[0] == ' ') {
      EXPECT_NE(static_cast<unsigned char>(line[1]) & 0xC0, 0x80);
    }
    rest.remove_prefix(end + 2);
    ++lines;
  }
  EXPECT_GT(lines, 20u);
  const std::vector<CalendarEvent> events = parsed(text);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].summary, event.summary);
  EXPECT_EQ(events[0].location, "Room 4 END:VEVENT BEGIN:VEVENT");
  EXPECT_EQ(events[0].organizer_email, "");
  EXPECT_EQ(events[0].attendee_emails, meeting().attendee_emails);
}

TEST(FormatsIcal, RoundTrip) {
  CalendarEvent persian = meeting();
  persian.uid = "activity-7@crm.example.com";
  persian.summary = "جلسه با مشتری، بررسی پیش‌فاکتور; مرحله ۲";
  persian.description = "دستور جلسه:\nقیمت, تخفیف; تحویل\n\\پایان";
  persian.location = "تهران، دفتر مرکزی";
  persian.cancelled = true;
  CalendarEvent chinese = meeting();
  chinese.uid = "activity-8@crm.example.com";
  chinese.summary = "客户会议，报价; 第二轮";
  chinese.description = "";
  chinese.location = "";
  chinese.attendee_emails = {};
  chinese.organizer_email = "";
  const std::vector<CalendarEvent> events = {meeting(), persian, chinese};
  EXPECT_EQ(parsed(write_calendar(events, "-//Keel//CRM//EN")), events);
}

TEST(FormatsIcal, ReadsForeignCalendars) {
  const std::vector<CalendarEvent> events = parsed(
      "BEGIN:VCALENDAR\n"
      "VERSION:2.0\n"
      "PRODID:-//Other//EN\n"
      "BEGIN:VTIMEZONE\nTZID:Europe/London\nBEGIN:STANDARD\nDTSTART:19701025T020000\n"
      "END:STANDARD\nEND:VTIMEZONE\n"
      "BEGIN:VEVENT\n"
      "uid:all-day-1\n"
      "DTSTART;VALUE=DATE:20261124\n"
      "summary:Trade\n"
      "  fair\n"  // unfolding removes one space
      "ORGANIZER;CN=\"Sales: Team\":MAILTO:sales@keel.example\n"
      "ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED:mailto:ada@example.com\n"
      "BEGIN:VALARM\nACTION:DISPLAY\nDESCRIPTION:not the event's\nTRIGGER:-PT15M\nEND:VALARM\n"
      "STATUS:CONFIRMED\n"
      "X-CUSTOM;X-PARAM=1:whatever\n"
      "END:VEVENT\n"
      "BEGIN:VTODO\nSUMMARY:not an event\nEND:VTODO\n"
      "END:VCALENDAR\n");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].uid, "all-day-1");
  EXPECT_EQ(events[0].starts_at, "2026-11-24T00:00:00Z");
  EXPECT_EQ(events[0].summary, "Trade fair");
  EXPECT_EQ(events[0].description, "");
  EXPECT_EQ(events[0].organizer_email, "sales@keel.example");
  EXPECT_EQ(events[0].attendee_emails, std::vector<std::string>{"ada@example.com"});
  EXPECT_FALSE(events[0].cancelled);
}

TEST(FormatsIcal, MalformedNamesTheLine) {
  const Error unclosed = failure("BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:x\nEND:VCALENDAR\n");
  EXPECT_EQ(unclosed.code(), "ical_malformed");
  EXPECT_NE(unclosed.message().find("line 4"), std::string::npos) << unclosed.message();
  ASSERT_EQ(unclosed.fields().size(), 1u);
  EXPECT_EQ(unclosed.fields()[0].field, "file");

  const Error open = failure("BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:x\n");
  EXPECT_EQ(open.code(), "ical_malformed");
  EXPECT_NE(open.message().find("line 2"), std::string::npos) << open.message();

  const Error no_colon = failure("BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID x\nEND:VEVENT\n");
  EXPECT_EQ(no_colon.code(), "ical_malformed");
  EXPECT_NE(no_colon.message().find("line 3"), std::string::npos) << no_colon.message();

  const Error local_time = failure(
      "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;TZID=Asia/Tehran:20261124T100000\nEND:VEVENT\n"
      "END:VCALENDAR\n");
  EXPECT_EQ(local_time.code(), "ical_malformed");
  EXPECT_NE(local_time.message().find("line 3"), std::string::npos) << local_time.message();

  std::string deep;
  for (int i = 0; i < 20; ++i) deep += "BEGIN:X\n";
  EXPECT_EQ(failure(deep).code(), "ical_malformed");

  const Error nested_event = failure("BEGIN:VEVENT\nBEGIN:VEVENT\nEND:VEVENT\nEND:VEVENT\n");
  EXPECT_EQ(nested_event.code(), "ical_malformed");
}

TEST(FormatsIcal, EmptyAndTooMany) {
  EXPECT_EQ(failure("").code(), "ical_empty");
  EXPECT_EQ(failure("BEGIN:VCALENDAR\nEND:VCALENDAR\n").code(), "ical_empty");
  std::string many = "BEGIN:VCALENDAR\n";
  for (std::size_t i = 0; i <= kCalendarEventsMax; ++i) many += "BEGIN:VEVENT\nEND:VEVENT\n";
  many += "END:VCALENDAR\n";
  EXPECT_EQ(failure(many).code(), "ical_too_many");
}

TEST(FormatsIcal, GarbageNeverCrashes) {
  std::uint32_t state = 777;
  const std::string fragments[] = {"BEGIN:VEVENT\n",
                                   "END:VEVENT\n",
                                   "BEGIN:VCALENDAR\n",
                                   "DTSTART:20261124T100000Z\n",
                                   "SUMMARY:",
                                   "\n ",
                                   "\\",
                                   ";X=\"",
                                   ":"};
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
    Result<std::vector<CalendarEvent>> result = parse_calendar(text);
    if (!result.ok()) continue;
    for (const CalendarEvent& event : *result) {
      EXPECT_TRUE(is_valid_utf8(event.summary));
      EXPECT_TRUE(parse_calendar(write_calendar({event}, "p")).ok());
    }
  }
}

}  // namespace
}  // namespace keel::crm::formats
