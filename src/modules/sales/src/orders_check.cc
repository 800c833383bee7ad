// What `keel check` proves about the orders part, and its demo data.
#include "keel/auth/auth_api.h"
#include "orders_internal.h"
#include "pricing_internal.h"

namespace keel::sales::detail {

namespace {

// What orders add to their customers' credit exposure: each customer's open_orders is the sum
// of its orders' known open_credit; an order not confirmed adds nothing; a confirmed order in
// the company currency adds exactly its open part (orders in another currency were converted
// at a rate of their date, which check has no context to repeat).
Result<void> check_open_credit(db::Tx& tx, std::vector<std::string>& breaches) {
  for (const auto& row : TRY(tx.query(
           "SELECT c.company_id, c.partner_id, c.open_orders, COALESCE(s.total, 0) FROM "
           "sales_credit_locks c LEFT JOIN (SELECT company_id, partner_id, SUM(open_credit) AS "
           "total FROM sales_orders WHERE open_credit IS NOT NULL GROUP BY company_id, "
           "partner_id) s ON s.company_id = c.company_id AND s.partner_id = c.partner_id "
           "WHERE c.open_orders <> COALESCE(s.total, 0)"))) {
    breaches.push_back("sales: open orders of partner " + std::to_string(row.integer(1)) +
                       " stand at " + std::to_string(row.integer(2)) + ", its orders add " +
                       std::to_string(row.integer(3)));
  }
  for (const auto& row : TRY(tx.query(
           "SELECT o.company_id, o.partner_id, SUM(o.open_credit) FROM sales_orders o "
           "WHERE o.open_credit IS NOT NULL AND NOT EXISTS (SELECT 1 FROM sales_credit_locks c "
           "WHERE c.company_id = o.company_id AND c.partner_id = o.partner_id) "
           "GROUP BY o.company_id, o.partner_id HAVING SUM(o.open_credit) <> 0"))) {
    breaches.push_back("sales: orders of partner " + std::to_string(row.integer(1)) +
                       " add " + std::to_string(row.integer(2)) + " to no open orders sum");
  }
  for (const auto& row : TRY(tx.query("SELECT id FROM sales_orders WHERE state <> 'confirmed' "
                                      "AND open_credit IS NOT NULL AND open_credit <> 0"))) {
    breaches.push_back("sales: order " + std::to_string(row.integer(0)) +
                       " is not confirmed but adds to its customer's exposure");
  }
  // The company currency of each company with confirmed orders, through auth's API.
  std::map<std::int64_t, std::string> currencies;
  for (const auto& row : TRY(tx.query("SELECT DISTINCT company_id FROM sales_orders WHERE "
                                      "state = 'confirmed' AND open_credit IS NOT NULL"))) {
    currencies[row.integer(0)] =
        TRY(auth::get_company(tx, CompanyId{row.integer(0)})).currency;
  }
  std::map<std::int64_t, std::vector<OpenLine>> lines;
  for (const auto& row : TRY(tx.query(
           "SELECT l.order_id, l.subtotal, l.quantity_e6, l.quantity_invoiced_e6 FROM "
           "sales_order_lines l JOIN sales_orders o ON o.id = l.order_id WHERE "
           "o.state = 'confirmed' AND o.open_credit IS NOT NULL"))) {
    lines[row.integer(0)].push_back({row.integer(1), row.integer(2), row.integer(3)});
  }
  for (const auto& row : TRY(tx.query(
           "SELECT id, company_id, currency, untaxed, total, open_credit FROM sales_orders "
           "WHERE state = 'confirmed' AND open_credit IS NOT NULL"))) {
    if (row.text(2) != currencies.at(row.integer(1))) continue;
    const std::int64_t expected = open_part(row.integer(3), row.integer(4), lines[row.integer(0)]);
    if (row.integer(5) != expected) {
      breaches.push_back("sales: order " + std::to_string(row.integer(0)) + " adds " +
                         std::to_string(row.integer(5)) + " to its customer's exposure, its " +
                         "lines say " + std::to_string(expected));
    }
  }
  return Ok{};
}

}  // namespace

// Order numbers are gap-free: per company and year, the confirmed orders' sequence numbers are
// exactly 1..n and the sequence row stands at n. Each open order line's move exists and is
// reserved at most its open quantity.
Result<std::vector<std::string>> check_orders(db::Tx& tx) {
  std::vector<std::string> breaches;
  for (const auto& row : TRY(tx.query(
           "SELECT o.company_id, o.year, COUNT(*), COUNT(DISTINCT o.seq), MIN(o.seq), "
           "MAX(o.seq), COALESCE(MAX(s.last_value), 0) FROM sales_orders o "
           "LEFT JOIN sales_sequences s ON s.company_id = o.company_id AND s.type = 'SO' AND "
           "s.year = o.year WHERE o.number IS NOT NULL GROUP BY o.company_id, o.year"))) {
    const std::int64_t count = row.integer(2);
    if (row.integer(3) != count || row.integer(4) != 1 || row.integer(5) != count ||
        row.integer(6) != count) {
      breaches.push_back("sales: order numbers of company " + std::to_string(row.integer(0)) +
                         " in " + std::to_string(row.integer(1)) + " are not 1.." +
                         std::to_string(count) + " (sequence at " +
                         std::to_string(row.integer(6)) + ")");
    }
  }
  for (const auto& row : TRY(tx.query(
           "SELECT l.id, l.quantity_e6, l.quantity_delivered_e6, l.quantity_returned_e6 "
           "FROM sales_order_lines l JOIN sales_orders o ON o.id = l.order_id "
           "WHERE o.state IN ('confirmed', 'done') AND l.quantity_delivered_e6 > "
           "l.quantity_e6 + l.quantity_returned_e6"))) {
    breaches.push_back("sales: order line " + std::to_string(row.integer(0)) +
                       " delivered more than ordered");
  }
  TRY(check_open_credit(tx, breaches));
  return breaches;
}

Result<void> seed_order_demo(db::Tx& tx, const Context& context, Date today) {
  partners::ListQuery query;
  query.role = partners::Role::customer;
  query.limit = 3;
  const auto customers =
      TRY(partners::list_parties(tx, partners::Caller::system(context.company_id), query));
  inventory::ProductQuery products_query;
  products_query.type = inventory::ProductType::stockable;
  products_query.variants = inventory::VariantFilter::exclude;
  products_query.limit = 3;
  const auto products = TRY(inventory::list_products(tx, context.company_id, products_query));
  if (customers.items.empty() || products.items.empty()) return Ok{};
  const auto& product = products.items.front();
  // A price list with a quantity break: from 10 units, 10 % off the list price.
  Pricelist list;
  list.name = "Volume " + std::string(context.company_currency.code());
  list.currency = context.company_currency;
  list.customer_group = "volume";
  PricelistItem brk;
  brk.product_id = product.id;
  brk.min_quantity = Quantity::from_units(10).value();
  brk.discount_percent = "10";
  list.items.push_back(brk);
  const auto created = TRY(create_pricelist(tx, context, list));
  TRY(assign_pricelist(tx, context, customers.items.front().id, created.id));
  for (std::size_t i = 0; i < customers.items.size(); ++i) {
    OrderDraft draft;
    draft.partner_id = customers.items[i].id;
    draft.date = today;
    draft.allow_backorder = true;
    LineRequest line;
    line.product_id = products.items[i % products.items.size()].id;
    line.quantity = Quantity::from_units(i == 0 ? 10 : 2).value();
    draft.lines.push_back(line);
    const Order order = TRY(create_order(tx, context, draft));
    if (i + 1 < customers.items.size() || customers.items.size() == 1) {
      TRY(confirm_order(tx, context, order.id, {true, true}));
    }
  }
  return Ok{};
}

}  // namespace keel::sales::detail
