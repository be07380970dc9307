// Turns the rows of rules.csv into Rules: the kind, the parameters (`key=value; ...`) and every
// item, table, reference and condition resolved to indices. Problems go to `problems` with the
// cell they were found in.
#pragma once

#include "mhds/spec/internal/problems.h"
#include "mhds/spec/spec.h"

namespace mhds::spec::internal {

// REQUIRES: spec's tables, items and code lists are loaded and linked.
void LoadRules(const Sheet& sheet, Spec& spec, Problems& problems);

}  // namespace mhds::spec::internal
