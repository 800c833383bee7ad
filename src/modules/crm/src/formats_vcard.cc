#include "formats_vcard.h"

#include <array>

#include "formats_text.h"

namespace keel::crm::formats {

namespace {

Error malformed(std::size_t line_number, std::string_view what) {
  return Error::validation(
      "vcard_malformed", "line " + std::to_string(line_number) + ": " + std::string(what), "file");
}

bool is_card_delimiter(const ContentLine& line, std::string_view name) {
  return line.name == name && ascii_iequals(trim_ascii_space(line.value), "VCARD");
}

// The value's bytes after the transfer encoding and charset are undone, still escaped.
// nullopt for base64 values, which only binary properties use.
std::optional<std::string> decoded_value(const ContentLine& line) {
  if (has_parameter_value(line, "ENCODING", "B") ||
      has_parameter_value(line, "ENCODING", "BASE64")) {
    return std::nullopt;
  }
  std::string bytes = has_parameter_value(line, "ENCODING", "QUOTED-PRINTABLE")
                          ? decode_quoted_printable(line.value)
                          : line.value;
  const std::optional<std::string_view> charset = parameter(line, "CHARSET");
  if (charset && !ascii_iequals(*charset, "UTF-8")) {
    const std::string charset_name(*charset);
    if (std::optional<std::string> converted = convert_to_utf8(bytes, charset_name.c_str())) {
      return converted;
    }
  }
  return bytes;
}

// One TEXT component: unescaped, cleaned and cut.
std::string text_of(std::string_view escaped, LineBreaks line_breaks, std::size_t bytes_max) {
  const std::string cleaned = clean_text(unescape_text_value(escaped), line_breaks);
  return std::string(cut_utf8(trim_ascii_space(cleaned), bytes_max));
}

std::string single_line(std::string_view escaped) {
  return text_of(escaped, LineBreaks::to_space, kVcardFieldBytesMax);
}

void add_value(std::vector<std::string>& values, std::string value, std::string_view scheme) {
  if (value.size() > scheme.size() && ascii_iequals(value.substr(0, scheme.size()), scheme)) {
    value.erase(0, scheme.size());
  }
  if (!value.empty() && values.size() < kVcardValuesPerKindMax) values.push_back(value);
}

// What a card has read so far, beyond the Contact itself.
struct CardState {
  Contact contact;
  std::size_t begin_line = 0;
  bool has_full_name = false;
  bool has_name = false;
  std::string name_prefix, additional_names, name_suffix;
};

void apply_name(CardState& card, std::string_view value) {
  const std::vector<std::string_view> parts = split_unescaped(value, ';', 5);
  std::array<std::string, 5> fields;
  for (std::size_t i = 0; i < parts.size(); ++i) fields[i] = single_line(parts[i]);
  card.contact.family_name = fields[0];
  card.contact.given_name = fields[1];
  card.additional_names = fields[2];
  card.name_prefix = fields[3];
  card.name_suffix = fields[4];
  card.has_name = true;
}

void apply_address(CardState& card, std::string_view value) {
  const std::vector<std::string_view> parts = split_unescaped(value, ';', 7);
  std::array<std::string, 7> fields;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    fields[i] =
        i == 2 ? text_of(parts[i], LineBreaks::keep, kVcardFieldBytesMax) : single_line(parts[i]);
  }
  // Component 1 (extended address) is where some writers put the whole street.
  VcardAddress address{fields[2].empty() ? fields[1] : fields[2], fields[3], fields[4], fields[5],
                       fields[6]};
  card.contact.address = std::move(address);
}

void apply_property(CardState& card, const ContentLine& line) {
  const std::optional<std::string> value = decoded_value(line);
  if (!value) return;
  Contact& contact = card.contact;
  const std::string& name = line.name;
  if (name == "FN" && !card.has_full_name) {
    contact.full_name = single_line(*value);
    card.has_full_name = true;
  } else if (name == "N" && !card.has_name) {
    apply_name(card, *value);
  } else if (name == "ORG" && contact.organization.empty()) {
    contact.organization = single_line(split_unescaped(*value, ';', 2)[0]);
  } else if (name == "TITLE" && contact.title.empty()) {
    contact.title = single_line(*value);
  } else if (name == "NOTE" && contact.note.empty()) {
    contact.note = text_of(*value, LineBreaks::keep, kVcardNoteBytesMax);
  } else if (name == "UID" && contact.uid.empty()) {
    contact.uid = single_line(*value);
  } else if (name == "EMAIL") {
    add_value(contact.emails, single_line(*value), "mailto:");
  } else if (name == "TEL") {
    add_value(contact.phones, single_line(*value), "tel:");
  } else if (name == "URL") {
    add_value(contact.websites, single_line(*value), "");
  } else if (name == "ADR" && !contact.address) {
    apply_address(card, *value);
  }
}

std::string joined_name(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& part : parts) {
    if (part.empty()) continue;
    if (!out.empty()) out += ' ';
    out += part;
  }
  return out;
}

Contact finished(CardState card) {
  Contact contact = std::move(card.contact);
  if (contact.full_name.empty()) {
    contact.full_name = joined_name({card.name_prefix, contact.given_name, card.additional_names,
                                     contact.family_name, card.name_suffix});
  }
  if (contact.full_name.empty()) contact.full_name = contact.organization;
  if (contact.full_name.empty() && !contact.emails.empty()) {
    contact.full_name = contact.emails.front();
  }
  return contact;
}

}  // namespace

Result<std::vector<Contact>> parse_vcards(std::string_view text) {
  std::vector<Contact> contacts;
  std::optional<CardState> card;
  for (const UnfoldedLine& unfolded : unfold_lines(text, SoftBreaks::quoted_printable)) {
    const std::optional<ContentLine> line = parse_content_line(unfolded);
    if (!card) {
      if (line && is_card_delimiter(*line, "BEGIN")) {
        card.emplace();
        card->begin_line = line->line_number;
      } else if (line && is_card_delimiter(*line, "END")) {
        return malformed(line->line_number, "END:VCARD without BEGIN:VCARD");
      }
      continue;
    }
    if (!line) return malformed(unfolded.line_number, "a property line without ':'");
    if (is_card_delimiter(*line, "BEGIN")) {
      return malformed(card->begin_line, "BEGIN:VCARD without END:VCARD");
    }
    if (!is_card_delimiter(*line, "END")) {
      apply_property(*card, *line);
      continue;
    }
    if (!card->has_full_name && !card->has_name) {
      return malformed(card->begin_line, "a card with neither FN nor N");
    }
    if (contacts.size() == kVcardContactsMax) {
      return Error::validation(
          "vcard_too_many",
          "more than " + std::to_string(kVcardContactsMax) + " contacts in one file", "file");
    }
    contacts.push_back(finished(std::move(*card)));
    card.reset();
  }
  if (card) return malformed(card->begin_line, "BEGIN:VCARD without END:VCARD");
  if (contacts.empty()) return Error::validation("vcard_empty", "no vCard in the file", "file");
  return contacts;
}

namespace {

std::string clean_line(std::string_view text) { return clean_text(text, LineBreaks::to_space); }

void write_property(std::string& out, std::string_view name, std::string_view value) {
  out += fold_content_line(std::string(name) + ":" + std::string(value));
}

void write_text(std::string& out, std::string_view name, std::string_view value) {
  if (value.empty()) return;
  write_property(out, name, escape_text_value(clean_text(value, LineBreaks::keep)));
}

std::string written_full_name(const Contact& contact) {
  if (!contact.full_name.empty()) return contact.full_name;
  std::string name = joined_name({contact.given_name, contact.family_name});
  if (name.empty()) name = contact.organization;
  if (name.empty() && !contact.emails.empty()) name = contact.emails.front();
  return name;
}

void write_address(std::string& out, const VcardAddress& address) {
  const auto component = [](std::string_view value) {
    return escape_text_value(clean_text(value, LineBreaks::keep));
  };
  write_property(out, "ADR;TYPE=WORK",
                 ";;" + component(address.street) + ";" + component(address.city) + ";" +
                     component(address.region) + ";" + component(address.postal_code) + ";" +
                     component(address.country));
}

void write_contact(std::string& out, const Contact& contact) {
  out += "BEGIN:VCARD\r\nVERSION:3.0\r\n";
  write_text(out, "UID", contact.uid);
  write_property(out, "FN", escape_text_value(clean_line(written_full_name(contact))));
  write_property(out, "N",
                 escape_text_value(clean_line(contact.family_name)) + ";" +
                     escape_text_value(clean_line(contact.given_name)) + ";;;");
  write_text(out, "ORG", clean_line(contact.organization));
  write_text(out, "TITLE", clean_line(contact.title));
  for (const std::string& email : contact.emails) {
    write_text(out, "EMAIL;TYPE=INTERNET", clean_line(email));
  }
  for (const std::string& phone : contact.phones) write_text(out, "TEL", clean_line(phone));
  // URL is a URI, not TEXT: no escaping, but nothing that could break the line either.
  for (const std::string& website : contact.websites) {
    const std::string url = clean_line(website);
    if (!url.empty()) write_property(out, "URL", url);
  }
  if (contact.address) write_address(out, *contact.address);
  write_text(out, "NOTE", contact.note);
  out += "END:VCARD\r\n";
}

}  // namespace

std::string write_vcards(const std::vector<Contact>& contacts) {
  std::string out;
  for (const Contact& contact : contacts) write_contact(out, contact);
  return out;
}

}  // namespace keel::crm::formats
