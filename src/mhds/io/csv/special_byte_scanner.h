// SpecialByteScanner: finds, in order, the bytes a CSV splitter must look at in a byte range: " ,
// every control byte below 0x20 (CR LF NUL among them; the splitter lets the others, such as a
// tab, through as data) and every byte >= 0x80 (to be checked as UTF-8). It classifies 64 bytes
// at a time with SSE2 (part of every x86-64 CPU; plain C++ elsewhere), or AVX2 where the CPU has
// it, into two masks, commas and the rest, so plain ASCII between those bytes costs almost
// nothing and a run of commas (the fields of a row) is taken without looking at each byte.
// Header-only so that the splitter's loop can inline it.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
// Where the CPU has AVX2 (checked at run time), blocks after a range's first are classified 32
// bytes at a time.
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define MHDS_SCANNER_AVX2 1
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
    const Block block = p < end ? Load(p, end) : Block{p, 0, 0};
    commas_ = block.commas;
    others_ = block.others;
  }

  // The next special byte not yet returned, or `end` if none is left.
  const char* Next() {
    uint64_t all = commas_ | others_;
    if (all == 0) {
      if (!Advance()) return end_;
      all = commas_ | others_;
    }
    const uint64_t lowest = all & (~all + 1);
    commas_ &= ~lowest;
    others_ &= ~lowest;
    return base_ + std::countr_zero(all);
  }

  // The splitter's fast path works on the current block directly: commas() and others() hold a
  // bit per special byte not yet returned, bit i standing for base()[i]; commas are kept apart
  // from the rest (" and bytes below 0x20 or >= 0x80), so that the commas before the next other
  // byte can be taken in one go without looking at the bytes.
  const char* base() const { return base_; }
  uint64_t commas() const { return commas_; }
  uint64_t others() const { return others_; }
  void set_commas(uint64_t commas) { commas_ = commas; }
  void set_others(uint64_t others) { others_ = others; }

  // Moves to the next block holding a special byte. False, with both masks empty, if none is left
  // before `end`. REQUIRES: both masks are empty.
  bool Advance() {
#if MHDS_SCANNER_AVX2
    const Block block = kUseAvx2 ? NextBlockAvx2(base_, end_) : NextBlock(base_, end_);
#else
    const Block block = NextBlock(base_, end_);
#endif
    base_ = block.base;
    commas_ = block.commas;
    others_ = block.others;
    return (commas_ | others_) != 0;
  }

  // The classification of one block, public for tests: bit i of `commas` is set if p[i] is a
  // comma, of `others` if it is another special byte.
  struct Block {
    const char* base;
    uint64_t commas;
    uint64_t others;
  };
  static constexpr ptrdiff_t kBlockBytes = 64;

#if MHDS_SCANNER_AVX2
  static bool HasAvx2() {
    __builtin_cpu_init();  // needed when called from a static initialiser, as below
    return __builtin_cpu_supports("avx2");
  }

  [[gnu::target("avx2")]] static Block ClassifyAvx2(const char* p) {
    Block block{p, 0, 0};
    for (int i = 0; i < kBlockBytes; i += 32) {
      const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + i));
      const auto commas =
          static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, _mm256_set1_epi8(','))));
      // As in Classify(): 0x20 > v as signed bytes holds for control and non-ASCII bytes.
      const __m256i low_or_high = _mm256_cmpgt_epi8(_mm256_set1_epi8(0x20), v);
      const auto others = static_cast<uint32_t>(_mm256_movemask_epi8(
          _mm256_or_si256(low_or_high, _mm256_cmpeq_epi8(v, _mm256_set1_epi8('"')))));
      block.commas |= uint64_t{commas} << i;
      block.others |= uint64_t{others} << i;
    }
    return block;
  }
#endif

#if defined(__SSE2__)
  static Block Classify(const char* p) {
    Block block{p, 0, 0};
    for (int i = 0; i < kBlockBytes; i += 16) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
      const auto commas =
          static_cast<uint16_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(','))));
      // Compared as signed bytes, those >= 0x80 are negative: one comparison finds both the
      // control bytes and the non-ASCII ones.
      const __m128i low_or_high = _mm_cmplt_epi8(v, _mm_set1_epi8(0x20));
      const auto others = static_cast<uint16_t>(
          _mm_movemask_epi8(_mm_or_si128(low_or_high, _mm_cmpeq_epi8(v, _mm_set1_epi8('"')))));
      block.commas |= uint64_t{commas} << i;
      block.others |= uint64_t{others} << i;
    }
    return block;
  }
#else
  static Block Classify(const char* p) {
    Block block{p, 0, 0};
    for (int i = 0; i < kBlockBytes; ++i) {
      const auto c = static_cast<unsigned char>(p[i]);
      const bool other = c == '"' || c < 0x20 || c >= 0x80;
      block.commas |= uint64_t{c == ','} << i;
      block.others |= uint64_t{other} << i;
    }
    return block;
  }
#endif

 private:
  // Set once at start-up. Read before then (by a static initialiser elsewhere) it is false,
  // which is safe: the plain path serves every CPU.
#if MHDS_SCANNER_AVX2
  static inline const bool kUseAvx2 = HasAvx2();
#endif

  // The first block after the one at `base` that holds a special byte, or the last block with
  // empty masks. Static, out of line and returning by value so that Next() stays small enough to
  // inline and the scanner's state can live in registers.
  [[gnu::noinline]] static Block NextBlock(const char* base, const char* end) {
    while (end - base > kBlockBytes) {
      base += kBlockBytes;
      const Block block = ClipToEnd(Classify(base), end);
      if ((block.commas | block.others) != 0) return block;
    }
    return {base, 0, 0};
  }

#if MHDS_SCANNER_AVX2
  [[gnu::target("avx2"), gnu::noinline]] static Block NextBlockAvx2(const char* base,
                                                                    const char* end) {
    while (end - base > kBlockBytes) {
      base += kBlockBytes;
      const Block block = ClipToEnd(ClassifyAvx2(base), end);
      if ((block.commas | block.others) != 0) return block;
    }
    return {base, 0, 0};
  }
#endif

  // The masks of the 64 bytes at `p`; bytes at or after `end` are clear.
  static Block Load(const char* p, const char* end) { return ClipToEnd(Classify(p), end); }

  // `block` with the bits of bytes at or after `end` cleared.
  static Block ClipToEnd(Block block, const char* end) {
    const ptrdiff_t left = end - block.base;
    if (left < kBlockBytes) {
      const uint64_t in_range = (uint64_t{1} << left) - 1;
      block.commas &= in_range;
      block.others &= in_range;
    }
    return block;
  }

  const char* end_ = nullptr;
  const char* base_ = nullptr;
  uint64_t commas_ = 0;
  uint64_t others_ = 0;
};

}  // namespace mhds::io
