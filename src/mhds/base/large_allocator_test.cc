#include "mhds/base/large_allocator.h"

#include <gtest/gtest.h>

#include <cstdint>

namespace mhds {
namespace {

TEST(LargeAllocatorTest, LargeBlocksStartOnAHugePageAndKeepTheirValues) {
  LargeVector<uint32_t> values;
  const size_t n = 3 * kHugePageBytes / sizeof(uint32_t) + 5;  // mapped, with a partial page
  values.reserve(n);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(values.data()) % kHugePageBytes, 0u);
  for (size_t i = 0; i < n; ++i) values.push_back(static_cast<uint32_t>(i * 7));
  values.push_back(1);  // grows into a new mapping, copying every value
  ASSERT_EQ(values.size(), n + 1);
  for (size_t i = 0; i < n; ++i) ASSERT_EQ(values[i], static_cast<uint32_t>(i * 7)) << i;
  EXPECT_EQ(values.back(), 1u);
}

TEST(LargeAllocatorTest, SmallBlocksComeFromMallocAndGrowIntoLargeOnes) {
  LargeVector<uint64_t> values;
  for (uint64_t i = 0; i < kHugePageBytes / sizeof(uint64_t) * 2; ++i) values.push_back(i);
  for (uint64_t i = 0; i < values.size(); ++i) ASSERT_EQ(values[i], i);
  values.clear();
  values.shrink_to_fit();  // back to nothing: the mapping is released
  EXPECT_EQ(values.capacity(), 0u);
}

TEST(LargeAllocatorTest, ValueInitialisationIsStillHonoured) {
  LargeVector<int> values(1000, 42);
  for (int v : values) ASSERT_EQ(v, 42);
  values.resize(2000, 0);
  for (size_t i = 1000; i < values.size(); ++i) ASSERT_EQ(values[i], 0);
}

TEST(MapHugeBlockTest, WholeBlockIsWritable) {
  const size_t bytes = kHugePageBytes + 12345;
  auto* block = static_cast<unsigned char*>(MapHugeBlock(bytes, bytes / 2));
  ASSERT_NE(block, nullptr);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(block) % kHugePageBytes, 0u);
  for (size_t i = 0; i < bytes; i += 4096) block[i] = 1;
  block[bytes - 1] = 2;
  EXPECT_EQ(block[0], 1);  // a fresh mapping reads as zeros where not written
  EXPECT_EQ(block[1], 0);
  EXPECT_EQ(block[bytes - 1], 2);
  UnmapHugeBlock(block, bytes);
}

}  // namespace
}  // namespace mhds
