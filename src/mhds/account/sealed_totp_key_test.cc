#include "mhds/account/sealed_totp_key.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

namespace mhds::account {
namespace {

const std::string kSeal(32, 'k');
const std::string kOtherSeal(32, 'o');
constexpr char kKey[] = "12345678901234567890";
constexpr char kKeyHex[] = "3132333435363738393031323334353637383930";

TEST(SealedTotpKey, SealsWithTheKeyAndOpensOnlyWithIt) {
  std::string stored = StoreTotpKey(kKey, kSeal);
  EXPECT_TRUE(stored.starts_with("sealed1:")) << stored;
  EXPECT_EQ(stored.find(kKeyHex), std::string::npos);
  EXPECT_NE(stored, StoreTotpKey(kKey, kSeal));  // a fresh nonce each time
  EXPECT_EQ(OpenTotpKey(stored, kSeal), std::optional<std::string>(kKey));
  EXPECT_FALSE(OpenTotpKey(stored, kOtherSeal).has_value());
  EXPECT_FALSE(OpenTotpKey(stored, "").has_value());
  std::string tampered = stored;
  tampered.back() = tampered.back() == '0' ? '1' : '0';
  EXPECT_FALSE(OpenTotpKey(tampered, kSeal).has_value());
}

TEST(SealedTotpKey, PlainKeysAreStoredAndStillReadAsHex) {
  EXPECT_EQ(StoreTotpKey(kKey, ""), kKeyHex);
  EXPECT_EQ(OpenTotpKey(kKeyHex, kSeal), std::optional<std::string>(kKey));
  EXPECT_EQ(OpenTotpKey(kKeyHex, ""), std::optional<std::string>(kKey));
  EXPECT_FALSE(OpenTotpKey("zz", "").has_value());
}

TEST(SealedTotpKey, ReadsRawOrHexKeyFilesAndRefusesOthers) {
  std::string pattern = ::testing::TempDir() + "mhds_seal_XXXXXX";
  ASSERT_NE(mkdtemp(pattern.data()), nullptr);
  std::filesystem::path dir = pattern;
  std::ofstream(dir / "raw", std::ios::binary) << kSeal;
  std::ofstream(dir / "hex") << std::string(64, 'a') << "\n";
  std::ofstream(dir / "short") << "too short";
  EXPECT_EQ(ReadTotpSealKey(dir / "raw").value(), kSeal);
  EXPECT_EQ(ReadTotpSealKey(dir / "hex").value(), std::string(32, '\xaa'));
  EXPECT_EQ(ReadTotpSealKey(dir / "short").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ReadTotpSealKey(dir / "missing").status().code(), StatusCode::kNotFound);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace mhds::account
