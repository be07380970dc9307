// Build: runs a resolved mapping. Each mapped table is read from its local source, row by row,
// every item's value transformed as the mapping says, and written to a TableSink (idb/) with every
// item of the spec table as a column (unmapped items blank). Tables go parents first.
//
// A value that fails to transform is written blank, counted against its item and, for the first
// few rows, named by source, line and column, never by the value itself (values are patient data).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "mhds/base/result.h"
#include "mhds/idb/table_sink.h"
#include "mhds/mapping/mapping.h"

namespace mhds::mapping {

struct BuildOptions {
  // What {now} becomes: seconds since 1970-01-01 (the caller's clock, so that tests can fix it).
  int64_t now_seconds = 0;
  // Called after each table with the number of source rows read so far.
  std::function<void(uint64_t rows)> progress;
};

struct TableBuilt {
  std::string table;   // IDB name
  std::string source;  // display name, or "constants"
  uint64_t rows_read = 0;
  uint64_t rows_written = 0;
  uint64_t skipped_blank = 0;      // skip_if_blank
  uint64_t skipped_period = 0;     // within_period
  uint64_t skipped_duplicate = 0;  // distinct
};

struct ItemFailures {
  std::string table;  // IDB name
  std::string item;
  Position position;  // of the item in the mapping file
  uint64_t count = 0;
  // "contacts.csv line 17, column 'Appt Date': not a DD/MM/YYYY date"
  std::vector<std::string> examples;
};

struct BuildReport {
  std::vector<TableBuilt> tables;
  std::vector<ItemFailures> failures;  // in table, then mapping file, order
  uint64_t failed_values = 0;
  // FailurePolicy::stop_after was reached: the build stopped early and its output must not be
  // committed.
  bool stopped = false;
};

// Reads every source of `loaded` and writes the tables to `sink`, without calling Commit(). A
// source that cannot be opened or read, or a column the mapping names that the source lacks, is an
// error (kNotFound, kDataError) naming the source and the mapping file position; so is reaching
// FailurePolicy::stop_after failed values. Sink errors are returned as they come.
Result<BuildReport> Build(const LoadedMapping& loaded, idb::TableSink& sink,
                          const BuildOptions& options);

}  // namespace mhds::mapping
