#pragma once

// The orders part of sales (price lists, configurators, quotes, sales orders): its types and
// services, shared by its sources and tests only. Every service takes the caller's
// transaction and never commits; one that returns an Error has written nothing the caller
// must keep. Every state change is audited.
//
// Locks, always in this order: the quote row, then the order row (each a conditional UPDATE,
// so it works on both engines), then the sequence row (next_number), then what inventory and
// receivables lock inside their own calls.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sales_internal.h"

namespace keel::sales::detail {

// Limits of the orders part, enforced at input.
inline constexpr std::size_t kDocumentLinesMax = 500;      // lines per quote or order
inline constexpr std::size_t kPricelistItemsMax = 1'000;   // items per price list
inline constexpr std::size_t kDescriptionLengthMax = 1'000;
inline constexpr std::size_t kConfigGroupsMax = 50;
inline constexpr std::size_t kConfigOptionsMax = 100;      // per group
inline constexpr std::size_t kConfigRulesMax = 500;
inline constexpr std::size_t kCodeLengthMax = 64;

std::string now_text(const Context& context);
std::string join_tax_ids(const std::vector<accounting::TaxId>& ids);
std::vector<accounting::TaxId> split_tax_ids(const std::string& text);
Result<void> record_change(db::Tx& tx, const Context& context, std::string action,
                           std::string entity, std::int64_t id, nlohmann::json after);
std::string_view to_string(OrderState state);
std::string_view to_string(InvoicePolicy policy);

// A confirmed order's open part in its own currency's minor units (what it adds to the
// customer's credit exposure): the total prorated by the untaxed amount of the lines'
// uninvoiced quantities, each line's share truncated, computed in 128 bits.
struct OpenLine {
  std::int64_t subtotal = 0;
  std::int64_t quantity_e6 = 0;
  std::int64_t invoiced_e6 = 0;
};
std::int64_t open_part(std::int64_t untaxed, std::int64_t total,
                       const std::vector<OpenLine>& lines);

// ---- pricing (pricing_*.cc) -------------------------------------------------------------------

// What a line asks for, before defaults: absent fields take the price list's price, the
// product's taxes and name.
struct LineRequest {
  inventory::ProductId product_id;
  Quantity quantity = Quantity::zero();
  std::optional<std::int64_t> unit_price_e6;
  std::string discount_percent;  // "" for none
  std::optional<std::vector<accounting::TaxId>> tax_ids;
  std::string description;
  bool optional = false;
  std::optional<std::map<std::string, std::string>> configuration;  // group → option
};

// A line with every default applied and checked.
struct PricedLine {
  inventory::Product product;
  std::string description;
  Quantity quantity = Quantity::zero();
  std::int64_t unit_price_e6 = 0;   // including the configuration's price extra
  std::int64_t price_extra_e6 = 0;  // the configuration's
  std::string discount_percent = "0";
  std::vector<accounting::TaxId> tax_ids;
  bool optional = false;
  std::optional<std::map<std::string, std::string>> configuration;
};

struct PriceAnswer {
  inventory::ProductId product_id;
  Currency currency = accounting::detail::placeholder_currency();
  std::optional<PricelistId> pricelist_id;
  std::optional<std::int64_t> item_id;
  std::int64_t unit_price_e6 = 0;
  std::int64_t list_price_e6 = 0;
  std::string discount_percent = "0";
  std::vector<accounting::TaxId> tax_ids;
};

// The price list a partner buys at in `currency` (its assignment when in that currency, else
// none). Errors: none beyond the database's.
Result<std::optional<PricelistId>> pricelist_for(db::Tx& tx, const Context& context,
                                                 partners::PartyId partner, Currency currency);
// The unit price of `product` for `quantity` on `date`: the best matching item of the price
// list (product items before category items, then the highest min_quantity), else the
// product's list price (company currency only). Errors: product_not_found, price_not_found.
Result<PriceAnswer> price_of(db::Tx& tx, const Context& context,
                             std::optional<PricelistId> pricelist, Currency currency,
                             const inventory::Product& product, Quantity quantity, Date date);
// Applies the defaults to a line and checks it; errors carry `field_prefix` ("lines/0/").
// Errors: product_not_found, product_template (a template is not sold; name a variant),
// quantity_invalid, unit_price_invalid, discount_invalid, tax_not_found, price_not_found,
// configuration_not_configurable, configuration_option_unknown, configuration_incompatible,
// configuration_incomplete.
Result<PricedLine> price_line(db::Tx& tx, const Context& context,
                              std::optional<PricelistId> pricelist, Currency currency, Date date,
                              const LineRequest& request, const std::string& field_prefix,
                              const inventory::Product* known = nullptr);
// `known`: the request's product, when the caller has read it already.
// Totals of priced lines (those not optional, or selected) exactly as receivables will invoice
// them. Returns the preview; line_untaxed is per given line.
Result<accounting::InvoicePreview> totals_of(db::Tx& tx, const Context& context,
                                             partners::PartyId partner, Currency currency,
                                             Date date, const std::vector<PricedLine>& lines);

// The quote routes (quotes_routes.cc), registered with the order routes.
void register_quote_routes(http::Router& router);

// ---- orders (orders_*.cc) ---------------------------------------------------------------------

struct OrderDraft {
  partners::PartyId partner_id;
  std::string currency;  // "" → the partner's price list's, else the company's
  std::optional<Date> date;
  std::optional<inventory::WarehouseId> warehouse_id;
  std::string invoice_policy = "ordered";
  bool allow_backorder = true;
  std::optional<QuoteId> quote_id;
  std::vector<LineRequest> lines;
  // POST /orders only: confirm in the same transaction (as POST /orders/{id}/confirm would,
  // with `override_credit`); when the confirmation is refused, no order is created.
  bool confirm = false;
  bool override_credit = false;
};

// Errors: the price_line errors on "lines/<i>/…", partner_not_found, currency_invalid,
// warehouse_not_found, invoice_policy_invalid, order_lines_missing, order_lines_too_many.
Result<Order> create_order(db::Tx& tx, const Context& context, const OrderDraft& draft);

struct OrderPatch {
  std::int64_t version = 0;
  std::optional<std::optional<Date>> date;
  std::optional<inventory::WarehouseId> warehouse_id;
  std::optional<std::string> invoice_policy;
  std::optional<bool> allow_backorder;
  std::optional<std::vector<LineRequest>> lines;
};
// Errors: order_not_found, order_state_invalid (not draft), version_conflict, and those of
// create_order for the fields given.
Result<Order> update_order(db::Tx& tx, const Context& context, OrderId id,
                           const OrderPatch& patch);

struct CreditState {
  Currency currency = accounting::detail::placeholder_currency();  // the company's
  Money balance = accounting::detail::placeholder_money();
  Money open_orders = accounting::detail::placeholder_money();
  Money this_order = accounting::detail::placeholder_money();
  std::optional<Money> limit;
  std::optional<Money> available;
  bool exceeded = false;
};
// The partner's receivable balance + its other confirmed orders' uninvoiced part + this order
// (when it is a draft) against its credit limit, all in the company currency.
// Errors: rate_not_found (a foreign order or limit without a rate).
Result<CreditState> credit_state(db::Tx& tx, const Context& context, const Order& order);

struct ConfirmOptions {
  bool override_credit = false;
  bool may_override = false;  // the caller holds sales.credit.override
};
// Errors: order_not_found, order_state_invalid, credit_limit_exceeded, permission_denied
// (override without the permission), stock_insufficient (allow_backorder false), and those of
// inventory (create_moves) and create_delivery. Holds the partner's credit lock from the
// check to the commit.
Result<Order> confirm_order(db::Tx& tx, const Context& context, OrderId id,
                            const ConfirmOptions& options);
// Errors: order_not_found, order_not_cancellable (done, cancelled, or something delivered or
// invoiced).
Result<Order> cancel_order(db::Tx& tx, const Context& context, OrderId id);

struct OrderQuery {
  std::string state;
  std::optional<partners::PartyId> partner_id;
  std::int64_t after_id = 0;  // cursor: orders with a smaller id (newest first)
  std::int64_t limit = 50;
};
struct OrderPage {
  std::vector<Order> items;
  std::optional<std::int64_t> next_cursor;
};
Result<OrderPage> list_orders(db::Tx& tx, const Context& context, const OrderQuery& query);

}  // namespace keel::sales::detail
