// The chart of accounts and the journals: types, roles, creation, archiving, look-ups.
#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>

#include "keel/audit/audit.h"
#include "keel/core/limits.h"
#include "keel/core/utf8.h"
#include "ledger_internal.h"

namespace keel::accounting {

using ledger::kAccountColumns;

std::string_view to_string(AccountType type) {
  switch (type) {
    case AccountType::asset: return "asset";
    case AccountType::liability: return "liability";
    case AccountType::equity: return "equity";
    case AccountType::income: return "income";
    case AccountType::expense: return "expense";
  }
  return "asset";
}

Result<AccountType> parse_account_type(std::string_view text) {
  for (auto type : {AccountType::asset, AccountType::liability, AccountType::equity,
                    AccountType::income, AccountType::expense}) {
    if (to_string(type) == text) return type;
  }
  return Error::validation("account_type_invalid",
                           "type must be asset, liability, equity, income or expense", "type");
}

std::string_view to_string(JournalType type) {
  switch (type) {
    case JournalType::sales: return "sales";
    case JournalType::purchase: return "purchase";
    case JournalType::bank: return "bank";
    case JournalType::cash: return "cash";
    case JournalType::general: return "general";
  }
  return "general";
}

namespace {

constexpr std::array<std::string_view, 20> kRoles = {
    role::kReceivable,     role::kPayable,       role::kBank,          role::kCash,
    role::kInventory,      role::kTaxOutput,     role::kTaxInput,      role::kRevenue,
    role::kCostOfGoods,    role::kExpense,       role::kRetainedEarnings, role::kFxGain,
    role::kFxLoss,         role::kUnrealizedFx,  role::kDiscountGiven, role::kDiscountTaken,
    role::kCustomerAdvance, role::kSuspense,       role::kStockInterim,  role::kInventoryLoss};

bool code_is_valid(std::string_view code) {
  if (code.empty() || code.size() > limits::kCodeLengthMax) return false;
  for (char c : code) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

Result<void> validate(db::Tx& tx, CompanyId company_id, const AccountDraft& draft) {
  if (!code_is_valid(draft.code)) {
    return Error::validation("account_code_invalid",
                             "code: 1 to 64 of A-Z a-z 0-9 . - _", "code");
  }
  if (!draft.role.empty() &&
      std::find(kRoles.begin(), kRoles.end(), draft.role) == kRoles.end()) {
    return Error::validation("account_role_invalid", "unknown role " + draft.role, "role");
  }
  bool named = false;
  for (const auto& [language, name] : draft.names) {
    if (language.empty() || language.size() > 8 || name.size() > limits::kNameLengthMax * 4 ||
        !is_valid_utf8(name)) {
      return Error::validation("account_name_required", "invalid name for " + language, "names");
    }
    named |= !name.empty();
  }
  if (!named) return Error::validation("account_name_required", "give a name", "names");
  if (!draft.currency.empty()) TRY(Currency::from_code(draft.currency));
  if (draft.parent_id) {
    auto parent = get_account(tx, company_id, *draft.parent_id);
    if (!parent.ok() || parent->postable) {
      return Error::validation("account_parent_invalid",
                               "the parent must be a summary account of the company",
                               "parent_id");
    }
  }
  return Ok{};
}

nlohmann::json names_json(const std::map<std::string, std::string>& names) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [language, name] : names) out[language] = name;
  return out;
}

}  // namespace

Result<Account> create_account(db::Tx& tx, const Context& context, const AccountDraft& draft) {
  TRY(validate(tx, context.company_id, draft));
  const auto taken = TRY(tx.query_one(
      "SELECT id FROM accounting_accounts WHERE company_id = $1 AND code = $2",
      {context.company_id.value(), draft.code}));
  if (taken) return Error::conflict("account_code_taken", "code " + draft.code + " is taken");
  const db::Value parent =
      draft.parent_id ? db::Value(draft.parent_id->value()) : db::Value(db::null);
  const auto row = TRY(tx.query_one(
      "INSERT INTO accounting_accounts (company_id, code, parent_id, type, role, postable, "
      "currency, names_json, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) "
      "RETURNING id",
      {context.company_id.value(), draft.code, parent, std::string(to_string(draft.type)),
       draft.role, std::int64_t{draft.postable ? 1 : 0}, draft.currency,
       names_json(draft.names).dump(), ledger::now_text(context)}));
  const AccountId id{row->integer(0)};
  TRY(audit::record(tx, *context.clock,
                    {context.company_id, context.user_id, "create", "accounting.account",
                     std::to_string(id.value()), nullptr,
                     {{"code", draft.code}, {"type", to_string(draft.type)}, {"role", draft.role}},
                     context.request_id}));
  return get_account(tx, context.company_id, id);
}

Result<Account> archive_account(db::Tx& tx, const Context& context, AccountId id) {
  const Account before = TRY(get_account(tx, context.company_id, id));
  TRY(tx.execute(
      "UPDATE accounting_accounts SET archived = 1, version = version + 1 "
      "WHERE id = $1 AND company_id = $2",
      {id.value(), context.company_id.value()}));
  TRY(audit::record(tx, *context.clock,
                    {context.company_id, context.user_id, "archive", "accounting.account",
                     std::to_string(id.value()), {{"archived", before.archived}},
                     {{"archived", true}}, context.request_id}));
  return get_account(tx, context.company_id, id);
}

Result<std::vector<Account>> list_accounts(db::Tx& tx, CompanyId company_id) {
  const auto rows = TRY(tx.query("SELECT " + std::string(kAccountColumns) +
                                     " FROM accounting_accounts WHERE company_id = $1 "
                                     "ORDER BY code",
                                 {company_id.value()}));
  std::vector<Account> out;
  out.reserve(rows.size());
  for (const auto& row : rows) out.push_back(ledger::account_from(row));
  return out;
}

Result<Account> get_account(db::Tx& tx, CompanyId company_id, AccountId id) {
  const auto row = TRY(tx.query_one("SELECT " + std::string(kAccountColumns) +
                                        " FROM accounting_accounts WHERE id = $1 AND "
                                        "company_id = $2",
                                    {id.value(), company_id.value()}));
  if (!row) {
    return Error::not_found("account_not_found", "no account " + std::to_string(id.value()));
  }
  return ledger::account_from(*row);
}

Result<Account> find_account_by_role(db::Tx& tx, CompanyId company_id, std::string_view role) {
  const auto row = TRY(tx.query_one(
      "SELECT " + std::string(kAccountColumns) +
          " FROM accounting_accounts WHERE company_id = $1 AND role = $2 AND postable = 1 "
          "AND archived = 0 ORDER BY code LIMIT 1",
      {company_id.value(), std::string(role)}));
  if (!row) {
    return Error::validation("account_role_missing",
                             "no postable account has the role " + std::string(role));
  }
  return ledger::account_from(*row);
}

namespace {

constexpr std::string_view kJournalColumns =
    "id, code, name, type, default_account_id, archived";

Journal journal_from(const db::Row& row) {
  Journal journal;
  journal.id = JournalId{row.integer(0)};
  journal.code = row.text(1);
  journal.name = row.text(2);
  for (auto type : {JournalType::sales, JournalType::purchase, JournalType::bank,
                    JournalType::cash, JournalType::general}) {
    if (to_string(type) == row.text(3)) journal.type = type;
  }
  if (auto account = row.optional_integer(4)) journal.default_account_id = AccountId{*account};
  journal.archived = row.integer(5) != 0;
  return journal;
}

}  // namespace

Result<std::vector<Journal>> list_journals(db::Tx& tx, CompanyId company_id) {
  const auto rows = TRY(tx.query("SELECT " + std::string(kJournalColumns) +
                                     " FROM accounting_journals WHERE company_id = $1 "
                                     "ORDER BY code",
                                 {company_id.value()}));
  std::vector<Journal> out;
  for (const auto& row : rows) out.push_back(journal_from(row));
  return out;
}

Result<Journal> get_journal(db::Tx& tx, CompanyId company_id, JournalId id) {
  const auto row = TRY(tx.query_one("SELECT " + std::string(kJournalColumns) +
                                        " FROM accounting_journals WHERE id = $1 AND "
                                        "company_id = $2",
                                    {id.value(), company_id.value()}));
  if (!row) {
    return Error::validation("journal_not_found", "no journal " + std::to_string(id.value()),
                             "journal_id");
  }
  return journal_from(*row);
}

Result<Journal> find_journal(db::Tx& tx, CompanyId company_id, JournalType type) {
  const auto row = TRY(tx.query_one(
      "SELECT " + std::string(kJournalColumns) +
          " FROM accounting_journals WHERE company_id = $1 AND type = $2 AND archived = 0 "
          "ORDER BY code LIMIT 1",
      {company_id.value(), std::string(to_string(type))}));
  if (!row) {
    return Error::validation("journal_not_found",
                             "no " + std::string(to_string(type)) + " journal");
  }
  return journal_from(*row);
}

}  // namespace keel::accounting
