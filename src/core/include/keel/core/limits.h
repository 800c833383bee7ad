#pragma once

#include <cstddef>
#include <cstdint>

// Every limit in Keel, named in one place and enforced at input, so that overflow and
// unbounded work are impossible by construction. Lengths are in bytes of UTF-8 unless named
// `_chars`.
namespace keel::limits {

// HTTP
inline constexpr std::size_t kRequestBodyBytesMax = 1 * 1024 * 1024;
inline constexpr std::size_t kImportBodyBytesMax = 16 * 1024 * 1024;  // CSV imports
inline constexpr std::size_t kHeaderFieldsCountMax = 100;
inline constexpr std::size_t kHeaderFieldBytesMax = 8 * 1024;
inline constexpr std::size_t kUrlBytesMax = 8 * 1024;
inline constexpr int kRequestTimeoutS = 30;
inline constexpr std::size_t kIdempotencyKeyLengthMax = 200;
inline constexpr int kIdempotencyRetentionHours = 48;

// Lists
inline constexpr std::int64_t kPageSizeDefault = 50;
inline constexpr std::int64_t kPageSizeMax = 500;
inline constexpr std::size_t kSearchQueryLengthMax = 200;

// Text fields
inline constexpr std::size_t kNameLengthMax = 300;
inline constexpr std::size_t kCodeLengthMax = 64;
inline constexpr std::size_t kEmailLengthMax = 254;
inline constexpr std::size_t kPhoneLengthMax = 40;
inline constexpr std::size_t kUrlLengthMax = 2000;
inline constexpr std::size_t kNoteLengthMax = 10'000;
inline constexpr std::size_t kAddressLineLengthMax = 300;
inline constexpr std::size_t kTagLengthMax = 64;

// Auth
inline constexpr std::size_t kPasswordLengthMin = 8;
inline constexpr std::size_t kPasswordLengthMax = 1024;
inline constexpr int kLoginFailuresMax = 5;          // per email within the window below
inline constexpr int kLoginFailureWindowS = 15 * 60;
inline constexpr int kConcurrentPasswordHashesMax = 2;  // argon2id takes 64 MiB each
inline constexpr int kSessionLifetimeHours = 12;

// Partners
inline constexpr std::size_t kPartyEmailsCountMax = 20;
inline constexpr std::size_t kPartyPhonesCountMax = 20;
inline constexpr std::size_t kPartyAddressesCountMax = 20;
inline constexpr std::size_t kPartyTagsCountMax = 50;
inline constexpr std::size_t kPartyRolesCountMax = 8;
inline constexpr std::size_t kImportRowsMax = 100'000;

}  // namespace keel::limits
