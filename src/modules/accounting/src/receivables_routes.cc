// The receivables part's routes (/api/v1/accounting/taxes, payment-terms, invoices, payments,
// aging, statements, tax report, revaluations) and its permissions. Handlers only translate:
// JSON → service → JSON; every route acts for the caller's company.
#include <charconv>

#include "accounting_routes.h"
#include "keel/accounting/receivables_api.h"
#include "keel/core/limits.h"
#include "receivables_json.h"

namespace keel::accounting::detail {
namespace {

using http::Context;
using http::Response;
using nlohmann::json;
namespace io = receivables::json_io;

constexpr std::string_view kBase = "/api/v1/accounting";

const json kObject = {{"type", "object"}};
const json kString = {{"type", "string"}};
const json kInteger = {{"type", "integer"}};

Result<accounting::Context> context_of(const Context& http) {
  return accounting::Context::load(http.transaction(), http.who(), http.clock,
                                   http.request.request_id);
}

Result<std::int64_t> path_id(const Context& context, std::string_view not_found) {
  const std::string& text = context.request.path_params.at("id");
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value <= 0) {
    return Error::not_found(std::string(not_found), "no such id " + text);
  }
  return value;
}

Result<Date> query_date(const Context& context, std::string_view name) {
  const auto text = context.request.query_param(name);
  if (!text)
    return Error::validation("date_invalid", std::string(name) + " is required", std::string(name));
  return Date::parse(*text);
}

// A user whose read scope is `own` sees only the invoices they created.
std::optional<UserId> own_filter(const Context& context) {
  if (context.who().scope("accounting.invoice.read") == http::Scope::own) {
    return context.who().user_id;
  }
  return std::nullopt;
}

Result<Response> invoice_response(const Context& http, const accounting::Context& context,
                                  InvoiceId id, int status) {
  const Invoice invoice = TRY(get_invoice(http.transaction(), context, id));
  if (const auto own = own_filter(http); own && invoice.created_by != *own) {
    return Error::not_found("invoice_not_found", "no invoice " + std::to_string(id.value()));
  }
  return Response::json(status, io::to_json(invoice));
}

Result<Response> list_invoices_handler(Context& http) {
  const auto context = TRY(context_of(http));
  InvoiceQuery query;
  const auto param = [&](std::string_view name) {
    return std::string(http.request.query_param(name).value_or(""));
  };
  if (const auto type = param("type"); !type.empty()) query.type = TRY(parse_invoice_type(type));
  query.state = param("state");
  const auto integer = [&](std::string_view name, std::int64_t max) -> Result<std::int64_t> {
    const std::string text = param(name);
    if (text.empty()) return std::int64_t{0};
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || value < 0 || value > max) {
      return Error::validation("list_parameter_invalid", std::string(name) + " is invalid",
                               std::string(name));
    }
    return value;
  };
  if (const auto partner = TRY(integer("partner_id", INT64_MAX)); partner > 0) {
    query.partner_id = partners::PartyId{partner};
  }
  query.after_id = TRY(integer("cursor", INT64_MAX));
  if (const auto limit = TRY(integer("limit", limits::kPageSizeMax)); limit > 0)
    query.limit = limit;
  for (const auto& [name, bound] : {std::pair{"from", &query.from}, std::pair{"to", &query.to}}) {
    if (const auto text = param(name); !text.empty()) {
      auto date = Date::parse(text);
      if (!date.ok()) {
        return Error::validation("date_invalid", std::string(name) + " is not a date (YYYY-MM-DD)",
                                 name);
      }
      *bound = date.value();
    }
  }
  query.created_by = own_filter(http);
  const InvoicePage page = TRY(list_invoices(http.transaction(), context, query));
  json items = json::array();
  for (const auto& invoice : page.items) items.push_back(io::to_json(invoice));
  return Response::json(
      200, {{"items", items},
            {"next_cursor",
             page.next_cursor ? json(std::to_string(*page.next_cursor)) : json(nullptr)}});
}

Result<Response> create_invoice_handler(Context& http) {
  const auto context = TRY(context_of(http));
  const json body = TRY(http.json_body());
  const InvoiceDraft draft = TRY(io::read_invoice(body, context.company_currency));
  const Invoice invoice = TRY(create_invoice(http.transaction(), context, draft));
  Response response = Response::json(201, io::to_json(invoice));
  response.header("Location",
                  std::string(kBase) + "/invoices/" + std::to_string(invoice.id.value()));
  return response;
}

Result<Response> get_invoice_handler(Context& http) {
  const auto context = TRY(context_of(http));
  const InvoiceId id{TRY(path_id(http, "invoice_not_found"))};
  return invoice_response(http, context, id, 200);
}

Result<Response> post_invoice_handler(Context& http) {
  const auto context = TRY(context_of(http));
  const InvoiceId id{TRY(path_id(http, "invoice_not_found"))};
  TRY(post_invoice(http.transaction(), context, id));
  return invoice_response(http, context, id, 200);
}

Result<Response> cancel_invoice_handler(Context& http) {
  const auto context = TRY(context_of(http));
  const InvoiceId id{TRY(path_id(http, "invoice_not_found"))};
  TRY(cancel_invoice(http.transaction(), context, id));
  return invoice_response(http, context, id, 200);
}

Result<Response> list_taxes_handler(Context& http) {
  const auto context = TRY(context_of(http));
  json items = json::array();
  for (const auto& tax : TRY(list_taxes(http.transaction(), context))) {
    items.push_back(io::to_json(tax));
  }
  const TaxRounding rounding = TRY(tax_rounding(http.transaction(), context));
  return Response::json(
      200, {{"items", items},
            {"rounding", rounding == TaxRounding::per_line ? "per_line" : "per_document"}});
}

Result<Response> create_tax_handler(Context& http) {
  const auto context = TRY(context_of(http));
  const TaxDraft draft = TRY(io::read_tax(TRY(http.json_body())));
  return Response::json(201, io::to_json(TRY(create_tax(http.transaction(), context, draft))));
}

Result<Response> tax_settings_handler(Context& http) {
  const auto context = TRY(context_of(http));
  const TaxRounding rounding = TRY(io::read_tax_settings(TRY(http.json_body())));
  TRY(set_tax_rounding(http.transaction(), context, rounding));
  return Response::json(
      200, {{"rounding", rounding == TaxRounding::per_line ? "per_line" : "per_document"}});
}

Result<Response> list_terms_handler(Context& http) {
  const auto context = TRY(context_of(http));
  json items = json::array();
  for (const auto& term : TRY(list_payment_terms(http.transaction(), context))) {
    items.push_back(io::to_json(term));
  }
  return Response::json(200, {{"items", items}});
}

Result<Response> create_term_handler(Context& http) {
  const auto context = TRY(context_of(http));
  const PaymentTermDraft draft = TRY(io::read_payment_term(TRY(http.json_body())));
  return Response::json(201,
                        io::to_json(TRY(create_payment_term(http.transaction(), context, draft))));
}

Result<Response> list_payments_handler(Context& http) {
  const auto context = TRY(context_of(http));
  std::optional<partners::PartyId> partner;
  if (const auto text = http.request.query_param("partner_id")) {
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (error != std::errc() || end != text->data() + text->size() || value <= 0) {
      return Error::validation("list_parameter_invalid", "partner_id is invalid", "partner_id");
    }
    partner = partners::PartyId{value};
  }
  json items = json::array();
  for (const auto& payment : TRY(list_payments(http.transaction(), context, partner))) {
    items.push_back(io::to_json(payment));
  }
  return Response::json(200, {{"items", items}});
}

Result<Response> create_payment_handler(Context& http) {
  const auto context = TRY(context_of(http));
  const PaymentDraft draft = TRY(io::read_payment(TRY(http.json_body())));
  return Response::json(201,
                        io::to_json(TRY(register_payment(http.transaction(), context, draft))));
}

Result<Response> allocate_handler(Context& http) {
  const auto context = TRY(context_of(http));
  const PaymentId id{TRY(path_id(http, "payment_not_found"))};
  std::optional<Date> date;
  const AllocationDraft draft = TRY(io::read_allocation(TRY(http.json_body()), date));
  const Payment existing = TRY(get_payment(http.transaction(), context, id));
  const Payment payment =
      TRY(allocate(http.transaction(), context, id, draft, date.value_or(existing.date)));
  return Response::json(200, io::to_json(payment));
}

// The credit note (or vendor refund) in the path is set off against body.invoice_id; the date
// defaults to the later of the two documents' dates.
Result<Response> offset_handler(Context& http) {
  const auto context = TRY(context_of(http));
  const InvoiceId id{TRY(path_id(http, "invoice_not_found"))};
  std::optional<Date> date;
  const AllocationDraft draft = TRY(io::read_allocation(TRY(http.json_body()), date));
  if (!date) {
    const Invoice credit = TRY(get_invoice(http.transaction(), context, id));
    auto other = get_invoice(http.transaction(), context, draft.invoice_id);
    date = other.ok() && credit.date < other->date ? other->date : credit.date;
  }
  const Offset offset =
      TRY(offset_credit(http.transaction(), context, id, draft.invoice_id, draft.amount, *date));
  return Response::json(200, io::to_json(offset));
}

Result<Response> aging_handler(Context& http) {
  const auto context = TRY(context_of(http));
  const Date date = TRY(query_date(http, "date"));
  const LedgerSide side =
      TRY(parse_ledger_side(std::string(http.request.query_param("kind").value_or("receivable"))));
  return Response::json(200, io::to_json(TRY(aging(http.transaction(), context, side, date))));
}

Result<Response> statement_handler(Context& http) {
  const auto context = TRY(context_of(http));
  const partners::PartyId partner{TRY(path_id(http, "partner_not_found"))};
  const Date from = TRY(query_date(http, "from"));
  const Date to = TRY(query_date(http, "to"));
  const LedgerSide side =
      TRY(parse_ledger_side(std::string(http.request.query_param("kind").value_or("receivable"))));
  auto result = statement(http.transaction(), context, partner, side, from, to);
  if (!result.ok() && result.error().code() == "partner_not_found") {
    return Error::not_found("partner_not_found", result.error().message());
  }
  return Response::json(200, io::to_json(TRY(std::move(result))));
}

Result<Response> tax_report_handler(Context& http) {
  const auto context = TRY(context_of(http));
  const Date from = TRY(query_date(http, "from"));
  const Date to = TRY(query_date(http, "to"));
  return Response::json(200, io::to_json(TRY(tax_report(http.transaction(), context, from, to))));
}

Result<Response> revalue_handler(Context& http) {
  const auto context = TRY(context_of(http));
  const Date date = TRY(io::read_date_body(TRY(http.json_body())));
  return Response::json(201, io::to_json(TRY(revalue(http.transaction(), context, date))));
}

}  // namespace

namespace {

json object_of(json properties, std::vector<std::string> required = {}) {
  json out = {{"type", "object"}, {"properties", std::move(properties)}};
  if (!required.empty()) out["required"] = required;
  return out;
}
json array_of(json items) { return {{"type", "array"}, {"items", std::move(items)}}; }
json decimal(std::string description) {
  return {{"type", "string"}, {"description", std::move(description)}};
}
json date_schema() { return {{"type", "string"}, {"format", "date"}}; }

json tax_input() {
  return object_of({{"name", kString},
                    {"kind", {{"type", "string"}, {"enum", {"percent", "fixed"}}}},
                    {"rate_percent", decimal("percent kind: \"19\"")},
                    {"amount", decimal("fixed kind: per unit, in currency")},
                    {"currency", kString},
                    {"price_included", {{"type", "boolean"}}},
                    {"scope", {{"type", "string"}, {"enum", {"sales", "purchase"}}}}},
                   {"name"});
}

json term_input() {
  return object_of(
      {{"name", kString},
       {"installments",
        array_of(object_of({{"percent", decimal("share of the total")}, {"days", kInteger}},
                           {"percent"}))},
       {"discount_percent", decimal("early-payment discount")},
       {"discount_days", kInteger}},
      {"name", "installments"});
}

json invoice_input() {
  const json line = object_of({{"description", kString},
                               {"quantity", decimal("quantity")},
                               {"unit_price", decimal("in the invoice currency")},
                               {"discount_percent", decimal("0..100")},
                               {"tax_ids", array_of(kInteger)},
                               {"account_id", kInteger}},
                              {"description", "quantity", "unit_price"});
  return object_of(
      {{"type",
        {{"type", "string"}, {"enum", {"out_invoice", "out_refund", "in_invoice", "in_refund"}}}},
       {"partner_id", kInteger},
       {"date", date_schema()},
       {"due_date", date_schema()},
       {"currency", kString},
       {"payment_term_id", kInteger},
       {"origin", {{"type", "string"}, {"description", "opaque, e.g. sales.order:17"}}},
       {"reference", kString},
       {"lines", array_of(line)}},
      {"type", "partner_id", "date", "lines"});
}

json invoice_output() {
  json schema = invoice_input();
  schema.erase("required");
  for (const char* name :
       {"state", "number", "rate", "untaxed", "tax", "total", "residual", "total_company",
        "residual_company", "discount_amount", "discount_until"}) {
    schema["properties"][name] = kString;
  }
  schema["properties"]["id"] = kInteger;
  schema["properties"]["entry_id"] = kInteger;
  schema["properties"]["version"] = kInteger;
  schema["properties"]["taxes"] = array_of(kObject);
  schema["properties"]["installments"] = array_of(kObject);
  return schema;
}

json allocation_input() {
  return object_of({{"invoice_id", kInteger},
                    {"amount", decimal("in the payment currency")},
                    {"date", date_schema()}},
                   {"invoice_id", "amount"});
}

json payment_input() {
  return object_of(
      {{"direction", {{"type", "string"}, {"enum", {"inbound", "outbound"}}}},
       {"partner_type", {{"type", "string"}, {"enum", {"customer", "supplier"}}}},
       {"partner_id", kInteger},
       {"date", date_schema()},
       {"journal", {{"type", "string"}, {"enum", {"bank", "cash"}}}},
       {"amount", decimal("positive")},
       {"currency", kString},
       {"reference", kString},
       {"allocations", array_of(object_of({{"invoice_id", kInteger}, {"amount", kString}}))}},
      {"partner_id", "date", "amount"});
}

json payment_output() {
  return object_of({{"id", kInteger},
                    {"direction", kString},
                    {"partner_type", kString},
                    {"partner_id", kInteger},
                    {"date", kString},
                    {"journal_id", kInteger},
                    {"amount", kString},
                    {"currency", kString},
                    {"amount_company", kString},
                    {"unallocated", kString},
                    {"rate", kString},
                    {"reference", kString},
                    {"entry_id", kInteger},
                    {"allocations", array_of(kObject)}});
}

json list_of(json item) {
  return object_of({{"items", array_of(std::move(item))},
                    {"next_cursor", {{"type", "string"}, {"nullable", true}}}});
}

const std::vector<std::string> kAccountingErrors = {
    "rate_not_found", "account_role_missing", "journal_not_found", "fiscal_year_not_found",
    "period_closed",  "period_locked",        "entry_unbalanced",  "account_currency_mismatch"};

std::vector<std::string> with_posting(std::vector<std::string> codes) {
  codes.insert(codes.end(), kAccountingErrors.begin(), kAccountingErrors.end());
  return codes;
}

http::RouteSpec spec(http::Method method, std::string path, std::string summary,
                     std::string permission, http::Handler handler) {
  http::RouteSpec route;
  route.method = method;
  route.path = std::string(kBase) + path;
  route.summary = std::move(summary);
  route.tag = "accounting";
  route.permission = std::move(permission);
  route.tx = method == http::Method::get ? http::TxMode::read : http::TxMode::write;
  route.handler = std::move(handler);
  return route;
}

void register_documents(http::Router& router) {
  auto list = spec(http::Method::get, "/invoices", "List invoices and bills",
                   "accounting.invoice.read", list_invoices_handler);
  list.query_params = {{"from", "document date on or after (YYYY-MM-DD)"},
                       {"to", "document date on or before (YYYY-MM-DD)"},
                       {"type", "out_invoice | out_refund | in_invoice | in_refund"},
                       {"state", "draft | posted | partially_paid | paid | cancelled"},
                       {"partner_id", "one partner"},
                       {"cursor", "next_cursor of the previous page"},
                       {"limit", "1..500"}};
  list.response_schema = list_of(invoice_output());
  list.error_codes = {"invoice_type_invalid", "list_parameter_invalid", "date_invalid"};
  router.add(std::move(list));

  auto create = spec(http::Method::post, "/invoices", "Create a draft invoice or bill",
                     "accounting.invoice.write", create_invoice_handler);
  create.request_schema = invoice_input();
  create.success_status = 201;
  create.response_schema = invoice_output();
  create.error_codes = {"input_invalid",
                        "invoice_type_invalid",
                        "invoice_lines_missing",
                        "invoice_lines_too_many",
                        "invoice_line_quantity_invalid",
                        "invoice_line_price_invalid",
                        "invoice_line_discount_invalid",
                        "invoice_line_description_invalid",
                        "invoice_line_taxes_invalid",
                        "invoice_total_not_positive",
                        "invoice_origin_too_long",
                        "invoice_reference_invalid",
                        "partner_not_found",
                        "tax_not_found",
                        "tax_scope_mismatch",
                        "tax_currency_mismatch",
                        "payment_term_not_found",
                        "account_not_found",
                        "account_role_missing",
                        "currency_unknown"};
  router.add(std::move(create));

  auto get = spec(http::Method::get, "/invoices/{id}", "Read an invoice", "accounting.invoice.read",
                  get_invoice_handler);
  get.response_schema = invoice_output();
  get.error_codes = {"invoice_not_found"};
  router.add(std::move(get));

  auto post_route = spec(http::Method::post, "/invoices/{id}/post",
                         "Post a draft: number it and write its ledger entry",
                         "accounting.invoice.post", post_invoice_handler);
  post_route.response_schema = invoice_output();
  post_route.error_codes = with_posting({"invoice_not_found", "invoice_not_draft"});
  router.add(std::move(post_route));

  auto cancel = spec(http::Method::post, "/invoices/{id}/cancel", "Cancel a draft",
                     "accounting.invoice.write", cancel_invoice_handler);
  cancel.response_schema = invoice_output();
  cancel.error_codes = {"invoice_not_found", "invoice_not_draft"};
  router.add(std::move(cancel));

  auto offset = spec(http::Method::post, "/invoices/{id}/offset",
                     "Set a credit note (vendor refund) off against an open invoice (bill)",
                     "accounting.payment.write", offset_handler);
  offset.request_schema = object_of({{"invoice_id", kInteger},
                                     {"amount", decimal("in the documents' currency")},
                                     {"date", date_schema()}},
                                    {"invoice_id", "amount"});
  offset.response_schema = object_of({{"id", kInteger},
                                      {"credit_id", kInteger},
                                      {"invoice_id", kInteger},
                                      {"date", kString},
                                      {"amount", kString},
                                      {"fx_company", kString},
                                      {"entry_id", kInteger},
                                      {"credit", kObject},
                                      {"invoice", kObject}});
  offset.error_codes = with_posting({"input_invalid", "invoice_not_found", "invoice_not_open",
                                     "offset_type_invalid", "offset_amount_invalid",
                                     "allocation_partner_mismatch",
                                     "allocation_currency_mismatch", "allocation_date_invalid",
                                     "amount_invalid"});
  router.add(std::move(offset));
}

void register_payments(http::Router& router) {
  auto list = spec(http::Method::get, "/payments", "List payments", "accounting.payment.read",
                   list_payments_handler);
  list.query_params = {{"partner_id", "one partner"}};
  list.response_schema = list_of(payment_output());
  list.error_codes = {"list_parameter_invalid"};
  router.add(std::move(list));

  const std::vector<std::string> allocation_errors = {"invoice_not_found",
                                                      "invoice_not_open",
                                                      "allocation_amount_invalid",
                                                      "allocation_partner_mismatch",
                                                      "allocation_currency_mismatch",
                                                      "allocation_invoice_mismatch",
                                                      "allocation_date_invalid"};
  auto create =
      spec(http::Method::post, "/payments", "Register a receipt or payment and allocate it",
           "accounting.payment.write", create_payment_handler);
  create.request_schema = payment_input();
  create.success_status = 201;
  create.response_schema = payment_output();
  create.error_codes = with_posting(
      {"input_invalid", "payment_direction_invalid", "payment_partner_type_invalid",
       "payment_amount_invalid", "payment_journal_invalid", "payment_allocations_too_many",
       "payment_reference_invalid", "partner_not_found", "amount_invalid", "currency_unknown"});
  create.error_codes.insert(create.error_codes.end(), allocation_errors.begin(),
                            allocation_errors.end());
  router.add(std::move(create));

  auto allocate_route = spec(http::Method::post, "/payments/{id}/allocate",
                             "Apply a payment's unallocated amount to an invoice",
                             "accounting.payment.write", allocate_handler);
  allocate_route.request_schema = allocation_input();
  allocate_route.response_schema = payment_output();
  allocate_route.error_codes = with_posting({"input_invalid", "payment_not_found"});
  allocate_route.error_codes.insert(allocate_route.error_codes.end(), allocation_errors.begin(),
                                    allocation_errors.end());
  router.add(std::move(allocate_route));
}

void register_setup(http::Router& router) {
  auto taxes = spec(http::Method::get, "/taxes", "List taxes and the tax rounding mode",
                    "accounting.tax.read", list_taxes_handler);
  taxes.response_schema = object_of({{"items", array_of(tax_input())}, {"rounding", kString}});
  router.add(std::move(taxes));

  auto create_tax_route = spec(http::Method::post, "/taxes", "Create a tax", "accounting.tax.write",
                               create_tax_handler);
  create_tax_route.request_schema = tax_input();
  create_tax_route.success_status = 201;
  create_tax_route.response_schema = tax_input();
  create_tax_route.error_codes = {"input_invalid",      "tax_name_invalid",  "tax_name_taken",
                                  "tax_kind_invalid",   "tax_scope_invalid", "tax_rate_invalid",
                                  "tax_amount_invalid", "currency_unknown"};
  router.add(std::move(create_tax_route));

  auto settings =
      spec(http::Method::post, "/tax-settings", "Choose per-line or per-document tax rounding",
           "accounting.tax.write", tax_settings_handler);
  settings.request_schema = object_of(
      {{"rounding", {{"type", "string"}, {"enum", {"per_line", "per_document"}}}}}, {"rounding"});
  settings.response_schema = object_of({{"rounding", kString}});
  settings.error_codes = {"input_invalid", "tax_rounding_invalid"};
  router.add(std::move(settings));

  auto terms = spec(http::Method::get, "/payment-terms", "List payment terms",
                    "accounting.tax.read", list_terms_handler);
  terms.response_schema = object_of({{"items", array_of(term_input())}});
  router.add(std::move(terms));

  auto create_term = spec(http::Method::post, "/payment-terms", "Create a payment term",
                          "accounting.tax.write", create_term_handler);
  create_term.request_schema = term_input();
  create_term.success_status = 201;
  create_term.response_schema = term_input();
  create_term.error_codes = {"input_invalid",
                             "payment_term_name_invalid",
                             "payment_term_name_taken",
                             "payment_term_lines_invalid",
                             "payment_term_percent_sum_invalid",
                             "payment_term_discount_invalid"};
  router.add(std::move(create_term));
}

void register_reports(http::Router& router) {
  auto aging_route = spec(http::Method::get, "/reports/aging",
                          "Open receivables or payables by due-date bucket at a date",
                          "accounting.receivable.report", aging_handler);
  aging_route.query_params = {{"date", "as of (YYYY-MM-DD)"}, {"kind", "receivable | payable"}};
  aging_route.response_schema = object_of(
      {{"date", kString}, {"kind", kString}, {"rows", array_of(kObject)}, {"totals", kObject}});
  aging_route.error_codes = {"date_invalid", "aging_kind_invalid"};
  router.add(std::move(aging_route));

  auto statement_route = spec(http::Method::get, "/partners/{id}/statement",
                              "A partner's statement with running balance",
                              "accounting.receivable.report", statement_handler);
  statement_route.query_params = {
      {"from", "first day"}, {"to", "last day"}, {"kind", "receivable | payable"}};
  statement_route.response_schema =
      object_of({{"opening", kString}, {"closing", kString}, {"lines", array_of(kObject)}});
  statement_route.error_codes = {"partner_not_found", "date_invalid", "statement_range_invalid",
                                 "aging_kind_invalid", "account_role_missing"};
  router.add(std::move(statement_route));

  auto tax = spec(http::Method::get, "/reports/tax", "Base and tax per tax over a period",
                  "accounting.receivable.report", tax_report_handler);
  tax.query_params = {{"from", "first day"}, {"to", "last day"}};
  tax.response_schema = object_of({{"rows", array_of(kObject)}});
  tax.error_codes = {"date_invalid", "report_range_invalid"};
  router.add(std::move(tax));

  auto revaluation = spec(http::Method::post, "/revaluations",
                          "Revalue open foreign documents at a period end (reversed next day)",
                          "accounting.revaluation.post", revalue_handler);
  revaluation.request_schema = object_of({{"date", date_schema()}}, {"date"});
  revaluation.success_status = 201;
  revaluation.response_schema = object_of({{"id", kInteger},
                                           {"entry_id", kInteger},
                                           {"reversal_entry_id", kInteger},
                                           {"adjustment", kString}});
  revaluation.error_codes =
      with_posting({"input_invalid", "revaluation_date_not_period_end", "revaluation_exists"});
  router.add(std::move(revaluation));
}

}  // namespace

void register_receivable_routes(http::Router& router) {
  register_setup(router);
  register_documents(router);
  register_payments(router);
  register_reports(router);
}

std::vector<http::PermissionSpec> receivable_permissions() {
  using http::Scope;
  const std::pair<std::string, Scope> accountant{"accountant", Scope::all};
  const std::pair<std::string, Scope> manager{"manager", Scope::all};
  return {
      {"accounting.invoice.read",
       "Read invoices, credit notes and bills",
       false,
       {accountant, manager, {"sales", Scope::own}}},
      {"accounting.invoice.write", "Create and cancel draft invoices", false, {accountant}},
      {"accounting.invoice.post", "Post invoices to the ledger", false, {accountant}},
      {"accounting.payment.read", "Read payments", false, {accountant, manager}},
      {"accounting.payment.write", "Register and allocate payments", false, {accountant}},
      {"accounting.tax.read", "Read taxes and payment terms", false, {accountant, manager}},
      {"accounting.tax.write",
       "Create taxes and payment terms, choose tax rounding",
       false,
       {accountant}},
      {"accounting.receivable.report",
       "Aging, partner statements and the tax report",
       false,
       {accountant, manager}},
      {"accounting.revaluation.post",
       "Revalue open foreign documents at period end",
       false,
       {accountant}},
  };
}

}  // namespace keel::accounting::detail
