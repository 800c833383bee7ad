#include "partners_domain.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/uloc.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cstring>
#include <nlohmann/json.hpp>
#include <set>

#include "keel/core/assert.h"
#include "keel/core/limits.h"

namespace keel::partners::domain {
namespace {

Error input_error(std::vector<FieldError> fields) {
  return Error(ErrorKind::validation, "input_invalid", "the party is not valid", std::move(fields));
}

bool is_ascii_lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string trim(std::string_view text) {
  const char* ws = " \t\r\n";
  const auto begin = text.find_first_not_of(ws);
  if (begin == std::string_view::npos) return {};
  const auto end = text.find_last_not_of(ws);
  return std::string(text.substr(begin, end - begin + 1));
}

// C0 controls, DEL and C1 controls (U+0080–U+009F, encoded as C2 80–C2 9F).
bool has_control(std::string_view text, bool allow_line_breaks) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (allow_line_breaks && (c == '\n' || c == '\r' || c == '\t')) continue;
    if (c < 0x20 || c == 0x7f) return true;
    if (c == 0xc2 && i + 1 < text.size()) {
      const auto next = static_cast<unsigned char>(text[i + 1]);
      if (next >= 0x80 && next <= 0x9f) return true;
    }
  }
  return false;
}

// Checks one text value; returns the predicate of the failure ("invalid", "too_long") or "".
std::string_view check_text(std::string_view text, std::size_t chars_max, bool allow_breaks) {
  if (!is_valid_utf8(text) || has_control(text, allow_breaks)) return "invalid";
  if (utf8_length(text) > chars_max) return "too_long";
  return {};
}

// Collects field errors for one draft.
class Checker {
 public:
  void fail(std::string field, std::string code, std::string message) {
    m_errors.push_back({std::move(field), std::move(code), std::move(message)});
  }
  // Checks text; on failure records `<code_subject>_invalid` or field_too_long at `field`.
  bool text(const std::string& field, std::string_view value, std::size_t chars_max,
            std::string_view code_subject, bool allow_breaks = false) {
    const auto predicate = check_text(value, chars_max, allow_breaks);
    if (predicate.empty()) return true;
    // Over-long text gets the same code as the JSON reader's byte limit, field_too_long.
    fail(field, predicate == "too_long" ? "field_too_long" : std::string(code_subject) + "_invalid",
         field + (predicate == "invalid" ? " contains invalid characters"
                                         : " is longer than " + std::to_string(chars_max)));
    return false;
  }
  bool count(const std::string& field, std::size_t count, std::size_t count_max) {
    if (count <= count_max) return true;
    fail(field, "party_items_too_many",
         field + " has more than " + std::to_string(count_max) + " items");
    return false;
  }
  std::vector<FieldError>& errors() { return m_errors; }

 private:
  std::vector<FieldError> m_errors;
};

bool is_valid_phone(std::string_view phone) {
  if (phone.empty() || !is_valid_utf8(phone)) return false;
  const icu::UnicodeString text = icu::UnicodeString::fromUTF8(
      icu::StringPiece(phone.data(), static_cast<int32_t>(phone.size())));
  int digits = 0;
  for (int32_t i = 0; i < text.length();) {
    const UChar32 c = text.char32At(i);
    i += U16_LENGTH(c);
    if (u_isdigit(c)) {
      ++digits;
    } else if (c > 0x7f || std::strchr("+ ()-./x", static_cast<char>(c)) == nullptr) {
      return false;
    }
  }
  return digits >= 3;
}

bool is_valid_website(std::string_view url) {
  if (url.empty() || !is_valid_utf8(url) || has_control(url, false)) return false;
  if (url.find(' ') != std::string_view::npos) return false;
  std::string_view rest = url;
  for (std::string_view scheme : {"https://", "http://"}) {
    if (ascii_lower(rest.substr(0, scheme.size())) == scheme) rest.remove_prefix(scheme.size());
  }
  const auto host = rest.substr(0, rest.find('/'));
  return host.find('.') != std::string_view::npos && host.front() != '.' && host.back() != '.';
}

bool is_valid_social_network(std::string_view network) {
  if (network.empty() || network.size() > limits::kCodeLengthMax) return false;
  return std::all_of(network.begin(), network.end(),
                     [](char c) { return is_ascii_lower_alnum(c) || c == '_' || c == '-'; });
}

bool is_valid_payment_terms(std::string_view code) {
  if (code.empty() || code.size() > limits::kCodeLengthMax) return false;
  return std::all_of(code.begin(), code.end(),
                     [](char c) { return is_ascii_lower_alnum(c) || c == '_'; });
}

}  // namespace

Result<PartyKind> parse_kind(std::string_view text) {
  if (text == "organization") return PartyKind::organization;
  if (text == "person") return PartyKind::person;
  return Error::validation("party_kind_invalid", "kind must be organization or person", "kind");
}

Result<Role> parse_role(std::string_view text) {
  if (text == "prospect") return Role::prospect;
  if (text == "customer") return Role::customer;
  if (text == "supplier") return Role::supplier;
  if (text == "employee_contact") return Role::employee_contact;
  return Error::validation("party_role_invalid",
                           "role must be prospect, customer, supplier or employee_contact",
                           "roles");
}

Result<AddressKind> parse_address_kind(std::string_view text) {
  if (text == "billing") return AddressKind::billing;
  if (text == "shipping") return AddressKind::shipping;
  if (text == "other") return AddressKind::other;
  return Error::validation("party_address_kind_invalid",
                           "address kind must be billing, shipping or other", "kind");
}

std::string normalize_search(std::string_view text) {
  if (!is_valid_utf8(text)) return {};
  icu::UnicodeString input = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  // NFKC_Casefold drops default-ignorable code points, ZWNJ among them; in Persian a ZWNJ
  // separates word parts ("می‌روم"), so it becomes a space first.
  input.findAndReplace(icu::UnicodeString(static_cast<UChar32>(0x200c)), icu::UnicodeString(" "));
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* folding = icu::Normalizer2::getNFKCCasefoldInstance(status);
  KEEL_ASSERT(U_SUCCESS(status));
  const icu::UnicodeString folded = folding->normalize(input, status);
  KEEL_ASSERT(U_SUCCESS(status));
  icu::UnicodeString out;
  bool pending_space = false;
  for (int32_t i = 0; i < folded.length();) {
    UChar32 c = folded.char32At(i);
    i += U16_LENGTH(c);
    if ((c >= 0x064b && c <= 0x065f) || c == 0x0670 || c == 0x0640) continue;
    if (c >= 0x0591 && c <= 0x05c7 && u_charType(c) == U_NON_SPACING_MARK) continue;
    if (c == 0x064a || c == 0x0649) c = 0x06cc;  // Arabic yeh, alef maksura → Persian yeh
    if (c == 0x0643) c = 0x06a9;                 // Arabic kaf → keheh
    if (c == 0x0629 || c == 0x06c0) c = 0x0647;  // teh marbuta, heh with yeh → heh
    if (c == 0x0623 || c == 0x0625 || c == 0x0622) c = 0x0627;  // alef with hamza/madda → alef
    if (c >= 0x06f0 && c <= 0x06f9) c = '0' + (c - 0x06f0);
    if (c >= 0x0660 && c <= 0x0669) c = '0' + (c - 0x0660);
    if (u_isUWhiteSpace(c)) {
      pending_space = !out.isEmpty();
      continue;
    }
    if (pending_space) out.append(static_cast<UChar>(' '));
    pending_space = false;
    out.append(c);
  }
  std::string result;
  out.toUTF8String(result);
  return result;
}

std::string email_key(std::string_view email) { return normalize_search(trim(email)); }

std::string tax_id_key(std::string_view tax_id) {
  std::string key = normalize_search(tax_id);
  std::erase_if(key, [](char c) { return c == ' ' || c == '.' || c == '-' || c == '/'; });
  return key;
}

bool is_valid_email(std::string_view email) {
  if (email.size() > limits::kEmailLengthMax || !is_valid_utf8(email)) return false;
  const auto at = email.rfind('@');
  if (at == std::string_view::npos || at == 0 || at > 64) return false;
  const auto local = email.substr(0, at);
  const auto domain = email.substr(at + 1);
  if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos) {
    return false;
  }
  for (const char c : local) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x80) continue;  // internationalised local parts (RFC 6531)
    if (!std::isalnum(u) && std::strchr("!#$%&'*+/=?^_`{|}~.-", c) == nullptr) return false;
  }
  if (domain.empty() || domain.find('.') == std::string_view::npos) return false;
  std::size_t start = 0;
  while (start <= domain.size()) {
    auto end = domain.find('.', start);
    if (end == std::string_view::npos) end = domain.size();
    const auto label = domain.substr(start, end - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
      return false;
    }
    for (const char c : label) {
      const auto u = static_cast<unsigned char>(c);
      if (u < 0x80 && !std::isalnum(u) && c != '-') return false;
    }
    start = end + 1;
  }
  return true;
}

bool is_valid_country(std::string_view code) {
  if (code.size() != 2 || code == "DG" || code == "EA" || code == "IC") return false;
  // ICU's list is ISO 3166-1 plus a few CLDR regions excluded above; XK (Kosovo) stays, as
  // banks and the EU use it.
  for (const char* const* country = uloc_getISOCountries(); *country != nullptr; ++country) {
    if (code == *country) return true;
  }
  return false;
}

bool is_valid_language(std::string_view code) {
  if (code.size() < 2 || code.size() > 3) return false;
  if (!std::all_of(code.begin(), code.end(), [](char c) { return c >= 'a' && c <= 'z'; })) {
    return false;
  }
  for (const char* const* language = uloc_getISOLanguages(); *language != nullptr; ++language) {
    if (code == *language) return true;
  }
  return false;
}

std::string escape_like(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == '\\' || c == '%' || c == '_') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

namespace {

void check_name(Checker& check, const PartyDraft& draft, PartyData& out) {
  out.name = trim(draft.name);
  if (out.name.empty()) {
    check.fail("name", "party_name_invalid", "name is required");
  } else {
    check.text("name", out.name, limits::kNameLengthMax, "party_name");
  }
}

void check_roles(Checker& check, const PartyDraft& draft, PartyData& out) {
  std::set<Role> roles;
  for (std::size_t i = 0; i < draft.roles.size(); ++i) {
    auto role = parse_role(draft.roles[i]);
    if (role.ok()) {
      roles.insert(*role);
    } else {
      check.fail("roles/" + std::to_string(i), role.error().code(), role.error().message());
    }
  }
  check.count("roles", draft.roles.size(), limits::kPartyRolesCountMax);
  out.roles.assign(roles.begin(), roles.end());
}

// Emails, phones, websites: trimmed, checked, duplicates (under `key`) dropped.
template <typename Valid>
std::vector<std::string> check_list(Checker& check, const std::vector<std::string>& values,
                                    const std::string& field, std::size_t count_max,
                                    const std::string& code, Valid valid) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  check.count(field, values.size(), count_max);
  for (std::size_t i = 0; i < values.size(); ++i) {
    std::string value = trim(values[i]);
    if (!valid(value)) {
      check.fail(field + "/" + std::to_string(i), code, field + " item is not valid");
      continue;
    }
    if (seen.insert(normalize_search(value)).second) out.push_back(std::move(value));
  }
  return out;
}

void check_contact_lists(Checker& check, const PartyDraft& draft, PartyData& out) {
  out.emails = check_list(check, draft.emails, "emails", limits::kPartyEmailsCountMax,
                          "party_email_invalid", is_valid_email);
  out.phones = check_list(check, draft.phones, "phones", limits::kPartyPhonesCountMax,
                          "party_phone_invalid", [](const std::string& phone) {
                            return phone.size() <= limits::kPhoneLengthMax && is_valid_phone(phone);
                          });
  out.websites = check_list(check, draft.websites, "websites", limits::kPartyWebsitesCountMax,
                            "party_website_invalid", [](const std::string& url) {
                              return url.size() <= limits::kUrlLengthMax && is_valid_website(url);
                            });
  out.tags = check_list(check, draft.tags, "tags", limits::kPartyTagsCountMax, "party_tag_invalid",
                        [](const std::string& tag) {
                          // ';' separates tags in CSV cells, so it cannot be part of one.
                          return !tag.empty() &&
                                 check_text(tag, limits::kTagLengthMax, false).empty() &&
                                 tag.find(';') == std::string::npos;
                        });
  check.count("social", draft.social.size(), limits::kPartySocialCountMax);
  for (std::size_t i = 0; i < draft.social.size(); ++i) {
    SocialHandle handle{ascii_lower(trim(draft.social[i].network)), trim(draft.social[i].handle)};
    if (!is_valid_social_network(handle.network) || handle.handle.empty() ||
        !check_text(handle.handle, limits::kNameLengthMax, false).empty()) {
      check.fail("social/" + std::to_string(i), "party_social_invalid",
                 "a social handle needs a network code and a handle");
      continue;
    }
    out.social.push_back(std::move(handle));
  }
}

void check_addresses(Checker& check, const PartyDraft& draft, PartyData& out) {
  check.count("addresses", draft.addresses.size(), limits::kPartyAddressesCountMax);
  for (std::size_t i = 0; i < draft.addresses.size(); ++i) {
    const auto& in = draft.addresses[i];
    const std::string path = "addresses/" + std::to_string(i);
    Address address;
    auto kind = parse_address_kind(in.kind);
    if (kind.ok()) {
      address.kind = *kind;
    } else {
      check.fail(path + "/kind", kind.error().code(), kind.error().message());
    }
    const std::pair<const char*, const std::string*> lines[] = {{"street", &in.street},
                                                                {"street2", &in.street2},
                                                                {"city", &in.city},
                                                                {"region", &in.region},
                                                                {"postal_code", &in.postal_code}};
    std::string* targets[] = {&address.street, &address.street2, &address.city, &address.region,
                              &address.postal_code};
    for (std::size_t k = 0; k < std::size(lines); ++k) {
      *targets[k] = trim(*lines[k].second);
      check.text(path + "/" + lines[k].first, *targets[k], limits::kAddressLineLengthMax,
                 "party_address");
    }
    address.country = trim(in.country);
    if (!address.country.empty() && !is_valid_country(address.country)) {
      check.fail(path + "/country", "party_country_invalid",
                 "country must be an ISO 3166-1 alpha-2 code in upper case");
    }
    out.addresses.push_back(std::move(address));
  }
}

void check_codes(Checker& check, const PartyDraft& draft, PartyData& out) {
  out.language = trim(draft.language);
  if (!out.language.empty() && !is_valid_language(out.language)) {
    check.fail("language", "party_language_invalid",
               "language must be a lower-case ISO 639 primary language subtag");
  }
  out.currency = trim(draft.currency);
  if (!out.currency.empty()) {
    auto currency = Currency::from_code(out.currency);
    if (!currency.ok()) check.fail("currency", currency.error().code(), currency.error().message());
  }
  out.tax_id = trim(draft.tax_id);
  check.text("tax_id", out.tax_id, limits::kCodeLengthMax, "party_tax_id");
  out.notes = draft.notes;
  check.text("notes", out.notes, limits::kNoteLengthMax, "party_notes", true);
  if (draft.owner_id) {
    if (*draft.owner_id <= 0) {
      check.fail("owner_id", "party_owner_invalid", "owner_id must be a user id");
    } else {
      out.owner_id = UserId{*draft.owner_id};
    }
  }
  out.payment_terms = trim(draft.payment_terms);
  if (!out.payment_terms.empty() && !is_valid_payment_terms(out.payment_terms)) {
    check.fail("payment_terms", "party_payment_terms_invalid",
               "payment_terms must be a code of a-z, 0-9 and _ such as net30");
  }
}

void check_credit_limit(Checker& check, const PartyDraft& draft, PartyData& out) {
  if (!draft.credit_limit) return;
  if (out.currency.empty()) {
    check.fail("currency", "party_currency_required", "a credit limit needs the party's currency");
    return;
  }
  auto currency = Currency::from_code(out.currency);
  if (!currency.ok()) return;  // already reported on "currency"
  auto limit = Money::parse(*draft.credit_limit, *currency);
  if (!limit.ok()) {
    check.fail("credit_limit", limit.error().code(), limit.error().message());
  } else if (limit->is_negative()) {
    check.fail("credit_limit", "credit_limit_negative", "credit_limit cannot be negative");
  } else {
    out.credit_limit = *limit;
  }
}

}  // namespace

Result<PartyData> validate(const PartyDraft& draft) {
  Checker check;
  PartyData out;
  auto kind = parse_kind(draft.kind);
  if (kind.ok()) {
    out.kind = *kind;
  } else {
    check.fail("kind", kind.error().code(), kind.error().message());
  }
  check_name(check, draft, out);
  if (draft.parent_id) {
    if (*draft.parent_id <= 0 || (kind.ok() && out.kind != PartyKind::person)) {
      check.fail("parent_id", "party_parent_invalid",
                 "only a person can have a parent, and it must be an organization");
    } else {
      out.parent_id = PartyId{*draft.parent_id};
    }
  }
  check_roles(check, draft, out);
  check_contact_lists(check, draft, out);
  check_addresses(check, draft, out);
  check_codes(check, draft, out);
  check_credit_limit(check, draft, out);
  if (!check.errors().empty()) return input_error(std::move(check.errors()));
  return out;
}

PartyDraft to_draft(const PartyData& data) {
  PartyDraft draft;
  draft.kind = std::string(to_string(data.kind));
  draft.name = data.name;
  if (data.parent_id) draft.parent_id = data.parent_id->value();
  for (const Role role : data.roles) draft.roles.emplace_back(to_string(role));
  draft.emails = data.emails;
  draft.phones = data.phones;
  draft.websites = data.websites;
  draft.social = data.social;
  for (const auto& address : data.addresses) {
    draft.addresses.push_back({std::string(to_string(address.kind)), address.street,
                               address.street2, address.city, address.region, address.postal_code,
                               address.country});
  }
  draft.tags = data.tags;
  draft.language = data.language;
  draft.currency = data.currency;
  draft.tax_id = data.tax_id;
  draft.notes = data.notes;
  if (data.owner_id) draft.owner_id = data.owner_id->value();
  draft.payment_terms = data.payment_terms;
  if (data.credit_limit) draft.credit_limit = data.credit_limit->to_string();
  return draft;
}

void apply(PartyDraft& draft, const PartyPatch& patch) {
  if (patch.kind) draft.kind = *patch.kind;
  if (patch.name) draft.name = *patch.name;
  if (patch.parent_id) draft.parent_id = *patch.parent_id;
  if (patch.roles) draft.roles = *patch.roles;
  if (patch.emails) draft.emails = *patch.emails;
  if (patch.phones) draft.phones = *patch.phones;
  if (patch.websites) draft.websites = *patch.websites;
  if (patch.social) draft.social = *patch.social;
  if (patch.addresses) draft.addresses = *patch.addresses;
  if (patch.tags) draft.tags = *patch.tags;
  if (patch.language) draft.language = *patch.language;
  if (patch.currency) draft.currency = *patch.currency;
  if (patch.tax_id) draft.tax_id = *patch.tax_id;
  if (patch.notes) draft.notes = *patch.notes;
  if (patch.owner_id) draft.owner_id = *patch.owner_id;
  if (patch.payment_terms) draft.payment_terms = *patch.payment_terms;
  if (patch.credit_limit) draft.credit_limit = *patch.credit_limit;
}

std::string search_text(const PartyData& data) {
  std::string text = data.name;
  const auto add = [&text](std::string_view part) {
    text.push_back(' ');
    text.append(part);
  };
  for (const auto& email : data.emails) add(email);
  for (const auto& phone : data.phones) {
    add(phone);
    // Digits only as well, so "982188" finds "+98 21 88...".
    std::string digits;
    std::copy_if(phone.begin(), phone.end(), std::back_inserter(digits),
                 [](char c) { return c >= '0' && c <= '9'; });
    add(digits);
  }
  add(data.tax_id);
  for (const auto& tag : data.tags) add(tag);
  return normalize_search(text);
}

nlohmann::json social_to_json(const std::vector<SocialHandle>& social) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& handle : social) {
    out.push_back({{"network", handle.network}, {"handle", handle.handle}});
  }
  return out;
}

nlohmann::json addresses_to_json(const std::vector<Address>& addresses) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& a : addresses) {
    out.push_back({{"kind", to_string(a.kind)},
                   {"street", a.street},
                   {"street2", a.street2},
                   {"city", a.city},
                   {"region", a.region},
                   {"postal_code", a.postal_code},
                   {"country", a.country}});
  }
  return out;
}

}  // namespace keel::partners::domain
