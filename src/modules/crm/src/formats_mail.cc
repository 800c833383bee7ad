#include "formats_mail.h"

#include <gmime/gmime.h>

#include <array>
#include <cstdio>
#include <memory>
#include <mutex>
#include <unordered_set>

#include "formats_text.h"
#include "keel/core/utf8.h"

namespace keel::crm::formats {

namespace {

// ---- GMime plumbing ----

struct ObjectUnref {
  void operator()(gpointer object) const {
    if (object != nullptr) g_object_unref(object);
  }
};
template <typename T>
using GObjectPtr = std::unique_ptr<T, ObjectUnref>;

struct ReferencesFree {
  void operator()(GMimeReferences* references) const {
    if (references != nullptr) g_mime_references_free(references);
  }
};
using ReferencesPtr = std::unique_ptr<GMimeReferences, ReferencesFree>;

struct GFree {
  void operator()(gpointer memory) const { g_free(memory); }
};

void ensure_gmime() {
  static std::once_flag once;
  std::call_once(once, [] { g_mime_init(); });
}

// MIME trees are walked at most this deep and this wide; GMime bounds its own parser too.
constexpr int kMimeDepthMax = 32;
constexpr int kMimePartsMax = 1000;
// Addresses in one header list (including group members) looked at.
constexpr int kAddressesScannedMax = 1000;
// RFC 5321 §4.5.3.1.3: a path holds at most 256 octets, so an addr-spec at most 254.
constexpr std::size_t kAddressBytesMax = 254;
constexpr std::size_t kReferencesScannedMax = 10000;

Error malformed(std::string_view why) {
  return Error::validation("email_malformed", "the message cannot be read: " + std::string(why),
                           "message");
}

std::string single_line(const char* text, std::size_t bytes_max) {
  if (text == nullptr) return {};
  const std::string cleaned = clean_text(text, LineBreaks::to_space);
  return std::string(cut_utf8(trim_ascii_space(cleaned), bytes_max));
}

// ---- Addresses ----

// The lower-cased addr-spec, or empty when it is not local@domain or holds spaces.
std::string addr_spec(const char* address) {
  if (address == nullptr) return {};
  const std::string cleaned = ascii_lower(clean_text(address, LineBreaks::to_space));
  const std::string_view value = trim_ascii_space(cleaned);
  const std::size_t at = value.rfind('@');
  const bool usable = !value.empty() && value.size() <= kAddressBytesMax && at != 0 &&
                      at != std::string_view::npos && at + 1 < value.size() &&
                      value.find(' ') == std::string_view::npos;
  return usable ? std::string(value) : std::string();
}

struct Mailbox {
  std::string address;
  std::string name;
};

// The mailboxes of `list`, group members included, in order; at most `count_max`.
void collect_mailboxes(InternetAddressList* list, std::vector<Mailbox>& out, std::size_t count_max,
                       int& budget, int depth = 0) {
  if (list == nullptr || depth > 1) return;
  const int length = internet_address_list_length(list);
  for (int i = 0; i < length && out.size() < count_max && budget > 0; ++i, --budget) {
    InternetAddress* address = internet_address_list_get_address(list, i);
    if (INTERNET_ADDRESS_IS_GROUP(address)) {
      collect_mailboxes(internet_address_group_get_members(INTERNET_ADDRESS_GROUP(address)), out,
                        count_max, budget, depth + 1);
      continue;
    }
    if (!INTERNET_ADDRESS_IS_MAILBOX(address)) continue;
    std::string spec =
        addr_spec(internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(address)));
    if (spec.empty()) continue;
    out.push_back(
        {std::move(spec), single_line(internet_address_get_name(address), kMailFieldBytesMax)});
  }
}

std::vector<std::string> recipients(GMimeMessage* message) {
  std::vector<Mailbox> mailboxes;
  int budget = kAddressesScannedMax;
  // Gathering a few more than kept leaves room for the duplicates that are dropped.
  const std::size_t gathered_max = kMailRecipientsMax * 4;
  collect_mailboxes(g_mime_message_get_to(message), mailboxes, gathered_max, budget);
  collect_mailboxes(g_mime_message_get_cc(message), mailboxes, gathered_max, budget);
  std::vector<std::string> out;
  std::unordered_set<std::string> seen;
  for (Mailbox& mailbox : mailboxes) {
    if (out.size() == kMailRecipientsMax) break;
    if (seen.insert(mailbox.address).second) out.push_back(std::move(mailbox.address));
  }
  return out;
}

// ---- Threading ids ----

void append_ids(GMimeMessage* message, const char* header, std::vector<std::string>& ids) {
  const char* value = g_mime_object_get_header(GMIME_OBJECT(message), header);
  if (value == nullptr) return;
  ReferencesPtr parsed(g_mime_references_parse(nullptr, value));
  if (!parsed) return;
  const int length = g_mime_references_length(parsed.get());
  for (int i = 0; i < length && ids.size() < kReferencesScannedMax; ++i) {
    std::string id =
        single_line(g_mime_references_get_message_id(parsed.get(), i), kMailFieldBytesMax);
    if (!id.empty() && id.find(' ') == std::string::npos) ids.push_back(std::move(id));
  }
}

std::vector<std::string> thread_ids(GMimeMessage* message) {
  std::vector<std::string> all;
  append_ids(message, "References", all);
  append_ids(message, "In-Reply-To", all);
  std::vector<std::string> unique;
  std::unordered_set<std::string> seen;
  for (std::string& id : all) {
    if (seen.insert(id).second) unique.push_back(std::move(id));
  }
  if (unique.size() <= kMailReferencesMax) return unique;
  // RFC 5322 §3.6.4 trims References by keeping the root and the most recent ids.
  std::vector<std::string> kept;
  kept.push_back(std::move(unique.front()));
  const std::size_t tail_from = unique.size() - (kMailReferencesMax - 1);
  for (std::size_t i = tail_from; i < unique.size(); ++i) kept.push_back(std::move(unique[i]));
  return kept;
}

// ---- Date ----

std::optional<std::string> utc_date(GMimeMessage* message) {
  GDateTime* date = g_mime_message_get_date(message);  // owned by the message
  if (date == nullptr) return std::nullopt;
  std::unique_ptr<GDateTime, void (*)(GDateTime*)> utc(g_date_time_to_utc(date), g_date_time_unref);
  if (!utc) return std::nullopt;
  std::array<char, 32> buffer{};
  std::snprintf(buffer.data(), buffer.size(), "%04d-%02d-%02dT%02d:%02d:%02dZ",
                g_date_time_get_year(utc.get()), g_date_time_get_month(utc.get()),
                g_date_time_get_day_of_month(utc.get()), g_date_time_get_hour(utc.get()),
                g_date_time_get_minute(utc.get()), g_date_time_get_second(utc.get()));
  return std::string(buffer.data());
}

// ---- Body ----

std::string decoded_bytes(GMimePart* part) {
  GMimeDataWrapper* content = g_mime_part_get_content(part);
  if (content == nullptr) return {};
  GObjectPtr<GMimeStream> stream(g_mime_stream_mem_new());
  g_mime_data_wrapper_write_to_stream(content, stream.get());
  GByteArray* bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(stream.get()));
  if (bytes == nullptr || bytes->len == 0) return {};
  return std::string(reinterpret_cast<const char*>(bytes->data), bytes->len);
}

// Converts a text part's bytes to UTF-8. Undeclared or unknown charsets are taken as UTF-8
// when the bytes are valid UTF-8 and as windows-1252 (which most mislabelled Western mail
// is) otherwise.
std::string text_as_utf8(const std::string& bytes, const char* charset) {
  if (charset != nullptr && !ascii_iequals(charset, "utf-8") &&
      !ascii_iequals(charset, "us-ascii")) {
    const char* iconv_name = g_mime_charset_iconv_name(charset);
    if (std::optional<std::string> converted =
            convert_to_utf8(bytes, iconv_name != nullptr ? iconv_name : charset)) {
      return std::move(*converted);
    }
  }
  if (is_valid_utf8(bytes)) return bytes;
  if (charset == nullptr || !ascii_iequals(charset, "utf-8")) {
    if (std::optional<std::string> converted = convert_to_utf8(bytes, "WINDOWS-1252")) {
      return std::move(*converted);
    }
  }
  return bytes;  // clean_text replaces what is not UTF-8
}

void append_code_point(std::string& out, std::uint32_t code_point) {
  if (code_point == 0 || code_point > 0x10FFFF || (code_point >= 0xD800 && code_point <= 0xDFFF)) {
    code_point = 0xFFFD;
  }
  if (code_point < 0x80) {
    out += static_cast<char>(code_point);
  } else if (code_point < 0x800) {
    out += static_cast<char>(0xC0 | (code_point >> 6));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else if (code_point < 0x10000) {
    out += static_cast<char>(0xE0 | (code_point >> 12));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code_point >> 18));
    out += static_cast<char>(0x80 | ((code_point >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  }
}

struct NamedEntity {
  std::string_view name;
  std::uint32_t code_point;
};

constexpr std::array kNamedEntities = {
    NamedEntity{"amp", '&'},       NamedEntity{"lt", '<'},       NamedEntity{"gt", '>'},
    NamedEntity{"quot", '"'},      NamedEntity{"apos", '\''},    NamedEntity{"nbsp", ' '},
    NamedEntity{"copy", 0xA9},     NamedEntity{"reg", 0xAE},     NamedEntity{"trade", 0x2122},
    NamedEntity{"hellip", 0x2026}, NamedEntity{"mdash", 0x2014}, NamedEntity{"ndash", 0x2013},
    NamedEntity{"lsquo", 0x2018},  NamedEntity{"rsquo", 0x2019}, NamedEntity{"ldquo", 0x201C},
    NamedEntity{"rdquo", 0x201D},  NamedEntity{"laquo", 0xAB},   NamedEntity{"raquo", 0xBB},
    NamedEntity{"bull", 0x2022},   NamedEntity{"middot", 0xB7},  NamedEntity{"euro", 0x20AC},
    NamedEntity{"zwnj", 0x200C},   NamedEntity{"zwj", 0x200D},   NamedEntity{"lrm", 0x200E},
    NamedEntity{"rlm", 0x200F},    NamedEntity{"shy", 0xAD},
};

// Decodes the entity at html[position] ('&') into `out`; returns the bytes consumed, or 0
// when it is not an entity (the '&' is then plain text).
std::size_t decode_entity(std::string_view html, std::size_t position, std::string& out) {
  constexpr std::size_t kEntityBytesMax = 12;
  const std::size_t semicolon = html.substr(position, kEntityBytesMax).find(';');
  if (semicolon == std::string_view::npos || semicolon < 2) return 0;
  const std::string_view body = html.substr(position + 1, semicolon - 1);
  if (body[0] == '#') {
    const bool hex = body.size() > 1 && (body[1] == 'x' || body[1] == 'X');
    const std::string_view digits = body.substr(hex ? 2 : 1);
    if (digits.empty()) return 0;
    std::uint32_t value = 0;
    for (char c : digits) {
      const bool decimal = c >= '0' && c <= '9';
      const char lower = static_cast<char>(c | 0x20);
      const bool hex_letter = hex && lower >= 'a' && lower <= 'f';
      if (!decimal && !hex_letter) return 0;
      value = value * (hex ? 16 : 10) +
              static_cast<std::uint32_t>(decimal ? c - '0' : lower - 'a' + 10);
      if (value > 0x10FFFF) value = 0x110000;  // stays out of range without overflowing
    }
    append_code_point(out, value);
    return semicolon + 1;
  }
  for (const NamedEntity& entity : kNamedEntities) {
    if (body == entity.name) {
      append_code_point(out, entity.code_point);
      return semicolon + 1;
    }
  }
  return 0;
}

bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// What a tag turns into in plain text: <br> always breaks the line, a block element starts
// a new line unless one has just started, a table cell is set apart by a space.
enum class TagBreak { none, space, block, line };

TagBreak tag_break(std::string_view name) {
  static constexpr std::array kBlockTags = {"p",  "div",   "tr",         "li", "h1", "h2",
                                            "h3", "h4",    "h5",         "h6", "hr", "ul",
                                            "ol", "table", "blockquote", "pre"};
  if (name == "br") return TagBreak::line;
  for (std::string_view tag : kBlockTags) {
    if (name == tag) return TagBreak::block;
  }
  return (name == "td" || name == "th") ? TagBreak::space : TagBreak::none;
}

void append_whitespace(std::string& out, char c) {
  if (out.empty()) return;
  if (c == '\n') {
    while (!out.empty() && out.back() == ' ') out.pop_back();
    if (out.size() >= 2 && out[out.size() - 1] == '\n' && out[out.size() - 2] == '\n') return;
    out += '\n';
  } else if (out.back() != ' ' && out.back() != '\n') {
    out += ' ';
  }
}

// Handles the markup starting at html[position] ('<'); returns where text resumes.
// Every search moves forward or ends the input, so the whole conversion is linear.
std::size_t skip_markup(std::string_view html, std::size_t position, std::string& out) {
  if (html.substr(position, 4) == "<!--") {
    const std::size_t end = html.find("-->", position + 4);
    return end == std::string_view::npos ? html.size() : end + 3;
  }
  const std::size_t close = html.find('>', position);
  if (close == std::string_view::npos) return html.size();
  std::size_t name_start = position + 1;
  const bool closing = name_start < close && html[name_start] == '/';
  if (closing) ++name_start;
  std::size_t name_end = name_start;
  while (name_end < close &&
         (is_ascii_letter(html[name_end]) || (html[name_end] >= '0' && html[name_end] <= '9'))) {
    ++name_end;
  }
  const std::string name = ascii_lower(html.substr(name_start, name_end - name_start));
  const bool raw_text = name == "script" || name == "style" || name == "head" || name == "title";
  if (raw_text && !closing) {
    const std::size_t end = ascii_lower(html.substr(close)).find("</" + name);
    if (end == std::string::npos) return html.size();
    const std::size_t end_close = html.find('>', close + end);
    return end_close == std::string_view::npos ? html.size() : end_close + 1;
  }
  switch (tag_break(name)) {
    case TagBreak::none:
      break;
    case TagBreak::space:
      append_whitespace(out, ' ');
      break;
    case TagBreak::block:
      if (!out.empty() && out.back() != '\n') append_whitespace(out, '\n');
      break;
    case TagBreak::line:
      append_whitespace(out, '\n');
      break;
  }
  return close + 1;
}

std::string html_to_text(std::string_view html) {
  std::string out;
  out.reserve(html.size() / 2);
  std::size_t position = 0;
  while (position < html.size()) {
    const char c = html[position];
    const bool tag_start = c == '<' && position + 1 < html.size() &&
                           (is_ascii_letter(html[position + 1]) || html[position + 1] == '/' ||
                            html[position + 1] == '!' || html[position + 1] == '?');
    if (tag_start) {
      position = skip_markup(html, position, out);
    } else if (c == '&') {
      const std::size_t used = decode_entity(html, position, out);
      if (used == 0) out += c;
      position += used == 0 ? 1 : used;
    } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      append_whitespace(out, ' ');
      ++position;
    } else {
      out += c;
      ++position;
    }
  }
  return out;
}

// ---- MIME tree ----

struct MimeWalk {
  GMimePart* plain = nullptr;
  GMimePart* html = nullptr;
  std::vector<GMimeObject*> attachments;
  int parts_visited = 0;
};

void walk(GMimeObject* object, int depth, MimeWalk& found) {
  if (object == nullptr || depth > kMimeDepthMax || ++found.parts_visited > kMimePartsMax) {
    return;
  }
  if (GMIME_IS_MULTIPART(object)) {
    GMimeMultipart* multipart = GMIME_MULTIPART(object);
    const int count = g_mime_multipart_get_count(multipart);
    for (int i = 0; i < count && found.parts_visited < kMimePartsMax; ++i) {
      walk(g_mime_multipart_get_part(multipart, i), depth + 1, found);
    }
    return;
  }
  const bool listable = found.attachments.size() < kMailAttachmentsMax;
  if (GMIME_IS_MESSAGE_PART(object)) {
    if (listable) found.attachments.push_back(object);
    return;
  }
  if (!GMIME_IS_PART(object)) return;
  GMimePart* part = GMIME_PART(object);
  GMimeContentType* type = g_mime_object_get_content_type(object);
  const bool attachment = g_mime_part_is_attachment(part);
  if (!attachment && found.plain == nullptr && g_mime_content_type_is_type(type, "text", "plain")) {
    found.plain = part;
    return;
  }
  if (!attachment && found.html == nullptr && g_mime_content_type_is_type(type, "text", "html")) {
    found.html = part;
    return;
  }
  const bool text = g_mime_content_type_is_type(type, "text", "*");
  if (listable && (attachment || g_mime_part_get_filename(part) != nullptr || !text)) {
    found.attachments.push_back(object);
  }
}

void set_body(InboundMessage& message, const MimeWalk& found) {
  GMimePart* part = found.plain != nullptr ? found.plain : found.html;
  if (part == nullptr) return;
  const char* charset = g_mime_object_get_content_type_parameter(GMIME_OBJECT(part), "charset");
  std::string text = text_as_utf8(decoded_bytes(part), charset);
  if (part == found.html) text = html_to_text(text);
  const std::string cleaned = clean_text(text, LineBreaks::keep);
  const std::string_view body = trim_ascii_space(cleaned);
  const std::string_view kept = cut_utf8(body, kMailTextMax);
  message.text = std::string(kept);
  message.text_truncated = kept.size() < body.size();
}

std::int64_t decoded_size(GMimeObject* object) {
  GObjectPtr<GMimeStream> counter(g_mime_stream_null_new());
  if (GMIME_IS_MESSAGE_PART(object)) {
    GMimeMessage* inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(object));
    if (inner != nullptr)
      g_mime_object_write_to_stream(GMIME_OBJECT(inner), nullptr, counter.get());
  } else if (GMimeDataWrapper* content = g_mime_part_get_content(GMIME_PART(object))) {
    g_mime_data_wrapper_write_to_stream(content, counter.get());
  }
  return static_cast<std::int64_t>(GMIME_STREAM_NULL(counter.get())->written);
}

MailAttachment attachment_of(GMimeObject* object) {
  MailAttachment attachment;
  const char* filename = GMIME_IS_PART(object)
                             ? g_mime_part_get_filename(GMIME_PART(object))
                             : g_mime_object_get_content_disposition_parameter(object, "filename");
  attachment.filename = single_line(filename, kMailFieldBytesMax);
  std::unique_ptr<char, GFree> mime_type(
      g_mime_content_type_get_mime_type(g_mime_object_get_content_type(object)));
  attachment.content_type = ascii_lower(single_line(mime_type.get(), kMailFieldBytesMax));
  attachment.size = decoded_size(object);
  return attachment;
}

// ---- Message ----

Result<InboundMessage> read_message(GMimeMessage* message) {
  GMimeHeaderList* headers = g_mime_object_get_header_list(GMIME_OBJECT(message));
  if (headers == nullptr || g_mime_header_list_get_count(headers) == 0) {
    return malformed("no header block");
  }
  InboundMessage out;
  std::vector<Mailbox> from;
  int budget = kAddressesScannedMax;
  collect_mailboxes(g_mime_message_get_from(message), from, 1, budget);
  if (from.empty()) {
    return Error::validation("email_from_missing", "the message has no usable From address",
                             "from");
  }
  out.from_address = std::move(from.front().address);
  out.from_name = std::move(from.front().name);
  const std::string message_id =
      single_line(g_mime_message_get_message_id(message), kMailFieldBytesMax);
  if (message_id.find(' ') == std::string::npos) out.message_id = message_id;
  out.references = thread_ids(message);
  out.to = recipients(message);
  out.subject = single_line(g_mime_message_get_subject(message), kMailSubjectBytesMax);
  out.date = utc_date(message);
  MimeWalk found;
  walk(g_mime_message_get_mime_part(message), 0, found);
  set_body(out, found);
  for (GMimeObject* object : found.attachments) out.attachments.push_back(attachment_of(object));
  return out;
}

}  // namespace

Result<InboundMessage> parse_message(std::string_view raw) {
  if (raw.size() > kMailRawBytesMax) {
    return Error::validation(
        "email_too_large",
        "the message is longer than " + std::to_string(kMailRawBytesMax) + " bytes", "message");
  }
  // GMime is C and does not throw; what can throw here is allocation in this file. A
  // message that exhausts memory is reported as unreadable rather than escaping.
  try {
    ensure_gmime();
    GObjectPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(raw.data(), raw.size()));
    GObjectPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
    g_mime_parser_set_format(parser.get(), GMIME_FORMAT_MESSAGE);
    GObjectPtr<GMimeMessage> message(g_mime_parser_construct_message(parser.get(), nullptr));
    if (!message) return malformed("not a message");
    return read_message(message.get());
  } catch (const std::exception& exception) {
    return malformed(exception.what());
  }
}

}  // namespace keel::crm::formats
