#include "mhds/base/hash_chain.h"

#include <gtest/gtest.h>

#include <vector>

namespace mhds {
namespace {

// A toy "hash": the content and the previous hash joined, enough to test the rules.
struct Entry {
  int64_t seq;
  std::string prev;
  std::string content;
  std::string hash;
};

std::string ToyHash(const Entry& e) { return e.content + "<" + e.prev; }

std::vector<Entry> Chain(int n) {
  std::vector<Entry> out;
  std::string prev(kChainGenesis);
  for (int i = 1; i <= n; ++i) {
    Entry e{i, prev, "entry" + std::to_string(i), ""};
    e.hash = ToyHash(e);
    prev = e.hash;
    out.push_back(e);
  }
  return out;
}

ChainVerification Verify(const std::vector<Entry>& entries) {
  HashChainVerifier v;
  for (const Entry& e : entries) {
    if (!v.Next(e.seq, e.prev, e.hash, [&e] { return ToyHash(e); })) break;
  }
  return v.result();
}

TEST(HashChain, FieldsAreLengthPrefixedAndAbsentOnesMarked) {
  std::string out;
  AppendChainField(out, "ab;c");
  AppendChainField(out, std::nullopt);
  AppendChainField(out, "");
  EXPECT_EQ(out, "4:ab;c;-;0:;");
}

TEST(HashChain, AnIntactChainVerifies) {
  ChainVerification v = Verify(Chain(5));
  EXPECT_TRUE(v.ok());
  EXPECT_EQ(v.entries_checked, 5);
}

TEST(HashChain, FindsChangedContentAGapAndABrokenLink) {
  auto changed = Chain(5);
  changed[2].content = "edited";
  ChainVerification v = Verify(changed);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(*v.first_broken, 3);
  EXPECT_EQ(v.entries_checked, 3);
  EXPECT_NE(v.reason.find("content"), std::string::npos);

  auto gap = Chain(5);
  gap.erase(gap.begin() + 1);
  v = Verify(gap);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(*v.first_broken, 2);
  EXPECT_EQ(v.reason, "entry 2 is missing (next is 3)");

  auto relinked = Chain(5);
  relinked[3].prev = "forged";
  relinked[3].hash = ToyHash(relinked[3]);  // consistent with itself, not with entry 3
  v = Verify(relinked);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(*v.first_broken, 4);
  EXPECT_EQ(v.reason, "its previous-entry hash does not match entry 3");
}

}  // namespace
}  // namespace mhds
