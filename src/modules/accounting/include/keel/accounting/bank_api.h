#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "keel/accounting/accounting_api.h"
#include "keel/accounting/receivables_api.h"
#include "keel/core/date.h"
#include "keel/core/money.h"
#include "keel/core/result.h"

// Bank: bank accounts, statement import (ISO 20022 camt.053, OFX 1.x SGML and 2.x XML, CSV
// with a column mapping) and reconciliation of statement lines with ledger lines.
//
//   * The parsers are pure functions over outside input: every size is bounded, malformed
//     input is refused with a stable code, and nothing they read can reach an assertion.
//   * A bank account links a ledger account (role bank) and a journal (type bank). Statement
//     lines are matched against posted lines of that ledger account; the ledger is written
//     only through accounting::post (counterpart entries such as bank fees).
//   * A ledger line is reconciled at most once; the lines of one reconciliation add up
//     exactly to the statement line's amount.
namespace keel::accounting::bank {

// ---- limits (enforced at input) ----------------------------------------------------------

inline constexpr std::size_t kStatementBytesMax = 1024 * 1024;    // one statement file
inline constexpr std::size_t kStatementLinesMax = 20'000;         // lines in one file
inline constexpr std::size_t kXmlDepthMax = 32;                   // element nesting
inline constexpr std::size_t kXmlNodesMax = 400'000;              // elements in one document
inline constexpr std::size_t kXmlAttributesMax = 16;              // per element
inline constexpr std::size_t kCsvColumnsMax = 64;                 // cells in one CSV row
inline constexpr std::size_t kCsvSkipRowsMax = 50;                // preamble rows before header
inline constexpr std::size_t kLineTextLengthMax = 1'000;          // description and the like
inline constexpr std::size_t kAccountNumberLengthMax = 34;        // an IBAN's maximum
inline constexpr int kProposalDateWindowDays = 7;                 // "same payment" window
inline constexpr int kProposalSearchWindowDays = 90;              // candidates read per line
inline constexpr std::size_t kProposalCandidatesMax = 500;        // ledger lines scored per line
inline constexpr std::size_t kProposalsMax = 10;                  // proposals returned per line
inline constexpr std::size_t kReconcileLinesMax = 100;            // ledger lines in one match
inline constexpr std::size_t kGroupDocumentsMax = 8;      // a partner's open documents combined
inline constexpr std::size_t kGroupOpenDocumentsRead = 500;  // open documents read per line
inline constexpr std::size_t kGroupPartnersMax = 20;      // partners searched per line
inline constexpr std::size_t kGroupProposalsMax = 5;      // document groups returned per line
inline constexpr std::size_t kReconcileInvoicesMax = 50;  // documents paid by one line

// ---- statements (what the parsers produce) ------------------------------------------------

enum class StatementFormat { camt053, ofx, csv };
std::string_view to_string(StatementFormat format);
// Errors: statement_format_unknown.
Result<StatementFormat> parse_statement_format(std::string_view text);

struct StatementLine {
  Date date;                       // booking date
  std::optional<Date> value_date;  // when the bank gave it
  Money amount;                    // signed: + money in (credit on the statement), − money out
  std::string external_id;         // the bank's unique id for the line, "" when none
  std::string reference;           // end-to-end id, check number, structured reference
  std::string description;         // remittance information, memo
  std::string counterparty;        // the other party's name
  std::string counterparty_account;
};

struct Statement {
  std::string statement_id;  // the bank's id of the statement, "" when none
  std::string account;       // IBAN or account number as the file states it, "" when none
  Currency currency;
  std::optional<Money> opening_balance;
  std::optional<Money> closing_balance;
  std::vector<StatementLine> lines;  // in file order
};

// Errors shared by the parsers (all validation, none partial: a statement is all or nothing):
//   statement_empty             no bytes, or no lines
//   statement_too_large         over kStatementBytesMax bytes, kStatementLinesMax lines, or an
//                               XML document over kXmlNodesMax / kXmlDepthMax
//   statement_encoding_invalid  not UTF-8 (a BOM is allowed and skipped), or an XML/OFX
//                               header naming another encoding
//   statement_format_invalid    not the named format: truncated or ill-formed XML, a DTD or
//                               entity declaration, an unknown entity, a missing element
//   statement_amount_invalid    an amount that is not strict decimal text in the currency
//   statement_date_invalid      a date that is not a real date in the expected form
//   statement_currency_mismatch an amount or account in another currency than `currency`
//   statement_text_invalid      a text field with control characters or over its length
// The line number or element path is in the error's field ("lines/3/amount").

// ISO 20022 camt.053 (001.02 and later): one Stmt; booked entries only (pending ones are
// skipped); an entry's amount is signed by CdtDbtInd (and flipped by RvslInd).
Result<Statement> parse_camt053(std::string_view bytes, Currency currency);

// OFX 1.x (SGML, unclosed leaf elements) or 2.x (XML): the STMTTRN records of one STMTRS.
Result<Statement> parse_ofx(std::string_view bytes, Currency currency);

enum class DateFormat { iso, day_month_year_dot, month_day_year_slash, jalali };
std::string_view to_string(DateFormat format);
// "YYYY-MM-DD" | "DD.MM.YYYY" | "MM/DD/YYYY" | "jalali" (YYYY/MM/DD in the Persian calendar,
// e.g. 1403/01/15; '-' is accepted as separator). Errors: csv_date_format_unknown.
Result<DateFormat> parse_date_format(std::string_view text);

// Which columns of a CSV file hold what. A column is named by its header cell (when
// `has_header`) or by its 1-based number ("3"). Either `amount` or both `debit` and `credit`.
struct CsvMapping {
  char delimiter = ',';
  bool has_header = true;
  std::size_t skip_rows = 0;  // preamble rows before the header (or before data)
  std::string date;
  DateFormat date_format = DateFormat::iso;
  std::string value_date;  // optional, same format
  std::string amount;      // signed amount
  std::string debit;       // money out (a positive number)
  std::string credit;      // money in (a positive number)
  char decimal_separator = '.';
  std::optional<char> thousands_separator;  // removed when it separates groups of three
  bool amount_outflow_positive = false;     // the bank writes money out as positive
  std::string description;
  std::string reference;
  std::string counterparty;
  std::string external_id;  // a per-line unique id, when the bank exports one
};

// Checks a mapping before any file is read. Errors: csv_mapping_invalid (field names it).
Result<void> validate_mapping(const CsvMapping& mapping);

// RFC 4180 CSV (quoted fields, "" inside quotes, CRLF or LF) in UTF-8, BOM allowed. Digits
// may be ASCII, Persian (۰-۹) or Arabic-Indic (٠-٩); the Arabic decimal separator (٫) and
// thousands separator (٬) are understood. Amounts are rewritten to strict decimal text and
// parsed by Money::parse, never through floating point. Empty rows are skipped.
// Errors (besides the shared ones): csv_mapping_invalid, statement_column_missing (a mapped
// column is not in the header, or a row is shorter than a mapped column number).
Result<Statement> parse_csv(std::string_view bytes, const CsvMapping& mapping, Currency currency);

// ---- bank accounts -----------------------------------------------------------------------

using BankAccountId = Id<struct BankAccountTag>;
using StatementId = Id<struct StatementTag>;
using StatementLineId = Id<struct StatementLineTag>;

struct BankAccount {
  BankAccountId id;
  std::string name;
  std::string account_number;  // IBAN without spaces, upper case; or the local number
  Currency currency;
  AccountId account_id;  // the ledger account (role bank)
  JournalId journal_id;  // the journal counterpart entries go to (type bank)
};

struct BankAccountDraft {
  std::string name;
  std::string account_number;
  std::string currency;
  std::optional<AccountId> account_id;  // default: find_account_by_role(bank)
  std::optional<JournalId> journal_id;  // default: find_journal(bank)
};

// Errors: bank_account_name_required, bank_account_number_invalid (not 1..34 letters, digits;
// or an IBAN whose check digits fail), bank_account_number_exists (conflict), currency_invalid,
// currency_unknown, bank_ledger_account_invalid (not found, not role bank, not postable,
// archived, or only takes another currency), bank_journal_invalid (not found or not type
// bank), account_role_missing / journal_not_found (no default), and the database's.
Result<BankAccount> create_bank_account(db::Tx& tx, const Context& context,
                                        const BankAccountDraft& draft);
Result<std::vector<BankAccount>> list_bank_accounts(db::Tx& tx, CompanyId company_id);
// Errors: bank_account_not_found (also for another company's account).
Result<BankAccount> get_bank_account(db::Tx& tx, CompanyId company_id, BankAccountId id);

// ---- import --------------------------------------------------------------------------------

struct ImportRequest {
  StatementFormat format = StatementFormat::camt053;
  std::string content;
  CsvMapping mapping;  // for csv only
};

struct ImportResult {
  StatementId statement_id;
  std::size_t lines_imported = 0;
  std::size_t lines_skipped = 0;  // lines whose external id this account already has
};

// Parses and stores a statement and its lines. A file whose content was already imported into
// this account, or whose every line has an external id already imported, is refused; lines
// with an already-imported external id are skipped (banks' exports overlap).
// Errors: the parser's, bank_account_not_found, statement_currency_mismatch (the file's
// account currency), statement_account_mismatch (the file names another account),
// statement_duplicate (conflict).
Result<ImportResult> import_statement(db::Tx& tx, const Context& context, BankAccountId account,
                                      const ImportRequest& request);

enum class LineState { open, reconciled };
std::string_view to_string(LineState state);

struct StoredLine {
  StatementLineId id;
  int line_no = 0;
  StatementLine line;
  LineState state = LineState::open;
  std::vector<std::int64_t> entry_line_ids;  // the ledger lines it is reconciled with
};

struct StoredStatement {
  StatementId id;
  BankAccountId bank_account_id;
  StatementFormat format = StatementFormat::camt053;
  std::string statement_id;
  std::optional<Money> opening_balance;
  std::optional<Money> closing_balance;
  std::string imported_at;
  std::vector<StoredLine> lines;
};

// Errors: bank_statement_not_found.
Result<StoredStatement> get_statement(db::Tx& tx, CompanyId company_id, StatementId id);

// A statement as a list shows it: without its lines, with how many are still open.
struct StatementSummary {
  StoredStatement statement;  // lines left empty
  std::int64_t lines_count = 0;
  std::int64_t open_lines = 0;
};
// The statements of one bank account, newest first. Errors: bank_account_not_found.
Result<std::vector<StatementSummary>> list_statements(db::Tx& tx, CompanyId company_id,
                                                      BankAccountId account);

// ---- reconciliation ----------------------------------------------------------------------

// A posted, unreconciled line of the bank's ledger account that may be the statement line.
struct Proposal {
  std::int64_t entry_line_id = 0;
  EntryId entry_id;
  Date date;
  Money amount;  // signed in the bank account's currency (+ debit = money in)
  std::string entry_number;
  std::string label;
  int score = 0;                     // higher is better; 0..100
  std::vector<std::string> reasons;  // amount, date, reference, partner
};

// Up to kProposalsMax candidates, best first (score, then closeness of date, then id).
// Exact amount within ±kProposalDateWindowDays scores highest; a reference (entry number,
// reference, memo) or the partner's name found in the line's description, reference or
// counterparty adds to the score. Errors: bank_statement_line_not_found.
Result<std::vector<Proposal>> propose(db::Tx& tx, const Context& context, StatementLineId line);

// Matches a statement line with one or more ledger lines whose signed amounts add up to it.
// Errors: bank_statement_line_not_found, bank_statement_line_reconciled (conflict),
// bank_reconcile_lines_required, bank_reconcile_lines_too_many, bank_entry_line_invalid (not
// a posted line of this bank's ledger account in its currency, or listed twice),
// bank_entry_line_reconciled (conflict), bank_reconcile_amount_mismatch.
Result<void> reconcile(db::Tx& tx, const Context& context, StatementLineId line,
                       const std::vector<std::int64_t>& entry_line_ids);

// Posts the counterpart of a statement line (e.g. bank fees: debit the expense account,
// credit bank) in the bank account's journal on the line's date, and reconciles with its bank
// line. For a bank account in another currency than the company's, both lines are in that
// currency (the bank line's amount_currency is the statement line's amount, the counterpart's
// its opposite) at the company value rate_on(line date), converted half even. Errors: those of reconcile, bank_counterpart_account_invalid (the
// bank's own ledger account), rate_not_found (no rate of the bank's currency on or before the
// line's date), and post()'s.
Result<Entry> reconcile_with_counterpart(db::Tx& tx, const Context& context, StatementLineId line,
                                         AccountId counterpart_account,
                                         std::optional<partners::PartyId> partner,
                                         std::string label);

// ---- reconciliation with open documents (1:N) ------------------------------------------------

// One open document of a group proposal.
struct GroupDocument {
  InvoiceId invoice_id;
  std::string number;
  Date date = accounting::detail::placeholder_date();
  Money residual = accounting::detail::placeholder_money();  // in the bank account's currency
};

// Open documents of one partner whose residuals add up exactly to the statement line.
struct GroupProposal {
  partners::PartyId partner_id;
  std::string partner_name;
  std::vector<GroupDocument> documents;  // oldest first
  Money total = accounting::detail::placeholder_money();
  std::vector<std::string> reasons;      // amount, partner, reference
};

// Money in is matched with customer invoices (out_invoice), money out with vendor bills
// (in_invoice), posted or partially paid, in the bank account's currency. The partners are
// those whose name occurs in the line's counterparty or description, or one of whose open
// documents' number or reference occurs in the line's text (at most kGroupPartnersMax, from
// the kGroupOpenDocumentsRead oldest open documents). For each, the subsets of its
// kGroupDocumentsMax oldest open documents whose residuals add up to the line's amount
// (exact integer minor units) are proposed: a reference match first, then fewer documents,
// then older ones; at most kGroupProposalsMax. Errors: bank_statement_line_not_found.
Result<std::vector<GroupProposal>> propose_groups(db::Tx& tx, const Context& context,
                                                  StatementLineId line);

struct DocumentAllocation {
  InvoiceId invoice_id;
  std::optional<std::string> amount;  // decimal in the bank currency; default: the residual
};

// Registers one payment for the statement line (receipt for money in, payment for money out,
// on the line's date, in the bank account's journal and currency, reference = the line's
// reference) allocated to each named document, and reconciles the line with the payment's
// bank line, all in the caller's transaction. unreconcile() undoes it all.
// Errors: bank_statement_line_not_found, bank_statement_line_reconciled (conflict),
// bank_reconcile_invoices_required, bank_reconcile_invoices_too_many, bank_invoice_invalid
// (not found, not open, listed twice, or a document type the line's direction does not pay),
// bank_invoice_partner_mismatch (documents of more than one partner),
// bank_invoice_currency_mismatch (not in the bank account's currency),
// bank_allocation_amount_invalid (not a positive decimal up to the residual),
// bank_reconcile_amount_mismatch (the allocations do not add up to the line's amount),
// bank_payment_journal_mismatch (the company's first bank journal, where payments post, is
// not this bank account's journal and account), and register_payment()'s and post()'s.
Result<Payment> reconcile_with_documents(db::Tx& tx, const Context& context, StatementLineId line,
                                         const std::vector<DocumentAllocation>& allocations);

// Removes the statement line's match; entries stay posted (a counterpart entry is a real
// bank movement: its bank line becomes unreconciled and is proposed again). A match made by
// reconcile_with_documents() is undone entirely on the line's date: each allocation's entry
// and the payment's entry are reversed, the documents' residuals and states restored, and the
// payment and its allocations removed.
// Errors: bank_statement_line_not_found, bank_statement_line_not_reconciled (conflict).
Result<void> unreconcile(db::Tx& tx, const Context& context, StatementLineId line);

}  // namespace keel::accounting::bank
