// Journals: creation and archiving (listing and look-ups live with the accounts).
#include "keel/audit/audit.h"
#include "keel/core/limits.h"
#include "keel/core/utf8.h"
#include "ledger_internal.h"

namespace keel::accounting {
namespace {

constexpr std::size_t kJournalCodeMax = 16;

// The code prefixes entry numbers ("SAL/2026/000001") and is part of the hashed text, so it
// holds no '/' and no '|'.
bool journal_code_is_valid(std::string_view code) {
  if (code.empty() || code.size() > kJournalCodeMax) return false;
  for (char c : code) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

Result<void> validate(db::Tx& tx, CompanyId company_id, const JournalDraft& draft) {
  if (!journal_code_is_valid(draft.code)) {
    return Error::validation("journal_code_invalid", "code: 1 to 16 of A-Z a-z 0-9 - _",
                             "code");
  }
  if (draft.name.find_first_not_of(" \t") == std::string::npos ||
      draft.name.size() > limits::kNameLengthMax || !is_valid_utf8(draft.name)) {
    return Error::validation("journal_name_required", "give a name (not blank) of at most 300 bytes",
                             "name");
  }
  if (draft.default_account_id) {
    auto account = get_account(tx, company_id, *draft.default_account_id);
    if (!account.ok() || !account->postable || account->archived) {
      return Error::validation("journal_account_invalid",
                               "the default account must be a postable, active account of the "
                               "company",
                               "default_account_id");
    }
  }
  return Ok{};
}

}  // namespace

Result<JournalType> parse_journal_type(std::string_view text) {
  for (auto type : {JournalType::sales, JournalType::purchase, JournalType::bank,
                    JournalType::cash, JournalType::general}) {
    if (to_string(type) == text) return type;
  }
  return Error::validation("journal_type_invalid",
                           "type must be sales, purchase, bank, cash or general", "type");
}

Result<Journal> create_journal(db::Tx& tx, const Context& context, const JournalDraft& draft) {
  TRY(validate(tx, context.company_id, draft));
  const auto taken = TRY(tx.query_one(
      "SELECT id FROM accounting_journals WHERE company_id = $1 AND code = $2",
      {context.company_id.value(), draft.code}));
  if (taken) return Error::conflict("journal_code_taken", "code " + draft.code + " is taken");
  const db::Value account = draft.default_account_id
                                ? db::Value(draft.default_account_id->value())
                                : db::Value(db::null);
  const auto row = TRY(tx.query_one(
      "INSERT INTO accounting_journals (company_id, code, name, type, default_account_id, "
      "created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
      {context.company_id.value(), draft.code, draft.name, std::string(to_string(draft.type)),
       account, ledger::now_text(context)}));
  const JournalId id{row->integer(0)};
  TRY(audit::record(tx, *context.clock,
                    {context.company_id, context.user_id, "create", "accounting.journal",
                     std::to_string(id.value()), nullptr,
                     {{"code", draft.code}, {"name", draft.name}, {"type", to_string(draft.type)},
                      {"default_account_id", draft.default_account_id
                                                 ? nlohmann::json(draft.default_account_id->value())
                                                 : nlohmann::json(nullptr)}},
                     context.request_id}));
  return get_journal(tx, context.company_id, id);
}

Result<Journal> archive_journal(db::Tx& tx, const Context& context, JournalId id) {
  auto found = get_journal(tx, context.company_id, id);
  if (!found.ok()) {
    if (found.error().code() != "journal_not_found") return found.release_error();
    return Error::not_found("journal_not_found", "no journal " + std::to_string(id.value()));
  }
  const Journal before = found.release_value();
  if (before.archived) return before;
  const auto others = TRY(tx.query_one(
      "SELECT COUNT(*) FROM accounting_journals WHERE company_id = $1 AND type = $2 "
      "AND archived = 0 AND id <> $3",
      {context.company_id.value(), std::string(to_string(before.type)), id.value()}));
  if (others->integer(0) == 0) {
    return Error::conflict("journal_last_of_type",
                           "the only active " + std::string(to_string(before.type)) +
                               " journal cannot be archived");
  }
  TRY(tx.execute("UPDATE accounting_journals SET archived = 1 WHERE id = $1 AND company_id = $2",
                 {id.value(), context.company_id.value()}));
  TRY(audit::record(tx, *context.clock,
                    {context.company_id, context.user_id, "archive", "accounting.journal",
                     std::to_string(id.value()), {{"archived", false}}, {{"archived", true}},
                     context.request_id}));
  return get_journal(tx, context.company_id, id);
}

}  // namespace keel::accounting
