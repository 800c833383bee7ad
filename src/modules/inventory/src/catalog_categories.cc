// Product categories: the cost method and optional accounts of their products' stock.
#include "catalog_store.h"
#include "keel/core/utf8.h"

namespace keel::inventory {
namespace {

constexpr std::string_view kColumns =
    "id, name, parent_id, cost_method, inventory_account_id, cost_of_goods_account_id, version";

Category category_from_row(const db::Row& row) {
  Category category;
  category.id = CategoryId{row.integer(0)};
  category.name = row.text(1);
  if (const auto parent = row.optional_integer(2)) category.parent_id = CategoryId{*parent};
  auto method = parse_cost_method(row.text(3));
  KEEL_ASSERT(method.ok());  // CHECK constraint
  category.cost_method = *method;
  if (const auto account = row.optional_integer(4)) {
    category.inventory_account_id = accounting::AccountId{*account};
  }
  if (const auto account = row.optional_integer(5)) {
    category.cost_of_goods_account_id = accounting::AccountId{*account};
  }
  category.version = row.integer(6);
  return category;
}

db::Value optional_id(const auto& id) {
  if (!id) return db::null;
  return id->value();
}

Result<void> check_account(db::Tx& tx, CompanyId company_id,
                           std::optional<accounting::AccountId> id, const char* field) {
  if (!id) return Ok{};
  auto account = accounting::get_account(tx, company_id, *id);
  if (!account.ok()) {
    if (account.error().kind() != ErrorKind::not_found) return Error(account.error());
    return Error::validation("account_not_found", "no account " + std::to_string(id->value()),
                             field);
  }
  if (account->archived) {
    return Error::validation("account_archived", "account " + account->code + " is archived",
                             field);
  }
  return Ok{};
}

// The depth the parent chain gives a new child (a root is at depth 1).
Result<int> depth_under(db::Tx& tx, CompanyId company_id, CategoryId parent) {
  int depth = 1;
  std::optional<CategoryId> next = parent;
  while (next) {
    const Category category = TRY(get_category(tx, company_id, *next));
    ++depth;
    if (depth > limits::kCategoryDepthMax) return depth;
    next = category.parent_id;
  }
  return depth;
}

}  // namespace

namespace catalog {

Result<CategoryId> ensure_default_category(db::Tx& tx, CompanyId company_id,
                                           std::string_view now) {
  // Concurrent first uses: the second waits on the unique index and then inserts nothing.
  TRY(tx.execute(
      "INSERT INTO inventory_categories (company_id, name, cost_method, created_at) "
      "VALUES ($1, 'All', 'fifo', $2) ON CONFLICT (company_id, name) DO NOTHING",
      {company_id.value(), std::string(now)}));
  const auto row = TRY(
      tx.query_one("SELECT id FROM inventory_categories WHERE company_id = $1 AND name = 'All'",
                   {company_id.value()}));
  KEEL_ASSERT(row.has_value());
  return CategoryId{row->integer(0)};
}

}  // namespace catalog

Result<Category> get_category(db::Tx& tx, CompanyId company_id, CategoryId id) {
  const auto row =
      TRY(tx.query_one("SELECT " + std::string(kColumns) +
                           " FROM inventory_categories WHERE company_id = $1 AND id = $2",
                       {company_id.value(), id.value()}));
  if (!row) {
    return Error::not_found("category_not_found", "no category " + std::to_string(id.value()));
  }
  return category_from_row(*row);
}

Result<std::vector<Category>> list_categories(db::Tx& tx, CompanyId company_id) {
  if (tx.is_write()) {
    // No Context here (see list_uoms): the seeded row's created_at uses the system clock.
    TRY(catalog::ensure_default_category(tx, company_id, format_instant(SystemClock().now())));
  }
  const auto rows = TRY(tx.query("SELECT " + std::string(kColumns) +
                                     " FROM inventory_categories WHERE company_id = $1 "
                                     "ORDER BY name, id",
                                 {company_id.value()}));
  std::vector<Category> out;
  out.reserve(rows.size());
  for (const auto& row : rows) out.push_back(category_from_row(row));
  return out;
}

Result<Category> default_category(db::Tx& tx, const Context& context) {
  const CategoryId id =
      TRY(catalog::ensure_default_category(tx, context.company_id, catalog::now_text(context)));
  return get_category(tx, context.company_id, id);
}

Result<Category> create_category(db::Tx& tx, const Context& context, const CategoryDraft& draft) {
  if (draft.name.empty()) {
    return Error::validation("category_name_required", "a category needs a name", "name");
  }
  if (!check_text(draft.name, keel::limits::kNameLengthMax, "name").ok()) {
    return Error::validation("category_name_required", "the name is not valid text", "name");
  }
  const CostMethod method = TRY(parse_cost_method(draft.cost_method));
  if (draft.parent_id) {
    auto depth = depth_under(tx, context.company_id, *draft.parent_id);
    if (!depth.ok()) {
      if (depth.error().kind() != ErrorKind::not_found) return depth.release_error();
      return Error::validation("category_not_found",
                               "no category " + std::to_string(draft.parent_id->value()),
                               "parent_id");
    }
    if (*depth > limits::kCategoryDepthMax) {
      return Error::validation("category_depth_exceeded", "categories nest at most 8 levels",
                               "parent_id");
    }
  }
  TRY(check_account(tx, context.company_id, draft.inventory_account_id, "inventory_account_id"));
  TRY(check_account(tx, context.company_id, draft.cost_of_goods_account_id,
                    "cost_of_goods_account_id"));
  const std::string now = catalog::now_text(context);
  TRY(catalog::ensure_default_category(tx, context.company_id, now));
  const auto taken = TRY(
      tx.query_one("SELECT 1 FROM inventory_categories WHERE company_id = $1 AND name = $2",
                   {context.company_id.value(), draft.name}));
  if (taken) {
    return Error::conflict("category_name_taken", "a category named " + draft.name + " exists");
  }
  const auto row = TRY(tx.query_one(
      "INSERT INTO inventory_categories (company_id, name, parent_id, cost_method, "
      "inventory_account_id, cost_of_goods_account_id, created_at) VALUES ($1, $2, $3, $4, $5, "
      "$6, $7) RETURNING " +
          std::string(kColumns),
      {context.company_id.value(), draft.name, optional_id(draft.parent_id),
       std::string(to_string(method)), optional_id(draft.inventory_account_id),
       optional_id(draft.cost_of_goods_account_id), now}));
  const Category category = category_from_row(*row);
  TRY(catalog::audit_change(
      tx, context, "create", "category", category.id.value(), nullptr,
      {{"name", category.name},
       {"parent_id", category.parent_id ? nlohmann::json(category.parent_id->value()) : nullptr},
       {"cost_method", to_string(category.cost_method)}}));
  return category;
}

}  // namespace keel::inventory
