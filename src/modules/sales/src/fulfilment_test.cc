// Deliveries, invoicing from orders, down payments, returns, the customer 360 and the
// fulfilment checks through the services, on both engines.
#include "fulfilment_test_support.h"

namespace keel::sales {
namespace {

using test::day;
using test::qty;

class FulfilmentServiceTest : public test::FulfilmentTest {};

TEST_P(FulfilmentServiceTest, confirmation_makes_one_ready_delivery_of_the_open_moves) {
  const Order o = confirmed({{m_chair, "5", "100.00"}, {m_lamp, "2", "30.00"}});
  const auto d = ready_delivery(o.id);
  EXPECT_EQ(d.number, "DO/2026/00001");
  EXPECT_EQ(d.state, "ready");
  ASSERT_EQ(d.lines.size(), 2u);
  EXPECT_EQ(d.lines[0].sku, "CHAIR");
  EXPECT_EQ(d.lines[0].quantity, qty("5"));
  EXPECT_EQ(stock(m_chair).reserved, qty("5"));
}

TEST_P(FulfilmentServiceTest, partial_ship_moves_stock_posts_cost_and_leaves_a_backorder) {
  const Order o = confirmed({{m_chair, "5", "100.00"}, {m_lamp, "2", "30.00"}});
  const auto d = ready_delivery(o.id);
  // A barcode and a SKU, the chair in two scans.
  const auto shipped = ship_part(
      d.id, {{"4006381333931", qty("2"), ""}, {"CHAIR", qty("1"), ""}, {"LAMP", qty("2"), ""}});
  EXPECT_EQ(shipped.state, "shipped");
  EXPECT_EQ(shipped.carrier, "DHL");
  ASSERT_TRUE(shipped.backorder_id.has_value());
  EXPECT_EQ(shipped.lines[0].shipped, qty("3"));
  EXPECT_EQ(shipped.lines[1].shipped, qty("2"));

  const auto backorder = ready_delivery(o.id);
  EXPECT_EQ(backorder.id, *shipped.backorder_id);
  EXPECT_EQ(backorder.number, "DO/2026/00002");
  ASSERT_EQ(backorder.lines.size(), 1u);
  EXPECT_EQ(backorder.lines[0].product_id, m_chair);
  EXPECT_EQ(backorder.lines[0].quantity, qty("2"));

  const Order after = order(o.id);
  EXPECT_EQ(after.lines[0].delivered, qty("3"));
  EXPECT_EQ(after.lines[1].delivered, qty("2"));
  EXPECT_EQ(after.delivery_status, "partial");
  // 10 − 3 chairs on hand, 2 still reserved for the backorder; 8 lamps.
  EXPECT_EQ(stock(m_chair).on_hand, qty("7"));
  EXPECT_EQ(stock(m_chair).reserved, qty("2"));
  EXPECT_EQ(stock(m_lamp).on_hand, qty("8"));
  // Stock value: 7 × 40 + 8 × 10; cost of goods 3 × 40 + 2 × 10.
  EXPECT_EQ(balance_of_role(accounting::role::kInventory).to_string(), "360.00");
  EXPECT_EQ(balance_of_role(accounting::role::kCostOfGoods).to_string(), "140.00");

  // The backorder ships the rest: the order is fully delivered.
  ship_part(backorder.id, {{"CHAIR", qty("2"), ""}});
  EXPECT_EQ(order(o.id).delivery_status, "full");
  EXPECT_EQ(stock(m_chair).on_hand, qty("5"));
  EXPECT_EQ(stock(m_chair).reserved, qty("0"));
}

TEST_P(FulfilmentServiceTest, without_backorders_the_rest_is_released) {
  const Order o = confirmed({{m_chair, "5", "100.00"}}, "ordered", false);
  const auto d = ready_delivery(o.id);
  const auto shipped = ship_part(d.id, {{"CHAIR", qty("3"), ""}});
  EXPECT_FALSE(shipped.backorder_id.has_value());
  EXPECT_EQ(stock(m_chair).on_hand, qty("7"));
  EXPECT_EQ(stock(m_chair).reserved, qty("0"));
  EXPECT_EQ(order(o.id).delivery_status, "partial");
}

TEST_P(FulfilmentServiceTest, scanner_errors_name_the_problem_and_change_nothing) {
  const Order o = confirmed({{m_chair, "5", "100.00"}});
  const auto d = ready_delivery(o.id);
  const auto picks = count("sales_delivery_picks");
  const auto audits = count("audit_log");
  EXPECT_EQ(error_of(pick(d.id, {})), "delivery_scan_missing");
  EXPECT_EQ(error_of(pick(d.id, {{"NOPE-42", qty("1"), ""}})), "delivery_code_unknown");
  EXPECT_EQ(error_of(pick(d.id, {{"LAMP", qty("1"), ""}})), "delivery_product_not_in_delivery");
  EXPECT_EQ(error_of(pick(d.id, {{"CHAIR", qty("6"), ""}})), "delivery_quantity_exceeded");
  // The first scan fits, the second goes over: neither is kept.
  EXPECT_EQ(error_of(pick(d.id, {{"CHAIR", qty("4"), ""}, {"CHAIR", qty("2"), ""}})),
            "delivery_quantity_exceeded");
  EXPECT_EQ(error_of(pick(d.id, {{"CHAIR", qty("0"), ""}})), "delivery_quantity_invalid");
  EXPECT_EQ(error_of(pack(d.id)), "delivery_state_invalid");
  EXPECT_EQ(error_of(ship(d.id)), "delivery_state_invalid");
  EXPECT_EQ(error_of(pick(DeliveryId{999'999}, {{"CHAIR", qty("1"), ""}})), "delivery_not_found");
  EXPECT_EQ(count("sales_delivery_picks"), picks);
  EXPECT_EQ(count("audit_log"), audits);

  ASSERT_TRUE(pick(d.id, {{"CHAIR", qty("5"), ""}}).ok());
  EXPECT_EQ(error_of(pick(d.id, {{"CHAIR", qty("1"), ""}})), "delivery_quantity_exceeded");
  EXPECT_EQ(error_of(pack(d.id, 0)), "delivery_package_count_invalid");
  EXPECT_EQ(error_of(run([&](db::Tx& tx, const Context& c) {
              return detail::pack_delivery(tx, c, d.id, 1, qty("-1"));
            })),
            "delivery_weight_invalid");
  ASSERT_TRUE(pack(d.id).ok());
  EXPECT_EQ(error_of(pick(d.id, {{"CHAIR", qty("1"), ""}})), "delivery_state_invalid");
  EXPECT_EQ(error_of(ship(d.id, "")), "delivery_carrier_missing");
  EXPECT_EQ(stock(m_chair).on_hand, qty("10"));
  ASSERT_TRUE(ship(d.id).ok());
  EXPECT_EQ(error_of(ship(d.id)), "delivery_state_invalid");
}

TEST_P(FulfilmentServiceTest, another_companys_delivery_is_not_found) {
  const Order o = confirmed({{m_chair, "1", "100.00"}});
  const auto d = ready_delivery(o.id);
  auto read = run([&](db::Tx& tx, const Context& c) { return detail::get_delivery(tx, c, d.id); },
                  m_other_company);
  EXPECT_EQ(error_of(read), "delivery_not_found");
  auto picked = run(
      [&](db::Tx& tx, const Context& c) {
        return detail::pick_delivery(tx, c, d.id, {{"CHAIR", qty("1"), ""}});
      },
      m_other_company);
  EXPECT_EQ(error_of(picked), "delivery_not_found");
}

TEST_P(FulfilmentServiceTest, delivered_policy_invoices_what_shipped_once) {
  const Order o = confirmed({{m_chair, "5", "100.00"}}, "delivered");
  auto nothing = run([&](db::Tx& tx, const Context& c) {
    return detail::invoice_order(tx, c, o.id, std::nullopt);
  });
  EXPECT_EQ(error_of(nothing), "order_nothing_to_invoice");
  ship_part(ready_delivery(o.id).id, {{"CHAIR", qty("3"), ""}});
  auto invoiced = run([&](db::Tx& tx, const Context& c) {
    return detail::invoice_order(tx, c, o.id, day("2026-03-03"));
  });
  ASSERT_TRUE(invoiced.ok()) << error_of(invoiced);
  EXPECT_EQ(invoiced->invoice.total.to_string(), "300.00");
  EXPECT_EQ(invoiced->invoice.state, "posted");
  EXPECT_EQ(invoiced->invoice.origin, "sales.order:" + std::to_string(o.id.value()));
  EXPECT_FALSE(invoiced->deduction.has_value());
  const Order after = order(o.id);
  EXPECT_EQ(after.lines[0].invoiced, qty("3"));
  EXPECT_EQ(after.invoice_status, "invoiced");
  auto again = run([&](db::Tx& tx, const Context& c) {
    return detail::invoice_order(tx, c, o.id, std::nullopt);
  });
  EXPECT_EQ(error_of(again), "order_nothing_to_invoice");
  EXPECT_EQ(balance_of_role(accounting::role::kReceivable).to_string(), "300.00");
}

TEST_P(FulfilmentServiceTest, down_payment_is_deducted_from_the_final_invoice) {
  const Order o = confirmed({{m_chair, "5", "100.00"}});
  const auto dp = [&](std::optional<std::string> percent, std::optional<std::string> amount) {
    return run([&](db::Tx& tx, const Context& c) {
      return detail::down_payment(tx, c, o.id, {percent, amount, day("2026-03-01")});
    });
  };
  EXPECT_EQ(error_of(dp(std::nullopt, std::nullopt)), "down_payment_input_invalid");
  EXPECT_EQ(error_of(dp("10", "5.00")), "down_payment_input_invalid");
  EXPECT_EQ(error_of(dp("0", std::nullopt)), "down_payment_percent_invalid");
  EXPECT_EQ(error_of(dp("101", std::nullopt)), "down_payment_percent_invalid");
  EXPECT_EQ(error_of(dp(std::nullopt, "501.00")), "down_payment_amount_invalid");
  EXPECT_EQ(error_of(dp(std::nullopt, "-1.00")), "down_payment_amount_invalid");
  EXPECT_EQ(error_of(dp(std::nullopt, "1,00")), "amount_invalid");
  const auto advance = dp("20", std::nullopt);
  ASSERT_TRUE(advance.ok()) << error_of(advance);
  EXPECT_EQ(advance->total.to_string(), "100.00");
  EXPECT_EQ(balance_of_role(accounting::role::kCustomerAdvance).to_string(), "-100.00");
  EXPECT_EQ(error_of(dp(std::nullopt, "400.01")), "down_payment_amount_invalid");

  auto final_invoice = run([&](db::Tx& tx, const Context& c) {
    return detail::invoice_order(tx, c, o.id, day("2026-03-05"));
  });
  ASSERT_TRUE(final_invoice.ok()) << error_of(final_invoice);
  EXPECT_EQ(final_invoice->invoice.total.to_string(), "500.00");
  EXPECT_EQ(final_invoice->invoice.residual.to_string(), "400.00");
  ASSERT_TRUE(final_invoice->deduction.has_value());
  EXPECT_EQ(final_invoice->deduction->total.to_string(), "100.00");
  EXPECT_EQ(final_invoice->deduction->residual.to_string(), "0.00");
  // The advance is used up; the customer owes the down payment invoice and the rest.
  EXPECT_EQ(balance_of_role(accounting::role::kCustomerAdvance).to_string(), "0.00");
  EXPECT_EQ(balance_of_role(accounting::role::kReceivable).to_string(), "500.00");
  EXPECT_EQ(order(o.id).invoice_status, "invoiced");
}

TEST_P(FulfilmentServiceTest, return_to_stock_with_credit_note_and_its_errors) {
  const Order o = confirmed({{m_chair, "5", "100.00"}, {m_lamp, "2", "30.00"}}, "delivered");
  ship_part(ready_delivery(o.id).id, {{"CHAIR", qty("3"), ""}, {"LAMP", qty("2"), ""}});
  ASSERT_TRUE(run([&](db::Tx& tx, const Context& c) {
                return detail::invoice_order(tx, c, o.id, day("2026-03-03"));
              }).ok());
  const OrderLineId chair_line = order(o.id).lines[0].id;
  const OrderLineId lamp_line = order(o.id).lines[1].id;
  const auto make = [&](std::vector<detail::ReturnLineInput> lines, bool refund = true) {
    return run([&](db::Tx& tx, const Context& c) {
      detail::ReturnInput input;
      input.order_id = o.id;
      input.lines = lines;
      input.refund = refund;
      input.date = day("2026-03-10");
      return detail::create_return(tx, c, input);
    });
  };
  const auto returns = count("sales_returns");
  EXPECT_EQ(error_of(make({})), "return_lines_missing");
  EXPECT_EQ(error_of(make({{OrderLineId{999'999}, qty("1"), "stock"}})), "return_line_not_found");
  EXPECT_EQ(error_of(make({{chair_line, qty("4"), "stock"}})), "return_quantity_exceeded");
  EXPECT_EQ(error_of(make({{chair_line, qty("0"), "stock"}})), "return_quantity_invalid");
  EXPECT_EQ(error_of(make({{chair_line, qty("1"), "bin"}})), "return_disposition_invalid");
  EXPECT_EQ(error_of(make({{chair_line, qty("1"), "stock"}, {chair_line, qty("1"), "scrap"}})),
            "return_line_duplicate");
  EXPECT_EQ(count("sales_returns"), returns);

  const auto back = make({{chair_line, qty("1"), "stock"}, {lamp_line, qty("1"), "scrap"}});
  ASSERT_TRUE(back.ok()) << error_of(back) << " " << back.error().message();
  EXPECT_EQ(back->number, "RT/2026/00001");
  ASSERT_TRUE(back->credit_note_id.has_value());
  auto credit = run([&](db::Tx& tx, const Context& c) {
    return accounting::get_invoice(tx, c, *back->credit_note_id);
  });
  ASSERT_TRUE(credit.ok());
  EXPECT_EQ(credit->type, accounting::InvoiceType::out_refund);
  EXPECT_EQ(credit->total.to_string(), "130.00");
  // The chair is back at the cost it left with; the lamp went to scrap.
  EXPECT_EQ(stock(m_chair).on_hand, qty("8"));
  EXPECT_EQ(stock(m_lamp).on_hand, qty("8"));
  EXPECT_EQ(balance_of_role(accounting::role::kInventory).to_string(), "400.00");
  const Order after = order(o.id);
  EXPECT_EQ(after.lines[0].returned, qty("1"));
  EXPECT_EQ(after.lines[0].invoiced, qty("2"));
  EXPECT_EQ(balance_of_role(accounting::role::kReceivable).to_string(), "230.00");
  // Only what is still out can come back.
  EXPECT_EQ(error_of(make({{lamp_line, qty("2"), "stock"}})), "return_quantity_exceeded");
  // Without refund: goods back, no credit note.
  const auto no_refund = make({{chair_line, qty("1"), "stock"}}, false);
  ASSERT_TRUE(no_refund.ok());
  EXPECT_FALSE(no_refund->credit_note_id.has_value());
  EXPECT_EQ(no_refund->number, "RT/2026/00002");
}

TEST_P(FulfilmentServiceTest, check_finds_tampered_quantities_and_numbers) {
  const Order o = confirmed({{m_chair, "5", "100.00"}});
  ship_part(ready_delivery(o.id).id, {{"CHAIR", qty("2"), ""}});
  auto clean = database().read([](db::Tx& tx) { return detail::check_fulfilment(tx); });
  ASSERT_TRUE(clean.ok());
  EXPECT_TRUE(clean->empty());
  auto tampered = database().write([&](db::Tx& tx) -> Result<std::vector<std::string>> {
    TRY(tx.execute("UPDATE sales_order_lines SET quantity_delivered_e6 = 9000000, "
                   "quantity_returned_e6 = 9500000 WHERE order_id = $1",
                   {o.id.value()}));
    TRY(tx.execute("UPDATE sales_deliveries SET seq = 7 WHERE order_id = $1 AND seq = 2",
                   {o.id.value()}));
    auto breaches = TRY(detail::check_fulfilment(tx));
    return Error::conflict("rolled_back", std::to_string(breaches.size()) + "|" +
                                              (breaches.empty() ? "" : breaches.front()));
  });
  ASSERT_FALSE(tampered.ok());
  // Gap in DO numbers, number text ≠ seq, delivered ≠ shipped, delivered > ordered,
  // returned ≠ returns, returned > delivered.
  EXPECT_EQ(tampered.error().message().substr(0, 2), "6|");
}

TEST_P(FulfilmentServiceTest, customer_overview_shows_live_figures_and_leaves_out_parts) {
  const Order o = confirmed({{m_chair, "5", "100.00"}, {m_lamp, "2", "30.00"}});
  ship_part(ready_delivery(o.id).id, {{"CHAIR", qty("3"), ""}});
  ASSERT_TRUE(run([&](db::Tx& tx, const Context& c) {
                return detail::invoice_order(tx, c, o.id, day("2026-02-15"));
              }).ok());
  auto full = run([&](db::Tx& tx, const Context& c) {
    return partner_overview(tx, c, m_customer, day("2026-03-20"));
  });
  ASSERT_TRUE(full.ok()) << error_of(full);
  const auto& j = *full;
  EXPECT_EQ(j["partner"]["name"], "Acme Customer");
  EXPECT_EQ(j["sales"]["open_orders_count"], 1);
  EXPECT_EQ(j["sales"]["open_orders"][0]["delivery_status"], "partial");
  EXPECT_EQ(j["sales"]["open_orders"][0]["deliveries"].size(), 2u);
  EXPECT_EQ(j["sales"]["open_orders_uninvoiced"], "0.00");
  EXPECT_EQ(j["receivables"]["balance"], "560.00");
  EXPECT_EQ(j["receivables"]["overdue"], "560.00");  // due on its date, 2026-02-15
  EXPECT_EQ(j["receivables"]["recent_invoices"].size(), 1u);
  EXPECT_EQ(j["credit"]["limit"], nullptr);
  ASSERT_EQ(j["top_products"].size(), 2u);
  EXPECT_EQ(j["top_products"][0]["sku"], "CHAIR");
  EXPECT_EQ(j["top_products"][0]["revenue"], "500.00");
  EXPECT_EQ(j["top_products"][0]["available"], "5");

  auto partial = run([&](db::Tx& tx, const Context& c) {
    return detail::overview(tx, c, m_customer, day("2026-03-20"),
                            {true, false, false, false});
  });
  ASSERT_TRUE(partial.ok());
  EXPECT_TRUE(partial->contains("sales"));
  EXPECT_FALSE(partial->contains("receivables"));
  EXPECT_FALSE(partial->contains("credit"));

  auto other = run([&](db::Tx& tx, const Context& c) {
    return partner_overview(tx, c, m_customer, day("2026-03-20"));
  }, m_other_company);
  EXPECT_EQ(error_of(other), "partner_not_found");
}

KEEL_INSTANTIATE_ENGINES(FulfilmentServiceTest);

}  // namespace
}  // namespace keel::sales
