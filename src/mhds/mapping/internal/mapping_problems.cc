#include "mhds/mapping/internal/mapping_problems.h"

#include <algorithm>
#include <tuple>

namespace mhds::mapping {

void MappingProblems::Add(Position at, std::string problem) {
  problems_.push_back({at, std::move(problem)});
}

Status MappingProblems::ToStatus() const {
  if (problems_.empty()) return Status::Ok();
  std::vector<Problem> sorted = problems_;
  std::stable_sort(sorted.begin(), sorted.end(), [](const Problem& a, const Problem& b) {
    return std::tie(a.at.line, a.at.column) < std::tie(b.at.line, b.at.column);
  });
  std::string message = "the mapping file has " + std::to_string(sorted.size()) +
                        (sorted.size() == 1 ? " problem:" : " problems:");
  for (const Problem& p : sorted) {
    message += "\n" + file_ + ":" + std::to_string(p.at.line) + ":" + std::to_string(p.at.column) +
               ": " + p.text;
  }
  return Status::DataError(std::move(message));
}

}  // namespace mhds::mapping
