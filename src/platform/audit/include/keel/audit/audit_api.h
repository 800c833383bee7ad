#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "keel/audit/audit.h"
#include "keel/db/migrations.h"
#include "keel/http/router.h"
#include "keel/http/security.h"

// The audit module as the application composes it: its tables, its permission, its routes,
// and the query behind GET /api/v1/audit. Recording is declared in keel/audit/audit.h.
namespace keel::audit {

// audit_log and the triggers that make it append-only on both engines.
const db::MigrationSet& migrations();

// "audit.log.read" (granted to manager with scope all; admin holds every permission).
std::vector<http::PermissionSpec> permissions();

// GET /api/v1/audit: the caller's company's trail, newest first, filtered and paginated.
// Requires audit.log.read.
void register_routes(http::Router& router);

// One stored audit row.
struct Entry {
  std::int64_t id = 0;
  CompanyId company_id;
  UserId user_id;
  std::string at;  // keel::format_instant text
  std::string action;
  std::string entity;
  std::string entity_id;
  nlohmann::json before;  // null when none was recorded
  nlohmann::json after;
  std::string request_id;
};

// What to list. Every filter is optional; `from` is inclusive, `to` exclusive.
struct Filter {
  std::optional<std::string> entity;
  std::optional<std::string> entity_id;
  std::optional<UserId> user_id;
  std::optional<std::string> action;
  std::optional<Instant> from;
  std::optional<Instant> to;
  // Only rows with an id below this one (the cursor of the previous page).
  std::optional<std::int64_t> before_id;
  // Asserted to be within 1..limits::kPageSizeMax (callers validate input).
  std::int64_t limit = 50;
};

struct Page {
  std::vector<Entry> items;                 // newest first
  std::optional<std::int64_t> next_before;  // pass as Filter::before_id for the next page
};

// The audit rows of `company_id` matching `filter`, newest first. Never another company's.
Result<Page> list(db::Tx& tx, CompanyId company_id, const Filter& filter);

}  // namespace keel::audit
