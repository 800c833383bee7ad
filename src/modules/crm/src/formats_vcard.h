#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "keel/core/result.h"

// vCard import and export for CRM contacts: reads vCard 4.0 (RFC 6350), 3.0 (RFC 2426) and
// 2.1; writes 3.0, the version Outlook, Google Contacts and Apple Contacts all import.
namespace keel::crm::formats {

struct VcardAddress {
  std::string street, city, region, postal_code, country;

  bool operator==(const VcardAddress&) const = default;
};

// One contact. Every string is valid UTF-8 without control characters; only `note` and
// `address->street` may hold line feeds.
struct Contact {
  std::string uid, full_name, given_name, family_name, organization, title, note;
  std::vector<std::string> emails, phones, websites;
  std::optional<VcardAddress> address;

  bool operator==(const Contact&) const = default;
};

inline constexpr std::size_t kVcardContactsMax = 5000;
// Longer values are cut on a UTF-8 boundary when read.
inline constexpr std::size_t kVcardFieldBytesMax = 1024;
inline constexpr std::size_t kVcardNoteBytesMax = 32768;
// Emails, phones and websites read per contact; later ones are ignored.
inline constexpr std::size_t kVcardValuesPerKindMax = 20;

// Reads every BEGIN:VCARD … END:VCARD block in `text`, in order. Lines may end in CRLF, LF
// or CR and are unfolded first; property names are case-insensitive and groups
// ("item1.EMAIL") are ignored. Understands TYPE, CHARSET and ENCODING=QUOTED-PRINTABLE
// (2.1, with soft line breaks); base64-encoded properties (PHOTO, LOGO, SOUND, KEY) are
// skipped. N gives given_name and family_name; when FN is absent, full_name is built from N,
// else from ORG, else from the first email. Only the first ADR and the first ORG component
// are kept. Text outside cards is ignored.
// Errors (validation, field "file"):
//   vcard_empty      no card in `text`
//   vcard_malformed  BEGIN without END, END without BEGIN, a line without ':' inside a card,
//                    a card with neither FN nor N; the message names the line number
//   vcard_too_many   more than kVcardContactsMax cards
Result<std::vector<Contact>> parse_vcards(std::string_view text);

// Writes `contacts` as vCard 3.0: CRLF line ends, lines folded at 75 octets (never inside a
// UTF-8 sequence), TEXT values escaped. FN is full_name, else "given family", else the
// organization, else the first email. Invalid UTF-8 and control characters in the input are
// replaced or dropped, so the output is always well-formed.
std::string write_vcards(const std::vector<Contact>& contacts);

}  // namespace keel::crm::formats
