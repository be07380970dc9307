// A fast, well-mixed 64-bit hash of short byte strings (identifiers and composite keys, mostly
// under 32 bytes), for the validator's open-addressing hash indexes. Not for security.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace mhds {

// The splitmix64 finaliser: spreads every input bit over the whole word.
inline uint64_t Mix64(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

// The n < 8 bytes at `p` as a little-endian word, zero-padded: what memcpy into a zeroed word
// gives, but with two or three fixed-size loads instead of a call to memcpy with a variable length.
inline uint64_t LoadShort(const char* p, size_t n) {
  if (n >= 4) {
    uint32_t lo, hi;
    std::memcpy(&lo, p, 4);
    std::memcpy(&hi, p + n - 4, 4);
    return uint64_t{lo} | (uint64_t{hi} << (8 * (n - 4)));
  }
  if (n == 0) return 0;
  const auto b = [p](size_t i) { return uint64_t{static_cast<unsigned char>(p[i])}; };
  return b(0) | (b(n / 2) << (8 * (n / 2))) | (b(n - 1) << (8 * (n - 1)));
}

inline uint64_t HashBytes(std::string_view s) {
  uint64_t h = 0x9e3779b97f4a7c15ULL ^ (s.size() * 0xff51afd7ed558ccdULL);
  const char* p = s.data();
  size_t n = s.size();
  while (n >= 8) {
    uint64_t word;
    std::memcpy(&word, p, 8);
    h = Mix64(h ^ word);
    p += 8;
    n -= 8;
  }
  if (n > 0) {
    h = Mix64(h ^ LoadShort(p, n) ^ (uint64_t{n} << 56));
  }
  return h;
}

}  // namespace mhds
