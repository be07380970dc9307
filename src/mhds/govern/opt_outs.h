// The national data opt-out at release: the operator's list of opted-out NHS Numbers, and the
// removal of every record of a cohort whose NHS Number is on it. Only counts leave this file:
// no NHS Number is logged or returned.
#pragma once

#include <cstdint>
#include <set>
#include <string>

#include "mhds/base/csv_document.h"
#include "mhds/base/result.h"

namespace mhds::govern {

// Reads the opt-out list: one 10-digit NHS Number per line; blank lines and lines starting with
// '#' are skipped, spaces inside a number are ignored. kDataError "FILE:LINE: ..." for any other
// line; kNotFound when the file does not exist.
Result<std::set<std::string>> LoadOptOutList(const std::string& path);

struct FilteredCohort {
  std::string csv;  // the released file: the cohort's header and every record kept
  int64_t records_before = 0;
  int64_t records_after = 0;
};

// Copies `cohort` (CSV text escaped as report/csv_writer.h does), dropping every record whose
// `nhs_column` value is in `opted_out` when `opted_out` is not null. kInvalidArgument when the
// cohort has no column `nhs_column`.
Result<FilteredCohort> FilterCohort(const CsvDocument& cohort, const std::string& nhs_column,
                                    const std::set<std::string>* opted_out);

}  // namespace mhds::govern
