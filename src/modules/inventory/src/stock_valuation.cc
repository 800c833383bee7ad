// Valuation: layers per valued move (FIFO, moving average, standard cost), their postings
// through accounting::post(), the replay that corrects deliveries after a backdated receipt,
// standard-cost revaluation and the stock value.
#include <map>

#include "stock_internal.h"
#include "stock_moves.h"

namespace keel::inventory {

namespace stock {

bool is_valued(LocationUsage from, LocationUsage to) {
  const bool from_internal = from == LocationUsage::internal;
  const bool to_internal = to == LocationUsage::internal;
  if (from_internal == to_internal) return false;
  // Goods on their way between two warehouses stay on the books.
  return (from_internal ? to : from) != LocationUsage::transit;
}

namespace {

using accounting::AccountId;
using decimal::Int128;

struct Cost {
  std::int64_t quantity_e6 = 0;
  std::int64_t value_minor = 0;
};

// Locks the product's cost row (created when missing) and reads it: valued moves of one
// product run one after the other, each seeing the previous one's layers.
Result<Cost> lock_cost(db::Tx& tx, CompanyId company_id, ProductId product) {
  const auto row = TRY(tx.query_one(
      "INSERT INTO inventory_product_costs (company_id, product_id) VALUES ($1, $2) "
      "ON CONFLICT (product_id) DO UPDATE SET version = inventory_product_costs.version + 1 "
      "RETURNING quantity_e6, value_minor",
      {company_id.value(), product.value()}));
  KEEL_ASSERT(row.has_value());
  return Cost{row->integer(0), row->integer(1)};
}

Result<void> add_cost(db::Tx& tx, ProductId product, std::int64_t quantity_e6,
                      std::int64_t value_minor) {
  TRY(
      tx.execute("UPDATE inventory_product_costs SET quantity_e6 = quantity_e6 + $1, "
                 "value_minor = value_minor + $2 WHERE product_id = $3",
                 {quantity_e6, value_minor, product.value()}));
  return Ok{};
}

// The share of `value` that `part` of `whole` carries, rounded half-even; all of it when the
// part is the whole (the last unit takes the remainder, so values never drift).
std::int64_t share(std::int64_t value, std::int64_t part, std::int64_t whole) {
  if (whole <= 0) return 0;
  if (part >= whole) return value;
  return static_cast<std::int64_t>(
      decimal::divide_rounded(Int128{value} * part, Int128{whole}, Rounding::half_even));
}

// The account with `role`, remembered in the batch when there is one.
Result<AccountId> account_by_role(db::Tx& tx, const Context& context, std::string_view role,
                                  PostingBatch* batch) {
  if (batch != nullptr) {
    if (const auto found = batch->accounts_by_role.find(role);
        found != batch->accounts_by_role.end()) {
      return found->second;
    }
  }
  const AccountId id = TRY(accounting::find_account_by_role(tx, context.company_id, role)).id;
  if (batch != nullptr) batch->accounts_by_role.emplace(std::string(role), id);
  return id;
}

Result<AccountId> role_account(db::Tx& tx, const Context& context, std::string_view role,
                               accounting::AccountType type, const char* english_name,
                               PostingBatch* batch) {
  auto found = account_by_role(tx, context, role, batch);
  if (found.ok()) return *found;
  if (found.error().code() != "account_role_missing") return found.release_error();
  accounting::AccountDraft draft;
  draft.code = std::string(role);
  draft.type = type;
  draft.role = std::string(role);
  draft.names = {{"en", english_name}};
  const accounting::Account created = TRY(accounting::create_account(tx, context, draft));
  return created.id;
}

Result<AccountId> inventory_account(db::Tx& tx, const Context& context,
                                    const detail::StockProduct& product,
                                    PostingBatch* batch = nullptr) {
  if (product.inventory_account_id) return *product.inventory_account_id;
  return account_by_role(tx, context, accounting::role::kInventory, batch);
}

Result<AccountId> cogs_account(db::Tx& tx, const Context& context,
                               const detail::StockProduct& product,
                               PostingBatch* batch = nullptr) {
  if (product.cost_of_goods_account_id) return *product.cost_of_goods_account_id;
  return account_by_role(tx, context, accounting::role::kCostOfGoods, batch);
}

// The account on the other side of inventory for a move to or from `usage`.
Result<AccountId> counterpart_account(db::Tx& tx, const Context& context,
                                      const detail::StockProduct& product, LocationUsage usage,
                                      PostingBatch* batch = nullptr) {
  switch (usage) {
    case LocationUsage::supplier:
      return role_account(tx, context, accounting::role::kStockInterim,
                          accounting::AccountType::liability, "Stock received not billed", batch);
    case LocationUsage::loss:
      return role_account(tx, context, accounting::role::kInventoryLoss,
                          accounting::AccountType::expense, "Inventory adjustments", batch);
    case LocationUsage::customer:
    case LocationUsage::production:
    case LocationUsage::internal:
    case LocationUsage::transit:
      break;
  }
  return cogs_account(tx, context, product, batch);
}

// Posts signed amounts per account (+ debit, − credit; zeros dropped) as one entry in the
// general journal. None when nothing is left.
Result<std::optional<accounting::EntryId>> post_amounts(
    db::Tx& tx, const Context& context, const std::map<std::int64_t, std::int64_t>& amounts,
    Date date, const std::string& memo, const std::string& origin) {
  const accounting::Journal journal =
      TRY(accounting::find_journal(tx, context.company_id, accounting::JournalType::general));
  accounting::EntryDraft draft{
      .journal_id = journal.id, .date = date, .memo = memo, .reference = {}, .origin = origin};
  for (const auto& [account, amount] : amounts) {
    if (amount == 0) continue;
    const Money money = money_of(amount < 0 ? -amount : amount, context.company_currency);
    draft.lines.push_back(amount > 0
                              ? accounting::LineDraft::debit_of(AccountId{account}, money, memo)
                              : accounting::LineDraft::credit_of(AccountId{account}, money, memo));
  }
  if (draft.lines.empty()) return std::optional<accounting::EntryId>{};
  const accounting::Entry entry = TRY(accounting::post(tx, context, draft));
  return std::optional<accounting::EntryId>{entry.id};
}

// Posts the move's amounts now, or adds them to the batch (the entry comes at post_batch).
Result<std::optional<accounting::EntryId>> post_or_add(
    db::Tx& tx, const Context& context, const std::map<std::int64_t, std::int64_t>& amounts,
    const Move& done, PostingBatch* batch) {
  if (batch == nullptr) {
    const std::string id = std::to_string(done.id.value());
    return post_amounts(tx, context, amounts, done.date, "Stock move " + id,
                        "inventory.move:" + id);
  }
  PostingBatch::Day& day = batch->days[done.date.to_string()];
  for (const auto& [account, amount] : amounts) day.amounts[account] += amount;
  day.move_ids.push_back(done.id.value());
  return std::optional<accounting::EntryId>{};
}

Result<void> insert_layer(db::Tx& tx, const Context& context, ProductId product,
                          std::optional<MoveId> move, AccountId account, Date date,
                          std::int64_t quantity_e6, std::int64_t value_minor,
                          std::int64_t remaining_e6, std::int64_t remaining_minor,
                          std::optional<accounting::EntryId> entry, std::string_view kind) {
  TRY(tx.execute(
      "INSERT INTO inventory_valuation_layers (company_id, product_id, move_id, account_id, date, "
      "quantity_e6, value_minor, remaining_quantity_e6, remaining_value_minor, entry_id, kind, "
      "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
      {context.company_id.value(), product.value(),
       move ? db::Value(move->value()) : db::Value(db::null), account.value(), date.to_string(),
       quantity_e6, value_minor, remaining_e6, remaining_minor,
       entry ? db::Value(entry->value()) : db::Value(db::null), std::string(kind),
       now_text(context)}));
  return Ok{};
}

// Takes `quantity_e6` from the oldest remaining incoming layers; returns their value.
Result<std::int64_t> consume_fifo(db::Tx& tx, ProductId product, std::int64_t quantity_e6) {
  const auto layers = TRY(tx.query(
      "SELECT id, remaining_quantity_e6, remaining_value_minor FROM inventory_valuation_layers "
      "WHERE product_id = $1 AND remaining_quantity_e6 > 0 ORDER BY date, id",
      {product.value()}));
  std::int64_t need = quantity_e6;
  std::int64_t value = 0;
  for (const auto& layer : layers) {
    if (need == 0) break;
    const std::int64_t remaining = layer.integer(1);
    const std::int64_t take = std::min(need, remaining);
    const std::int64_t taken_value = share(layer.integer(2), take, remaining);
    TRY(
        tx.execute("UPDATE inventory_valuation_layers SET remaining_quantity_e6 = "
                   "remaining_quantity_e6 - $1, remaining_value_minor = remaining_value_minor - $2 "
                   "WHERE id = $3",
                   {take, taken_value, layer.integer(0)}));
    need -= take;
    value += taken_value;
  }
  return value;
}

// What an incoming move is worth to its counterpart: the given unit cost, or for a return the
// value per unit its origin move left with, or the product's current cost.
Result<std::int64_t> incoming_value(db::Tx& tx, const Context& context,
                                    const detail::StockProduct& product, const Move& move,
                                    std::optional<UnitPrice> unit_cost) {
  const std::int64_t quantity = move.quantity.value_e6();
  if (!unit_cost && move.origin_move_id) {
    const auto origin =
        TRY(tx.query_one("SELECT value_minor, quantity_e6 FROM inventory_moves WHERE id = $1",
                         {move.origin_move_id->value()}));
    KEEL_ASSERT(origin.has_value());
    const std::int64_t origin_value =
        origin->integer(0) < 0 ? -origin->integer(0) : origin->integer(0);
    return share(origin_value, quantity, origin->integer(1));
  }
  const UnitPrice cost = unit_cost ? *unit_cost : TRY(current_unit_cost(tx, context, product));
  return TRY(cost.times(move.quantity, Rounding::half_even)).minor_units();
}

Result<void> replay(db::Tx& tx, const Context& context, const detail::StockProduct& product,
                    Date date);

}  // namespace

Result<UnitPrice> current_unit_cost(db::Tx& tx, const Context& context,
                                    const detail::StockProduct& product) {
  if (product.cost_method == CostMethod::standard && product.standard_cost) {
    return *product.standard_cost;
  }
  const auto row = TRY(tx.query_one(
      "SELECT quantity_e6, value_minor FROM inventory_product_costs WHERE product_id = $1",
      {product.id.value()}));
  if (row && row->integer(0) > 0) {
    const int exponent = context.company_currency.exponent();
    const Int128 value_e6 = Int128{row->integer(1)} * decimal::pow10(6 - exponent);
    const Int128 price =
        decimal::divide_rounded(value_e6 * 1'000'000, Int128{row->integer(0)}, Rounding::half_even);
    return UnitPrice::from_value_e6(static_cast<std::int64_t>(price), context.company_currency);
  }
  if (product.standard_cost) return *product.standard_cost;
  return UnitPrice::from_value_e6(0, context.company_currency);
}

Result<Valuation> value_done_move(db::Tx& tx, const Context& context,
                                  const detail::StockProduct& product, const Move& done,
                                  std::optional<UnitPrice> unit_cost, LocationUsage from_usage,
                                  LocationUsage to_usage, PostingBatch* batch) {
  Valuation out;
  if (!is_valued(from_usage, to_usage) || product.type != ProductType::stockable) return out;
  const bool incoming = to_usage == LocationUsage::internal;
  const Cost cost = TRY(lock_cost(tx, context.company_id, product.id));
  const AccountId inventory = TRY(inventory_account(tx, context, product, batch));
  const AccountId counterpart =
      TRY(counterpart_account(tx, context, product, incoming ? from_usage : to_usage, batch));
  const std::int64_t quantity = done.quantity.value_e6();
  std::map<std::int64_t, std::int64_t> amounts;
  if (incoming) {
    const std::int64_t value = TRY(incoming_value(tx, context, product, done, unit_cost));
    std::int64_t stock_value = value;
    if (product.cost_method == CostMethod::standard && product.standard_cost) {
      stock_value =
          TRY(product.standard_cost->times(done.quantity, Rounding::half_even)).minor_units();
      // What was paid above or below standard is a price difference (cost of goods).
      amounts[TRY(cogs_account(tx, context, product, batch)).value()] += value - stock_value;
    }
    amounts[inventory.value()] += stock_value;
    amounts[counterpart.value()] -= value;
    out.entry_id = TRY(post_or_add(tx, context, amounts, done, batch));
    // Only FIFO consumes layers; average and standard value the product as a whole.
    const bool fifo = product.cost_method == CostMethod::fifo;
    TRY(insert_layer(tx, context, product.id, done.id, inventory, done.date, quantity, stock_value,
                     fifo ? quantity : 0, fifo ? stock_value : 0, out.entry_id, "in"));
    TRY(add_cost(tx, product.id, quantity, stock_value));
    out.value_minor = stock_value;
    if (unit_cost) {
      out.unit_cost_e6 = unit_cost->value_e6();
    } else {
      const Int128 value_e6 =
          Int128{value} * decimal::pow10(6 - context.company_currency.exponent());
      out.unit_cost_e6 = static_cast<std::int64_t>(
          decimal::divide_rounded(value_e6 * 1'000'000, Int128{quantity}, Rounding::half_even));
    }
    const auto later = TRY(tx.query_one(
        "SELECT 1 FROM inventory_valuation_layers WHERE product_id = $1 AND kind = 'out' AND "
        "date > $2",
        {product.id.value(), done.date.to_string()}));
    if (later && product.cost_method != CostMethod::standard) {
      TRY(replay(tx, context, product, done.date));
    }
    return out;
  }
  const std::int64_t value = product.cost_method == CostMethod::fifo
                                 ? TRY(consume_fifo(tx, product.id, quantity))
                                 : share(cost.value_minor, quantity, cost.quantity_e6);
  amounts[counterpart.value()] += value;
  amounts[inventory.value()] -= value;
  out.entry_id = TRY(post_or_add(tx, context, amounts, done, batch));
  TRY(insert_layer(tx, context, product.id, done.id, inventory, done.date, -quantity, -value, 0, 0,
                   out.entry_id, "out"));
  TRY(add_cost(tx, product.id, -quantity, -value));
  out.value_minor = -value;
  return out;
}

Result<void> post_batch(db::Tx& tx, const Context& context, PostingBatch& batch) {
  for (auto& [date_text, day] : batch.days) {
    const Date date = TRY(Date::parse(date_text));
    const auto entry = TRY(post_amounts(tx, context, day.amounts, date, batch.memo, batch.origin));
    if (!entry || day.move_ids.empty()) continue;
    const std::string ids = placeholders(3, day.move_ids.size());
    std::vector<db::Value> params{entry->value(), context.company_id.value()};
    for (const std::int64_t id : day.move_ids) params.emplace_back(id);
    TRY(tx.execute("UPDATE inventory_moves SET entry_id = $1 WHERE company_id = $2 AND id IN (" +
                       ids + ")",
                   params));
    TRY(tx.execute("UPDATE inventory_valuation_layers SET entry_id = $1 WHERE company_id = $2 "
                   "AND kind IN ('in', 'out') AND move_id IN (" + ids + ")",
                   params));
  }
  batch.days.clear();
  return Ok{};
}

namespace {

struct LayerRow {
  std::int64_t id = 0;
  std::int64_t move_id = 0;
  std::string kind;
  std::int64_t quantity_e6 = 0;
  std::int64_t value_minor = 0;
  std::string to_usage;
};

// Recomputes, in date order, what every delivery of the product consumed (FIFO: the oldest
// receipts by date; average: the running average by date), and books the difference from
// what was recorded as a correction layer per delivery and one entry dated `date`.
Result<void> replay(db::Tx& tx, const Context& context, const detail::StockProduct& product,
                    Date date) {
  const auto rows =
      TRY(tx.query("SELECT v.id, COALESCE(v.move_id, 0), v.kind, v.quantity_e6, v.value_minor, "
                   "COALESCE(t.usage, '') FROM inventory_valuation_layers v "
                   "LEFT JOIN inventory_moves m ON m.id = v.move_id "
                   "LEFT JOIN inventory_locations t ON t.id = m.to_location_id "
                   "WHERE v.product_id = $1 ORDER BY v.date, v.id",
                   {product.id.value()}));
  std::vector<LayerRow> layers;
  for (const auto& row : rows) {
    layers.push_back(
        {row.integer(0), row.integer(1), row.text(2), row.integer(3), row.integer(4), row.text(5)});
  }
  std::map<std::int64_t, std::int64_t> recorded;  // move → value of its out + corrections
  std::map<std::int64_t, std::int64_t> computed;  // move → value by the replay
  std::map<std::int64_t, std::string> usage_of;
  std::vector<std::pair<std::int64_t, std::array<std::int64_t, 2>>> fifo;  // in layers
  for (const auto& layer : layers) {
    if (layer.kind == "in") fifo.push_back({layer.id, {layer.quantity_e6, layer.value_minor}});
    if (layer.kind == "out" || layer.kind == "correction") {
      recorded[layer.move_id] += layer.value_minor;
      usage_of[layer.move_id] = layer.to_usage;
    }
  }
  std::size_t front = 0;
  std::int64_t running_quantity = 0;
  std::int64_t running_value = 0;
  for (const auto& layer : layers) {
    if (layer.kind == "in" || layer.kind == "revaluation") {
      running_quantity += layer.quantity_e6;
      running_value += layer.value_minor;
      continue;
    }
    if (layer.kind != "out") continue;
    std::int64_t need = -layer.quantity_e6;
    std::int64_t value = 0;
    if (product.cost_method == CostMethod::fifo) {
      while (need > 0 && front < fifo.size()) {
        auto& [remaining, remaining_value] = fifo[front].second;
        const std::int64_t take = std::min(need, remaining);
        const std::int64_t taken = share(remaining_value, take, remaining);
        remaining -= take;
        remaining_value -= taken;
        need -= take;
        value += taken;
        if (remaining == 0) ++front;
      }
    } else {
      value = share(running_value, need, running_quantity);
      running_quantity -= need;
      running_value -= value;
    }
    computed[layer.move_id] = -value;
  }
  const AccountId inventory = TRY(inventory_account(tx, context, product));
  std::map<std::int64_t, std::int64_t> amounts;
  std::int64_t total = 0;
  for (const auto& [move, value] : computed) {
    const std::int64_t difference = value - recorded[move];
    if (difference == 0) continue;
    const auto usage = parse_usage(usage_of[move]).value_or(LocationUsage::customer);
    const AccountId counterpart = TRY(counterpart_account(tx, context, product, usage));
    amounts[inventory.value()] += difference;
    amounts[counterpart.value()] -= difference;
    total += difference;
    TRY(insert_layer(tx, context, product.id, MoveId{move}, inventory, date, 0, difference, 0, 0,
                     std::nullopt, "correction"));
  }
  if (product.cost_method == CostMethod::fifo) {
    for (const auto& [id, remaining] : fifo) {
      TRY(
          tx.execute("UPDATE inventory_valuation_layers SET remaining_quantity_e6 = $1, "
                     "remaining_value_minor = $2 WHERE id = $3",
                     {remaining[0], remaining[1], id}));
    }
  }
  if (total == 0 && amounts.empty()) return Ok{};
  const auto entry = TRY(post_amounts(tx, context, amounts, date,
                                      "Stock valuation correction after a backdated receipt",
                                      "inventory.product:" + std::to_string(product.id.value())));
  if (entry) {
    TRY(
        tx.execute("UPDATE inventory_valuation_layers SET entry_id = $1 WHERE product_id = $2 "
                   "AND kind = 'correction' AND entry_id IS NULL",
                   {entry->value(), product.id.value()}));
  }
  TRY(add_cost(tx, product.id, 0, total));
  return audit_change(tx, context, "revalue", "inventory.product", product.id.value(),
                      {{"correction_minor", total}, {"date", date.to_string()}});
}

}  // namespace
}  // namespace stock

namespace detail {

Result<void> revalue_standard_cost(db::Tx& tx, const Context& context, ProductId product_id,
                                   UnitPrice new_cost, Date date) {
  const StockProduct product = TRY(stock_product(tx, context.company_id, product_id));
  if (product.cost_method != CostMethod::standard) {
    return Error::validation("product_cost_method_invalid",
                             "only a standard-cost product is revalued", "product_id");
  }
  if (new_cost.is_negative() || !(new_cost.currency() == context.company_currency)) {
    return Error::validation("move_unit_cost_invalid", "a unit cost is ≥ 0 in the company currency",
                             "standard_cost");
  }
  const stock::Cost cost = TRY(stock::lock_cost(tx, context.company_id, product_id));
  if (cost.quantity_e6 <= 0) return Ok{};
  const std::int64_t value =
      TRY(new_cost.times(stock::quantity_of(cost.quantity_e6), Rounding::half_even)).minor_units();
  const std::int64_t difference = value - cost.value_minor;
  if (difference == 0) return Ok{};
  const auto inventory = TRY(stock::inventory_account(tx, context, product));
  const auto cogs = TRY(stock::cogs_account(tx, context, product));
  std::map<std::int64_t, std::int64_t> amounts{{inventory.value(), difference},
                                               {cogs.value(), -difference}};
  const auto entry =
      TRY(stock::post_amounts(tx, context, amounts, date, "Standard cost revaluation",
                              "inventory.product:" + std::to_string(product_id.value())));
  TRY(stock::insert_layer(tx, context, product_id, std::nullopt, inventory, date, 0, difference, 0,
                          0, entry, "revaluation"));
  TRY(stock::add_cost(tx, product_id, 0, difference));
  return stock::audit_change(
      tx, context, "revalue", "inventory.product", product_id.value(),
      {{"standard_cost", new_cost.to_string()}, {"difference_minor", difference}});
}

}  // namespace detail

Result<Money> stock_value(db::Tx& tx, const Context& context, std::optional<ProductId> product) {
  const auto row = product ? TRY(tx.query_one("SELECT COALESCE(SUM(value_minor), 0) FROM "
                                              "inventory_product_costs WHERE company_id = $1 AND "
                                              "product_id = $2",
                                              {context.company_id.value(), product->value()}))
                           : TRY(tx.query_one("SELECT COALESCE(SUM(value_minor), 0) FROM "
                                              "inventory_product_costs WHERE company_id = $1",
                                              {context.company_id.value()}));
  return Money::from_minor_units(row ? row->integer(0) : 0, context.company_currency);
}

}  // namespace keel::inventory
