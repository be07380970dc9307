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

void KeyIndex::Build(const TableData& data, const std::vector<int>& items, int only_if_blank) {
  built_ = true;
  data_ = &data;
  items_ = &items;
  single_leading_ = items.size() == 1 && data.slot_of_item[items[0]] == 0;
  // Two slots for every three rows at most: probes stay short, and the table small.
  slots_.assign(std::max<uint64_t>(16, data.rows + data.rows / 2), Slot{});
  repeats_.clear();
  const bool composite = items.size() > 1;

  // Rows go in blocks: hash a block and prefetch its slots, then insert it, so the cache misses
  // of a block overlap instead of queueing.
  constexpr size_t kBlock = 16;
  std::string keys[kBlock];
  std::string_view views[kBlock];
  uint64_t hashes[kBlock];
  uint32_t rows[kBlock];
  for (uint64_t start = 0; start < data.rows; start += kBlock) {
    size_t n = 0;
    for (uint64_t row = start; row < std::min<uint64_t>(start + kBlock, data.rows); ++row) {
      if (only_if_blank >= 0 && !data.Value(row, only_if_blank).empty()) continue;
      if (composite) {
        if (!RowKey(data, row, items, keys[n])) continue;
        views[n] = keys[n];
      } else {
        views[n] = single_leading_ ? FirstValue(data, row) : data.Value(row, items[0]);
        if (views[n].empty()) continue;
      }
      hashes[n] = Hash(views[n]);
      __builtin_prefetch(&slots_[Home(hashes[n])], 1);
      rows[n] = static_cast<uint32_t>(row);
      ++n;
    }
    for (size_t i = 0; i < n; ++i) Insert(views[i], hashes[i], rows[i]);
  }
}

}  // namespace mhds::validate::internal
