// SpecialByteScanner: finds, in order, the bytes a CSV splitter must look at in a byte range: " ,
// CR LF NUL and every byte >= 0x80 (to be checked as UTF-8). It classifies 64 bytes at a time with
// SSE2 (part of every x86-64 CPU; plain C++ elsewhere), so plain ASCII between those bytes costs
// almost nothing. Header-only so that the splitter's inner loop can inline it.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace mhds::io {

class SpecialByteScanner {
 public:
  // Bytes after the end of the range that must be readable (their values do not matter).
  static constexpr size_t kPadding = 64;

  // Starts a scan of [p, end).
  void Reset(const char* p, const char* end) {
    end_ = end;
    base_ = p;
    mask_ = p < end ? Load(p, end) : 0;
  }

  // The next special byte not yet returned, or `end` if none is left.
  const char* Next() {
    if (mask_ == 0) {
      const Block block = NextBlock(base_, end_);
      base_ = block.base;
      mask_ = block.mask;
      if (mask_ == 0) return end_;
    }
    const char* found = base_ + std::countr_zero(mask_);
    mask_ &= mask_ - 1;
    return found;
  }

 private:
  static constexpr ptrdiff_t kBlockBytes = 64;

  struct Block {
    const char* base;
    uint64_t mask;
  };

  // The first block after the one at `base` that holds a special byte, or the last block with an
  // empty mask. Static, out of line and returning by value so that Next() stays small enough to
  // inline and the scanner's state can live in registers.
  [[gnu::noinline]] static Block NextBlock(const char* base, const char* end) {
    while (end - base > kBlockBytes) {
      base += kBlockBytes;
      if (const uint64_t mask = Load(base, end)) return {base, mask};
    }
    return {base, 0};
  }

  // A bit per byte of the 64 at `p`, set for the special ones; bytes at or after `end` are clear.
  static uint64_t Load(const char* p, const char* end) {
    uint64_t mask = Classify(p);
    const ptrdiff_t left = end - p;
    if (left < kBlockBytes) mask &= (uint64_t{1} << left) - 1;
    return mask;
  }

#if defined(__SSE2__)
  static uint64_t Classify(const char* p) {
    return Classify16(p) | Classify16(p + 16) << 16 | Classify16(p + 32) << 32 |
           Classify16(p + 48) << 48;
  }

  static uint64_t Classify16(const char* p) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i a =
        _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(',')), _mm_cmpeq_epi8(v, _mm_set1_epi8('"')));
    const __m128i b = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\n')),
                                   _mm_cmpeq_epi8(v, _mm_set1_epi8('\r')));
    // OR-ing in v itself sets the top bit for the non-ASCII bytes.
    const __m128i c = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_setzero_si128()), v);
    return static_cast<uint16_t>(_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(a, b), c)));
  }
#else
  static uint64_t Classify(const char* p) {
    uint64_t mask = 0;
    for (int i = 0; i < kBlockBytes; ++i) {
      const auto c = static_cast<unsigned char>(p[i]);
      const bool special = c == ',' || c == '"' || c == '\n' || c == '\r' || c == 0 || c >= 0x80;
      mask |= uint64_t{special} << i;
    }
    return mask;
  }
#endif

  const char* end_ = nullptr;
  const char* base_ = nullptr;
  uint64_t mask_ = 0;
};

}  // namespace mhds::io
