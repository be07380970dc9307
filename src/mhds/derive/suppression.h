// The national small-number rule for published figures below England level (metrics.md B.4, the
// same in the MHSDS Core Data Pack): a count under 5 is withheld ('*'), any other count is rounded
// to the nearest multiple of 5 (remainders 0-2 down, 3-4 up); a rate is computed from the
// unrounded counts and withheld when its numerator or its denominator is under 5.
#pragma once

#include <cstdint>
#include <optional>

namespace mhds::derive {

constexpr uint64_t kSmallNumber = 5;

// The count as published: nullopt when withheld. With `suppress` false (the provider's own view),
// the count itself.
std::optional<uint64_t> PublishedCount(uint64_t count, bool suppress);

// numerator / denominator as a percentage: nullopt when withheld or when the denominator is 0.
std::optional<double> PublishedPercent(uint64_t numerator, uint64_t denominator, bool suppress);

}  // namespace mhds::derive
