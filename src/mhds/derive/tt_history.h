// The history of accepted Talking Therapies (IAPT v2.x) submissions in the store (component
// "tt_history", SQLite or PostgreSQL; tables in docs/store.md): per provider and reporting month
// every accepted submission recorded, of which only the latest recorded counts; earlier ones are
// kept, superseded. What is kept is each submission's records (tt_records.h): pathways and care
// contacts with their PHQ-9 and GAD-7 scores, never the NHS Number or the local patient id. The
// measures of a month counted from the store are those of its file counted with the files of the
// months before it (talking_therapies.h), as `mhds derive FILE --earlier ...` counts them.
//
// Thread-safety: as the Database given; every function runs on the caller's connection.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "mhds/base/result.h"
#include "mhds/derive/history_store.h"
#include "mhds/derive/talking_therapies.h"
#include "mhds/derive/tt_records.h"
#include "mhds/store/database.h"

namespace mhds::derive {

// Creates or upgrades the Talking Therapies history tables. Call before any other function here.
Status MigrateTtHistory(store::Database& db);

// Records one accepted submission's records atomically; it becomes the one that counts for its
// provider and month. `label` names it for people (its file name); `recorded_at` is Unix seconds.
// Returns its id. kInvalidArgument if `records` has no provider; the store's errors otherwise.
Result<int64_t> RecordTtSubmission(store::Database& db, const TtMonthRecords& records,
                                   const std::string& label, int64_t recorded_at);

// Every recorded submission of `provider`, by month then id.
Result<std::vector<HistoryEntry>> ListTtHistory(store::Database& db, const std::string& provider);

// The latest submission of each month of `provider` up to and including `last_month_id`, oldest
// first, with their records.
Result<std::vector<TtMonthRecords>> LoadTtHistory(store::Database& db, const std::string& provider,
                                                  int last_month_id);

// The Talking Therapies submissions of `provider` for the month that a later one replaced, oldest
// first, with their records.
struct RecordedTtSubmission {
  HistoryEntry entry;
  TtMonthRecords records;
};
Result<std::vector<RecordedTtSubmission>> LoadSupersededTtMonth(store::Database& db,
                                                                const std::string& provider,
                                                                int uniq_month_id);

// The providers with a recorded Talking Therapies submission in the month, in code order.
Result<std::vector<std::string>> TtProvidersInMonth(store::Database& db, int uniq_month_id);

// The Talking Therapies figures of `provider` for the month from the store. The settings are read
// from `specs_root`/iapt/VERSION, VERSION being the one the month's submission was validated
// against, unless `settings_folder` is given. kNotFound when the store has no accepted submission
// of the provider for the month; kSpecError if the settings cannot be read; the store's errors.
Result<TtMonth> DeriveTtFromStore(store::Database& db, const std::string& provider,
                                  int uniq_month_id, const std::filesystem::path& specs_root,
                                  const std::filesystem::path& settings_folder = {});

}  // namespace mhds::derive
