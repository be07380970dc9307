#include "mhds/validate/internal/key_index.h"

#include <algorithm>
#include <cstring>

#include "mhds/base/hash.h"

namespace mhds::validate::internal {
namespace {

// The first kept value of `row`, as TableData::Value(row, item of slot 0) reads it.
std::string_view FirstValue(const TableData& data, uint64_t row) {
  const char* p = data.arena.data() + data.row_starts.Get(row);
  const auto length = static_cast<uint8_t>(*p);
  if (length < 0x80) return {p + 1, length};
  return data.Value(row, data.slot_items[0]);
}

}  // namespace

bool KeyIndex::RowKey(const TableData& data, uint64_t row, const std::vector<int>& items,
                      std::string& key) {
  if (data.AreLeadingSlots(items)) return data.LeadingSlotsKey(row, items.size(), key);
  return BuildKey(
      items.size(), [&](size_t i) { return data.Value(row, items[i]); }, key);
}

bool KeyIndex::KeyOfRowIsReadBack(uint32_t row, std::string_view key) const {
  if (items_->size() == 1) {
    const std::string_view value = data_->Value(row, (*items_)[0]);
    return value.size() == key.size() && SameKeyBytes(value.data(), key.data(), key.size());
  }
  return RowKey(*data_, row, *items_, scratch_) && scratch_ == key;
}

// Inlined into Build(), its only caller: as a call, saving and restoring registers cost as much
// as the probes.
[[gnu::always_inline]] inline void KeyIndex::Insert(std::string_view key, uint64_t hash,
                                                    uint32_t row) {
  const uint32_t tag = Tag(hash);
  Slot* slots = slots_.data();
  const uint64_t size = slots_.size();
  for (uint64_t i = Home(hash);;) {
    Slot& slot = slots[i];
    if (slot.entry.first_row == kNoRow) {
      slot.tag = tag;
      slot.entry.first_row = row;
      return;
    }
    if (slot.tag == tag && KeyOfRowIs(slot.entry.first_row, key)) {
      repeats_.emplace_back(row, slot.entry.first_row);
      return;
    }
    if (++i == size) i = 0;
  }
}

uint32_t KeyIndex::Count(const Entry& entry) const {
  uint32_t n = 1;
  for (const auto& [row, first] : repeats_) n += first == entry.first_row;
  return n;
}

template <typename KeyOf>
void KeyIndex::InsertAll(uint64_t row_count, KeyOf key_of) {
  // Rows go in blocks: hash a block and prefetch its slots, then insert it, so the cache misses
  // of a block overlap instead of queueing.
  std::string_view views[kBuildBlock];
  uint64_t hashes[kBuildBlock];
  uint32_t rows[kBuildBlock];
  for (uint64_t start = 0; start < row_count; start += kBuildBlock) {
    const uint64_t end = std::min<uint64_t>(start + kBuildBlock, row_count);
    size_t n = 0;
    for (uint64_t row = start; row < end; ++row) {
      const std::string_view key = key_of(row, n);
      if (key.empty()) continue;
      views[n] = key;
      hashes[n] = Hash(key);
      __builtin_prefetch(&slots_[Home(hashes[n])], 1);
      rows[n] = static_cast<uint32_t>(row);
      ++n;
    }
    for (size_t i = 0; i < n; ++i) Insert(views[i], hashes[i], rows[i]);
  }
}

void KeyIndex::Build(const TableData& data, const std::vector<int>& items, int only_if_blank) {
  built_ = true;
  data_ = &data;
  items_ = &items;
  single_leading_ = items.size() == 1 && data.slot_of_item[items[0]] == 0;
  // Two slots for every three rows at most: probes stay short, and the table small.
  slots_.assign(std::max<uint64_t>(16, data.rows + data.rows / 2), Slot{});
  repeats_.clear();

  // A table's own key (every index a child looks rows up in) gets a loop of its own, with
  // nothing to decide a row.
  if (single_leading_ && only_if_blank < 0) {
    InsertAll(data.rows, [&data](uint64_t row, size_t) { return FirstValue(data, row); });
    return;
  }
  std::string keys[kBuildBlock];  // composite keys of the block, built part by part
  InsertAll(data.rows, [&](uint64_t row, size_t n) -> std::string_view {
    if (only_if_blank >= 0 && !data.Value(row, only_if_blank).empty()) return {};
    if (items.size() == 1) return data.Value(row, items[0]);
    return RowKey(data, row, items, keys[n]) ? std::string_view(keys[n]) : std::string_view();
  });
}

}  // namespace mhds::validate::internal
