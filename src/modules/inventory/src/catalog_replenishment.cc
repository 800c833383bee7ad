// Reorder rules, replenishment proposals and counts.
#include "catalog_replenishment.h"

#include <chrono>
#include <map>

#include "stock_internal.h"
#include "stock_levels.h"

namespace keel::inventory::catalog {
namespace {

constexpr std::string_view kRuleColumns =
    "r.id, r.product_id, p.sku, r.warehouse_id, r.min_e6, r.max_e6, r.version";

ReorderRule rule_from_row(const db::Row& row) {
  ReorderRule rule;
  rule.id = row.integer(0);
  rule.product_id = ProductId{row.integer(1)};
  rule.sku = row.text(2);
  rule.warehouse_id = WarehouseId{row.integer(3)};
  rule.min = stock::quantity_of(row.integer(4));
  rule.max = stock::quantity_of(row.integer(5));
  rule.version = row.integer(6);
  return rule;
}

nlohmann::json rule_json(const ReorderRule& rule) {
  return {{"product_id", rule.product_id.value()},
          {"warehouse_id", rule.warehouse_id.value()},
          {"min", rule.min.to_string()},
          {"max", rule.max.to_string()}};
}

Date today(const Context& context) {
  const auto days = std::chrono::floor<std::chrono::days>(context.clock->now());
  return Date::from_days_since_epoch(days.time_since_epoch().count()).value();
}

// A stockable product that can hold stock (not a template). `field` names the input.
Result<detail::StockProduct> stock_holding_product(db::Tx& tx, CompanyId company_id,
                                                   ProductId id) {
  auto product = detail::stock_product(tx, company_id, id);
  if (!product.ok()) {
    if (product.error().kind() != ErrorKind::not_found) return product.release_error();
    return Error::validation("product_not_found", product.error().message(), "product_id");
  }
  if (product->type != ProductType::stockable || product->is_template) {
    return Error::validation("product_not_stockable",
                             "only stockable products without variants hold stock",
                             "product_id");
  }
  return *product;
}

// A quantity ≥ 0 with at most the unit's decimals. Errors: `code`.
Result<Quantity> unit_quantity(std::string_view text, int decimals, std::string_view code,
                               std::string_view field) {
  auto quantity = Quantity::parse(text);
  if (quantity.ok() && !quantity->is_negative()) {
    auto rounded = quantity->round_to(decimals, Rounding::down);
    if (rounded.ok() && *rounded == *quantity) return *quantity;
  }
  return Error::validation(std::string(code),
                           std::string(field) + " is a quantity ≥ 0 with at most " +
                               std::to_string(decimals) + " decimals",
                           std::string(field));
}

Result<WarehouseId> rule_warehouse(db::Tx& tx, const Context& context,
                                   std::optional<WarehouseId> wanted) {
  if (!wanted) return TRY(default_warehouse(tx, context)).id;
  for (const auto& warehouse : TRY(list_warehouses(tx, context.company_id))) {
    if (warehouse.id == *wanted) return warehouse.id;
  }
  return Error::validation("warehouse_not_found",
                           "no warehouse " + std::to_string(wanted->value()), "warehouse_id");
}

Count count_from_row(const db::Row& row) {
  Count count;
  count.id = row.integer(0);
  count.product_id = ProductId{row.integer(1)};
  count.location_id = LocationId{row.integer(2)};
  if (const auto lot = row.optional_integer(3)) count.lot_id = LotId{*lot};
  count.date = Date::parse(row.text(4)).value();
  count.counted = stock::quantity_of(row.integer(5));
  count.on_hand = stock::quantity_of(row.integer(6));
  count.difference = stock::quantity_of(row.integer(7));
  if (const auto move = row.optional_integer(8)) count.move_id = MoveId{*move};
  return count;
}

constexpr std::string_view kCountColumns =
    "id, product_id, location_id, lot_id, date, counted_e6, on_hand_e6, difference_e6, move_id";

// On hand of the product at exactly this location (and lot, when given).
Result<Quantity> on_hand_at(db::Tx& tx, CompanyId company_id, ProductId product,
                            const Location& location, std::optional<LotId> lot) {
  const auto stock = TRY(stock::product_stock(tx, company_id, product, location.warehouse_id));
  Quantity total = Quantity::zero();
  for (const auto& quant : stock.quants) {
    if (quant.location_id != location.id) continue;
    if (lot && quant.lot_id != lot) continue;
    total = TRY(total.add(quant.on_hand));
  }
  return total;
}

// The adjustment move of a count: `difference` into (positive) or out of the location.
Result<MoveId> adjust(db::Tx& tx, const Context& context, const CountDraft& draft,
                      Quantity difference, Date date, std::int64_t count_id) {
  const Location loss = TRY(partner_location(tx, context, LocationUsage::loss));
  MoveDraft move;
  move.product_id = draft.product_id;
  move.quantity = difference.is_negative() ? difference.negated() : difference;
  move.from_location_id = difference.is_negative() ? draft.location_id : loss.id;
  move.to_location_id = difference.is_negative() ? loss.id : draft.location_id;
  move.date = date;
  move.origin = "inventory.count:" + std::to_string(count_id);
  const Move created = TRY(create_move(tx, context, move));
  std::vector<DoneLine> lots;
  if (draft.lot_id) {
    DoneLine line;
    line.quantity = move.quantity;
    line.lot_id = draft.lot_id;
    lots.push_back(line);
  }
  const Move done = TRY(complete_move(tx, context, created.id, std::nullopt, lots, date));
  return done.id;
}

}  // namespace

Result<ReorderRule> create_reorder_rule(db::Tx& tx, const Context& context,
                                        const ReorderRuleDraft& draft) {
  const auto product = TRY(stock_holding_product(tx, context.company_id, draft.product_id));
  const Quantity min = TRY(
      unit_quantity(draft.min, product.uom_decimals, "reorder_quantity_invalid", "min"));
  const Quantity max = TRY(
      unit_quantity(draft.max, product.uom_decimals, "reorder_quantity_invalid", "max"));
  if (max < min) {
    return Error::validation("reorder_quantity_invalid", "max is at least min", "max");
  }
  const WarehouseId warehouse = TRY(rule_warehouse(tx, context, draft.warehouse_id));
  const auto exists = TRY(tx.query_one(
      "SELECT id FROM inventory_reorder_rules WHERE company_id = $1 AND product_id = $2 AND "
      "warehouse_id = $3",
      {context.company_id.value(), draft.product_id.value(), warehouse.value()}));
  if (exists) {
    return Error::conflict("reorder_rule_exists",
                           "the product has a rule for this warehouse already");
  }
  auto inserted = tx.query_one(
      "INSERT INTO inventory_reorder_rules (company_id, product_id, warehouse_id, min_e6, "
      "max_e6, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
      {context.company_id.value(), draft.product_id.value(), warehouse.value(), min.value_e6(),
       max.value_e6(), now_text(context)});
  if (!inserted.ok()) {
    if (inserted.error().code() != "db_unique_violation") return inserted.release_error();
    return Error::conflict("reorder_rule_exists",
                           "the product has a rule for this warehouse already");
  }
  const std::int64_t id = (*inserted)->integer(0);
  const auto rules = TRY(list_reorder_rules(tx, context.company_id, draft.product_id, warehouse));
  KEEL_ASSERT(rules.size() == 1 && rules.front().id == id);
  TRY(audit_change(tx, context, "create", "reorder_rule", id, nullptr, rule_json(rules.front())));
  return rules.front();
}

Result<std::vector<ReorderRule>> list_reorder_rules(db::Tx& tx, CompanyId company_id,
                                                    std::optional<ProductId> product,
                                                    std::optional<WarehouseId> warehouse) {
  std::string where = "r.company_id = $1";
  std::vector<db::Value> params = {company_id.value()};
  if (product) {
    params.emplace_back(product->value());
    where += " AND r.product_id = $" + std::to_string(params.size());
  }
  if (warehouse) {
    params.emplace_back(warehouse->value());
    where += " AND r.warehouse_id = $" + std::to_string(params.size());
  }
  const auto rows = TRY(tx.query("SELECT " + std::string(kRuleColumns) +
                                     " FROM inventory_reorder_rules r JOIN inventory_products p "
                                     "ON p.id = r.product_id WHERE " +
                                     where + " ORDER BY r.id LIMIT " +
                                     std::to_string(limits::kReorderRulesListedMax),
                                 params));
  std::vector<ReorderRule> out;
  out.reserve(rows.size());
  for (const auto& row : rows) out.push_back(rule_from_row(row));
  return out;
}

Result<void> delete_reorder_rule(db::Tx& tx, const Context& context, std::int64_t id) {
  const auto row = TRY(tx.query_one("SELECT " + std::string(kRuleColumns) +
                                        " FROM inventory_reorder_rules r JOIN inventory_products "
                                        "p ON p.id = r.product_id WHERE r.company_id = $1 AND "
                                        "r.id = $2",
                                    {context.company_id.value(), id}));
  if (!row) {
    return Error::not_found("reorder_rule_not_found", "no reorder rule " + std::to_string(id));
  }
  const ReorderRule rule = rule_from_row(*row);
  TRY(tx.execute("DELETE FROM inventory_reorder_rules WHERE company_id = $1 AND id = $2",
                 {context.company_id.value(), id}));
  return audit_change(tx, context, "delete", "reorder_rule", id, rule_json(rule), nullptr);
}

Result<std::vector<Proposal>> replenishment(db::Tx& tx, CompanyId company_id,
                                            std::optional<WarehouseId> warehouse) {
  std::vector<Proposal> out;
  const auto rules = TRY(list_reorder_rules(tx, company_id, std::nullopt, warehouse));
  // The levels of each warehouse's products, read together.
  std::map<WarehouseId, std::vector<ProductId>> wanted;
  for (const auto& rule : rules) wanted[rule.warehouse_id].push_back(rule.product_id);
  std::map<WarehouseId, std::map<ProductId, StockLevel>> levels;
  for (const auto& [id, products] : wanted) {
    levels[id] = TRY(stock::stock_levels(tx, company_id, id, products));
  }
  // The rules below their minimum, then their products read together and each unit once.
  std::vector<const ReorderRule*> short_rules;
  std::vector<ProductId> short_products;
  for (const auto& rule : rules) {
    const StockLevel& level = levels.at(rule.warehouse_id).at(rule.product_id);
    if (!(level.forecast < rule.min)) continue;
    short_rules.push_back(&rule);
    short_products.push_back(rule.product_id);
  }
  const auto products = TRY(get_products(tx, company_id, short_products));
  std::map<std::int64_t, Uom> uoms;
  for (const ReorderRule* short_rule : short_rules) {
    const ReorderRule& rule = *short_rule;
    const StockLevel& level = levels.at(rule.warehouse_id).at(rule.product_id);
    const Product& product = products.at(rule.product_id);
    auto found = uoms.find(product.uom_id.value());
    if (found == uoms.end()) {
      found = uoms.emplace(product.uom_id.value(), TRY(get_uom(tx, company_id, product.uom_id)))
                  .first;
    }
    const Uom& uom = found->second;
    Proposal proposal;
    proposal.rule = rule;
    proposal.name = product.display_name();
    proposal.uom = uom.name;
    proposal.forecast = level.forecast;
    proposal.quantity =
        TRY(TRY(rule.max.subtract(level.forecast)).round_to(uom.decimals, Rounding::ceiling));
    out.push_back(std::move(proposal));
  }
  return out;
}

Result<Count> record_count(db::Tx& tx, const Context& context, const CountDraft& draft) {
  const auto product = TRY(stock_holding_product(tx, context.company_id, draft.product_id));
  auto location = get_location(tx, context.company_id, draft.location_id);
  if (!location.ok()) {
    if (location.error().kind() != ErrorKind::not_found) return location.release_error();
    return Error::validation("location_not_found", location.error().message(), "location_id");
  }
  if (location->usage != LocationUsage::internal) {
    return Error::validation("count_location_invalid", "counts are of internal locations",
                             "location_id");
  }
  const Quantity counted = TRY(
      unit_quantity(draft.counted, product.uom_decimals, "count_quantity_invalid", "counted"));
  if (product.tracking != Tracking::none && !draft.lot_id) {
    return Error::validation("lot_required", "a tracked product is counted per lot", "lot_id");
  }
  if (product.tracking == Tracking::serial && counted > TRY(Quantity::from_units(1))) {
    return Error::validation("count_quantity_invalid", "a serial number counts 0 or 1",
                             "counted");
  }
  if (draft.lot_id) {
    auto lot = stock::load_lot(tx, context.company_id, *draft.lot_id);
    if (!lot.ok() || lot->product_id != draft.product_id) {
      if (!lot.ok() && lot.error().code() != "lot_not_found") return lot.release_error();
      return Error::validation("lot_not_found", "no such lot of this product", "lot_id");
    }
  }
  const Quantity on_hand =
      TRY(on_hand_at(tx, context.company_id, draft.product_id, *location, draft.lot_id));
  const Quantity difference = TRY(counted.subtract(on_hand));
  const Date date = draft.date.value_or(today(context));
  const auto inserted = TRY(tx.query_one(
      "INSERT INTO inventory_counts (company_id, product_id, location_id, lot_id, date, "
      "counted_e6, on_hand_e6, difference_e6, created_by, created_at) VALUES ($1, $2, $3, $4, "
      "$5, $6, $7, $8, $9, $10) RETURNING id",
      {context.company_id.value(), draft.product_id.value(), draft.location_id.value(),
       draft.lot_id ? db::Value(draft.lot_id->value()) : db::null, date.to_string(),
       counted.value_e6(), on_hand.value_e6(), difference.value_e6(), context.user_id.value(),
       now_text(context)}));
  const std::int64_t id = inserted->integer(0);
  if (!difference.is_zero()) {
    const MoveId move = TRY(adjust(tx, context, draft, difference, date, id));
    TRY(tx.execute("UPDATE inventory_counts SET move_id = $1 WHERE id = $2", {move.value(), id}));
  }
  const auto row = TRY(tx.query_one(
      "SELECT " + std::string(kCountColumns) + " FROM inventory_counts WHERE id = $1", {id}));
  const Count count = count_from_row(*row);
  TRY(audit_change(tx, context, "create", "count", id, nullptr,
                   {{"product_id", count.product_id.value()},
                    {"location_id", count.location_id.value()},
                    {"lot_id", count.lot_id ? nlohmann::json(count.lot_id->value()) : nullptr},
                    {"counted", count.counted.to_string()},
                    {"on_hand", count.on_hand.to_string()},
                    {"difference", count.difference.to_string()},
                    {"move_id", count.move_id ? nlohmann::json(count.move_id->value()) : nullptr}}));
  return count;
}

Result<CountPage> list_counts(db::Tx& tx, CompanyId company_id, std::optional<ProductId> product,
                              std::optional<LocationId> location, std::int64_t before_id,
                              std::int64_t limit) {
  KEEL_ASSERT(limit >= 1 && limit <= keel::limits::kPageSizeMax);
  std::string where = "company_id = $1";
  std::vector<db::Value> params = {company_id.value()};
  if (product) {
    params.emplace_back(product->value());
    where += " AND product_id = $" + std::to_string(params.size());
  }
  if (location) {
    params.emplace_back(location->value());
    where += " AND location_id = $" + std::to_string(params.size());
  }
  if (before_id > 0) {
    params.emplace_back(before_id);
    where += " AND id < $" + std::to_string(params.size());
  }
  params.emplace_back(limit + 1);
  const auto rows = TRY(tx.query("SELECT " + std::string(kCountColumns) +
                                     " FROM inventory_counts WHERE " + where +
                                     " ORDER BY id DESC LIMIT $" + std::to_string(params.size()),
                                 params));
  CountPage page;
  for (const auto& row : rows) page.items.push_back(count_from_row(row));
  if (static_cast<std::int64_t>(page.items.size()) > limit) {
    page.items.pop_back();
    page.next_cursor = page.items.back().id;
  }
  return page;
}

}  // namespace keel::inventory::catalog
