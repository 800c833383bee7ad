#pragma once

#include <string>
#include <vector>

#include "keel/core/clock.h"
#include "keel/core/date.h"
#include "keel/core/ids.h"
#include "keel/core/result.h"
#include "keel/db/db.h"
#include "keel/db/migrations.h"
#include "keel/http/router.h"

// CRM: leads (API, public web forms, CSV import, scoring, duplicate detection, conversion),
// the pipeline (stages, opportunities, kanban, won/lost, quotes through sales' public API,
// forecast and quotas) and the activities of one timeline per partner, opportunity and lead.
// CRM reads and writes partners and quotes only through their modules' public APIs; sales
// never knows CRM. See README.md for the state machines, the record rules and the limits.
namespace keel::crm {

const db::MigrationSet& migrations();

// crm.lead.*, crm.opportunity.*, crm.activity.*, crm.settings.*, crm.forecast.read.
std::vector<http::PermissionSpec> permissions();

// Every /api/v1/crm route, including the public form endpoint (no login).
void register_routes(http::Router& router);

// Invariants `keel check` proves, one line per breach: a converted lead names its partner
// and opportunity; an open opportunity's stage is one of its company's; a won or lost
// opportunity has its closing instant, a lost one its reason.
Result<std::vector<std::string>> check(db::Tx& tx);
inline constexpr int kCheckedInvariantsCount = 3;

// Demo data: stages, a team, scoring rules, a web form, leads in every state, opportunities
// across the stages and months, quotas and a timeline of activities, owned by `owner`.
Result<void> seed_demo(db::Tx& tx, const Clock& clock, CompanyId company_id, UserId owner,
                       Date today);

}  // namespace keel::crm
