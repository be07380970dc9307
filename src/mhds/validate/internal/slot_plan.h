// Which item values of each table the validator keeps after streaming it: the row's key (for
// reports and children), the items group rules join or compare on, and the items child tables
// read from their parent row (`parent.Item` references).
#pragma once

#include <vector>

#include "mhds/spec/spec.h"

namespace mhds::validate::internal {

// For each table, the items to keep, in ascending item order without repeats.
std::vector<std::vector<int>> PlanSlots(const spec::Spec& spec);

}  // namespace mhds::validate::internal
