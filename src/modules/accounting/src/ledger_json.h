#pragma once

// JSON ⇄ ledger types for the /api/v1/accounting routes of the ledger part. Amounts travel as
// decimal strings, dates as "YYYY-MM-DD"; no business rules here.
#include <nlohmann/json.hpp>

#include "keel/accounting/accounting_api.h"

namespace keel::accounting::ledger_json {

nlohmann::json to_json(const Account& account);
nlohmann::json to_json(const Journal& journal);
nlohmann::json to_json(const Entry& entry);
nlohmann::json to_json(const FiscalYear& year, const std::vector<Period>& periods);
nlohmann::json to_json(const Locks& locks);
nlohmann::json to_json(const RateOnDate& rate);

// POST /accounting/accounts. Errors: input_invalid, account_type_invalid.
Result<AccountDraft> read_account(const nlohmann::json& body);

// POST /accounting/journals. Errors: input_invalid, journal_type_invalid.
Result<JournalDraft> read_journal(const nlohmann::json& body);

// POST /accounting/entries: the draft and whether to post it in the same call.
struct EntryInput {
  EntryDraft draft;
  bool post = false;
};
// Errors: input_invalid (field errors such as amount_invalid, date_invalid, currency_unknown).
Result<EntryInput> read_entry(const nlohmann::json& body, Currency company_currency);

// "YYYY-MM-DD" or empty → nullopt. Errors: input_invalid on `field`.
Result<std::optional<Date>> read_optional_date(const nlohmann::json& body, std::string_view field);

// JSON Schemas for the OpenAPI document.
nlohmann::json account_schema();
nlohmann::json account_input_schema();
nlohmann::json journal_schema();
nlohmann::json journal_input_schema();
nlohmann::json entry_schema();
nlohmann::json entry_input_schema();
nlohmann::json fiscal_year_schema();
nlohmann::json locks_schema();
nlohmann::json rate_schema();

}  // namespace keel::accounting::ledger_json
