// CodeSet: the codes of one code list that are valid for the reporting period, in a form that
// answers "is this value a code?" without hashing: codes of one or two bytes are bits of a
// bitmap, codes of up to seven bytes (nearly all other national codes) are packed with their
// length into one integer and compared a word at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mhds/base/hash.h"
#include "mhds/spec/spec.h"

namespace mhds::validate::internal {

class CodeSet {
 public:
  // The codes of `list` valid on some day of [period_start, period_end] (either bound may be
  // absent, and then does not restrict).
  CodeSet(const spec::CodeList& list, std::optional<int64_t> period_start,
          std::optional<int64_t> period_end);

  [[gnu::always_inline]] bool Contains(std::string_view value) const {
    // Codes of one or two bytes (most national codes) are bits of a bitmap indexed by the bytes.
    if (value.size() == 1) return HasBit(one_byte_, static_cast<uint8_t>(value[0]));
    if (value.size() == 2) {
      return !two_bytes_.empty() &&
             HasBit(two_bytes_.data(), static_cast<uint8_t>(value[0]) |
                                           static_cast<uint32_t>(static_cast<uint8_t>(value[1]))
                                               << 8);
    }
    return ContainsLonger(value);
  }

  // True if every code of the set is ASCII, so that a value it contains is too.
  bool all_ascii() const { return all_ascii_; }
  // The lengths in bytes of the shortest and the longest code (SIZE_MAX and 0 for no code).
  size_t shortest() const { return shortest_; }
  size_t longest() const { return longest_; }

  static constexpr size_t kShortCode = 7;

  // The bytes of a value of at most kShortCode bytes, with its length in the top byte.
  static uint64_t Pack(std::string_view value) {
    return LoadShort(value.data(), value.size()) | (uint64_t{value.size()} << 56);
  }

 private:
  // Lists longer than this get an open-addressing table of their short codes (0: empty slot),
  // probed once or twice instead of scanned.
  static constexpr size_t kScanned = 8;
  uint64_t Home(uint64_t packed) const { return (packed * 0x9e3779b97f4a7c15ULL) >> shift_; }

  // Contains() for values of any other length (out of line, so that Contains() inlines).
  bool ContainsLonger(std::string_view value) const;
  static bool HasBit(const uint64_t* bits, uint32_t i) { return (bits[i / 64] >> (i % 64)) & 1; }

  uint64_t one_byte_[256 / 64] = {};
  std::vector<uint64_t> two_bytes_;  // 65 536 bits, or empty when the list has no two-byte code
  std::vector<uint64_t> short_codes_;
  std::vector<uint64_t> table_;  // a power of two in size, or empty
  int shift_ = 64;
  bool has_empty_code_ = false;
  bool all_ascii_ = true;
  size_t shortest_ = SIZE_MAX, longest_ = 0;
  std::vector<std::string> long_codes_;
};

}  // namespace mhds::validate::internal
