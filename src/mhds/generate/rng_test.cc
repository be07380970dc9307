#include "mhds/generate/rng.h"

#include <gtest/gtest.h>

namespace mhds::generate {
namespace {

TEST(Rng, GivesTheReferenceSplitMix64Sequence) {
  // The published SplitMix64 outputs for seed 0: any platform must draw these.
  Rng rng(0);
  EXPECT_EQ(rng.Next(), 0xe220a8397b1dcdafu);
  EXPECT_EQ(rng.Next(), 0x6e789e6aa1b965f4u);
  EXPECT_EQ(rng.Next(), 0x06c45d188009454fu);
}

TEST(Rng, SameSeedSameDrawsDifferentSeedDifferentDraws) {
  Rng a(42), b(42), c(43);
  bool differs = false;
  for (int i = 0; i < 1000; ++i) {
    const uint64_t x = a.Next();
    EXPECT_EQ(x, b.Next());
    differs = differs || x != c.Next();
  }
  EXPECT_TRUE(differs);
}

TEST(Rng, BetweenStaysInsideItsBoundsAndReachesBoth) {
  Rng rng(7);
  bool saw_lo = false, saw_hi = false;
  for (int i = 0; i < 10000; ++i) {
    const int64_t v = rng.Between(-3, 4);
    ASSERT_GE(v, -3);
    ASSERT_LE(v, 4);
    saw_lo = saw_lo || v == -3;
    saw_hi = saw_hi || v == 4;
  }
  EXPECT_TRUE(saw_lo);
  EXPECT_TRUE(saw_hi);
}

TEST(Rng, ChanceOfZeroNeverAndOfOneAlways) {
  Rng rng(9);
  for (int i = 0; i < 1000; ++i) {
    EXPECT_FALSE(rng.Chance(0));
    EXPECT_TRUE(rng.Chance(1));
  }
}

}  // namespace
}  // namespace mhds::generate
