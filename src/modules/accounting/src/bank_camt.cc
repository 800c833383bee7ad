// ISO 20022 camt.053 (Bank to Customer Statement) → Statement.
#include "bank_parsing.h"
#include "bank_xml.h"

namespace keel::accounting::bank {
namespace {

using detail::XmlNode;

// A date element holds either <Dt>YYYY-MM-DD</Dt> or <DtTm>YYYY-MM-DDThh:mm:ss…</DtTm>.
Result<std::optional<Date>> camt_date(const XmlNode* node, const std::string& field) {
  if (node == nullptr) return std::optional<Date>{};
  std::string text = node->text_at("Dt");
  if (text.empty()) text = node->text_at("DtTm").substr(0, 10);
  if (text.empty()) return Error::validation("statement_date_invalid", "date missing", field);
  return std::optional<Date>(TRY(detail::parse_iso_date(text, field)));
}

// <Amt Ccy="EUR">12.50</Amt> with <CdtDbtInd>CRDT|DBIT</CdtDbtInd> beside it.
Result<Money> signed_amount(const XmlNode& parent, Currency currency, const std::string& field) {
  const XmlNode* amount = parent.child("Amt");
  if (amount == nullptr) return detail::format_invalid("Amt missing", field);
  TRY(detail::check_currency(amount->attribute("Ccy"), currency, field));
  const Money value = TRY(detail::parse_amount(amount->text, currency, field));
  if (value.is_negative()) {
    return Error::validation("statement_amount_invalid", "Amt must not be negative", field);
  }
  const std::string indicator = parent.text_at("CdtDbtInd");
  if (indicator == "CRDT") return value;
  if (indicator == "DBIT") return value.negated();
  return detail::format_invalid("CdtDbtInd must be CRDT or DBIT", field);
}

// The first transaction details' references and counterparty.
Result<void> read_details(const XmlNode& entry, StatementLine& line, std::size_t index) {
  const XmlNode* details = entry.find("NtryDtls/TxDtls");
  if (details == nullptr) return Ok{};
  std::string reference = details->text_at("Refs/EndToEndId");
  if (reference == "NOTPROVIDED") reference.clear();
  if (reference.empty()) reference = details->text_at("RmtInf/Strd/CdtrRefInf/Ref");
  line.reference = TRY(detail::line_text(reference, detail::line_field(index, "reference")));
  std::string description;
  if (const XmlNode* remittance = details->child("RmtInf")) {
    for (const auto& part : remittance->children) {
      if (part.name != "Ustrd") continue;
      if (!description.empty()) description.push_back(' ');
      description += part.text;
    }
  }
  if (!description.empty()) {
    line.description =
        TRY(detail::line_text(description, detail::line_field(index, "description")));
  }
  // The other party: the debtor of money coming in, the creditor of money going out.
  const bool incoming = !line.amount.is_negative();
  const std::string party = incoming ? "RltdPties/Dbtr" : "RltdPties/Cdtr";
  const std::string account = incoming ? "RltdPties/DbtrAcct/Id" : "RltdPties/CdtrAcct/Id";
  line.counterparty = TRY(detail::line_text(details->text_at(party + "/Nm"),
                                            detail::line_field(index, "counterparty")));
  std::string iban = details->text_at(account + "/IBAN");
  if (iban.empty()) iban = details->text_at(account + "/Othr/Id");
  line.counterparty_account =
      TRY(detail::line_text(iban, detail::line_field(index, "counterparty_account")));
  if (line.external_id.empty()) {
    line.external_id = TRY(detail::line_text(details->text_at("Refs/AcctSvcrRef"),
                                             detail::line_field(index, "external_id")));
  }
  return Ok{};
}

Result<StatementLine> read_entry(const XmlNode& entry, Currency currency, std::size_t index) {
  Money amount = TRY(signed_amount(entry, currency, detail::line_field(index, "amount")));
  if (entry.text_at("RvslInd") == "true") amount = amount.negated();
  const auto booking = TRY(camt_date(entry.child("BookgDt"), detail::line_field(index, "date")));
  const auto value_date =
      TRY(camt_date(entry.child("ValDt"), detail::line_field(index, "value_date")));
  if (!booking && !value_date) {
    return Error::validation("statement_date_invalid", "BookgDt missing",
                             detail::line_field(index, "date"));
  }
  StatementLine line{.date = booking ? *booking : *value_date,
                     .value_date = value_date,
                     .amount = amount};
  std::string external_id = entry.text_at("AcctSvcrRef");
  if (external_id.empty()) external_id = entry.text_at("NtryRef");
  line.external_id = TRY(detail::line_text(external_id, detail::line_field(index, "external_id")));
  TRY(read_details(entry, line, index));
  if (line.description.empty()) {
    line.description = TRY(detail::line_text(entry.text_at("AddtlNtryInf"),
                                             detail::line_field(index, "description")));
  }
  return line;
}

// Opening (OPBD) and closing (CLBD) booked balances, when the statement states them.
Result<void> read_balances(const XmlNode& statement_node, Statement& statement) {
  for (const auto& balance : statement_node.children) {
    if (balance.name != "Bal") continue;
    std::string code = balance.text_at("Tp/CdOrPrtry/Cd");
    if (code != "OPBD" && code != "CLBD") continue;
    const Money amount = TRY(signed_amount(balance, statement.currency, "balances/" + code));
    (code == "OPBD" ? statement.opening_balance : statement.closing_balance) = amount;
  }
  return Ok{};
}

Result<const XmlNode*> the_statement(const XmlNode& root) {
  if (root.name != "Document") return detail::format_invalid("camt.053 root must be Document");
  const XmlNode* report = root.child("BkToCstmrStmt");
  if (report == nullptr) return detail::format_invalid("BkToCstmrStmt missing: not camt.053");
  const XmlNode* found = nullptr;
  for (const auto& child : report->children) {
    if (child.name != "Stmt") continue;
    if (found != nullptr) return detail::format_invalid("import one Stmt (account) per file");
    found = &child;
  }
  if (found == nullptr) return detail::format_invalid("Stmt missing");
  return found;
}

}  // namespace

Result<Statement> parse_camt053(std::string_view bytes, Currency currency) {
  const std::string_view text = TRY(detail::checked_input(bytes));
  const XmlNode root = TRY(detail::parse_xml(text));
  const XmlNode* node = TRY(the_statement(root));
  Statement statement{.currency = currency};
  statement.statement_id = TRY(detail::line_text(node->text_at("Id"), "statement_id"));
  std::string account = node->text_at("Acct/Id/IBAN");
  if (account.empty()) account = node->text_at("Acct/Id/Othr/Id");
  statement.account = TRY(detail::line_text(account, "account"));
  TRY(detail::check_currency(node->text_at("Acct/Ccy"), currency, "account"));
  TRY(read_balances(*node, statement));
  std::size_t index = 0;
  for (const auto& entry : node->children) {
    if (entry.name != "Ntry") continue;
    // Pending or informational entries are not yet on the account: only booked ones count.
    std::string status = entry.text_at("Sts");
    if (status.empty()) status = entry.text_at("Sts/Cd");
    if (!status.empty() && status != "BOOK") continue;
    TRY(detail::add_line(statement, TRY(read_entry(entry, currency, index))));
    ++index;
  }
  if (statement.lines.empty()) {
    return Error::validation("statement_empty", "the statement has no booked entries");
  }
  return statement;
}

}  // namespace keel::accounting::bank
