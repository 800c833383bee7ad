// The invariants `keel check` proves for the pipeline part.
#include "crm_internal.h"

namespace keel::crm::detail {

Result<std::vector<std::string>> check_pipeline(db::Tx& tx) {
  std::vector<std::string> breaches;
  for (const auto& row : TRY(tx.query(
           "SELECT id FROM crm_leads WHERE state = 'converted' AND (partner_id IS NULL OR "
           "opportunity_id IS NULL OR opportunity_id NOT IN (SELECT id FROM crm_opportunities "
           "o WHERE o.company_id = crm_leads.company_id)) ORDER BY id LIMIT 100"))) {
    breaches.push_back("crm: converted lead " + std::to_string(row.integer(0)) +
                       " names no partner or no opportunity of its company");
  }
  for (const auto& row : TRY(tx.query(
           "SELECT o.id FROM crm_opportunities o JOIN crm_stages s ON s.id = o.stage_id WHERE "
           "s.company_id <> o.company_id ORDER BY o.id LIMIT 100"))) {
    breaches.push_back("crm: opportunity " + std::to_string(row.integer(0)) +
                       " is in a stage of another company");
  }
  for (const auto& row : TRY(tx.query(
           "SELECT id, state FROM crm_opportunities WHERE (state = 'open' AND closed_at IS NOT "
           "NULL) OR (state IN ('won', 'lost') AND closed_at IS NULL) OR (state = 'lost' AND "
           "lost_reason = '') OR state NOT IN ('open', 'won', 'lost') ORDER BY id LIMIT 100"))) {
    breaches.push_back("crm: opportunity " + std::to_string(row.integer(0)) + " (" + row.text(1) +
                       ") has a closing instant or reason that does not fit its state");
  }
  return breaches;
}

}  // namespace keel::crm::detail
