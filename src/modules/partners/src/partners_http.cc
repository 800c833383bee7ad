// JSON ⇄ types for the /api/v1/partners routes. No business rules here: they live in the
// service, which every route calls inside the transaction the dispatcher opened.
#include "partners_http.h"

#include <charconv>

#include "keel/core/limits.h"
#include "keel/http/json_input.h"
#include "partners_domain.h"
#include "partners_service.h"

namespace keel::partners::http_api {
namespace {

using nlohmann::json;

// Bytes the JSON reader allows for a text the domain limits in characters (UTF-8 ≤ 4 bytes).
constexpr std::size_t bytes_for(std::size_t chars) { return chars * 4; }

std::optional<std::vector<std::string>> read_strings(http::ObjectReader& in, std::string_view name,
                                                     std::size_t count_max, std::size_t chars_max) {
  return in.optional_string_array(name, count_max, bytes_for(chars_max));
}

// Reads an array of objects with `read_one` on a nested reader per element.
template <typename T, typename ReadOne>
std::optional<std::vector<T>> read_objects(http::ObjectReader& in, const json& body,
                                           std::string_view name, std::size_t count_max,
                                           ReadOne read_one) {
  const json* value = in.optional_value(name);
  if (value == nullptr || value->is_null()) return std::nullopt;
  if (!value->is_array()) {
    in.fail(name, "field_type_invalid", std::string(name) + " must be an array");
    return std::nullopt;
  }
  if (value->size() > count_max) {
    in.fail(name, "field_too_long", std::string(name) + " has too many items");
    return std::nullopt;
  }
  (void)body;
  std::vector<T> out;
  for (std::size_t i = 0; i < value->size(); ++i) {
    http::ObjectReader item((*value)[i], std::string(name) + "/" + std::to_string(i));
    T element = read_one(item);
    auto finished = item.finish();
    if (!finished.ok()) {
      for (const auto& field : finished.error().fields())
        in.fail(field.field, field.code, field.message);
    }
    out.push_back(std::move(element));
  }
  return out;
}

// A nullable field: present and null clears it (nullopt inside), absent leaves it.
bool is_explicit_null(http::ObjectReader& in, const json& body, std::string_view name) {
  if (!body.is_object()) return false;
  const auto found = body.find(name);
  if (found == body.end() || !found->is_null()) return false;
  in.ignore(name);
  return true;
}

template <typename T, typename Read>
std::optional<std::optional<T>> read_nullable(http::ObjectReader& in, const json& body,
                                              std::string_view name, Read read) {
  if (is_explicit_null(in, body, name)) return std::optional<T>{};
  auto value = read();
  if (!value) return std::nullopt;
  return std::optional<T>{std::move(*value)};
}

void read_lists(http::ObjectReader& in, const json& body, PartyPatch& patch) {
  patch.roles = read_strings(in, "roles", limits::kPartyRolesCountMax, limits::kCodeLengthMax);
  patch.emails = read_strings(in, "emails", limits::kPartyEmailsCountMax, limits::kEmailLengthMax);
  patch.phones = read_strings(in, "phones", limits::kPartyPhonesCountMax, limits::kPhoneLengthMax);
  patch.websites =
      read_strings(in, "websites", limits::kPartyWebsitesCountMax, limits::kUrlLengthMax);
  patch.tags = read_strings(in, "tags", limits::kPartyTagsCountMax, limits::kTagLengthMax);
  patch.social = read_objects<SocialHandle>(
      in, body, "social", limits::kPartySocialCountMax, [](http::ObjectReader& item) {
        return SocialHandle{item.required_string("network", limits::kCodeLengthMax),
                            item.required_string("handle", bytes_for(limits::kNameLengthMax))};
      });
  patch.addresses = read_objects<PartyDraft::DraftAddress>(
      in, body, "addresses", limits::kPartyAddressesCountMax, [](http::ObjectReader& item) {
        const auto line = [&item](std::string_view field) {
          return item.optional_string(field, bytes_for(limits::kAddressLineLengthMax)).value_or("");
        };
        PartyDraft::DraftAddress address;
        address.kind = item.optional_string("kind", limits::kCodeLengthMax).value_or("billing");
        address.street = line("street");
        address.street2 = line("street2");
        address.city = line("city");
        address.region = line("region");
        address.postal_code = line("postal_code");
        address.country = item.optional_string("country", limits::kCodeLengthMax).value_or("");
        return address;
      });
}

// Reads every party field present in `body`. `create`: kind and name are required.
Result<PartyPatch> read_fields(const json& body, bool create,
                               std::optional<std::int64_t>* version) {
  http::ObjectReader in(body);
  PartyPatch patch;
  if (create) {
    patch.kind = in.required_string("kind", limits::kCodeLengthMax);
    patch.name = in.required_string("name", bytes_for(limits::kNameLengthMax));
  } else {
    patch.kind = in.optional_string("kind", limits::kCodeLengthMax);
    patch.name = in.optional_string("name", bytes_for(limits::kNameLengthMax));
    *version = in.optional_integer("version", 1, INT64_MAX);
  }
  patch.parent_id = read_nullable<std::int64_t>(
      in, body, "parent_id", [&] { return in.optional_integer("parent_id", 1, INT64_MAX); });
  patch.owner_id = read_nullable<std::int64_t>(
      in, body, "owner_id", [&] { return in.optional_integer("owner_id", 1, INT64_MAX); });
  patch.credit_limit = read_nullable<std::string>(in, body, "credit_limit", [&] {
    return in.optional_string("credit_limit", limits::kCodeLengthMax);
  });
  read_lists(in, body, patch);
  patch.language = in.optional_string("language", limits::kCodeLengthMax);
  patch.currency = in.optional_string("currency", limits::kCodeLengthMax);
  patch.tax_id = in.optional_string("tax_id", bytes_for(limits::kCodeLengthMax));
  patch.notes = in.optional_string("notes", limits::kNoteLengthMax);
  patch.payment_terms = in.optional_string("payment_terms", limits::kCodeLengthMax);
  // Read-only fields a client may echo back from a GET.
  for (std::string_view echoed : {"id", "archived", "created_at", "updated_at", "contacts"}) {
    in.ignore(echoed);
  }
  if (create) in.ignore("version");
  TRY(in.finish());
  return patch;
}

}  // namespace

Result<PartyDraft> read_draft(const json& body) {
  const PartyPatch patch = TRY(read_fields(body, true, nullptr));
  PartyDraft draft;
  domain::apply(draft, patch);
  return draft;
}

Result<PartyPatch> read_patch(const json& body, std::optional<std::int64_t>& version) {
  return read_fields(body, false, &version);
}

}  // namespace keel::partners::http_api
