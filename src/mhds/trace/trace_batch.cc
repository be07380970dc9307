#include "mhds/trace/trace_batch.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
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

namespace {

constexpr size_t kBatchChunkRows = 128;  // rows a thread takes at once

TraceOutcome TraceRow(const DemographicIndex& index, const RequestRow& row,
                      const TraceOptions& options) {
  if (row.field_code.empty()) return TraceOne(index, MakeQuery(row), options);
  TraceOutcome o;
  o.code = row.field_code;
  o.reason = row.problem;
  return o;
}

}  // namespace

BatchResult TraceBatch(const DemographicIndex& index, RequestFile request,
                       const TraceOptions& options,
                       const std::function<void(uint64_t, uint64_t)>& progress, unsigned threads) {
  BatchResult result;
  result.request = std::move(request);
  const std::vector<RequestRow>& rows = result.request.rows;
  if (threads <= 1 || rows.size() <= kBatchChunkRows) {
    result.outcomes.reserve(rows.size());
    for (size_t i = 0; i < rows.size(); ++i) {
      result.outcomes.push_back(TraceRow(index, rows[i], options));
      if (progress && (i % 4096 == 0 || i + 1 == rows.size())) progress(i + 1, rows.size());
    }
    return result;
  }

  // Each chunk's outcomes go to their own places, so the order is the file's whatever the
  // threads; the calling thread traces too and reports the progress.
  result.outcomes.resize(rows.size());
  const size_t chunks = (rows.size() + kBatchChunkRows - 1) / kBatchChunkRows;
  std::atomic<size_t> next_chunk{0};
  std::atomic<uint64_t> done{0};
  std::atomic<bool> stop{false};
  std::mutex failure_mutex;
  std::exception_ptr failure;
  const auto work = [&](bool reports) {
    uint64_t reported = 0;
    try {
      for (size_t chunk = next_chunk++; chunk < chunks && !stop; chunk = next_chunk++) {
        const size_t end = std::min(rows.size(), (chunk + 1) * kBatchChunkRows);
        for (size_t i = chunk * kBatchChunkRows; i < end; ++i) {
          result.outcomes[i] = TraceRow(index, rows[i], options);
        }
        const uint64_t now = done += end - chunk * kBatchChunkRows;
        if (reports && progress && now > reported && now < rows.size()) {
          progress(now, rows.size());
          reported = now;
        }
      }
    } catch (...) {
      std::lock_guard lock(failure_mutex);
      if (!failure) failure = std::current_exception();
      stop = true;
    }
  };
  std::vector<std::thread> workers;
  for (unsigned t = 1; t < threads; ++t) workers.emplace_back(work, false);
  work(true);
  for (std::thread& t : workers) t.join();
  if (failure) std::rethrow_exception(failure);
  if (progress) progress(rows.size(), rows.size());
  return result;
}

}  // namespace mhds::trace
