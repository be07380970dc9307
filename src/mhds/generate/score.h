// Score: compares the validator's JSON report (docs/dq_report_format.md) with the expected.json
// of a generated submission: which planted defects were found, which were missed, what the
// validator found that nobody planted, and whether each defect brought down exactly the rows it
// should have.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "mhds/base/result.h"
#include "mhds/generate/expected.h"

namespace mhds::generate {

struct CodeScore {
  std::string code;
  uint64_t expected = 0;    // findings the defects call for (two per duplicate)
  uint64_t found = 0;       // of those, reported
  uint64_t missed = 0;      // of those, not reported
  uint64_t unexpected = 0;  // reported at a root with no defect behind it
};

struct ScoreResult {
  std::vector<CodeScore> by_code;  // sorted by code
  uint64_t expected = 0;
  uint64_t found = 0;
  uint64_t missed = 0;
  uint64_t unexpected = 0;
  uint64_t cascade_rows_expected = 0;  // rows the rejecting defects must bring down
  uint64_t cascade_rows_matched = 0;   // of those, in defects whose cascade matched exactly
  uint64_t cascades_wrong = 0;
  double precision = 1;               // found / (found + unexpected)
  double recall = 1;                  // found / expected
  std::vector<std::string> problems;  // one line each: what differs and where

  bool perfect() const { return missed == 0 && unexpected == 0 && cascades_wrong == 0; }
};

// Scores `report_json` against `expected`. kDataError naming `report_name` if the report is not a
// JSON report of mhds validate.
Result<ScoreResult> Score(std::string_view report_json, const std::string& report_name,
                          const Expected& expected);

std::string ScoreToJson(const ScoreResult& score);

}  // namespace mhds::generate
