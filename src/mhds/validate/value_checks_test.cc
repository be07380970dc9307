#include "mhds/validate/value_checks.h"

#include <gtest/gtest.h>

namespace mhds::validate {
namespace {

using spec::ValueType;

spec::Format F(const char* text) { return *spec::ParseFormat(text); }

struct FormatCase {
  const char* format;
  ValueType type;
  const char* value;
  bool ok;
};

TEST(MatchesFormat, AppliesLengthCharsetAndType) {
  const FormatCase cases[] = {
      {"an10", ValueType::kDate, "2026-10-31", true},
      {"an10", ValueType::kDate, "2026-10-32", false},
      {"an10", ValueType::kDate, "31/10/2026", false},
      {"an8", ValueType::kTime, "23:59:59", true},
      {"an8", ValueType::kTime, "24:00:00", false},
      {"an19", ValueType::kDateTime, "2026-11-02T09:00:00", true},
      {"an19", ValueType::kDateTime, "2026-11-02", false},
      {"max an20", ValueType::kText, "ABCDEFGHIJKLMNOPQRST", true},
      {"max an20", ValueType::kText, "ABCDEFGHIJKLMNOPQRSTU", false},
      {"max an3", ValueType::kText, "\xC3\xA9\xC3\xA9\xC3\xA9", true},  // three characters
      {"min an3 max an5", ValueType::kText, "RX", false},
      {"min an3 max an5", ValueType::kText, "RX1", true},
      {"min an3 max an5", ValueType::kText, "RX1AB", true},
      {"min an3 max an5", ValueType::kText, "RX1ABC", false},
      {"n10", ValueType::kNhsNumber, "9434765919", true},
      {"n10", ValueType::kNhsNumber, "943476591", false},
      {"n10", ValueType::kNhsNumber, "943476591A", false},
      {"max n4", ValueType::kInteger, "45", true},
      {"max n4", ValueType::kInteger, "12345", false},
      {"max n4", ValueType::kInteger, "4x", false},
      {"max n4", ValueType::kInteger, "-4", false},
      {"max n3.2", ValueType::kDecimal, "123.45", true},
      {"max n3.2", ValueType::kDecimal, "-1.5", true},
      {"max n3.2", ValueType::kDecimal, "1.234", false},
      {"max n3.2", ValueType::kDecimal, "1234", false},
      {"max n3.2", ValueType::kDecimal, "1.", false},
      {"min n6 max n18", ValueType::kSnomed, "772822000", true},
      {"min n6 max n18", ValueType::kSnomed, "772822001", false},
      {"max an8", ValueType::kPostcode, "LS1 4AP", true},
      {"max an8", ValueType::kPostcode, "SW1A 1AA", true},
      {"max an8", ValueType::kPostcode, "LS14AP", false},
      {"max an8", ValueType::kPostcode, "ls1 4ap", false},
      // Every outward shape (A9, A99, AA9, AA99, A9A, AA9A), and near misses of each part.
      {"max an8", ValueType::kPostcode, "M1 1AE", true},
      {"max an8", ValueType::kPostcode, "B33 8TH", true},
      {"max an8", ValueType::kPostcode, "CR2 6XH", true},
      {"max an8", ValueType::kPostcode, "DN55 1PT", true},
      {"max an8", ValueType::kPostcode, "W1A 0AX", true},
      {"max an8", ValueType::kPostcode, "EC1A 1BB", true},
      {"max an8", ValueType::kPostcode, "1M 1AE", false},     // 9A
      {"max an8", ValueType::kPostcode, "MM 1AE", false},     // AA
      {"max an8", ValueType::kPostcode, "M 1AE", false},      // one character
      {"max an8", ValueType::kPostcode, "ECA1A 1BB", false},  // five characters
      {"max an8", ValueType::kPostcode, "A1AA 1BB", false},   // A9AA
      {"max an8", ValueType::kPostcode, "A99A 1BB", false},   // A99A
      {"max an8", ValueType::kPostcode, "E 1A 1BB", false},   // a space inside the outward code
      {"max an8", ValueType::kPostcode, "EC1A  1BB", false},  // two spaces
      {"max an8", ValueType::kPostcode, "EC1A 1B", false},    // short inward code
      {"max an8", ValueType::kPostcode, "EC1A AB1", false},   // inward code not 9AA
      {"max an8", ValueType::kPostcode, "EC1A 11B", false},
      {"max an8", ValueType::kPostcode, "EC1A 1B1", false},
      {"max an8", ValueType::kPostcode, "EC1a 1BB", false},
      {"max an8", ValueType::kPostcode, "EC1A-1BB", false},
  };
  for (const FormatCase& c : cases) {
    EXPECT_EQ(MatchesFormat(c.value, F(c.format), c.type), c.ok) << c.format << " " << c.value;
  }
}

TEST(NhsNumber, PassesModulus11ForIssuedNumbersOnly) {
  for (const char* good : {"9434765919", "4010232137", "6541003238"}) {
    EXPECT_TRUE(PassesModulus11(good)) << good;
  }
  for (const char* bad : {"9434765918", "4010232138", "123456789", "12345678901", "94347659AB"}) {
    EXPECT_FALSE(PassesModulus11(bad)) << bad;
  }
  // A check digit of 10 is never valid: 0000000060 weighs to remainder 1.
  EXPECT_FALSE(PassesModulus11("0000000060"));
}

TEST(NhsNumber, RepeatedDigitsPassModulus11ButAreDisallowed) {
  for (char d = '0'; d <= '9'; ++d) {
    std::string n(10, d);
    EXPECT_TRUE(PassesModulus11(n)) << n;
    EXPECT_TRUE(IsDisallowedNhsNumber(n)) << n;
  }
  EXPECT_FALSE(IsDisallowedNhsNumber("9434765919"));
}

TEST(Snomed, ChecksVerhoeffAndPartition) {
  EXPECT_TRUE(IsSnomedCtId("1082621000000104"));
  EXPECT_TRUE(IsSnomedCtId("747901000000107"));
  EXPECT_TRUE(IsSnomedCtId("22298006"));
  EXPECT_FALSE(IsSnomedCtId("22298007"));             // wrong check digit
  EXPECT_FALSE(IsSnomedCtId("02298006"));             // leading zero
  EXPECT_FALSE(IsSnomedCtId("12345"));                // too short
  EXPECT_FALSE(IsSnomedCtId("1234567890123456789"));  // too long
}

TEST(SchemeTypes, RecogniseEachCodeSystemShape) {
  EXPECT_TRUE(MatchesType("F32.1", ValueType::kIcd10));
  EXPECT_TRUE(MatchesType("F321", ValueType::kIcd10));
  EXPECT_FALSE(MatchesType("32.1", ValueType::kIcd10));
  EXPECT_TRUE(MatchesType("Eu32.", ValueType::kRead2));
  EXPECT_FALSE(MatchesType("Eu32", ValueType::kRead2));
  EXPECT_TRUE(MatchesType("X66.1", ValueType::kOpcs4));
  EXPECT_FALSE(MatchesType("X6", ValueType::kOpcs4));
}

TEST(OrderedValue, PutsDatesTimesAndIntegersOnAScale) {
  EXPECT_EQ(*OrderedValue("1970-01-02", ValueType::kDate), 1);
  EXPECT_EQ(*OrderedValue("00:01:00", ValueType::kTime), 60);
  EXPECT_EQ(*OrderedValue("42", ValueType::kInteger), 42);
  EXPECT_FALSE(OrderedValue("x", ValueType::kInteger).has_value());
  EXPECT_FALSE(OrderedValue("abc", ValueType::kText).has_value());
}

}  // namespace
}  // namespace mhds::validate
