// The bank part's routes (/api/v1/accounting/bank-…) and permissions: JSON ⇄ types, no
// business rules (those are in bank_service.cc and bank_reconcile.cc).
#include <charconv>

#include "accounting_routes.h"
#include "keel/accounting/bank_api.h"
#include "keel/core/limits.h"
#include "keel/http/json_input.h"

namespace keel::accounting::detail {
namespace {

using bank::BankAccountId;
using http::Response;
using nlohmann::json;

constexpr std::string_view kRead = "accounting.bank.read";
constexpr std::string_view kImport = "accounting.bank.import";
constexpr std::string_view kReconcile = "accounting.bank.reconcile";
constexpr std::size_t kColumnNameLengthMax = 100;

const json kString = {{"type", "string"}};
const json kInteger = {{"type", "integer"}};
const json kStrings = {{"type", "array"}, {"items", kString}};
const json kIntegers = {{"type", "array"}, {"items", kInteger}};

template <typename IdType>
Result<IdType> path_id(const http::Context& http, std::string code) {
  const std::string& text = http.request.path_params.at("id");
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value <= 0) {
    return Error::not_found(std::move(code), "no such id " + text.substr(0, 30));
  }
  return IdType{value};
}

Result<Context> ledger_context(const http::Context& http) {
  return Context::load(http.transaction(), http.who(), http.clock, http.request.request_id);
}

json account_json(const bank::BankAccount& a) {
  return {{"id", a.id.value()},         {"name", a.name},
          {"account_number", a.account_number}, {"currency", a.currency.code()},
          {"account_id", a.account_id.value()}, {"journal_id", a.journal_id.value()}};
}

json line_json(const bank::StoredLine& stored) {
  const bank::StatementLine& l = stored.line;
  return {{"id", stored.id.value()},
          {"line_no", stored.line_no},
          {"date", l.date.to_string()},
          {"value_date", l.value_date ? l.value_date->to_string() : ""},
          {"amount", l.amount.to_string()},
          {"currency", l.amount.currency().code()},
          {"external_id", l.external_id},
          {"reference", l.reference},
          {"description", l.description},
          {"counterparty", l.counterparty},
          {"counterparty_account", l.counterparty_account},
          {"state", to_string(stored.state)},
          {"entry_line_ids", stored.entry_line_ids}};
}

json statement_json(const bank::StoredStatement& s) {
  json lines = json::array();
  for (const auto& line : s.lines) lines.push_back(line_json(line));
  return {{"id", s.id.value()},
          {"bank_account_id", s.bank_account_id.value()},
          {"format", to_string(s.format)},
          {"statement_id", s.statement_id},
          {"opening_balance", s.opening_balance ? s.opening_balance->to_string() : ""},
          {"closing_balance", s.closing_balance ? s.closing_balance->to_string() : ""},
          {"imported_at", s.imported_at},
          {"lines", lines}};
}

json proposal_json(const bank::Proposal& p) {
  return {{"entry_line_id", p.entry_line_id}, {"entry_id", p.entry_id.value()},
          {"date", p.date.to_string()},       {"amount", p.amount.to_string()},
          {"entry_number", p.entry_number},   {"label", p.label},
          {"score", p.score},                 {"reasons", p.reasons}};
}

Result<Response> list_accounts_handler(http::Context& http) {
  json items = json::array();
  for (const auto& a : TRY(bank::list_bank_accounts(http.transaction(), http.who().company_id))) {
    items.push_back(account_json(a));
  }
  return Response::json(200, {{"items", items}});
}

Result<Response> create_account_handler(http::Context& http) {
  const json body = TRY(http.json_body());
  http::ObjectReader in(body);
  bank::BankAccountDraft draft;
  draft.name = in.required_string("name", limits::kNameLengthMax);
  draft.account_number = in.required_string("account_number", 64);
  draft.currency = in.required_string("currency", 3);
  if (auto id = in.optional_integer("account_id", 1, INT64_MAX)) draft.account_id = AccountId{*id};
  if (auto id = in.optional_integer("journal_id", 1, INT64_MAX)) draft.journal_id = JournalId{*id};
  TRY(in.finish());
  const Context context = TRY(ledger_context(http));
  const auto created = TRY(bank::create_bank_account(http.transaction(), context, draft));
  return Response::json(201, account_json(created));
}

// One character from its JSON text: "," ";" "|" or "tab".
std::optional<char> separator(const std::string& text) {
  if (text == "tab") return '\t';
  if (text.size() == 1) return text[0];
  return std::nullopt;
}

Result<bank::CsvMapping> read_mapping(const json& document) {
  http::ObjectReader in(document, "mapping");
  bank::CsvMapping m;
  const auto text = [&](std::string_view name) {
    return in.optional_string(name, kColumnNameLengthMax).value_or("");
  };
  const std::string delimiter = in.optional_string("delimiter", 3).value_or(",");
  m.has_header = in.optional_bool("has_header").value_or(true);
  m.skip_rows = static_cast<std::size_t>(
      in.optional_integer("skip_rows", 0, bank::kCsvSkipRowsMax).value_or(0));
  m.date = text("date");
  const std::string date_format = in.optional_string("date_format", 20).value_or("YYYY-MM-DD");
  m.value_date = text("value_date");
  m.amount = text("amount");
  m.debit = text("debit");
  m.credit = text("credit");
  const std::string decimal = in.optional_string("decimal_separator", 1).value_or(".");
  const std::string thousands = in.optional_string("thousands_separator", 1).value_or("");
  m.amount_outflow_positive = in.optional_bool("amount_outflow_positive").value_or(false);
  m.description = text("description");
  m.reference = text("reference");
  m.counterparty = text("counterparty");
  m.external_id = text("external_id");
  TRY(in.finish());
  const auto delimiter_char = separator(delimiter);
  if (!delimiter_char) {
    return Error::validation("csv_mapping_invalid", "delimiter must be one character or tab",
                             "mapping/delimiter");
  }
  m.delimiter = *delimiter_char;
  m.date_format = TRY(bank::parse_date_format(date_format));
  if (decimal.size() != 1) {
    return Error::validation("csv_mapping_invalid", "decimal_separator must be . or ,",
                             "mapping/decimal_separator");
  }
  m.decimal_separator = decimal[0];
  if (!thousands.empty()) m.thousands_separator = thousands[0];
  TRY(bank::validate_mapping(m));
  return m;
}

Result<Response> import_handler(http::Context& http) {
  const auto account = TRY(path_id<BankAccountId>(http, "bank_account_not_found"));
  const json body = TRY(http.json_body());
  http::ObjectReader in(body);
  const std::string format = in.required_string("format", 16);
  bank::ImportRequest request;
  request.content = in.required_string("content", bank::kStatementBytesMax);
  const json* mapping = in.optional_value("mapping");
  TRY(in.finish());
  request.format = TRY(bank::parse_statement_format(format));
  if (request.format == bank::StatementFormat::csv) {
    if (mapping == nullptr) {
      return Error::validation("csv_mapping_invalid", "a CSV import needs a mapping", "mapping");
    }
    request.mapping = TRY(read_mapping(*mapping));
  }
  const Context context = TRY(ledger_context(http));
  const auto result = TRY(bank::import_statement(http.transaction(), context, account, request));
  return Response::json(201, {{"statement_id", result.statement_id.value()},
                              {"lines_imported", result.lines_imported},
                              {"lines_skipped", result.lines_skipped}});
}

Result<Response> list_statements_handler(http::Context& http) {
  const auto account = TRY(path_id<bank::BankAccountId>(http, "bank_account_not_found"));
  const auto statements =
      TRY(bank::list_statements(http.transaction(), http.who().company_id, account));
  json items = json::array();
  for (const auto& summary : statements) {
    json item = statement_json(summary.statement);
    item.erase("lines");
    item["lines_count"] = summary.lines_count;
    item["open_lines"] = summary.open_lines;
    items.push_back(std::move(item));
  }
  return Response::json(200, {{"items", items}});
}

Result<Response> statement_handler(http::Context& http) {
  const auto id = TRY(path_id<bank::StatementId>(http, "bank_statement_not_found"));
  const auto statement = TRY(bank::get_statement(http.transaction(), http.who().company_id, id));
  return Response::json(200, statement_json(statement));
}

json group_json(const bank::GroupProposal& g) {
  json documents = json::array();
  for (const auto& d : g.documents) {
    documents.push_back({{"invoice_id", d.invoice_id.value()},
                         {"number", d.number},
                         {"date", d.date.to_string()},
                         {"residual", d.residual.to_string()}});
  }
  return {{"partner_id", g.partner_id.value()},
          {"partner_name", g.partner_name},
          {"total", g.total.to_string()},
          {"reasons", g.reasons},
          {"documents", documents}};
}

Result<Response> proposals_handler(http::Context& http) {
  const auto id = TRY(path_id<bank::StatementId>(http, "bank_statement_not_found"));
  const auto statement = TRY(bank::get_statement(http.transaction(), http.who().company_id, id));
  const Context context = TRY(ledger_context(http));
  json lines = json::array();
  for (const auto& line : statement.lines) {
    if (line.state != bank::LineState::open) continue;
    json proposals = json::array();
    for (const auto& p : TRY(bank::propose(http.transaction(), context, line.id))) {
      proposals.push_back(proposal_json(p));
    }
    json groups = json::array();
    for (const auto& g : TRY(bank::propose_groups(http.transaction(), context, line.id))) {
      groups.push_back(group_json(g));
    }
    lines.push_back(
        {{"statement_line_id", line.id.value()}, {"proposals", proposals}, {"groups", groups}});
  }
  return Response::json(200, {{"lines", lines}});
}

// entry_line_ids: an array of positive integers. Errors: input_invalid.
Result<std::vector<std::int64_t>> read_ids(const json& value) {
  std::vector<std::int64_t> ids;
  if (!value.is_array() || value.size() > bank::kReconcileLinesMax) {
    return Error::validation("input_invalid", "entry_line_ids must be an array of at most " +
                                                  std::to_string(bank::kReconcileLinesMax) +
                                                  " ids",
                             "entry_line_ids");
  }
  for (const auto& item : value) {
    if (!item.is_number_integer() || item.get<std::int64_t>() <= 0) {
      return Error::validation("input_invalid", "entry_line_ids holds positive integers",
                               "entry_line_ids");
    }
    ids.push_back(item.get<std::int64_t>());
  }
  return ids;
}

Result<Response> counterpart(http::Context& http, const Context& context,
                             bank::StatementLineId line, const json& document) {
  http::ObjectReader in(document, "counterpart");
  const auto account = in.optional_integer("account_id", 1, INT64_MAX);
  const auto partner = in.optional_integer("partner_id", 1, INT64_MAX);
  const std::string label = in.optional_string("label", limits::kMemoLengthMax).value_or("");
  if (!account) in.fail("account_id", "field_required", "name the counterpart account");
  TRY(in.finish());
  std::optional<partners::PartyId> party;
  if (partner) party = partners::PartyId{*partner};
  const Entry entry = TRY(bank::reconcile_with_counterpart(http.transaction(), context, line,
                                                           AccountId{*account}, party, label));
  return Response::json(200, {{"statement_line_id", line.value()},
                              {"state", "reconciled"},
                              {"entry_id", entry.id.value()},
                              {"entry_number", entry.number.value_or("")}});
}

// invoices: [{invoice_id, amount?}, …]. Errors: input_invalid.
Result<std::vector<bank::DocumentAllocation>> read_documents(const json& value) {
  if (!value.is_array() || value.size() > bank::kReconcileInvoicesMax) {
    return Error::validation("input_invalid", "invoices must be an array of at most " +
                                                  std::to_string(bank::kReconcileInvoicesMax) +
                                                  " objects",
                             "invoices");
  }
  std::vector<bank::DocumentAllocation> out;
  for (std::size_t i = 0; i < value.size(); ++i) {
    http::ObjectReader in(value[i], "invoices/" + std::to_string(i));
    const auto id = in.optional_integer("invoice_id", 1, INT64_MAX);
    auto amount = in.optional_string("amount", 40);
    if (!id) in.fail("invoice_id", "field_required", "name the document");
    TRY(in.finish());
    out.push_back({.invoice_id = InvoiceId{*id}, .amount = std::move(amount)});
  }
  return out;
}

Result<Response> documents(http::Context& http, const Context& context,
                           bank::StatementLineId line, const json& value) {
  const auto allocations = TRY(read_documents(value));
  const Payment payment =
      TRY(bank::reconcile_with_documents(http.transaction(), context, line, allocations));
  json invoice_ids = json::array();
  for (const auto& a : payment.allocations) invoice_ids.push_back(a.invoice_id.value());
  return Response::json(200, {{"statement_line_id", line.value()},
                              {"state", "reconciled"},
                              {"payment_id", payment.id.value()},
                              {"entry_id", payment.entry_id.value()},
                              {"invoice_ids", invoice_ids}});
}

Result<Response> reconcile_handler(http::Context& http) {
  const auto line = TRY(path_id<bank::StatementLineId>(http, "bank_statement_line_not_found"));
  const json body = TRY(http.json_body());
  http::ObjectReader in(body);
  const json* ids_value = in.optional_value("entry_line_ids");
  const json* counterpart_value = in.optional_value("counterpart");
  const json* invoices_value = in.optional_value("invoices");
  TRY(in.finish());
  const Context context = TRY(ledger_context(http));
  if (invoices_value != nullptr) {
    if (ids_value != nullptr || counterpart_value != nullptr) {
      return Error::validation("input_invalid",
                               "send one of entry_line_ids, counterpart or invoices", "invoices");
    }
    return documents(http, context, line, *invoices_value);
  }
  if (counterpart_value != nullptr) {
    if (ids_value != nullptr) {
      return Error::validation("input_invalid", "send entry_line_ids or counterpart, not both",
                               "counterpart");
    }
    return counterpart(http, context, line, *counterpart_value);
  }
  std::vector<std::int64_t> ids;
  if (ids_value != nullptr) ids = TRY(read_ids(*ids_value));
  TRY(bank::reconcile(http.transaction(), context, line, ids));
  return Response::json(200, {{"statement_line_id", line.value()},
                              {"state", "reconciled"},
                              {"entry_line_ids", ids}});
}

Result<Response> unreconcile_handler(http::Context& http) {
  const auto line = TRY(path_id<bank::StatementLineId>(http, "bank_statement_line_not_found"));
  const Context context = TRY(ledger_context(http));
  TRY(bank::unreconcile(http.transaction(), context, line));
  return Response::json(200, {{"statement_line_id", line.value()}, {"state", "open"}});
}

json object(json properties) { return {{"type", "object"}, {"properties", std::move(properties)}}; }

json account_schema() {
  return object({{"id", kInteger},
                 {"name", kString},
                 {"account_number", kString},
                 {"currency", kString},
                 {"account_id", kInteger},
                 {"journal_id", kInteger}});
}

json mapping_schema() {
  json properties = json::object();
  for (const char* name : {"delimiter", "date", "date_format", "value_date", "amount", "debit",
                           "credit", "decimal_separator", "thousands_separator", "description",
                           "reference", "counterparty", "external_id"}) {
    properties[name] = kString;
  }
  properties["date_format"]["enum"] = {"YYYY-MM-DD", "DD.MM.YYYY", "MM/DD/YYYY", "jalali"};
  properties["has_header"] = {{"type", "boolean"}};
  properties["amount_outflow_positive"] = {{"type", "boolean"}};
  properties["skip_rows"] = kInteger;
  return object(properties);
}

json statement_summary_schema() {
  return object({{"id", kInteger},
                 {"bank_account_id", kInteger},
                 {"format", kString},
                 {"statement_id", kString},
                 {"opening_balance", kString},
                 {"closing_balance", kString},
                 {"imported_at", kString},
                 {"lines_count", kInteger},
                 {"open_lines", kInteger}});
}

json statement_schema() {
  json line = object({{"id", kInteger},
                      {"line_no", kInteger},
                      {"date", kString},
                      {"value_date", kString},
                      {"amount", kString},
                      {"currency", kString},
                      {"external_id", kString},
                      {"reference", kString},
                      {"description", kString},
                      {"counterparty", kString},
                      {"counterparty_account", kString},
                      {"state", {{"type", "string"}, {"enum", {"open", "reconciled"}}}},
                      {"entry_line_ids", kIntegers}});
  return object({{"id", kInteger},
                 {"bank_account_id", kInteger},
                 {"format", kString},
                 {"statement_id", kString},
                 {"opening_balance", kString},
                 {"closing_balance", kString},
                 {"imported_at", kString},
                 {"lines", {{"type", "array"}, {"items", line}}}});
}

json proposals_schema() {
  json proposal = object({{"entry_line_id", kInteger},
                          {"entry_id", kInteger},
                          {"date", kString},
                          {"amount", kString},
                          {"entry_number", kString},
                          {"label", kString},
                          {"score", kInteger},
                          {"reasons", kStrings}});
  json document = object({{"invoice_id", kInteger},
                          {"number", kString},
                          {"date", kString},
                          {"residual", kString}});
  json group = object({{"partner_id", kInteger},
                       {"partner_name", kString},
                       {"total", kString},
                       {"reasons", kStrings},
                       {"documents", {{"type", "array"}, {"items", document}}}});
  json line = object({{"statement_line_id", kInteger},
                      {"proposals", {{"type", "array"}, {"items", proposal}}},
                      {"groups", {{"type", "array"}, {"items", group}}}});
  return object({{"lines", {{"type", "array"}, {"items", line}}}});
}

json reconcile_result_schema() {
  return object({{"statement_line_id", kInteger},
                 {"state", kString},
                 {"entry_line_ids", kIntegers},
                 {"entry_id", kInteger},
                 {"entry_number", kString},
                 {"payment_id", kInteger},
                 {"invoice_ids", kIntegers}});
}

void register_account_routes(http::Router& router) {
  router.add({.method = http::Method::get,
              .path = "/api/v1/accounting/bank-accounts",
              .summary = "The company's bank accounts",
              .tag = "accounting",
              .permission = std::string(kRead),
              .tx = http::TxMode::read,
              .response_schema = object({{"items", {{"type", "array"}, {"items", account_schema()}}}}),
              .error_codes = {},
              .handler = list_accounts_handler});
  router.add({.method = http::Method::post,
              .path = "/api/v1/accounting/bank-accounts",
              .summary = "Create a bank account (ledger account role bank, bank journal)",
              .tag = "accounting",
              .permission = std::string(kImport),
              .tx = http::TxMode::write,
              .request_schema = object({{"name", kString},
                                        {"account_number", kString},
                                        {"currency", kString},
                                        {"account_id", kInteger},
                                        {"journal_id", kInteger}}),
              .success_status = 201,
              .response_schema = account_schema(),
              .error_codes = {"input_invalid", "bank_account_name_required",
                              "bank_account_number_invalid", "bank_account_number_exists",
                              "currency_invalid", "currency_unknown",
                              "bank_ledger_account_invalid", "bank_journal_invalid",
                              "account_role_missing", "journal_not_found"},
              .handler = create_account_handler});
}

void register_statement_routes(http::Router& router) {
  router.add(
      {.method = http::Method::post,
       .path = "/api/v1/accounting/bank-accounts/{id}/statements",
       .summary = "Import a statement file: {format: camt053|ofx|csv, content: the file's text, "
                  "mapping: CSV column mapping}",
       .tag = "accounting",
       .permission = std::string(kImport),
       .tx = http::TxMode::write,
       .request_schema = object({{"format", {{"type", "string"}, {"enum", {"camt053", "ofx", "csv"}}}},
                                 {"content", kString},
                                 {"mapping", mapping_schema()}}),
       .success_status = 201,
       .response_schema = object({{"statement_id", kInteger},
                                  {"lines_imported", kInteger},
                                  {"lines_skipped", kInteger}}),
       .error_codes = {"input_invalid", "bank_account_not_found", "statement_format_unknown",
                       "statement_empty", "statement_too_large", "statement_encoding_invalid",
                       "statement_format_invalid", "statement_amount_invalid",
                       "statement_date_invalid", "statement_currency_mismatch",
                       "statement_text_invalid", "statement_account_mismatch",
                       "statement_column_missing", "statement_duplicate", "csv_mapping_invalid",
                       "csv_date_format_unknown"},
       .handler = import_handler});
  router.add({.method = http::Method::get,
              .path = "/api/v1/accounting/bank-accounts/{id}/statements",
              .summary = "The account's imported statements, newest first, with open line counts",
              .tag = "accounting",
              .permission = std::string(kRead),
              .tx = http::TxMode::read,
              .response_schema = object(
                  {{"items", {{"type", "array"}, {"items", statement_summary_schema()}}}}),
              .error_codes = {"bank_account_not_found"},
              .handler = list_statements_handler});
  router.add({.method = http::Method::get,
              .path = "/api/v1/accounting/bank-statements/{id}",
              .summary = "A statement with its lines and their reconciliation state",
              .tag = "accounting",
              .permission = std::string(kRead),
              .tx = http::TxMode::read,
              .response_schema = statement_schema(),
              .error_codes = {"bank_statement_not_found"},
              .handler = statement_handler});
  router.add({.method = http::Method::get,
              .path = "/api/v1/accounting/bank-statements/{id}/proposals",
              .summary = "Ranked ledger lines that may match each open statement line",
              .tag = "accounting",
              .permission = std::string(kRead),
              .tx = http::TxMode::read,
              .response_schema = proposals_schema(),
              .error_codes = {"bank_statement_not_found"},
              .handler = proposals_handler});
}

void register_reconcile_routes(http::Router& router) {
  router.add(
      {.method = http::Method::post,
       .path = "/api/v1/accounting/bank-statement-lines/{id}/reconcile",
       .summary = "Match a statement line with ledger lines {entry_line_ids: [...]}, post its "
                  "counterpart {counterpart: {account_id, partner_id?, label?}}, or pay open "
                  "documents of one partner from it {invoices: [{invoice_id, amount?}]}",
       .tag = "accounting",
       .permission = std::string(kReconcile),
       .tx = http::TxMode::write,
       .request_schema = object({{"entry_line_ids", kIntegers},
                                 {"counterpart", object({{"account_id", kInteger},
                                                         {"partner_id", kInteger},
                                                         {"label", kString}})},
                                 {"invoices", {{"type", "array"},
                                               {"items", object({{"invoice_id", kInteger},
                                                                 {"amount", kString}})}}}}),
       .response_schema = reconcile_result_schema(),
       .error_codes = {"input_invalid", "bank_statement_line_not_found",
                       "bank_statement_line_reconciled", "bank_reconcile_lines_required",
                       "bank_reconcile_lines_too_many", "bank_entry_line_invalid",
                       "bank_entry_line_reconciled", "bank_reconcile_amount_mismatch",
                       "bank_counterpart_account_invalid", "rate_not_found",
                       "account_not_found", "account_not_postable", "account_archived",
                       "partner_required", "period_closed", "period_locked",
                       "fiscal_year_not_found", "entry_unbalanced",
                       "bank_reconcile_invoices_required", "bank_reconcile_invoices_too_many",
                       "bank_invoice_invalid", "bank_invoice_partner_mismatch",
                       "bank_invoice_currency_mismatch", "bank_allocation_amount_invalid",
                       "bank_payment_journal_mismatch"},
       .handler = reconcile_handler});
  router.add({.method = http::Method::post,
              .path = "/api/v1/accounting/bank-statement-lines/{id}/unreconcile",
              .summary = "Undo a statement line's match (posted entries stay; a payment of "
                         "documents made from the line is reversed and removed)",
              .tag = "accounting",
              .permission = std::string(kReconcile),
              .tx = http::TxMode::write,
              .response_schema = reconcile_result_schema(),
              .error_codes = {"bank_statement_line_not_found",
                              "bank_statement_line_not_reconciled", "period_closed",
                              "period_locked", "fiscal_year_not_found"},
              .handler = unreconcile_handler});
}

}  // namespace

void register_bank_routes(http::Router& router) {
  register_account_routes(router);
  register_statement_routes(router);
  register_reconcile_routes(router);
}

std::vector<http::PermissionSpec> bank_permissions() {
  using http::Scope;
  return {
      {.code = std::string(kRead),
       .description = "See bank accounts, statements and reconciliation proposals",
       .default_roles = {{"accountant", Scope::all}, {"manager", Scope::all}}},
      {.code = std::string(kImport),
       .description = "Create bank accounts and import bank statements",
       .default_roles = {{"accountant", Scope::all}}},
      {.code = std::string(kReconcile),
       .description = "Reconcile statement lines and post their counterpart entries",
       .default_roles = {{"accountant", Scope::all}}},
  };
}

}  // namespace keel::accounting::detail
