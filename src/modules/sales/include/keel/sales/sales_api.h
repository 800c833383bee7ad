#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "keel/accounting/accounting_api.h"
#include "keel/accounting/receivables_api.h"
#include "keel/core/date.h"
#include "keel/core/ids.h"
#include "keel/core/money.h"
#include "keel/core/quantity.h"
#include "keel/core/result.h"
#include "keel/core/unit_price.h"
#include "keel/db/db.h"
#include "keel/db/migrations.h"
#include "keel/http/router.h"
#include "keel/inventory/inventory_api.h"
#include "keel/partners/partners_api.h"

// Sales: price lists, quotes (with configurable products), sales orders (credit check,
// available-to-promise, reservation), deliveries (pick, pack, ship), invoicing from orders,
// returns, and the customer 360 overview. Sales moves stock only through inventory's public
// API and posts to the books only through receivables (invoices, credit notes) — inventory
// posts the cost of goods when a delivery's moves are completed.
//
// Every function takes the caller's transaction and never commits; one that returns an Error
// has written nothing the caller must keep. Ids of another company are reported as not found.
// Numbers are gap-free per document type and year (SQ/2026/00001, SO/…, DO/…, RT/…).
namespace keel::sales {

using Context = accounting::Context;
using PricelistId = Id<struct PricelistTag>;
using QuoteId = Id<struct QuoteTag>;
using OrderId = Id<struct OrderTag>;
using OrderLineId = Id<struct OrderLineTag>;
using DeliveryId = Id<struct DeliveryTag>;
using ReturnId = Id<struct ReturnTag>;

// ---- orders ------------------------------------------------------------------------------------

enum class OrderState { draft, confirmed, done, cancelled };
enum class InvoicePolicy { ordered, delivered };

struct OrderLine {
  OrderLineId id;
  int line_no = 0;
  inventory::ProductId product_id;
  std::string description;
  Quantity quantity = Quantity::zero();
  Quantity reserved = Quantity::zero();    // from the line's open move(s)
  Quantity delivered = Quantity::zero();
  Quantity invoiced = Quantity::zero();
  Quantity returned = Quantity::zero();
  UnitPrice unit_price = accounting::detail::placeholder_price();
  std::string discount_percent;  // decimal text, "0".."100"
  std::vector<accounting::TaxId> taxes;
  Money subtotal = accounting::detail::placeholder_money();  // untaxed, after discount
  std::optional<inventory::MoveId> move_id;  // the open outgoing move (stockable products)
};

struct Order {
  OrderId id;
  std::optional<std::string> number;  // set at confirmation
  partners::PartyId partner_id;
  Currency currency = accounting::detail::placeholder_currency();
  OrderState state = OrderState::draft;
  std::optional<QuoteId> quote_id;
  inventory::WarehouseId warehouse_id;
  Date date = accounting::detail::placeholder_date();
  InvoicePolicy invoice_policy = InvoicePolicy::ordered;
  bool allow_backorder = true;
  bool credit_override = false;  // confirmed over the credit limit by a user allowed to
  std::string delivery_status;   // nothing | partial | full
  std::string invoice_status;    // nothing | to_invoice | partial | invoiced
  Money untaxed = accounting::detail::placeholder_money();
  Money tax = accounting::detail::placeholder_money();
  Money total = accounting::detail::placeholder_money();
  std::vector<OrderLine> lines;
  std::int64_t version = 1;
};

// Errors: order_not_found (not_found).
Result<Order> get_order(db::Tx& tx, const Context& context, OrderId id);

// ---- quotes for other modules -----------------------------------------------------------------

// A quote as another module sees it (CRM links one to an opportunity).
struct QuoteSummary {
  QuoteId id;
  std::optional<std::string> number;
  partners::PartyId partner_id;
  Currency currency = accounting::detail::placeholder_currency();
  // draft | to_approve | approved | sent | accepted | rejected | cancelled | expired
  std::string state;
  Money untaxed = accounting::detail::placeholder_money();
  Money total = accounting::detail::placeholder_money();
  std::optional<OrderId> order_id;  // set once accepted
};

struct QuoteRequestLine {
  inventory::ProductId product_id;
  Quantity quantity = Quantity::zero();
  std::string discount_percent;  // decimal text, "" for none
};

// What another module asks a quote for: prices, taxes and descriptions come from the
// partner's price list and the products, as for a quote made in sales.
struct QuoteRequest {
  partners::PartyId partner_id;
  std::string currency;  // ISO 4217; empty for the company currency
  std::optional<Date> valid_until;
  std::vector<QuoteRequestLine> lines;
};

// Creates a draft quote (to_approve when a discount is above what `roles` may give), audited
// as sales.quote create. Errors: those of POST /api/v1/sales/quotes (partner_not_found,
// currency_invalid, quote_lines_missing, quote_lines_too_many, valid_until_invalid,
// product_not_found, quantity_invalid, discount_invalid, ...).
Result<QuoteSummary> open_quote(db::Tx& tx, const Context& context, const QuoteRequest& request,
                                const std::vector<std::string>& roles);

// Errors: quote_not_found.
Result<QuoteSummary> quote_summary(db::Tx& tx, const Context& context, QuoteId id);

// ---- customer 360 ------------------------------------------------------------------------------

// Everything a sales rep or an agent needs about a customer, from live rows, in one read:
// open quotes and orders with delivery status, recent invoices and payments, receivable
// balance, overdue amount, credit limit and credit available, average days to pay, top
// products bought with their available stock. Served at GET /api/v1/partners/{id}/overview.
// Returned as JSON (the shape is documented in README.md, "Customer 360").
Result<nlohmann::json> partner_overview(db::Tx& tx, const Context& context,
                                        partners::PartyId partner, Date today);

// ---- module wiring -----------------------------------------------------------------------------

const db::MigrationSet& migrations();
std::vector<http::PermissionSpec> permissions();
void register_routes(http::Router& router);

// Invariants `keel check` proves, one line per breach: document numbers gap-free per type and
// year; each confirmed order line's delivered ≤ quantity + returned bounds hold; each open
// order line's move reservation matches its line.
Result<std::vector<std::string>> check(db::Tx& tx);
inline constexpr int kCheckedInvariantsCount = 2;

// Demo data: a price list, quotes and orders in every state for the demo customers.
Result<void> seed_demo(db::Tx& tx, const Context& context, Date today);

}  // namespace keel::sales
