#include "mhds/trace/match_parameters.h"

#include <gtest/gtest.h>

#include <cmath>

namespace mhds::trace {
namespace {

void ExpectSameProbabilities(const MatchParameters& a, const MatchParameters& b) {
  for (int f = 0; f < kFieldCount; ++f) {
    for (size_t l = 0; l < kLevelCount; ++l) {
      EXPECT_DOUBLE_EQ(a.table[f][l].m, b.table[f][l].m) << FieldName(f) << " " << l;
      EXPECT_DOUBLE_EQ(a.table[f][l].u, b.table[f][l].u) << FieldName(f) << " " << l;
    }
  }
}

TEST(MatchParameters, CompiledInDefaultsAreTheShippedFile) {
  auto shipped = ReadMatchParameters(MHDS_SOURCE_DIR "/specs/trace/parameters.csv");
  ASSERT_TRUE(shipped.ok()) << shipped.status().ToString();
  ExpectSameProbabilities(DefaultMatchParameters(), *shipped);
  // A level the field never takes weighs nothing.
  EXPECT_EQ(DefaultMatchParameters().at(kSex, Level::kVariant).m, 1);
  EXPECT_GT(std::log2(DefaultMatchParameters().at(kBirthDate, Level::kExact).m /
                      DefaultMatchParameters().at(kBirthDate, Level::kExact).u),
            10);
}

TEST(MatchParameters, WrittenFileReadsBackTheSame) {
  const std::string text = MatchParametersCsv(DefaultMatchParameters());
  auto parsed = ParseMatchParameters(text, "written.csv");
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  ExpectSameProbabilities(DefaultMatchParameters(), *parsed);
  EXPECT_EQ(parsed->descriptions[kFamily][static_cast<size_t>(Level::kPhonetic)], "same Soundex");
}

// The shipped file with one line replaced (or appended, or removed when `replacement` is empty).
std::string WithLine(std::string_view starts_with, const std::string& replacement) {
  std::string text = MatchParametersCsv(DefaultMatchParameters());
  const size_t at = text.find("\n" + std::string(starts_with));
  if (at == std::string::npos) return text + replacement + "\n";
  const size_t end = text.find('\n', at + 1);
  text.replace(at + 1, end - at, replacement.empty() ? "" : replacement + "\n");
  return text;
}

TEST(MatchParameters, RejectsFaultsWithLineColumnAndWhatWasExpected) {
  struct Case {
    std::string text;
    std::string message;
  };
  const std::vector<Case> cases = {
      {WithLine("gender,exact", "gender,exact,0,0.5,"),
       "p.csv:18: column 3 (m): found \"0\"; expected a probability above 0 and at most 1"},
      {WithLine("gender,exact", "gender,exact,0.9,1.5,"), "column 4 (u): found \"1.5\""},
      {WithLine("gender,exact", "gender,exact,0.9,abc,"), "column 4 (u): found \"abc\""},
      {WithLine("none", "gender,variant,0.5,0.5,"),
       "column 2 (level): found \"variant\"; expected a level gender can take"},
      {WithLine("none", "shoe_size,exact,0.5,0.5,"), "column 1 (field): found \"shoe_size\""},
      {WithLine("none", "postcode,same_district,0.5,0.5,"),
       "postcode same_district is given again (first on line 22)"},
      {WithLine("postcode,same_district", ""), "no row for postcode same_district"},
      {"field,level,m\n", "no column u"},
  };
  for (const Case& c : cases) {
    auto parsed = ParseMatchParameters(c.text, "p.csv");
    ASSERT_FALSE(parsed.ok()) << c.message;
    EXPECT_NE(parsed.status().message().find(c.message), std::string::npos)
        << parsed.status().message();
  }
}

}  // namespace
}  // namespace mhds::trace
