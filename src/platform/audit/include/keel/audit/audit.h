#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "keel/core/clock.h"
#include "keel/core/ids.h"
#include "keel/core/result.h"

namespace keel::db {
class Tx;
}

// The append-only audit trail. Every change is recorded in the same transaction that makes
// it: who, when, what, before and after. Rows can never be updated or deleted (database
// triggers refuse it on both engines).
namespace keel::audit {

struct Change {
  CompanyId company_id;
  UserId user_id;          // 0 for the system (migrations, demo data, CLI)
  std::string action;      // "create", "update", "archive", "login", "grant", ...
  std::string entity;      // "<module>.<noun>", e.g. "partners.party"
  std::string entity_id;   // the row's id as text
  nlohmann::json before;   // null for create
  nlohmann::json after;    // null for delete-like actions
  std::string request_id;  // the HTTP request that made it, if any
};

// Appends one audit row inside `tx` (which must be a write transaction).
Result<void> record(db::Tx& tx, const Clock& clock, const Change& change);

}  // namespace keel::audit
