#include "mhds/validate/internal/code_set.h"

#include <algorithm>

namespace mhds::validate::internal {

CodeSet::CodeSet(const spec::CodeList& list, std::optional<int64_t> period_start,
                 std::optional<int64_t> period_end) {
  for (const auto& [code, entry] : list.codes) {
    if (period_start && entry.valid_to < *period_start) continue;
    if (period_end && entry.valid_from > *period_end) continue;
    shortest_ = std::min(shortest_, code.size());
    longest_ = std::max(longest_, code.size());
    for (char ch : code) {
      if (static_cast<unsigned char>(ch) >= 0x80) all_ascii_ = false;
    }
    if (code.size() == 1) {
      const uint32_t i = static_cast<uint8_t>(code[0]);
      one_byte_[i / 64] |= uint64_t{1} << (i % 64);
    } else if (code.size() == 2) {
      if (two_bytes_.empty()) two_bytes_.assign(65536 / 64, 0);
      const uint32_t i =
          static_cast<uint8_t>(code[0]) | static_cast<uint32_t>(static_cast<uint8_t>(code[1])) << 8;
      two_bytes_[i / 64] |= uint64_t{1} << (i % 64);
    }
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

bool CodeSet::ContainsLonger(std::string_view value) const {
  if (value.size() <= kShortCode) {
    uint64_t packed = Pack(value);
    if (!table_.empty()) {
      if (packed == 0) return has_empty_code_;
      for (uint64_t i = Home(packed);; i = (i + 1) & (table_.size() - 1)) {
        if (table_[i] == packed) return true;
        if (table_[i] == 0) return false;
      }
    }
    for (uint64_t code : short_codes_) {
      if (code == packed) return true;
    }
    return false;
  }
  for (const std::string& code : long_codes_) {
    if (code == value) return true;
  }
  return false;
}

}  // namespace mhds::validate::internal
