// The bounded XML and OFX-SGML readers behind the camt.053 and OFX parsers.
#include "bank_xml.h"

#include <cstdint>

#include "keel/accounting/bank_api.h"

namespace keel::accounting::bank::detail {
namespace {

constexpr std::size_t kNameLengthMax = 128;
constexpr std::size_t kEntityLengthMax = 12;  // "&#x10FFFF;" fits with room

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

bool is_name_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '_' || c == '-' || c == '.' || c == ':' || u >= 0x80;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

std::string local_name(std::string_view name) {
  const auto colon = name.rfind(':');
  return std::string(colon == std::string_view::npos ? name : name.substr(colon + 1));
}

// XML 1.0's Char production: what a numeric character reference may name.
bool is_xml_char(std::uint32_t code) {
  return code == 0x9 || code == 0xA || code == 0xD || (code >= 0x20 && code <= 0xD7FF) ||
         (code >= 0xE000 && code <= 0xFFFD) || (code >= 0x10000 && code <= 0x10FFFF);
}

void append_utf8(std::string& out, std::uint32_t code) {
  if (code < 0x80) {
    out.push_back(static_cast<char>(code));
  } else if (code < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (code >> 6)));
    out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
  } else if (code < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (code >> 12)));
    out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (code >> 18)));
    out.push_back(static_cast<char>(0x80 | ((code >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
  }
}

Result<std::uint32_t> character_reference(std::string_view body) {
  const bool hex = body.starts_with("#x");
  body.remove_prefix(hex ? 2 : 1);
  if (body.empty()) return format_invalid("empty character reference");
  std::uint32_t code = 0;
  for (const char c : body) {
    int digit = -1;
    if (c >= '0' && c <= '9') digit = c - '0';
    if (hex && c >= 'a' && c <= 'f') digit = c - 'a' + 10;
    if (hex && c >= 'A' && c <= 'F') digit = c - 'A' + 10;
    if (digit < 0) return format_invalid("malformed character reference");
    code = code * (hex ? 16 : 10) + static_cast<std::uint32_t>(digit);
    if (code > 0x10FFFF) return format_invalid("character reference out of range");
  }
  if (!is_xml_char(code)) return format_invalid("character reference names no XML character");
  return code;
}

// Appends `raw` to `out`, replacing entity and character references.
Result<void> decode_text(std::string_view raw, std::string& out) {
  std::size_t pos = 0;
  while (pos < raw.size()) {
    const auto amp = raw.find('&', pos);
    out.append(raw.substr(pos, amp == std::string_view::npos ? raw.size() - pos : amp - pos));
    if (amp == std::string_view::npos) break;
    const auto semi = raw.find(';', amp);
    if (semi == std::string_view::npos || semi - amp > kEntityLengthMax) {
      return format_invalid("'&' must start an entity reference such as &amp;");
    }
    const std::string_view body = raw.substr(amp + 1, semi - amp - 1);
    if (body == "amp") out.push_back('&');
    else if (body == "lt") out.push_back('<');
    else if (body == "gt") out.push_back('>');
    else if (body == "quot") out.push_back('"');
    else if (body == "apos") out.push_back('\'');
    else if (body.starts_with('#')) append_utf8(out, TRY(character_reference(body)));
    else return format_invalid("unknown entity &" + std::string(body) + ";");
    pos = semi + 1;
  }
  return Ok{};
}

class XmlReader {
 public:
  explicit XmlReader(std::string_view text) : m_text(text) {}

  Result<XmlNode> document() {
    TRY(prolog());
    if (!at("<")) return format_invalid("no root element");
    XmlNode root;
    TRY(element(root, 1));
    TRY(misc());
    if (m_pos != m_text.size()) return format_invalid("content after the root element");
    return root;
  }

 private:
  bool at(std::string_view token) const { return m_text.substr(m_pos).starts_with(token); }
  bool at_end() const { return m_pos >= m_text.size(); }
  void skip_space() {
    while (!at_end() && is_space(m_text[m_pos])) ++m_pos;
  }
  Result<void> skip_past(std::string_view terminator, std::string_view what) {
    const auto end = m_text.find(terminator, m_pos);
    if (end == std::string_view::npos) return format_invalid("unterminated " + std::string(what));
    m_pos = end + terminator.size();
    return Ok{};
  }

  Result<void> declaration() {
    const auto end = m_text.find("?>", m_pos);
    if (end == std::string_view::npos) return format_invalid("unterminated XML declaration");
    const std::string_view decl = m_text.substr(m_pos, end - m_pos);
    const auto enc = decl.find("encoding");
    if (enc != std::string_view::npos) {
      const auto quote = decl.find_first_of("\"'", enc);
      const auto close = quote == std::string_view::npos
                             ? std::string_view::npos
                             : decl.find(decl[quote], quote + 1);
      if (close == std::string_view::npos) return format_invalid("malformed XML declaration");
      std::string name(decl.substr(quote + 1, close - quote - 1));
      for (char& c : name) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
      if (name != "UTF-8" && name != "UTF8" && name != "US-ASCII") {
        return Error::validation("statement_encoding_invalid",
                                 "the document declares encoding " + name + "; send UTF-8");
      }
    }
    m_pos = end + 2;
    return Ok{};
  }

  // Comments, processing instructions and whitespace, which may surround the root.
  Result<void> misc() {
    for (;;) {
      skip_space();
      if (at("<!--")) {
        TRY(skip_past("-->", "comment"));
      } else if (at("<?")) {
        TRY(skip_past("?>", "processing instruction"));
      } else if (at("<!")) {
        return format_invalid("DTDs and entity declarations are not accepted");
      } else {
        return Ok{};
      }
    }
  }

  Result<void> prolog() {
    if (at("<?xml") && m_text.size() > 5 && is_space(m_text[5])) TRY(declaration());
    return misc();
  }

  Result<std::string_view> name() {
    const std::size_t start = m_pos;
    while (!at_end() && is_name_char(m_text[m_pos])) ++m_pos;
    if (m_pos == start) return format_invalid("expected a name at byte " + std::to_string(start));
    if (m_pos - start > kNameLengthMax) return format_invalid("name too long");
    return m_text.substr(start, m_pos - start);
  }

  // Reads attributes up to '>' or '/>'. Returns true for an empty element ("/>").
  Result<bool> attributes(XmlNode& node) {
    for (;;) {
      skip_space();
      if (at("/>")) return (m_pos += 2, true);
      if (at(">")) return (m_pos += 1, false);
      if (at_end()) return format_invalid("truncated start tag");
      const std::string_view attribute_name = TRY(name());
      skip_space();
      if (!at("=")) return format_invalid("expected '=' after attribute name");
      ++m_pos;
      skip_space();
      if (at_end() || (m_text[m_pos] != '"' && m_text[m_pos] != '\'')) {
        return format_invalid("attribute value must be quoted");
      }
      const char quote = m_text[m_pos++];
      const auto close = m_text.find(quote, m_pos);
      if (close == std::string_view::npos) return format_invalid("unterminated attribute value");
      const std::string_view raw = m_text.substr(m_pos, close - m_pos);
      if (raw.find('<') != std::string_view::npos) return format_invalid("'<' in attribute");
      if (node.attributes.size() >= kXmlAttributesMax) return too_large("too many attributes");
      std::string value;
      TRY(decode_text(raw, value));
      node.attributes.emplace_back(local_name(attribute_name), std::move(value));
      m_pos = close + 1;
    }
  }

  Result<void> element(XmlNode& node, std::size_t depth) {
    if (depth > kXmlDepthMax) return too_large("XML nested deeper than the limit");
    if (++m_nodes > kXmlNodesMax) return too_large("XML document has too many elements");
    ++m_pos;  // '<'
    const std::string_view raw_name = TRY(name());
    node.name = local_name(raw_name);
    if (TRY(attributes(node))) return Ok{};
    TRY(content(node, raw_name, depth));
    node.text = std::string(trim(node.text));
    return Ok{};
  }

  Result<void> end_tag(std::string_view raw_name) {
    m_pos += 2;
    const std::string_view closing = TRY(name());
    if (closing != raw_name) {
      return format_invalid("</" + std::string(closing) + "> closes <" + std::string(raw_name) +
                            ">");
    }
    skip_space();
    if (!at(">")) return format_invalid("malformed end tag");
    ++m_pos;
    return Ok{};
  }

  Result<void> content(XmlNode& node, std::string_view raw_name, std::size_t depth) {
    for (;;) {
      if (at_end()) return format_invalid("truncated document: <" + node.name + "> not closed");
      if (at("</")) return end_tag(raw_name);
      if (at("<!--")) {
        TRY(skip_past("-->", "comment"));
      } else if (at("<![CDATA[")) {
        const auto end = m_text.find("]]>", m_pos);
        if (end == std::string_view::npos) return format_invalid("unterminated CDATA");
        node.text.append(m_text.substr(m_pos + 9, end - m_pos - 9));
        m_pos = end + 3;
      } else if (at("<?")) {
        TRY(skip_past("?>", "processing instruction"));
      } else if (at("<!")) {
        return format_invalid("DTDs and entity declarations are not accepted");
      } else if (at("<")) {
        node.children.emplace_back();
        TRY(element(node.children.back(), depth + 1));
      } else {
        const auto next = m_text.find('<', m_pos);
        const auto end = next == std::string_view::npos ? m_text.size() : next;
        TRY(decode_text(m_text.substr(m_pos, end - m_pos), node.text));
        m_pos = end;
      }
    }
  }

  std::string_view m_text;
  std::size_t m_pos = 0;
  std::size_t m_nodes = 0;
};

}  // namespace

Error format_invalid(std::string message, std::string field) {
  return Error::validation("statement_format_invalid", std::move(message), std::move(field));
}

Error too_large(std::string message) {
  return Error::validation("statement_too_large", std::move(message));
}

const XmlNode* XmlNode::child(std::string_view child_name) const {
  for (const auto& c : children) {
    if (c.name == child_name) return &c;
  }
  return nullptr;
}

const XmlNode* XmlNode::find(std::string_view path) const {
  const XmlNode* node = this;
  while (node != nullptr && !path.empty()) {
    const auto slash = path.find('/');
    node = node->child(path.substr(0, slash));
    path = slash == std::string_view::npos ? std::string_view{} : path.substr(slash + 1);
  }
  return node;
}

std::string XmlNode::text_at(std::string_view path) const {
  const XmlNode* node = find(path);
  return node == nullptr ? std::string{} : node->text;
}

std::string XmlNode::attribute(std::string_view attribute_name) const {
  for (const auto& [key, value] : attributes) {
    if (key == attribute_name) return value;
  }
  return {};
}

Result<XmlNode> parse_xml(std::string_view text) { return XmlReader(text).document(); }

namespace {

// One step of the SGML reader: a start tag (with the text after it) or an end tag.
struct SgmlTag {
  bool end = false;
  std::string_view name;
  std::string_view text;  // raw text up to the next '<' (start tags only)
};

Result<SgmlTag> next_sgml_tag(std::string_view text, std::size_t& pos) {
  SgmlTag tag;
  ++pos;  // '<'
  if (pos < text.size() && text[pos] == '/') {
    tag.end = true;
    ++pos;
  }
  const auto close = text.find('>', pos);
  if (close == std::string_view::npos) return format_invalid("truncated OFX tag");
  tag.name = text.substr(pos, close - pos);
  if (tag.name.empty() || tag.name.size() > kNameLengthMax) return format_invalid("bad OFX tag");
  for (const char c : tag.name) {
    if (!is_name_char(c)) return format_invalid("bad OFX tag <" + std::string(tag.name) + ">");
  }
  pos = close + 1;
  if (!tag.end) {
    const auto next = text.find('<', pos);
    const auto end = next == std::string_view::npos ? text.size() : next;
    tag.text = trim(text.substr(pos, end - pos));
    pos = end;
  }
  return tag;
}

// Pops open elements until `name` is closed, folding each into its parent.
Result<void> close_sgml(std::vector<XmlNode>& stack, std::string_view name) {
  std::size_t index = stack.size();
  while (index > 1 && stack[index - 1].name != name) --index;
  if (index <= 1) return format_invalid("</" + std::string(name) + "> closes nothing open");
  while (stack.size() >= index) {
    XmlNode done = std::move(stack.back());
    stack.pop_back();
    stack.back().children.push_back(std::move(done));
  }
  return Ok{};
}

}  // namespace

Result<XmlNode> parse_sgml(std::string_view text) {
  std::vector<XmlNode> stack(1);  // stack[0] holds the document's top-level elements
  std::size_t pos = 0;
  std::size_t nodes = 0;
  while (pos < text.size()) {
    if (is_space(text[pos])) {
      ++pos;
      continue;
    }
    if (text[pos] != '<') return format_invalid("text outside an OFX element");
    const SgmlTag tag = TRY(next_sgml_tag(text, pos));
    if (tag.end) {
      TRY(close_sgml(stack, tag.name));
      continue;
    }
    if (++nodes > kXmlNodesMax) return too_large("OFX document has too many elements");
    XmlNode node;
    node.name = std::string(tag.name);
    if (!tag.text.empty()) {  // a leaf; its end tag is optional
      TRY(decode_text(tag.text, node.text));
      std::string end_tag = "</" + node.name + ">";
      if (text.substr(pos).starts_with(end_tag)) pos += end_tag.size();
      stack.back().children.push_back(std::move(node));
      continue;
    }
    if (stack.size() > kXmlDepthMax) return too_large("OFX nested deeper than the limit");
    stack.push_back(std::move(node));
  }
  if (stack.size() != 1) return format_invalid("truncated OFX: <" + stack.back().name + ">");
  if (stack[0].children.size() != 1) return format_invalid("OFX needs exactly one root element");
  return std::move(stack[0].children.front());
}

}  // namespace keel::accounting::bank::detail
