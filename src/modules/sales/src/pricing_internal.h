#pragma once

// Price lists and configurators of the orders part: stored definitions and their checks.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "orders_internal.h"

namespace keel::sales::detail {

struct PricelistItem {
  std::int64_t id = 0;
  std::optional<inventory::ProductId> product_id;
  std::optional<inventory::CategoryId> category_id;
  Quantity min_quantity = Quantity::zero();
  std::optional<UnitPrice> price;
  std::optional<std::string> discount_percent;
  std::optional<Date> date_from;
  std::optional<Date> date_to;
};

struct Pricelist {
  PricelistId id;
  std::string name;
  Currency currency = accounting::detail::placeholder_currency();
  std::optional<std::string> customer_group;
  bool archived = false;
  std::vector<PricelistItem> items;
  std::int64_t version = 1;
};

// Read from JSON by the routes (every field problem is reported with its code there) and
// checked again against the database here. Errors: pricelist_name_invalid, currency_invalid,
// pricelist_items_too_many, pricelist_item_target_invalid, product_not_found,
// category_not_found, pricelist_item_price_invalid, pricelist_item_dates_invalid.
Result<Pricelist> create_pricelist(db::Tx& tx, const Context& context, const Pricelist& draft);
// Errors: pricelist_not_found.
Result<Pricelist> get_pricelist(db::Tx& tx, const Context& context, PricelistId id);
Result<std::vector<Pricelist>> list_pricelists(db::Tx& tx, const Context& context);
Result<Pricelist> archive_pricelist(db::Tx& tx, const Context& context, PricelistId id);
// Assigns (or with nullopt removes) a partner's price list. Errors: partner_not_found,
// pricelist_not_found.
Result<void> assign_pricelist(db::Tx& tx, const Context& context, partners::PartyId partner,
                              std::optional<PricelistId> pricelist);

// ---- configurators

// Whether the product has a configurator.
Result<bool> has_configurator(db::Tx& tx, const Context& context, inventory::ProductId product);
// The stored definition ({"product_id", "groups", "rules"}); groups empty when none.
Result<nlohmann::json> get_configurator(db::Tx& tx, const Context& context,
                                        inventory::ProductId product);
// Stores a definition after checking it. Errors: product_not_found, configurator_invalid
// (with the field).
Result<nlohmann::json> set_configurator(db::Tx& tx, const Context& context,
                                        inventory::ProductId product,
                                        const nlohmann::json& definition);
// Checks a choice against the product's configurator; returns the sum of the price extras
// (millionths). Errors (on `field`): configuration_not_configurable,
// configuration_option_unknown, configuration_incompatible, configuration_incomplete.
Result<std::int64_t> check_configuration(db::Tx& tx, const Context& context,
                                         inventory::ProductId product,
                                         const std::map<std::string, std::string>& chosen,
                                         const std::string& field);

}  // namespace keel::sales::detail
