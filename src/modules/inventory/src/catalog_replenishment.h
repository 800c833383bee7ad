#pragma once

// Reorder rules, replenishment proposals and counts: the catalog's part of planning and of
// correcting stock. Rules name the stock part's warehouses; counts adjust stock through the
// public move API (create_move + complete_move against the company's loss location).
#include <optional>
#include <string>
#include <vector>

#include "catalog_store.h"

namespace keel::inventory::catalog {

struct ReorderRule {
  std::int64_t id = 0;
  ProductId product_id;
  std::string sku;
  WarehouseId warehouse_id;
  Quantity min = Quantity::zero();
  Quantity max = Quantity::zero();
  std::int64_t version = 1;
};

struct ReorderRuleDraft {
  ProductId product_id;
  std::optional<WarehouseId> warehouse_id;  // default: the default warehouse
  std::string min;
  std::string max;
};

// Errors: product_not_found, product_not_stockable (a service, consumable or template),
// warehouse_not_found, reorder_quantity_invalid, reorder_rule_exists (conflict). Audited.
Result<ReorderRule> create_reorder_rule(db::Tx& tx, const Context& context,
                                        const ReorderRuleDraft& draft);
// At most kReorderRulesListedMax rules, by id.
Result<std::vector<ReorderRule>> list_reorder_rules(db::Tx& tx, CompanyId company_id,
                                                    std::optional<ProductId> product,
                                                    std::optional<WarehouseId> warehouse);
// Errors: reorder_rule_not_found (not_found). Audited.
Result<void> delete_reorder_rule(db::Tx& tx, const Context& context, std::int64_t id);

// A rule whose forecast is below its minimum, and the quantity that brings it to its maximum
// (rounded up to the unit's decimals).
struct Proposal {
  ReorderRule rule;
  std::string name;
  std::string uom;
  Quantity forecast = Quantity::zero();
  Quantity quantity = Quantity::zero();
};
Result<std::vector<Proposal>> replenishment(db::Tx& tx, CompanyId company_id,
                                            std::optional<WarehouseId> warehouse);

struct CountDraft {
  ProductId product_id;
  LocationId location_id;
  std::string counted;
  std::optional<LotId> lot_id;
  std::optional<Date> date;  // default: today
};

struct Count {
  std::int64_t id = 0;
  ProductId product_id;
  LocationId location_id;
  std::optional<LotId> lot_id;
  Date date = accounting::detail::placeholder_date();
  Quantity counted = Quantity::zero();
  Quantity on_hand = Quantity::zero();
  Quantity difference = Quantity::zero();
  std::optional<MoveId> move_id;
};

// Records a count and adjusts stock by its difference with one done move between the location
// and the loss location. Errors: product_not_found, product_not_stockable,
// location_not_found, count_location_invalid, count_quantity_invalid, lot_required,
// lot_not_found, and the move functions' errors. Audited.
Result<Count> record_count(db::Tx& tx, const Context& context, const CountDraft& draft);

struct CountPage {
  std::vector<Count> items;  // newest first
  std::optional<std::int64_t> next_cursor;
};
Result<CountPage> list_counts(db::Tx& tx, CompanyId company_id, std::optional<ProductId> product,
                              std::optional<LocationId> location, std::int64_t before_id,
                              std::int64_t limit);

}  // namespace keel::inventory::catalog
