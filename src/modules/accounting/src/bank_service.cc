// Bank accounts and statement import: the SQL and the rules around the pure parsers.
#include <sodium.h>

#include <set>

#include "bank_store.h"
#include "keel/audit/audit.h"
#include "keel/core/limits.h"
#include "keel/core/utf8.h"

namespace keel::accounting::bank {
namespace {

constexpr std::string_view kAccountColumns =
    "id, name, account_number, currency, account_id, journal_id";

Result<BankAccount> account_from_row(const db::Row& row) {
  return BankAccount{.id = BankAccountId{row.integer(0)},
                     .name = row.text(1),
                     .account_number = row.text(2),
                     .currency = TRY(Currency::from_code(row.text(3))),
                     .account_id = AccountId{row.integer(4)},
                     .journal_id = JournalId{row.integer(5)}};
}

// Spaces removed, letters upper-cased: how IBANs are compared and stored.
std::string normalize_account_number(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == ' ') continue;
    out.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
  }
  return out;
}

// ISO 13616: move the first four characters to the end, letters to 10..35, mod 97 must be 1.
bool iban_checksum_ok(std::string_view iban) {
  const std::string rotated = std::string(iban.substr(4)) + std::string(iban.substr(0, 4));
  int remainder = 0;
  for (const char c : rotated) {
    const int value = c >= 'A' ? c - 'A' + 10 : c - '0';
    remainder = (remainder * (value >= 10 ? 100 : 10) + value) % 97;
  }
  return remainder == 1;
}

bool looks_like_iban(std::string_view number) {
  return number.size() >= 15 && number[0] >= 'A' && number[0] <= 'Z' && number[1] >= 'A' &&
         number[1] <= 'Z' && number[2] >= '0' && number[2] <= '9' && number[3] >= '0' &&
         number[3] <= '9';
}

Result<std::string> checked_account_number(std::string_view text) {
  const std::string number = normalize_account_number(text);
  const bool shape_ok = !number.empty() && number.size() <= kAccountNumberLengthMax &&
                        number.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") ==
                            std::string::npos;
  if (!shape_ok || (looks_like_iban(number) && !iban_checksum_ok(number))) {
    return Error::validation("bank_account_number_invalid",
                             "account number must be an IBAN with valid check digits or up to "
                             "34 letters and digits",
                             "account_number");
  }
  return number;
}

Error ledger_account_invalid(std::string message) {
  return Error::validation("bank_ledger_account_invalid", std::move(message), "account_id");
}

Result<Account> bank_ledger_account(db::Tx& tx, const Context& context,
                                    const BankAccountDraft& draft, Currency currency) {
  Account account;
  if (draft.account_id) {
    auto found = get_account(tx, context.company_id, *draft.account_id);
    if (!found.ok()) return ledger_account_invalid("no such ledger account");
    account = found.release_value();
  } else {
    account = TRY(find_account_by_role(tx, context.company_id, role::kBank));
  }
  if (account.role != role::kBank) return ledger_account_invalid("the account's role is not bank");
  if (!account.postable || account.archived) {
    return ledger_account_invalid("the account is a summary or archived account");
  }
  if (!account.currency.empty() && account.currency != currency.code()) {
    return ledger_account_invalid("the account only takes " + account.currency);
  }
  return account;
}

Result<JournalId> bank_journal(db::Tx& tx, const Context& context, const BankAccountDraft& draft) {
  if (!draft.journal_id) return TRY(find_journal(tx, context.company_id, JournalType::bank)).id;
  for (const Journal& journal : TRY(list_journals(tx, context.company_id))) {
    if (journal.id != *draft.journal_id) continue;
    if (journal.type != JournalType::bank || journal.archived) break;
    return journal.id;
  }
  return Error::validation("bank_journal_invalid", "journal_id must be a bank journal",
                           "journal_id");
}

std::string sha256_hex(std::string_view bytes) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  char hex[sizeof digest * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return std::string(hex, sizeof digest * 2);
}

Result<Statement> parse(const ImportRequest& request, Currency currency) {
  switch (request.format) {
    case StatementFormat::camt053:
      return parse_camt053(request.content, currency);
    case StatementFormat::ofx:
      return parse_ofx(request.content, currency);
    case StatementFormat::csv:
      return parse_csv(request.content, request.mapping, currency);
  }
  return parse_camt053(request.content, currency);
}

Error duplicate(std::string message) {
  return Error::conflict("statement_duplicate", std::move(message));
}

// Which lines to store: those whose external id the account does not have yet.
// Errors: statement_format_invalid (one id twice in the file), statement_duplicate.
Result<std::vector<const StatementLine*>> new_lines(db::Tx& tx, BankAccountId account,
                                                    const Statement& statement) {
  std::vector<const StatementLine*> out;
  std::set<std::string, std::less<>> seen;
  for (std::size_t i = 0; i < statement.lines.size(); ++i) {
    const StatementLine& line = statement.lines[i];
    if (!line.external_id.empty()) {
      if (!seen.insert(line.external_id).second) {
        return detail::format_invalid("line id " + line.external_id + " appears twice",
                                      "lines/" + std::to_string(i + 1) + "/external_id");
      }
      const auto existing = TRY(tx.query_one(
          "SELECT id FROM accounting_bank_statement_lines WHERE bank_account_id = $1 AND "
          "external_id = $2",
          {account.value(), line.external_id}));
      if (existing) continue;
    }
    out.push_back(&line);
  }
  if (out.empty()) return duplicate("every line of this statement was already imported");
  return out;
}

db::Value optional_money(const std::optional<Money>& money) {
  return money ? db::Value{money->minor_units()} : db::Value{db::null};
}

Result<StatementId> insert_statement(db::Tx& tx, const Context& context, const BankAccount& bank,
                                     const ImportRequest& request, const Statement& statement,
                                     std::size_t lines_count) {
  const db::Value params[] = {context.company_id.value(),
                              bank.id.value(),
                              std::string(to_string(request.format)),
                              sha256_hex(request.content),
                              statement.statement_id,
                              optional_money(statement.opening_balance),
                              optional_money(statement.closing_balance),
                              static_cast<std::int64_t>(lines_count),
                              context.user_id.value(),
                              detail::now_text(context)};
  const auto row = TRY(tx.query_one(
      "INSERT INTO accounting_bank_statements (company_id, bank_account_id, format, content_hash, "
      "statement_ref, opening_balance, closing_balance, lines_count, imported_by, imported_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
      params));
  return StatementId{row->integer(0)};
}

Result<void> insert_line(db::Tx& tx, const Context& context, BankAccountId bank,
                         StatementId statement, std::size_t line_no, const StatementLine& line) {
  const db::Value params[] = {context.company_id.value(),
                              statement.value(),
                              bank.value(),
                              static_cast<std::int64_t>(line_no),
                              line.date.to_string(),
                              line.value_date ? line.value_date->to_string() : std::string{},
                              line.amount.minor_units(),
                              line.external_id,
                              line.reference,
                              line.description,
                              line.counterparty,
                              line.counterparty_account};
  TRY(tx.execute(
      "INSERT INTO accounting_bank_statement_lines (company_id, statement_id, bank_account_id, "
      "line_no, date, value_date, amount, external_id, reference, description, counterparty, "
      "counterparty_account) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
      params));
  return Ok{};
}

Result<StatementLine> line_from_row(const db::Row& row, Currency currency) {
  StatementLine line{.date = TRY(Date::parse(row.text(0))),
                     .amount = TRY(Money::from_minor_units(row.integer(2), currency))};
  if (!row.text(1).empty()) line.value_date = TRY(Date::parse(row.text(1)));
  line.external_id = row.text(3);
  line.reference = row.text(4);
  line.description = row.text(5);
  line.counterparty = row.text(6);
  line.counterparty_account = row.text(7);
  return line;
}

constexpr std::string_view kLineColumns =
    "l.date, l.value_date, l.amount, l.external_id, l.reference, l.description, l.counterparty, "
    "l.counterparty_account, l.id, l.line_no, l.state";

}  // namespace

std::string_view to_string(LineState state) {
  return state == LineState::open ? "open" : "reconciled";
}

std::string detail::now_text(const Context& context) {
  return format_instant(clock_of(context).now());
}

Result<BankAccount> create_bank_account(db::Tx& tx, const Context& context,
                                        const BankAccountDraft& draft) {
  if (draft.name.empty()) {
    return Error::validation("bank_account_name_required", "name the bank account", "name");
  }
  TRY(check_text(draft.name, limits::kNameLengthMax, "name"));
  const std::string number = TRY(checked_account_number(draft.account_number));
  const Currency currency = TRY(Currency::from_code(draft.currency));
  const Account ledger = TRY(bank_ledger_account(tx, context, draft, currency));
  const JournalId journal = TRY(bank_journal(tx, context, draft));
  const auto taken = TRY(tx.query_one(
      "SELECT id FROM accounting_bank_accounts WHERE company_id = $1 AND account_number = $2",
      {context.company_id.value(), number}));
  if (taken) {
    return Error::conflict("bank_account_number_exists",
                           "the company already has a bank account " + number);
  }
  const auto row = TRY(tx.query_one(
      "INSERT INTO accounting_bank_accounts (company_id, name, account_number, currency, "
      "account_id, journal_id, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
      "RETURNING id",
      {context.company_id.value(), draft.name, number, std::string(currency.code()),
       ledger.id.value(), journal.value(), context.user_id.value(), detail::now_text(context)}));
  const BankAccount created{.id = BankAccountId{row->integer(0)},
                            .name = draft.name,
                            .account_number = number,
                            .currency = currency,
                            .account_id = ledger.id,
                            .journal_id = journal};
  TRY(audit::record(tx, detail::clock_of(context),
                    {.company_id = context.company_id,
                     .user_id = context.user_id,
                     .action = "create",
                     .entity = "accounting.bank_account",
                     .entity_id = std::to_string(created.id.value()),
                     .before = nullptr,
                     .after = {{"name", created.name},
                               {"account_number", number},
                               {"currency", currency.code()},
                               {"account_id", ledger.id.value()},
                               {"journal_id", journal.value()}},
                     .request_id = context.request_id}));
  return created;
}

Result<std::vector<BankAccount>> list_bank_accounts(db::Tx& tx, CompanyId company_id) {
  const auto rows = TRY(tx.query("SELECT " + std::string(kAccountColumns) +
                                     " FROM accounting_bank_accounts WHERE company_id = $1 "
                                     "ORDER BY id",
                                 {company_id.value()}));
  std::vector<BankAccount> out;
  for (const auto& row : rows) out.push_back(TRY(account_from_row(row)));
  return out;
}

Result<BankAccount> get_bank_account(db::Tx& tx, CompanyId company_id, BankAccountId id) {
  const auto row = TRY(tx.query_one("SELECT " + std::string(kAccountColumns) +
                                        " FROM accounting_bank_accounts WHERE company_id = $1 "
                                        "AND id = $2",
                                    {company_id.value(), id.value()}));
  if (!row) return Error::not_found("bank_account_not_found", "no such bank account");
  return account_from_row(*row);
}

Result<ImportResult> import_statement(db::Tx& tx, const Context& context, BankAccountId account,
                                      const ImportRequest& request) {
  const BankAccount bank = TRY(get_bank_account(tx, context.company_id, account));
  const Statement statement = TRY(parse(request, bank.currency));
  if (!statement.account.empty() &&
      normalize_account_number(statement.account) != bank.account_number) {
    return Error::validation("statement_account_mismatch",
                             "the file is a statement of account " + statement.account +
                                 ", not " + bank.account_number,
                             "content");
  }
  const auto same_file = TRY(tx.query_one(
      "SELECT id FROM accounting_bank_statements WHERE bank_account_id = $1 AND content_hash = $2",
      {bank.id.value(), sha256_hex(request.content)}));
  if (same_file) {
    return duplicate("this file was already imported as statement " +
                     std::to_string(same_file->integer(0)));
  }
  const auto lines = TRY(new_lines(tx, bank.id, statement));
  const StatementId id = TRY(insert_statement(tx, context, bank, request, statement, lines.size()));
  for (std::size_t i = 0; i < lines.size(); ++i) {
    TRY(insert_line(tx, context, bank.id, id, i + 1, *lines[i]));
  }
  TRY(audit::record(tx, detail::clock_of(context),
                    {.company_id = context.company_id,
                     .user_id = context.user_id,
                     .action = "import",
                     .entity = "accounting.bank_statement",
                     .entity_id = std::to_string(id.value()),
                     .before = nullptr,
                     .after = {{"bank_account_id", bank.id.value()},
                               {"format", to_string(request.format)},
                               {"lines", lines.size()}},
                     .request_id = context.request_id}));
  return ImportResult{.statement_id = id,
                      .lines_imported = lines.size(),
                      .lines_skipped = statement.lines.size() - lines.size()};
}

Result<StoredStatement> get_statement(db::Tx& tx, CompanyId company_id, StatementId id) {
  const auto head = TRY(tx.query_one(
      "SELECT s.bank_account_id, s.format, s.statement_ref, s.opening_balance, "
      "s.closing_balance, s.imported_at FROM accounting_bank_statements s WHERE s.company_id = $1 "
      "AND s.id = $2",
      {company_id.value(), id.value()}));
  if (!head) return Error::not_found("bank_statement_not_found", "no such bank statement");
  const BankAccount bank =
      TRY(get_bank_account(tx, company_id, BankAccountId{head->integer(0)}));
  StoredStatement out{.id = id,
                      .bank_account_id = bank.id,
                      .format = TRY(parse_statement_format(head->text(1))),
                      .statement_id = head->text(2),
                      .imported_at = head->text(5)};
  if (const auto v = head->optional_integer(3)) {
    out.opening_balance = TRY(Money::from_minor_units(*v, bank.currency));
  }
  if (const auto v = head->optional_integer(4)) {
    out.closing_balance = TRY(Money::from_minor_units(*v, bank.currency));
  }
  const auto rows = TRY(tx.query("SELECT " + std::string(kLineColumns) +
                                     " FROM accounting_bank_statement_lines l WHERE "
                                     "l.statement_id = $1 ORDER BY l.line_no",
                                 {id.value()}));
  for (const auto& row : rows) {
    StoredLine stored{.id = StatementLineId{row.integer(8)},
                      .line_no = static_cast<int>(row.integer(9)),
                      .line = TRY(line_from_row(row, bank.currency)),
                      .state = row.text(10) == "open" ? LineState::open : LineState::reconciled};
    for (const auto& match :
         TRY(tx.query("SELECT entry_line_id FROM accounting_bank_reconciliations WHERE "
                      "statement_line_id = $1 ORDER BY entry_line_id",
                      {stored.id.value()}))) {
      stored.entry_line_ids.push_back(match.integer(0));
    }
    out.lines.push_back(std::move(stored));
  }
  return out;
}

Result<std::vector<StatementSummary>> list_statements(db::Tx& tx, CompanyId company_id,
                                                      BankAccountId account) {
  const BankAccount bank = TRY(get_bank_account(tx, company_id, account));
  const auto rows = TRY(tx.query(
      "SELECT s.id, s.format, s.statement_ref, s.opening_balance, s.closing_balance, "
      "s.imported_at, s.lines_count, (SELECT COUNT(*) FROM accounting_bank_statement_lines l "
      "WHERE l.statement_id = s.id AND l.state = 'open') FROM accounting_bank_statements s "
      "WHERE s.company_id = $1 AND s.bank_account_id = $2 ORDER BY s.id DESC",
      {company_id.value(), account.value()}));
  std::vector<StatementSummary> out;
  out.reserve(rows.size());
  for (const auto& row : rows) {
    StatementSummary summary{.statement = {.id = StatementId{row.integer(0)},
                                           .bank_account_id = bank.id,
                                           .format = TRY(parse_statement_format(row.text(1))),
                                           .statement_id = row.text(2),
                                           .imported_at = row.text(5)},
                             .lines_count = row.integer(6),
                             .open_lines = row.integer(7)};
    if (const auto v = row.optional_integer(3)) {
      summary.statement.opening_balance = TRY(Money::from_minor_units(*v, bank.currency));
    }
    if (const auto v = row.optional_integer(4)) {
      summary.statement.closing_balance = TRY(Money::from_minor_units(*v, bank.currency));
    }
    out.push_back(std::move(summary));
  }
  return out;
}

Result<detail::LineRecord> detail::load_line(db::Tx& tx, CompanyId company_id,
                                             StatementLineId id) {
  const auto row = TRY(tx.query_one("SELECT " + std::string(kLineColumns) +
                                        ", l.bank_account_id FROM accounting_bank_statement_lines "
                                        "l WHERE l.company_id = $1 AND l.id = $2",
                                    {company_id.value(), id.value()}));
  if (!row) return Error::not_found("bank_statement_line_not_found", "no such statement line");
  const BankAccount bank = TRY(get_bank_account(tx, company_id, BankAccountId{row->integer(11)}));
  return LineRecord{.id = id,
                    .bank = bank,
                    .line = TRY(line_from_row(*row, bank.currency)),
                    .state = row->text(10) == "open" ? LineState::open : LineState::reconciled};
}

}  // namespace keel::accounting::bank
