#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "keel/core/result.h"

// Inbound email (RFC 5322 with MIME, RFC 2045-2049 and RFC 2047) read into what CRM keeps
// of a message. Parsing is GMime's; this layer bounds and cleans what comes out of it.
namespace keel::crm::formats {

struct MailAttachment {
  std::string filename;      // decoded (RFC 2047 / 2231); empty when the part names none
  std::string content_type;  // lower-case "type/subtype"
  std::int64_t size = 0;     // bytes after the transfer encoding is undone
};

// Every string is valid UTF-8 without control characters; only `text` holds line feeds
// (and tabs).
struct InboundMessage {
  std::string message_id;               // without <>, empty when the message has none
  std::vector<std::string> references;  // References then In-Reply-To ids, without <>,
                                        // oldest first, no duplicates, at most 50
  std::string from_address;             // addr-spec, lower-cased
  std::string from_name;                // display name, decoded to UTF-8
  std::vector<std::string> to;          // addr-specs of To and Cc, lower-cased, no
                                        // duplicates, at most 50
  std::string subject;                  // decoded, at most 998 bytes
  std::optional<std::string> date;      // Date as UTC "YYYY-MM-DDTHH:MM:SSZ"; nullopt if
                                        // absent or unparsable
  std::string text;                     // the body as text, at most kMailTextMax bytes
  bool text_truncated = false;
  std::vector<MailAttachment> attachments;  // at most 50
};

inline constexpr std::size_t kMailTextMax = 65536;
inline constexpr std::size_t kMailRawBytesMax = 32 * 1024 * 1024;
inline constexpr std::size_t kMailReferencesMax = 50;
inline constexpr std::size_t kMailRecipientsMax = 50;
inline constexpr std::size_t kMailAttachmentsMax = 50;
inline constexpr std::size_t kMailSubjectBytesMax = 998;
// Message ids, addresses, names, filenames and content types are cut to this length.
inline constexpr std::size_t kMailFieldBytesMax = 998;

// Reads one message in RFC 5322 form (CRLF or LF line ends).
//
// The body is the first text/plain part that is not an attachment, converted from its
// charset to UTF-8; failing that the first text/html part with tags removed and entities
// decoded. Line ends become "\n". Text past kMailTextMax bytes is cut on a UTF-8 boundary
// and text_truncated is set. Attachments are the other leaf parts that are marked as
// attachments, carry a filename or are not text, and attached messages (message/rfc822).
// When References holds more than 50 ids, the first (the thread's root) and the last 49 are
// kept. Undecodable bytes become U+FFFD and control characters are dropped (CR and LF in
// decoded headers become spaces), so a header can never smuggle in a line break.
//
// Errors (validation):
//   email_too_large    field "message": `raw` is longer than kMailRawBytesMax
//   email_malformed    field "message": GMime cannot parse it, or it has no header block
//   email_from_missing field "from": no From header with a usable addr-spec (local@domain)
Result<InboundMessage> parse_message(std::string_view raw);

}  // namespace keel::crm::formats
