#include "mhds/derive/suppression.h"

#include <gtest/gtest.h>

namespace mhds::derive {
namespace {

TEST(PublishedCount, WithholdsCountsUnderFive) {
  EXPECT_EQ(PublishedCount(0, true), std::nullopt);
  EXPECT_EQ(PublishedCount(4, true), std::nullopt);
  EXPECT_EQ(PublishedCount(5, true), 5u);
}

TEST(PublishedCount, RoundsToTheNearestFiveWithRemaindersThreeAndFourUp) {
  struct Case {
    uint64_t count;
    uint64_t shown;
  };
  for (Case c : {Case{5, 5}, Case{6, 5}, Case{7, 5}, Case{8, 10}, Case{9, 10}, Case{10, 10},
                 Case{12, 10}, Case{13, 15}, Case{102, 100}, Case{103, 105}}) {
    EXPECT_EQ(PublishedCount(c.count, true), c.shown) << c.count;
  }
}

TEST(PublishedCount, UnsuppressedShowsTheCountItself) {
  EXPECT_EQ(PublishedCount(0, false), 0u);
  EXPECT_EQ(PublishedCount(4, false), 4u);
  EXPECT_EQ(PublishedCount(7, false), 7u);
}

TEST(PublishedPercent, UsesUnroundedCountsAndWithholdsWhenEitherPartIsUnderFive) {
  // 7 of 8: both parts shown rounded would be 5 of 10; the rate uses 7 and 8.
  EXPECT_DOUBLE_EQ(*PublishedPercent(7, 8, true), 87.5);
  EXPECT_DOUBLE_EQ(*PublishedPercent(5, 5, true), 100.0);
  EXPECT_EQ(PublishedPercent(4, 8, true), std::nullopt);
  EXPECT_EQ(PublishedPercent(5, 4, true), std::nullopt);
  EXPECT_EQ(PublishedPercent(0, 8, true), std::nullopt);
}

TEST(PublishedPercent, UnsuppressedWithholdsOnlyADivisionByZero) {
  EXPECT_DOUBLE_EQ(*PublishedPercent(1, 4, false), 25.0);
  EXPECT_DOUBLE_EQ(*PublishedPercent(0, 4, false), 0.0);
  EXPECT_EQ(PublishedPercent(0, 0, false), std::nullopt);
}

}  // namespace
}  // namespace mhds::derive
