#include "mhds/validate/internal/code_set.h"

namespace mhds::validate::internal {

CodeSet::CodeSet(const spec::CodeList& list, std::optional<int64_t> period_start,
                 std::optional<int64_t> period_end) {
  for (const auto& [code, entry] : list.codes) {
    if (period_start && entry.valid_to < *period_start) continue;
    if (period_end && entry.valid_from > *period_end) continue;
    if (code.size() <= kShortCode) {
      short_codes_.push_back(Pack(code));
    } else {
      long_codes_.push_back(code);
    }
  }
  if (short_codes_.size() <= kScanned) return;
  size_t size = 16;
  int bits = 4;
  while (size < 2 * short_codes_.size()) {
    size *= 2;
    ++bits;
  }
  table_.assign(size, 0);
  shift_ = 64 - bits;
  for (uint64_t packed : short_codes_) {
    if (packed == 0) {
      has_empty_code_ = true;
      continue;
    }
    uint64_t i = Home(packed);
    while (table_[i] != 0 && table_[i] != packed) i = (i + 1) & (size - 1);
    table_[i] = packed;
  }
}

}  // namespace mhds::validate::internal
