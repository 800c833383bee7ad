// JSON of deliveries and returns as the API shows them.
#include "fulfilment_internal.h"

namespace keel::sales::detail {

using nlohmann::json;

namespace {
json id_or_null(std::optional<std::int64_t> value) {
  return value ? json(*value) : json(nullptr);
}
}  // namespace

json to_json(const Delivery& d) {
  json lines = json::array();
  for (const auto& line : d.lines) {
    json picks = json::array();
    for (const auto& pick : line.picks) {
      picks.push_back({{"lot", pick.lot.empty() ? json(nullptr) : json(pick.lot)},
                       {"quantity", pick.quantity.to_string()}});
    }
    lines.push_back(
        {{"line_no", line.line_no},
         {"order_line_id", line.order_line_id.value()},
         {"product_id", line.product_id.value()},
         {"sku", line.sku},
         {"product_name", line.product_name},
         {"move_id", line.move_id.value()},
         {"quantity", line.quantity.to_string()},
         {"picked", line.picked.to_string()},
         {"shipped", line.shipped.to_string()},
         {"done_move_id",
          id_or_null(line.done_move_id ? std::optional(line.done_move_id->value()) : std::nullopt)},
         {"picks", picks}});
  }
  return {{"id", d.id.value()},
          {"number", d.number},
          {"order_id", d.order_id.value()},
          {"partner_id", d.partner_id.value()},
          {"state", d.state},
          {"date", d.date.to_string()},
          {"backorder_of",
           id_or_null(d.backorder_of ? std::optional(d.backorder_of->value()) : std::nullopt)},
          {"backorder_id",
           id_or_null(d.backorder_id ? std::optional(d.backorder_id->value()) : std::nullopt)},
          {"package_count", d.package_count},
          {"weight", d.weight.to_string()},
          {"carrier", d.carrier},
          {"tracking_number", d.tracking_number},
          {"shipped_date", d.shipped_date ? json(d.shipped_date->to_string()) : json(nullptr)},
          {"lines", lines},
          {"version", d.version}};
}

json to_json(const Return& r) {
  json lines = json::array();
  for (const auto& line : r.lines) {
    lines.push_back({{"line_no", line.line_no},
                     {"order_line_id", line.order_line_id.value()},
                     {"product_id", line.product_id.value()},
                     {"quantity", line.quantity.to_string()},
                     {"refunded", line.refunded.to_string()},
                     {"disposition", line.disposition},
                     {"move_id", line.move_id.value()}});
  }
  return {{"id", r.id.value()},
          {"number", r.number},
          {"order_id", r.order_id.value()},
          {"partner_id", r.partner_id.value()},
          {"date", r.date.to_string()},
          {"refund", r.refund},
          {"credit_note_id",
           id_or_null(r.credit_note_id ? std::optional(r.credit_note_id->value()) : std::nullopt)},
          {"reason", r.reason},
          {"lines", lines}};
}

}  // namespace keel::sales::detail
