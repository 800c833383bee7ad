#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "keel/core/clock.h"
#include "keel/core/result.h"
#include "keel/db/db.h"
#include "keel/http/http.h"

// Storage of POST responses by Idempotency-Key in http_idempotency. Every function runs in
// the caller's write transaction, so the stored response commits or rolls back together with
// the command it answers.
namespace keel::http::detail {

// Keys are per user and company: another user's key never replays someone else's answer.
struct IdempotencyScope {
  std::int64_t company_id = 0;
  std::int64_t user_id = 0;
  std::string key;
};

struct StoredResponse {
  std::string request_hash;
  Response response;
};

// 1..kIdempotencyKeyLengthMax printable ASCII characters (0x20..0x7E).
bool is_valid_idempotency_key(std::string_view key);

// BLAKE2b-256 (hex) of method, path, query and body: what "the same request" means.
std::string request_hash(const Request& request);

// The stored response for the scope, or nullopt. A row older than the retention period is
// deleted and reported as absent.
Result<std::optional<StoredResponse>> find_stored(db::Tx& tx, const IdempotencyScope& scope,
                                                  Instant now);

// Inserts a placeholder row claiming the key. Returns false when another transaction holds or
// has committed the key (PostgreSQL waits for it to finish first): the caller then re-reads.
Result<bool> claim(db::Tx& tx, const IdempotencyScope& scope, std::string_view request_hash,
                   Instant now);

// Fills the claimed row with the response.
Result<void> store(db::Tx& tx, const IdempotencyScope& scope, const Response& response);

// Removes the claim (the handler answered with a non-success response, which is not stored).
Result<void> release(db::Tx& tx, const IdempotencyScope& scope);

}  // namespace keel::http::detail
