// The four CSV files of the national feedback report ("Summary Reports" zip) that the collection
// portal returns to a provider, with the same names and columns, so that providers can reuse what
// they built for the national files:
//   REPORT_TYPE,DESCRIPTION,CODE,NUMERATOR,DENOMINATOR,DATA_ITEM1,DATA_VALUE1,...,DATA_ITEM10,
//   DATA_VALUE10
// validations.csv    one row per rejecting finding (file, record, group)
// data_quality.csv   one row per warning
// diagnostics.csv    rows rejected per table (the national MHSDAG measures are not computed yet)
// aggregation.csv    accepted rows per table present
// docs/dq_report_format.md describes each column.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "mhds/base/status.h"
#include "mhds/spec/spec.h"
#include "mhds/validate/validator.h"

namespace mhds::report {

// The text of each file. `result` must have been produced with `spec`.
std::string ValidationsCsv(const spec::Spec& spec, const validate::ValidationResult& result);
std::string DataQualityCsv(const spec::Spec& spec, const validate::ValidationResult& result);
std::string DiagnosticsCsv(const spec::Spec& spec, const validate::ValidationResult& result);
std::string AggregationCsv(const spec::Spec& spec, const validate::ValidationResult& result);

// The aggregation.csv code of a table: its letters, "ARV", its number (MHS101 -> MHSARV101,
// IDS201 -> IDSARV201).
std::string AggregationCode(std::string_view table_code);

// Writes the four files into `dir` (created, mode 0700, if missing), one at a time and each
// atomically. kIoError naming the path on failure; files already written stay.
Status WriteNationalCsv(const spec::Spec& spec, const validate::ValidationResult& result,
                        const std::filesystem::path& dir);

}  // namespace mhds::report
