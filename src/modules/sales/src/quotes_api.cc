// Quotes through the public API: what another module (CRM) may open and read.
#include "quotes_internal.h"

namespace keel::sales {
namespace {

QuoteSummary summary_of(const detail::Quote& quote) {
  return QuoteSummary{.id = quote.id,
                      .number = quote.number,
                      .partner_id = quote.partner_id,
                      .currency = quote.currency,
                      .state = quote.expired ? "expired" : quote.state,
                      .untaxed = quote.untaxed,
                      .total = quote.total,
                      .order_id = quote.order_id};
}

}  // namespace

Result<QuoteSummary> open_quote(db::Tx& tx, const Context& context, const QuoteRequest& request,
                                const std::vector<std::string>& roles) {
  detail::QuoteDraft draft;
  draft.partner_id = request.partner_id;
  draft.currency = request.currency;
  draft.valid_until = request.valid_until;
  for (const auto& line : request.lines) {
    detail::LineRequest wanted;
    wanted.product_id = line.product_id;
    wanted.quantity = line.quantity;
    wanted.discount_percent = line.discount_percent;
    draft.lines.push_back(std::move(wanted));
  }
  return summary_of(TRY(detail::create_quote(tx, context, draft, roles)));
}

Result<QuoteSummary> quote_summary(db::Tx& tx, const Context& context, QuoteId id) {
  return summary_of(TRY(detail::get_quote(tx, context, id)));
}

}  // namespace keel::sales
