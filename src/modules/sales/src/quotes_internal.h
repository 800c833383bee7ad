#pragma once

// Quotes of the orders part: priced lines with optional ones, approval by discount, sending,
// acceptance into a sales order.
#include <string>
#include <vector>

#include "orders_internal.h"

namespace keel::sales::detail {

struct QuoteLine {
  std::int64_t id = 0;
  int line_no = 0;
  inventory::ProductId product_id;
  std::string description;
  Quantity quantity = Quantity::zero();
  std::int64_t unit_price_e6 = 0;
  std::int64_t price_extra_e6 = 0;
  std::string discount_percent = "0";
  std::vector<accounting::TaxId> tax_ids;
  bool optional = false;
  bool selected = true;
  std::optional<std::map<std::string, std::string>> configuration;
  Money subtotal = accounting::detail::placeholder_money();
};

struct Quote {
  QuoteId id;
  std::optional<std::string> number;
  partners::PartyId partner_id;
  Currency currency = accounting::detail::placeholder_currency();
  std::optional<PricelistId> pricelist_id;
  std::string state;  // draft | to_approve | approved | sent | accepted | rejected | cancelled
  // Past its valid_until while still open (draft … sent): shown as state "expired"; it can
  // still be rejected, cancelled or replaced (a new valid_until renews it), not sent,
  // approved or accepted (quote_expired).
  bool expired = false;
  Date date = accounting::detail::placeholder_date();
  std::optional<Date> valid_until;
  std::string max_discount_percent = "0";
  Money untaxed = accounting::detail::placeholder_money();
  Money tax = accounting::detail::placeholder_money();
  Money total = accounting::detail::placeholder_money();
  Money optional_untaxed = accounting::detail::placeholder_money();
  std::optional<UserId> approved_by;
  std::optional<OrderId> order_id;
  std::vector<QuoteLine> lines;
  std::int64_t version = 1;
};

struct QuoteDraft {
  partners::PartyId partner_id;
  std::string currency;
  std::optional<Date> date;
  std::optional<Date> valid_until;
  std::optional<PricelistId> pricelist_id;
  std::vector<LineRequest> lines;
};

// The totals a draft would have, nothing stored. Errors: those of create_quote.
struct QuotePreview {
  accounting::InvoicePreview counted;
  Money optional_untaxed = accounting::detail::placeholder_money();
  std::vector<PricedLine> lines;
  std::vector<Money> line_subtotals;
};
Result<QuotePreview> preview_quote(db::Tx& tx, const Context& context, const QuoteDraft& draft);

// `roles`: the author's, for the discount limit. A line discount above the author's maximum
// makes the quote to_approve. Errors: partner_not_found, currency_invalid, quote_lines_missing,
// quote_lines_too_many, valid_until_invalid, pricelist_not_found, and price_line's.
Result<Quote> create_quote(db::Tx& tx, const Context& context, const QuoteDraft& draft,
                           const std::vector<std::string>& roles);
// Replaces a quote not yet sent (draft, to_approve or approved) with `draft`, as
// create_quote would build it: an approval is cleared and the discount checked again.
// Errors: quote_not_found, quote_state_invalid (sent or later), version_conflict (`version` is
// not the stored one), and create_quote's.
Result<Quote> replace_quote(db::Tx& tx, const Context& context, QuoteId id,
                            std::int64_t version, const QuoteDraft& draft,
                            const std::vector<std::string>& roles);
// Errors: quote_not_found.
Result<Quote> get_quote(db::Tx& tx, const Context& context, QuoteId id);
struct QuoteQuery {
  std::string state;
  std::optional<partners::PartyId> partner_id;
  std::int64_t after_id = 0;
  std::int64_t limit = 50;
};
struct QuotePage {
  std::vector<Quote> items;
  std::optional<std::int64_t> next_cursor;
};
Result<QuotePage> list_quotes(db::Tx& tx, const Context& context, const QuoteQuery& query);
// to_approve → approved. Errors: quote_not_found, quote_state_invalid,
// quote_discount_not_covered (the approver's maximum is below the quote's discount).
Result<Quote> approve_quote(db::Tx& tx, const Context& context, QuoteId id,
                            const std::vector<std::string>& roles);
// draft | approved → sent, numbered SQ/YYYY/NNNNN. Errors: quote_not_found,
// quote_approval_required, quote_state_invalid.
Result<Quote> send_quote(db::Tx& tx, const Context& context, QuoteId id);
// sent → accepted with a draft order of the counted lines and the chosen optional ones
// (line numbers). Errors: quote_not_found, quote_approval_required, quote_state_invalid,
// quote_expired (after valid_until: the quote becomes expired), optional_line_invalid.
Result<Quote> accept_quote(db::Tx& tx, const Context& context, QuoteId id,
                           const std::vector<int>& optional_lines);
// sent → rejected; draft | to_approve | approved → cancelled. Errors: quote_not_found,
// quote_state_invalid.
Result<Quote> reject_quote(db::Tx& tx, const Context& context, QuoteId id);
Result<Quote> cancel_quote(db::Tx& tx, const Context& context, QuoteId id);

// Discount limits per role ("sales" → "10"). Defaults: admin 100, manager 30, sales 10.
Result<std::map<std::string, std::string>> discount_limits(db::Tx& tx, const Context& context);
// Errors: discount_invalid (on the role's field), role_invalid.
Result<std::map<std::string, std::string>> set_discount_limits(
    db::Tx& tx, const Context& context, const std::map<std::string, std::string>& limits);

}  // namespace keel::sales::detail
