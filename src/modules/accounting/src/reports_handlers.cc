// The handlers of the /api/v1/accounting/reports routes: request → report → JSON or CSV.
#include "reports_handlers.h"

#include <charconv>

#include "keel/core/limits.h"

namespace keel::accounting::detail::report_handlers {
namespace {

namespace rp = reports;
using http::Response;
using nlohmann::json;

const json kString = {{"type", "string"}};
const json kInteger = {{"type", "integer"}};
const json kAmount = {{"type", "string"}, {"description", "decimal, company currency"}};

std::string param(const http::Request& request, std::string_view name) {
  return std::string(request.query_param(name).value_or(""));
}

Result<Date> date_param(const http::Request& request, std::string_view name) {
  auto date = Date::parse(param(request, name));
  if (!date.ok()) {
    return Error::validation("date_invalid", std::string(name) + " must be a date YYYY-MM-DD",
                             std::string(name));
  }
  return date;
}

// Errors: format_invalid.
Result<bool> wants_csv(const http::Request& request) {
  const std::string format = param(request, "format");
  if (format.empty() || format == "json") return false;
  if (format == "csv") return true;
  return Error::validation("format_invalid", "format must be json or csv", "format");
}

Result<rp::RangeQuery> range_query(const http::Request& request, const http::Principal& who) {
  const Date from = TRY(date_param(request, "from"));
  const Date to = TRY(date_param(request, "to"));
  rp::RangeQuery query{.range = TRY(rp::make_range(from, to)),
                       .compare = TRY(rp::parse_compare(param(request, "compare")))};
  if (!who.language.empty()) query.language = who.language;
  return query;
}

Result<Context> ledger_context(http::Context& http) {
  return Context::load(http.transaction(), http.who(), http.clock, http.request.request_id);
}

Response csv_response(std::string body, std::string_view name) {
  Response response = Response::text(200, "text/csv; charset=utf-8", std::move(body));
  response.header("Content-Disposition", "attachment; filename=\"" + std::string(name) + ".csv\"");
  return response;
}

json range_json(const std::optional<rp::DateRange>& range) {
  if (!range) return nullptr;
  return {{"from", range->from.to_string()}, {"to", range->to.to_string()}};
}

json section_json(const rp::StatementSection& section, Currency currency) {
  json lines = json::array();
  for (const auto& line : section.lines) {
    lines.push_back({{"account_id", line.account_id.value()},
                     {"parent_id", line.parent_id ? json(line.parent_id->value()) : json(nullptr)},
                     {"code", line.code},
                     {"name", line.name},
                     {"level", line.level},
                     {"postable", line.postable},
                     {"amount", rp::format_amount(line.amount, currency)},
                     {"compare_amount", rp::format_amount(line.compare_amount, currency)}});
  }
  return {{"key", section.key},
          {"lines", lines},
          {"total", rp::format_amount(section.total, currency)},
          {"compare_total", rp::format_amount(section.compare_total, currency)}};
}

json trial_balance_row_json(const rp::TrialBalanceRow& row, Currency currency) {
  const auto a = [currency](rp::Amount value) { return rp::format_amount(value, currency); };
  return {{"account_id", row.account_id.value()},
          {"code", row.code},
          {"name", row.name},
          {"type", std::string(to_string(row.type))},
          {"opening_debit", a(row.opening_debit)},
          {"opening_credit", a(row.opening_credit)},
          {"debit", a(row.debit)},
          {"credit", a(row.credit)},
          {"closing_debit", a(row.closing_debit)},
          {"closing_credit", a(row.closing_credit)},
          {"balance", a(row.balance)},
          {"compare_debit", a(row.compare_debit)},
          {"compare_credit", a(row.compare_credit)},
          {"compare_balance", a(row.compare_balance)}};
}

}  // namespace

Result<Response> trial_balance_handler(http::Context& http) {
  const bool csv = TRY(wants_csv(http.request));
  const rp::RangeQuery query = TRY(range_query(http.request, http.who()));
  const Context context = TRY(ledger_context(http));
  const rp::TrialBalance report = TRY(rp::trial_balance(http.transaction(), context, query));
  if (csv) return csv_response(rp::to_csv(report), "trial-balance");
  json rows = json::array();
  for (const auto& row : report.rows) rows.push_back(trial_balance_row_json(row, report.currency));
  json totals = trial_balance_row_json(report.totals, report.currency);
  totals.erase("account_id");
  totals.erase("code");
  totals.erase("name");
  totals.erase("type");
  return Response::json(200, {{"currency", std::string(report.currency.code())},
                              {"range", range_json(report.range)},
                              {"compare", std::string(rp::to_string(report.compare))},
                              {"compare_range", range_json(report.compare_range)},
                              {"rows", rows},
                              {"totals", totals}});
}

namespace {

Result<std::int64_t> integer_param(const http::Request& request, std::string_view name,
                                   std::int64_t fallback, Error error) {
  const std::string text = param(request, name);
  if (text.empty()) return fallback;
  std::int64_t value = 0;
  const auto [end, status] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (status != std::errc() || end != text.data() + text.size()) return error;
  return value;
}

json ledger_line_json(const rp::GeneralLedgerLine& line, Currency currency) {
  return {{"line_id", line.line_id},
          {"entry_id", line.entry_id.value()},
          {"entry_number", line.entry_number},
          {"date", line.date.to_string()},
          {"memo", line.memo},
          {"label", line.label},
          {"partner_id", line.partner_id ? json(line.partner_id->value()) : json(nullptr)},
          {"debit", rp::format_amount(line.debit, currency)},
          {"credit", rp::format_amount(line.credit, currency)},
          {"balance", rp::format_amount(line.balance, currency)}};
}

}  // namespace

Result<Response> general_ledger_handler(http::Context& http) {
  const bool csv = TRY(wants_csv(http.request));
  const rp::RangeQuery range = TRY(range_query(http.request, http.who()));
  rp::GeneralLedgerQuery query{
      .account_id =
          AccountId{TRY(integer_param(http.request, "account_id", 0,
                                      Error::not_found("account_not_found", "no such account")))},
      .range = range.range};
  query.language = range.language;
  query.limit = TRY(integer_param(
      http.request, "limit", limits::kPageSizeDefault,
      Error::validation("report_limit_invalid", "limit must be an integer", "limit")));
  query.cursor = param(http.request, "cursor");
  const Context context = TRY(ledger_context(http));
  const rp::GeneralLedger report = TRY(rp::general_ledger(http.transaction(), context, query));
  if (csv) return csv_response(rp::to_csv(report), "general-ledger");
  const Currency c = report.currency;
  json lines = json::array();
  for (const auto& line : report.lines) lines.push_back(ledger_line_json(line, c));
  return Response::json(
      200, {{"currency", std::string(c.code())},
            {"account_id", report.account_id.value()},
            {"code", report.code},
            {"name", report.name},
            {"range", range_json(report.range)},
            {"opening_balance", rp::format_amount(report.opening_balance, c)},
            {"debit", rp::format_amount(report.turnover.debit, c)},
            {"credit", rp::format_amount(report.turnover.credit, c)},
            {"closing_balance", rp::format_amount(report.closing_balance, c)},
            {"lines", lines},
            {"next_cursor", report.next_cursor ? json(*report.next_cursor) : json(nullptr)}});
}

Result<Response> income_statement_handler(http::Context& http) {
  const bool csv = TRY(wants_csv(http.request));
  const rp::RangeQuery query = TRY(range_query(http.request, http.who()));
  const Context context = TRY(ledger_context(http));
  const rp::IncomeStatement report = TRY(rp::income_statement(http.transaction(), context, query));
  if (csv) return csv_response(rp::to_csv(report), "income-statement");
  const Currency c = report.currency;
  return Response::json(200,
                        {{"currency", std::string(c.code())},
                         {"range", range_json(report.range)},
                         {"compare", std::string(rp::to_string(report.compare))},
                         {"compare_range", range_json(report.compare_range)},
                         {"income", section_json(report.income, c)},
                         {"expense", section_json(report.expense, c)},
                         {"net_income", rp::format_amount(report.net_income, c)},
                         {"compare_net_income", rp::format_amount(report.compare_net_income, c)}});
}

Result<Response> balance_sheet_handler(http::Context& http) {
  const bool csv = TRY(wants_csv(http.request));
  rp::BalanceSheetQuery query{.date = TRY(date_param(http.request, "date")),
                              .compare = TRY(rp::parse_compare(param(http.request, "compare")))};
  if (!http.who().language.empty()) query.language = http.who().language;
  const Context context = TRY(ledger_context(http));
  const rp::BalanceSheet report = TRY(rp::balance_sheet(http.transaction(), context, query));
  if (csv) return csv_response(rp::to_csv(report), "balance-sheet");
  const Currency c = report.currency;
  return Response::json(
      200, {{"currency", std::string(c.code())},
            {"date", report.date.to_string()},
            {"compare", std::string(rp::to_string(report.compare))},
            {"compare_date",
             report.compare_date ? json(report.compare_date->to_string()) : json(nullptr)},
            {"assets", section_json(report.assets, c)},
            {"liabilities", section_json(report.liabilities, c)},
            {"equity", section_json(report.equity, c)},
            {"liabilities_and_equity", rp::format_amount(report.liabilities_and_equity, c)},
            {"compare_liabilities_and_equity",
             rp::format_amount(report.compare_liabilities_and_equity, c)},
            {"balanced", report.balanced}});
}

namespace {

json cash_flow_section_json(const rp::CashFlowSection& section, Currency c) {
  json lines = json::array();
  for (const auto& line : section.lines) {
    lines.push_back({{"key", line.key},
                     {"amount", rp::format_amount(line.amount, c)},
                     {"compare_amount", rp::format_amount(line.compare_amount, c)}});
  }
  return {{"key", section.key},
          {"lines", lines},
          {"total", rp::format_amount(section.total, c)},
          {"compare_total", rp::format_amount(section.compare_total, c)}};
}

}  // namespace

Result<Response> cash_flow_handler(http::Context& http) {
  const bool csv = TRY(wants_csv(http.request));
  const rp::RangeQuery query = TRY(range_query(http.request, http.who()));
  const Context context = TRY(ledger_context(http));
  const rp::CashFlow report = TRY(rp::cash_flow(http.transaction(), context, query));
  if (csv) return csv_response(rp::to_csv(report), "cash-flow");
  const Currency c = report.currency;
  json sections = json::array();
  for (const auto& section : report.sections)
    sections.push_back(cash_flow_section_json(section, c));
  return Response::json(200,
                        {{"currency", std::string(c.code())},
                         {"range", range_json(report.range)},
                         {"compare", std::string(rp::to_string(report.compare))},
                         {"compare_range", range_json(report.compare_range)},
                         {"sections", sections},
                         {"opening_cash", rp::format_amount(report.opening_cash, c)},
                         {"cash_change", rp::format_amount(report.cash_change, c)},
                         {"closing_cash", rp::format_amount(report.closing_cash, c)},
                         {"compare_cash_change", rp::format_amount(report.compare_cash_change, c)},
                         {"reconciled", report.reconciled}});
}

}  // namespace keel::accounting::detail::report_handlers
