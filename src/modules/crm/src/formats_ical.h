#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "keel/core/result.h"

// iCalendar (RFC 5545) export of CRM activities, and a small reader for what it writes.
namespace keel::crm::formats {

struct CalendarEvent {
  std::string uid;  // e.g. "activity-42@crm.example.com"
  std::string summary, description, location;
  // Instants as UTC "YYYY-MM-DDTHH:MM:SSZ"; written as "20261124T100000Z".
  std::string starts_at, ends_at, stamp;
  std::string organizer_email;
  std::vector<std::string> attendee_emails;
  bool cancelled = false;  // STATUS:CANCELLED

  bool operator==(const CalendarEvent&) const = default;
};

inline constexpr std::size_t kCalendarEventsMax = 5000;
inline constexpr std::size_t kCalendarAttendeesMax = 200;
// Longer text values are cut on a UTF-8 boundary when read.
inline constexpr std::size_t kCalendarFieldBytesMax = 1024;
inline constexpr std::size_t kCalendarDescriptionBytesMax = 32768;

// Writes one VCALENDAR (VERSION:2.0, PRODID `product_id`, CALSCALE:GREGORIAN,
// METHOD:PUBLISH) holding one VEVENT per event: CRLF line ends, lines folded at 75 octets
// (never inside a UTF-8 sequence), TEXT values escaped, organizer and attendees as mailto:
// URIs (an address with a space in it is left out). An instant that is not "YYYY-MM-DDTHH:MM:SSZ"
// is left out rather than written wrong; DTSTAMP, which RFC 5545 requires, then falls back to
// DTSTART. Invalid UTF-8 and control characters in the input are replaced or dropped.
std::string write_calendar(const std::vector<CalendarEvent>& events, std::string_view product_id);

// Reads the VEVENTs of `text` (other components are skipped): UID, SUMMARY, DESCRIPTION,
// LOCATION, DTSTART, DTEND, DTSTAMP, ORGANIZER, ATTENDEE (mailto: removed) and
// STATUS:CANCELLED. Instants are returned as "YYYY-MM-DDTHH:MM:SSZ"; a DATE value
// ("20261124") reads as midnight UTC.
// Errors (validation, field "file"):
//   ical_empty      no VEVENT in `text`
//   ical_malformed  BEGIN/END not matching, components nested deeper than 8, a line
//                   without ':', an instant that is neither UTC ("…Z") nor a DATE; the
//                   message names the line number
//   ical_too_many   more than kCalendarEventsMax events
Result<std::vector<CalendarEvent>> parse_calendar(std::string_view text);

}  // namespace keel::crm::formats
