#include "mhds/trace/trace_batch.h"

#include <utility>

namespace mhds::trace {

std::map<std::string, uint64_t> BatchResult::CodeCounts() const {
  std::map<std::string, uint64_t> counts;
  for (const TraceOutcome& o : outcomes) ++counts[std::string(o.code)];
  return counts;
}

std::map<std::string, uint64_t> BatchResult::StepCounts() const {
  std::map<std::string, uint64_t> counts;
  for (const TraceOutcome& o : outcomes) ++counts[std::string(StepName(o.step))];
  return counts;
}

uint64_t BatchResult::Matched() const {
  uint64_t n = 0;
  for (const TraceOutcome& o : outcomes) n += o.person ? 1 : 0;
  return n;
}

BatchResult TraceBatch(const DemographicIndex& index, RequestFile request,
                       const TraceOptions& options,
                       const std::function<void(uint64_t, uint64_t)>& progress) {
  BatchResult result;
  result.request = std::move(request);
  const std::vector<RequestRow>& rows = result.request.rows;
  result.outcomes.reserve(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    const RequestRow& row = rows[i];
    if (!row.field_code.empty()) {
      TraceOutcome& o = result.outcomes.emplace_back();
      o.code = row.field_code;
      o.reason = row.problem;
    } else {
      result.outcomes.push_back(TraceOne(index, MakeQuery(row), options));
    }
    if (progress && (i % 4096 == 0 || i + 1 == rows.size())) progress(i + 1, rows.size());
  }
  return result;
}

}  // namespace mhds::trace
