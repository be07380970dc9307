// Traces every rejected row back to the finding at the root of its cascade and ranks the roots by
// how many rows fixing each would restore.
#pragma once

#include <deque>
#include <vector>

#include "mhds/validate/internal/table_data.h"
#include "mhds/validate/validator.h"

namespace mhds::validate::internal {

std::vector<RootCause> RankRootCauses(const std::deque<Finding>& findings,
                                      const std::vector<TableData>& tables);

}  // namespace mhds::validate::internal
