#pragma once

#include <cstddef>
#include <cstdint>

// Every limit in Keel, named in one place and enforced at input, so that overflow and
// unbounded work are impossible by construction. Lengths are in bytes of UTF-8 unless named
// `_chars`.
namespace keel::limits {

// HTTP
inline constexpr std::size_t kRequestBodyBytesMax = 1 * 1024 * 1024;
inline constexpr std::size_t kImportBodyBytesMax = 16 * 1024 * 1024;  // CSV, vCard, mail
inline constexpr std::size_t kHeaderFieldsCountMax = 100;
inline constexpr std::size_t kHeaderFieldBytesMax = 8 * 1024;
inline constexpr std::size_t kUrlBytesMax = 8 * 1024;
inline constexpr int kRequestTimeoutS = 30;
inline constexpr std::size_t kIdempotencyKeyLengthMax = 200;
inline constexpr int kIdempotencyRetentionHours = 48;
inline constexpr std::size_t kJsonDepthMax = 64;          // nesting of arrays and objects
inline constexpr std::size_t kRequestIdLengthMax = 64;    // an incoming X-Request-Id
inline constexpr int kShutdownDrainS = 20;                // in-flight requests on shutdown
inline constexpr std::size_t kBodyBytesHardMax = kImportBodyBytesMax + 64 * 1024;  // transport

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
inline constexpr std::size_t kUserRolesCountMax = 20;      // roles held by one user
inline constexpr std::size_t kRoleGrantsCountMax = 2000;    // permissions granted by one role
inline constexpr std::int64_t kApiTokensActiveMax = 20;     // unrevoked API tokens per user
inline constexpr std::size_t kPreferenceLengthMax = 64;     // one user preference value

// Partners
inline constexpr std::size_t kPartyEmailsCountMax = 20;
inline constexpr std::size_t kPartyPhonesCountMax = 20;
inline constexpr std::size_t kPartyAddressesCountMax = 20;
inline constexpr std::size_t kPartyTagsCountMax = 50;
inline constexpr std::size_t kPartyRolesCountMax = 8;
inline constexpr std::size_t kImportRowsMax = 100'000;
inline constexpr std::size_t kPartyWebsitesCountMax = 10;
inline constexpr std::size_t kPartySocialCountMax = 20;
inline constexpr std::size_t kPartyContactsShownMax = 200;  // contacts listed on an organization

}  // namespace keel::limits

namespace keel::limits {

// Core value types
inline constexpr std::size_t kAllocationPartsCountMax = 10'000;  // Money::allocate weights
inline constexpr int kDateYearMin = 1000;  // Date range; see date.h for why
inline constexpr int kDateYearMax = 2999;

}  // namespace keel::limits

// Accounting
namespace keel::limits {
inline constexpr std::size_t kEntryLinesMax = 10'000;
inline constexpr std::size_t kMemoLengthMax = 2'000;
}  // namespace keel::limits
