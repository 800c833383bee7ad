// What `keel check` proves of the fulfilment part, on every company, one line per breach:
// DO and RT numbers are gap-free per company and year; each order line's delivered quantity
// is what its deliveries shipped and at most what was ordered; its returned quantity is what
// its returns took back and at most what was delivered; its invoiced quantity is at most
// what was ordered.
#include <charconv>

#include "fulfilment_internal.h"

namespace keel::sales::detail {
namespace {

Result<void> check_numbers(db::Tx& tx, std::string_view table, std::string_view type,
                           std::vector<std::string>& breaches) {
  const auto rows = TRY(tx.query("SELECT company_id, year, COUNT(*), MAX(seq), COUNT(DISTINCT "
                                 "seq), MIN(seq) FROM " +
                                 std::string(table) + " GROUP BY company_id, year ORDER BY 1, 2"));
  for (const auto& row : rows) {
    const std::int64_t count = row.integer(2);
    if (row.integer(3) != count || row.integer(4) != count || row.integer(5) != 1) {
      breaches.push_back(std::string(type) + " numbers of company " +
                         std::to_string(row.integer(0)) + " in " + std::to_string(row.integer(1)) +
                         " are not gap-free: " + std::to_string(count) + " documents, highest " +
                         std::to_string(row.integer(3)));
    }
  }
  // The number's text must name its own sequence value.
  const auto mismatched = TRY(tx.query(
      "SELECT id, number, seq FROM " + std::string(table) + " ORDER BY id"));
  for (const auto& row : mismatched) {
    const std::string& number = row.text(1);
    const auto slash = number.rfind('/');
    std::int64_t seq = 0;
    const char* begin = number.data() + (slash == std::string::npos ? 0 : slash + 1);
    const auto [end, error] = std::from_chars(begin, number.data() + number.size(), seq);
    if (slash == std::string::npos || error != std::errc() ||
        end != number.data() + number.size() || seq != row.integer(2)) {
      breaches.push_back(std::string(type) + " " + std::to_string(row.integer(0)) +
                         " is numbered " + number + " but holds sequence " +
                         std::to_string(row.integer(2)));
    }
  }
  return Ok{};
}

Result<void> check_lines(db::Tx& tx, std::vector<std::string>& breaches) {
  const auto rows = TRY(tx.query(
      "SELECT l.id, l.quantity_e6, l.quantity_delivered_e6, l.quantity_returned_e6, "
      "l.quantity_invoiced_e6, (SELECT COALESCE(SUM(d.shipped_e6), 0) FROM sales_delivery_lines "
      "d WHERE d.order_line_id = l.id), (SELECT COALESCE(SUM(r.quantity_e6), 0) FROM "
      "sales_return_lines r WHERE r.order_line_id = l.id) FROM sales_order_lines l "
      "WHERE l.quantity_delivered_e6 > 0 OR l.quantity_returned_e6 > 0 OR "
      "l.quantity_invoiced_e6 > 0 OR EXISTS (SELECT 1 FROM sales_delivery_lines d WHERE "
      "d.order_line_id = l.id AND d.shipped_e6 > 0) ORDER BY l.id"));
  for (const auto& row : rows) {
    const std::string line = "order line " + std::to_string(row.integer(0));
    const std::int64_t ordered = row.integer(1);
    const std::int64_t delivered = row.integer(2);
    const std::int64_t returned = row.integer(3);
    const std::int64_t invoiced = row.integer(4);
    if (delivered != row.integer(5)) {
      breaches.push_back(line + " delivered " + std::to_string(delivered) +
                         "e-6 but its deliveries shipped " + std::to_string(row.integer(5)) +
                         "e-6");
    }
    if (delivered > ordered) breaches.push_back(line + " delivered more than ordered");
    if (returned != row.integer(6)) {
      breaches.push_back(line + " returned " + std::to_string(returned) +
                         "e-6 but its returns took back " + std::to_string(row.integer(6)) +
                         "e-6");
    }
    if (returned > delivered) breaches.push_back(line + " returned more than delivered");
    if (invoiced > ordered) breaches.push_back(line + " invoiced more than ordered");
  }
  return Ok{};
}

}  // namespace

Result<std::vector<std::string>> check_fulfilment(db::Tx& tx) {
  std::vector<std::string> breaches;
  TRY(check_numbers(tx, "sales_deliveries", "delivery", breaches));
  TRY(check_numbers(tx, "sales_returns", "return", breaches));
  TRY(check_lines(tx, breaches));
  return breaches;
}

}  // namespace keel::sales::detail
