// TableData: what the validator keeps of one table after streaming it. Not the rows themselves:
// only the values of the items that group checks, child tables and reports need ("slots"), each
// row's source line, the row's tree parent and whether (and why) the row was rejected.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "mhds/validate/finding.h"

namespace mhds::validate::internal {

constexpr uint32_t kNoRow = UINT32_MAX;
// parent_row of a row whose join items are not all populated: it names no parent at all.
constexpr uint32_t kBlankJoin = UINT32_MAX - 1;

// Separates the parts of a composite key; it cannot occur in valid UTF-8 text fields we accept
// as key values (a field holding it simply never matches).
constexpr char kKeySeparator = '\x1f';

struct TableData {
  bool present = false;
  std::string display_name;         // file or table name for messages
  std::vector<int> column_of_item;  // item -> column in the source, -1 if absent
  std::vector<int> slot_of_item;    // item -> slot, -1 if not kept
  std::vector<int> slot_items;      // slot -> item
  uint64_t rows = 0;

  std::vector<uint64_t> lines;  // row -> source line
  // Kept values, row after row; each row's slots in order, each as a varint length and bytes.
  std::string arena;
  std::vector<uint64_t> row_starts;  // row -> offset of its first slot in arena
  // row -> row of the tree parent; kNoRow if none matched, kBlankJoin if the join was blank
  std::vector<uint32_t> parent_row;
  std::vector<FindingId> reject_cause;  // row -> first finding that rejected it, kNoFinding if none
  // row -> its tree-parent join value, for the few rows whose value matched no parent row
  std::unordered_map<uint32_t, std::string> unmatched_join;
  std::vector<uint8_t>
      independent_rejections;  // row -> how many unrelated faults reject it (capped)

  size_t slots() const { return slot_items.size(); }

  // The kept value of `item` on `row`. REQUIRES: slot_of_item[item] >= 0.
  std::string_view Value(uint64_t row, int item) const {
    const char* p = arena.data() + row_starts[row];
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

  // Appends one row's kept values, in slot order.
  template <typename GetValue>
  void KeepRow(GetValue get) {
    row_starts.push_back(arena.size());
    for (size_t slot = 0; slot < slots(); ++slot) {
      std::string_view value = get(slot);
      for (uint64_t n = value.size();; n >>= 7) {
        if (n < 0x80) {
          arena.push_back(static_cast<char>(n));
          break;
        }
        arena.push_back(static_cast<char>((n & 0x7F) | 0x80));
      }
      arena.append(value);
    }
  }

  bool rejected(uint64_t row) const { return reject_cause[row] != kNoFinding; }
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
