#include "mhds/validate/internal/table_data.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mhds::validate::internal {
namespace {

TEST(LineMapTest, OneLineRowsCostOneEntry) {
  LineMap lines;
  for (uint64_t row = 0; row < 1000; ++row) lines.Add(row, row + 2);  // after a header line
  EXPECT_EQ(lines.changes(), 1u);
  EXPECT_EQ(lines[0], 2u);
  EXPECT_EQ(lines[999], 1001u);
}

TEST(LineMapTest, RowsAfterAMultiLineFieldShift) {
  LineMap lines;
  // Row 2 holds a field with two line breaks, so rows 3.. start two lines later.
  const uint64_t starts[] = {2, 3, 4, 7, 8, 9, 12};
  for (uint64_t row = 0; row < 7; ++row) lines.Add(row, starts[row]);
  for (uint64_t row = 0; row < 7; ++row) EXPECT_EQ(lines[row], starts[row]) << row;
  EXPECT_EQ(lines.changes(), 3u);
}

TEST(RowStartsTest, OffsetsBeyondFourGibibytes) {
  RowStarts starts;
  const uint64_t offsets[] = {0, 100, 4294967290u, 4294967300u, 5000000000u, 9000000000u};
  for (uint64_t o : offsets) starts.Add(o);
  for (uint64_t row = 0; row < 6; ++row) EXPECT_EQ(starts.Get(row), offsets[row]) << row;
}

TEST(ByteArenaTest, RoomCommitAndAppendSurviveGrowth) {
  ByteArena arena;
  std::string expected;
  // Past kHugePageBytes, so the arena moves from malloc to a mapped block on the way.
  for (int i = 0; expected.size() < 3 * kHugePageBytes; ++i) {
    const std::string piece = std::to_string(i) + ",";
    if (i % 3 == 0) {
      arena.Append(piece.data(), piece.size());
    } else {
      char* room = arena.Room(64);  // more room than is taken
      std::memcpy(room, piece.data(), piece.size());
      arena.Commit(piece.size());
    }
    expected += piece;
  }
  ASSERT_EQ(arena.size(), expected.size());
  EXPECT_GE(arena.capacity(), arena.size());
  EXPECT_EQ(std::string_view(arena.data(), arena.size()), expected);

  ByteArena copy(arena);
  ByteArena moved(std::move(arena));
  EXPECT_EQ(std::string_view(copy.data(), copy.size()), expected);
  EXPECT_EQ(std::string_view(moved.data(), moved.size()), expected);
  EXPECT_EQ(arena.size(), 0u);  // NOLINT(bugprone-use-after-move): moved-from is empty
}

TEST(ByteArenaTest, ReserveKeepsTheBytesAndMakesRoomAtOnce) {
  ByteArena arena;
  arena.Append("abc", 3);
  arena.reserve(5 * kHugePageBytes);
  EXPECT_GE(arena.capacity(), 5 * kHugePageBytes);
  const char* before = arena.data();
  arena.Room(4 * kHugePageBytes);
  EXPECT_EQ(arena.data(), before);  // no new allocation within the reservation
  EXPECT_EQ(std::string_view(arena.data(), arena.size()), "abc");
}

TEST(TableDataTest, KeptValuesReadBack) {
  TableData data;
  data.slot_items = {0, 2};
  data.slot_of_item = {0, -1, 1};
  const std::string long_value(300, 'x');  // a two-byte length
  const std::string_view rows[][2] = {{"a", ""}, {long_value, "b"}, {"", "c"}};
  for (const auto& row : rows) data.KeepRow([&](size_t slot) { return row[slot]; });
  for (uint64_t r = 0; r < 3; ++r) {
    EXPECT_EQ(data.Value(r, 0), rows[r][0]);
    EXPECT_EQ(data.Value(r, 2), rows[r][1]);
  }
}

TEST(TableDataTest, KeptValuesOfEveryShortLengthReadBack) {
  // Short values are copied in pieces that depend on their length: each length from 0 to 40,
  // between neighbours of other lengths, must come back byte for byte.
  TableData data;
  data.slot_items = {0, 1, 2};
  data.slot_of_item = {0, 1, 2};
  std::vector<std::string> values;
  for (size_t n = 0; n <= 40; ++n) {
    std::string value;
    for (size_t i = 0; i < n; ++i) value.push_back(static_cast<char>('a' + (n + i) % 26));
    values.push_back(value);
  }
  for (size_t n = 0; n < values.size(); ++n) {
    const std::string_view row[3] = {values[n], values[(n * 7) % values.size()], values[n / 2]};
    data.KeepRow([&](size_t slot) { return row[slot]; });
  }
  for (size_t n = 0; n < values.size(); ++n) {
    EXPECT_EQ(data.Value(n, 0), values[n]) << n;
    EXPECT_EQ(data.Value(n, 1), values[(n * 7) % values.size()]) << n;
    EXPECT_EQ(data.Value(n, 2), values[n / 2]) << n;
  }
}

TEST(TableDataTest, LeadingSlotsKeyJoinsThePartsAndRefusesABlankOne) {
  TableData data;
  data.slot_items = {0, 1, 2};
  data.slot_of_item = {0, 1, 2};
  const std::string long_value(200, 'y');  // a two-byte length, and more than a short row holds
  const std::string_view rows[][3] = {{"P1", "G1", "x"}, {"P2", long_value, "z"}, {"P3", "", "w"}};
  for (const auto& row : rows) data.KeepRow([&](size_t slot) { return row[slot]; });
  EXPECT_TRUE(data.AreLeadingSlots({0, 1}));
  EXPECT_FALSE(data.AreLeadingSlots({1, 0}));
  EXPECT_FALSE(data.AreLeadingSlots({0, 2}));
  std::string key;
  ASSERT_TRUE(data.LeadingSlotsKey(0, 2, key));
  EXPECT_EQ(key, std::string("P1") + kKeySeparator + "G1");
  ASSERT_TRUE(data.LeadingSlotsKey(1, 3, key));
  EXPECT_EQ(key, std::string("P2") + kKeySeparator + long_value + kKeySeparator + "z");
  EXPECT_FALSE(data.LeadingSlotsKey(2, 2, key));
  ASSERT_TRUE(data.LeadingSlotsKey(2, 1, key));
  EXPECT_EQ(key, "P3");
}

}  // namespace
}  // namespace mhds::validate::internal
