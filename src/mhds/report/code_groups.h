// CodeGroup: the findings of one rule code together, as the HTML report and the terminal summary
// list them ("MHS10113, rejected, 37 findings"). Rejecting codes come first, then the most
// frequent, then by code, so the list reads in the order a data lead should fix things.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "mhds/spec/spec.h"
#include "mhds/validate/validator.h"

namespace mhds::report {

struct CodeGroup {
  std::string code;
  spec::Severity severity = spec::Severity::kReject;  // of the group's first finding
  int table = -1;                                     // of the group's first finding
  uint64_t count = 0;
  // The first `sample_limit` findings of the code, in emission order.
  std::vector<validate::FindingId> sample;
};

// Groups the findings of `result` by rule code, keeping up to `sample_limit` findings of each.
std::vector<CodeGroup> GroupByCode(const spec::Spec& spec, const validate::ValidationResult& result,
                                   size_t sample_limit);

}  // namespace mhds::report
