// Quotes on both engines: optional lines apart from the totals, preview equal to the stored
// totals, approval by discount limit, numbering when sent, acceptance into a draft order with
// the chosen optional lines, and the errors of each step.
#include "orders_test_support.h"
#include "quotes_internal.h"

namespace keel::sales::test {
namespace {

class QuotesServiceTest : public OrdersTest {
 protected:
  detail::QuoteDraft quote_draft(std::vector<detail::LineRequest> lines) {
    detail::QuoteDraft draft;
    draft.partner_id = m_customer;
    draft.date = day("2026-03-01");
    draft.valid_until = day("2026-03-31");
    draft.lines = std::move(lines);
    return draft;
  }
  Result<detail::Quote> create(const detail::QuoteDraft& draft,
                               std::vector<std::string> roles = {"sales"}) {
    return run([&](db::Tx& tx, const Context& c) {
      return detail::create_quote(tx, c, draft, roles);
    });
  }
};

TEST_P(QuotesServiceTest, optional_lines_are_apart_and_preview_equals_stored_totals) {
  auto optional = line(m_service, "2");
  optional.optional = true;
  const auto draft = quote_draft({line(m_chair, "2"), optional});
  auto preview = run([&](db::Tx& tx, const Context& c) {
    return detail::preview_quote(tx, c, draft);
  });
  KEEL_ASSERT_OK(preview);
  EXPECT_EQ(preview->counted.untaxed.to_string(), "240.00");
  EXPECT_EQ(preview->counted.tax.to_string(), "45.60");
  EXPECT_EQ(preview->optional_untaxed.to_string(), "60.00");
  EXPECT_EQ(count("sales_quotes"), 0);
  auto quote = create(draft);
  KEEL_ASSERT_OK(quote);
  EXPECT_EQ(quote->state, "draft");
  EXPECT_EQ(quote->total.to_string(), preview->counted.total.to_string());
  EXPECT_EQ(quote->optional_untaxed.to_string(), "60.00");
  ASSERT_EQ(quote->lines.size(), 2u);
  EXPECT_TRUE(quote->lines[1].optional);
  EXPECT_FALSE(quote->lines[1].selected);
}

TEST_P(QuotesServiceTest, discount_over_the_authors_limit_needs_an_approver_who_covers_it) {
  auto discounted = line(m_chair, "1");
  discounted.discount_percent = "25";
  auto quote = create(quote_draft({discounted}));
  KEEL_ASSERT_OK(quote);
  EXPECT_EQ(quote->state, "to_approve");
  EXPECT_EQ(quote->max_discount_percent, "25");
  const auto act = [&](auto fn) {
    return run([&](db::Tx& tx, const Context& c) { return fn(tx, c); });
  };
  EXPECT_EQ(act([&](db::Tx& tx, const Context& c) { return detail::send_quote(tx, c, quote->id); })
                .error().code(), "quote_approval_required");
  EXPECT_EQ(act([&](db::Tx& tx, const Context& c) {
              return detail::approve_quote(tx, c, quote->id, {"sales"});
            }).error().code(), "quote_discount_not_covered");
  KEEL_ASSERT_OK(act([&](db::Tx& tx, const Context& c) {
    return detail::set_discount_limits(tx, c, {{"manager", "20"}});
  }));
  EXPECT_EQ(act([&](db::Tx& tx, const Context& c) {
              return detail::approve_quote(tx, c, quote->id, {"manager"});
            }).error().code(), "quote_discount_not_covered");
  auto approved = act([&](db::Tx& tx, const Context& c) {
    return detail::approve_quote(tx, c, quote->id, {"admin"});
  });
  KEEL_ASSERT_OK(approved);
  EXPECT_EQ(approved->state, "approved");
  auto sent = act([&](db::Tx& tx, const Context& c) { return detail::send_quote(tx, c, quote->id); });
  KEEL_ASSERT_OK(sent);
  EXPECT_EQ(sent->number.value_or(""), "SQ/2026/00001");
  EXPECT_EQ(act([&](db::Tx& tx, const Context& c) {
              return detail::set_discount_limits(tx, c, {{"sales", "101"}});
            }).error().code(), "discount_invalid");
}

TEST_P(QuotesServiceTest, a_quote_is_replaced_until_sent_and_its_approval_does_not_survive) {
  auto quote = create(quote_draft({line(m_chair, "1")}));
  KEEL_ASSERT_OK(quote);
  EXPECT_EQ(quote->state, "draft");
  const auto replace = [&](std::int64_t version, const detail::QuoteDraft& draft) {
    return run([&](db::Tx& tx, const Context& c) {
      return detail::replace_quote(tx, c, quote->id, version, draft, {"sales"});
    });
  };
  // More chairs at 25 % off: over the author's limit, so it waits for an approver again.
  auto discounted = line(m_chair, "3");
  discounted.discount_percent = "25";
  auto replaced = replace(quote->version, quote_draft({discounted, line(m_service, "1")}));
  KEEL_ASSERT_OK(replaced);
  EXPECT_EQ(replaced->state, "to_approve");
  EXPECT_EQ(replaced->version, quote->version + 1);
  ASSERT_EQ(replaced->lines.size(), 2u);
  EXPECT_EQ(replaced->lines[0].quantity.to_string(), "3");
  auto preview = run([&](db::Tx& tx, const Context& c) {
    return detail::preview_quote(tx, c, quote_draft({discounted, line(m_service, "1")}));
  });
  KEEL_ASSERT_OK(preview);
  EXPECT_EQ(replaced->total.to_string(), preview->counted.total.to_string());
  // A stale version changes nothing.
  const auto stale = replace(quote->version, quote_draft({line(m_chair, "9")}));
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code(), "version_conflict");
  // Approved, then changed: the approval is gone and the quote cannot be sent as it is.
  auto approved = run([&](db::Tx& tx, const Context& c) {
    return detail::approve_quote(tx, c, quote->id, {"admin"});
  });
  KEEL_ASSERT_OK(approved);
  auto changed = replace(approved->version, quote_draft({discounted}));
  KEEL_ASSERT_OK(changed);
  EXPECT_EQ(changed->state, "to_approve");
  EXPECT_EQ(run([&](db::Tx& tx, const Context& c) { return detail::send_quote(tx, c, quote->id); })
                .error().code(),
            "quote_approval_required");
  // Once sent, it is what the customer has: no more changes.
  auto plain = replace(changed->version, quote_draft({line(m_chair, "2")}));
  KEEL_ASSERT_OK(plain);
  EXPECT_EQ(plain->state, "draft");
  KEEL_ASSERT_OK(
      run([&](db::Tx& tx, const Context& c) { return detail::send_quote(tx, c, quote->id); }));
  const auto late = replace(plain->version + 1, quote_draft({line(m_chair, "5")}));
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.error().code(), "quote_state_invalid");
}

TEST_P(QuotesServiceTest, accept_makes_a_draft_order_with_the_chosen_optional_lines) {
  auto optional = line(m_service, "1");
  optional.optional = true;
  auto unchosen = line(m_service, "3");
  unchosen.optional = true;
  auto quote = create(quote_draft({line(m_chair, "2"), optional, unchosen}));
  KEEL_ASSERT_OK(quote);
  const auto act = [&](auto fn) {
    return run([&](db::Tx& tx, const Context& c) { return fn(tx, c); });
  };
  EXPECT_EQ(act([&](db::Tx& tx, const Context& c) {
              return detail::accept_quote(tx, c, quote->id, {});
            }).error().code(), "quote_state_invalid");
  KEEL_ASSERT_OK(act([&](db::Tx& tx, const Context& c) { return detail::send_quote(tx, c, quote->id); }));
  EXPECT_EQ(act([&](db::Tx& tx, const Context& c) {
              return detail::accept_quote(tx, c, quote->id, {1});
            }).error().code(), "optional_line_invalid");
  EXPECT_EQ(count("sales_orders"), 0);
  auto accepted = act([&](db::Tx& tx, const Context& c) {
    return detail::accept_quote(tx, c, quote->id, {2});
  });
  KEEL_ASSERT_OK(accepted);
  EXPECT_EQ(accepted->state, "accepted");
  ASSERT_TRUE(accepted->order_id.has_value());
  auto order = run([&](db::Tx& tx, const Context& c) { return get_order(tx, c, *accepted->order_id); });
  KEEL_ASSERT_OK(order);
  EXPECT_EQ(order->state, OrderState::draft);
  ASSERT_EQ(order->lines.size(), 2u);
  EXPECT_EQ(order->untaxed.to_string(), "270.00");
  EXPECT_EQ(order->quote_id, quote->id);
  EXPECT_EQ(act([&](db::Tx& tx, const Context& c) { return detail::reject_quote(tx, c, quote->id); })
                .error().code(), "quote_state_invalid");
}

TEST_P(QuotesServiceTest, create_errors_store_nothing) {
  auto draft = quote_draft({});
  EXPECT_EQ(create(draft).error().code(), "quote_lines_missing");
  draft = quote_draft({line(m_chair, "1")});
  draft.valid_until = day("2026-02-01");
  EXPECT_EQ(create(draft).error().code(), "valid_until_invalid");
  draft = quote_draft({line(m_chair, "1")});
  draft.pricelist_id = PricelistId{999'999};
  EXPECT_EQ(create(draft).error().code(), "pricelist_not_found");
  draft = quote_draft({line(m_chair, "-1")});
  EXPECT_EQ(create(draft).error().code(), "quantity_invalid");
  draft = quote_draft({line(m_chair, "1")});
  draft.partner_id = m_other_party;
  EXPECT_EQ(create(draft).error().code(), "partner_not_found");
  auto missing = run([&](db::Tx& tx, const Context& c) {
    return detail::get_quote(tx, c, QuoteId{999'999});
  });
  EXPECT_EQ(missing.error().code(), "quote_not_found");
  EXPECT_EQ(count("sales_quotes"), 0);
}

TEST_P(QuotesServiceTest, a_quote_past_its_validity_expires) {
  auto draft = quote_draft({line(m_chair, "1")});
  draft.valid_until = day("2026-03-01");
  auto quote = create(draft);
  auto unsent = create(draft);
  KEEL_ASSERT_OK(quote);
  KEEL_ASSERT_OK(unsent);
  KEEL_ASSERT_OK(run([&](db::Tx& tx, const Context& c) { return detail::send_quote(tx, c, quote->id); }));
  const auto listed = [&](const char* state) {
    auto page = run([&](db::Tx& tx, const Context& c) {
      detail::QuoteQuery query;
      query.state = state;
      return detail::list_quotes(tx, c, query);
    });
    EXPECT_TRUE(page.ok());
    return page.ok() ? page->items.size() : 99U;
  };
  EXPECT_EQ(listed("sent"), 1U);
  EXPECT_EQ(listed("expired"), 0U);
  m_clock->advance(std::chrono::hours(48));
  // Read as expired, listed under "expired" and no longer under its stored state.
  auto read = run([&](db::Tx& tx, const Context& c) { return detail::get_quote(tx, c, quote->id); });
  KEEL_ASSERT_OK(read);
  EXPECT_TRUE(read->expired);
  EXPECT_EQ(listed("expired"), 2U);
  EXPECT_EQ(listed("sent"), 0U);
  EXPECT_EQ(listed("draft"), 0U);
  auto accepted = run([&](db::Tx& tx, const Context& c) {
    return detail::accept_quote(tx, c, quote->id, {});
  });
  EXPECT_EQ(accepted.error().code(), "quote_expired");
  auto sent = run([&](db::Tx& tx, const Context& c) {
    return detail::send_quote(tx, c, unsent->id);
  });
  EXPECT_EQ(sent.error().code(), "quote_expired");
  // It can still be answered: the customer's no is recorded, the unsent one withdrawn.
  auto rejected = run([&](db::Tx& tx, const Context& c) {
    return detail::reject_quote(tx, c, quote->id);
  });
  KEEL_ASSERT_OK(rejected);
  EXPECT_EQ(rejected->state, "rejected");
  EXPECT_FALSE(rejected->expired);
  auto cancelled = run([&](db::Tx& tx, const Context& c) {
    return detail::cancel_quote(tx, c, unsent->id);
  });
  KEEL_ASSERT_OK(cancelled);
  EXPECT_EQ(listed("expired"), 0U);
}

KEEL_INSTANTIATE_ENGINES(QuotesServiceTest);

}  // namespace
}  // namespace keel::sales::test
