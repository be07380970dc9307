// Rng: the generator's deterministic random numbers (SplitMix64). The standard library's
// distributions differ between implementations, so every draw is computed here: the same seed
// gives the same submission, byte for byte, on every platform and compiler.
#pragma once

#include <cstdint>

namespace mhds::generate {

class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}

  uint64_t Next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
  }

  // Uniform in [0, n); n > 0. The modulo bias is below n / 2^64: nothing at the sizes used here.
  uint64_t Below(uint64_t n) { return Next() % n; }

  // Uniform in [lo, hi]; lo <= hi.
  int64_t Between(int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(Below(static_cast<uint64_t>(hi - lo) + 1));
  }

  // True with probability p (p <= 0 never, p >= 1 always).
  bool Chance(double p) { return static_cast<double>(Next() >> 11) * 0x1.0p-53 < p; }

  // A generator for a separate stream, so that drawing more numbers in one part of the output
  // does not shift every number after it.
  Rng Fork() { return Rng(Next()); }

 private:
  uint64_t state_;
};

}  // namespace mhds::generate
