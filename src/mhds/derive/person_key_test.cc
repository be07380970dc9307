#include "mhds/derive/person_key.h"

#include <gtest/gtest.h>

namespace mhds::derive {
namespace {

constexpr char kKey[] = "0123456789abcdef0123456789abcdef";

TEST(PersonKey, IsTheHmacSha256OfTheNhsNumberInHex) {
  auto key = PersonKey::FromBytes(kKey);
  ASSERT_TRUE(key.ok());
  // Python: hmac.new(key, b"9990000018", hashlib.sha256).hexdigest()
  EXPECT_EQ(key->PersonId("9990000018"),
            "c9b0cd60b54448660b7386dafaa34078ec04c64a2c08c2879d908c20b8a373bf");
  EXPECT_EQ(key->PersonId("999 000 0018"), key->PersonId("9990000018"));
  EXPECT_EQ(key->PersonId(""), "");
}

TEST(PersonKey, DiffersWithTheKey) {
  auto one = PersonKey::FromBytes(kKey);
  auto other = PersonKey::FromBytes(std::string(kKey) + "x");
  ASSERT_TRUE(one.ok() && other.ok());
  EXPECT_NE(one->PersonId("9990000018"), other->PersonId("9990000018"));
}

TEST(PersonKey, RefusesAShortKeyWithoutShowingIt) {
  auto key = PersonKey::FromBytes("secret-but-short");
  ASSERT_FALSE(key.ok());
  EXPECT_EQ(key.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(key.status().message().find("secret"), std::string::npos);
}

}  // namespace
}  // namespace mhds::derive
