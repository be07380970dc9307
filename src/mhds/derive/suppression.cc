#include "mhds/derive/suppression.h"

namespace mhds::derive {

std::optional<uint64_t> PublishedCount(uint64_t count, bool suppress) {
  if (!suppress) return count;
  if (count < kSmallNumber) return std::nullopt;
  return (count + 2) / 5 * 5;
}

std::optional<double> PublishedPercent(uint64_t numerator, uint64_t denominator, bool suppress) {
  if (denominator == 0) return std::nullopt;
  if (suppress && (numerator < kSmallNumber || denominator < kSmallNumber)) return std::nullopt;
  return 100.0 * static_cast<double>(numerator) / static_cast<double>(denominator);
}

}  // namespace mhds::derive
