#include "mhds/validate/internal/code_set.h"

namespace mhds::validate::internal {

CodeSet::CodeSet(const spec::CodeList& list, std::optional<int64_t> period_start,
                 std::optional<int64_t> period_end) {
  for (const auto& [code, entry] : list.codes) {
    if (period_start && entry.valid_to < *period_start) continue;
    if (period_end && entry.valid_from > *period_end) continue;
    if (code.size() <= kShortCode) {
      short_codes_.push_back(Pack(code));
    } else {
      long_codes_.push_back(code);
    }
  }
}

}  // namespace mhds::validate::internal
