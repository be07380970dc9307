// Which item values of each table the validator keeps after streaming it: the row's key (for
// reports and children), the items group rules join or compare on, and the items child tables
// read from their parent row (`parent.Item` references). A row's join to its tree parent is
// resolved as it is read, so its join items need not be kept for that.
#pragma once

#include <vector>

#include "mhds/spec/spec.h"

namespace mhds::validate::internal {

// For each table, the items to keep, in ascending item order without repeats.
std::vector<std::vector<int>> PlanSlots(const spec::Spec& spec);

// True if the link from `child_items` of `child` to `parent_items` of `parent` is the child's
// tree parent link (tables.csv), which the validator resolves while reading the child.
bool IsTreeLink(const spec::Spec& spec, int child, const std::vector<int>& child_items, int parent,
                const std::vector<int>& parent_items);

// True if duplicate rule `rule` counts exactly its table's key, so that the index the validator
// builds over that key (for child lookups) can count the duplicates too.
bool CountsTableKey(const spec::Spec& spec, const spec::Rule& rule);

}  // namespace mhds::validate::internal
