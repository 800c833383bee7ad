// The orders part's routes (/api/v1/sales/orders, pricelists, partner-pricelists, prices,
// configurators) and its permissions. Handlers only translate: JSON → service → JSON; every
// route acts for the caller's company.
#include <charconv>

#include "keel/core/clock.h"
#include "keel/core/limits.h"
#include "keel/http/json_input.h"
#include "orders_json.h"

namespace keel::sales::detail {
namespace {

using http::Response;
using nlohmann::json;

constexpr std::string_view kBase = "/api/v1/sales";

const json kObject = {{"type", "object"}};
const json kList = {{"type", "object"},
                    {"properties", {{"items", {{"type", "array"}}}, {"next_cursor", {}}}}};

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

// A non-negative integer query parameter (0 when absent).
Result<std::int64_t> query_integer(const http::Context& http, std::string_view name,
                                   std::int64_t max, std::string_view code) {
  const auto text = http.request.query_param(name);
  if (!text || text->empty()) return std::int64_t{0};
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (error != std::errc() || end != text->data() + text->size() || value < 0 || value > max) {
    return Error::validation(std::string(code), std::string(name) + " is invalid",
                             std::string(name));
  }
  return value;
}

Result<json> order_json(db::Tx& tx, const Context& context, OrderId id, bool details) {
  const Order order = TRY(get_order(tx, context, id));
  json out = json_io::to_json(order);
  if (!details) return out;
  const Date today = Date::parse(format_instant(context.clock->now()).substr(0, 10)).value();
  std::vector<inventory::ProductId> product_ids;
  for (const auto& line : order.lines) product_ids.push_back(line.product_id);
  const auto products = TRY(inventory::get_products(tx, context.company_id, product_ids));
  for (std::size_t i = 0; i < order.lines.size(); ++i) {
    const auto& line = order.lines[i];
    const auto& product = products.at(line.product_id);
    out["lines"][i]["sku"] = product.sku;
    out["lines"][i]["product_name"] = product.display_name();
    const std::int64_t open_e6 = line.quantity.value_e6() - line.delivered.value_e6() -
                                 line.reserved.value_e6();
    if (product.type != inventory::ProductType::stockable || open_e6 <= 0 ||
        order.state == OrderState::cancelled || order.state == OrderState::done) {
      out["lines"][i]["promise"] = nullptr;
      continue;
    }
    const auto promise = TRY(inventory::available_to_promise(
        tx, context, line.product_id, order.warehouse_id,
        TRY(Quantity::from_value_e6(open_e6)), today));
    out["lines"][i]["promise"] = {
        {"available_now", promise.available_now.to_string()},
        {"earliest_date",
         promise.earliest_date ? json(promise.earliest_date->to_string()) : json(nullptr)}};
  }
  out["credit"] = json_io::to_json(TRY(credit_state(tx, context, order)));
  return out;
}

Result<Response> list_orders_handler(http::Context& http) {
  const auto context = TRY(context_of(http));
  OrderQuery query;
  query.state = std::string(http.request.query_param("state").value_or(""));
  if (!query.state.empty() && query.state != "draft" && query.state != "confirmed" &&
      query.state != "done" && query.state != "cancelled") {
    return Error::validation("list_parameter_invalid", "state is invalid", "state");
  }
  if (const auto p = TRY(query_integer(http, "partner_id", INT64_MAX, "list_parameter_invalid"));
      p > 0) {
    query.partner_id = partners::PartyId{p};
  }
  query.after_id = TRY(query_integer(http, "after", INT64_MAX, "list_parameter_invalid"));
  if (const auto limit =
          TRY(query_integer(http, "limit", limits::kPageSizeMax, "list_parameter_invalid"));
      limit > 0) {
    query.limit = limit;
  }
  const auto page = TRY(list_orders(http.transaction(), context, query));
  json items = json::array();
  for (const auto& order : page.items) items.push_back(json_io::to_json(order));
  return Response::json(200, {{"items", items},
                              {"next_cursor", page.next_cursor ? json(*page.next_cursor)
                                                               : json(nullptr)}});
}

Result<Response> create_order_handler(http::Context& http) {
  const auto context = TRY(context_of(http));
  const auto draft = TRY(json_io::read_order(TRY(http.json_body()), context.company_currency));
  if (draft.confirm && !http.who().can("sales.order.confirm")) {
    return Error::permission("permission_denied", "confirming needs sales.order.confirm");
  }
  Order order = TRY(create_order(http.transaction(), context, draft));
  if (draft.confirm) {
    // One transaction: a refused confirmation rolls the new order back with it.
    ConfirmOptions options;
    options.override_credit = draft.override_credit;
    options.may_override = http.who().can("sales.credit.override");
    order = TRY(confirm_order(http.transaction(), context, order.id, options));
  }
  Response response = Response::json(201, json_io::to_json(order));
  response.header("Location", std::string(kBase) + "/orders/" + std::to_string(order.id.value()));
  return response;
}

Result<Response> get_order_handler(http::Context& http) {
  const auto context = TRY(context_of(http));
  const OrderId id{TRY(path_id(http, "order_not_found"))};
  return Response::json(200, TRY(order_json(http.transaction(), context, id, true)));
}

Result<Response> patch_order_handler(http::Context& http) {
  const auto context = TRY(context_of(http));
  const OrderId id{TRY(path_id(http, "order_not_found"))};
  const auto patch =
      TRY(json_io::read_order_patch(TRY(http.json_body()), context.company_currency));
  TRY(update_order(http.transaction(), context, id, patch));
  return Response::json(200, TRY(order_json(http.transaction(), context, id, false)));
}

Result<Response> confirm_order_handler(http::Context& http) {
  const auto context = TRY(context_of(http));
  const OrderId id{TRY(path_id(http, "order_not_found"))};
  ConfirmOptions options;
  if (!http.request.body.empty()) {
    const json body = TRY(http.json_body());
    http::ObjectReader in(body);
    options.override_credit = in.optional_bool("override_credit").value_or(false);
    TRY(in.finish());
  }
  options.may_override = http.who().can("sales.credit.override");
  const Order confirmed = TRY(confirm_order(http.transaction(), context, id, options));
  return Response::json(200, json_io::to_json(confirmed));
}

Result<Response> cancel_order_handler(http::Context& http) {
  const auto context = TRY(context_of(http));
  const OrderId id{TRY(path_id(http, "order_not_found"))};
  TRY(cancel_order(http.transaction(), context, id));
  return Response::json(200, TRY(order_json(http.transaction(), context, id, false)));
}

Result<Response> list_pricelists_handler(http::Context& http) {
  const auto context = TRY(context_of(http));
  json items = json::array();
  for (const auto& list : TRY(list_pricelists(http.transaction(), context))) {
    items.push_back(json_io::to_json(list));
  }
  return Response::json(200, {{"items", items}, {"next_cursor", nullptr}});
}

Result<Response> create_pricelist_handler(http::Context& http) {
  const auto context = TRY(context_of(http));
  const auto draft =
      TRY(json_io::read_pricelist(TRY(http.json_body()), context.company_currency));
  const auto list = TRY(create_pricelist(http.transaction(), context, draft));
  Response response = Response::json(201, json_io::to_json(list));
  response.header("Location",
                  std::string(kBase) + "/pricelists/" + std::to_string(list.id.value()));
  return response;
}

Result<Response> get_pricelist_handler(http::Context& http) {
  const auto context = TRY(context_of(http));
  const PricelistId id{TRY(path_id(http, "pricelist_not_found"))};
  return Response::json(200, json_io::to_json(TRY(get_pricelist(http.transaction(), context, id))));
}

Result<Response> archive_pricelist_handler(http::Context& http) {
  const auto context = TRY(context_of(http));
  const PricelistId id{TRY(path_id(http, "pricelist_not_found"))};
  return Response::json(200,
                        json_io::to_json(TRY(archive_pricelist(http.transaction(), context, id))));
}

Result<Response> assign_pricelist_handler(http::Context& http) {
  const auto context = TRY(context_of(http));
  const json body = TRY(http.json_body());
  http::ObjectReader in(body);
  const auto partner = in.optional_integer("partner_id", 1, INT64_MAX);
  if (!in.has("partner_id")) in.fail("partner_id", "field_required", "partner_id is required");
  const auto list = in.optional_integer("pricelist_id", 1, INT64_MAX);
  TRY(in.finish());
  std::optional<PricelistId> pricelist;
  if (list) pricelist = PricelistId{*list};
  TRY(assign_pricelist(http.transaction(), context, partners::PartyId{*partner}, pricelist));
  return Response::json(200, {{"partner_id", *partner},
                              {"pricelist_id", list ? json(*list) : json(nullptr)}});
}

Result<Response> price_handler(http::Context& http) {
  const auto context = TRY(context_of(http));
  auto& tx = http.transaction();
  const auto param = [&](std::string_view a, std::string_view b) {
    auto v = http.request.query_param(a);
    if (!v || v->empty()) v = http.request.query_param(b);
    return std::string(v.value_or(""));
  };
  const auto integer = [&](std::string_view a, std::string_view b,
                           std::string_view code) -> Result<std::int64_t> {
    const std::string text = param(a, b);
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc() || end != text.data() + text.size() || value <= 0) {
      return Error::validation(std::string(code), std::string(a) + " is invalid", std::string(a));
    }
    return value;
  };
  const inventory::ProductId product_id{TRY(integer("product", "product_id", "product_invalid"))};
  const std::string quantity_text = param("quantity", "quantity");
  auto quantity = Quantity::parse(quantity_text.empty() ? "1" : quantity_text);
  if (!quantity.ok() || quantity->is_negative() || quantity->is_zero()) {
    return Error::validation("quantity_invalid", "quantity must be positive", "quantity");
  }
  Date date = Date::parse(format_instant(context.clock->now()).substr(0, 10)).value();
  if (const std::string text = param("date", "date"); !text.empty()) {
    auto parsed = Date::parse(text);
    if (!parsed.ok()) return Error::validation("date_invalid", "a date YYYY-MM-DD", "date");
    date = *parsed;
  }
  Currency currency = context.company_currency;
  if (const std::string text = param("currency", "currency"); !text.empty()) {
    auto parsed = Currency::from_code(text);
    if (!parsed.ok()) return Error::validation("currency_invalid", "unknown currency", "currency");
    currency = *parsed;
  }
  std::optional<PricelistId> pricelist;
  if (!param("partner", "partner_id").empty()) {
    const partners::PartyId partner{TRY(integer("partner", "partner_id", "partner_invalid"))};
    if (!partners::get_party(tx, partners::Caller::system(context.company_id), partner).ok()) {
      return Error::validation("partner_not_found", "no such partner", "partner");
    }
    pricelist = TRY(pricelist_for(tx, context, partner, currency));
  }
  if (!param("pricelist_id", "pricelist").empty()) {
    const PricelistId id{TRY(integer("pricelist_id", "pricelist", "pricelist_not_found"))};
    const auto list = get_pricelist(tx, context, id);
    if (!list.ok()) return Error::validation("pricelist_not_found", "no such price list", "pricelist_id");
    pricelist = id;
  }
  auto product = inventory::get_product(tx, context.company_id, product_id);
  if (!product.ok()) return Error::validation("product_not_found", "no such product", "product");
  const auto answer = TRY(price_of(tx, context, pricelist, currency, *product, *quantity, date));
  json taxes = json::array();
  for (const auto& t : answer.tax_ids) taxes.push_back(t.value());
  const auto as_text = [&](std::int64_t e6) {
    return UnitPrice::from_value_e6(e6, currency).value().to_string();
  };
  return Response::json(
      200, {{"product_id", product_id.value()},
            {"currency", std::string(currency.code())},
            {"pricelist_id", answer.pricelist_id ? json(answer.pricelist_id->value()) : json(nullptr)},
            {"item_id", answer.item_id ? json(*answer.item_id) : json(nullptr)},
            {"unit_price", as_text(answer.unit_price_e6)},
            {"list_price", as_text(answer.list_price_e6)},
            {"discount_percent", answer.discount_percent},
            {"tax_ids", taxes}});
}

Result<Response> get_configurator_handler(http::Context& http) {
  const auto context = TRY(context_of(http));
  const inventory::ProductId id{TRY(path_id(http, "product_not_found"))};
  return Response::json(200, TRY(get_configurator(http.transaction(), context, id)));
}

Result<Response> set_configurator_handler(http::Context& http) {
  const auto context = TRY(context_of(http));
  const inventory::ProductId id{TRY(path_id(http, "product_not_found"))};
  return Response::json(
      200, TRY(set_configurator(http.transaction(), context, id, TRY(http.json_body()))));
}

http::RouteSpec route(http::Method method, std::string path, std::string summary,
                      std::string permission, http::TxMode tx, json request, json response,
                      std::vector<std::string> errors, http::Handler handler,
                      int status = 200) {
  http::RouteSpec spec;
  spec.method = method;
  spec.path = std::string(kBase) + path;
  spec.summary = std::move(summary);
  spec.tag = "sales";
  spec.permission = std::move(permission);
  spec.tx = tx;
  spec.request_schema = std::move(request);
  spec.response_schema = std::move(response);
  spec.success_status = status;
  spec.error_codes = std::move(errors);
  spec.handler = std::move(handler);
  return spec;
}

}  // namespace

std::vector<http::PermissionSpec> order_permissions() {
  using http::Scope;
  return {
      {"sales.quote.read", "Read quotes, prices and configurators", false,
       {{"manager", Scope::all}, {"sales", Scope::all}, {"accountant", Scope::all},
        {"viewer", Scope::all}}},
      {"sales.quote.write", "Create, send, accept and reject quotes", false,
       {{"manager", Scope::all}, {"sales", Scope::all}}},
      {"sales.quote.approve", "Approve quotes over the author's discount limit", false,
       {{"manager", Scope::all}}},
      {"sales.order.read", "Read sales orders and price lists", false,
       {{"manager", Scope::all}, {"sales", Scope::all}, {"accountant", Scope::all},
        {"viewer", Scope::all}}},
      {"sales.order.write", "Create, change and cancel sales orders", false,
       {{"manager", Scope::all}, {"sales", Scope::all}}},
      {"sales.order.confirm", "Confirm sales orders (credit check, reservation)", false,
       {{"manager", Scope::all}, {"sales", Scope::all}}},
      {"sales.credit.override", "Confirm an order over the customer's credit limit", true,
       {{"manager", Scope::all}}},
      {"sales.pricelist.write", "Create price lists, assign them, set configurators", false,
       {{"manager", Scope::all}}},
  };
}

void register_order_routes(http::Router& router) {
  register_quote_routes(router);
  using http::Method;
  using http::TxMode;
  const std::vector<std::string> line_errors = {
      "input_invalid", "partner_not_found", "currency_invalid", "warehouse_not_found",
      "invoice_policy_invalid", "order_lines_missing", "order_lines_too_many",
      "product_not_found", "product_template", "quantity_invalid", "unit_price_invalid",
      "discount_invalid", "tax_not_found", "price_not_found", "configuration_not_configurable",
      "configuration_option_unknown", "configuration_incompatible", "configuration_incomplete"};
  router.add(route(Method::get, "/orders", "List sales orders (newest first)", "sales.order.read",
                   TxMode::read, nullptr, kList, {"list_parameter_invalid"},
                   list_orders_handler));
  auto create_errors = line_errors;
  create_errors.insert(create_errors.end(),
                       {"credit_limit_exceeded", "stock_insufficient", "permission_denied"});
  auto create = route(Method::post, "/orders",
                      "Create a draft sales order (with confirm: true, confirmed at once)",
                      "sales.order.write", TxMode::write, kObject, kObject, create_errors,
                      create_order_handler, 201);
  router.add(create);
  router.add(route(Method::get, "/orders/{id}",
                   "A sales order with available-to-promise per line and the credit state",
                   "sales.order.read", TxMode::read, nullptr, kObject, {"order_not_found"},
                   get_order_handler));
  auto patch_errors = line_errors;
  patch_errors.insert(patch_errors.end(),
                      {"order_not_found", "order_state_invalid", "version_conflict"});
  router.add(route(Method::patch, "/orders/{id}", "Change a draft sales order",
                   "sales.order.write", TxMode::write, kObject, kObject, patch_errors,
                   patch_order_handler));
  router.add(route(Method::post, "/orders/{id}/confirm",
                   "Confirm: credit check, reserve stock, number, delivery",
                   "sales.order.confirm", TxMode::write, kObject, kObject,
                   {"order_not_found", "order_state_invalid", "credit_limit_exceeded",
                    "permission_denied", "stock_insufficient", "input_invalid"},
                   confirm_order_handler));
  router.add(route(Method::post, "/orders/{id}/cancel",
                   "Cancel: release reservations and deliveries", "sales.order.write",
                   TxMode::write, kObject, kObject,
                   {"order_not_found", "order_not_cancellable", "version_conflict"},
                   cancel_order_handler));
  router.add(route(Method::get, "/pricelists", "List price lists", "sales.order.read",
                   TxMode::read, nullptr, kList, {}, list_pricelists_handler));
  router.add(route(Method::post, "/pricelists", "Create a price list", "sales.pricelist.write",
                   TxMode::write, kObject, kObject,
                   {"input_invalid", "pricelist_name_invalid", "currency_invalid",
                    "pricelist_items_too_many", "pricelist_item_target_invalid",
                    "product_not_found", "category_not_found", "pricelist_item_quantity_invalid",
                    "pricelist_item_price_invalid", "pricelist_item_discount_invalid",
                    "pricelist_item_dates_invalid"},
                   create_pricelist_handler, 201));
  router.add(route(Method::get, "/pricelists/{id}", "A price list", "sales.order.read",
                   TxMode::read, nullptr, kObject, {"pricelist_not_found"},
                   get_pricelist_handler));
  router.add(route(Method::post, "/pricelists/{id}/archive", "Archive a price list",
                   "sales.pricelist.write", TxMode::write, kObject, kObject,
                   {"pricelist_not_found"}, archive_pricelist_handler));
  router.add(route(Method::post, "/partner-pricelists", "Assign a customer's price list",
                   "sales.pricelist.write", TxMode::write, kObject, kObject,
                   {"input_invalid", "partner_not_found", "pricelist_not_found"},
                   assign_pricelist_handler));
  auto prices = route(Method::get, "/prices", "The unit price a line would get",
                      "sales.quote.read", TxMode::read, nullptr, kObject,
                      {"product_invalid", "quantity_invalid", "date_invalid", "partner_invalid",
                       "currency_invalid", "partner_not_found", "product_not_found",
                       "pricelist_not_found", "price_not_found"},
                      price_handler);
  for (const char* name : {"partner", "product", "quantity", "date", "currency", "pricelist_id"}) {
    prices.query_params.push_back({name, name});
  }
  router.add(prices);
  router.add(route(Method::get, "/configurators/{id}", "A product's configurator",
                   "sales.quote.read", TxMode::read, nullptr, kObject, {"product_not_found"},
                   get_configurator_handler));
  router.add(route(Method::put, "/configurators/{id}", "Set a product's configurator",
                   "sales.pricelist.write", TxMode::write, kObject, kObject,
                   {"product_not_found", "configurator_invalid"}, set_configurator_handler));
}

}  // namespace keel::sales::detail
