// KeyIndex: a hash index from the values of some items of a table to its rows, used to find a
// child's parent and to find duplicate keys. Open addressing with linear probing over one flat
// array (no node per key), because lookups are the validator's hottest step and cache misses
// are their cost: inserts prefetch their slots a block of rows ahead, and callers can prefetch a
// lookup's slot (Prefetch) before doing other work on the row. Single-item keys point into the
// table's kept values and are compared by reading them back.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mhds/base/hash.h"
#include "mhds/base/large_allocator.h"
#include "mhds/validate/internal/table_data.h"

namespace mhds::validate::internal {

class KeyIndex {
 public:
  struct Entry {
    uint32_t first_row = kNoRow;  // kNoRow: an empty slot
  };

  // Indexes every row of `data` whose `items` are all populated (and, if `only_if_blank` is an
  // item, whose value of it is blank). Rows whose key was already indexed are listed in
  // repeats() with the first row of their key. The index keeps pointers to `data` and `items`.
  // REQUIRES: every item has a slot in `data`; `data` and `items` outlive the index and are no
  // longer changed.
  void Build(const TableData& data, const std::vector<int>& items, int only_if_blank = -1);

  // True until Build() is called.
  bool empty() const { return !built_; }

  // Frees the slots once no lookup will come (no child table left to read): repeats() stays,
  // Find() finds nothing. A table's key index is the validator's largest per-row cost after
  // the kept values.
  void ReleaseSlots() { LargeVector<Slot>().swap(slots_); }

  // The hash Find() expects. A key of up to 16 bytes (nearly all) is two words, a and b, that
  // cover it (overlapping when shorter), multiplied into 128 bits whose halves are folded (the
  // "mum" step of wyhash): one multiply where HashBytes spends two rounds of splitmix64, and it
  // mixes both the high bits Home() reads and the low ones Tag() reads. Longer keys: HashBytes.
  [[gnu::always_inline]] static uint64_t Hash(std::string_view key) {
    const size_t n = key.size();
    if (n > 16) return HashBytes(key);
    const char* p = key.data();
    uint64_t a = 0;
    uint64_t b = 0;
    if (n >= 8) {
      std::memcpy(&a, p, 8);
      std::memcpy(&b, p + n - 8, 8);
    } else if (n >= 4) {
      uint32_t lo, hi;
      std::memcpy(&lo, p, 4);
      std::memcpy(&hi, p + n - 4, 4);
      a = lo;
      b = hi;
    } else if (n > 0) {  // as LoadShort() reads it
      a = uint64_t{static_cast<unsigned char>(p[0])} |
          uint64_t{static_cast<unsigned char>(p[n / 2])} << (8 * (n / 2)) |
          uint64_t{static_cast<unsigned char>(p[n - 1])} << (8 * (n - 1));
    }
    __extension__ using Wide = unsigned __int128;  // GCC and Clang; -Wpedantic knows it as such
    const Wide product = static_cast<Wide>(a ^ 0xa0761d6478bd642fULL) *
                         (b ^ 0xe7037ed1a0b428dbULL ^ (uint64_t{n} << 56));
    // a and b folded in as well: keys whose a (or b) cancels its constant, making the product
    // zero, still differ by their other word instead of all sharing one hash.
    return static_cast<uint64_t>(product) ^ static_cast<uint64_t>(product >> 64) ^ a ^ b;
  }

  // Starts loading the slot a lookup of `hash` will read first.
  void Prefetch(uint64_t hash) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[Home(hash)]);
  }

  // The entry for a key built like RowKey() builds it, or nullptr. `hash` is Hash(key). Inline:
  // every child row makes one lookup, and the call and the comparison's own call cost more than
  // the probes.
  const Entry* Find(std::string_view key, uint64_t hash) const {
    if (slots_.empty()) return nullptr;
    const uint32_t tag = Tag(hash);
    const Slot* slots = slots_.data();
    const uint64_t size = slots_.size();
    for (uint64_t i = Home(hash);;) {
      const Slot& slot = slots[i];
      if (slot.entry.first_row == kNoRow) return nullptr;
      if (slot.tag == tag && KeyOfRowIs(slot.entry.first_row, key)) return &slot.entry;
      if (++i == size) i = 0;
    }
  }
  const Entry* Find(std::string_view key) const { return Find(key, Hash(key)); }

  // How many rows hold the key of `entry`: one plus its repeats (a scan of repeats(), for tests
  // and reports, not for hot loops).
  uint32_t Count(const Entry& entry) const;

  // (row, first row with the same key) for every row whose key was not new.
  const std::vector<std::pair<uint32_t, uint32_t>>& repeats() const { return repeats_; }

  // The key of `row` of `data` over `items` into `key`; false if a part is blank.
  static bool RowKey(const TableData& data, uint64_t row, const std::vector<int>& items,
                     std::string& key);

 private:
  // Eight bytes a slot: the key itself is not stored but read back from the first row that
  // holds it, which only happens when the 32-bit tags already agree; how many rows share it is
  // not stored either (repeats() lists them).
  struct Slot {
    uint32_t tag = 0;
    Entry entry;  // entry.first_row == kNoRow: empty slot
  };

  // The first slot to probe: the hash scaled onto the table, so its size need not be a power of
  // two (a power of two can almost double the memory of a large index).
  uint64_t Home(uint64_t hash) const {
    __extension__ using Wide = unsigned __int128;  // GCC and Clang; -Wpedantic knows it as such
    return static_cast<uint64_t>((static_cast<Wide>(hash) * slots_.size()) >> 64);
  }
  // The low half of the hash: Home() is decided by the high bits, so the low ones tell apart
  // keys that share a home.
  static uint32_t Tag(uint64_t hash) { return static_cast<uint32_t>(hash); }

  // memcmp(a, b, n) == 0 without a call for the short keys nearly all are: up to 16 bytes in
  // two overlapping words of each.
  static bool SameKeyBytes(const char* a, const char* b, size_t n) {
    if (n >= 8) {
      if (n > 16) return std::memcmp(a, b, n) == 0;
      uint64_t a0, a1, b0, b1;
      std::memcpy(&a0, a, 8);
      std::memcpy(&b0, b, 8);
      std::memcpy(&a1, a + n - 8, 8);
      std::memcpy(&b1, b + n - 8, 8);
      return ((a0 ^ b0) | (a1 ^ b1)) == 0;
    }
    if (n >= 4) {
      uint32_t a0, a1, b0, b1;
      std::memcpy(&a0, a, 4);
      std::memcpy(&b0, b, 4);
      std::memcpy(&a1, a + n - 4, 4);
      std::memcpy(&b1, b + n - 4, 4);
      return ((a0 ^ b0) | (a1 ^ b1)) == 0;
    }
    return n == 0 || (a[0] == b[0] && a[n / 2] == b[n / 2] && a[n - 1] == b[n - 1]);
  }

  // True if the key of `row` is `key`. A one-item key kept in the first slot with a one-byte
  // length (nearly all) is read and compared here; other keys are read back out of line.
  bool KeyOfRowIs(uint32_t row, std::string_view key) const {
    if (single_leading_) {
      const char* p = data_->arena.data() + data_->row_starts.Get(row);
      const auto length = static_cast<uint8_t>(*p);
      if (length < 0x80) return length == key.size() && SameKeyBytes(p + 1, key.data(), length);
    }
    return KeyOfRowIsReadBack(row, key);
  }
  bool KeyOfRowIsReadBack(uint32_t row, std::string_view key) const;
  // Inserts the rows 0 to row_count - 1 whose key_of(row, i) is not empty, where i is the
  // row's place in its block of kBuildBlock (a composite key is built in the block's i-th
  // string, so it must outlive the block).
  static constexpr size_t kBuildBlock = 16;
  template <typename KeyOf>
  void InsertAll(uint64_t row_count, KeyOf key_of);
  void Insert(std::string_view key, uint64_t hash, uint32_t row);

  const TableData* data_ = nullptr;
  const std::vector<int>* items_ = nullptr;
  bool single_leading_ = false;  // the key is one item, kept in the rows' first slot
  LargeVector<Slot> slots_;
  bool built_ = false;
  std::vector<std::pair<uint32_t, uint32_t>> repeats_;
  mutable std::string scratch_;  // a composite key read back for comparison
};

}  // namespace mhds::validate::internal
