#include "mhds/mapping/transform.h"

#include <gtest/gtest.h>

namespace mhds::mapping {
namespace {

ValueTransform WithDate(const char* pattern, spec::ValueType output) {
  ValueTransform t;
  t.date = *DatePattern::Parse(pattern);
  t.date_output = output;
  t.latest_year = 2026;
  return t;
}

std::shared_ptr<const CodeMap> Attendance(Unmapped unmapped) {
  auto map = std::make_shared<CodeMap>();
  map->name = "attendance";
  map->codes = {{"attended", "5"}, {"dna", "3"}, {"cancelled by patient", "2"}};
  map->unmapped = unmapped;
  return map;
}

struct Case {
  const char* name;
  ValueTransform transform;
  const char* in;
  const char* out;  // nullptr: the transform fails
  const char* reason = "";
};

std::vector<Case> Cases() {
  ValueTransform plain;
  ValueTransform no_trim;
  no_trim.trim = false;
  ValueTransform upper;
  upper.upper = true;
  ValueTransform nhs;
  nhs.remove = " -";
  ValueTransform defaulted;
  defaulted.default_value = "Z";
  ValueTransform pad_left;
  pad_left.pad = {2, '0', true};
  ValueTransform pad_right;
  pad_right.pad = {4, '_', false};
  ValueTransform codes_error;
  codes_error.codes = Attendance(Unmapped::kError);
  ValueTransform codes_blank;
  codes_blank.codes = Attendance(Unmapped::kBlank);
  ValueTransform codes_keep;
  codes_keep.codes = Attendance(Unmapped::kKeep);
  ValueTransform codes_pad = codes_keep;
  codes_pad.pad = {2, '0', true};
  return {
      {"trim by default", plain, "  RX1  ", "RX1"},
      {"trim off", no_trim, " RX1 ", " RX1 "},
      {"upper case", upper, "ls6 2qt", "LS6 2QT"},
      {"remove characters", nhs, "999 000-0018", "9990000018"},
      {"default for blank", defaulted, "   ", "Z"},
      {"default only for blank", defaulted, "A", "A"},
      {"blank stays blank", plain, "", ""},
      {"pad left", pad_left, "1", "01"},
      {"pad never cuts", pad_left, "123", "123"},
      {"pad right", pad_right, "ab", "ab__"},
      {"code label", codes_error, "Attended", "5"},
      {"code label ignoring case and spaces", codes_error, "  dNa ", "3"},
      {"code label with spaces inside", codes_error, "Cancelled by patient", "2"},
      {"unmapped label fails", codes_error, "Walked out", nullptr,
       "label not listed in code map 'attendance'"},
      {"unmapped label blank", codes_blank, "Walked out", ""},
      {"unmapped label kept", codes_keep, "6", "6"},
      {"code then pad", codes_pad, "7", "07"},
      {"UK date", WithDate("DD/MM/YYYY", spec::ValueType::kDate), "06/10/2026", "2026-10-06"},
      {"short UK date", WithDate("D/M/YY", spec::ValueType::kDate), "6/10/26", "2026-10-06"},
      {"bad UK date", WithDate("DD/MM/YYYY", spec::ValueType::kDate), "2026-10-06", nullptr,
       "not a DD/MM/YYYY date"},
      {"timestamp to date", WithDate("YYYY-MM-DD hh:mm:ss", spec::ValueType::kDate),
       "2026-10-06 14:30:00", "2026-10-06"},
      {"timestamp to time", WithDate("YYYY-MM-DD hh:mm:ss", spec::ValueType::kTime),
       "2026-10-06 14:30:00", "14:30:00"},
      {"timestamp to date-time", WithDate("YYYY-MM-DD hh:mm:ss", spec::ValueType::kDateTime),
       "2026-10-06 14:30:00", "2026-10-06T14:30:00"},
      {"excel serial to date", WithDate("excel", spec::ValueType::kDate), "46301", "2026-10-06"},
      {"excel serial to time", WithDate("excel", spec::ValueType::kTime), "46301.25", "06:00:00"},
      {"time only", WithDate("hh:mm", spec::ValueType::kTime), "09:15", "09:15:00"},
      {"bad time", WithDate("hh:mm", spec::ValueType::kTime), "25:00", nullptr, "not a hh:mm time"},
  };
}

TEST(ApplyTransform, TurnsLocalValuesIntoNationalOnes) {
  for (const Case& c : Cases()) {
    SCOPED_TRACE(c.name);
    auto out = ApplyTransform(c.transform, c.in);
    if (c.out == nullptr) {
      ASSERT_FALSE(out.ok());
      EXPECT_EQ(out.status().message(), c.reason);
    } else {
      ASSERT_TRUE(out.ok()) << out.status().message();
      EXPECT_EQ(*out, c.out);
    }
  }
}

TEST(ApplyTransform, NeverQuotesTheValueInAReason) {
  const std::string secret = "9990000018";
  for (Case c : Cases()) {
    auto out = ApplyTransform(c.transform, secret);
    if (!out.ok()) {
      EXPECT_EQ(out.status().message().find(secret), std::string::npos) << c.name;
    }
  }
}

}  // namespace
}  // namespace mhds::mapping
