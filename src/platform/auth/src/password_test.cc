#include <gtest/gtest.h>

#include <set>

#include "auth_internal.h"
#include "keel/core/limits.h"

namespace keel::auth {
namespace {

TEST(Password, length_limits_have_their_own_codes) {
  auto short_one = check_password(std::string(limits::kPasswordLengthMin - 1, 'a'));
  ASSERT_FALSE(short_one.ok());
  EXPECT_EQ(short_one.error().code(), "password_too_short");
  EXPECT_EQ(short_one.error().fields().at(0).field, "password");
  auto long_one = check_password(std::string(limits::kPasswordLengthMax + 1, 'a'));
  ASSERT_FALSE(long_one.ok());
  EXPECT_EQ(long_one.error().code(), "password_too_long");
  EXPECT_TRUE(check_password(std::string(limits::kPasswordLengthMin, 'a')).ok());
  EXPECT_TRUE(check_password(std::string(limits::kPasswordLengthMax, 'a')).ok());
}

TEST(Password, hash_is_salted_argon2id_and_verifies) {
  const std::string first = hash_password("correct horse battery");
  const std::string second = hash_password("correct horse battery");
  EXPECT_TRUE(first.starts_with("$argon2id$"));
  EXPECT_NE(first, second);  // a fresh salt each time
  EXPECT_TRUE(verify_password(first, "correct horse battery"));
  EXPECT_TRUE(verify_password(second, "correct horse battery"));
  EXPECT_FALSE(verify_password(first, "correct horse batterY"));
  EXPECT_FALSE(verify_password("not a hash", "correct horse battery"));
  EXPECT_FALSE(verify_password(detail::decoy_password_hash(), "correct horse battery"));
}

TEST(Tokens, are_random_base64url_and_hash_stably) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    const std::string token = detail::new_token();
    EXPECT_EQ(token.size(), 43u);  // 32 bytes, unpadded base64
    EXPECT_EQ(
        token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
        std::string::npos);
    seen.insert(token);
  }
  EXPECT_EQ(seen.size(), 100u);
  EXPECT_EQ(detail::token_hash("abc"), detail::token_hash("abc"));
  EXPECT_NE(detail::token_hash("abc"), detail::token_hash("abd"));
  EXPECT_EQ(detail::token_hash("abc").size(), 64u);
}

}  // namespace
}  // namespace keel::auth
