// ChainSuccessors: makes freshly made rows satisfy their table's successor rules (a GP
// registration that ends needs another one starting the same or the next day). Rows are made one
// at a time and a row cannot know whether a later one will take over from it, so the rows of
// such a table under one parent are made first, then chained here, and only then their children.
#pragma once

#include <vector>

#include "mhds/base/status.h"
#include "mhds/generate/row_factory.h"
#include "mhds/generate/unit.h"

namespace mhds::generate {

// `made` holds the rows of `table` just made under `parent` (null if none). A row that ends
// something with no row taking over hands its end to another row as that row's start, or else
// ends nothing (its end item blank), whichever keeps every record rule and duplicate rule of the
// table quiet. kSpecError naming the rule if neither does.
Status ChainSuccessors(const Context& context, RowFactory& rows, int table, const Row* parent,
                       Unit& made);

// True if `table` has a successor rule.
bool HasSuccessorRule(const spec::Spec& spec, int table);

}  // namespace mhds::generate
