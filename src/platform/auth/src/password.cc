// Password hashing (argon2id via libsodium) with a bound on concurrent hashes, and the
// random tokens of sessions and API tokens.

#include <sodium.h>

#include <semaphore>

#include "auth_internal.h"
#include "keel/auth/auth_api.h"
#include "keel/core/assert.h"
#include "keel/core/limits.h"

namespace keel::auth {
namespace {

void ensure_sodium() {
  // sodium_init is thread-safe and idempotent, but a static makes "once" explicit.
  static const int initialized = sodium_init();
  KEEL_ASSERT(initialized >= 0);
}

// Each argon2id hash at INTERACTIVE cost takes 64 MiB: an unbounded number of concurrent
// logins would let anyone exhaust memory. Callers beyond the bound wait their turn.
std::counting_semaphore<limits::kConcurrentPasswordHashesMax>& hash_slots() {
  static std::counting_semaphore<limits::kConcurrentPasswordHashesMax> slots(
      limits::kConcurrentPasswordHashesMax);
  return slots;
}

class HashSlot {
 public:
  HashSlot() { hash_slots().acquire(); }
  ~HashSlot() { hash_slots().release(); }
  HashSlot(const HashSlot&) = delete;
  HashSlot& operator=(const HashSlot&) = delete;
};

}  // namespace

Result<void> check_password(std::string_view password) {
  if (password.size() < limits::kPasswordLengthMin) {
    return Error::validation(
        "password_too_short",
        "a password needs at least " + std::to_string(limits::kPasswordLengthMin) + " characters",
        "password");
  }
  if (password.size() > limits::kPasswordLengthMax) {
    return Error::validation(
        "password_too_long",
        "a password may have at most " + std::to_string(limits::kPasswordLengthMax) + " bytes",
        "password");
  }
  return Ok{};
}

std::string hash_password(std::string_view password) {
  KEEL_ASSERT(check_password(password).ok());
  ensure_sodium();
  char encoded[crypto_pwhash_STRBYTES];
  HashSlot slot;
  const int status = crypto_pwhash_str_alg(
      encoded, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
      crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13);
  // Fails only when memory cannot be allocated; there is nothing sensible to return then.
  KEEL_ASSERT(status == 0);
  return encoded;
}

bool verify_password(std::string_view password_hash, std::string_view password) {
  ensure_sodium();
  // crypto_pwhash_str_verify needs a NUL-terminated hash.
  const std::string terminated(password_hash);
  HashSlot slot;
  return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

namespace detail {

std::string new_token() {
  ensure_sodium();
  unsigned char bytes[kTokenBytes];
  randombytes_buf(bytes, sizeof bytes);
  char text[sodium_base64_ENCODED_LEN(kTokenBytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(text, sizeof text, bytes, sizeof bytes,
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return text;
}

std::string token_hash(std::string_view token) {
  ensure_sodium();
  unsigned char digest[crypto_generichash_BYTES];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(token.data()),
                     token.size(), nullptr, 0);
  char hex[crypto_generichash_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

const std::string& decoy_password_hash() {
  // Verifying against this when an email is unknown makes a failed login cost the same
  // whether or not the account exists, so timing does not reveal registered emails.
  static const std::string hash = hash_password("keel-decoy-password-never-matches");
  return hash;
}

}  // namespace detail
}  // namespace keel::auth
