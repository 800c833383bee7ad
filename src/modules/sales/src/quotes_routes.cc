// The quote routes (/api/v1/sales/quotes, /quotes/preview, /settings). Handlers only
// translate: JSON → service → JSON; every route acts for the caller's company.
#include <charconv>

#include "keel/core/limits.h"
#include "keel/http/json_input.h"
#include "orders_json.h"
#include "quotes_internal.h"

namespace keel::sales::detail {
namespace {

using http::Response;
using nlohmann::json;

constexpr std::string_view kBase = "/api/v1/sales";
const json kObject = {{"type", "object"}};

Result<Context> context_of(const http::Context& http) {
  return Context::load(http.transaction(), http.who(), http.clock, http.request.request_id);
}

Result<QuoteId> quote_id(const http::Context& http) {
  const std::string& text = http.request.path_params.at("id");
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value <= 0) {
    return Error::not_found("quote_not_found", "no such id " + text);
  }
  return QuoteId{value};
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

Result<Response> list_handler(http::Context& http) {
  const auto context = TRY(context_of(http));
  QuoteQuery query;
  query.state = std::string(http.request.query_param("state").value_or(""));
  if (const auto p = TRY(query_integer(http, "partner_id", INT64_MAX)); p > 0) {
    query.partner_id = partners::PartyId{p};
  }
  query.after_id = TRY(query_integer(http, "after", INT64_MAX));
  if (const auto limit = TRY(query_integer(http, "limit", limits::kPageSizeMax)); limit > 0) {
    query.limit = limit;
  }
  const auto page = TRY(list_quotes(http.transaction(), context, query));
  json items = json::array();
  for (const auto& quote : page.items) items.push_back(json_io::to_json(quote));
  return Response::json(200, {{"items", items},
                              {"next_cursor", page.next_cursor ? json(*page.next_cursor)
                                                               : json(nullptr)}});
}

Result<Response> create_handler(http::Context& http) {
  const auto context = TRY(context_of(http));
  const auto draft = TRY(json_io::read_quote(TRY(http.json_body()), context.company_currency));
  const auto quote = TRY(create_quote(http.transaction(), context, draft, http.who().roles));
  Response response = Response::json(201, json_io::to_json(quote));
  response.header("Location", std::string(kBase) + "/quotes/" + std::to_string(quote.id.value()));
  return response;
}

Result<Response> replace_handler(http::Context& http) {
  const auto context = TRY(context_of(http));
  const QuoteId id = TRY(quote_id(http));
  std::int64_t version = 0;
  const auto draft =
      TRY(json_io::read_quote(TRY(http.json_body()), context.company_currency, &version));
  return Response::json(200, json_io::to_json(TRY(replace_quote(http.transaction(), context, id,
                                                                version, draft,
                                                                http.who().roles))));
}

Result<Response> preview_handler(http::Context& http) {
  const auto context = TRY(context_of(http));
  const auto draft = TRY(json_io::read_quote(TRY(http.json_body()), context.company_currency));
  return Response::json(200,
                        json_io::to_json(TRY(preview_quote(http.transaction(), context, draft))));
}

Result<Response> get_handler(http::Context& http) {
  const auto context = TRY(context_of(http));
  return Response::json(
      200, json_io::to_json(TRY(get_quote(http.transaction(), context, TRY(quote_id(http))))));
}

Result<Response> approve_handler(http::Context& http) {
  const auto context = TRY(context_of(http));
  return Response::json(200, json_io::to_json(TRY(approve_quote(
                                 http.transaction(), context, TRY(quote_id(http)),
                                 http.who().roles))));
}

Result<Response> send_handler(http::Context& http) {
  const auto context = TRY(context_of(http));
  return Response::json(
      200, json_io::to_json(TRY(send_quote(http.transaction(), context, TRY(quote_id(http))))));
}

Result<Response> accept_handler(http::Context& http) {
  const auto context = TRY(context_of(http));
  std::vector<int> chosen;
  if (!http.request.body.empty()) {
    const json body = TRY(http.json_body());
    http::ObjectReader in(body);
    if (const json* lines = in.optional_value("optional_lines")) {
      if (!lines->is_array() || lines->size() > kDocumentLinesMax) {
        in.fail("optional_lines", "optional_line_invalid", "an array of line numbers");
      } else {
        for (const auto& n : *lines) {
          if (!n.is_number_integer() || n.get<std::int64_t>() < 1 ||
              n.get<std::int64_t>() > static_cast<std::int64_t>(kDocumentLinesMax)) {
            in.fail("optional_lines", "optional_line_invalid", "line numbers");
            break;
          }
          chosen.push_back(n.get<int>());
        }
      }
    }
    TRY(in.finish());
  }
  return Response::json(200, json_io::to_json(TRY(accept_quote(
                                 http.transaction(), context, TRY(quote_id(http)), chosen))));
}

Result<Response> reject_handler(http::Context& http) {
  const auto context = TRY(context_of(http));
  return Response::json(
      200, json_io::to_json(TRY(reject_quote(http.transaction(), context, TRY(quote_id(http))))));
}

Result<Response> cancel_handler(http::Context& http) {
  const auto context = TRY(context_of(http));
  return Response::json(
      200, json_io::to_json(TRY(cancel_quote(http.transaction(), context, TRY(quote_id(http))))));
}

Result<Response> get_settings_handler(http::Context& http) {
  const auto context = TRY(context_of(http));
  // Unwrapped before the JSON is built: an early return from inside a braced list leaks.
  auto limits = TRY(discount_limits(http.transaction(), context));
  return Response::json(200, {{"max_discount_percent", std::move(limits)}});
}

Result<Response> put_settings_handler(http::Context& http) {
  const auto context = TRY(context_of(http));
  const json body = TRY(http.json_body());
  http::ObjectReader in(body);
  std::map<std::string, std::string> limits;
  if (const json* given = in.optional_value("max_discount_percent")) {
    if (!given->is_object() || given->size() > 50) {
      in.fail("max_discount_percent", "field_type_invalid", "an object of role → percent");
    } else {
      for (const auto& [role, percent] : given->items()) {
        if (!percent.is_string()) {
          in.fail("max_discount_percent/" + role, "discount_invalid", "a decimal string");
        } else {
          limits[role] = percent.get<std::string>();
        }
      }
    }
  }
  if (!in.has("max_discount_percent")) {
    in.fail("max_discount_percent", "field_required", "max_discount_percent is required");
  }
  TRY(in.finish());
  return Response::json(200, {{"max_discount_percent",
                               TRY(set_discount_limits(http.transaction(), context, limits))}});
}

http::RouteSpec route(http::Method method, std::string path, std::string summary,
                      std::string permission, http::TxMode tx, json request,
                      std::vector<std::string> errors, http::Handler handler, int status = 200) {
  http::RouteSpec spec;
  spec.method = method;
  spec.path = std::string(kBase) + path;
  spec.summary = std::move(summary);
  spec.tag = "sales";
  spec.permission = std::move(permission);
  spec.tx = tx;
  spec.request_schema = std::move(request);
  spec.response_schema = kObject;
  spec.success_status = status;
  spec.error_codes = std::move(errors);
  spec.handler = std::move(handler);
  return spec;
}

}  // namespace

void register_quote_routes(http::Router& router) {
  using http::Method;
  using http::TxMode;
  const std::vector<std::string> create_errors = {
      "input_invalid", "partner_not_found", "currency_invalid", "quote_lines_missing",
      "quote_lines_too_many", "valid_until_invalid", "pricelist_not_found",
      "pricelist_currency_mismatch", "product_not_found", "product_template", "quantity_invalid",
      "unit_price_invalid", "discount_invalid", "tax_not_found", "price_not_found",
      "configuration_not_configurable", "configuration_option_unknown",
      "configuration_incompatible", "configuration_incomplete"};
  router.add(route(Method::get, "/quotes", "List quotes (newest first)", "sales.quote.read",
                   TxMode::read, nullptr, {"list_parameter_invalid"}, list_handler));
  router.add(route(Method::post, "/quotes", "Create a quote", "sales.quote.write", TxMode::write,
                   kObject, create_errors, create_handler, 201));
  router.add(route(Method::post, "/quotes/preview", "Totals of a quote body, nothing stored",
                   "sales.quote.read", TxMode::read, kObject, create_errors, preview_handler));
  router.add(route(Method::get, "/quotes/{id}", "A quote", "sales.quote.read", TxMode::read,
                   nullptr, {"quote_not_found"}, get_handler));
  auto replace_errors = create_errors;
  replace_errors.insert(replace_errors.end(),
                        {"quote_not_found", "quote_state_invalid", "version_conflict"});
  router.add(route(Method::put, "/quotes/{id}",
                   "Replace a quote not yet sent (lines, dates, partner); its approval is cleared",
                   "sales.quote.write", TxMode::write, kObject, replace_errors, replace_handler));
  router.add(route(Method::post, "/quotes/{id}/approve", "Approve a quote's discount",
                   "sales.quote.approve", TxMode::write, kObject,
                   {"quote_not_found", "quote_state_invalid", "quote_discount_not_covered",
                    "quote_expired"},
                   approve_handler));
  router.add(route(Method::post, "/quotes/{id}/send", "Send a quote (numbered)",
                   "sales.quote.write", TxMode::write, kObject,
                   {"quote_not_found", "quote_state_invalid", "quote_approval_required",
                    "quote_expired"},
                   send_handler));
  router.add(route(Method::post, "/quotes/{id}/accept", "Accept a quote into a sales order",
                   "sales.quote.write", TxMode::write, kObject,
                   {"quote_not_found", "quote_state_invalid", "quote_approval_required",
                    "quote_expired", "optional_line_invalid", "input_invalid"},
                   accept_handler));
  router.add(route(Method::post, "/quotes/{id}/reject", "Reject a sent quote",
                   "sales.quote.write", TxMode::write, kObject,
                   {"quote_not_found", "quote_state_invalid"}, reject_handler));
  router.add(route(Method::post, "/quotes/{id}/cancel", "Cancel an unsent quote",
                   "sales.quote.write", TxMode::write, kObject,
                   {"quote_not_found", "quote_state_invalid"}, cancel_handler));
  router.add(route(Method::get, "/settings", "The maximum discount per role", "sales.quote.read",
                   TxMode::read, nullptr, {}, get_settings_handler));
  router.add(route(Method::put, "/settings", "Set the maximum discount per role",
                   "sales.quote.approve", TxMode::write, kObject,
                   {"input_invalid", "discount_invalid", "role_invalid"}, put_settings_handler));
}

}  // namespace keel::sales::detail
