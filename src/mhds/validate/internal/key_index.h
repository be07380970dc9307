// KeyIndex: a hash index from the values of some items of a table to its rows, used to find a
// child's parent, to count duplicates and to count a parent's children. Single-item keys point
// into the table's kept values; composite keys are joined once into the index's own storage.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
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
  // item, whose value of it is blank).
  // REQUIRES: every item has a slot in `data`, and `data` is no longer appended to.
  void Build(const TableData& data, const std::vector<int>& items, int only_if_blank = -1);

  // The entry for a composite key built with BuildKey(), or nullptr.
  const Entry* Find(std::string_view key) const {
    auto it = map_.find(key);
    return it == map_.end() ? nullptr : &it->second;
  }

  // The key of `row` of `data` over `items` into `key`; false if a part is blank.
  static bool RowKey(const TableData& data, uint64_t row, const std::vector<int>& items,
                     std::string& key);

 private:
  std::string_view Store(std::string_view key);

  std::unordered_map<std::string_view, Entry> map_;
  std::vector<std::unique_ptr<char[]>> blocks_;
  size_t block_used_ = 0;
  size_t block_size_ = 0;
};

}  // namespace mhds::validate::internal
