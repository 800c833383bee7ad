// Units of work of the partners module. Each takes the caller's transaction and never commits;
// record rules and sensitive-field permissions are enforced here, so every route, export and
// other module's call gets them.
#include "partners_service.h"

#include "keel/audit/audit.h"
#include "keel/core/assert.h"
#include "keel/core/limits.h"
#include "partners_domain.h"
#include "partners_repository.h"

namespace keel::partners {
namespace {

constexpr std::string_view kEntity = "partners.party";

Error not_found(PartyId id) {
  return Error::not_found("party_not_found", "no party " + std::to_string(id.value()));
}

Error field_error(std::string field, std::string code, std::string message) {
  std::vector<FieldError> fields{{field, code, message}};
  return Error(ErrorKind::validation, "input_invalid", message, std::move(fields));
}

// The owner filter a scope implies: own → only the caller's parties.
repository::OwnerFilter owner_filter(const Caller& caller, http::Scope scope) {
  if (scope == http::Scope::all) return std::nullopt;
  return caller.user_id;
}

// A party visible to the caller under both scopes (e.g. read and write), or party_not_found.
Result<Party> find_visible(db::Tx& tx, const Caller& caller, PartyId id, http::Scope other) {
  if (caller.read == http::Scope::none || other == http::Scope::none) return not_found(id);
  auto owner = owner_filter(caller, caller.read);
  if (!owner) owner = owner_filter(caller, other);
  auto party = TRY(repository::find_party(tx, caller.company_id, id, owner));
  if (!party) return not_found(id);
  return std::move(*party);
}

Result<void> check_parent(db::Tx& tx, const Caller& caller, const PartyData& data,
                          std::optional<PartyId> self) {
  if (!data.parent_id) return Ok{};
  if ((self && *data.parent_id == *self) ||
      !TRY(repository::is_organization(tx, caller.company_id, *data.parent_id))) {
    return field_error("parent_id", "party_parent_invalid",
                       "parent_id must be an organization of this company");
  }
  return Ok{};
}

// Own-scoped writers may only keep parties for themselves.
Result<void> check_owner(const Caller& caller, const PartyData& data) {
  if (caller.write == http::Scope::all) return Ok{};
  if (data.owner_id == caller.user_id) return Ok{};
  return Error(ErrorKind::permission, "permission_denied",
               "you may only own parties yourself: owner_id needs partners.party.write for all",
               {{"owner_id", "permission_denied", "owner_id must be your own user id"}});
}

Result<void> audit_change(db::Tx& tx, const Clock& clock, const Caller& caller, std::string action,
                          const Party& party, nlohmann::json before, nlohmann::json after) {
  return audit::record(
      tx, clock,
      {caller.company_id, caller.user_id, std::move(action), std::string(kEntity),
       std::to_string(party.id.value()), std::move(before), std::move(after), caller.request_id});
}

std::vector<std::string> email_keys(const PartyData& data) {
  std::vector<std::string> keys;
  for (const auto& email : data.emails) keys.push_back(domain::email_key(email));
  return keys;
}

}  // namespace

Caller Caller::from(const http::Principal& principal, std::string request_id) {
  Caller caller;
  caller.company_id = principal.company_id;
  caller.user_id = principal.user_id;
  caller.read = principal.scope(kPermissionRead);
  caller.write = principal.scope(kPermissionWrite);
  caller.archive = principal.scope(kPermissionArchive);
  caller.credit_read = principal.can(kPermissionCreditRead);
  caller.credit_write = principal.can(kPermissionCreditWrite);
  caller.request_id = std::move(request_id);
  return caller;
}

Caller Caller::system(CompanyId company_id, UserId user_id) {
  Caller caller;
  caller.company_id = company_id;
  caller.user_id = user_id;
  caller.read = caller.write = caller.archive = http::Scope::all;
  caller.credit_read = caller.credit_write = true;
  return caller;
}

Result<void> check_credit_write(const Caller& caller, bool payment_terms, bool credit_limit) {
  if (caller.credit_write || (!payment_terms && !credit_limit)) return Ok{};
  Error error(ErrorKind::permission, "permission_denied",
              "changing credit terms needs the partners.credit.write permission");
  if (payment_terms)
    error.add_field("payment_terms", "permission_denied", "needs partners.credit.write");
  if (credit_limit)
    error.add_field("credit_limit", "permission_denied", "needs partners.credit.write");
  return error;
}

Result<Party> insert_validated(db::Tx& tx, const Clock& clock, const Caller& caller,
                               PartyData data) {
  if (caller.write == http::Scope::none) {
    return Error::permission("permission_denied", "creating parties needs partners.party.write");
  }
  if (!data.owner_id && caller.user_id.valid()) data.owner_id = caller.user_id;
  TRY(check_owner(caller, data));
  TRY(check_parent(tx, caller, data, std::nullopt));
  const PartyId id = TRY(repository::insert_party(tx, caller.company_id, data, clock.now()));
  auto party = TRY(repository::find_party(tx, caller.company_id, id, std::nullopt));
  KEEL_ASSERT(party.has_value() && party->data == data);
  TRY(audit_change(tx, clock, caller, "create", *party, nullptr,
                   to_json(*party, Caller::system(caller.company_id))));
  return std::move(*party);
}

Result<Created> create_party(db::Tx& tx, const Clock& clock, const Caller& caller,
                             const PartyDraft& draft) {
  TRY(check_credit_write(caller, !draft.payment_terms.empty(), draft.credit_limit.has_value()));
  PartyData data = TRY(domain::validate(draft));
  Created created{TRY(insert_validated(tx, clock, caller, std::move(data))), {}};
  created.duplicate_warnings =
      TRY(repository::duplicates(tx, caller.company_id, email_keys(created.party.data),
                                 domain::tax_id_key(created.party.data.tax_id), created.party.id,
                                 owner_filter(caller, caller.read)));
  return created;
}

Result<Party> get_party(db::Tx& tx, const Caller& caller, PartyId id) {
  Party party = TRY(find_visible(tx, caller, id, caller.read));
  if (party.data.kind == PartyKind::organization) {
    party.contacts = TRY(
        repository::find_contacts(tx, caller.company_id, id, owner_filter(caller, caller.read)));
  }
  return party;
}

Result<Party> update_party(db::Tx& tx, const Clock& clock, const Caller& caller, PartyId id,
                           std::int64_t expected_version, const PartyPatch& patch) {
  const Party before = TRY(find_visible(tx, caller, id, caller.write));
  TRY(check_credit_write(caller, patch.payment_terms.has_value(), patch.credit_limit.has_value()));
  if (before.version != expected_version) {
    return Error::conflict("party_version_conflict",
                           "the party changed since version " + std::to_string(expected_version) +
                               "; it is now at version " + std::to_string(before.version));
  }
  PartyDraft draft = domain::to_draft(before.data);
  domain::apply(draft, patch);
  PartyData data = TRY(domain::validate(draft));
  if (before.data.credit_limit && data.currency != before.data.currency && !patch.credit_limit) {
    return field_error("currency", "credit_limit_currency_changed",
                       "changing the currency of a party with a credit limit needs a new "
                       "credit_limit in that currency");
  }
  if (before.data.kind == PartyKind::organization && data.kind != PartyKind::organization &&
      TRY(repository::count_contacts(tx, caller.company_id, id)) > 0) {
    return Error::conflict("party_has_contacts",
                           "an organization with contact people cannot become a person");
  }
  TRY(check_owner(caller, data));
  TRY(check_parent(tx, caller, data, id));
  if (data == before.data) return before;  // nothing changes: no new version, no audit row
  if (!TRY(repository::update_party(tx, caller.company_id, id, expected_version, data,
                                    clock.now()))) {
    return Error::conflict("party_version_conflict", "the party changed meanwhile");
  }
  Party after = TRY(find_visible(tx, Caller::system(caller.company_id), id, http::Scope::all));
  const Caller full = Caller::system(caller.company_id);
  TRY(audit_change(tx, clock, caller, "update", after, to_json(before, full),
                   to_json(after, full)));
  return after;
}

Result<Party> set_archived(db::Tx& tx, const Clock& clock, const Caller& caller, PartyId id,
                           bool archived) {
  const Party before = TRY(find_visible(tx, caller, id, caller.archive));
  if (before.archived == archived) return before;
  TRY(repository::set_archived(tx, caller.company_id, id, archived, clock.now()));
  const Caller full = Caller::system(caller.company_id);
  Party after = TRY(find_visible(tx, full, id, http::Scope::all));
  TRY(audit_change(tx, clock, caller, archived ? "archive" : "unarchive", after,
                   to_json(before, full), to_json(after, full)));
  return after;
}

Result<std::vector<DuplicateMatch>> find_duplicates(db::Tx& tx, const Caller& caller,
                                                    const std::string& email,
                                                    const std::string& tax_id,
                                                    std::optional<PartyId> exclude) {
  if (caller.read == http::Scope::none) return std::vector<DuplicateMatch>{};
  std::vector<std::string> keys;
  if (!email.empty()) keys.push_back(domain::email_key(email));
  return repository::duplicates(tx, caller.company_id, keys, domain::tax_id_key(tax_id), exclude,
                                owner_filter(caller, caller.read));
}

Result<Stats> stats(db::Tx& tx, const Caller& caller) {
  if (caller.read == http::Scope::none) return Stats{};
  return repository::stats(tx, caller.company_id, owner_filter(caller, caller.read));
}

}  // namespace keel::partners
