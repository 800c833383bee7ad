// Text codes and the JSON shape of a party (shared by the HTTP layer and the audit trail).
#include <nlohmann/json.hpp>

#include "keel/partners/partners_api.h"
#include "partners_domain.h"

namespace keel::partners {

std::string_view to_string(PartyKind kind) {
  switch (kind) {
    case PartyKind::organization:
      return "organization";
    case PartyKind::person:
      return "person";
  }
  KEEL_ASSERT(false);
}

std::string_view to_string(Role role) {
  switch (role) {
    case Role::prospect:
      return "prospect";
    case Role::customer:
      return "customer";
    case Role::supplier:
      return "supplier";
    case Role::employee_contact:
      return "employee_contact";
  }
  KEEL_ASSERT(false);
}

std::string_view to_string(AddressKind kind) {
  switch (kind) {
    case AddressKind::billing:
      return "billing";
    case AddressKind::shipping:
      return "shipping";
    case AddressKind::other:
      return "other";
  }
  KEEL_ASSERT(false);
}

namespace {

nlohmann::json optional_id(const auto& id) {
  if (!id) return nullptr;
  return id->value();
}

nlohmann::json contacts_json(const std::vector<ContactSummary>& contacts) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& contact : contacts) {
    out.push_back({{"id", contact.id.value()},
                   {"name", contact.name},
                   {"emails", contact.emails},
                   {"phones", contact.phones}});
  }
  return out;
}

}  // namespace

nlohmann::json to_json(const Party& party, const Caller& caller) {
  const PartyData& data = party.data;
  nlohmann::json roles = nlohmann::json::array();
  for (const Role role : data.roles) roles.push_back(to_string(role));
  const nlohmann::json social = domain::social_to_json(data.social);
  const nlohmann::json addresses = domain::addresses_to_json(data.addresses);
  nlohmann::json out = {
      {"id", party.id.value()},
      {"kind", to_string(data.kind)},
      {"name", data.name},
      {"parent_id", optional_id(data.parent_id)},
      {"roles", roles},
      {"emails", data.emails},
      {"phones", data.phones},
      {"websites", data.websites},
      {"social", social},
      {"addresses", addresses},
      {"tags", data.tags},
      {"language", data.language},
      {"currency", data.currency},
      {"tax_id", data.tax_id},
      {"notes", data.notes},
      {"owner_id", optional_id(data.owner_id)},
      {"archived", party.archived},
      {"version", party.version},
      {"created_at", format_instant(party.created_at)},
      {"updated_at", format_instant(party.updated_at)},
  };
  // Sensitive fields are absent, not null, without partners.credit.read: a null would claim
  // "no credit limit".
  if (caller.credit_read) {
    out["payment_terms"] = data.payment_terms;
    out["credit_limit"] = data.credit_limit ? nlohmann::json(data.credit_limit->to_string())
                                            : nlohmann::json(nullptr);
  }
  if (data.kind == PartyKind::organization) out["contacts"] = contacts_json(party.contacts);
  return out;
}

}  // namespace keel::partners
