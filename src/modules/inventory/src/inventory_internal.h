#pragma once

// What the parts of the inventory module publish to each other (never to other modules).
#include <optional>
#include <vector>

#include "keel/inventory/inventory_api.h"

namespace keel::inventory::detail {

const db::MigrationSet& migrations();

// ---- catalog part (catalog_*.cc) ----
std::vector<http::PermissionSpec> catalog_permissions();
void register_catalog_routes(http::Router& router);
Result<void> seed_catalog_demo(db::Tx& tx, const Context& context, Date today);

// What the stock engine needs to know of a product.
struct StockProduct {
  ProductId id;
  ProductType type = ProductType::stockable;
  Tracking tracking = Tracking::none;
  CostMethod cost_method = CostMethod::fifo;
  bool is_template = false;
  int uom_decimals = 0;
  std::optional<UnitPrice> standard_cost;  // company currency, per unit
  // The category's accounts when it names its own; absent: the company's accounts found by
  // role (inventory, cost_of_goods).
  std::optional<accounting::AccountId> inventory_account_id;
  std::optional<accounting::AccountId> cost_of_goods_account_id;
};
// Errors: product_not_found.
Result<StockProduct> stock_product(db::Tx& tx, CompanyId company_id, ProductId id);

// ---- stock part (stock_*.cc) ----
std::vector<http::PermissionSpec> stock_permissions();
void register_stock_routes(http::Router& router);
Result<void> seed_stock_demo(db::Tx& tx, const Context& context, Date today);
Result<std::vector<std::string>> check_stock(db::Tx& tx);
// A standard-cost product's cost changes: its stock on hand is revalued to the new cost and
// the difference posted (inventory against the cost-of-goods account), dated `date`.
Result<void> revalue_standard_cost(db::Tx& tx, const Context& context, ProductId product,
                                   UnitPrice new_cost, Date date);

}  // namespace keel::inventory::detail
