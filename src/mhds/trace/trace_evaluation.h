// Scores a traced batch against the truth: the number each request row should have been
// answered with (`mhds trace generate` writes it as expected.csv). Counts, per ladder step and
// per kind of corruption, the rows answered rightly, answered wrongly, left ambiguous (97) and
// left unanswered, and from them precision and recall. Numbers are compared, never shown.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>

#include "mhds/base/result.h"
#include "mhds/trace/trace_batch.h"

namespace mhds::trace {

// One request row's truth: the current number of the person meant ("" for someone not in the
// index, or a row that cannot be traced) and what was changed, if known.
struct Truth {
  std::string expected_number;
  std::string corruption;
};
using TruthSet = std::unordered_map<std::string, Truth>;  // by UNIQUE REFERENCE

// Parses a truth file: a header with the columns UNIQUE_REFERENCE and EXPECTED_NHS_NO (and
// optionally CORRUPTION), one row per request. kDataError naming name:line for a missing column
// or a repeated reference.
Result<TruthSet> ParseTruth(std::string_view text, const std::string& name);
Result<TruthSet> ReadTruth(const std::filesystem::path& path);

struct Tally {
  uint64_t rows = 0;
  uint64_t correct = 0;    // answered with the expected number
  uint64_t wrong = 0;      // answered with another number, or with one where none was expected
  uint64_t ambiguous = 0;  // 97: several people qualified
  uint64_t unanswered = 0;
  uint64_t traceable = 0;  // rows with an expected number

  uint64_t answered() const { return correct + wrong; }
  double precision() const;  // correct / answered; 1 when nothing was answered
  double recall() const;     // correct / traceable; 0 when nothing was traceable
};

struct Evaluation {
  Tally total;
  std::map<std::string, Tally> by_step;        // by the step that decided (StepName)
  std::map<std::string, Tally> by_corruption;  // by the truth's corruption, when given
  uint64_t rows_without_truth = 0;             // request rows the truth file does not name
};

// Compares every outcome of `result` with `truth`. A row the truth does not name is counted in
// rows_without_truth only. Recall per step is the share of all traceable rows the step answered
// rightly, so that the steps' recalls add up to the total's.
Evaluation Evaluate(const BatchResult& result, const DemographicIndex& index,
                    const TruthSet& truth);

}  // namespace mhds::trace
