// JSON ⇄ ledger types (see ledger_json.h).
#include "ledger_json.h"

#include "keel/core/limits.h"
#include "keel/http/json_input.h"

namespace keel::accounting::ledger_json {

using nlohmann::json;

namespace {

const json kString = {{"type", "string"}};
const json kInteger = {{"type", "integer"}};
const json kBoolean = {{"type", "boolean"}};
const json kNullableInteger = {{"type", "integer"}, {"nullable", true}};
const json kDate = {{"type", "string"}, {"format", "date"}};
const json kAmount = {{"type", "string"}, {"description", "decimal string"}};

json optional_id(const auto& id) { return id ? json(id->value()) : json(nullptr); }

}  // namespace

json to_json(const Account& account) {
  return {{"id", account.id.value()},       {"code", account.code},
          {"type", to_string(account.type)}, {"role", account.role},
          {"postable", account.postable},    {"parent_id", optional_id(account.parent_id)},
          {"currency", account.currency},    {"names", account.names},
          {"archived", account.archived},    {"used", account.used},
          {"version", account.version}};
}

json to_json(const Journal& journal) {
  return {{"id", journal.id.value()},
          {"code", journal.code},
          {"type", to_string(journal.type)},
          {"name", journal.name},
          {"default_account_id", optional_id(journal.default_account_id)},
          {"archived", journal.archived}};
}

json to_json(const Entry& entry) {
  json lines = json::array();
  for (const Line& line : entry.lines) {
    lines.push_back({{"id", line.id},
                     {"line_no", line.line_no},
                     {"account_id", line.account_id.value()},
                     {"partner_id", optional_id(line.partner_id)},
                     {"label", line.label},
                     {"debit", line.debit.to_string()},
                     {"credit", line.credit.to_string()},
                     {"currency", line.amount_currency.currency().code()},
                     {"amount_currency", line.amount_currency.to_string()},
                     {"rate", line.rate ? json(line.rate->to_string()) : json(nullptr)},
                     {"analytic", line.analytic}});
  }
  return {{"id", entry.id.value()},
          {"journal_id", entry.journal_id.value()},
          {"state", entry.state},
          {"kind", entry.kind},
          {"date", entry.date.to_string()},
          {"number", entry.number ? json(*entry.number) : json(nullptr)},
          {"period_id", optional_id(entry.period_id)},
          {"memo", entry.memo},
          {"reference", entry.reference},
          {"origin", entry.origin},
          {"reversal_of", optional_id(entry.reversal_of)},
          {"reversed_by", optional_id(entry.reversed_by)},
          {"previous_hash", entry.previous_hash},
          {"hash", entry.hash},
          {"version", entry.version},
          {"lines", lines}};
}

json to_json(const FiscalYear& year, const std::vector<Period>& periods) {
  json out = {{"id", year.id.value()},
              {"name", year.name},
              {"calendar", year.calendar},
              {"start_date", year.start_date.to_string()},
              {"end_date", year.end_date.to_string()},
              {"closed", year.closed},
              {"closing_entry_id", optional_id(year.closing_entry_id)},
              {"periods", json::array()}};
  for (const Period& period : periods) {
    out["periods"].push_back({{"id", period.id.value()},
                              {"number", period.number},
                              {"name", period.name},
                              {"start_date", period.start_date.to_string()},
                              {"end_date", period.end_date.to_string()},
                              {"closed", period.closed}});
  }
  return out;
}

json to_json(const Locks& locks) {
  const auto date = [](const std::optional<Date>& d) {
    return d ? json(d->to_string()) : json(nullptr);
  };
  return {{"lock_all_until", date(locks.lock_all_until)},
          {"lock_users_until", date(locks.lock_users_until)}};
}

json to_json(const RateOnDate& rate) {
  return {{"currency", rate.currency}, {"date", rate.date.to_string()},
          {"rate", rate.rate.to_string()}};
}

Result<AccountDraft> read_account(const json& body) {
  http::ObjectReader in(body);
  AccountDraft draft;
  draft.code = in.required_string("code", limits::kCodeLengthMax);
  const std::string type = in.required_string("type", limits::kCodeLengthMax);
  draft.role = in.optional_string("role", limits::kCodeLengthMax).value_or("");
  if (auto parent = in.optional_integer("parent_id", 1, INT64_MAX)) {
    draft.parent_id = AccountId{*parent};
  }
  draft.postable = in.optional_bool("postable").value_or(true);
  draft.currency = in.optional_string("currency", limits::kCodeLengthMax).value_or("");
  if (const json* names = in.optional_value("names")) {
    if (!names->is_object()) {
      in.fail("names", "field_type_invalid", "names is an object of language → name");
    } else {
      http::ObjectReader name_reader(*names, "names");
      for (const auto& [language, value] : names->items()) {
        draft.names[language] = name_reader.required_string(language, limits::kNameLengthMax * 4);
      }
      if (!name_reader.ok()) {
        for (const auto& error : name_reader.errors()) in.fail(error.field, error.code, error.message);
      }
    }
  }
  TRY(in.finish());
  auto parsed = parse_account_type(type);
  if (!parsed.ok()) return parsed.release_error();
  draft.type = parsed.value();
  return draft;
}

Result<JournalDraft> read_journal(const json& body) {
  http::ObjectReader in(body);
  JournalDraft draft;
  // Lengths are the ledger's to judge (journal_code_invalid, journal_name_required); the
  // reader only bounds what it copies.
  draft.code = in.required_string("code", limits::kCodeLengthMax);
  draft.name = in.required_string("name", limits::kNameLengthMax * 4);
  const std::string type = in.required_string("type", limits::kCodeLengthMax);
  if (auto account = in.optional_integer("default_account_id", 1, INT64_MAX)) {
    draft.default_account_id = AccountId{*account};
  }
  TRY(in.finish());
  draft.type = TRY(parse_journal_type(type));
  return draft;
}

namespace {

// Reads one amount field ("0" when absent) in `currency`, recording a parse error on `in`.
Money read_money(http::ObjectReader& in, std::string_view field, Currency currency) {
  const auto text = in.optional_string(field, limits::kCodeLengthMax);
  if (!text) return Money::zero(currency);
  auto money = Money::parse(*text, currency);
  if (!money.ok()) {
    in.fail(field, money.error());
    return Money::zero(currency);
  }
  return money.value();
}

void read_foreign(http::ObjectReader& in, LineDraft& line, Currency company) {
  const auto currency_code = in.optional_string("currency", limits::kCodeLengthMax);
  const bool has_amount = in.has("amount_currency");
  if (const auto rate = in.optional_string("rate", limits::kCodeLengthMax)) {
    auto parsed = Rate::parse(*rate);
    if (parsed.ok()) line.rate = parsed.value();
    else in.fail("rate", parsed.error());
  }
  if (!currency_code) {
    if (has_amount) in.fail("currency", "field_required", "amount_currency needs a currency");
    return;
  }
  auto currency = Currency::from_code(*currency_code);
  if (!currency.ok()) {
    in.fail("currency", currency.error());
    return;
  }
  if (currency.value() == company && !has_amount) return;
  if (!has_amount) {
    in.fail("amount_currency", "field_required", "a foreign-currency line needs amount_currency");
    return;
  }
  line.amount_currency = read_money(in, "amount_currency", currency.value());
}

LineDraft read_line(http::ObjectReader& in, Currency company) {
  LineDraft line = LineDraft::debit_of(AccountId{}, Money::zero(company));
  line.account_id = AccountId{in.optional_integer("account_id", 1, INT64_MAX).value_or(0)};
  if (!in.has("account_id")) in.fail("account_id", "field_required", "account_id is required");
  if (auto partner = in.optional_integer("partner_id", 1, INT64_MAX)) {
    line.partner_id = partners::PartyId{*partner};
  }
  line.debit = read_money(in, "debit", company);
  line.credit = read_money(in, "credit", company);
  line.label = in.optional_string("label", limits::kNameLengthMax * 4).value_or("");
  line.analytic = in.optional_string("analytic", limits::kNameLengthMax).value_or("");
  read_foreign(in, line, company);
  return line;
}

}  // namespace

Result<EntryInput> read_entry(const json& body, Currency company) {
  http::ObjectReader in(body);
  EntryInput input{.draft = {.journal_id = JournalId{}, .date = Date::from_ymd(2000, 1, 1).value(),
                             .memo = {}, .reference = {}, .origin = {}, .kind = "normal",
                             .lines = {}},
                   .post = false};
  const std::string date = in.required_string("date", limits::kCodeLengthMax);
  input.draft.journal_id = JournalId{in.optional_integer("journal_id", 1, INT64_MAX).value_or(0)};
  if (!in.has("journal_id")) in.fail("journal_id", "field_required", "journal_id is required");
  input.draft.memo = in.optional_string("memo", limits::kMemoLengthMax).value_or("");
  input.draft.reference = in.optional_string("reference", limits::kNameLengthMax).value_or("");
  input.post = in.optional_bool("post").value_or(false);
  const json* lines = in.optional_value("lines");
  if (lines == nullptr || !lines->is_array()) {
    in.fail("lines", "field_required", "lines is an array of lines");
  } else if (lines->size() > limits::kEntryLinesMax) {
    in.fail("lines", "field_too_long", "too many lines");
  } else {
    for (std::size_t i = 0; i < lines->size(); ++i) {
      http::ObjectReader line_in((*lines)[i], "lines/" + std::to_string(i));
      input.draft.lines.push_back(read_line(line_in, company));
      auto finished = line_in.finish();  // field names already carry "lines/<i>/"
      if (!finished.ok()) {
        for (const auto& f : finished.error().fields()) in.fail(f.field, f.code, f.message);
      }
    }
  }
  auto parsed = Date::parse(date);
  if (!date.empty() && !parsed.ok()) in.fail("date", parsed.error());
  TRY(in.finish());
  input.draft.date = parsed.value();
  return input;
}

Result<std::optional<Date>> read_optional_date(const json& body, std::string_view field) {
  if (!body.is_string() || body.get<std::string>().empty()) return std::optional<Date>{};
  auto date = Date::parse(body.get<std::string>());
  if (!date.ok()) {
    Error error = Error::validation("input_invalid", "invalid date");
    error.add_field(std::string(field), "date_invalid", "a date is YYYY-MM-DD");
    return error;
  }
  return std::optional<Date>(date.value());
}

// ---- schemas ---------------------------------------------------------------------------------

json account_input_schema() {
  return {{"type", "object"},
          {"required", {"code", "type", "names"}},
          {"properties",
           {{"code", kString},
            {"type", {{"type", "string"},
                      {"enum", {"asset", "liability", "equity", "income", "expense"}}}},
            {"role", kString},
            {"parent_id", kNullableInteger},
            {"postable", kBoolean},
            {"currency", kString},
            {"names", {{"type", "object"}, {"additionalProperties", kString}}}}}};
}

json account_schema() {
  json schema = account_input_schema();
  schema.erase("required");
  for (const char* name : {"id", "version"}) schema["properties"][name] = kInteger;
  for (const char* name : {"archived", "used"}) schema["properties"][name] = kBoolean;
  return schema;
}

json journal_schema() {
  return {{"type", "object"},
          {"properties",
           {{"id", kInteger},
            {"code", kString},
            {"type", {{"type", "string"},
                      {"enum", {"sales", "purchase", "bank", "cash", "general"}}}},
            {"name", kString},
            {"default_account_id", kNullableInteger},
            {"archived", kBoolean}}}};
}

json journal_input_schema() {
  return {{"type", "object"},
          {"required", {"code", "name", "type"}},
          {"properties",
           {{"code", kString},
            {"name", kString},
            {"type", {{"type", "string"},
                      {"enum", {"sales", "purchase", "bank", "cash", "general"}}}},
            {"default_account_id", kNullableInteger}}}};
}

json entry_input_schema() {
  const json line = {{"type", "object"},
                     {"required", {"account_id"}},
                     {"properties",
                      {{"account_id", kInteger},
                       {"debit", kAmount},
                       {"credit", kAmount},
                       {"partner_id", kInteger},
                       {"currency", kString},
                       {"amount_currency", kAmount},
                       {"rate", kString},
                       {"label", kString},
                       {"analytic", kString}}}};
  return {{"type", "object"},
          {"required", {"date", "journal_id", "lines"}},
          {"properties",
           {{"date", kDate},
            {"journal_id", kInteger},
            {"memo", kString},
            {"reference", kString},
            {"post", kBoolean},
            {"lines", {{"type", "array"}, {"items", line}}}}}};
}

json entry_schema() {
  json line = entry_input_schema()["properties"]["lines"]["items"];
  line.erase("required");
  line["properties"]["id"] = kInteger;
  line["properties"]["line_no"] = kInteger;
  line["properties"]["partner_id"] = kNullableInteger;
  json properties = {{"id", kInteger},          {"journal_id", kInteger},
                     {"state", kString},        {"kind", kString},
                     {"date", kDate},           {"number", {{"type", "string"}, {"nullable", true}}},
                     {"period_id", kNullableInteger}, {"memo", kString},
                     {"reference", kString},    {"origin", kString},
                     {"reversal_of", kNullableInteger}, {"reversed_by", kNullableInteger},
                     {"previous_hash", kString}, {"hash", kString},
                     {"version", kInteger},     {"lines", {{"type", "array"}, {"items", line}}}};
  return {{"type", "object"}, {"properties", properties}};
}

json fiscal_year_schema() {
  const json period = {{"type", "object"},
                       {"properties",
                        {{"id", kInteger},
                         {"number", kInteger},
                         {"name", kString},
                         {"start_date", kDate},
                         {"end_date", kDate},
                         {"closed", kBoolean}}}};
  return {{"type", "object"},
          {"properties",
           {{"id", kInteger},
            {"name", kString},
            {"calendar", kString},
            {"start_date", kDate},
            {"end_date", kDate},
            {"closed", kBoolean},
            {"closing_entry_id", kNullableInteger},
            {"periods", {{"type", "array"}, {"items", period}}}}}};
}

json locks_schema() {
  const json date = {{"type", "string"}, {"format", "date"}, {"nullable", true}};
  return {{"type", "object"},
          {"properties", {{"lock_all_until", date}, {"lock_users_until", date}}}};
}

json rate_schema() {
  return {{"type", "object"},
          {"required", {"currency", "date", "rate"}},
          {"properties", {{"currency", kString}, {"date", kDate}, {"rate", kString}}}};
}

}  // namespace keel::accounting::ledger_json
