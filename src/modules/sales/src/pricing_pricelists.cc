// Price lists, partner assignments and configurators: storage and checks.
#include <set>

#include "keel/core/limits.h"

#include "pricing_internal.h"

namespace keel::sales::detail {
namespace {

Result<PricelistItem> item_from_row(const db::Row& row, Currency currency) {
  PricelistItem item;
  item.id = row.integer(0);
  if (const auto p = row.optional_integer(1)) item.product_id = inventory::ProductId{*p};
  if (const auto c = row.optional_integer(2)) item.category_id = inventory::CategoryId{*c};
  item.min_quantity = TRY(Quantity::from_value_e6(row.integer(3)));
  if (const auto price = row.optional_integer(4)) {
    item.price = TRY(UnitPrice::from_value_e6(*price, currency));
  }
  item.discount_percent = row.optional_text(5);
  if (const auto from = row.optional_text(6)) item.date_from = TRY(Date::parse(*from));
  if (const auto to = row.optional_text(7)) item.date_to = TRY(Date::parse(*to));
  return item;
}

}  // namespace

Result<Pricelist> get_pricelist(db::Tx& tx, const Context& context, PricelistId id) {
  const auto row = TRY(tx.query_one(
      "SELECT name, currency, customer_group, archived, version FROM sales_pricelists "
      "WHERE id = $1 AND company_id = $2",
      {id.value(), context.company_id.value()}));
  if (!row) {
    return Error::not_found("pricelist_not_found", "no price list " + std::to_string(id.value()));
  }
  Pricelist list;
  list.id = id;
  list.name = row->text(0);
  list.currency = TRY(Currency::from_code(row->text(1)));
  list.customer_group = row->optional_text(2);
  list.archived = row->integer(3) != 0;
  list.version = row->integer(4);
  for (const auto& item : TRY(tx.query(
           "SELECT id, product_id, category_id, min_quantity_e6, price_e6, discount_percent, "
           "date_from, date_to FROM sales_pricelist_items WHERE pricelist_id = $1 ORDER BY id",
           {id.value()}))) {
    list.items.push_back(TRY(item_from_row(item, list.currency)));
  }
  return list;
}

Result<std::vector<Pricelist>> list_pricelists(db::Tx& tx, const Context& context) {
  std::vector<Pricelist> lists;
  for (const auto& row : TRY(tx.query(
           "SELECT id FROM sales_pricelists WHERE company_id = $1 ORDER BY id LIMIT 500",
           {context.company_id.value()}))) {
    lists.push_back(TRY(get_pricelist(tx, context, PricelistId{row.integer(0)})));
  }
  return lists;
}

Result<Pricelist> create_pricelist(db::Tx& tx, const Context& context, const Pricelist& draft) {
  if (draft.name.empty() || draft.name.size() > limits::kNameLengthMax) {
    return Error::validation("pricelist_name_invalid", "1 to 300 bytes", "name");
  }
  if (draft.items.size() > kPricelistItemsMax) {
    return Error::validation("pricelist_items_too_many", "at most 1000 items", "items");
  }
  for (std::size_t i = 0; i < draft.items.size(); ++i) {
    const auto& item = draft.items[i];
    const std::string prefix = "items/" + std::to_string(i) + "/";
    if (item.product_id.has_value() == item.category_id.has_value()) {
      return Error::validation("pricelist_item_target_invalid",
                               "name a product or a category", prefix + "product_id");
    }
    if (item.product_id && !inventory::get_product(tx, context.company_id, *item.product_id).ok()) {
      return Error::validation("product_not_found", "no such product", prefix + "product_id");
    }
    if (item.category_id &&
        !inventory::get_category(tx, context.company_id, *item.category_id).ok()) {
      return Error::validation("category_not_found", "no such category", prefix + "category_id");
    }
    if (item.price.has_value() == item.discount_percent.has_value()) {
      return Error::validation("pricelist_item_price_invalid",
                               "give a price or a discount percent", prefix + "price");
    }
    if (item.date_from && item.date_to && *item.date_to < *item.date_from) {
      return Error::validation("pricelist_item_dates_invalid", "date_to is before date_from",
                               prefix + "date_to");
    }
  }
  const auto rows = TRY(tx.query(
      "INSERT INTO sales_pricelists (company_id, name, currency, customer_group, created_at) "
      "VALUES ($1, $2, $3, $4, $5) RETURNING id",
      {context.company_id.value(), draft.name, std::string(draft.currency.code()),
       draft.customer_group ? db::Value(*draft.customer_group) : db::Value(db::null),
       now_text(context)}));
  const PricelistId id{rows.at(0).integer(0)};
  for (const auto& item : draft.items) {
    TRY(tx.execute(
        "INSERT INTO sales_pricelist_items (pricelist_id, product_id, category_id, "
        "min_quantity_e6, price_e6, discount_percent, date_from, date_to) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        {id.value(), item.product_id ? db::Value(item.product_id->value()) : db::Value(db::null),
         item.category_id ? db::Value(item.category_id->value()) : db::Value(db::null),
         item.min_quantity.value_e6(),
         item.price ? db::Value(item.price->value_e6()) : db::Value(db::null),
         item.discount_percent ? db::Value(*item.discount_percent) : db::Value(db::null),
         item.date_from ? db::Value(item.date_from->to_string()) : db::Value(db::null),
         item.date_to ? db::Value(item.date_to->to_string()) : db::Value(db::null)}));
  }
  TRY(record_change(tx, context, "create", "sales.pricelist", id.value(),
                    {{"name", draft.name}, {"items", draft.items.size()}}));
  return get_pricelist(tx, context, id);
}

Result<Pricelist> archive_pricelist(db::Tx& tx, const Context& context, PricelistId id) {
  const auto changed = TRY(tx.execute(
      "UPDATE sales_pricelists SET archived = 1, version = version + 1 WHERE id = $1 AND "
      "company_id = $2 AND archived = 0",
      {id.value(), context.company_id.value()}));
  const Pricelist list = TRY(get_pricelist(tx, context, id));
  if (changed == 1) TRY(record_change(tx, context, "archive", "sales.pricelist", id.value(), {}));
  return list;
}

Result<void> assign_pricelist(db::Tx& tx, const Context& context, partners::PartyId partner,
                              std::optional<PricelistId> pricelist) {
  auto party = partners::get_party(tx, partners::Caller::system(context.company_id), partner);
  if (!party.ok()) return Error::validation("partner_not_found", "no such partner", "partner_id");
  TRY(tx.execute("DELETE FROM sales_partner_pricelists WHERE company_id = $1 AND partner_id = $2",
                 {context.company_id.value(), partner.value()}));
  if (pricelist) {
    auto list = get_pricelist(tx, context, *pricelist);
    if (!list.ok()) {
      return Error::validation("pricelist_not_found", "no such price list", "pricelist_id");
    }
    TRY(tx.execute(
        "INSERT INTO sales_partner_pricelists (company_id, partner_id, pricelist_id) "
        "VALUES ($1, $2, $3)",
        {context.company_id.value(), partner.value(), pricelist->value()}));
  }
  return record_change(
      tx, context, "assign_pricelist", "partners.party", partner.value(),
      {{"pricelist_id", pricelist ? nlohmann::json(pricelist->value()) : nlohmann::json()}});
}

// ---- configurators

Result<bool> has_configurator(db::Tx& tx, const Context& context, inventory::ProductId product) {
  const auto row = TRY(tx.query_one(
      "SELECT 1 FROM sales_configurators WHERE company_id = $1 AND product_id = $2",
      {context.company_id.value(), product.value()}));
  return row.has_value();
}

Result<nlohmann::json> get_configurator(db::Tx& tx, const Context& context,
                                        inventory::ProductId product) {
  TRY(inventory::get_product(tx, context.company_id, product));
  const auto row = TRY(tx.query_one(
      "SELECT definition FROM sales_configurators WHERE company_id = $1 AND product_id = $2",
      {context.company_id.value(), product.value()}));
  nlohmann::json out = row ? nlohmann::json::parse(row->text(0))
                           : nlohmann::json{{"groups", nlohmann::json::array()},
                                            {"rules", nlohmann::json::array()}};
  out["product_id"] = product.value();
  return out;
}

Result<nlohmann::json> set_configurator(db::Tx& tx, const Context& context,
                                        inventory::ProductId product,
                                        const nlohmann::json& definition) {
  TRY(inventory::get_product(tx, context.company_id, product));
  const auto invalid = [](const std::string& field) {
    return Error::validation("configurator_invalid", "not a valid configurator", field);
  };
  if (!definition.is_object() || !definition.contains("groups") ||
      !definition["groups"].is_array() || definition["groups"].size() > kConfigGroupsMax) {
    return invalid("groups");
  }
  std::set<std::string> options;
  nlohmann::json stored = {{"groups", nlohmann::json::array()}, {"rules", nlohmann::json::array()}};
  for (std::size_t g = 0; g < definition["groups"].size(); ++g) {
    const auto& group = definition["groups"][g];
    const std::string at = "groups/" + std::to_string(g);
    if (!group.is_object() || !group.value("code", nlohmann::json()).is_string() ||
        !group.value("options", nlohmann::json()).is_array() ||
        group["options"].size() > kConfigOptionsMax) {
      return invalid(at);
    }
    nlohmann::json out = {{"code", group["code"]},
                          {"name", group.value("name", group["code"].get<std::string>())},
                          {"required", group.value("required", false)},
                          {"options", nlohmann::json::array()}};
    for (const auto& option : group["options"]) {
      if (!option.is_object() || !option.value("code", nlohmann::json()).is_string()) {
        return invalid(at + "/options");
      }
      const std::string extra = option.value("price_extra", std::string("0"));
      if (!UnitPrice::parse(extra, context.company_currency).ok()) {
        return invalid(at + "/options");
      }
      options.insert(group["code"].get<std::string>() + ":" + option["code"].get<std::string>());
      out["options"].push_back({{"code", option["code"]},
                                {"name", option.value("name", option["code"].get<std::string>())},
                                {"price_extra", extra}});
    }
    stored["groups"].push_back(out);
  }
  const auto rules = definition.value("rules", nlohmann::json::array());
  if (!rules.is_array() || rules.size() > kConfigRulesMax) return invalid("rules");
  for (const auto& rule : rules) {
    if (!rule.is_object() || !rule.value("option", nlohmann::json()).is_string() ||
        !rule.value("other", nlohmann::json()).is_string() ||
        (rule.value("kind", std::string()) != "requires" &&
         rule.value("kind", std::string()) != "excludes") ||
        !options.contains(rule["option"].get<std::string>()) ||
        !options.contains(rule["other"].get<std::string>())) {
      return invalid("rules");
    }
    stored["rules"].push_back(
        {{"kind", rule["kind"]}, {"option", rule["option"]}, {"other", rule["other"]}});
  }
  TRY(tx.execute("DELETE FROM sales_configurators WHERE company_id = $1 AND product_id = $2",
                 {context.company_id.value(), product.value()}));
  if (!stored["groups"].empty()) {
    TRY(tx.execute(
        "INSERT INTO sales_configurators (company_id, product_id, definition, updated_at) "
        "VALUES ($1, $2, $3, $4)",
        {context.company_id.value(), product.value(), stored.dump(), now_text(context)}));
  }
  TRY(record_change(tx, context, "configure", "sales.configurator", product.value(), stored));
  return get_configurator(tx, context, product);
}

Result<std::int64_t> check_configuration(db::Tx& tx, const Context& context,
                                         inventory::ProductId product,
                                         const std::map<std::string, std::string>& chosen,
                                         const std::string& field) {
  if (!TRY(has_configurator(tx, context, product))) {
    return Error::validation("configuration_not_configurable", "the product has no options",
                             field);
  }
  const nlohmann::json definition = TRY(get_configurator(tx, context, product));
  std::set<std::string> picked;
  std::int64_t extra_e6 = 0;
  for (const auto& [group, option] : chosen) {
    bool found = false;
    for (const auto& g : definition["groups"]) {
      if (g["code"] != group) continue;
      for (const auto& o : g["options"]) {
        if (o["code"] != option) continue;
        found = true;
        extra_e6 += TRY(UnitPrice::parse(o["price_extra"].get<std::string>(),
                                         context.company_currency))
                        .value_e6();
      }
    }
    if (!found) {
      return Error::validation("configuration_option_unknown",
                               "no option " + option + " in " + group, field + "/" + group);
    }
    picked.insert(group + ":" + option);
  }
  for (const auto& rule : definition["rules"]) {
    const std::string option = rule["option"];
    const std::string other = rule["other"];
    if (!picked.contains(option)) continue;
    const bool broken = rule["kind"] == "excludes" ? picked.contains(other)
                                                   : !picked.contains(other) &&
                                                         chosen.contains(other.substr(0, other.find(':')));
    if (broken) {
      return Error::validation("configuration_incompatible", option + " and " + other, field);
    }
  }
  for (const auto& g : definition["groups"]) {
    if (g["required"].get<bool>() && !chosen.contains(g["code"].get<std::string>())) {
      return Error::validation("configuration_incomplete",
                               "choose " + g["code"].get<std::string>(), field);
    }
  }
  // A requirement on a group left open is incomplete too.
  for (const auto& rule : definition["rules"]) {
    const std::string option = rule["option"];
    const std::string other = rule["other"];
    if (rule["kind"] == "requires" && picked.contains(option) && !picked.contains(other)) {
      return Error::validation("configuration_incomplete", option + " needs " + other, field);
    }
  }
  return extra_e6;
}

}  // namespace keel::sales::detail
