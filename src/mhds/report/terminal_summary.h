// The summary `mhds validate` prints: a verdict line, counts per table, the top root causes with
// what fixing each restores, the most frequent finding codes, and where the full reports are.
// Meant for a person at a terminal; programs should read report.json instead.
#pragma once

#include <cstddef>
#include <filesystem>
#include <ostream>

#include "mhds/spec/spec.h"
#include "mhds/validate/validator.h"

namespace mhds::report {

struct SummaryOptions {
  // ANSI colours: red for rejections, yellow for warnings, green for an acceptance. The caller
  // decides (a terminal, no NO_COLOR); the summary never looks at the environment.
  bool color = false;
  // Root causes listed, most rows restored first.
  size_t top_root_causes = 10;
  // Finding codes listed, rejecting codes first, then the most frequent.
  size_t top_codes = 15;
  // Where WriteReportDir wrote the full reports; empty when it was not called.
  std::filesystem::path report_dir;
};

// Writes the summary of `result` to `out`. Control characters in submitted values are shown
// escaped (\x1b), so a value cannot drive the terminal. `result` must have been produced with
// `spec`.
void PrintSummary(const spec::Spec& spec, const validate::ValidationResult& result,
                  std::ostream& out, const SummaryOptions& options);

}  // namespace mhds::report
