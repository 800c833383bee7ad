#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "keel/core/clock.h"
#include "keel/core/ids.h"
#include "keel/core/money.h"
#include "keel/core/result.h"
#include "keel/db/db.h"
#include "keel/db/migrations.h"
#include "keel/http/router.h"
#include "keel/http/security.h"

// Partners: the one registry of parties (organizations and people) that CRM and ERP share.
// Every function here runs inside the caller's transaction (`Tx&` first, never commits) and
// filters by the caller's company: a party of another company is reported as party_not_found,
// never as forbidden, so ids do not leak across tenants. See README.md for the invariants.
namespace keel::partners {

using PartyId = Id<struct PartyTag>;

enum class PartyKind { organization, person };
enum class Role { prospect, customer, supplier, employee_contact };
enum class AddressKind { billing, shipping, other };

struct Address {
  AddressKind kind = AddressKind::billing;
  std::string street;
  std::string street2;
  std::string city;
  std::string region;
  std::string postal_code;
  std::string country;  // ISO 3166-1 alpha-2, upper case; may be empty
  bool operator==(const Address&) const = default;
};

struct SocialHandle {
  std::string network;  // "linkedin", "telegram", ...
  std::string handle;
  bool operator==(const SocialHandle&) const = default;
};

// The editable content of a party, already validated. Empty strings mean "not set".
struct PartyData {
  PartyKind kind = PartyKind::organization;
  std::string name;
  std::optional<PartyId> parent_id;  // only persons: the organization they are a contact of
  std::vector<Role> roles;           // a set, kept sorted
  std::vector<std::string> emails;
  std::vector<std::string> phones;
  std::vector<std::string> websites;
  std::vector<SocialHandle> social;
  std::vector<Address> addresses;
  std::vector<std::string> tags;
  std::string language;  // BCP-47 primary language subtag, lower case ("fa")
  std::string currency;  // ISO 4217 code or empty
  std::string tax_id;
  std::string notes;
  std::optional<UserId> owner_id;
  // Sensitive (partners.credit.read / partners.credit.write).
  std::string payment_terms;          // a code such as "net30"
  std::optional<Money> credit_limit;  // in `currency`; never negative
  bool operator==(const PartyData&) const = default;
};

// A contact person as shown on its organization.
struct ContactSummary {
  PartyId id;
  std::string name;
  std::vector<std::string> emails;
  std::vector<std::string> phones;
};

struct Party {
  PartyId id;
  CompanyId company_id;
  PartyData data;
  bool archived = false;
  std::int64_t version = 1;  // +1 on every change; the ETag
  Instant created_at;
  Instant updated_at;
  std::vector<ContactSummary> contacts;  // filled by get_party for organizations
};

// Input as text, exactly as a client or a CSV row sent it; validate() turns it into PartyData.
// Optional members are those a client may leave out.
struct PartyDraft {
  std::string kind;
  std::string name;
  std::optional<std::int64_t> parent_id;
  std::vector<std::string> roles;
  std::vector<std::string> emails;
  std::vector<std::string> phones;
  std::vector<std::string> websites;
  std::vector<SocialHandle> social;
  struct DraftAddress {
    std::string kind = "billing";
    std::string street, street2, city, region, postal_code, country;
  };
  std::vector<DraftAddress> addresses;
  std::vector<std::string> tags;
  std::string language;
  std::string currency;
  std::string tax_id;
  std::string notes;
  std::optional<std::int64_t> owner_id;
  std::string payment_terms;
  std::optional<std::string> credit_limit;  // decimal text in `currency`
};

// A partial update: only the members that hold a value change. For nullable fields the inner
// optional is the new value (nullopt clears it).
struct PartyPatch {
  std::optional<std::string> kind;
  std::optional<std::string> name;
  std::optional<std::optional<std::int64_t>> parent_id;
  std::optional<std::vector<std::string>> roles;
  std::optional<std::vector<std::string>> emails;
  std::optional<std::vector<std::string>> phones;
  std::optional<std::vector<std::string>> websites;
  std::optional<std::vector<SocialHandle>> social;
  std::optional<std::vector<PartyDraft::DraftAddress>> addresses;
  std::optional<std::vector<std::string>> tags;
  std::optional<std::string> language;
  std::optional<std::string> currency;
  std::optional<std::string> tax_id;
  std::optional<std::string> notes;
  std::optional<std::optional<std::int64_t>> owner_id;
  std::optional<std::string> payment_terms;
  std::optional<std::optional<std::string>> credit_limit;
};

// What the caller may do, from its http::Principal. Record rule: Scope::own limits reads and
// writes to parties whose owner_id is the caller.
struct Caller {
  CompanyId company_id;
  UserId user_id;
  http::Scope read = http::Scope::none;
  http::Scope write = http::Scope::none;
  http::Scope archive = http::Scope::none;
  bool credit_read = false;
  bool credit_write = false;
  std::string request_id;  // for the audit trail

  static Caller from(const http::Principal& principal, std::string request_id = {});
  // Everything allowed: demo data, other modules acting for the system.
  static Caller system(CompanyId company_id, UserId user_id = UserId{});
};

struct DuplicateMatch {
  PartyId id;
  std::string name;
  std::string match;  // "email" | "tax_id"
  bool operator==(const DuplicateMatch&) const = default;
};

struct Created {
  Party party;
  std::vector<DuplicateMatch> duplicate_warnings;
};

enum class ArchivedFilter { active, archived, all };

struct ListQuery {
  std::string q;  // substring of the normalized search text
  std::optional<PartyKind> kind;
  std::optional<Role> role;
  std::string tag;
  std::string country;
  ArchivedFilter archived = ArchivedFilter::active;
  bool owner_me = false;
  std::string sort = "name";  // name|-name|created_at|-created_at|updated_at|-updated_at
  std::int64_t limit = 50;
  std::string cursor;  // opaque, from a previous page
};

struct Page {
  std::vector<Party> items;
  std::optional<std::string> next_cursor;
};

struct Stats {
  std::vector<std::pair<std::string, std::int64_t>> by_role;
  std::vector<std::pair<std::string, std::int64_t>> by_country;
  std::int64_t total = 0;
};

struct ImportRowError {
  std::int64_t row;  // 1-based record number in the file, the header being row 1
  std::string field;
  std::string code;
  std::string message;
};

struct ImportReport {
  std::int64_t rows = 0;
  std::int64_t valid = 0;
  std::int64_t created = 0;
  std::vector<ImportRowError> errors;
};

enum class ImportMode { dry_run, commit };

// Creates a party. Duplicate warnings list other non-archived parties of the company with the
// same tax id or email; they do not prevent creation. Audited as "create".
// Errors: input_invalid (field details: party_name_invalid, party_kind_invalid,
// party_role_invalid, party_email_invalid, party_country_invalid, party_language_invalid,
// currency_invalid, currency_unknown, amount_*, credit_limit_negative,
// party_currency_required, party_parent_invalid, ...), permission_denied (credit fields
// without partners.credit.write; another owner with an own-scoped write).
Result<Created> create_party(db::Tx& tx, const Clock& clock, const Caller& caller,
                             const PartyDraft& draft);

// One party with its contacts (for organizations). Errors: party_not_found.
Result<Party> get_party(db::Tx& tx, const Caller& caller, PartyId id);

// Applies a partial update when `expected_version` is the current version; version + 1.
// Audited as "update" with before and after. Errors: party_not_found,
// party_version_conflict, party_has_contacts (an organization with contacts cannot become a
// person), credit_limit_currency_changed, the validation errors of create_party.
Result<Party> update_party(db::Tx& tx, const Clock& clock, const Caller& caller, PartyId id,
                           std::int64_t expected_version, const PartyPatch& patch);

// Archives or unarchives (idempotent: no change, no audit when already in that state).
// Errors: party_not_found.
Result<Party> set_archived(db::Tx& tx, const Clock& clock, const Caller& caller, PartyId id,
                           bool archived);

// A page of parties, keyset-paginated, ties broken by id. Errors: list_limit_invalid,
// list_sort_invalid, list_cursor_invalid, search_query_too_long.
Result<Page> list_parties(db::Tx& tx, const Caller& caller, const ListQuery& query);

// Non-archived parties with this email or tax id (either may be empty), except `exclude`.
Result<std::vector<DuplicateMatch>> find_duplicates(db::Tx& tx, const Caller& caller,
                                                    const std::string& email,
                                                    const std::string& tax_id,
                                                    std::optional<PartyId> exclude = {});

// Counts of non-archived parties by role and by country, and their total.
Result<Stats> stats(db::Tx& tx, const Caller& caller);

// Imports CSV text (see README.md for the columns). A dry run validates only; a commit
// writes every row or, when any row is invalid, nothing.
// Errors: import_encoding_invalid, import_csv_malformed, import_header_missing,
// import_column_unknown, import_column_duplicate, import_column_missing,
// import_too_many_rows, import_rows_invalid (commit with row errors; fields = rows),
// permission_denied (credit columns without partners.credit.write).
Result<ImportReport> import_csv(db::Tx& tx, const Clock& clock, const Caller& caller,
                                std::string_view csv, ImportMode mode);

// The parties matching `query` (limit and cursor ignored) as CSV with the import columns;
// credit columns only with credit_read. Cells are neutralised against formula injection.
Result<std::string> export_csv(db::Tx& tx, const Caller& caller, const ListQuery& query);

// JSON of a party as the API shows it to `caller` (credit fields only with credit_read).
nlohmann::json to_json(const Party& party, const Caller& caller);

// The permissions this module declares.
std::vector<http::PermissionSpec> permissions();

// Adds every /api/v1/partners route.
void register_routes(http::Router& router);

// This module's schema migrations.
const db::MigrationSet& migrations();

// About fifty multilingual demo parties (Persian, Hebrew, Chinese, Lithuanian, English)
// owned by `owner`.
Result<void> seed_demo(db::Tx& tx, const Clock& clock, CompanyId company_id, UserId owner);

// Text codes persisted and shown in JSON.
std::string_view to_string(PartyKind kind);
std::string_view to_string(Role role);
std::string_view to_string(AddressKind kind);

}  // namespace keel::partners
