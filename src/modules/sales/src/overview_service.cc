// The customer 360 (README.md "Customer 360"): one partner's quotes, orders, deliveries,
// receivables, credit and top products from live rows. Every query goes through an index on
// (company, partner, …) or a primary key, and every list is bounded, so the answer does not
// grow with the company's history.
#include <map>

#include "fulfilment_internal.h"

namespace keel::sales::detail {

namespace {

using nlohmann::json;

Result<std::string> money_text(std::int64_t minor, std::string_view code) {
  const Currency currency = TRY(Currency::from_code(code));
  return TRY(Money::from_minor_units(minor, currency)).to_string();
}

Result<json> open_quotes(db::Tx& tx, const Context& context, partners::PartyId partner) {
  const auto count = TRY(tx.query_one(
      "SELECT COUNT(*) FROM sales_quotes WHERE company_id = $1 AND partner_id = $2 AND state IN "
      "('draft', 'to_approve', 'approved', 'sent') AND (valid_until IS NULL OR "
      "valid_until >= $3)",
      {context.company_id.value(), partner.value(), today(context).to_string()}));
  // Open quotes still valid today: an expired one is no longer on offer.
  const auto rows = TRY(tx.query(
      "SELECT id, number, state, date, valid_until, total, currency FROM sales_quotes WHERE "
      "company_id = $1 AND partner_id = $2 AND state IN ('draft', 'to_approve', 'approved', "
      "'sent') AND (valid_until IS NULL OR valid_until >= $4) ORDER BY id DESC LIMIT $3",
      {context.company_id.value(), partner.value(), std::int64_t{kOverviewListMax},
       today(context).to_string()}));
  json items = json::array();
  for (const auto& row : rows) {
    items.push_back({{"id", row.integer(0)},
                     {"number", row.is_null(1) ? json(nullptr) : json(row.text(1))},
                     {"state", row.text(2)},
                     {"date", row.text(3)},
                     {"valid_until", row.is_null(4) ? json(nullptr) : json(row.text(4))},
                     {"total", TRY(money_text(row.integer(5), row.text(6)))},
                     {"currency", row.text(6)}});
  }
  return json{{"open_quotes_count", count->integer(0)}, {"open_quotes", items}};
}

// The deliveries (not cancelled) of each of `orders`, at most kOverviewListMax per order, in
// one read.
Result<std::map<std::int64_t, json>> deliveries_of(db::Tx& tx,
                                                   const std::vector<std::int64_t>& orders) {
  std::map<std::int64_t, json> out;
  if (orders.empty()) return out;
  std::vector<db::Value> params;
  std::string list;
  for (const auto order : orders) {
    params.emplace_back(order);
    out[order] = json::array();
    list += (list.empty() ? "$" : ", $") + std::to_string(params.size());
  }
  for (const auto& row : TRY(tx.query("SELECT order_id, id, number, state FROM sales_deliveries "
                                      "WHERE order_id IN (" + list + ") AND state <> "
                                      "'cancelled' ORDER BY order_id, id",
                                      params))) {
    json& listed = out[row.integer(0)];
    if (listed.size() >= kOverviewListMax) continue;
    listed.push_back({{"id", row.integer(1)}, {"number", row.text(2)}, {"state", row.text(3)}});
  }
  return out;
}

// Open (confirmed) orders: the newest ones listed, and what all of them still have to
// invoice in the company currency: total − invoiced − down payments not yet deducted (those
// already sit in the receivable balance).
Result<json> open_orders(db::Tx& tx, const Context& context, partners::PartyId partner) {
  const auto sums = TRY(tx.query_one(
      "SELECT COUNT(*), COALESCE(SUM(o.total), 0), COALESCE(SUM((SELECT COALESCE(SUM(CASE "
      "WHEN i.kind IN ('invoice', 'down_payment') THEN i.amount WHEN i.kind = 'deduction' THEN "
      "-i.amount ELSE 0 END), 0) FROM sales_order_invoices i WHERE i.order_id = o.id)), 0) "
      "FROM sales_orders o WHERE o.company_id = $1 AND o.partner_id = $2 AND o.state = "
      "'confirmed' AND o.currency = $3",
      {context.company_id.value(), partner.value(),
       std::string(context.company_currency.code())}));
  const auto count = TRY(tx.query_one(
      "SELECT COUNT(*) FROM sales_orders WHERE company_id = $1 AND partner_id = $2 AND state = "
      "'confirmed'",
      {context.company_id.value(), partner.value()}));
  const std::int64_t uninvoiced = std::max<std::int64_t>(sums->integer(1) - sums->integer(2), 0);
  const auto rows = TRY(tx.query(
      "SELECT id, number, date, state, delivery_status, invoice_status, total, currency FROM "
      "sales_orders WHERE company_id = $1 AND partner_id = $2 AND state = 'confirmed' ORDER BY "
      "id DESC LIMIT $3",
      {context.company_id.value(), partner.value(), std::int64_t{kOverviewListMax}}));
  std::vector<std::int64_t> ids;
  for (const auto& row : rows) ids.push_back(row.integer(0));
  auto deliveries = TRY(deliveries_of(tx, ids));
  json items = json::array();
  for (const auto& row : rows) {
    items.push_back({{"id", row.integer(0)},
                     {"number", row.is_null(1) ? json(nullptr) : json(row.text(1))},
                     {"date", row.text(2)},
                     {"state", row.text(3)},
                     {"delivery_status", row.text(4)},
                     {"invoice_status", row.text(5)},
                     {"total", TRY(money_text(row.integer(6), row.text(7)))},
                     {"currency", row.text(7)},
                     {"deliveries", std::move(deliveries[row.integer(0)])}});
  }
  return json{{"open_orders_count", count->integer(0)},
              {"open_orders", items},
              {"open_orders_uninvoiced_minor", uninvoiced}};
}

json invoice_json(const accounting::Invoice& invoice) {
  return {{"id", invoice.id.value()},
          {"number", invoice.number ? json(*invoice.number) : json(nullptr)},
          {"type", std::string(accounting::to_string(invoice.type))},
          {"state", invoice.state},
          {"date", invoice.date.to_string()},
          {"due_date", invoice.due_date.to_string()},
          {"total", invoice.total.to_string()},
          {"residual", invoice.residual.to_string()},
          {"currency", std::string(invoice.currency.code())},
          {"origin", invoice.origin}};
}

json payment_json(const accounting::Payment& payment) {
  return {{"id", payment.id.value()},
          {"date", payment.date.to_string()},
          {"amount", payment.amount.to_string()},
          {"currency", std::string(payment.amount.currency().code())},
          {"unallocated", payment.unallocated.to_string()},
          {"reference", payment.reference}};
}

Result<json> top_products(db::Tx& tx, const Context& context, partners::PartyId partner,
                          Date today) {
  const Date since = TRY(today.add_days(-365));
  const auto rows = TRY(tx.query(
      "SELECT l.product_id, SUM(l.quantity_e6), SUM(CASE WHEN o.currency = $4 THEN l.subtotal "
      "ELSE 0 END) FROM sales_orders o JOIN sales_order_lines l ON l.order_id = o.id WHERE "
      "o.company_id = $1 AND o.partner_id = $2 AND o.state IN ('confirmed', 'done') AND o.date "
      ">= $3 GROUP BY l.product_id ORDER BY 3 DESC, 2 DESC, 1 LIMIT $5",
      {context.company_id.value(), partner.value(), since.to_string(),
       std::string(context.company_currency.code()), std::int64_t{kOverviewTopProductsMax}}));
  std::vector<inventory::ProductId> ids;
  for (const auto& row : rows) ids.emplace_back(row.integer(0));
  const auto products = TRY(inventory::get_products(tx, context.company_id, ids));
  const auto stock = TRY(inventory::available_quantities(tx, context.company_id, ids));
  json items = json::array();
  for (const auto& row : rows) {
    const inventory::ProductId id{row.integer(0)};
    const auto& product = products.at(id);
    json available = nullptr;
    if (product.type != inventory::ProductType::service) {
      available = stock.at(id).to_string();
    }
    items.push_back(
        {{"product_id", id.value()},
         {"sku", product.sku},
         {"name", product.display_name()},
         {"quantity", TRY(Quantity::from_value_e6(row.integer(1))).to_string()},
         {"revenue", TRY(Money::from_minor_units(row.integer(2), context.company_currency))
                         .to_string()},
         {"available", available}});
  }
  return items;
}

Result<json> credit_of(const partners::Party& party, const Context& context,
                       std::optional<Money> balance, std::int64_t uninvoiced_minor) {
  if (!party.data.credit_limit) {
    return json{{"limit", nullptr}, {"used", nullptr}, {"available", nullptr}};
  }
  const Money limit = *party.data.credit_limit;
  if (!balance || limit.currency() != context.company_currency) {
    return json{{"limit", limit.to_string()}, {"used", nullptr}, {"available", nullptr}};
  }
  const Money used = TRY(balance->add(
      TRY(Money::from_minor_units(uninvoiced_minor, context.company_currency))));
  return json{{"limit", limit.to_string()},
              {"used", used.to_string()},
              {"available", TRY(limit.subtract(used)).to_string()}};
}

}  // namespace

Result<nlohmann::json> overview(db::Tx& tx, const Context& context, partners::PartyId partner,
                                Date today, const OverviewParts& parts) {
  auto found =
      partners::get_party(tx, partners::Caller::system(context.company_id, context.user_id), partner);
  if (!found.ok()) {
    if (found.error().kind() != ErrorKind::not_found) return found.error();
    return Error::not_found("partner_not_found", "no partner " + std::to_string(partner.value()));
  }
  const partners::Party& party = *found;
  json out = {{"partner",
               {{"id", partner.value()},
                {"name", party.data.name},
                {"currency", party.data.currency.empty() ? json(nullptr)
                                                         : json(party.data.currency)}}},
              {"as_of", today.to_string()},
              {"currency", std::string(context.company_currency.code())}};
  json orders = TRY(open_orders(tx, context, partner));
  const std::int64_t uninvoiced = orders["open_orders_uninvoiced_minor"].get<std::int64_t>();
  orders.erase("open_orders_uninvoiced_minor");
  if (parts.sales) {
    json sales = TRY(open_quotes(tx, context, partner));
    sales.update(orders);
    sales["open_orders_uninvoiced"] =
        TRY(Money::from_minor_units(uninvoiced, context.company_currency)).to_string();
    out["sales"] = std::move(sales);
    out["top_products"] = TRY(top_products(tx, context, partner, today));
  }
  std::optional<Money> balance;
  if (parts.receivables || parts.credit) {
    const auto summary = TRY(accounting::partner_receivables(
        tx, context, partner, today, static_cast<std::int64_t>(kOverviewListMax)));
    balance = summary.balance;
    if (parts.receivables) {
      json invoices = json::array();
      for (const auto& invoice : summary.recent_invoices) invoices.push_back(invoice_json(invoice));
      json receivables = {
          {"balance", summary.balance.to_string()},
          {"overdue", summary.overdue.to_string()},
          {"open_invoices_count", summary.open_documents_count},
          {"average_days_to_pay", summary.average_days_to_pay
                                      ? json(*summary.average_days_to_pay)
                                      : json(nullptr)},
          {"recent_invoices", invoices}};
      if (parts.payments) {
        json payments = json::array();
        for (const auto& payment : summary.recent_payments) {
          payments.push_back(payment_json(payment));
        }
        receivables["recent_payments"] = payments;
      }
      out["receivables"] = std::move(receivables);
    }
  }
  if (parts.credit) out["credit"] = TRY(credit_of(party, context, balance, uninvoiced));
  return out;
}

}  // namespace keel::sales::detail

namespace keel::sales {

Result<nlohmann::json> partner_overview(db::Tx& tx, const Context& context,
                                        partners::PartyId partner, Date today) {
  return detail::overview(tx, context, partner, today, detail::OverviewParts{});
}

}  // namespace keel::sales
