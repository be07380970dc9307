// KeyIndex: a hash index from the values of some items of a table to its rows, used to find a
// child's parent and to find duplicate keys. Open addressing with linear probing over one flat
// array (no node per key), because lookups are the validator's hottest step and cache misses
// are their cost: inserts prefetch their slots a block of rows ahead, and callers can prefetch a
// lookup's slot (Prefetch) before doing other work on the row. Single-item keys point into the
// table's kept values; composite keys are joined once into the index's own storage.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mhds/validate/internal/table_data.h"

namespace mhds::validate::internal {

class KeyIndex {
 public:
  struct Entry {
    uint32_t first_row = kNoRow;
    uint32_t count = 0;
  };

  // Indexes every row of `data` whose `items` are all populated (and, if `only_if_blank` is an
  // item, whose value of it is blank). Rows whose key was already indexed are listed in
  // repeats() with the first row of their key.
  // REQUIRES: every item has a slot in `data`, and `data` is no longer appended to.
  void Build(const TableData& data, const std::vector<int>& items, int only_if_blank = -1);

  // True until Build() is called.
  bool empty() const { return slots_.empty(); }

  static uint64_t Hash(std::string_view key);

  // Starts loading the slot a lookup of `hash` will read first.
  void Prefetch(uint64_t hash) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[hash & mask_]);
  }

  // The entry for a key built like RowKey() builds it, or nullptr. `hash` is Hash(key).
  const Entry* Find(std::string_view key, uint64_t hash) const;
  const Entry* Find(std::string_view key) const { return Find(key, Hash(key)); }

  // (row, first row with the same key) for every row whose key was not new.
  const std::vector<std::pair<uint32_t, uint32_t>>& repeats() const { return repeats_; }

  // The key of `row` of `data` over `items` into `key`; false if a part is blank.
  static bool RowKey(const TableData& data, uint64_t row, const std::vector<int>& items,
                     std::string& key);

 private:
  struct Slot {
    const char* key = nullptr;  // nullptr: empty slot
    uint32_t length = 0;
    uint32_t hash_tag = 0;      // high bits of the hash: most mismatches end here
    Entry entry;
  };

  void Insert(std::string_view key, uint64_t hash, uint32_t row, bool composite);
  std::string_view Store(std::string_view key);

  std::vector<Slot> slots_;
  uint64_t mask_ = 0;
  std::vector<std::pair<uint32_t, uint32_t>> repeats_;
  std::vector<std::unique_ptr<char[]>> blocks_;
  size_t block_used_ = 0;
  size_t block_size_ = 0;
};

}  // namespace mhds::validate::internal
