// MappingProblems: the positioned problems found in a mapping file, gathered so that one run
// reports them all, then turned into one Status ("FILE:LINE:COLUMN: problem" lines, in file order).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "mhds/base/status.h"
#include "mhds/mapping/mapping.h"

namespace mhds::mapping {

class MappingProblems {
 public:
  explicit MappingProblems(std::string file) : file_(std::move(file)) {}

  void Add(Position at, std::string problem);
  bool empty() const { return problems_.empty(); }

  // OK if there is no problem; else kDataError listing them sorted by position.
  Status ToStatus() const;

 private:
  struct Problem {
    Position at;
    std::string text;
  };
  std::string file_;
  std::vector<Problem> problems_;
};

}  // namespace mhds::mapping
