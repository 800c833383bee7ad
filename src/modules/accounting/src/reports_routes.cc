// The reports part's routes (their OpenAPI description) and permission.
#include "accounting_routes.h"
#include "keel/core/limits.h"
#include "reports_handlers.h"

namespace keel::accounting::detail {
namespace {

using nlohmann::json;

const json kString = {{"type", "string"}};
const json kInteger = {{"type", "integer"}};
const json kAmount = {{"type", "string"}, {"description", "decimal string, company currency"}};
const json kRange = {
    {"type", "object"}, {"nullable", true}, {"properties", {{"from", kString}, {"to", kString}}}};

json object(json properties) { return {{"type", "object"}, {"properties", std::move(properties)}}; }
json array_of(json items) { return {{"type", "array"}, {"items", std::move(items)}}; }

json section_schema() {
  return object(
      {{"key", kString},
       {"lines", array_of(object({{"account_id", kInteger},
                                  {"parent_id", {{"type", "integer"}, {"nullable", true}}},
                                  {"code", kString},
                                  {"name", kString},
                                  {"level", kInteger},
                                  {"postable", {{"type", "boolean"}}},
                                  {"amount", kAmount},
                                  {"compare_amount", kAmount}}))},
       {"total", kAmount},
       {"compare_total", kAmount}});
}

json trial_balance_schema() {
  json row =
      object({{"account_id", kInteger}, {"code", kString}, {"name", kString}, {"type", kString}});
  for (const char* name :
       {"opening_debit", "opening_credit", "debit", "credit", "closing_debit", "closing_credit",
        "balance", "compare_debit", "compare_credit", "compare_balance"}) {
    row["properties"][name] = kAmount;
  }
  json totals = row;
  for (const char* name : {"account_id", "code", "name", "type"}) totals["properties"].erase(name);
  return object({{"currency", kString},
                 {"range", kRange},
                 {"compare", kString},
                 {"compare_range", kRange},
                 {"rows", array_of(row)},
                 {"totals", totals}});
}

json general_ledger_schema() {
  const json line = object({{"line_id", kInteger},
                            {"entry_id", kInteger},
                            {"entry_number", kString},
                            {"date", kString},
                            {"memo", kString},
                            {"label", kString},
                            {"partner_id", {{"type", "integer"}, {"nullable", true}}},
                            {"debit", kAmount},
                            {"credit", kAmount},
                            {"balance", kAmount}});
  return object({{"currency", kString},
                 {"account_id", kInteger},
                 {"code", kString},
                 {"name", kString},
                 {"range", kRange},
                 {"opening_balance", kAmount},
                 {"debit", kAmount},
                 {"credit", kAmount},
                 {"closing_balance", kAmount},
                 {"lines", array_of(line)},
                 {"next_cursor", {{"type", "string"}, {"nullable", true}}}});
}

json income_statement_schema() {
  return object({{"currency", kString},
                 {"range", kRange},
                 {"compare", kString},
                 {"compare_range", kRange},
                 {"income", section_schema()},
                 {"expense", section_schema()},
                 {"net_income", kAmount},
                 {"compare_net_income", kAmount}});
}

json balance_sheet_schema() {
  return object({{"currency", kString},
                 {"date", kString},
                 {"compare", kString},
                 {"compare_date", {{"type", "string"}, {"nullable", true}}},
                 {"assets", section_schema()},
                 {"liabilities", section_schema()},
                 {"equity", section_schema()},
                 {"liabilities_and_equity", kAmount},
                 {"compare_liabilities_and_equity", kAmount},
                 {"balanced", {{"type", "boolean"}}}});
}

json cash_flow_schema() {
  const json line = object({{"key", kString}, {"amount", kAmount}, {"compare_amount", kAmount}});
  const json section = object({{"key", kString},
                               {"lines", array_of(line)},
                               {"total", kAmount},
                               {"compare_total", kAmount}});
  return object({{"currency", kString},
                 {"range", kRange},
                 {"compare", kString},
                 {"compare_range", kRange},
                 {"sections", array_of(section)},
                 {"opening_cash", kAmount},
                 {"cash_change", kAmount},
                 {"closing_cash", kAmount},
                 {"compare_cash_change", kAmount},
                 {"reconciled", {{"type", "boolean"}}}});
}

const http::QueryParamSpec kFrom{"from", "first day, YYYY-MM-DD (required)"};
const http::QueryParamSpec kTo{"to", "last day, YYYY-MM-DD (required)"};
const http::QueryParamSpec kCompare{
    "compare",
    "previous_period | previous_year: adds compare_* columns",
    {{"type", "string"}, {"enum", {"none", "previous_period", "previous_year"}}}};
const http::QueryParamSpec kFormat{"format",
                                   "json (default) | csv (RFC 4180, text/csv)",
                                   {{"type", "string"}, {"enum", {"json", "csv"}}}};

// Codes every report route may answer, besides its own.
std::vector<std::string> codes(std::vector<std::string> extra) {
  for (const char* code :
       {"date_invalid", "compare_invalid", "format_invalid", "company_not_found"}) {
    extra.emplace_back(code);
  }
  return extra;
}

http::RouteSpec report_route(std::string path, std::string summary) {
  http::RouteSpec spec;
  spec.method = http::Method::get;
  spec.path = "/api/v1/accounting/reports/" + std::move(path);
  spec.summary = std::move(summary);
  spec.tag = "accounting";
  spec.permission = std::string(reports::kPermissionReportRead);
  spec.tx = http::TxMode::read;
  return spec;
}

}  // namespace

void register_report_routes(http::Router& router) {
  namespace h = report_handlers;
  auto tb = report_route("trial-balance", "Trial balance: opening, movements, closing per account");
  tb.query_params = {kFrom, kTo, kCompare, kFormat};
  tb.response_schema = trial_balance_schema();
  tb.error_codes = codes({"report_range_invalid"});
  tb.handler = h::trial_balance_handler;
  router.add(std::move(tb));

  auto gl = report_route("general-ledger", "Lines of one account with a running balance, paged");
  gl.query_params = {{"account_id", "the account (required)", kInteger},
                     kFrom,
                     kTo,
                     {"cursor", "next_cursor of the previous page"},
                     {"limit", "1.." + std::to_string(limits::kPageSizeMax), kInteger},
                     kFormat};
  gl.response_schema = general_ledger_schema();
  gl.error_codes = codes({"report_range_invalid", "account_not_found", "report_cursor_invalid",
                          "report_limit_invalid"});
  gl.handler = h::general_ledger_handler;
  router.add(std::move(gl));

  auto is = report_route("income-statement", "Income and expenses by the account tree");
  is.query_params = {kFrom, kTo, kCompare, kFormat};
  is.response_schema = income_statement_schema();
  is.error_codes = codes({"report_range_invalid"});
  is.handler = h::income_statement_handler;
  router.add(std::move(is));

  auto bs = report_route("balance-sheet", "Assets, liabilities and equity at the end of a day");
  bs.query_params = {{"date", "YYYY-MM-DD (required)"}, kCompare, kFormat};
  bs.response_schema = balance_sheet_schema();
  bs.error_codes = codes({});
  bs.handler = h::balance_sheet_handler;
  router.add(std::move(bs));

  auto cf = report_route("cash-flow", "Cash-flow statement (indirect method)");
  cf.query_params = {kFrom, kTo, kCompare, kFormat};
  cf.response_schema = cash_flow_schema();
  cf.error_codes = codes({"report_range_invalid"});
  cf.handler = h::cash_flow_handler;
  router.add(std::move(cf));
}

std::vector<http::PermissionSpec> report_permissions() {
  return {{.code = std::string(reports::kPermissionReportRead),
           .description = "Read accounting reports (trial balance, ledger, statements)",
           .default_roles = {{"manager", http::Scope::all}, {"accountant", http::Scope::all}}}};
}

}  // namespace keel::accounting::detail
