#include "mhds/validate/internal/key_index.h"

#include <cstring>

namespace mhds::validate::internal {

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

void KeyIndex::Build(const TableData& data, const std::vector<int>& items, int only_if_blank) {
  map_.clear();
  map_.reserve(data.rows);
  std::string key;
  for (uint64_t row = 0; row < data.rows; ++row) {
    if (only_if_blank >= 0 && !data.Value(row, only_if_blank).empty()) continue;
    std::string_view view;
    if (items.size() == 1) {
      view = data.Value(row, items[0]);
      if (view.empty()) continue;
    } else {
      if (!RowKey(data, row, items, key)) continue;
      auto it = map_.find(std::string_view(key));
      if (it != map_.end()) {
        ++it->second.count;
        continue;
      }
      view = Store(key);
    }
    auto [it, inserted] = map_.try_emplace(view, Entry{static_cast<uint32_t>(row), 0});
    ++it->second.count;
  }
}

}  // namespace mhds::validate::internal
