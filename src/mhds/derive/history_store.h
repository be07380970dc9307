// The history of accepted submissions, kept in the store (component "history", SQLite or
// PostgreSQL; tables in docs/store.md): per provider and reporting month every accepted MHSDS
// submission recorded, of which only the latest recorded counts; the earlier ones are kept,
// superseded. What is kept is what the derivations need: the derived items of each accepted
// referral and care contact (submission_records.h), never the whole file, the NHS Number or the
// local patient id.
//
// Thread-safety: as the Database given; every function runs on the caller's connection.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "mhds/base/result.h"
#include "mhds/derive/submission_records.h"
#include "mhds/store/database.h"

namespace mhds::derive {

// Creates or upgrades the history tables. Call before any other function here (safe at every
// start; see store::Migrate).
Status MigrateHistory(store::Database& db);

// Records one accepted submission, atomically; it becomes the one that counts for its provider
// and month, and any earlier one of that provider-month is superseded (kept). `label` names the
// submission for people (its file name); `recorded_at` is Unix seconds. Returns its id.
// kInvalidArgument if `records` has no provider; the store's errors otherwise.
Result<int64_t> RecordSubmission(store::Database& db, const SubmissionRecords& records,
                                 const std::string& label, int64_t recorded_at);

// One recorded submission, for listings.
struct HistoryEntry {
  int64_t id = 0;
  std::string provider;
  int uniq_month_id = 0;
  std::string label;
  int64_t recorded_at = 0;
  bool superseded = false;  // a later submission of the same provider-month was recorded
};

// Every recorded submission of `provider`, by month then id.
Result<std::vector<HistoryEntry>> ListHistory(store::Database& db, const std::string& provider);

// The latest submission of each month of `provider` up to and including `last_month_id`, oldest
// first, with all their records.
Result<std::vector<SubmissionRecords>> LoadHistory(store::Database& db, const std::string& provider,
                                                   int last_month_id);

// The submissions of `provider` for the month that a later one replaced, oldest first, with their
// records (none when the month was recorded once).
struct RecordedSubmission {
  HistoryEntry entry;
  SubmissionRecords records;
};
Result<std::vector<RecordedSubmission>> LoadSupersededMonth(store::Database& db,
                                                            const std::string& provider,
                                                            int uniq_month_id);

// The providers with a recorded submission in the month, in code order.
Result<std::vector<std::string>> ProvidersInMonth(store::Database& db, int uniq_month_id);

}  // namespace mhds::derive
