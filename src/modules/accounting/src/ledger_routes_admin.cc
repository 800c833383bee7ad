// The ledger's administrative routes: fiscal years (create, close, reopen), lock dates and
// exchange rates.
#include <charconv>

#include "accounting_routes.h"
#include "keel/core/limits.h"
#include "keel/http/json_input.h"
#include "ledger_json.h"

namespace keel::accounting::detail {
namespace {

using http::Response;
using nlohmann::json;

Result<Context> context_of(http::Context& http_context) {
  return Context::load(http_context.transaction(), http_context.who(), http_context.clock,
                       http_context.request.request_id);
}

Result<FiscalYearId> year_id(const http::Context& context) {
  const std::string& text = context.request.path_params.at("id");
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value <= 0) {
    return Error::not_found("fiscal_year_not_found", "no fiscal year " + text);
  }
  return FiscalYearId{value};
}

Result<json> year_json(db::Tx& tx, CompanyId company, const FiscalYear& year) {
  const auto periods = TRY(list_periods(tx, company, year.id));
  return ledger_json::to_json(year, periods);
}

Result<Response> list_years_handler(http::Context& context) {
  db::Tx& tx = context.transaction();
  const CompanyId company = context.who().company_id;
  json out = json::array();
  for (const auto& year : TRY(list_fiscal_years(tx, company))) {
    out.push_back(TRY(year_json(tx, company, year)));
  }
  return Response::json(200, json{{"items", out}});
}

Result<Response> create_year_handler(http::Context& context) {
  const Context ledger = TRY(context_of(context));
  const json body = TRY(context.json_body());
  http::ObjectReader in(body);
  const auto year = in.optional_integer("year", 1000, 3000);
  if (!in.has("year")) in.fail("year", "field_required", "year is required");
  TRY(in.finish());
  const FiscalYear created =
      TRY(create_fiscal_year(context.transaction(), ledger, static_cast<int>(*year)));
  return Response::json(201, TRY(year_json(context.transaction(), ledger.company_id, created)));
}

http::Handler year_command(bool close) {
  return [close](http::Context& context) -> Result<Response> {
    const Context ledger = TRY(context_of(context));
    const FiscalYearId id = TRY(year_id(context));
    db::Tx& tx = context.transaction();
    const FiscalYear year =
        close ? TRY(close_fiscal_year(tx, ledger, id)) : TRY(reopen_fiscal_year(tx, ledger, id));
    return Response::json(200, TRY(year_json(tx, ledger.company_id, year)));
  };
}

Result<Response> get_locks_handler(http::Context& context) {
  const Locks locks = TRY(get_locks(context.transaction(), context.who().company_id));
  return Response::json(200, ledger_json::to_json(locks));
}

Result<Response> put_locks_handler(http::Context& context) {
  const Context ledger = TRY(context_of(context));
  const json body = TRY(context.json_body());
  http::ObjectReader in(body);
  for (const char* name : {"lock_all_until", "lock_users_until"}) {
    if (body.is_object() && body.contains(name) && body[name].is_null()) in.ignore(name);
    else in.optional_string(name, limits::kCodeLengthMax);
  }
  TRY(in.finish());
  Locks locks;
  const json null_value;
  const auto field = [&body, &null_value](const char* name) -> const json& {
    return body.contains(name) ? body[name] : null_value;
  };
  locks.lock_all_until = TRY(ledger_json::read_optional_date(field("lock_all_until"),
                                                             "lock_all_until"));
  locks.lock_users_until = TRY(ledger_json::read_optional_date(field("lock_users_until"),
                                                               "lock_users_until"));
  const Locks saved = TRY(set_locks(context.transaction(), ledger, locks));
  return Response::json(200, ledger_json::to_json(saved));
}

Result<Response> list_rates_handler(http::Context& context) {
  const std::string currency(context.request.query_param("currency").value_or(""));
  const auto rates = TRY(list_rates(context.transaction(), context.who().company_id, currency));
  json out = json::array();
  for (const auto& rate : rates) out.push_back(ledger_json::to_json(rate));
  return Response::json(200, json{{"items", out}});
}

Result<Response> set_rate_handler(http::Context& context) {
  const Context ledger = TRY(context_of(context));
  const json body = TRY(context.json_body());
  http::ObjectReader in(body);
  const std::string currency_text = in.required_string("currency", limits::kCodeLengthMax);
  const std::string date_text = in.required_string("date", limits::kCodeLengthMax);
  const std::string rate_text = in.required_string("rate", limits::kCodeLengthMax);
  auto currency = Currency::from_code(currency_text);
  auto date = Date::parse(date_text);
  auto rate = Rate::parse(rate_text);
  if (!currency_text.empty() && !currency.ok()) in.fail("currency", currency.error());
  if (!date_text.empty() && !date.ok()) in.fail("date", date.error());
  if (!rate_text.empty() && !rate.ok()) in.fail("rate", rate.error());
  TRY(in.finish());
  TRY(set_rate(context.transaction(), ledger, currency.value(), date.value(), rate.value()));
  return Response::json(201, ledger_json::to_json(RateOnDate{currency_text, date.value(),
                                                             rate.value()}));
}

}  // namespace

void register_ledger_admin_routes(http::Router& router) {
  using http::Method;
  using http::TxMode;
  const json years = {{"type", "object"},
                      {"properties", {{"items", {{"type", "array"},
                                                 {"items", ledger_json::fiscal_year_schema()}}}}}};
  const json rates = {{"type", "object"},
                      {"properties", {{"items", {{"type", "array"},
                                                 {"items", ledger_json::rate_schema()}}}}}};
  const auto base = [](Method method, std::string path, std::string summary, const char* permission,
                       TxMode tx) {
    return http::RouteSpec{.method = method, .path = std::move(path),
                           .summary = std::move(summary), .tag = "accounting",
                           .permission = permission, .tx = tx};
  };
  auto spec = base(Method::get, "/api/v1/accounting/fiscal-years", "Fiscal years and periods",
                   "accounting.account.read", TxMode::read);
  spec.response_schema = years;
  spec.handler = list_years_handler;
  router.add(spec);
  spec = base(Method::post, "/api/v1/accounting/fiscal-years",
              "Create a fiscal year in the company's calendar", "accounting.period.close",
              TxMode::write);
  spec.request_schema = {{"type", "object"}, {"required", {"year"}},
                         {"properties", {{"year", {{"type", "integer"}}}}}};
  spec.success_status = 201;
  spec.response_schema = ledger_json::fiscal_year_schema();
  spec.error_codes = {"input_invalid", "fiscal_year_exists", "fiscal_year_overlaps",
                      "fiscal_year_invalid"};
  spec.handler = create_year_handler;
  router.add(spec);
  spec = base(Method::post, "/api/v1/accounting/fiscal-years/{id}/close",
              "Close a fiscal year: closing entry to retained earnings", "accounting.period.close",
              TxMode::write);
  spec.response_schema = ledger_json::fiscal_year_schema();
  spec.error_codes = {"fiscal_year_not_found", "fiscal_year_closed", "account_role_missing",
                      "journal_not_found", "period_closed", "period_locked"};
  spec.handler = year_command(true);
  router.add(spec);
  spec = base(Method::post, "/api/v1/accounting/fiscal-years/{id}/reopen",
              "Reopen a closed fiscal year", "accounting.year.reopen", TxMode::write);
  spec.response_schema = ledger_json::fiscal_year_schema();
  spec.error_codes = {"fiscal_year_not_found", "fiscal_year_open"};
  spec.handler = year_command(false);
  router.add(spec);
  spec = base(Method::get, "/api/v1/accounting/locks", "Lock dates", "accounting.entry.read",
              TxMode::read);
  spec.response_schema = ledger_json::locks_schema();
  spec.handler = get_locks_handler;
  router.add(spec);
  spec = base(Method::put, "/api/v1/accounting/locks", "Set both lock dates (null: no lock)",
              "accounting.period.close", TxMode::write);
  spec.request_schema = ledger_json::locks_schema();
  spec.response_schema = ledger_json::locks_schema();
  spec.error_codes = {"input_invalid"};
  spec.handler = put_locks_handler;
  router.add(spec);
  spec = base(Method::get, "/api/v1/accounting/rates", "Exchange rates, newest first",
              "accounting.entry.read", TxMode::read);
  spec.query_params = {{"currency", "only this currency", {{"type", "string"}}}};
  spec.response_schema = rates;
  spec.handler = list_rates_handler;
  router.add(spec);
  spec = base(Method::post, "/api/v1/accounting/rates",
              "Record a rate (company units per one unit) from a date on",
              "accounting.rate.write", TxMode::write);
  spec.request_schema = ledger_json::rate_schema();
  spec.success_status = 201;
  spec.response_schema = ledger_json::rate_schema();
  spec.error_codes = {"input_invalid", "rate_currency_invalid", "rate_not_positive"};
  spec.handler = set_rate_handler;
  router.add(spec);
}

}  // namespace keel::accounting::detail
