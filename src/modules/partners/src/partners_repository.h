#pragma once

#include <optional>
#include <string>
#include <vector>

#include "keel/core/clock.h"
#include "keel/core/result.h"
#include "keel/db/db.h"
#include "keel/partners/partners_api.h"

// The partners module's SQL, and nothing else: every statement filters by company_id.
namespace keel::partners::repository {

// Narrows reads to one owner (record rule "own"); nullopt = the whole company.
using OwnerFilter = std::optional<UserId>;

Result<PartyId> insert_party(db::Tx& tx, CompanyId company_id, const PartyData& data, Instant now);

// Writes `data` when the row still has `expected_version`; returns false when it has not.
Result<bool> update_party(db::Tx& tx, CompanyId company_id, PartyId id,
                          std::int64_t expected_version, const PartyData& data, Instant now);

Result<void> set_archived(db::Tx& tx, CompanyId company_id, PartyId id, bool archived, Instant now);

// The party (without contacts), or nullopt when it does not exist in this company or the
// owner filter hides it.
Result<std::optional<Party>> find_party(db::Tx& tx, CompanyId company_id, PartyId id,
                                        OwnerFilter owner);

// Non-archived contacts of an organization, by name, at most kPartyContactsShownMax.
Result<std::vector<ContactSummary>> find_contacts(db::Tx& tx, CompanyId company_id,
                                                  PartyId organization, OwnerFilter owner);
Result<std::int64_t> count_contacts(db::Tx& tx, CompanyId company_id, PartyId organization);

// Is `id` an organization of this company?
Result<bool> is_organization(db::Tx& tx, CompanyId company_id, PartyId id);

// Organizations of the company whose tax id key is `key` (at most two: enough to see
// ambiguity).
Result<std::vector<PartyId>> organizations_by_tax_id(db::Tx& tx, CompanyId company_id,
                                                     const std::string& key);

Result<std::vector<DuplicateMatch>> duplicates(db::Tx& tx, CompanyId company_id,
                                               const std::vector<std::string>& email_keys,
                                               const std::string& tax_id_key,
                                               std::optional<PartyId> exclude, OwnerFilter owner);

// A validated list request: the sort column, direction and keyset position.
struct ListSpec {
  const ListQuery* query;
  std::string sort_column;  // sort_name | created_at | updated_at
  bool descending = false;
  std::optional<std::pair<std::string, std::int64_t>> after;  // (sort value, id)
  std::string q_normalized;
  OwnerFilter owner;
  std::int64_t limit = 50;  // rows to fetch (the caller asks one more to see a next page)
};
// Parties with their sort value (for the next cursor).
Result<std::vector<std::pair<Party, std::string>>> list(db::Tx& tx, CompanyId company_id,
                                                        const ListSpec& spec);

Result<Stats> stats(db::Tx& tx, CompanyId company_id, OwnerFilter owner);

// Tax id of each parent, for export.
Result<std::string> tax_id_of(db::Tx& tx, CompanyId company_id, PartyId id);

}  // namespace keel::partners::repository
