#include "formats_ical.h"

#include <optional>

#include "formats_text.h"

namespace keel::crm::formats {

namespace {

constexpr std::size_t kComponentDepthMax = 8;

bool all_digits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// "2026-11-24T10:00:00Z" → "20261124T100000Z"; nullopt for any other shape.
std::optional<std::string> basic_instant(std::string_view instant) {
  const bool shaped = instant.size() == 20 && instant[4] == '-' && instant[7] == '-' &&
                      instant[10] == 'T' && instant[13] == ':' && instant[16] == ':' &&
                      instant[19] == 'Z';
  if (!shaped) return std::nullopt;
  std::string out;
  for (std::size_t i : {0, 5, 8}) out += instant.substr(i, i == 0 ? 4 : 2);
  out += 'T';
  for (std::size_t i : {11, 14, 17}) out += instant.substr(i, 2);
  out += 'Z';
  if (!all_digits(out.substr(0, 8)) || !all_digits(out.substr(9, 6))) return std::nullopt;
  return out;
}

// "20261124T100000Z" → "2026-11-24T10:00:00Z"; "20261124" → "2026-11-24T00:00:00Z".
std::optional<std::string> extended_instant(std::string_view value) {
  value = trim_ascii_space(value);
  const bool date_only = value.size() == 8 && all_digits(value);
  const bool utc = value.size() == 16 && value[8] == 'T' && value[15] == 'Z' &&
                   all_digits(value.substr(0, 8)) && all_digits(value.substr(9, 6));
  if (!date_only && !utc) return std::nullopt;
  const std::string time = date_only ? "000000" : std::string(value.substr(9, 6));
  std::string out;
  out.append(value.substr(0, 4)).append("-").append(value.substr(4, 2)).append("-");
  out.append(value.substr(6, 2)).append("T").append(time.substr(0, 2)).append(":");
  out.append(time.substr(2, 2)).append(":").append(time.substr(4, 2)).append("Z");
  return out;
}

std::string clean_line(std::string_view text) { return clean_text(text, LineBreaks::to_space); }

void write_property(std::string& out, std::string_view name, std::string_view value) {
  out += fold_content_line(std::string(name) + ":" + std::string(value));
}

void write_text(std::string& out, std::string_view name, std::string_view value,
                LineBreaks line_breaks) {
  if (value.empty()) return;
  write_property(out, name, escape_text_value(clean_text(value, line_breaks)));
}

// An address with a space in it would not be a valid mailto: URI; it is left out.
void write_address(std::string& out, std::string_view name, std::string_view email) {
  const std::string address(trim_ascii_space(clean_line(email)));
  if (!address.empty() && address.find(' ') == std::string::npos) {
    write_property(out, name, "mailto:" + address);
  }
}

void write_event(std::string& out, const CalendarEvent& event) {
  out += "BEGIN:VEVENT\r\n";
  write_text(out, "UID", event.uid, LineBreaks::to_space);
  const std::optional<std::string> starts_at = basic_instant(event.starts_at);
  const std::optional<std::string> stamp = basic_instant(event.stamp);
  if (stamp || starts_at) write_property(out, "DTSTAMP", stamp ? *stamp : *starts_at);
  if (starts_at) write_property(out, "DTSTART", *starts_at);
  if (const std::optional<std::string> ends_at = basic_instant(event.ends_at)) {
    write_property(out, "DTEND", *ends_at);
  }
  write_text(out, "SUMMARY", event.summary, LineBreaks::to_space);
  write_text(out, "DESCRIPTION", event.description, LineBreaks::keep);
  write_text(out, "LOCATION", event.location, LineBreaks::to_space);
  write_address(out, "ORGANIZER", event.organizer_email);
  for (const std::string& attendee : event.attendee_emails) {
    write_address(out, "ATTENDEE", attendee);
  }
  if (event.cancelled) out += "STATUS:CANCELLED\r\n";
  out += "END:VEVENT\r\n";
}

}  // namespace

std::string write_calendar(const std::vector<CalendarEvent>& events, std::string_view product_id) {
  std::string out = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n";
  write_property(out, "PRODID", escape_text_value(clean_line(product_id)));
  out += "CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n";
  for (const CalendarEvent& event : events) write_event(out, event);
  out += "END:VCALENDAR\r\n";
  return out;
}

namespace {

Error malformed(std::size_t line_number, std::string_view what) {
  return Error::validation(
      "ical_malformed", "line " + std::to_string(line_number) + ": " + std::string(what), "file");
}

std::string text_of(std::string_view escaped, LineBreaks line_breaks, std::size_t bytes_max) {
  const std::string cleaned = clean_text(unescape_text_value(escaped), line_breaks);
  return std::string(cut_utf8(trim_ascii_space(cleaned), bytes_max));
}

std::string address_of(std::string_view value) {
  std::string address(trim_ascii_space(clean_line(value)));
  if (address.size() >= 7 && ascii_iequals(std::string_view(address).substr(0, 7), "mailto:")) {
    address.erase(0, 7);
  }
  return std::string(cut_utf8(address, kCalendarFieldBytesMax));
}

Result<void> apply_property(CalendarEvent& event, const ContentLine& line) {
  const std::string& name = line.name;
  const auto instant = [&](std::string& target) -> Result<void> {
    std::optional<std::string> value = extended_instant(line.value);
    if (!value) return malformed(line.line_number, name + " is neither a UTC time nor a date");
    target = std::move(*value);
    return Ok{};
  };
  const auto single = [&](std::string_view value) {
    return text_of(value, LineBreaks::to_space, kCalendarFieldBytesMax);
  };
  if (name == "UID") event.uid = single(line.value);
  if (name == "SUMMARY") event.summary = single(line.value);
  if (name == "LOCATION") event.location = single(line.value);
  if (name == "DESCRIPTION") {
    event.description = text_of(line.value, LineBreaks::keep, kCalendarDescriptionBytesMax);
  }
  if (name == "DTSTART") return instant(event.starts_at);
  if (name == "DTEND") return instant(event.ends_at);
  if (name == "DTSTAMP") return instant(event.stamp);
  if (name == "ORGANIZER") event.organizer_email = address_of(line.value);
  if (name == "ATTENDEE" && event.attendee_emails.size() < kCalendarAttendeesMax) {
    std::string address = address_of(line.value);
    if (!address.empty()) event.attendee_emails.push_back(std::move(address));
  }
  if (name == "STATUS") event.cancelled = ascii_iequals(trim_ascii_space(line.value), "CANCELLED");
  return Ok{};
}

struct OpenComponent {
  std::string name;
  std::size_t begin_line = 0;
};

}  // namespace

Result<std::vector<CalendarEvent>> parse_calendar(std::string_view text) {
  std::vector<CalendarEvent> events;
  std::vector<OpenComponent> components;  // innermost last
  bool in_event = false;
  CalendarEvent event;
  for (const UnfoldedLine& unfolded : unfold_lines(text, SoftBreaks::none)) {
    const std::optional<ContentLine> line = parse_content_line(unfolded);
    if (!line) return malformed(unfolded.line_number, "a line without ':'");
    const std::string component = ascii_upper(trim_ascii_space(line->value));
    if (line->name == "BEGIN") {
      if (components.size() == kComponentDepthMax) {
        return malformed(line->line_number, "components nested too deeply");
      }
      if (component == "VEVENT" && in_event) {
        return malformed(line->line_number, "a VEVENT inside a VEVENT");
      }
      components.push_back({component, line->line_number});
      if (component == "VEVENT") {
        event = CalendarEvent{};
        in_event = true;
      }
    } else if (line->name == "END") {
      if (components.empty() || components.back().name != component) {
        return malformed(line->line_number, "END:" + component + " does not close a BEGIN");
      }
      components.pop_back();
      if (component != "VEVENT") continue;
      in_event = false;
      if (events.size() == kCalendarEventsMax) {
        return Error::validation(
            "ical_too_many",
            "more than " + std::to_string(kCalendarEventsMax) + " events in one file", "file");
      }
      events.push_back(std::move(event));
    } else if (!components.empty() && components.back().name == "VEVENT") {
      TRY(apply_property(event, *line));
    }
  }
  if (!components.empty()) {
    return malformed(components.back().begin_line,
                     "BEGIN:" + components.back().name + " without END");
  }
  if (events.empty()) return Error::validation("ical_empty", "no VEVENT in the file", "file");
  return events;
}

}  // namespace keel::crm::formats
