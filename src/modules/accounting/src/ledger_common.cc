// Small helpers of the ledger: row mapping, dates, the entry hash and number format.
#include <sodium.h>

#include <nlohmann/json.hpp>

#include "keel/core/assert.h"
#include "ledger_internal.h"

namespace keel::accounting::ledger {

Date date_of(const std::string& text) {
  auto parsed = Date::parse(text);
  KEEL_ASSERT(parsed.ok());  // the ledger writes only Date::to_string() text
  return parsed.value();
}

std::string text_of(const std::optional<Date>& date) { return date ? date->to_string() : ""; }

std::string now_text(const Context& context) {
  KEEL_ASSERT(context.clock != nullptr);
  return format_instant(context.clock->now());
}

Account account_from(const db::Row& row) {
  Account account;
  account.id = AccountId{row.integer(0)};
  account.code = row.text(1);
  auto type = parse_account_type(row.text(2));
  KEEL_ASSERT(type.ok());  // the column's CHECK allows only the five types
  account.type = type.value();
  account.role = row.text(3);
  if (auto parent = row.optional_integer(4)) account.parent_id = AccountId{*parent};
  account.postable = row.integer(5) != 0;
  account.currency = row.text(6);
  const auto names = nlohmann::json::parse(row.text(7), nullptr, false);
  if (names.is_object()) {
    for (const auto& [language, name] : names.items()) {
      if (name.is_string()) account.names[language] = name.get<std::string>();
    }
  }
  account.archived = row.integer(8) != 0;
  account.used = row.integer(9) != 0;
  account.version = row.integer(10);
  return account;
}

FiscalYear fiscal_year_from(const db::Row& row) {
  std::optional<EntryId> closing;
  if (auto entry = row.optional_integer(6)) closing = EntryId{*entry};
  return FiscalYear{.id = FiscalYearId{row.integer(0)},
                    .name = row.text(1),
                    .calendar = row.text(2),
                    .start_date = date_of(row.text(3)),
                    .end_date = date_of(row.text(4)),
                    .closed = row.text(5) == "closed",
                    .closing_entry_id = closing};
}

Period period_from(const db::Row& row) {
  return Period{.id = PeriodId{row.integer(0)},
                .fiscal_year_id = FiscalYearId{row.integer(1)},
                .number = static_cast<int>(row.integer(2)),
                .name = row.text(3),
                .start_date = date_of(row.text(4)),
                .end_date = date_of(row.text(5)),
                .closed = row.text(6) == "closed"};
}

std::string entry_hash(std::string_view journal_code, std::string_view number,
                       std::string_view date, std::string_view kind,
                       const std::vector<HashLine>& lines, std::string_view previous_hash) {
  // One field per '|'-separated slot and one line per row: none of the fields can contain a
  // '|' or a newline (codes, ISO dates, integers), so the text is unambiguous.
  std::string text;
  text.append(journal_code).append("|").append(number).append("|").append(date);
  text.append("|").append(kind).append("\n");
  for (const auto& line : lines) {
    text.append(std::to_string(line.account_id)).append("|");
    text.append(std::to_string(line.partner_id)).append("|");
    text.append(std::to_string(line.debit)).append("|");
    text.append(std::to_string(line.credit)).append("|");
    text.append(line.currency).append("|");
    text.append(std::to_string(line.amount_currency)).append("\n");
  }
  text.append(previous_hash);
  unsigned char digest[crypto_generichash_BYTES];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(text.data()),
                     text.size(), nullptr, 0);
  char hex[sizeof digest * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return std::string(hex, sizeof digest * 2);
}

std::string entry_number(std::string_view journal_code, std::string_view year_name,
                         std::int64_t sequence) {
  std::string digits = std::to_string(sequence);
  if (digits.size() < 6) digits.insert(0, 6 - digits.size(), '0');
  std::string number(journal_code);
  number.append("/").append(year_name).append("/").append(digits);
  return number;
}

Result<Money> money_of(__int128 total, Currency currency) {
  if (total > Money::kMinorUnitsMax || total < -Money::kMinorUnitsMax) {
    return Error::validation("amount_out_of_range", "the total is beyond the range of an amount");
  }
  return Money::from_minor_units(static_cast<std::int64_t>(total), currency);
}

}  // namespace keel::accounting::ledger
