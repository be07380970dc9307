// Finding: one thing the validator found wrong with a submission, as a typed record (DuckDB's
// csv_error.hpp is the model). Findings are data, not errors: a submission with a million bad rows
// is validated normally and yields a million findings.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "mhds/spec/rule.h"

namespace mhds::validate {

using FindingId = uint32_t;  // 1-based; 0 means "none"
constexpr FindingId kNoFinding = 0;

struct Finding {
  FindingId id = kNoFinding;
  int rule = -1;  // index into Spec::rules
  spec::Level level = spec::Level::kRecord;
  spec::Severity severity = spec::Severity::kReject;
  int table = -1;     // index into Spec::tables; -1 when the finding concerns the whole file
  uint64_t row = 0;   // 1-based data row within the table; 0 when not about one row
  uint64_t line = 0;  // where the row starts in its source (physical line or row number)
  int item = -1;      // index within the table's items; -1 when no single item is at fault
  std::string value;  // the submitted value of `item`
  std::vector<std::string> keys;  // the row's key item values, in the table's key_items order
  std::string message;            // rendered: what was expected and how to fix it
  FindingId cause = kNoFinding;   // the finding whose rejection cascaded into this one
  uint64_t count = 0;             // rows involved, for group findings about several rows

  bool rejects() const { return severity == spec::Severity::kReject; }
};

}  // namespace mhds::validate
