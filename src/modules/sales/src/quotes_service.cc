// Quotes: priced lines (optional ones apart), approval when a discount passes the author's
// limit, sending with a number, acceptance into a draft sales order.
#include <algorithm>

#include "keel/core/clock.h"
#include "keel/core/decimal.h"
#include "keel/core/limits.h"
#include "pricing_internal.h"
#include "quotes_internal.h"

namespace keel::sales::detail {
namespace {

using decimal::Int128;

Int128 percent_value(const std::string& text) {
  auto parsed = decimal::parse_fixed(text.empty() ? "0" : text, 6, "percent");
  return parsed.ok() ? *parsed : Int128{0};
}

const std::map<std::string, std::string>& default_limits() {
  static const std::map<std::string, std::string> limits = {
      {"admin", "100"}, {"manager", "30"}, {"sales", "10"}};
  return limits;
}

Result<Int128> max_discount_of(db::Tx& tx, const Context& context,
                               const std::vector<std::string>& roles) {
  const auto limits = TRY(discount_limits(tx, context));
  Int128 best = 0;
  for (const auto& role : roles) {
    if (const auto it = limits.find(role); it != limits.end()) {
      best = std::max(best, percent_value(it->second));
    }
  }
  return best;
}

Date today_of(const Context& context) {
  return Date::parse(format_instant(context.clock->now()).substr(0, 10)).value();
}

constexpr std::string_view kQuoteColumns =
    "id, number, partner_id, currency, pricelist_id, state, date, valid_until, "
    "max_discount_percent, untaxed, tax, total, optional_untaxed, approved_by, order_id, version";

// The states in which a quote is open, and SQL saying whether one read from sales_quotes is
// open and past its validity on the date bound at `$k`.
constexpr std::string_view kOpenQuoteStates = "('draft', 'to_approve', 'approved', 'sent')";
std::string expired_sql(int k) {
  return "(state IN " + std::string(kOpenQuoteStates) + " AND valid_until IS NOT NULL AND " +
         "valid_until < $" + std::to_string(k) + ")";
}

Result<Quote> quote_from_row(const db::Row& row, Date today) {
  Quote q;
  q.id = QuoteId{row.integer(0)};
  q.number = row.optional_text(1);
  q.partner_id = partners::PartyId{row.integer(2)};
  q.currency = TRY(Currency::from_code(row.text(3)));
  if (const auto p = row.optional_integer(4)) q.pricelist_id = PricelistId{*p};
  q.state = row.text(5);
  q.date = TRY(Date::parse(row.text(6)));
  if (const auto v = row.optional_text(7)) q.valid_until = TRY(Date::parse(*v));
  q.max_discount_percent = row.text(8);
  q.untaxed = TRY(Money::from_minor_units(row.integer(9), q.currency));
  q.tax = TRY(Money::from_minor_units(row.integer(10), q.currency));
  q.total = TRY(Money::from_minor_units(row.integer(11), q.currency));
  q.optional_untaxed = TRY(Money::from_minor_units(row.integer(12), q.currency));
  if (const auto a = row.optional_integer(13)) q.approved_by = UserId{*a};
  if (const auto o = row.optional_integer(14)) q.order_id = OrderId{*o};
  q.version = row.integer(15);
  q.expired = (q.state == "draft" || q.state == "to_approve" || q.state == "approved" ||
               q.state == "sent") &&
              q.valid_until && *q.valid_until < today;
  return q;
}

Error expired_error(const Quote& quote) {
  return Error::conflict("quote_expired",
                         "the quote was valid until " + quote.valid_until->to_string());
}

// Moves a quote from one of `from` to `to` by a conditional UPDATE (the quote's row lock).
Result<Quote> transition(db::Tx& tx, const Context& context, QuoteId id,
                         std::vector<std::string> from, const std::string& to,
                         std::string extra_sql = {}, std::vector<db::Value> extra = {}) {
  const Quote quote = TRY(get_quote(tx, context, id));
  if (std::find(from.begin(), from.end(), quote.state) == from.end()) {
    if (quote.state == "to_approve") {
      return Error::conflict("quote_approval_required", "the quote waits for approval");
    }
    return Error::conflict("quote_state_invalid", "the quote is " + quote.state);
  }
  std::vector<db::Value> params = {to, now_text(context), id.value(),
                                   context.company_id.value(), quote.version};
  for (auto& v : extra) params.push_back(std::move(v));
  const auto changed = TRY(tx.execute(
      "UPDATE sales_quotes SET state = $1, updated_at = $2, version = version + 1" + extra_sql +
          " WHERE id = $3 AND company_id = $4 AND version = $5",
      params));
  if (changed != 1) return Error::conflict("version_conflict", "the quote was changed meanwhile");
  TRY(record_change(tx, context, to == "sent" ? "send" : to, "sales.quote", id.value(),
                    {{"state", to}}));
  return get_quote(tx, context, id);
}

}  // namespace

Result<std::map<std::string, std::string>> discount_limits(db::Tx& tx, const Context& context) {
  auto limits = default_limits();
  for (const auto& row : TRY(tx.query(
           "SELECT role, max_discount_percent FROM sales_discount_limits WHERE company_id = $1",
           {context.company_id.value()}))) {
    limits[row.text(0)] = row.text(1);
  }
  return limits;
}

Result<std::map<std::string, std::string>> set_discount_limits(
    db::Tx& tx, const Context& context, const std::map<std::string, std::string>& limits) {
  for (const auto& [role, percent] : limits) {
    if (role.empty() || role.size() > kCodeLengthMax) {
      return Error::validation("role_invalid", "a role code", "max_discount_percent/" + role);
    }
    auto parsed = decimal::parse_fixed(percent, 6, "percent");
    if (!parsed.ok() || *parsed < 0 || *parsed > Int128{100'000'000}) {
      return Error::validation("discount_invalid", "a percentage from 0 to 100",
                               "max_discount_percent/" + role);
    }
  }
  for (const auto& [role, percent] : limits) {
    TRY(tx.execute("DELETE FROM sales_discount_limits WHERE company_id = $1 AND role = $2",
                   {context.company_id.value(), role}));
    TRY(tx.execute(
        "INSERT INTO sales_discount_limits (company_id, role, max_discount_percent) "
        "VALUES ($1, $2, $3)",
        {context.company_id.value(), role, percent}));
  }
  nlohmann::json after = limits;
  TRY(record_change(tx, context, "update", "sales.settings", context.company_id.value(), after));
  return discount_limits(tx, context);
}

Result<QuotePreview> preview_quote(db::Tx& tx, const Context& context, const QuoteDraft& draft) {
  auto party = partners::get_party(tx, partners::Caller::system(context.company_id),
                                   draft.partner_id);
  if (!party.ok()) return Error::validation("partner_not_found", "no such partner", "partner_id");
  Currency currency = context.company_currency;
  if (!draft.currency.empty()) {
    auto parsed = Currency::from_code(draft.currency);
    if (!parsed.ok()) return Error::validation("currency_invalid", "unknown currency", "currency");
    currency = *parsed;
  }
  if (draft.lines.size() > kDocumentLinesMax) {
    return Error::validation("quote_lines_too_many", "at most 500 lines", "lines");
  }
  const Date date = draft.date.value_or(today_of(context));
  std::optional<PricelistId> pricelist = draft.pricelist_id;
  if (pricelist) {
    auto list = get_pricelist(tx, context, *pricelist);
    if (!list.ok()) {
      return Error::validation("pricelist_not_found", "no such price list", "pricelist_id");
    }
    if (!(list->currency == currency)) {
      return Error::validation("pricelist_currency_mismatch", "the price list is in " +
                               std::string(list->currency.code()), "pricelist_id");
    }
  } else {
    pricelist = TRY(pricelist_for(tx, context, draft.partner_id, currency));
  }
  QuotePreview preview;
  for (std::size_t i = 0; i < draft.lines.size(); ++i) {
    preview.lines.push_back(TRY(price_line(tx, context, pricelist, currency, date, draft.lines[i],
                                           "lines/" + std::to_string(i) + "/")));
  }
  // Every line priced (errors name the line), then the counted ones totalled.
  const auto all = TRY(totals_of(tx, context, draft.partner_id, currency, date, preview.lines));
  preview.line_subtotals = all.line_untaxed;
  std::vector<PricedLine> counted;
  preview.optional_untaxed = Money::zero(currency);
  for (std::size_t i = 0; i < preview.lines.size(); ++i) {
    if (preview.lines[i].optional) {
      preview.optional_untaxed = TRY(preview.optional_untaxed.add(all.line_untaxed[i]));
    } else {
      counted.push_back(preview.lines[i]);
    }
  }
  preview.counted = TRY(totals_of(tx, context, draft.partner_id, currency, date, counted));
  return preview;
}

namespace {

// What create_quote and replace_quote store: the priced lines, the largest discount, the state
// it calls for under the author's limit, and the price list.
struct BuiltQuote {
  QuotePreview preview;
  std::string max_discount = "0";
  std::string state;
  std::optional<PricelistId> pricelist;
  Date date = accounting::detail::placeholder_date();
};

Result<BuiltQuote> build_quote(db::Tx& tx, const Context& context, const QuoteDraft& draft,
                               const std::vector<std::string>& roles) {
  if (draft.lines.empty()) {
    return Error::validation("quote_lines_missing", "a quote needs lines", "lines");
  }
  BuiltQuote out;
  out.date = draft.date.value_or(today_of(context));
  if (draft.valid_until && *draft.valid_until < out.date) {
    return Error::validation("valid_until_invalid", "valid_until is before the date",
                             "valid_until");
  }
  out.preview = TRY(preview_quote(tx, context, draft));
  for (const auto& line : out.preview.lines) {
    if (percent_value(line.discount_percent) > percent_value(out.max_discount)) {
      out.max_discount = line.discount_percent;
    }
  }
  const Int128 allowed = TRY(max_discount_of(tx, context, roles));
  out.state = percent_value(out.max_discount) > allowed ? "to_approve" : "draft";
  out.pricelist = draft.pricelist_id ? draft.pricelist_id
                                     : TRY(pricelist_for(tx, context, draft.partner_id,
                                                         out.preview.counted.currency));
  return out;
}

Result<void> insert_quote_lines(db::Tx& tx, QuoteId id, const QuotePreview& preview) {
  for (std::size_t i = 0; i < preview.lines.size(); ++i) {
    const auto& line = preview.lines[i];
    TRY(tx.execute(
        "INSERT INTO sales_quote_lines (quote_id, line_no, product_id, description, quantity_e6, "
        "unit_price_e6, price_extra_e6, discount_percent, tax_ids, optional, selected, "
        "configuration, subtotal) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
        {id.value(), static_cast<std::int64_t>(i + 1), line.product.id.value(), line.description,
         line.quantity.value_e6(), line.unit_price_e6, line.price_extra_e6, line.discount_percent,
         join_tax_ids(line.tax_ids), std::int64_t{line.optional ? 1 : 0},
         std::int64_t{line.optional ? 0 : 1},
         line.configuration ? db::Value(nlohmann::json(*line.configuration).dump())
                            : db::Value(db::null),
         preview.line_subtotals[i].minor_units()}));
  }
  return Ok{};
}

}  // namespace

Result<Quote> create_quote(db::Tx& tx, const Context& context, const QuoteDraft& draft,
                           const std::vector<std::string>& roles) {
  const BuiltQuote built = TRY(build_quote(tx, context, draft, roles));
  const auto& counted = built.preview.counted;
  const std::string now = now_text(context);
  const auto rows = TRY(tx.query(
      "INSERT INTO sales_quotes (company_id, partner_id, currency, pricelist_id, state, date, "
      "valid_until, max_discount_percent, untaxed, tax, total, optional_untaxed, created_by, "
      "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, "
      "$14, $14) RETURNING id",
      {context.company_id.value(), draft.partner_id.value(), std::string(counted.currency.code()),
       built.pricelist ? db::Value(built.pricelist->value()) : db::Value(db::null), built.state,
       built.date.to_string(),
       draft.valid_until ? db::Value(draft.valid_until->to_string()) : db::Value(db::null),
       built.max_discount, counted.untaxed.minor_units(), counted.tax.minor_units(),
       counted.total.minor_units(), built.preview.optional_untaxed.minor_units(),
       context.user_id.value(), now}));
  const QuoteId id{rows.at(0).integer(0)};
  TRY(insert_quote_lines(tx, id, built.preview));
  TRY(record_change(tx, context, "create", "sales.quote", id.value(),
                    {{"state", built.state}, {"total", counted.total.to_string()}}));
  return get_quote(tx, context, id);
}

Result<Quote> replace_quote(db::Tx& tx, const Context& context, QuoteId id,
                            std::int64_t version, const QuoteDraft& draft,
                            const std::vector<std::string>& roles) {
  const Quote current = TRY(get_quote(tx, context, id));
  if (current.state != "draft" && current.state != "to_approve" && current.state != "approved") {
    return Error::conflict("quote_state_invalid",
                           "a quote is changed only before it is sent; this one is " +
                               current.state);
  }
  const BuiltQuote built = TRY(build_quote(tx, context, draft, roles));
  const auto& counted = built.preview.counted;
  const auto changed = TRY(tx.execute(
      "UPDATE sales_quotes SET partner_id = $1, currency = $2, pricelist_id = $3, state = $4, "
      "date = $5, valid_until = $6, max_discount_percent = $7, untaxed = $8, tax = $9, "
      "total = $10, optional_untaxed = $11, approved_by = NULL, updated_at = $12, "
      "version = version + 1 WHERE id = $13 AND company_id = $14 AND version = $15 AND state IN "
      "('draft', 'to_approve', 'approved')",
      {draft.partner_id.value(), std::string(counted.currency.code()),
       built.pricelist ? db::Value(built.pricelist->value()) : db::Value(db::null), built.state,
       built.date.to_string(),
       draft.valid_until ? db::Value(draft.valid_until->to_string()) : db::Value(db::null),
       built.max_discount, counted.untaxed.minor_units(), counted.tax.minor_units(),
       counted.total.minor_units(), built.preview.optional_untaxed.minor_units(),
       now_text(context), id.value(), context.company_id.value(), version}));
  if (changed != 1) {
    return Error::conflict("version_conflict", "the quote was changed meanwhile; reload it");
  }
  TRY(tx.execute("DELETE FROM sales_quote_lines WHERE quote_id = $1", {id.value()}));
  TRY(insert_quote_lines(tx, id, built.preview));
  TRY(record_change(tx, context, "update", "sales.quote", id.value(),
                    {{"state", built.state},
                     {"total", counted.total.to_string()},
                     {"version", version + 1}}));
  return get_quote(tx, context, id);
}

Result<Quote> get_quote(db::Tx& tx, const Context& context, QuoteId id) {
  const auto row = TRY(tx.query_one("SELECT " + std::string(kQuoteColumns) +
                                        " FROM sales_quotes WHERE id = $1 AND company_id = $2",
                                    {id.value(), context.company_id.value()}));
  if (!row) return Error::not_found("quote_not_found", "no quote " + std::to_string(id.value()));
  Quote quote = TRY(quote_from_row(*row, today_of(context)));
  for (const auto& r : TRY(tx.query(
           "SELECT id, line_no, product_id, description, quantity_e6, unit_price_e6, "
           "price_extra_e6, discount_percent, tax_ids, optional, selected, configuration, "
           "subtotal FROM sales_quote_lines WHERE quote_id = $1 ORDER BY line_no",
           {id.value()}))) {
    QuoteLine line;
    line.id = r.integer(0);
    line.line_no = static_cast<int>(r.integer(1));
    line.product_id = inventory::ProductId{r.integer(2)};
    line.description = r.text(3);
    line.quantity = TRY(Quantity::from_value_e6(r.integer(4)));
    line.unit_price_e6 = r.integer(5);
    line.price_extra_e6 = r.integer(6);
    line.discount_percent = r.text(7);
    line.tax_ids = split_tax_ids(r.text(8));
    line.optional = r.integer(9) != 0;
    line.selected = r.integer(10) != 0;
    if (const auto config = r.optional_text(11)) {
      line.configuration =
          nlohmann::json::parse(*config).get<std::map<std::string, std::string>>();
    }
    line.subtotal = TRY(Money::from_minor_units(r.integer(12), quote.currency));
    quote.lines.push_back(std::move(line));
  }
  return quote;
}

Result<QuotePage> list_quotes(db::Tx& tx, const Context& context, const QuoteQuery& query) {
  KEEL_ASSERT(query.limit >= 1 && query.limit <= limits::kPageSizeMax);
  const auto rows = TRY(tx.query(
      "SELECT " + std::string(kQuoteColumns) +
          " FROM sales_quotes WHERE company_id = $1 AND ($2 = 0 OR id < $2) AND ($3 = '' OR "
          "($3 = 'expired' AND " + expired_sql(6) + ") OR ($3 <> 'expired' AND state = $3 AND "
          "NOT " + expired_sql(6) + ")) AND ($4 = 0 OR partner_id = $4) ORDER BY id DESC "
          "LIMIT $5",
      {context.company_id.value(), query.after_id, query.state,
       query.partner_id ? query.partner_id->value() : std::int64_t{0}, query.limit + 1,
       today_of(context).to_string()}));
  QuotePage page;
  const Date today = today_of(context);
  for (std::size_t i = 0; i < rows.size() && i < static_cast<std::size_t>(query.limit); ++i) {
    page.items.push_back(TRY(quote_from_row(rows[i], today)));
  }
  if (rows.size() > static_cast<std::size_t>(query.limit)) {
    page.next_cursor = page.items.back().id.value();
  }
  return page;
}

Result<Quote> approve_quote(db::Tx& tx, const Context& context, QuoteId id,
                            const std::vector<std::string>& roles) {
  const Quote quote = TRY(get_quote(tx, context, id));
  if (quote.expired) return expired_error(quote);
  if (quote.state == "to_approve" &&
      percent_value(quote.max_discount_percent) > TRY(max_discount_of(tx, context, roles))) {
    return Error::permission("quote_discount_not_covered",
                             "a discount of " + quote.max_discount_percent +
                                 " % is above the approver's maximum");
  }
  return transition(tx, context, id, {"to_approve"}, "approved", ", approved_by = $6",
                    {context.user_id.value()});
}

Result<Quote> send_quote(db::Tx& tx, const Context& context, QuoteId id) {
  const Quote quote = TRY(get_quote(tx, context, id));
  if (quote.expired) return expired_error(quote);
  if (quote.state == "to_approve") {
    return Error::conflict("quote_approval_required", "the quote waits for approval");
  }
  if (quote.state != "draft" && quote.state != "approved") {
    return Error::conflict("quote_state_invalid", "the quote is " + quote.state);
  }
  const std::string number = TRY(next_number(tx, context, "SQ", quote.date));
  return transition(tx, context, id, {"draft", "approved"}, "sent",
                    ", number = $6, year = $7, seq = $8",
                    {number, std::int64_t{quote.date.year()},
                     std::stoll(number.substr(number.rfind('/') + 1))});
}

Result<Quote> accept_quote(db::Tx& tx, const Context& context, QuoteId id,
                           const std::vector<int>& optional_lines) {
  const Quote quote = TRY(get_quote(tx, context, id));
  if (quote.state == "to_approve") {
    return Error::conflict("quote_approval_required", "the quote waits for approval");
  }
  if (quote.state != "sent") {
    return Error::conflict("quote_state_invalid", "the quote is " + quote.state);
  }
  if (quote.expired) return expired_error(quote);
  OrderDraft draft;
  draft.partner_id = quote.partner_id;
  draft.currency = std::string(quote.currency.code());
  draft.date = today_of(context);
  draft.quote_id = id;
  for (const int chosen : optional_lines) {
    const auto it = std::find_if(quote.lines.begin(), quote.lines.end(),
                                 [&](const auto& l) { return l.line_no == chosen; });
    if (it == quote.lines.end() || !it->optional) {
      return Error::validation("optional_line_invalid",
                               "line " + std::to_string(chosen) + " is not an optional line",
                               "optional_lines");
    }
  }
  for (const auto& line : quote.lines) {
    const bool picked = std::find(optional_lines.begin(), optional_lines.end(), line.line_no) !=
                        optional_lines.end();
    if (line.optional && !picked) continue;
    LineRequest request;
    request.product_id = line.product_id;
    request.quantity = line.quantity;
    request.unit_price_e6 = line.unit_price_e6;  // the quoted price, extras included
    request.discount_percent = line.discount_percent;
    request.tax_ids = line.tax_ids;
    request.description = line.description;
    request.configuration = line.configuration;  // checked again; the quoted price stays
    draft.lines.push_back(std::move(request));
  }
  const Order order = TRY(create_order(tx, context, draft));
  for (const int chosen : optional_lines) {
    TRY(tx.execute("UPDATE sales_quote_lines SET selected = 1 WHERE quote_id = $1 AND line_no = $2",
                   {id.value(), std::int64_t{chosen}}));
  }
  return transition(tx, context, id, {"sent"}, "accepted", ", order_id = $6",
                    {order.id.value()});
}

Result<Quote> reject_quote(db::Tx& tx, const Context& context, QuoteId id) {
  return transition(tx, context, id, {"sent"}, "rejected");
}

Result<Quote> cancel_quote(db::Tx& tx, const Context& context, QuoteId id) {
  return transition(tx, context, id, {"draft", "to_approve", "approved"}, "cancelled");
}

}  // namespace keel::sales::detail
