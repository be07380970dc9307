// A fast, well-mixed 64-bit hash of short byte strings (identifiers and composite keys, mostly
// under 32 bytes), for the validator's open-addressing hash indexes. Not for security.
#pragma once

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
    uint64_t word = 0;
    std::memcpy(&word, p, n);
    h = Mix64(h ^ word ^ (uint64_t{n} << 56));
  }
  return h;
}

}  // namespace mhds
