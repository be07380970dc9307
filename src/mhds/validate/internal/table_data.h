// TableData: what the validator keeps of one table after streaming it. Not the rows themselves:
// only the values of the items that group checks, child tables and reports need ("slots"), each
// row's source line, the row's tree parent and whether (and why) the row was rejected.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "mhds/validate/finding.h"

namespace mhds::validate::internal {

constexpr uint32_t kNoRow = UINT32_MAX;

// Separates the parts of a composite key; it cannot occur in valid UTF-8 text fields we accept
// as key values (a field holding it simply never matches).
constexpr char kKeySeparator = '\x1f';

struct TableData {
  bool present = false;
  std::string display_name;           // file or table name for messages
  std::vector<int> column_of_item;    // item -> column in the source, -1 if absent
  std::vector<int> slot_of_item;      // item -> slot, -1 if not kept
  std::vector<int> slot_items;        // slot -> item
  uint64_t rows = 0;

  std::vector<uint64_t> lines;        // row -> source line
  std::string arena;                  // kept values, row-major
  std::vector<uint64_t> value_ends;   // (row * slots + slot) -> end offset in arena
  std::vector<uint32_t> parent_row;   // row -> row of the tree parent, kNoRow if none matched
  std::vector<FindingId> reject_cause;  // row -> first finding that rejected it, kNoFinding if none
  std::vector<uint8_t> independent_rejections;  // row -> how many unrelated faults reject it (capped)

  size_t slots() const { return slot_items.size(); }

  // The kept value of `item` on `row`. REQUIRES: slot_of_item[item] >= 0.
  std::string_view Value(uint64_t row, int item) const {
    size_t index = row * slots() + static_cast<size_t>(slot_of_item[item]);
    uint64_t begin = index == 0 ? 0 : value_ends[index - 1];
    return std::string_view(arena).substr(begin, value_ends[index] - begin);
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
