// The orders part's services on both engines: pricing and totals, price lists with quantity
// breaks, every create error (nothing stored), confirmation (credit, reservation, numbering),
// cancellation, and concurrent confirmations that never oversell.
#include <atomic>
#include <thread>

#include "orders_test_support.h"

namespace keel::sales::test {
namespace {

using detail::ConfirmOptions;

class OrdersServiceTest : public OrdersTest {};

TEST_P(OrdersServiceTest, draft_takes_list_price_product_taxes_and_invoice_totals) {
  auto order = new_order(order_draft({line(m_chair, "3"), line(m_service, "1")}));
  KEEL_ASSERT_OK(order);
  EXPECT_EQ(order->state, OrderState::draft);
  EXPECT_FALSE(order->number.has_value());
  ASSERT_EQ(order->lines.size(), 2u);
  EXPECT_EQ(order->lines[0].unit_price.to_string(), "120.00");
  EXPECT_EQ(order->lines[0].subtotal.to_string(), "360.00");
  EXPECT_EQ(order->lines[0].description, "Oak chair");
  ASSERT_EQ(order->lines[0].taxes.size(), 1u);
  EXPECT_EQ(order->lines[0].taxes[0], m_vat);
  EXPECT_EQ(order->untaxed.to_string(), "390.00");
  EXPECT_EQ(order->tax.to_string(), "74.10");
  EXPECT_EQ(order->total.to_string(), "464.10");
}

TEST_P(OrdersServiceTest, price_list_quantity_break_and_category_discount) {
  auto list = run([&](db::Tx& tx, const Context& c) -> Result<detail::Pricelist> {
    detail::Pricelist draft;
    draft.name = "Wholesale";
    draft.currency = c.company_currency;
    detail::PricelistItem one;
    one.product_id = m_chair;
    one.min_quantity = qty("1");
    one.price = UnitPrice::parse("110", c.company_currency).value();
    detail::PricelistItem ten = one;
    ten.min_quantity = qty("10");
    ten.price = UnitPrice::parse("99", c.company_currency).value();
    detail::PricelistItem later = one;
    later.min_quantity = qty("20");
    later.price = UnitPrice::parse("80", c.company_currency).value();
    later.date_from = day("2026-06-01");
    draft.items = {one, ten, later};
    const auto created = TRY(detail::create_pricelist(tx, c, draft));
    TRY(detail::assign_pricelist(tx, c, m_customer, created.id));
    return created;
  });
  KEEL_ASSERT_OK(list);
  auto small = new_order(order_draft({line(m_chair, "2")}));
  auto big = new_order(order_draft({line(m_chair, "25")}));
  KEEL_ASSERT_OK(small);
  KEEL_ASSERT_OK(big);
  EXPECT_EQ(small->lines[0].unit_price.to_string(), "110.00");
  // 25 on 2026-03-02: the 20-break starts in June, so the 10-break applies.
  EXPECT_EQ(big->lines[0].unit_price.to_string(), "99.00");
  // A typed price wins over the list.
  auto typed_line = line(m_chair, "1");
  typed_line.unit_price_e6 = 77'000'000;
  auto typed = new_order(order_draft({typed_line}));
  KEEL_ASSERT_OK(typed);
  EXPECT_EQ(typed->lines[0].unit_price.to_string(), "77.00");
}

TEST_P(OrdersServiceTest, every_create_error_stores_nothing) {
  const auto expect_error = [&](detail::OrderDraft draft, const char* code, const char* field) {
    auto order = new_order(draft);
    ASSERT_FALSE(order.ok()) << code;
    EXPECT_EQ(order.error().code(), code);
    if (field[0] != 0) {
      ASSERT_FALSE(order.error().fields().empty()) << code;
      EXPECT_EQ(order.error().fields()[0].field, field);
    }
  };
  auto draft = order_draft({line(m_chair, "1")});
  draft.partner_id = m_other_party;  // another company's
  expect_error(draft, "partner_not_found", "partner_id");
  draft = order_draft({});
  expect_error(draft, "order_lines_missing", "lines");
  draft = order_draft({line(inventory::ProductId{999'999}, "1")});
  expect_error(draft, "product_not_found", "lines/0/product_id");
  draft = order_draft({line(m_chair, "1"), line(m_chair, "0")});
  expect_error(draft, "quantity_invalid", "lines/1/quantity");
  draft = order_draft({line(m_chair, "1")});
  draft.lines[0].discount_percent = "101";
  expect_error(draft, "discount_invalid", "lines/0/discount_percent");
  draft.lines[0].discount_percent = "";
  draft.lines[0].unit_price_e6 = -1;
  expect_error(draft, "unit_price_invalid", "lines/0/unit_price");
  draft = order_draft({line(m_chair, "1")});
  draft.lines[0].tax_ids = std::vector{accounting::TaxId{999'999}};
  expect_error(draft, "tax_not_found", "lines/0/tax_ids");
  draft = order_draft({line(m_chair, "1")});
  draft.invoice_policy = "whenever";
  expect_error(draft, "invoice_policy_invalid", "invoice_policy");
  draft = order_draft({line(m_chair, "1")});
  draft.warehouse_id = inventory::WarehouseId{999'999};
  expect_error(draft, "warehouse_not_found", "warehouse_id");
  draft = order_draft({line(m_chair, "1")});
  draft.currency = "XYZ";
  expect_error(draft, "currency_invalid", "currency");
  draft = order_draft({line(m_chair, "1")});
  draft.currency = "USD";  // no USD price list and the list price is in EUR
  expect_error(draft, "price_not_found", "lines/0/product_id");
  draft = order_draft({line(m_chair, "1")});
  draft.lines[0].configuration = std::map<std::string, std::string>{{"frame", "oak"}};
  expect_error(draft, "configuration_not_configurable", "lines/0/configuration");
  EXPECT_EQ(count("sales_orders"), 0);
  EXPECT_EQ(count("sales_order_lines"), 0);
}

TEST_P(OrdersServiceTest, configurator_prices_options_and_names_every_problem) {
  const nlohmann::json definition = {
      {"groups",
       {{{"code", "frame"},
         {"name", "Frame"},
         {"required", true},
         {"options",
          {{{"code", "oak"}, {"price_extra", "0"}}, {{"code", "steel"}, {"price_extra", "25"}}}}},
        {{"code", "finish"},
         {"required", false},
         {"options", {{{"code", "matte"}, {"price_extra", "10"}}}}}}},
      {"rules", {{{"kind", "excludes"}, {"option", "frame:steel"}, {"other", "finish:matte"}}}}};
  KEEL_ASSERT_OK(run([&](db::Tx& tx, const Context& c) {
    return detail::set_configurator(tx, c, m_chair, definition);
  }));
  const auto with = [&](std::map<std::string, std::string> chosen) {
    auto l = line(m_chair, "1");
    l.configuration = chosen;
    return new_order(order_draft({l}));
  };
  auto priced = with({{"frame", "steel"}});
  KEEL_ASSERT_OK(priced);
  EXPECT_EQ(priced->lines[0].unit_price.to_string(), "145.00");
  EXPECT_EQ(with({{"frame", "gold"}}).error().code(), "configuration_option_unknown");
  EXPECT_EQ(with({{"frame", "steel"}, {"finish", "matte"}}).error().code(),
            "configuration_incompatible");
  EXPECT_EQ(with({{"finish", "matte"}}).error().code(), "configuration_incomplete");
  // A configurable product without a configuration is incomplete too.
  EXPECT_EQ(new_order(order_draft({line(m_chair, "1")})).error().code(),
            "configuration_incomplete");
}

TEST_P(OrdersServiceTest, confirm_reserves_numbers_and_cancel_releases) {
  receive(m_chair, "10");
  auto draft = order_draft({line(m_chair, "4"), line(m_service, "1")});
  draft.allow_backorder = false;
  auto order = new_order(draft);
  KEEL_ASSERT_OK(order);
  auto confirmed = confirm(order->id);
  KEEL_ASSERT_OK(confirmed);
  EXPECT_EQ(confirmed->state, OrderState::confirmed);
  EXPECT_EQ(confirmed->number.value_or(""), "SO/2026/00001");
  EXPECT_EQ(confirmed->lines[0].reserved.to_string(), "4");
  EXPECT_TRUE(confirmed->lines[0].move_id.has_value());
  EXPECT_FALSE(confirmed->lines[1].move_id.has_value());  // a service has no move
  EXPECT_EQ(level(m_chair).reserved.to_string(), "4");
  EXPECT_EQ(level(m_chair).on_hand.to_string(), "10");
  // Confirming twice is refused.
  EXPECT_EQ(confirm(order->id).error().code(), "order_state_invalid");
  auto cancelled = run([&](db::Tx& tx, const Context& c) {
    return detail::cancel_order(tx, c, order->id);
  });
  KEEL_ASSERT_OK(cancelled);
  EXPECT_EQ(cancelled->state, OrderState::cancelled);
  EXPECT_EQ(level(m_chair).reserved.to_string(), "0");
  auto again = run([&](db::Tx& tx, const Context& c) {
    return detail::cancel_order(tx, c, order->id);
  });
  EXPECT_EQ(again.error().code(), "order_not_cancellable");
}

TEST_P(OrdersServiceTest, stock_insufficient_confirms_and_reserves_nothing) {
  receive(m_chair, "3");
  auto draft = order_draft({line(m_chair, "2"), line(m_chair, "2")});
  draft.allow_backorder = false;
  auto order = new_order(draft);
  KEEL_ASSERT_OK(order);
  auto refused = confirm(order->id);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code(), "stock_insufficient");
  EXPECT_EQ(level(m_chair).reserved.to_string(), "0");
  auto reread = run([&](db::Tx& tx, const Context& c) { return get_order(tx, c, order->id); });
  EXPECT_EQ(reread->state, OrderState::draft);
  EXPECT_FALSE(reread->number.has_value());
  // With backorders the same order reserves what there is.
  KEEL_ASSERT_OK(run([&](db::Tx& tx, const Context& c) {
    detail::OrderPatch patch;
    patch.version = reread->version;
    patch.allow_backorder = true;
    return detail::update_order(tx, c, order->id, patch);
  }));
  auto partial = confirm(order->id);
  KEEL_ASSERT_OK(partial);
  EXPECT_EQ(level(m_chair).reserved.to_string(), "3");
  EXPECT_EQ(partial->number.value_or(""), "SO/2026/00001");  // the refusal took no number
}

TEST_P(OrdersServiceTest, credit_limit_refuses_unless_overridden_by_a_permitted_user) {
  const auto limited = make_party(m_company, "Tight Credit", std::string("100.00"));
  receive(m_chair, "5");
  auto draft = order_draft({line(m_chair, "1")});  // 142.80 with VAT
  draft.partner_id = limited;
  auto order = new_order(draft);
  KEEL_ASSERT_OK(order);
  auto credit = run([&](db::Tx& tx, const Context& c) {
    return detail::credit_state(tx, c, *order);
  });
  KEEL_ASSERT_OK(credit);
  EXPECT_TRUE(credit->exceeded);
  EXPECT_EQ(credit->this_order.to_string(), "142.80");
  EXPECT_EQ(credit->available->to_string(), "-42.80");
  EXPECT_EQ(confirm(order->id).error().code(), "credit_limit_exceeded");
  EXPECT_EQ(confirm(order->id, {true, false}).error().code(), "permission_denied");
  EXPECT_EQ(level(m_chair).reserved.to_string(), "0");
  auto overridden = confirm(order->id, {true, true});
  KEEL_ASSERT_OK(overridden);
  EXPECT_TRUE(overridden->credit_override);
  auto audited = database().read([&](db::Tx& tx) {
    return tx.query_one("SELECT COUNT(*) FROM audit_log WHERE action = 'confirm_credit_override' "
                        "AND entity = 'sales.order'");
  });
  KEEL_ASSERT_OK(audited);
  EXPECT_EQ((*audited)->integer(0), 1);
  // The confirmed order now counts as open for the next one.
  auto next = new_order(draft);
  KEEL_ASSERT_OK(next);
  auto second = run([&](db::Tx& tx, const Context& c) {
    return detail::credit_state(tx, c, *next);
  });
  EXPECT_EQ(second->open_orders.to_string(), "142.80");
}

TEST_P(OrdersServiceTest, open_orders_are_kept_per_customer_and_older_orders_computed) {
  const auto customer = make_party(m_company, "Steady Buyer", std::string("10000.00"));
  receive(m_chair, "10");
  auto draft = order_draft({line(m_chair, "1")});  // 142.80 with VAT
  draft.partner_id = customer;
  auto a = new_order(draft);
  draft.lines = {line(m_chair, "2")};  // 285.60
  auto b = new_order(draft);
  draft.lines = {line(m_chair, "1")};
  auto c = new_order(draft);
  KEEL_ASSERT_OK(a);
  KEEL_ASSERT_OK(b);
  KEEL_ASSERT_OK(c);
  KEEL_ASSERT_OK(confirm(a->id));
  KEEL_ASSERT_OK(confirm(b->id));
  const auto open_for = [&](OrderId id) -> std::string {
    auto state = run([&](db::Tx& tx, const Context& ctx) -> Result<detail::CreditState> {
      const Order order = TRY(get_order(tx, ctx, id));
      return detail::credit_state(tx, ctx, order);
    });
    EXPECT_TRUE(state.ok());
    return state.ok() ? state->open_orders.to_string() : "?";
  };
  const auto customer_sum = [&]() -> std::int64_t {
    auto row = database().read([&](db::Tx& tx) {
      return tx.query_one("SELECT open_orders FROM sales_credit_locks WHERE partner_id = $1",
                          {customer.value()});
    });
    EXPECT_TRUE(row.ok() && row->has_value());
    return row.ok() && row->has_value() ? (*row)->integer(0) : -1;
  };
  // The draft sees both confirmed orders; each confirmed order sees only the other.
  EXPECT_EQ(open_for(c->id), "428.40");
  EXPECT_EQ(open_for(a->id), "285.60");
  EXPECT_EQ(open_for(b->id), "142.80");
  EXPECT_EQ(customer_sum(), 42840);
  // Cancelling takes the order out of the sum.
  KEEL_ASSERT_OK(run([&](db::Tx& tx, const Context& ctx) {
    return detail::cancel_order(tx, ctx, b->id);
  }));
  EXPECT_EQ(open_for(c->id), "142.80");
  EXPECT_EQ(customer_sum(), 14280);
  // An order confirmed before the sum was kept (open_credit NULL, not in the sum) is computed
  // from its lines when read, and joins the sum when a command next touches it.
  KEEL_ASSERT_OK(database().write([&](db::Tx& tx) -> Result<void> {
    TRY(tx.execute("UPDATE sales_orders SET open_credit = NULL WHERE id = $1", {a->id.value()}));
    TRY(tx.execute("UPDATE sales_credit_locks SET open_orders = 0 WHERE partner_id = $1",
                   {customer.value()}));
    return Ok{};
  }));
  EXPECT_EQ(open_for(c->id), "142.80");
  KEEL_ASSERT_OK(confirm(c->id));
  KEEL_ASSERT_OK(run([&](db::Tx& tx, const Context& ctx) {
    return detail::refresh_open_credit(tx, ctx, a->id);
  }));
  EXPECT_EQ(customer_sum(), 28560);
  draft.lines = {line(m_chair, "1")};
  auto d = new_order(draft);
  KEEL_ASSERT_OK(d);
  EXPECT_EQ(open_for(d->id), "285.60");
}

TEST_P(OrdersServiceTest, check_names_a_wrong_open_orders_sum) {
  receive(m_chair, "1");
  auto order = new_order(order_draft({line(m_chair, "1")}));
  KEEL_ASSERT_OK(order);
  KEEL_ASSERT_OK(confirm(order->id));
  const auto breaches = [&]() {
    auto found = database().read([](db::Tx& tx) { return sales::check(tx); });
    EXPECT_TRUE(found.ok());
    return found.ok() ? *found : std::vector<std::string>{};
  };
  EXPECT_TRUE(breaches().empty());
  KEEL_ASSERT_OK(database().write([&](db::Tx& tx) -> Result<void> {
    TRY(tx.execute("UPDATE sales_credit_locks SET open_orders = open_orders + 1"));
    return Ok{};
  }));
  auto found = breaches();
  ASSERT_EQ(found.size(), 1U);
  EXPECT_NE(found[0].find("open orders of partner"), std::string::npos) << found[0];
  KEEL_ASSERT_OK(database().write([&](db::Tx& tx) -> Result<void> {
    TRY(tx.execute("UPDATE sales_credit_locks SET open_orders = open_orders - 1"));
    TRY(tx.execute("UPDATE sales_orders SET open_credit = open_credit + 5 WHERE id = $1",
                   {order->id.value()}));
    TRY(tx.execute("UPDATE sales_credit_locks SET open_orders = open_orders + 5"));
    return Ok{};
  }));
  found = breaches();
  ASSERT_EQ(found.size(), 1U);
  EXPECT_NE(found[0].find("its lines say"), std::string::npos) << found[0];
  // Put back, so the fixture's own check passes.
  KEEL_ASSERT_OK(database().write([&](db::Tx& tx) -> Result<void> {
    TRY(tx.execute("UPDATE sales_orders SET open_credit = open_credit - 5 WHERE id = $1",
                   {order->id.value()}));
    TRY(tx.execute("UPDATE sales_credit_locks SET open_orders = open_orders - 5"));
    return Ok{};
  }));
}

TEST_P(OrdersServiceTest, another_company_sees_no_order) {
  receive(m_chair, "1");
  auto order = new_order(order_draft({line(m_chair, "1")}));
  KEEL_ASSERT_OK(order);
  auto foreign = run([&](db::Tx& tx, const Context& c) { return get_order(tx, c, order->id); },
                     m_other_company);
  EXPECT_EQ(foreign.error().code(), "order_not_found");
  auto confirm_foreign = run(
      [&](db::Tx& tx, const Context& c) {
        return detail::confirm_order(tx, c, order->id, {});
      },
      m_other_company);
  EXPECT_EQ(confirm_foreign.error().code(), "order_not_found");
}

// Twenty threads confirm one-unit orders for 8 units at once: exactly 8 are confirmed and
// reserved, the others get stock_insufficient, and on hand does not change.
TEST_P(OrdersServiceTest, concurrent_confirmations_never_oversell) {
  receive(m_chair, "8");
  std::vector<OrderId> orders;
  for (int i = 0; i < 20; ++i) {
    auto draft = order_draft({line(m_chair, "1")});
    draft.allow_backorder = false;
    auto order = new_order(draft);
    KEEL_ASSERT_OK(order);
    orders.push_back(order->id);
  }
  std::atomic<int> confirmed{0};
  std::atomic<int> refused{0};
  std::atomic<int> other{0};
  std::vector<std::thread> threads;
  for (const auto id : orders) {
    threads.emplace_back([&, id] {
      auto result = confirm(id);
      if (result.ok()) {
        ++confirmed;
      } else if (result.error().code() == "stock_insufficient") {
        ++refused;
      } else {
        ++other;
        ADD_FAILURE() << result.error().code() << ": " << result.error().message();
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(confirmed.load(), 8);
  EXPECT_EQ(refused.load(), 12);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(level(m_chair).reserved.to_string(), "8");
  EXPECT_EQ(level(m_chair).on_hand.to_string(), "8");
}

KEEL_INSTANTIATE_ENGINES(OrdersServiceTest);

}  // namespace
}  // namespace keel::sales::test
