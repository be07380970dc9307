#include "mhds/account/password.h"

#include <gtest/gtest.h>

#include "mhds/account/csrf.h"
#include "mhds/account/secrets.h"

namespace mhds::account {
namespace {

TEST(Password, HashVerifiesOnlyTheSamePassword) {
  auto hash = HashPassword("correct horse battery", PasswordCost::kTest);
  ASSERT_TRUE(hash.ok()) << hash.status().ToString();
  EXPECT_TRUE(hash->starts_with("$argon2id$")) << *hash;
  EXPECT_EQ(hash->find("correct horse"), std::string::npos);
  EXPECT_TRUE(VerifyPassword(*hash, "correct horse battery"));
  EXPECT_FALSE(VerifyPassword(*hash, "correct horse batterY"));
  EXPECT_FALSE(VerifyPassword(*hash, ""));
}

TEST(Password, SamePasswordHashesDifferentlyEachTime) {
  auto a = HashPassword("same password", PasswordCost::kTest);
  auto b = HashPassword("same password", PasswordCost::kTest);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(*a, *b);  // a fresh salt each time
  EXPECT_TRUE(VerifyPassword(*b, "same password"));
}

TEST(Password, InteractiveCostIsRecordedInTheHash) {
  auto hash = HashPassword("a password", PasswordCost::kInteractive);
  ASSERT_TRUE(hash.ok());
  EXPECT_NE(hash->find("m=65536"), std::string::npos) << *hash;  // 64 MiB
  EXPECT_TRUE(VerifyPassword(*hash, "a password"));
}

TEST(Password, MalformedHashNeverVerifies) {
  for (const char* hash :
       {"", "plain text", "$argon2id$v=19$m=8,t=1,p=1$bad$bad", "$2y$10$abcdefghijklmnopqrstuv"}) {
    EXPECT_FALSE(VerifyPassword(hash, "plain text")) << hash;
  }
}

TEST(Secrets, RandomHexHasTheRequestedLengthAndVaries) {
  std::string a = RandomHex(32);
  EXPECT_EQ(a.size(), 64u);
  EXPECT_EQ(a.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_NE(a, RandomHex(32));
}

TEST(Secrets, Sha256AndHmacMatchKnownValues) {
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  // RFC 4231 test case 2.
  EXPECT_EQ(HmacSha256Hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(Secrets, ConstantTimeEqualsComparesWholeStrings) {
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "ab"));
  EXPECT_TRUE(ConstantTimeEquals("", ""));
}

TEST(Csrf, TokenBelongsToOneSession) {
  const std::string session = RandomHex(32);
  const std::string token = CsrfToken(session);
  EXPECT_EQ(token.size(), 64u);
  EXPECT_EQ(token, CsrfToken(session));
  EXPECT_NE(token, session);
  EXPECT_TRUE(CheckCsrfToken(session, token));
  EXPECT_FALSE(CheckCsrfToken(RandomHex(32), token));
  EXPECT_FALSE(CheckCsrfToken(session, ""));
  EXPECT_FALSE(CheckCsrfToken(session, token.substr(1)));
  EXPECT_FALSE(CheckCsrfToken("", CsrfToken("")));
}

}  // namespace
}  // namespace mhds::account
