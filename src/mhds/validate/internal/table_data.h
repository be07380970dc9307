// TableData: what the validator keeps of one table after streaming it. Not the rows themselves:
// only the values of the items that group checks, child tables and reports need ("slots"), each
// row's source line, the row's tree parent and whether (and why) the row was rejected.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <new>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "mhds/base/large_allocator.h"
#include "mhds/validate/finding.h"

namespace mhds::validate::internal {

constexpr uint32_t kNoRow = UINT32_MAX;
// parent_row of a row whose join items are not all populated: it names no parent at all.
constexpr uint32_t kBlankJoin = UINT32_MAX - 1;

// Separates the parts of a composite key; it cannot occur in valid UTF-8 text fields we accept
// as key values (a field holding it simply never matches).
constexpr char kKeySeparator = '\x1f';

// Row -> the line of its source where it starts. In most files that is the row number plus a
// constant (each row one line, after the header), so only the rows where the difference changes
// (after a field holding a line break) are stored: a table of a million one-line rows costs a
// few bytes, not eight megabytes.
class LineMap {
 public:
  void Add(uint64_t row, uint64_t line) {
    const uint64_t offset = line - row;
    if (offset != last_offset_) {
      changes_.push_back({row, offset});
      last_offset_ = offset;
    }
  }
  // REQUIRES: Add() was called for `row` or an earlier row.
  uint64_t operator[](uint64_t row) const {
    auto after = std::upper_bound(changes_.begin(), changes_.end(), row,
                                  [](uint64_t r, const Change& c) { return r < c.row; });
    return row + std::prev(after)->offset;
  }
  size_t changes() const { return changes_.size(); }

 private:
  struct Change {
    uint64_t row;     // the first row with this offset
    uint64_t offset;  // line - row
  };
  std::vector<Change> changes_;
  // changes_.back().offset, kept apart so that a row costs one comparison; no row's offset is
  // all ones (a row's line is at least the row number plus one).
  uint64_t last_offset_ = UINT64_MAX;
};

// Row -> offset of its kept values in the arena, in four bytes a row: offsets beyond 4 GiB are
// rebased at the rows where the arena crosses each 4 GiB boundary (none in all but huge files).
class RowStarts {
 public:
  void Add(uint64_t offset) {
    if (offset >= next_wrap_) {
      wraps_.push_back(low_.size());
      next_wrap_ += uint64_t{1} << 32;
    }
    low_.push_back(static_cast<uint32_t>(offset));
  }
  uint64_t Get(uint64_t row) const {
    uint64_t high = 0;
    while (high < wraps_.size() && wraps_[high] <= row) ++high;
    return (high << 32) | low_[row];
  }
  void reserve(size_t rows) { low_.reserve(rows); }
  size_t capacity() const { return low_.capacity(); }

 private:
  LargeVector<uint32_t> low_;
  std::vector<uint64_t> wraps_;             // rows from which the offsets' high part grows by one
  uint64_t next_wrap_ = uint64_t{1} << 32;  // the offset from which the next wrap starts
};

// A table's kept values, end to end. Rows are written in place: Room() makes space past the
// end, Commit() takes what was written into it, so a row needs no buffer of its own and no copy.
// Large arenas live in huge pages (mhds/base/large_allocator.h).
class ByteArena {
 public:
  ByteArena() = default;
  ByteArena(const ByteArena& other) { *this = other; }
  ByteArena& operator=(const ByteArena& other) {
    if (this != &other) {
      size_ = 0;
      reserve(other.size_);
      Append(other.data_, other.size_);
    }
    return *this;
  }
  ByteArena(ByteArena&& other) noexcept
      : data_(std::exchange(other.data_, nullptr)),
        size_(std::exchange(other.size_, 0)),
        capacity_(std::exchange(other.capacity_, 0)) {}
  ByteArena& operator=(ByteArena&& other) noexcept {
    if (this != &other) {
      Free();
      data_ = std::exchange(other.data_, nullptr);
      size_ = std::exchange(other.size_, 0);
      capacity_ = std::exchange(other.capacity_, 0);
    }
    return *this;
  }
  ~ByteArena() { Free(); }

  const char* data() const { return data_; }
  size_t size() const { return size_; }
  size_t capacity() const { return capacity_; }

  // Makes the capacity at least `expected` bytes, with room beyond it for an estimate that
  // falls short, in one allocation.
  void reserve(size_t expected) {
    if (expected > capacity_) Reallocate(expected + expected / 4, expected);
  }

  // Where `bytes` may be written past the end; valid until the next Room() or Append().
  char* Room(size_t bytes) {
    if (capacity_ - size_ < bytes) {
      const size_t capacity = std::max(2 * capacity_, size_ + bytes);
      Reallocate(capacity, capacity);
    }
    return data_ + size_;
  }
  // Takes the first `bytes` written at Room() into the arena. REQUIRES: bytes <= the room made.
  void Commit(size_t bytes) { size_ += bytes; }

  void Append(const char* p, size_t n) {
    if (n == 0) return;
    std::memcpy(Room(n), p, n);
    size_ += n;
  }
  void PushBack(char c) {
    *Room(1) = c;
    ++size_;
  }

 private:
  void Reallocate(size_t capacity, size_t expected) {
    char* data = static_cast<char*>(capacity >= kHugePageBytes ? MapHugeBlock(capacity, expected)
                                                               : std::malloc(capacity));
    if (data == nullptr) throw std::bad_alloc();
    if (size_ > 0) std::memcpy(data, data_, size_);
    Free();
    data_ = data;
    capacity_ = capacity;
  }
  void Free() {
    if (data_ == nullptr) return;
    if (capacity_ >= kHugePageBytes) {
      UnmapHugeBlock(data_, capacity_);
    } else {
      std::free(data_);
    }
    data_ = nullptr;
    capacity_ = 0;
  }

  char* data_ = nullptr;
  size_t size_ = 0;
  size_t capacity_ = 0;
};

struct TableData {
  bool present = false;
  std::string display_name;         // file or table name for messages
  std::vector<int> column_of_item;  // item -> column in the source, -1 if absent
  std::vector<int> slot_of_item;    // item -> slot, -1 if not kept
  std::vector<int> slot_items;      // slot -> item
  uint64_t rows = 0;

  LineMap lines;  // row -> source line
  // Kept values, row after row; each row's slots in order, each as a varint length and bytes.
  ByteArena arena;
  RowStarts row_starts;  // row -> offset of its first slot in arena
  // row -> row of the tree parent; kNoRow if none matched, kBlankJoin if the join was blank
  LargeVector<uint32_t> parent_row;
  LargeVector<FindingId> reject_cause;  // row -> first finding that rejected it, kNoFinding if none
  // row -> its tree-parent join value, for the few rows whose value matched no parent row
  std::unordered_map<uint32_t, std::string> unmatched_join;
  LargeVector<uint8_t>
      independent_rejections;  // row -> how many unrelated faults reject it (capped)

  size_t slots() const { return slot_items.size(); }

  // The kept value of `item` on `row`. REQUIRES: slot_of_item[item] >= 0.
  std::string_view Value(uint64_t row, int item) const {
    const char* p = arena.data() + row_starts.Get(row);
    for (int slot = slot_of_item[item];; --slot) {
      uint64_t length = 0;
      for (int shift = 0;; shift += 7) {
        auto byte = static_cast<uint8_t>(*p++);
        length |= uint64_t{byte & 0x7Fu} << shift;
        if (byte < 0x80) break;
      }
      if (slot == 0) return {p, length};
      p += length;
    }
  }

  // True if `items` are slots 0, 1, ... in order (a table's key items are: PlanSlots puts them
  // first), so a key over them is read from the row's kept values in one pass.
  bool AreLeadingSlots(const std::vector<int>& items) const {
    for (size_t i = 0; i < items.size(); ++i) {
      if (slot_of_item[items[i]] != static_cast<int>(i)) return false;
    }
    return true;
  }

  // The key over the first `parts` slots of `row`, parts joined by kKeySeparator; false if a
  // part is blank. REQUIRES: parts <= slots().
  bool LeadingSlotsKey(uint64_t row, size_t parts, std::string& key) const {
    const char* p = arena.data() + row_starts.Get(row);
    key.clear();
    for (size_t i = 0; i < parts; ++i) {
      uint64_t length = 0;
      for (int shift = 0;; shift += 7) {
        auto byte = static_cast<uint8_t>(*p++);
        length |= uint64_t{byte & 0x7Fu} << shift;
        if (byte < 0x80) break;
      }
      if (length == 0) return false;
      if (i) key.push_back(kKeySeparator);
      key.append(p, length);
      p += length;
    }
    return true;
  }

  // Appends one row's kept values, in slot order. A row whose values are short (each below 128
  // bytes, all within kShortRow: nearly every row) is written straight into the arena's room, a
  // length byte and a value at a time; the rest of a longer row goes a varint and a value at a
  // time.
  template <typename GetValue>
  void KeepRow(GetValue get) {
    row_starts.Add(arena.size());
    constexpr size_t kShortRow = 256;
    char* row = arena.Room(kShortRow);
    // Read once: the writes through `row` could alias slot_items, as far as the compiler knows.
    const size_t slot_count = slots();
    size_t used = 0;
    size_t slot = 0;
    for (; slot < slot_count; ++slot) {
      std::string_view value = get(slot);
      if (value.size() >= 0x80 || used + 1 + value.size() > kShortRow) break;
      row[used++] = static_cast<char>(value.size());
      CopyShort(row + used, value.data(), value.size());
      used += value.size();
    }
    arena.Commit(used);
    for (; slot < slot_count; ++slot) {
      std::string_view value = get(slot);
      for (uint64_t n = value.size();; n >>= 7) {
        if (n < 0x80) {
          arena.PushBack(static_cast<char>(n));
          break;
        }
        arena.PushBack(static_cast<char>((n & 0x7F) | 0x80));
      }
      arena.Append(value.data(), value.size());
    }
  }

  bool rejected(uint64_t row) const { return reject_cause[row] != kNoFinding; }

 private:
  // memcpy of n bytes, n < 128, without a call for the short values nearly all kept values are:
  // two fixed-size copies that overlap in the middle cover any length from one size to twice it.
  static void CopyShort(char* to, const char* from, size_t n) {
    if (n >= 8) {
      if (n > 16) {
        std::memcpy(to, from, n);
        return;
      }
      std::memcpy(to, from, 8);
      std::memcpy(to + n - 8, from + n - 8, 8);
    } else if (n >= 4) {
      std::memcpy(to, from, 4);
      std::memcpy(to + n - 4, from + n - 4, 4);
    } else if (n > 0) {  // an empty value may have no data at all (nullptr)
      to[0] = from[0];
      to[n / 2] = from[n / 2];
      to[n - 1] = from[n - 1];
    }
  }
};

// Builds a composite key from parts; false if any part is blank (blank keys never match).
template <typename GetPart>
bool BuildKey(size_t parts, GetPart get, std::string& key) {
  key.clear();
  for (size_t i = 0; i < parts; ++i) {
    std::string_view part = get(i);
    if (part.empty()) return false;
    if (i) key.push_back(kKeySeparator);
    key.append(part);
  }
  return true;
}

}  // namespace mhds::validate::internal
