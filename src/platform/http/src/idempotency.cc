#include "idempotency.h"

#include <sodium.h>

#include <chrono>

#include "keel/core/assert.h"
#include "keel/core/limits.h"
#include "text.h"

namespace keel::http::detail {

namespace {

std::int64_t retention_us() {
  return std::int64_t{limits::kIdempotencyRetentionHours} * 3600 * 1000 * 1000;
}

// PostgreSQL TEXT cannot hold NUL bytes or invalid UTF-8; such bodies travel as base64.
bool storable_as_text(std::string_view body) {
  return body.find('\0') == std::string_view::npos && keel::is_valid_utf8(body);
}

std::string to_base64(std::string_view bytes) {
  std::string out(sodium_base64_encoded_len(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

std::string from_base64(std::string_view text) {
  std::string out(text.size(), '\0');
  std::size_t length = 0;
  int status =
      sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                        text.size(), nullptr, &length, nullptr, sodium_base64_VARIANT_ORIGINAL);
  KEEL_ASSERT(status == 0);  // we wrote it ourselves
  out.resize(length);
  return out;
}

}  // namespace

bool is_valid_idempotency_key(std::string_view key) {
  if (key.empty() || key.size() > limits::kIdempotencyKeyLengthMax) return false;
  for (char c : key) {
    if (c < 0x20 || c > 0x7E) return false;
  }
  return true;
}

std::string request_hash(const Request& request) {
  crypto_generichash_state state;
  crypto_generichash_init(&state, nullptr, 0, crypto_generichash_BYTES);
  auto feed = [&](std::string_view part) {
    // Length-prefixed, so that moving bytes between parts changes the hash.
    std::string length = std::to_string(part.size()) + ":";
    crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(length.data()),
                              length.size());
    crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(part.data()),
                              part.size());
  };
  feed(to_string(request.method));
  feed(request.path);
  for (const auto& [name, value] : request.query) {
    feed(name);
    feed(value);
  }
  feed(request.body);
  unsigned char digest[crypto_generichash_BYTES];
  crypto_generichash_final(&state, digest, sizeof digest);
  return to_hex(std::string_view(reinterpret_cast<const char*>(digest), sizeof digest));
}

Result<std::optional<StoredResponse>> find_stored(db::Tx& tx, const IdempotencyScope& scope,
                                                  Instant now) {
  auto row = TRY(
      tx.query_one("SELECT request_hash, status, content_type, headers_json, body, body_base64, "
                   "created_at_us FROM http_idempotency "
                   "WHERE company_id = $1 AND user_id = $2 AND idempotency_key = $3",
                   {scope.company_id, scope.user_id, scope.key}));
  if (!row) return std::optional<StoredResponse>{};
  if (row->integer(6) < to_unix_us(now) - retention_us()) {
    TRY(release(tx, scope));
    return std::optional<StoredResponse>{};
  }
  KEEL_ASSERT(row->integer(1) >= 200 && row->integer(1) < 300);
  StoredResponse stored;
  stored.request_hash = row->text(0);
  stored.response.status = static_cast<int>(row->integer(1));
  stored.response.content_type = row->text(2);
  auto headers = nlohmann::json::parse(row->text(3));
  for (const auto& pair : headers) {
    stored.response.header(pair.at(0).get<std::string>(), pair.at(1).get<std::string>());
  }
  stored.response.body = row->integer(5) != 0 ? from_base64(row->text(4)) : row->text(4);
  return std::optional<StoredResponse>(std::move(stored));
}

Result<bool> claim(db::Tx& tx, const IdempotencyScope& scope, std::string_view request_hash,
                   Instant now) {
  std::int64_t inserted = TRY(tx.execute(
      "INSERT INTO http_idempotency (company_id, user_id, idempotency_key, request_hash, "
      "status, content_type, headers_json, body, body_base64, created_at_us) "
      "VALUES ($1, $2, $3, $4, 0, '', '[]', '', 0, $5) "
      "ON CONFLICT (company_id, user_id, idempotency_key) DO NOTHING",
      {scope.company_id, scope.user_id, scope.key, std::string(request_hash), to_unix_us(now)}));
  return inserted == 1;
}

Result<void> store(db::Tx& tx, const IdempotencyScope& scope, const Response& response) {
  nlohmann::json headers = nlohmann::json::array();
  for (const auto& [name, value] : response.headers) headers.push_back({name, value});
  bool as_text = storable_as_text(response.body);
  std::int64_t updated = TRY(tx.execute(
      "UPDATE http_idempotency SET status = $4, content_type = $5, headers_json = $6, "
      "body = $7, body_base64 = $8 "
      "WHERE company_id = $1 AND user_id = $2 AND idempotency_key = $3",
      {scope.company_id, scope.user_id, scope.key, std::int64_t{response.status},
       response.content_type,
       headers.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
       as_text ? response.body : to_base64(response.body), std::int64_t{as_text ? 0 : 1}}));
  KEEL_ASSERT(updated == 1);  // claimed earlier in this transaction
  return Ok{};
}

Result<void> release(db::Tx& tx, const IdempotencyScope& scope) {
  TRY(
      tx.execute("DELETE FROM http_idempotency "
                 "WHERE company_id = $1 AND user_id = $2 AND idempotency_key = $3",
                 {scope.company_id, scope.user_id, scope.key}));
  return Ok{};
}

}  // namespace keel::http::detail
