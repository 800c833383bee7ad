#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "keel/core/csv.h"
#include "keel/core/error.h"
#include "keel/core/result.h"
#include "keel/core/utf8.h"
#include "keel/partners/partners_api.h"

// Pure domain code of the partners module: validation, search-text normalization, CSV and
// cursors. No SQL, no I/O.
namespace keel::partners::domain {

Result<PartyKind> parse_kind(std::string_view text);
Result<Role> parse_role(std::string_view text);
Result<AddressKind> parse_address_kind(std::string_view text);

// The text stored for search and compared against a normalized query: Unicode case folding
// and NFKC, Persian/Arabic letter variants unified (ي ى → ی, ك → ک, ة → ه, أ إ آ → ا),
// Arabic diacritics, tatweel and Hebrew niqqud removed, ZWNJ → space, Persian and Arabic
// digits → ASCII, whitespace runs collapsed. Invalid UTF-8 yields "".
std::string normalize_search(std::string_view text);

// The key two emails are the same under: the normalized address.
std::string email_key(std::string_view email);
// The key two tax ids are the same under: normalized, without spaces, dots, dashes, slashes.
std::string tax_id_key(std::string_view tax_id);

// Syntactic checks, shared with the CSV import.
bool is_valid_email(std::string_view email);
bool is_valid_country(std::string_view code);
bool is_valid_language(std::string_view code);

// Validates a whole draft into PartyData. Every problem is collected as a FieldError of one
// input_invalid error (field names as in the JSON body, e.g. "emails/1"). Does not check the
// parent (needs the database) nor permissions.
Result<PartyData> validate(const PartyDraft& draft);

// The inverse of validate(): the draft that validates to `data`.
PartyDraft to_draft(const PartyData& data);
// Applies the members present in `patch` onto `draft`.
void apply(PartyDraft& draft, const PartyPatch& patch);

// The normalized search text of a party: name, emails, phones (also digits only), tax id, tags.
std::string search_text(const PartyData& data);

// `text` with LIKE metacharacters (\ % _) escaped by a backslash, for ESCAPE '\'.
std::string escape_like(std::string_view text);

// Opaque keyset cursor: the sort it belongs to, the last sort value and the last id.
struct Cursor {
  std::string sort;
  std::string value;
  std::int64_t id = 0;
};
std::string encode_cursor(const Cursor& cursor);
// Errors: list_cursor_invalid.
Result<Cursor> decode_cursor(std::string_view text);

// Splits a ';'-separated CSV cell into trimmed, non-empty parts.
std::vector<std::string> split_list(std::string_view cell);

// The JSON form of social handles and addresses: what the API returns and what the
// repository stores in its document columns, so the two cannot drift apart.
nlohmann::json social_to_json(const std::vector<SocialHandle>& social);
nlohmann::json addresses_to_json(const std::vector<Address>& addresses);

}  // namespace keel::partners::domain
