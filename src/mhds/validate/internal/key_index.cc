#include "mhds/validate/internal/key_index.h"

#include <algorithm>
#include <cstring>

#include "mhds/base/hash.h"

namespace mhds::validate::internal {
namespace {

uint32_t Tag(uint64_t hash) { return static_cast<uint32_t>(hash >> 32); }

}  // namespace

uint64_t KeyIndex::Hash(std::string_view key) { return HashBytes(key); }

bool KeyIndex::RowKey(const TableData& data, uint64_t row, const std::vector<int>& items,
                      std::string& key) {
  return BuildKey(items.size(), [&](size_t i) { return data.Value(row, items[i]); }, key);
}

std::string_view KeyIndex::Store(std::string_view key) {
  constexpr size_t kBlock = 1 << 20;
  if (block_used_ + key.size() > block_size_) {
    block_size_ = std::max(kBlock, key.size());
    blocks_.push_back(std::make_unique<char[]>(block_size_));
    block_used_ = 0;
  }
  char* p = blocks_.back().get() + block_used_;
  std::memcpy(p, key.data(), key.size());
  block_used_ += key.size();
  return {p, key.size()};
}

const KeyIndex::Entry* KeyIndex::Find(std::string_view key, uint64_t hash) const {
  if (slots_.empty()) return nullptr;
  const uint32_t tag = Tag(hash);
  for (uint64_t i = hash & mask_;; i = (i + 1) & mask_) {
    const Slot& slot = slots_[i];
    if (slot.key == nullptr) return nullptr;
    if (slot.hash_tag == tag && slot.length == key.size() &&
        std::memcmp(slot.key, key.data(), key.size()) == 0) {
      return &slot.entry;
    }
  }
}

void KeyIndex::Insert(std::string_view key, uint64_t hash, uint32_t row, bool composite) {
  const uint32_t tag = Tag(hash);
  for (uint64_t i = hash & mask_;; i = (i + 1) & mask_) {
    Slot& slot = slots_[i];
    if (slot.key == nullptr) {
      std::string_view kept = composite ? Store(key) : key;
      slot.key = kept.data();
      slot.length = static_cast<uint32_t>(kept.size());
      slot.hash_tag = tag;
      slot.entry = Entry{row, 1};
      return;
    }
    if (slot.hash_tag == tag && slot.length == key.size() &&
        std::memcmp(slot.key, key.data(), key.size()) == 0) {
      ++slot.entry.count;
      repeats_.emplace_back(row, slot.entry.first_row);
      return;
    }
  }
}

void KeyIndex::Build(const TableData& data, const std::vector<int>& items, int only_if_blank) {
  // At most three quarters full: probes stay short, and the table stays small enough that
  // fewer lookups miss the cache.
  uint64_t capacity = 16;
  while (capacity * 3 < data.rows * 4) capacity <<= 1;
  slots_.assign(capacity, Slot{});
  mask_ = capacity - 1;
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
        views[n] = data.Value(row, items[0]);
        if (views[n].empty()) continue;
      }
      hashes[n] = HashBytes(views[n]);
      __builtin_prefetch(&slots_[hashes[n] & mask_], 1);
      rows[n] = static_cast<uint32_t>(row);
      ++n;
    }
    for (size_t i = 0; i < n; ++i) Insert(views[i], hashes[i], rows[i], composite);
  }
}

}  // namespace mhds::validate::internal
