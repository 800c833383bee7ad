#pragma once

#include <string_view>

#include "keel/partners/partners_api.h"

// Pieces shared by the service files (parties, lists, CSV import and export).
namespace keel::partners {

inline constexpr std::string_view kPermissionRead = "partners.party.read";
inline constexpr std::string_view kPermissionWrite = "partners.party.write";
inline constexpr std::string_view kPermissionArchive = "partners.party.archive";
inline constexpr std::string_view kPermissionImport = "partners.party.import";
inline constexpr std::string_view kPermissionExport = "partners.party.export";
inline constexpr std::string_view kPermissionCreditRead = "partners.credit.read";
inline constexpr std::string_view kPermissionCreditWrite = "partners.credit.write";

// permission_denied naming each credit field being written without partners.credit.write.
Result<void> check_credit_write(const Caller& caller, bool payment_terms, bool credit_limit);

// Inserts validated data (owner defaulted to the caller, record rule and parent checked) and
// audits it. Errors: permission_denied, input_invalid (party_parent_invalid).
Result<Party> insert_validated(db::Tx& tx, const Clock& clock, const Caller& caller,
                               PartyData data);

}  // namespace keel::partners
