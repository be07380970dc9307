#include "mhds/trace/name_keys.h"

#include <gtest/gtest.h>

#include "mhds/trace/compact_date.h"
#include "mhds/trace/nicknames.h"

namespace mhds::trace {
namespace {

TEST(NameKeys, NormalisesNamesToUpperCaseLetters) {
  EXPECT_EQ(NormaliseName("O'Brien-Smith "), "OBRIENSMITH");
  EXPECT_EQ(NormaliseName("st. john"), "STJOHN");
  EXPECT_EQ(NormaliseName("  "), "");
}

TEST(NameKeys, ComputesAmericanSoundex) {
  struct Case {
    const char* name;
    const char* key;
  };
  for (const Case& c : {Case{"ROBERT", "R163"}, Case{"RUPERT", "R163"}, Case{"ASHCRAFT", "A261"},
                        Case{"TYMCZAK", "T522"}, Case{"PFISTER", "P236"}, Case{"LEE", "L000"},
                        Case{"SMITH", "S530"}, Case{"SMYTH", "S530"}, Case{"", ""}}) {
    EXPECT_EQ(Soundex(c.name), c.key) << c.name;
  }
}

TEST(NameKeys, NormalisesPostcodesAndFindsTheOutcode) {
  EXPECT_EQ(NormalisePostcode("ls14hr"), "LS1 4HR");
  EXPECT_EQ(NormalisePostcode(" M1  2AB"), "M1 2AB");
  EXPECT_EQ(NormalisePostcode("LS1"), "LS1");
  EXPECT_EQ(Outcode("LS1 4HR"), "LS1");
  EXPECT_EQ(Outcode("LS1"), "LS1");
}

TEST(NameKeys, MeasuresEditDistanceWithTranspositionsAndStopsAtTheLimit) {
  EXPECT_EQ(EditDistance("SMITH", "SMITH", 2), 0);
  EXPECT_EQ(EditDistance("SMITH", "SMIHT", 2), 1);
  EXPECT_EQ(EditDistance("SMITH", "SMYTHE", 2), 2);
  EXPECT_EQ(EditDistance("SMITH", "JONES", 2), 3);
  EXPECT_EQ(EditDistance("A", "ABCDEF", 2), 3);
}

TEST(NameKeys, KnowsCommonGivenNameVariants) {
  EXPECT_TRUE(AreNameVariants("WILLIAM", "BILL"));
  EXPECT_TRUE(AreNameVariants("BILL", "LIAM"));
  EXPECT_TRUE(AreNameVariants("SAM", "SAMANTHA"));
  EXPECT_FALSE(AreNameVariants("WILLIAM", "ROBERT"));
  EXPECT_FALSE(AreNameVariants("WILLIAM", "WILLIAM"));
  EXPECT_FALSE(AreNameVariants("ZEBEDEE", "BILL"));
}

TEST(CompactDate, ParsesOnlyCalendarDays) {
  EXPECT_EQ(ParseCompactDate("19900101"), 19900101);
  EXPECT_EQ(ParseCompactDate("20000229"), 20000229);
  EXPECT_FALSE(ParseCompactDate("19000229").has_value());
  EXPECT_FALSE(ParseCompactDate("19901301").has_value());
  EXPECT_FALSE(ParseCompactDate("1990-01-01").has_value());
  EXPECT_FALSE(ParseCompactDate("17991231").has_value());
  EXPECT_FALSE(ParseCompactDate("").has_value());
}

TEST(CompactDate, SwapsDayAndMonthOnlyWhenThatIsAnotherDay) {
  EXPECT_EQ(SwapDayAndMonth(19880211), 19881102);
  EXPECT_EQ(SwapDayAndMonth(19880213), 0);  // no 13th month
  EXPECT_EQ(SwapDayAndMonth(19880303), 0);  // the same date
  EXPECT_EQ(FormatCompactDate(19880211), "19880211");
  EXPECT_EQ(FormatCompactDate(0), "");
}

}  // namespace
}  // namespace mhds::trace
