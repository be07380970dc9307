#include "mhds/spec/format.h"

#include <gtest/gtest.h>

namespace mhds::spec {
namespace {

struct FormatCase {
  const char* text;
  Format::Charset charset;
  uint32_t min_length;
  uint32_t max_length;
  uint32_t max_fraction;
};

TEST(Format, ParsesEveryShapeOfTheTosGrammar) {
  const FormatCase cases[] = {
      {"an10", Format::Charset::kAny, 10, 10, 0},
      {"max an20", Format::Charset::kAny, 1, 20, 0},
      {"min an3 max an5", Format::Charset::kAny, 3, 5, 0},
      {"n10", Format::Charset::kDigits, 10, 10, 0},
      {"max n4", Format::Charset::kDigits, 1, 4, 0},
      {"min n6 max n18", Format::Charset::kDigits, 6, 18, 0},
      {"max n4.2", Format::Charset::kDecimal, 1, 4, 2},
      {"MAX AN8", Format::Charset::kAny, 1, 8, 0},
  };
  for (const FormatCase& c : cases) {
    auto f = ParseFormat(c.text);
    ASSERT_TRUE(f.ok()) << c.text << ": " << f.status().ToString();
    EXPECT_EQ(f->charset, c.charset) << c.text;
    EXPECT_EQ(f->min_length, c.min_length) << c.text;
    EXPECT_EQ(f->max_length, c.max_length) << c.text;
    EXPECT_EQ(f->max_fraction, c.max_fraction) << c.text;
  }
}

TEST(Format, RejectsTextOutsideTheGrammar) {
  for (const char* bad : {"an", "x10", "max", "min an5 max an3", "min an3 max n5", "an10 an5",
                          "max an5.2", "n10.", "max an 10"}) {
    EXPECT_FALSE(ParseFormat(bad).ok()) << bad;
  }
}

TEST(Format, BlankMeansAnyLength) {
  auto f = ParseFormat("");
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->min_length, 0u);
  EXPECT_EQ(f->max_length, UINT32_MAX);
}

TEST(ValueType, RoundTripsEveryName) {
  for (const char* name : {"text", "date", "time", "datetime", "integer", "decimal", "nhs_number",
                           "snomed", "postcode", "icd10", "read2", "ctv3", "opcs4"}) {
    auto t = ParseValueType(name);
    ASSERT_TRUE(t.ok()) << name;
    EXPECT_EQ(ValueTypeName(*t), name);
  }
  EXPECT_FALSE(ParseValueType("money").ok());
}

}  // namespace
}  // namespace mhds::spec
