// What the IPS history (history_store.cc) and the Talking Therapies history (tt_history.cc) do
// alike on their own tables: inserting many rows in a few statements, listing a provider's
// recorded submissions, and the providers recorded for a month.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "mhds/base/status.h"
#include "mhds/derive/history_store.h"
#include "mhds/store/database.h"
#include "mhds/store/value.h"

namespace mhds::derive {

// Inserts `count` rows into `table` (`columns`, `column_count` of them), `bind(i, params)`
// appending row i's values, 100 rows a statement: few round trips, well under either engine's
// limit on parameters. The store's error of the first statement that fails.
Status InsertRowsInBatches(store::Database& db, std::string_view table, std::string_view columns,
                           size_t column_count, size_t count,
                           const std::function<void(size_t, std::vector<store::Value>&)>& bind);

// Every submission of `provider` in `submissions_table` (history_submissions or
// tt_history_submissions), by month then id, each marked superseded when a later one of its
// provider-month was recorded.
Result<std::vector<HistoryEntry>> ListRecordedSubmissions(store::Database& db,
                                                          std::string_view submissions_table,
                                                          const std::string& provider);

// The providers with a submission of `uniq_month_id` in `submissions_table`, in order.
Result<std::vector<std::string>> ProvidersRecordedIn(store::Database& db,
                                                     std::string_view submissions_table,
                                                     int uniq_month_id);

}  // namespace mhds::derive
