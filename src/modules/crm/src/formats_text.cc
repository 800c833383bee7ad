#include "formats_text.h"

#include <iconv.h>

#include <array>
#include <cerrno>
#include <cstdint>

namespace keel::crm::formats {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

bool is_continuation(unsigned char byte) { return (byte & 0xC0) == 0x80; }

// The length of the well-formed UTF-8 sequence at `position` (RFC 3629 table), or 0.
std::size_t sequence_length(std::string_view text, std::size_t position) {
  const auto lead = static_cast<unsigned char>(text[position]);
  std::size_t length = 0;
  unsigned char second_min = 0x80;
  unsigned char second_max = 0xBF;
  if (lead < 0x80) return 1;
  if (lead < 0xC2) return 0;
  if (lead < 0xE0) {
    length = 2;
  } else if (lead < 0xF0) {
    length = 3;
    if (lead == 0xE0) second_min = 0xA0;
    if (lead == 0xED) second_max = 0x9F;
  } else if (lead < 0xF5) {
    length = 4;
    if (lead == 0xF0) second_min = 0x90;
    if (lead == 0xF4) second_max = 0x8F;
  } else {
    return 0;
  }
  if (text.size() - position < length) return 0;
  const auto second = static_cast<unsigned char>(text[position + 1]);
  if (second < second_min || second > second_max) return 0;
  for (std::size_t i = 2; i < length; ++i) {
    if (!is_continuation(static_cast<unsigned char>(text[position + i]))) return 0;
  }
  return length;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
char upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

// Appends one ASCII byte under the line-break policy; drops other control characters.
void append_ascii(std::string& out, std::string_view text, std::size_t& position,
                  LineBreaks line_breaks) {
  const char c = text[position];
  if (c == '\r' || c == '\n') {
    const bool crlf = c == '\r' && position + 1 < text.size() && text[position + 1] == '\n';
    if (crlf) ++position;
    out += line_breaks == LineBreaks::keep ? '\n' : ' ';
  } else if (c == '\t') {
    out += line_breaks == LineBreaks::keep ? '\t' : ' ';
  } else if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7F) {
    out += c;
  }
  ++position;
}

}  // namespace

std::string clean_text(std::string_view text, LineBreaks line_breaks) {
  std::string out;
  out.reserve(text.size());
  std::size_t position = 0;
  while (position < text.size()) {
    const std::size_t length = sequence_length(text, position);
    if (length == 0) {
      out += kReplacement;
      ++position;
    } else if (length == 1) {
      append_ascii(out, text, position, line_breaks);
    } else {
      // U+0080..U+009F (C1 controls) are encoded as C2 80..C2 9F.
      const bool c1_control = static_cast<unsigned char>(text[position]) == 0xC2 &&
                              static_cast<unsigned char>(text[position + 1]) < 0xA0;
      if (!c1_control) out.append(text.substr(position, length));
      position += length;
    }
  }
  return out;
}

std::string_view cut_utf8(std::string_view text, std::size_t bytes_max) {
  if (text.size() <= bytes_max) return text;
  std::size_t end = bytes_max;
  // A UTF-8 sequence is at most 4 bytes, so at most 3 continuation bytes are backed over.
  for (int i = 0; i < 3 && end > 0 && is_continuation(static_cast<unsigned char>(text[end])); ++i) {
    --end;
  }
  return text.substr(0, end);
}

std::optional<std::string> convert_to_utf8(std::string_view bytes, const char* charset) {
  iconv_t converter = iconv_open("UTF-8", charset);
  if (converter == reinterpret_cast<iconv_t>(-1)) return std::nullopt;
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 2);
  std::array<char, 16384> buffer{};
  // iconv takes a non-const input pointer but does not write through it.
  char* input = const_cast<char*>(bytes.data());
  std::size_t input_left = bytes.size();
  // Every round either consumes input, flushes a full buffer or skips one bad byte, so the
  // loop ends; the last round (input == nullptr) flushes a stateful encoding's shift state.
  bool flushing = false;
  while (true) {
    char* output = buffer.data();
    std::size_t output_left = buffer.size();
    const std::size_t result = flushing
                                   ? iconv(converter, nullptr, nullptr, &output, &output_left)
                                   : iconv(converter, &input, &input_left, &output, &output_left);
    const int error = result == static_cast<std::size_t>(-1) ? errno : 0;
    out.append(buffer.data(), static_cast<std::size_t>(output - buffer.data()));
    if (error == E2BIG) continue;
    if (flushing) break;
    if (error == EILSEQ || error == EINVAL) {
      out += kReplacement;
      if (input_left > 0) {
        ++input;
        --input_left;
      }
      iconv(converter, nullptr, nullptr, nullptr, nullptr);  // back to the initial state
      continue;
    }
    if (input_left == 0 || error != 0) flushing = true;
  }
  iconv_close(converter);
  return out;
}

std::string decode_quoted_printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t position = 0;
  while (position < text.size()) {
    const char c = text[position];
    if (c != '=') {
      out += c;
      ++position;
      continue;
    }
    const std::string_view rest = text.substr(position + 1);
    if (rest.starts_with("\r\n")) {
      position += 3;
    } else if (rest.starts_with("\n") || rest.starts_with("\r")) {
      position += 2;
    } else if (rest.size() >= 2 && hex_value(rest[0]) >= 0 && hex_value(rest[1]) >= 0) {
      out += static_cast<char>(hex_value(rest[0]) * 16 + hex_value(rest[1]));
      position += 3;
    } else if (rest.empty()) {
      ++position;  // a trailing soft break with its line break already removed
    } else {
      out += c;
      ++position;
    }
  }
  return out;
}

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = lower(c);
  return out;
}

std::string ascii_upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = upper(c);
  return out;
}

bool ascii_iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

std::string_view trim_ascii_space(std::string_view text) {
  const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

std::string escape_text_value(std::string_view value) {
  std::string out;
  out.reserve(value.size() + value.size() / 8);
  for (std::size_t i = 0; i < value.size(); ++i) {
    const char c = value[i];
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case ';':
        out += "\\;";
        break;
      case ',':
        out += "\\,";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        if (i + 1 >= value.size() || value[i + 1] != '\n') out += "\\n";
        break;
      default:
        if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7F) out += c;
        break;
    }
  }
  return out;
}

std::string unescape_text_value(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (value[i] != '\\' || i + 1 == value.size()) {
      out += value[i];
      continue;
    }
    const char next = value[++i];
    out += (next == 'n' || next == 'N') ? '\n' : next;
  }
  return out;
}

std::vector<std::string_view> split_unescaped(std::string_view value, char separator,
                                              std::size_t parts_max) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (std::size_t i = 0; i < value.size() && parts.size() + 1 < parts_max; ++i) {
    if (value[i] == '\\') {
      ++i;  // the escaped character is never a separator
    } else if (value[i] == separator) {
      parts.push_back(value.substr(start, i - start));
      start = i + 1;
    }
  }
  parts.push_back(value.substr(start));
  return parts;
}

std::string fold_content_line(std::string_view line) {
  std::string out;
  out.reserve(line.size() + line.size() / 32 + 2);
  std::size_t position = 0;
  std::size_t room = kContentLineOctetsMax;
  while (line.size() - position > room) {
    std::size_t end = position + room;
    // Back up to a sequence boundary; a lone continuation byte (not valid UTF-8) cannot
    // stall the loop because at most 3 bytes are given back.
    for (int i = 0;
         i < 3 && end > position + 1 && is_continuation(static_cast<unsigned char>(line[end]));
         ++i) {
      --end;
    }
    out.append(line.substr(position, end - position));
    out += "\r\n ";
    position = end;
    room = kContentLineOctetsMax - 1;  // the leading space counts
  }
  out.append(line.substr(position));
  out += "\r\n";
  return out;
}

namespace {

// The part of a physical line before its first ':' says whether the value is
// quoted-printable (vCard 2.1 "ENCODING=QUOTED-PRINTABLE" or the bare "QUOTED-PRINTABLE").
bool declares_quoted_printable(std::string_view line) {
  const std::size_t colon = line.find(':');
  const std::string head = ascii_upper(line.substr(0, colon));
  return head.find("QUOTED-PRINTABLE") != std::string::npos;
}

}  // namespace

std::vector<UnfoldedLine> unfold_lines(std::string_view text, SoftBreaks soft_breaks) {
  std::vector<UnfoldedLine> lines;
  std::size_t position = 0;
  std::size_t line_number = 0;
  bool joining_soft_break = false;
  while (position < text.size()) {
    const std::size_t end = text.find_first_of("\r\n", position);
    const std::string_view physical = text.substr(
        position, end == std::string_view::npos ? std::string_view::npos : end - position);
    position = end == std::string_view::npos ? text.size() : end + 1;
    if (end != std::string_view::npos && text[end] == '\r' && position < text.size() &&
        text[position] == '\n') {
      ++position;
    }
    ++line_number;
    const bool continuation =
        !lines.empty() && !physical.empty() && (physical[0] == ' ' || physical[0] == '\t');
    if (joining_soft_break && !lines.empty()) {
      lines.back().text.append(physical);
    } else if (continuation) {
      lines.back().text.append(physical.substr(1));
    } else if (!physical.empty()) {
      lines.push_back({line_number, std::string(physical)});
    }
    joining_soft_break = soft_breaks == SoftBreaks::quoted_printable && !lines.empty() &&
                         lines.back().text.ends_with('=') &&
                         declares_quoted_printable(lines.back().text);
    // Drop the '=' so that the decoder sees one continuous value.
    if (joining_soft_break) lines.back().text.pop_back();
  }
  return lines;
}

namespace {

// Splits the parameter section ";a=b;c="x;y"" into raw parameter texts, honouring quotes.
std::vector<std::string_view> split_parameters(std::string_view section) {
  std::vector<std::string_view> raw;
  bool quoted = false;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= section.size(); ++i) {
    if (i < section.size() && section[i] == '"') quoted = !quoted;
    if (i == section.size() || (section[i] == ';' && !quoted)) {
      if (i > start && raw.size() < kContentParametersMax) {
        raw.push_back(section.substr(start, i - start));
      }
      start = i + 1;
    }
  }
  return raw;
}

ContentParameter parse_parameter(std::string_view raw) {
  const std::size_t equals = raw.find('=');
  if (equals == std::string_view::npos) return {"", std::string(trim_ascii_space(raw))};
  std::string value;
  for (char c : raw.substr(equals + 1)) {
    if (c != '"') value += c;
  }
  return {ascii_upper(trim_ascii_space(raw.substr(0, equals))), std::move(value)};
}

}  // namespace

std::optional<ContentLine> parse_content_line(const UnfoldedLine& line) {
  const std::string_view text = line.text;
  std::size_t colon = std::string_view::npos;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '"') quoted = !quoted;
    if (text[i] == ':' && !quoted) {
      colon = i;
      break;
    }
  }
  if (colon == std::string_view::npos) return std::nullopt;
  const std::string_view head = text.substr(0, colon);
  const std::size_t semicolon = head.find(';');
  std::string_view name = trim_ascii_space(head.substr(0, semicolon));
  ContentLine content;
  content.line_number = line.line_number;
  const std::size_t dot = name.rfind('.');
  if (dot != std::string_view::npos) {
    content.group = std::string(name.substr(0, dot));
    name = name.substr(dot + 1);
  }
  if (name.empty()) return std::nullopt;
  content.name = ascii_upper(name);
  if (semicolon != std::string_view::npos) {
    for (std::string_view raw : split_parameters(head.substr(semicolon + 1))) {
      content.parameters.push_back(parse_parameter(raw));
    }
  }
  content.value = std::string(text.substr(colon + 1));
  return content;
}

bool has_parameter_value(const ContentLine& line, std::string_view name, std::string_view value) {
  for (const ContentParameter& parameter : line.parameters) {
    const bool named = parameter.name == name || parameter.name.empty();
    if (!named) continue;
    for (std::string_view item : split_unescaped(parameter.value, ',', kContentParametersMax)) {
      if (ascii_iequals(trim_ascii_space(item), value)) return true;
    }
  }
  return false;
}

std::optional<std::string_view> parameter(const ContentLine& line, std::string_view name) {
  for (const ContentParameter& parameter : line.parameters) {
    if (parameter.name == name) return std::string_view(parameter.value);
  }
  return std::nullopt;
}

}  // namespace keel::crm::formats
