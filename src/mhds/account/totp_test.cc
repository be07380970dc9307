#include "mhds/account/totp.h"

#include <gtest/gtest.h>

namespace mhds::account {
namespace {

// The shared secret of RFC 4226 appendix D and RFC 6238 appendix B (SHA-1).
constexpr char kRfcKey[] = "12345678901234567890";

TEST(Hotp, MatchesRfc4226AppendixD) {
  const char* expected[] = {"755224", "287082", "359152", "969429", "338314",
                            "254676", "287922", "162583", "399871", "520489"};
  for (uint64_t counter = 0; counter < 10; ++counter) {
    EXPECT_EQ(Hotp(kRfcKey, counter), expected[counter]) << "counter " << counter;
  }
}

TEST(Totp, MatchesRfc6238AppendixBForSha1) {
  struct Vector {
    int64_t time;
    const char* code;
  };
  const Vector vectors[] = {
      {59, "94287082"},         {1111111109, "07081804"}, {1111111111, "14050471"},
      {1234567890, "89005924"}, {2000000000, "69279037"}, {20000000000, "65353130"},
  };
  for (const Vector& v : vectors) {
    EXPECT_EQ(TotpCode(kRfcKey, v.time, 8), v.code) << "T = " << v.time;
  }
}

TEST(Totp, SixDigitCodeIsTheLastSixOfTheEightDigitOne) {
  // Both are the same 31-bit number modulo a power of ten.
  EXPECT_EQ(TotpCode(kRfcKey, 59), "287082");
  EXPECT_EQ(TotpCode(kRfcKey, 1111111109), "081804");
}

TEST(MatchTotp, AcceptsOneStepEitherSideAndNoFurther) {
  const int64_t now = 1111111111;
  const uint64_t step = TotpStep(now);
  EXPECT_EQ(MatchTotp(kRfcKey, TotpCode(kRfcKey, now), now), step);
  EXPECT_EQ(MatchTotp(kRfcKey, TotpCode(kRfcKey, now - 30), now), step - 1);
  EXPECT_EQ(MatchTotp(kRfcKey, TotpCode(kRfcKey, now + 30), now), step + 1);
  EXPECT_FALSE(MatchTotp(kRfcKey, TotpCode(kRfcKey, now - 60), now).has_value());
  EXPECT_FALSE(MatchTotp(kRfcKey, TotpCode(kRfcKey, now + 60), now).has_value());
  EXPECT_FALSE(MatchTotp(kRfcKey, TotpCode(kRfcKey, now - 60), now, 0).has_value());
}

TEST(MatchTotp, RefusesMalformedCodes) {
  const int64_t now = 1234567890;
  for (const char* code : {"", "12345", "1234567", "abcdef", " 89005924"}) {
    EXPECT_FALSE(MatchTotp(kRfcKey, code, now).has_value()) << "'" << code << "'";
  }
}

TEST(Base32, MatchesRfc4648Section10) {
  struct Case {
    const char* plain;
    const char* encoded;
  };
  const Case cases[] = {{"", ""},
                        {"f", "MY"},
                        {"fo", "MZXQ"},
                        {"foo", "MZXW6"},
                        {"foob", "MZXW6YQ"},
                        {"fooba", "MZXW6YTB"},
                        {"foobar", "MZXW6YTBOI"}};
  for (const Case& c : cases) {
    EXPECT_EQ(Base32Encode(c.plain), c.encoded);
    EXPECT_EQ(Base32Decode(c.encoded), std::string(c.plain));
  }
  EXPECT_EQ(Base32Decode("mzxw 6ytb oi======"), std::string("foobar"));
  EXPECT_FALSE(Base32Decode("MZXW1").has_value());  // 1 is not in the alphabet
}

TEST(NewTotpKey, IsTwentyRandomBytes) {
  std::string a = NewTotpKey();
  std::string b = NewTotpKey();
  EXPECT_EQ(a.size(), 20u);
  EXPECT_NE(a, b);
}

TEST(OtpauthUri, CarriesTheKeyAndParametersAuthenticatorsExpect) {
  std::string uri = OtpauthUri("mhds", "alice@rx1", kRfcKey);
  EXPECT_EQ(uri,
            "otpauth://totp/mhds:alice@rx1?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=mhds&"
            "algorithm=SHA1&digits=6&period=30");
  EXPECT_NE(OtpauthUri("NHS landing", "a", "k").find("NHS%20landing"), std::string::npos);
}

}  // namespace
}  // namespace mhds::account
