// FindingsComparison: what a resubmission changed, from the findings.csv of two validated
// submissions (report/findings_csv.h). A finding of the later submission is "unchanged" when the
// earlier one has a finding with the same rule code, table, key values and item (row numbers and
// finding ids move between submissions; values may be corrected to another wrong value and the
// fault stays); otherwise it is "new". Earlier findings without a match are "fixed". Findings
// with no key values (about a whole file or table) are matched on their message instead.
// Duplicates are matched one for one.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "mhds/base/result.h"

namespace mhds::serve {

// One finding, as a comparison shows it.
struct ComparedFinding {
  std::string table;
  std::string keys;
  std::string item;
  std::string value;
  std::string message;
};

struct RuleComparison {
  std::string code;
  std::string severity;  // "rejected", "warning" or "warning1"
  int64_t before = 0;    // findings of the code in the earlier submission
  int64_t after = 0;     // and in the later one
  int64_t fixed = 0;
  int64_t added = 0;  // new
  int64_t unchanged = 0;
  // The first few of each kind, in file order, to show what changed.
  std::vector<ComparedFinding> fixed_examples;
  std::vector<ComparedFinding> added_examples;
};

struct FindingsComparison {
  std::vector<RuleComparison> rules;  // by rule code; codes with no finding on either side omitted
  int64_t fixed = 0;
  int64_t added = 0;
  int64_t unchanged = 0;
};

// Examples kept per code and kind.
inline constexpr size_t kComparisonExamples = 5;

// Compares the findings files `before` and `after`, streaming them: memory holds a 16-byte digest
// and two counts per distinct earlier finding, the per-code totals and the examples, never the
// files. kNotFound when one is missing; kDataError when one is not a findings file.
Result<FindingsComparison> CompareFindings(const std::filesystem::path& before,
                                           const std::filesystem::path& after);

}  // namespace mhds::serve
