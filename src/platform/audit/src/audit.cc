#include <string>
#include <vector>

#include "keel/audit/audit_api.h"
#include "keel/core/assert.h"
#include "keel/core/limits.h"
#include "keel/db/db.h"

namespace keel::audit {
namespace detail {
const db::MigrationSet& migrations();  // generated from migrations/ by keel_add_module
}  // namespace detail

const db::MigrationSet& migrations() { return detail::migrations(); }

std::vector<http::PermissionSpec> permissions() {
  return {{.code = "audit.log.read",
           .description = "Read the audit trail of the company",
           .default_roles = {{"manager", http::Scope::all}}}};
}

namespace {

db::Value json_or_null(const nlohmann::json& document) {
  if (document.is_null()) return db::null;
  return document.dump();
}

nlohmann::json parse_stored(const std::optional<std::string>& text) {
  if (!text) return nullptr;
  // Only record() writes this column, always with valid JSON: a parse failure is a bug.
  auto document = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
  KEEL_ASSERT(!document.is_discarded());
  return document;
}

Entry entry_from_row(const db::Row& row) {
  Entry entry;
  entry.id = row.integer(0);
  entry.company_id = CompanyId(row.integer(1));
  entry.user_id = UserId(row.integer(2));
  entry.at = row.text(3);
  entry.action = row.text(4);
  entry.entity = row.text(5);
  entry.entity_id = row.text(6);
  entry.before = parse_stored(row.optional_text(7));
  entry.after = parse_stored(row.optional_text(8));
  entry.request_id = row.text(9);
  return entry;
}

}  // namespace

Result<void> record(db::Tx& tx, const Clock& clock, const Change& change) {
  // Every caller is code, not input: a missing company or action is a programmer error.
  KEEL_ASSERT(tx.is_write());
  KEEL_ASSERT(change.company_id.valid());
  KEEL_ASSERT(change.user_id.value() >= 0);
  KEEL_ASSERT(!change.action.empty() && !change.entity.empty());
  TRY(tx.execute(
      "INSERT INTO audit_log (company_id, user_id, at, action, entity, entity_id, before_json, "
      "after_json, request_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
      {change.company_id.value(), change.user_id.value(), format_instant(clock.now()),
       change.action, change.entity, change.entity_id, json_or_null(change.before),
       json_or_null(change.after), change.request_id}));
  return Ok{};
}

Result<Page> list(db::Tx& tx, CompanyId company_id, const Filter& filter) {
  KEEL_ASSERT(filter.limit >= 1 && filter.limit <= limits::kPageSizeMax);
  // The statement is assembled from fixed fragments with numbered parameters, so only the
  // filters actually given constrain the plan; user text is never spliced into SQL.
  std::string sql =
      "SELECT id, company_id, user_id, at, action, entity, entity_id, before_json, after_json, "
      "request_id FROM audit_log WHERE company_id = $1";
  std::vector<db::Value> params{company_id.value()};
  auto add = [&](std::string_view condition, db::Value value) {
    params.push_back(std::move(value));
    sql += " AND ";
    sql += condition;
    sql += " $" + std::to_string(params.size());
  };
  if (filter.entity) add("entity =", *filter.entity);
  if (filter.entity_id) add("entity_id =", *filter.entity_id);
  if (filter.user_id) add("user_id =", filter.user_id->value());
  if (filter.action) add("action =", *filter.action);
  if (filter.from) add("at >=", format_instant(*filter.from));
  if (filter.to) add("at <", format_instant(*filter.to));
  if (filter.before_id) add("id <", *filter.before_id);
  // One row more than asked tells whether another page exists.
  params.push_back(filter.limit + 1);
  sql += " ORDER BY id DESC LIMIT $" + std::to_string(params.size());

  const db::Rows rows = TRY(tx.query(sql, params));
  Page page;
  for (const db::Row& row : rows) {
    if (static_cast<std::int64_t>(page.items.size()) == filter.limit) {
      page.next_before = page.items.back().id;
      break;
    }
    page.items.push_back(entry_from_row(row));
    KEEL_ASSERT(page.items.back().company_id == company_id);
  }
  return page;
}

}  // namespace keel::audit
