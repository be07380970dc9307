// Inserting many rows into a history table in a few statements (history_store.cc,
// tt_history.cc).
#pragma once

#include <cstddef>
#include <functional>
#include <string_view>
#include <vector>

#include "mhds/base/status.h"
#include "mhds/store/database.h"
#include "mhds/store/value.h"

namespace mhds::derive {

// Inserts `count` rows into `table` (`columns`, `column_count` of them), `bind(i, params)`
// appending row i's values, 100 rows a statement: few round trips, well under either engine's
// limit on parameters. The store's error of the first statement that fails.
Status InsertRowsInBatches(store::Database& db, std::string_view table, std::string_view columns,
                           size_t column_count, size_t count,
                           const std::function<void(size_t, std::vector<store::Value>&)>& bind);

}  // namespace mhds::derive
