// OFX 1.x (SGML) and 2.x (XML) bank statements → Statement.
#include "bank_parsing.h"
#include "bank_xml.h"

namespace keel::accounting::bank {
namespace {

using detail::XmlNode;

constexpr std::size_t kOfxHeaderLinesMax = 20;

// OFX 1.x starts with "KEY:VALUE" lines (OFXHEADER:100 … CHARSET:1252); we read the bytes as
// UTF-8 in any case (checked_input already refused anything else), so a 1252 file that is
// plain ASCII passes, and one with accented letters is refused with statement_encoding_invalid
// by the UTF-8 check rather than imported with wrong letters. Returns the body after it.
Result<std::string_view> skip_sgml_header(std::string_view text) {
  for (std::size_t lines = 0; lines < kOfxHeaderLinesMax; ++lines) {
    const auto start = text.find_first_not_of(" \t\r\n");
    if (start == std::string_view::npos) return detail::format_invalid("OFX body missing");
    text.remove_prefix(start);
    if (text.front() == '<') return text;
    const auto end = text.find('\n');
    const std::string_view header = text.substr(0, end);
    if (header.find(':') == std::string_view::npos) {
      return detail::format_invalid("malformed OFX header line");
    }
    if (header.starts_with("ENCODING:") && header.find("UTF-8") == std::string_view::npos &&
        header.find("USASCII") == std::string_view::npos) {
      return Error::validation("statement_encoding_invalid", "OFX encoding must be UTF-8");
    }
    if (end == std::string_view::npos) return detail::format_invalid("OFX body missing");
    text.remove_prefix(end + 1);
  }
  return detail::format_invalid("OFX header too long");
}

// Depth-first search for the first element named `name` (OFX wraps STMTRS in message sets).
const XmlNode* find_deep(const XmlNode& node, std::string_view name) {
  if (node.name == name) return &node;
  for (const auto& child : node.children) {
    if (const XmlNode* found = find_deep(child, name)) return found;
  }
  return nullptr;
}

// DTPOSTED: YYYYMMDD, optionally followed by a time and a zone ("20240315120000.000[-5:EST]").
Result<Date> ofx_date(std::string_view text, const std::string& field) {
  if (text.size() < 8) return Error::validation("statement_date_invalid", "date too short", field);
  for (std::size_t i = 0; i < 8; ++i) {
    if (text[i] < '0' || text[i] > '9') {
      return Error::validation("statement_date_invalid", "date must start YYYYMMDD", field);
    }
  }
  const std::string iso = std::string(text.substr(0, 4)) + "-" + std::string(text.substr(4, 2)) +
                          "-" + std::string(text.substr(6, 2));
  return detail::parse_iso_date(iso, field);
}

// TRNAMT: "-12.50"; a leading '+' is allowed by the OFX spec and dropped.
Result<Money> ofx_amount(std::string_view text, Currency currency, const std::string& field) {
  if (text.starts_with('+')) text.remove_prefix(1);
  return detail::parse_amount(text, currency, field);
}

Result<StatementLine> read_transaction(const XmlNode& record, Currency currency,
                                       std::size_t index) {
  const XmlNode* amount = record.child("TRNAMT");
  if (amount == nullptr) return detail::format_invalid("TRNAMT missing", detail::line_field(index, "amount"));
  const XmlNode* posted = record.child("DTPOSTED");
  if (posted == nullptr) return detail::format_invalid("DTPOSTED missing", detail::line_field(index, "date"));
  StatementLine line{.date = TRY(ofx_date(posted->text, detail::line_field(index, "date"))),
                     .amount = TRY(ofx_amount(amount->text, currency,
                                              detail::line_field(index, "amount")))};
  if (const XmlNode* user_date = record.child("DTUSER")) {
    line.value_date = TRY(ofx_date(user_date->text, detail::line_field(index, "value_date")));
  }
  line.external_id =
      TRY(detail::line_text(record.text_at("FITID"), detail::line_field(index, "external_id")));
  std::string reference = record.text_at("CHECKNUM");
  if (reference.empty()) reference = record.text_at("REFNUM");
  line.reference = TRY(detail::line_text(reference, detail::line_field(index, "reference")));
  std::string name = record.text_at("NAME");
  if (name.empty()) name = record.text_at("PAYEE/NAME");
  line.counterparty = TRY(detail::line_text(name, detail::line_field(index, "counterparty")));
  line.description =
      TRY(detail::line_text(record.text_at("MEMO"), detail::line_field(index, "description")));
  if (line.description.empty()) line.description = line.counterparty;
  return line;
}

Result<Statement> read_statement(const XmlNode& root, Currency currency) {
  if (root.name != "OFX") return detail::format_invalid("OFX root element missing");
  const XmlNode* node = find_deep(root, "STMTRS");
  if (node == nullptr) return detail::format_invalid("STMTRS (a bank statement) missing");
  TRY(detail::check_currency(node->text_at("CURDEF"), currency, "currency"));
  Statement statement{.currency = currency};
  statement.account = TRY(detail::line_text(node->text_at("BANKACCTFROM/ACCTID"), "account"));
  if (const XmlNode* balance = node->find("LEDGERBAL/BALAMT")) {
    statement.closing_balance = TRY(ofx_amount(balance->text, currency, "balances/LEDGERBAL"));
  }
  const XmlNode* list = node->child("BANKTRANLIST");
  if (list == nullptr) return detail::format_invalid("BANKTRANLIST missing");
  std::size_t index = 0;
  for (const auto& record : list->children) {
    if (record.name != "STMTTRN") continue;
    TRY(detail::add_line(statement, TRY(read_transaction(record, currency, index))));
    ++index;
  }
  if (statement.lines.empty()) {
    return Error::validation("statement_empty", "the statement has no transactions");
  }
  return statement;
}

}  // namespace

Result<Statement> parse_ofx(std::string_view bytes, Currency currency) {
  const std::string_view text = TRY(detail::checked_input(bytes));
  const auto start = text.find_first_not_of(" \t\r\n");
  const std::string_view body = text.substr(start);
  if (body.starts_with("<?xml") || body.starts_with("<?OFX") || body.starts_with("<OFX>")) {
    if (body.starts_with("<OFX>")) {
      // Some banks send OFX 1 bodies without the header; they are SGML all the same.
      return read_statement(TRY(detail::parse_sgml(body)), currency);
    }
    return read_statement(TRY(detail::parse_xml(body)), currency);
  }
  if (!body.starts_with("OFXHEADER:")) return detail::format_invalid("not an OFX file");
  const std::string_view sgml = TRY(skip_sgml_header(body));
  return read_statement(TRY(detail::parse_sgml(sgml)), currency);
}

}  // namespace keel::accounting::bank
