// The front door of validate/: checks one submission (a TableSource) against one data set version
// (a Spec) as the national platform does: file-level rejections, record-level rejections,
// group-level rejections cascading down the table hierarchy to a fixed point, and warnings.
//
// Tables are read once each, parents before children; every row is checked as it streams past,
// and only the few item values that later group checks need are kept. Group checks then run over
// hash-indexed keys, with no step worse than linear in the number of rows.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "mhds/base/result.h"
#include "mhds/io/table_source.h"
#include "mhds/spec/spec.h"
#include "mhds/validate/finding.h"

namespace mhds::validate {

struct ValidateOptions {
  // The reporting month chosen at upload, "CCYY-MM". Default: the header's own period, so the
  // rules comparing the header with the chosen period cannot fire.
  std::optional<std::string> period;
  // When the submission was uploaded, seconds since 1970-01-01 UTC. Default: now.
  std::optional<int64_t> uploaded_at;
  // The uploading organisation's ODS code. Default: none, and rules comparing with it are skipped.
  std::optional<std::string> org;
  // Called now and then with bytes read so far and the total (0 if unknown), for progress bars.
  std::function<void(uint64_t done, uint64_t total)> progress;
};

struct TableCounts {
  int table = -1;
  bool present = false;
  uint64_t received = 0;
  uint64_t accepted = 0;
  uint64_t rejected = 0;
};

// A finding at the root of a cascade, with what fixing it would restore.
struct RootCause {
  FindingId finding = kNoFinding;
  uint64_t rows_rejected = 0;  // rows whose rejection traces back to this finding
  // Of those, rows with no other independent fault on the way: fixing this finding alone would
  // accept them.
  uint64_t rows_restored = 0;
  std::vector<std::pair<int, uint64_t>> by_table;  // table index -> rows_rejected there
};

struct ValidationResult {
  std::vector<Finding> findings;    // in emission order; findings[i].id == i + 1
  std::vector<TableCounts> tables;  // one per spec table, in spec order
  bool file_rejected = false;
  FindingId file_rejection = kNoFinding;  // the first finding that rejected the file
  // The reporting period the checks used (days since epoch); unset if neither the header nor
  // the options gave one.
  std::optional<int64_t> period_start;
  std::optional<int64_t> period_end;
  int64_t uploaded_at = 0;
  uint64_t bytes_read = 0;
  std::string source;  // TableSource::Describe()
  // Root findings, most rows restored first (ties: most rows rejected, then finding id).
  std::vector<RootCause> root_causes;

  const Finding& finding(FindingId id) const { return findings[id - 1]; }
  uint64_t RowsRejected() const;
};

// Validates `source` against `spec`. Fails (kDataError, kInvalidArgument ...) only when the
// submission cannot be read at all or an option is malformed; everything wrong with the data is
// a finding in the result.
Result<ValidationResult> Validate(const spec::Spec& spec, io::TableSource& source,
                                  const ValidateOptions& options);

}  // namespace mhds::validate
