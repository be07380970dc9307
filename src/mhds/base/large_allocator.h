// LargeAllocator<T>: a std::allocator for buffers that grow to many megabytes (the validator's
// per-row vectors and kept values). A block of at least kHugePageBytes is mapped from the kernel
// on a huge-page boundary and marked MADV_HUGEPAGE, so that where transparent huge pages are
// enabled "on madvise" (Debian's default) it is faulted in 2 MiB at a time rather than 4 KiB:
// about 500 times fewer page faults, and fewer TLB misses when it is read back. Smaller blocks
// come from malloc.
//
// The advice is only advice: where huge pages are off, the block is ordinary anonymous memory.
// Thread-safe as malloc is; stateless, so any two allocators compare equal.
#pragma once

#include <sys/mman.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <new>
#include <vector>

namespace mhds {

inline constexpr size_t kHugePageBytes = size_t{2} << 20;

// Maps `bytes` rounded up to kHugePageBytes, aligned to kHugePageBytes, and advises as huge
// pages those that the first `expected` bytes fill whole; nullptr if the kernel refuses. A huge
// page is resident whole from its first write, so one only partly used would cost up to 2 MiB
// unused: the last, partly used one stays in small pages, resident only where written.
inline void* MapHugeBlock(size_t bytes, size_t expected) {
  const size_t rounded = (bytes + kHugePageBytes - 1) & ~(kHugePageBytes - 1);
  // Map one huge page more than needed and trim both ends to the boundary.
  const size_t mapped = rounded + kHugePageBytes;
  void* p = ::mmap(nullptr, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) return nullptr;
  const auto start = reinterpret_cast<uintptr_t>(p);
  const uintptr_t aligned = (start + kHugePageBytes - 1) & ~uintptr_t{kHugePageBytes - 1};
  if (aligned != start) ::munmap(p, aligned - start);
  const uintptr_t tail = aligned + rounded;
  if (start + mapped != tail) ::munmap(reinterpret_cast<void*>(tail), start + mapped - tail);
  auto* block = reinterpret_cast<void*>(aligned);
#ifdef MADV_HUGEPAGE
  const size_t whole = std::min(expected, bytes) & ~(kHugePageBytes - 1);
  if (whole > 0) ::madvise(block, whole, MADV_HUGEPAGE);
#endif
  return block;
}

// Unmaps a block of MapHugeBlock(bytes, ...).
inline void UnmapHugeBlock(void* block, size_t bytes) {
  ::munmap(block, (bytes + kHugePageBytes - 1) & ~(kHugePageBytes - 1));
}

template <typename T>
class LargeAllocator {
 public:
  using value_type = T;

  LargeAllocator() = default;
  template <typename U>
  LargeAllocator(const LargeAllocator<U>&) {}  // NOLINT(google-explicit-constructor)

  T* allocate(size_t n) {
    if (n > (SIZE_MAX - 2 * kHugePageBytes) / sizeof(T)) throw std::bad_alloc();
    const size_t bytes = n * sizeof(T);
    void* p = bytes >= kHugePageBytes ? MapHugeBlock(bytes, bytes) : std::malloc(bytes);
    if (p == nullptr) throw std::bad_alloc();
    return static_cast<T*>(p);
  }

  void deallocate(T* p, size_t n) {
    const size_t bytes = n * sizeof(T);
    if (bytes >= kHugePageBytes) {
      UnmapHugeBlock(p, bytes);
    } else {
      std::free(p);
    }
  }

  template <typename U>
  bool operator==(const LargeAllocator<U>&) const {
    return true;
  }
};

template <typename T>
using LargeVector = std::vector<T, LargeAllocator<T>>;

}  // namespace mhds
