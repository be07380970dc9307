#include "mhds/validate/internal/key_index.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace mhds::validate::internal {
namespace {

// A table of `rows` rows keeping two items, 0 and 1, with the given values.
TableData MakeTable(const std::vector<std::pair<std::string, std::string>>& rows) {
  TableData data;
  data.present = true;
  data.slot_items = {0, 1};
  data.slot_of_item = {0, 1};
  for (const auto& [a, b] : rows) {
    data.KeepRow([&](size_t slot) { return std::string_view(slot == 0 ? a : b); });
    ++data.rows;
  }
  return data;
}

TEST(TableData, KeepsValuesOfAnyLength) {
  std::string long_value(300, 'x');  // needs a two-byte length
  TableData data = MakeTable({{"a", ""}, {long_value, "b"}, {"", "c"}});
  EXPECT_EQ(data.Value(0, 0), "a");
  EXPECT_EQ(data.Value(0, 1), "");
  EXPECT_EQ(data.Value(1, 0), long_value);
  EXPECT_EQ(data.Value(1, 1), "b");
  EXPECT_EQ(data.Value(2, 0), "");
  EXPECT_EQ(data.Value(2, 1), "c");
}

TEST(KeyIndex, FindsTheFirstRowOfEachKeyAndCountsRepeats) {
  TableData data = MakeTable({{"P1", "x"}, {"P2", "y"}, {"P1", "z"}, {"", "w"}, {"P1", "v"}});
  const std::vector<int> items = {0};
  KeyIndex index;
  index.Build(data, items);
  const KeyIndex::Entry* p1 = index.Find("P1");
  ASSERT_NE(p1, nullptr);
  EXPECT_EQ(p1->first_row, 0u);
  EXPECT_EQ(index.Count(*p1), 3u);
  EXPECT_EQ(index.Count(*index.Find("P2")), 1u);
  EXPECT_EQ(index.Find("P3"), nullptr);
  EXPECT_EQ(index.Find(""), nullptr);  // blank keys are never indexed
  std::vector<std::pair<uint32_t, uint32_t>> expected = {{2, 0}, {4, 0}};
  EXPECT_EQ(index.repeats(), expected);
}

TEST(KeyIndex, CompositeKeysMatchOnEveryPart) {
  TableData data = MakeTable({{"P1", "A"}, {"P1", "B"}, {"P1", "A"}, {"P1", ""}});
  const std::vector<int> items = {0, 1};
  KeyIndex index;
  index.Build(data, items);
  std::string key;
  ASSERT_TRUE(KeyIndex::RowKey(data, 0, items, key));
  EXPECT_EQ(index.Count(*index.Find(key)), 2u);
  ASSERT_TRUE(KeyIndex::RowKey(data, 1, items, key));
  EXPECT_EQ(index.Count(*index.Find(key)), 1u);
  EXPECT_FALSE(KeyIndex::RowKey(data, 3, items, key));  // a blank part: no key
  // "P1"+"A" must not collide with a single value that merely looks alike.
  EXPECT_EQ(index.Find("P1A"), nullptr);
}

TEST(KeyIndex, OnlyIfBlankRestrictsTheRowsIndexed) {
  TableData data = MakeTable({{"P1", ""}, {"P1", "2026-01-01"}, {"P1", ""}});
  const std::vector<int> items = {0};
  KeyIndex index;
  index.Build(data, items, /*only_if_blank=*/1);
  EXPECT_EQ(index.Count(*index.Find("P1")), 2u);
  EXPECT_EQ(index.Find("P1")->first_row, 0u);
}

TEST(KeyIndex, HandlesManyKeysWithoutLosingAny) {
  std::vector<std::pair<std::string, std::string>> rows;
  for (int i = 0; i < 50000; ++i) rows.emplace_back("SR" + std::to_string(i), "");
  rows.emplace_back("SR123", "");  // one repeat
  TableData data = MakeTable(rows);
  const std::vector<int> items = {0};
  KeyIndex index;
  index.Build(data, items);
  for (int i = 0; i < 50000; i += 997) {
    const KeyIndex::Entry* e = index.Find("SR" + std::to_string(i));
    ASSERT_NE(e, nullptr) << i;
    EXPECT_EQ(e->first_row, static_cast<uint32_t>(i));
  }
  ASSERT_EQ(index.repeats().size(), 1u);
  EXPECT_EQ(index.repeats()[0], std::make_pair(50000u, 123u));
}

// Hash() and the key comparison read short keys as overlapping words: every length around the
// word sizes, and a change at every byte position, must still tell keys apart.
TEST(KeyIndex, TellsApartKeysOfEveryLengthDifferingInOneByte) {
  std::vector<std::pair<std::string, std::string>> rows;
  for (size_t length = 1; length <= 40; ++length) {
    const std::string base(length, 'k');
    rows.emplace_back(base, base);
    for (size_t at = 0; at < length; ++at) {
      std::string changed = base;
      changed[at] = 'q';
      rows.emplace_back(changed, changed);
    }
  }
  TableData data = MakeTable(rows);
  for (const std::vector<int>& items : {std::vector<int>{0}, std::vector<int>{1}}) {
    KeyIndex index;
    index.Build(data, items);
    EXPECT_TRUE(index.repeats().empty());
    std::vector<uint64_t> hashes;
    for (size_t row = 0; row < rows.size(); ++row) {
      const KeyIndex::Entry* e = index.Find(rows[row].first);
      ASSERT_NE(e, nullptr) << rows[row].first;
      EXPECT_EQ(e->first_row, row) << rows[row].first;
      hashes.push_back(KeyIndex::Hash(rows[row].first));
    }
    EXPECT_EQ(index.Find(std::string(41, 'k')), nullptr);
    std::sort(hashes.begin(), hashes.end());
    EXPECT_EQ(std::adjacent_find(hashes.begin(), hashes.end()), hashes.end());
  }
}

TEST(KeyIndex, ReleasedSlotsKeepTheRepeatsAndFindNothing) {
  TableData data = MakeTable({{"P1", ""}, {"P2", ""}, {"P1", ""}});
  const std::vector<int> items = {0};
  KeyIndex index;
  EXPECT_TRUE(index.empty());
  index.Build(data, items);
  ASSERT_NE(index.Find("P2"), nullptr);
  index.ReleaseSlots();
  EXPECT_FALSE(index.empty());  // built, so its repeats still answer for the table's key
  EXPECT_EQ(index.Find("P2"), nullptr);
  std::vector<std::pair<uint32_t, uint32_t>> expected = {{2, 0}};
  EXPECT_EQ(index.repeats(), expected);
}

}  // namespace
}  // namespace mhds::validate::internal
