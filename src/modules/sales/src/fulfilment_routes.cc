// The fulfilment part's routes (/api/v1/sales/deliveries, orders/{id}/invoice and
// down-payment, returns, and /api/v1/partners/{id}/overview) and its permissions. Handlers
// only translate: JSON → service → JSON; every route acts for the caller's company.
#include <charconv>

#include "fulfilment_internal.h"
#include "keel/core/limits.h"
#include "keel/http/json_input.h"

namespace keel::sales::detail {

namespace {

using http::ObjectReader;
using http::Response;
using nlohmann::json;

const json kString = {{"type", "string"}};
const json kInteger = {{"type", "integer"}};
const json kObject = {{"type", "object"}};
const json kBoolean = {{"type", "boolean"}};

json object_of(json properties, std::vector<std::string> required = {}) {
  json schema = {{"type", "object"}, {"properties", std::move(properties)}};
  if (!required.empty()) schema["required"] = required;
  return schema;
}
json array_of(json items) { return {{"type", "array"}, {"items", std::move(items)}}; }
json list_of(json items) {
  return object_of({{"items", array_of(std::move(items))}, {"next_cursor", kString}});
}

Result<Context> context_of(const http::Context& http) {
  return Context::load(http.transaction(), http.who(), http.clock, http.request.request_id);
}

Result<std::int64_t> path_id(const http::Context& http, std::string_view not_found) {
  const std::string& text = http.request.path_params.at("id");
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value <= 0) {
    return Error::not_found(std::string(not_found), "no such id " + text);
  }
  return value;
}

Result<std::int64_t> query_integer(const http::Context& http, std::string_view name,
                                   std::int64_t max) {
  const auto text = http.request.query_param(name);
  if (!text || text->empty()) return std::int64_t{0};
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (error != std::errc() || end != text->data() + text->size() || value < 0 || value > max) {
    return Error::validation("list_parameter_invalid", std::string(name) + " is invalid",
                             std::string(name));
  }
  return value;
}

std::optional<Date> read_date(ObjectReader& in, std::string_view name) {
  const auto text = in.optional_string(name, 10);
  if (!text) return std::nullopt;
  auto date = Date::parse(*text);
  if (!date.ok()) {
    in.fail(name, date.error());
    return std::nullopt;
  }
  return *date;
}

Quantity read_quantity(ObjectReader& in, std::string_view name, bool required) {
  const auto text = required ? std::optional(in.required_string(name, 40))
                             : in.optional_string(name, 40);
  if (!text || text->empty()) return Quantity::zero();
  auto quantity = Quantity::parse(*text);
  if (!quantity.ok()) {
    in.fail(name, quantity.error());
    return Quantity::zero();
  }
  return *quantity;
}

json cursor_json(std::optional<std::int64_t> cursor) {
  return cursor ? json(std::to_string(*cursor)) : json(nullptr);
}

// ---- deliveries ----

Result<Response> list_deliveries_handler(http::Context& http) {
  const auto context = TRY(context_of(http));
  DeliveryQuery query;
  if (const auto order = TRY(query_integer(http, "order_id", INT64_MAX)); order > 0) {
    query.order_id = OrderId{order};
  }
  query.state = std::string(http.request.query_param("state").value_or(""));
  query.after_id = TRY(query_integer(http, "cursor", INT64_MAX));
  if (const auto limit = TRY(query_integer(http, "limit", limits::kPageSizeMax)); limit > 0) {
    query.limit = limit;
  }
  const auto page = TRY(list_deliveries(http.transaction(), context, query));
  json items = json::array();
  for (const auto& d : page.items) items.push_back(to_json(d));
  return Response::json(200, {{"items", items}, {"next_cursor", cursor_json(page.next_cursor)}});
}

Result<Response> get_delivery_handler(http::Context& http) {
  const auto context = TRY(context_of(http));
  const DeliveryId id{TRY(path_id(http, "delivery_not_found"))};
  return Response::json(200, to_json(TRY(get_delivery(http.transaction(), context, id))));
}

Result<std::vector<ScanLine>> read_scans(const json& body) {
  ObjectReader in(body);
  std::vector<ScanLine> scans;
  const json* lines = in.optional_value("lines");
  if (lines && (!lines->is_array() || lines->size() > kScanLinesCountMax)) {
    in.fail("lines", "field_type_invalid",
            "an array of at most " + std::to_string(kScanLinesCountMax) + " scanned lines");
  } else if (lines) {
    for (std::size_t i = 0; i < lines->size(); ++i) {
      ObjectReader line((*lines)[i], "lines/" + std::to_string(i));
      ScanLine scan;
      scan.code = line.required_string("code", kScanCodeLengthMax);
      scan.quantity = read_quantity(line, "quantity", true);
      scan.lot = line.optional_string("lot", kLotNameLengthMax).value_or("");
      if (auto done = line.finish(); !done.ok()) {
        for (const auto& error : line.errors()) in.fail(error.field, error.code, error.message);
      }
      scans.push_back(std::move(scan));
    }
  }
  TRY(in.finish());
  return scans;
}

Result<Response> pick_handler(http::Context& http) {
  const auto context = TRY(context_of(http));
  const DeliveryId id{TRY(path_id(http, "delivery_not_found"))};
  const auto scans = TRY(read_scans(TRY(http.json_body())));
  return Response::json(200, to_json(TRY(pick_delivery(http.transaction(), context, id, scans))));
}

Result<Response> pack_handler(http::Context& http) {
  const auto context = TRY(context_of(http));
  const DeliveryId id{TRY(path_id(http, "delivery_not_found"))};
  const json body = TRY(http.json_body());
  ObjectReader in(body);
  const auto packages = in.optional_integer("package_count", INT32_MIN, INT32_MAX).value_or(1);
  const Quantity weight = read_quantity(in, "weight", false);
  TRY(in.finish());
  return Response::json(
      200, to_json(TRY(pack_delivery(http.transaction(), context, id, packages, weight))));
}

Result<Response> ship_handler(http::Context& http) {
  const auto context = TRY(context_of(http));
  const DeliveryId id{TRY(path_id(http, "delivery_not_found"))};
  const json body = TRY(http.json_body());
  ObjectReader in(body);
  ShipInput input;
  input.carrier = in.optional_string("carrier", kCarrierLengthMax).value_or("");
  input.tracking_number =
      in.optional_string("tracking_number", kTrackingNumberLengthMax).value_or("");
  input.date = read_date(in, "date");
  TRY(in.finish());
  return Response::json(200, to_json(TRY(ship_delivery(http.transaction(), context, id, input))));
}

// ---- invoicing ----

json invoice_json(const accounting::Invoice& invoice) {
  return {{"id", invoice.id.value()},
          {"type", std::string(accounting::to_string(invoice.type))},
          {"number", invoice.number ? json(*invoice.number) : json(nullptr)},
          {"state", invoice.state},
          {"date", invoice.date.to_string()},
          {"due_date", invoice.due_date.to_string()},
          {"currency", std::string(invoice.currency.code())},
          {"untaxed", invoice.untaxed.to_string()},
          {"tax", invoice.tax.to_string()},
          {"total", invoice.total.to_string()},
          {"residual", invoice.residual.to_string()},
          {"origin", invoice.origin}};
}

Result<Response> invoice_handler(http::Context& http) {
  const auto context = TRY(context_of(http));
  const OrderId id{TRY(path_id(http, "order_not_found"))};
  std::optional<Date> date;
  if (!http.request.body.empty()) {
    const json body = TRY(http.json_body());
    ObjectReader in(body);
    date = read_date(in, "date");
    TRY(in.finish());
  }
  const auto result = TRY(invoice_order(http.transaction(), context, id, date));
  return Response::json(
      201, {{"invoice", invoice_json(result.invoice)},
            {"deduction", result.deduction ? invoice_json(*result.deduction) : json(nullptr)},
            {"order", {{"id", id.value()}}}});
}

Result<Response> down_payment_handler(http::Context& http) {
  const auto context = TRY(context_of(http));
  const OrderId id{TRY(path_id(http, "order_not_found"))};
  const json body = TRY(http.json_body());
  ObjectReader in(body);
  DownPaymentInput input;
  input.percent = in.optional_string("percent", 40);
  input.amount = in.optional_string("amount", 40);
  input.date = read_date(in, "date");
  TRY(in.finish());
  return Response::json(
      201, invoice_json(TRY(down_payment(http.transaction(), context, id, input))));
}

// ---- returns ----

Result<ReturnInput> read_return(const json& body) {
  ObjectReader in(body);
  ReturnInput input;
  input.order_id = OrderId{in.optional_integer("order_id", 1, INT64_MAX).value_or(0)};
  if (!in.has("order_id")) in.fail("order_id", "field_required", "order_id is required");
  input.refund = in.optional_bool("refund").value_or(true);
  input.date = read_date(in, "date");
  input.reason = in.optional_string("reason", kReasonLengthMax).value_or("");
  const json* lines = in.optional_value("lines");
  if (lines && (!lines->is_array() || lines->size() > kReturnLinesCountMax)) {
    in.fail("lines", "field_type_invalid",
            "an array of at most " + std::to_string(kReturnLinesCountMax) + " lines");
  } else if (lines) {
    for (std::size_t i = 0; i < lines->size(); ++i) {
      ObjectReader line((*lines)[i], "lines/" + std::to_string(i));
      ReturnLineInput out;
      out.order_line_id =
          OrderLineId{line.optional_integer("order_line_id", 1, INT64_MAX).value_or(0)};
      if (!line.has("order_line_id")) {
        line.fail("order_line_id", "field_required", "order_line_id is required");
      }
      out.quantity = read_quantity(line, "quantity", true);
      out.disposition = line.optional_string("disposition", 16).value_or("stock");
      if (auto done = line.finish(); !done.ok()) {
        for (const auto& error : line.errors()) in.fail(error.field, error.code, error.message);
      }
      input.lines.push_back(std::move(out));
    }
  }
  TRY(in.finish());
  return input;
}

Result<Response> create_return_handler(http::Context& http) {
  const auto context = TRY(context_of(http));
  const ReturnInput input = TRY(read_return(TRY(http.json_body())));
  const Return created = TRY(create_return(http.transaction(), context, input));
  Response response = Response::json(201, to_json(created));
  response.header("Location", "/api/v1/sales/returns/" + std::to_string(created.id.value()));
  return response;
}

Result<Response> get_return_handler(http::Context& http) {
  const auto context = TRY(context_of(http));
  const ReturnId id{TRY(path_id(http, "return_not_found"))};
  return Response::json(200, to_json(TRY(get_return(http.transaction(), context, id))));
}

Result<Response> list_returns_handler(http::Context& http) {
  const auto context = TRY(context_of(http));
  std::optional<OrderId> order;
  if (const auto value = TRY(query_integer(http, "order_id", INT64_MAX)); value > 0) {
    order = OrderId{value};
  }
  const auto after = TRY(query_integer(http, "cursor", INT64_MAX));
  auto limit = TRY(query_integer(http, "limit", limits::kPageSizeMax));
  if (limit == 0) limit = limits::kPageSizeDefault;
  const auto page = TRY(list_returns(http.transaction(), context, order, after, limit));
  json items = json::array();
  for (const auto& r : page.items) items.push_back(to_json(r));
  return Response::json(200, {{"items", items}, {"next_cursor", cursor_json(page.next_cursor)}});
}

// ---- customer 360 ----

Result<Response> overview_handler(http::Context& http) {
  const auto context = TRY(context_of(http));
  const partners::PartyId id{TRY(path_id(http, "partner_not_found"))};
  const auto& who = http.who();
  // The party itself through partners, so its record rule (own scope) applies.
  auto party = partners::get_party(http.transaction(), partners::Caller::from(who), id);
  if (!party.ok()) {
    if (party.error().kind() == ErrorKind::not_found) {
      return Error::not_found("partner_not_found", "no partner " + std::to_string(id.value()));
    }
    return party.error();
  }
  OverviewParts parts;
  parts.sales = who.can("sales.order.read");
  parts.receivables = who.scope("accounting.invoice.read") == http::Scope::all;
  parts.payments = who.can("accounting.payment.read");
  parts.credit = who.can("partners.credit.read");
  return Response::json(200,
                        TRY(overview(http.transaction(), context, id, today(context), parts)));
}

http::RouteSpec spec(http::Method method, std::string path, std::string summary,
                     std::string permission, http::Handler handler) {
  http::RouteSpec route;
  route.method = method;
  route.path = std::move(path);
  route.summary = std::move(summary);
  route.tag = "sales";
  route.permission = std::move(permission);
  route.tx = method == http::Method::get ? http::TxMode::read : http::TxMode::write;
  route.handler = std::move(handler);
  return route;
}

json delivery_output() {
  return object_of({{"id", kInteger},
                    {"number", kString},
                    {"order_id", kInteger},
                    {"partner_id", kInteger},
                    {"state", kString},
                    {"date", kString},
                    {"backorder_of", kInteger},
                    {"backorder_id", kInteger},
                    {"package_count", kInteger},
                    {"weight", kString},
                    {"carrier", kString},
                    {"tracking_number", kString},
                    {"shipped_date", kString},
                    {"lines", array_of(kObject)},
                    {"version", kInteger}});
}

json return_output() {
  return object_of({{"id", kInteger},
                    {"number", kString},
                    {"order_id", kInteger},
                    {"partner_id", kInteger},
                    {"date", kString},
                    {"refund", kBoolean},
                    {"credit_note_id", kInteger},
                    {"reason", kString},
                    {"lines", array_of(kObject)}});
}

json invoice_output() {
  return object_of({{"id", kInteger},
                    {"type", kString},
                    {"number", kString},
                    {"state", kString},
                    {"date", kString},
                    {"due_date", kString},
                    {"currency", kString},
                    {"untaxed", kString},
                    {"tax", kString},
                    {"total", kString},
                    {"residual", kString},
                    {"origin", kString}});
}

const std::vector<std::string> kPostingErrors = {
    "period_closed", "period_locked", "fiscal_year_not_found", "account_role_missing",
    "journal_not_found", "rate_not_found"};

std::vector<std::string> with(std::vector<std::string> codes,
                              const std::vector<std::string>& more) {
  codes.insert(codes.end(), more.begin(), more.end());
  return codes;
}

void register_deliveries(http::Router& router) {
  auto list = spec(http::Method::get, "/api/v1/sales/deliveries", "List deliveries",
                   "sales.delivery.read", list_deliveries_handler);
  list.query_params = {{"order_id", "one order's deliveries"},
                       {"state", "ready | picked | packed | shipped | cancelled"},
                       {"cursor", "next_cursor of the previous page"},
                       {"limit", "1..500"}};
  list.response_schema = list_of(delivery_output());
  list.error_codes = {"list_parameter_invalid", "delivery_state_invalid"};
  router.add(std::move(list));

  auto get = spec(http::Method::get, "/api/v1/sales/deliveries/{id}",
                  "A delivery with its lines, picked quantities and lots", "sales.delivery.read",
                  get_delivery_handler);
  get.response_schema = delivery_output();
  get.error_codes = {"delivery_not_found"};
  router.add(std::move(get));

  auto pick = spec(http::Method::post, "/api/v1/sales/deliveries/{id}/pick",
                   "Add scanned codes (SKU or barcode) and quantities to a delivery",
                   "sales.delivery.write", pick_handler);
  pick.request_schema = object_of(
      {{"lines", array_of(object_of(
                     {{"code", kString}, {"quantity", kString}, {"lot", kString}},
                     {"code", "quantity"}))}},
      {"lines"});
  pick.response_schema = delivery_output();
  pick.error_codes = {"input_invalid",
                      "delivery_not_found",
                      "delivery_state_invalid",
                      "delivery_scan_missing",
                      "delivery_code_unknown",
                      "delivery_product_not_in_delivery",
                      "delivery_quantity_invalid",
                      "delivery_quantity_exceeded"};
  router.add(std::move(pick));

  auto pack = spec(http::Method::post, "/api/v1/sales/deliveries/{id}/pack",
                   "Pack a picked delivery (package count, weight in kg)",
                   "sales.delivery.write", pack_handler);
  pack.request_schema = object_of({{"package_count", kInteger}, {"weight", kString}});
  pack.response_schema = delivery_output();
  pack.error_codes = {"input_invalid", "delivery_not_found", "delivery_state_invalid",
                      "delivery_package_count_invalid", "delivery_weight_invalid"};
  router.add(std::move(pack));

  auto ship = spec(http::Method::post, "/api/v1/sales/deliveries/{id}/ship",
                   "Ship a packed delivery: stock leaves, cost of goods is posted, the rest "
                   "goes to a backorder",
                   "sales.delivery.write", ship_handler);
  ship.request_schema =
      object_of({{"carrier", kString}, {"tracking_number", kString}, {"date", kString}},
                {"carrier"});
  ship.response_schema = delivery_output();
  ship.error_codes = with({"input_invalid", "delivery_not_found", "delivery_state_invalid",
                           "delivery_carrier_missing", "stock_insufficient", "lot_required",
                           "lot_not_found", "lot_expired", "lot_quantity_mismatch"},
                          kPostingErrors);
  router.add(std::move(ship));
}

void register_invoicing(http::Router& router) {
  auto invoice = spec(http::Method::post, "/api/v1/sales/orders/{id}/invoice",
                      "Invoice what the order may still bill (its policy: ordered or "
                      "delivered), less its down payments",
                      "sales.invoice.write", invoice_handler);
  invoice.request_schema = object_of({{"date", kString}});
  invoice.success_status = 201;
  invoice.response_schema =
      object_of({{"invoice", invoice_output()}, {"deduction", invoice_output()},
                 {"order", kObject}});
  invoice.error_codes = with({"input_invalid", "order_not_found", "order_state_invalid",
                              "order_nothing_to_invoice", "tax_not_found"},
                             kPostingErrors);
  router.add(std::move(invoice));

  auto down = spec(http::Method::post, "/api/v1/sales/orders/{id}/down-payment",
                   "Invoice an advance on the order (a percent of its total or an amount)",
                   "sales.invoice.write", down_payment_handler);
  down.request_schema =
      object_of({{"percent", kString}, {"amount", kString}, {"date", kString}});
  down.success_status = 201;
  down.response_schema = invoice_output();
  down.error_codes = with({"input_invalid", "order_not_found", "order_state_invalid",
                           "down_payment_input_invalid", "down_payment_percent_invalid",
                           "down_payment_amount_invalid", "amount_invalid"},
                          kPostingErrors);
  router.add(std::move(down));
}

void register_returns(http::Router& router) {
  auto create = spec(http::Method::post, "/api/v1/sales/returns",
                     "Take shipped goods back (to stock or scrap), with a credit note",
                     "sales.return.write", create_return_handler);
  create.request_schema = object_of(
      {{"order_id", kInteger},
       {"refund", kBoolean},
       {"date", kString},
       {"reason", kString},
       {"lines", array_of(object_of({{"order_line_id", kInteger},
                                     {"quantity", kString},
                                     {"disposition", kString}},
                                    {"order_line_id", "quantity"}))}},
      {"order_id", "lines"});
  create.success_status = 201;
  create.response_schema = return_output();
  create.error_codes = with({"input_invalid", "order_not_found", "order_state_invalid",
                             "return_lines_missing", "return_lines_too_many",
                             "return_line_not_found", "return_line_duplicate",
                             "return_quantity_invalid", "return_quantity_exceeded",
                             "return_disposition_invalid"},
                            kPostingErrors);
  router.add(std::move(create));

  auto list = spec(http::Method::get, "/api/v1/sales/returns", "List returns",
                   "sales.delivery.read", list_returns_handler);
  list.query_params = {{"order_id", "one order's returns"},
                       {"cursor", "next_cursor of the previous page"},
                       {"limit", "1..500"}};
  list.response_schema = list_of(return_output());
  list.error_codes = {"list_parameter_invalid"};
  router.add(std::move(list));

  auto get = spec(http::Method::get, "/api/v1/sales/returns/{id}", "A return with its lines",
                  "sales.delivery.read", get_return_handler);
  get.response_schema = return_output();
  get.error_codes = {"return_not_found"};
  router.add(std::move(get));
}

void register_overview(http::Router& router) {
  auto route = spec(http::Method::get, "/api/v1/partners/{id}/overview",
                    "The customer 360: orders, deliveries, invoices, payments, credit and top "
                    "products of a partner, with the parts the caller may read",
                    "partners.party.read", overview_handler);
  route.response_schema = object_of({{"partner", kObject},
                                     {"as_of", kString},
                                     {"currency", kString},
                                     {"sales", kObject},
                                     {"receivables", kObject},
                                     {"credit", kObject},
                                     {"top_products", array_of(kObject)}});
  route.error_codes = {"partner_not_found"};
  router.add(std::move(route));
}

}  // namespace

void register_fulfilment_routes(http::Router& router) {
  register_deliveries(router);
  register_invoicing(router);
  register_returns(router);
  register_overview(router);
}

std::vector<http::PermissionSpec> fulfilment_permissions() {
  using http::Scope;
  const std::pair<std::string, Scope> admin{"admin", Scope::all};
  const std::pair<std::string, Scope> manager{"manager", Scope::all};
  const std::pair<std::string, Scope> sales{"sales", Scope::all};
  const std::pair<std::string, Scope> accountant{"accountant", Scope::all};
  return {
      {"sales.delivery.read", "Read deliveries and returns", false, {admin, manager, sales}},
      {"sales.delivery.write",
       "Pick, pack and ship deliveries (the warehouse)",
       false,
       {admin, manager, sales}},
      {"sales.invoice.write",
       "Invoice orders and their down payments",
       false,
       {admin, manager, accountant}},
      {"sales.return.write",
       "Take goods back and credit them",
       false,
       {admin, manager, sales}},
  };
}

}  // namespace keel::sales::detail
