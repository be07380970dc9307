#include "mhds/validate/internal/code_set.h"

#include <gtest/gtest.h>

#include <string>

#include "mhds/base/calendar.h"

namespace mhds::validate::internal {
namespace {

spec::CodeList MakeList() {
  spec::CodeList list;
  list.name = "test";
  list.codes["1"] = {};
  list.codes["01"] = {};
  list.codes["ZZ"] = {};
  list.codes["1082621000000104"] = {};  // longer than a packed word
  spec::CodeList::Entry old;
  old.valid_to = *ParseDate("2020-12-31");
  list.codes["X"] = old;
  spec::CodeList::Entry future;
  future.valid_from = *ParseDate("2027-04-01");
  list.codes["F"] = future;
  return list;
}

TEST(CodeSet, MatchesCodesExactlyWhateverTheirLength) {
  CodeSet set(MakeList(), std::nullopt, std::nullopt);
  for (const char* code : {"1", "01", "ZZ", "1082621000000104", "X", "F"}) {
    EXPECT_TRUE(set.Contains(code)) << code;
  }
  for (const char* code :
       {"", "0", "Z", "001", "10", "zz", "\xC3\xA9", "1082621000000105", "01 "}) {
    EXPECT_FALSE(set.Contains(code)) << code;
  }
}

TEST(CodeSet, SaysWhetherEveryCodeIsAscii) {
  EXPECT_TRUE(CodeSet(MakeList(), std::nullopt, std::nullopt).all_ascii());
  spec::CodeList list = MakeList();
  list.codes["\xC3\xA9"] = {};
  EXPECT_FALSE(CodeSet(list, std::nullopt, std::nullopt).all_ascii());
}

TEST(CodeSet, KnowsItsShortestAndLongestCode) {
  CodeSet set(MakeList(), ParseDate("2026-10-01"), ParseDate("2026-10-31"));
  EXPECT_EQ(set.shortest(), 1u);
  EXPECT_EQ(set.longest(), 16u);
  spec::CodeList two;
  two.codes["01"] = {};
  two.codes["02"] = {};
  EXPECT_EQ(CodeSet(two, std::nullopt, std::nullopt).shortest(), 2u);
  EXPECT_EQ(CodeSet(two, std::nullopt, std::nullopt).longest(), 2u);
}

TEST(CodeSet, KeepsOnlyCodesValidInThePeriod) {
  CodeSet set(MakeList(), ParseDate("2026-10-01"), ParseDate("2026-10-31"));
  EXPECT_TRUE(set.Contains("01"));
  EXPECT_FALSE(set.Contains("X"));  // withdrawn before the period
  EXPECT_FALSE(set.Contains("F"));  // not yet in force
}

// A list long enough to be hashed rather than scanned answers exactly as a scanned one.
TEST(CodeSet, LongListsMatchCodesExactly) {
  spec::CodeList list;
  list.name = "long";
  for (int i = 1; i <= 46; ++i) list.codes[std::to_string(i * 37)] = {};
  list.codes["ABCDEFG"] = {};   // seven bytes: the longest packed code
  list.codes["ABCDEFGH"] = {};  // eight: kept as a string
  CodeSet set(list, std::nullopt, std::nullopt);
  for (int i = 1; i <= 46; ++i) {
    EXPECT_TRUE(set.Contains(std::to_string(i * 37))) << i * 37;
    EXPECT_FALSE(set.Contains(std::to_string(i * 37 + 1))) << i * 37 + 1;
    EXPECT_FALSE(set.Contains("0" + std::to_string(i * 37))) << i * 37;
  }
  EXPECT_TRUE(set.Contains("ABCDEFG"));
  EXPECT_TRUE(set.Contains("ABCDEFGH"));
  for (const char* code : {"", "ABCDEF", "ABCDEFX", "ABCDEFGHI", "37 "}) {
    EXPECT_FALSE(set.Contains(code)) << code;
  }
}

}  // namespace
}  // namespace mhds::validate::internal
