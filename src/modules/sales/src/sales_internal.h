#pragma once

// What the parts of the sales module publish to each other (never to other modules).
#include <string>
#include <vector>

#include "keel/sales/sales_api.h"

namespace keel::sales::detail {

const db::MigrationSet& migrations();

// ---- orders part (orders_*.cc) ----
std::vector<http::PermissionSpec> order_permissions();
void register_order_routes(http::Router& router);
Result<void> seed_order_demo(db::Tx& tx, const Context& context, Date today);
Result<std::vector<std::string>> check_orders(db::Tx& tx);
// The next gap-free number of a document type ("SQ", "SO", "DO", "RT", "DP") in the year of
// `date` (the company's calendar): "SO/2026/00001". Takes the sequence row's lock.
Result<std::string> next_number(db::Tx& tx, const Context& context, std::string_view type,
                                Date date);

// Takes the partner's credit lock (a row of sales_credit_locks), after the order's lock and
// before any stock or ledger row: confirming an order (which checks the credit limit) and
// invoicing one (which moves its open amount into the receivable) hold it, so credit checks
// of one partner see its exposure whole and one at a time.
Result<void> lock_partner_credit(db::Tx& tx, const Context& context, partners::PartyId partner);
// Recomputes what the order adds to its customer's credit exposure (sales_orders.open_credit:
// its open part while confirmed, else 0) and adds the difference to the customer's
// open_orders. Called, under the customer's credit lock, by every command that changes the
// order's state or invoiced quantities.
Result<void> refresh_open_credit(db::Tx& tx, const Context& context, OrderId order);

// ---- fulfilment part (fulfilment_*.cc) ----
std::vector<http::PermissionSpec> fulfilment_permissions();
void register_fulfilment_routes(http::Router& router);
Result<void> seed_fulfilment_demo(db::Tx& tx, const Context& context, Date today);
Result<std::vector<std::string>> check_fulfilment(db::Tx& tx);
// Called by confirm_order once the order's outgoing moves exist (and are reserved as far as
// stock allows): creates the delivery (state ready) grouping those moves.
Result<DeliveryId> create_delivery(db::Tx& tx, const Context& context, const Order& order);
// Called by cancel_order: cancels the order's open deliveries (their moves are cancelled by
// the orders part, which owns them).
Result<void> cancel_deliveries(db::Tx& tx, const Context& context, OrderId order);

}  // namespace keel::sales::detail
