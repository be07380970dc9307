// FindingLog: where checks put their findings. It numbers them, renders each rule's message
// template (placeholders in docs/spec_format.md) and records which row each rejection lands on.
#pragma once

#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "mhds/spec/spec.h"
#include "mhds/validate/finding.h"

namespace mhds::validate::internal {

// What a finding is about, beyond its rule; the renderer fills placeholders from it.
struct FindingFacts {
  int table = -1;
  uint64_t row = 0;  // 1-based, 0 if none
  uint64_t line = 0;
  int item = -1;
  std::string_view value;
  std::vector<std::string> keys;
  std::string_view other;  // the other item or reference the rule names
  std::string_view other_value;
  FindingId cause = kNoFinding;
  uint64_t count = 0;
};

class FindingLog {
 public:
  explicit FindingLog(const spec::Spec& spec) : spec_(spec) {}

  // Appends a finding of rule `rule` and returns its id.
  FindingId Emit(int rule, FindingFacts facts);

  // A deque, not a vector: findings arrive by the hundred thousand while every table's data is
  // in memory, and a vector's doubling would hold two copies at that peak.
  const std::deque<Finding>& findings() const { return findings_; }

  // Moves every finding into a vector of exactly their number, freeing the deque as it goes.
  std::vector<Finding> TakeAll();
  const Finding& Get(FindingId id) const { return findings_[id - 1]; }

 private:
  std::string Render(const spec::Rule& rule, const FindingFacts& facts) const;

  const spec::Spec& spec_;
  std::deque<Finding> findings_;
};

}  // namespace mhds::validate::internal
