#pragma once

// A small, strict, bounded XML reader for the subset bank statements use (camt.053, OFX 2):
// elements, attributes, text, CDATA, comments, processing instructions (skipped), the five
// predefined entities and numeric character references. DTDs and entity declarations are
// refused, so no entity expansion attack and no external entity can happen. Also the OFX 1.x
// SGML reader, which builds the same tree.
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bank_parsing.h"
#include "keel/core/result.h"

namespace keel::accounting::bank::detail {

struct XmlNode {
  std::string name;  // local name: a namespace prefix is dropped ("ns2:Amt" → "Amt")
  std::vector<std::pair<std::string, std::string>> attributes;
  std::string text;  // character data directly inside, whitespace-trimmed
  std::vector<XmlNode> children;

  // The first child named `name`, or null.
  const XmlNode* child(std::string_view child_name) const;
  // Follows a path of child names ("Acct/Id/IBAN"); null when a step is missing.
  const XmlNode* find(std::string_view path) const;
  // The text at `path`, "" when missing.
  std::string text_at(std::string_view path) const;
  // An attribute's value, "" when missing.
  std::string attribute(std::string_view attribute_name) const;
};

// Parses a whole UTF-8 document (BOM already removed) into its root element.
// Errors: statement_format_invalid, statement_too_large, statement_encoding_invalid (an XML
// declaration naming an encoding other than UTF-8).
Result<XmlNode> parse_xml(std::string_view text);

// Parses OFX 1.x SGML (after its KEY:VALUE header) into its root element: a tag followed by
// text is a leaf whose end tag is optional; an end tag closes every element opened since its
// start tag. Errors: statement_format_invalid, statement_too_large.
Result<XmlNode> parse_sgml(std::string_view text);

}  // namespace keel::accounting::bank::detail
