#pragma once

// The fulfilment part of sales (deliveries, invoicing from orders, returns, the customer 360):
// its types and services, shared by its sources and tests only. Every service takes the
// caller's transaction and never commits; one that returns an Error has written nothing the
// caller must keep. Every state change is audited.
//
// Locks, always in this order: the order row (lock_order: a conditional UPDATE, so it works
// on both engines), then the partner's credit lock (lock_partner_credit: when invoicing,
// shipping, returning or cancelling, as anything that changes the order's open credit), then
// the delivery or return row, then what inventory and receivables lock inside their own calls.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sales_internal.h"

namespace keel::sales::detail {

// Limits of the fulfilment part, enforced at input.
inline constexpr std::size_t kScanLinesCountMax = 500;        // scanned lines per pick request
inline constexpr std::size_t kScanCodeLengthMax = 128;        // a SKU or barcode
inline constexpr std::size_t kLotNameLengthMax = 128;
inline constexpr std::size_t kCarrierLengthMax = 100;
inline constexpr std::size_t kTrackingNumberLengthMax = 100;
inline constexpr std::int64_t kPackageCountMax = 10'000;
inline constexpr std::size_t kReturnLinesCountMax = 500;
inline constexpr std::size_t kReasonLengthMax = 2'000;
inline constexpr std::size_t kOverviewListMax = 10;  // rows of each list of the customer 360
inline constexpr std::size_t kOverviewTopProductsMax = 5;

// Today in UTC from the context's clock.
Date today(const Context& context);
// Takes the order's row lock (a version bump) so that commands on one order run one after
// another. Errors: order_not_found.
Result<void> lock_order(db::Tx& tx, const Context& context, OrderId order);
// Recomputes the order's delivery_status, invoice_status and state (confirmed → done when
// nothing is left to deliver or invoice) from its lines and deliveries.
Result<void> refresh_order_status(db::Tx& tx, const Context& context, OrderId order);
// What an order line may still be invoiced for: (ordered or delivered, by the order's
// policy) − returned − invoiced, never below zero.
Quantity billable_open(const Order& order, const OrderLine& line);
Result<void> audit_change(db::Tx& tx, const Context& context, std::string action,
                          std::string entity, std::int64_t id, nlohmann::json after);

// ---- deliveries ------------------------------------------------------------------------------

struct DeliveryPick {
  std::string lot;  // "" for untracked products
  Quantity quantity = Quantity::zero();
};

struct DeliveryLine {
  int line_no = 0;
  OrderLineId order_line_id;
  inventory::ProductId product_id;
  std::string sku;           // the product's, read with the delivery
  std::string product_name;  // the product's display name
  inventory::MoveId move_id;
  Quantity quantity = Quantity::zero();
  Quantity picked = Quantity::zero();
  Quantity shipped = Quantity::zero();
  std::optional<inventory::MoveId> done_move_id;
  std::vector<DeliveryPick> picks;
};

struct Delivery {
  DeliveryId id;
  OrderId order_id;
  partners::PartyId partner_id;
  std::string number;
  std::string state;  // ready | picked | packed | shipped | cancelled
  std::optional<DeliveryId> backorder_of;
  std::optional<DeliveryId> backorder_id;  // the delivery made for what this one left behind
  Date date = accounting::detail::placeholder_date();
  std::int64_t package_count = 0;
  Quantity weight = Quantity::zero();  // kilograms
  std::string carrier;
  std::string tracking_number;
  std::optional<Date> shipped_date;
  std::vector<DeliveryLine> lines;
  std::int64_t version = 1;
};

// Errors: delivery_not_found (not_found).
Result<Delivery> get_delivery(db::Tx& tx, const Context& context, DeliveryId id);

struct DeliveryQuery {
  std::optional<OrderId> order_id;
  std::string state;
  std::int64_t after_id = 0;
  std::int64_t limit = 50;
};
struct DeliveryPage {
  std::vector<Delivery> items;  // with lines
  std::optional<std::int64_t> next_cursor;
};
// Errors: delivery_state_invalid (an unknown state filter).
Result<DeliveryPage> list_deliveries(db::Tx& tx, const Context& context,
                                     const DeliveryQuery& query);

struct ScanLine {
  std::string code;  // SKU or barcode
  Quantity quantity = Quantity::zero();
  std::string lot;
};
// Adds scanned quantities to the delivery's lines (state ready or picked → picked). A code
// names a product by SKU or barcode; its quantity goes to the first line of that product
// with room left. Errors: delivery_not_found, delivery_state_invalid (conflict: packed,
// shipped or cancelled), delivery_scan_missing (no lines), delivery_code_unknown (no
// product has that code), delivery_product_not_in_delivery, delivery_quantity_invalid (not
// positive), delivery_quantity_exceeded (more than the line still needs).
Result<Delivery> pick_delivery(db::Tx& tx, const Context& context, DeliveryId id,
                               const std::vector<ScanLine>& scans);
// picked → packed. Errors: delivery_not_found, delivery_state_invalid,
// delivery_package_count_invalid (below 1), delivery_weight_invalid (negative).
Result<Delivery> pack_delivery(db::Tx& tx, const Context& context, DeliveryId id,
                               std::int64_t package_count, Quantity weight);
struct ShipInput {
  std::string carrier;
  std::string tracking_number;
  std::optional<Date> date;  // default today
};
// packed → shipped: completes each line's move for its picked quantity (stock leaves, the
// cost of goods is posted by inventory), adds the shipped quantities to the order lines,
// and leaves what was not picked in a backorder delivery (state ready) when the order allows
// backorders, else cancels those moves. Errors: delivery_not_found, delivery_state_invalid,
// delivery_carrier_missing, and complete_move's (lot_required, lot_not_found, lot_expired,
// stock_insufficient, period_closed, …).
Result<Delivery> ship_delivery(db::Tx& tx, const Context& context, DeliveryId id,
                               const ShipInput& input);
// Cancels a delivery that has not shipped (its moves are cancelled by whoever owns them).
Result<Delivery> cancel_delivery_row(db::Tx& tx, const Context& context, DeliveryId id);

// ---- invoicing from orders -------------------------------------------------------------------

// Creates and posts the customer invoice for what the order may still invoice (see
// billable_open), then takes the order's down payments not yet deducted off it (a credit note
// on the customer_advance account set off against the invoice). Errors: order_not_found,
// order_state_invalid (conflict: not confirmed or done), order_nothing_to_invoice
// (conflict), and create_invoice's / post_invoice's / offset_credit's.
struct OrderInvoiceResult {
  accounting::Invoice invoice;
  std::optional<accounting::Invoice> deduction;
};
Result<OrderInvoiceResult> invoice_order(db::Tx& tx, const Context& context, OrderId id,
                                         std::optional<Date> date);

struct DownPaymentInput {
  std::optional<std::string> percent;  // of the order total, "0".."100" exclusive of 0
  std::optional<std::string> amount;   // in the order currency
  std::optional<Date> date;
};
// Invoices and posts an advance on the order (one line on the customer_advance account, no
// tax). Errors: order_not_found, order_state_invalid, down_payment_input_invalid (neither or
// both of percent and amount), down_payment_percent_invalid, down_payment_amount_invalid
// (not positive, or with what was already asked over the order total), amount_*.
Result<accounting::Invoice> down_payment(db::Tx& tx, const Context& context, OrderId id,
                                         const DownPaymentInput& input);

// ---- returns ---------------------------------------------------------------------------------

struct ReturnLineInput {
  OrderLineId order_line_id;
  Quantity quantity = Quantity::zero();
  std::string disposition;  // stock | scrap
};
struct ReturnInput {
  OrderId order_id;
  std::vector<ReturnLineInput> lines;
  bool refund = true;
  std::optional<Date> date;
  std::string reason;
};
struct ReturnLine {
  int line_no = 0;
  OrderLineId order_line_id;
  inventory::ProductId product_id;
  Quantity quantity = Quantity::zero();
  Quantity refunded = Quantity::zero();
  std::string disposition;
  inventory::MoveId move_id;
};
struct Return {
  ReturnId id;
  OrderId order_id;
  partners::PartyId partner_id;
  std::string number;
  Date date = accounting::detail::placeholder_date();
  bool refund = true;
  std::optional<accounting::InvoiceId> credit_note_id;
  std::string reason;
  std::vector<ReturnLine> lines;
};
// Takes shipped goods back: one move per line from the customer location to the warehouse
// stock (at the cost they left with) or to the loss location, the order lines' returned
// quantities, and, with refund, a posted credit note for the part of the returned
// quantities that was invoiced beyond what the order may still bill. Errors:
// order_not_found, order_state_invalid (not confirmed or done), return_lines_missing,
// return_lines_too_many, return_line_not_found (not a line of the order),
// return_quantity_invalid (not positive), return_quantity_exceeded (over delivered −
// returned), return_disposition_invalid, return_line_duplicate, and inventory's /
// receivables' errors.
Result<Return> create_return(db::Tx& tx, const Context& context, const ReturnInput& input);
// Errors: return_not_found.
Result<Return> get_return(db::Tx& tx, const Context& context, ReturnId id);
struct ReturnPage {
  std::vector<Return> items;
  std::optional<std::int64_t> next_cursor;
};
Result<ReturnPage> list_returns(db::Tx& tx, const Context& context, std::optional<OrderId> order,
                                std::int64_t after_id, std::int64_t limit);

// ---- customer 360 ---------------------------------------------------------------------------

// Which parts of the customer 360 to read (each needs its own permission; see README.md).
struct OverviewParts {
  bool sales = true;
  bool receivables = true;
  bool payments = true;
  bool credit = true;
};
Result<nlohmann::json> overview(db::Tx& tx, const Context& context, partners::PartyId partner,
                                Date today, const OverviewParts& parts);

// ---- JSON -------------------------------------------------------------------------------------

nlohmann::json to_json(const Delivery& delivery);
nlohmann::json to_json(const Return& value);

}  // namespace keel::sales::detail
