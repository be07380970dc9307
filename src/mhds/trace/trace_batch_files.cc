// TraceBatchToFiles (trace_batch.h): rows are traced in chunks, by worker threads when there are
// several, into a ring of slots a few chunks long; the calling thread writes the slots to the
// files in request order and frees them for later chunks. The memory of the answers is the ring's,
// whatever the number of rows.
#include <condition_variable>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>

#include "mhds/base/status_macros.h"
#include "mhds/report/atomic_file.h"
#include "mhds/trace/trace_batch.h"

namespace mhds::trace {
namespace {

constexpr size_t kChunkRows = 128;      // rows a thread takes at once: little locking, short waits
constexpr size_t kChunksPerThread = 4;  // the ring: enough that no thread waits for the writer

// One chunk's rows rendered for each file, and what the summary counts of them.
struct Slot {
  std::string response, explanation, jsonl;
  struct Counted {
    std::string_view code;
    Step step;
    bool matched;
  };
  std::vector<Counted> counted;
  bool ready = false;
};

class ChunkTracer {
 public:
  ChunkTracer(const DemographicIndex& index, const RequestFile& request,
              const TraceOptions& options, const BatchFiles& files)
      : index_(index), request_(request), options_(options), files_(files) {}

  void Trace(size_t chunk, Slot& slot) const {
    const std::vector<RequestRow>& rows = request_.rows;
    const size_t end = std::min(rows.size(), (chunk + 1) * kChunkRows);
    for (size_t i = chunk * kChunkRows; i < end; ++i) {
      const RequestRow& row = rows[i];
      TraceOutcome o;
      if (!row.field_code.empty()) {
        o.code = row.field_code;
        o.reason = row.problem;
      } else {
        o = TraceOne(index_, MakeQuery(row), options_);
      }
      AppendResponseRow(row, o, index_, files_.response_options, slot.response);
      if (!files_.explanation.empty()) AppendExplanationRow(row, o, slot.explanation);
      if (!files_.explanation_jsonl.empty()) AppendExplanationJsonLine(row, o, slot.jsonl);
      slot.counted.push_back({o.code, o.step, o.person.has_value()});
    }
  }

 private:
  const DemographicIndex& index_;
  const RequestFile& request_;
  const TraceOptions& options_;
  const BatchFiles& files_;
};

}  // namespace

Result<BatchSummary> TraceBatchToFiles(const DemographicIndex& index, const RequestFile& request,
                                       const TraceOptions& options, const BatchFiles& files,
                                       unsigned threads,
                                       const std::function<void(uint64_t, uint64_t)>& progress) {
  BatchSummary summary;
  summary.header = request.header;
  summary.file_code = request.file_code;
  summary.problem = request.problem;
  summary.rows = request.rows.size();

  MHDS_ASSIGN_OR_RETURN(report::AtomicFileWriter response,
                        report::AtomicFileWriter::Create(files.response));
  std::optional<report::AtomicFileWriter> explanation, jsonl;
  for (auto [path, writer] :
       {std::pair{&files.explanation, &explanation}, std::pair{&files.explanation_jsonl, &jsonl}}) {
    if (path->empty()) continue;
    auto created = report::AtomicFileWriter::Create(*path);
    if (!created.ok()) return created.status();
    writer->emplace(std::move(*created));
  }
  const auto commit = [&]() -> Status {
    MHDS_RETURN_IF_ERROR(response.Commit());
    if (explanation) MHDS_RETURN_IF_ERROR(explanation->Commit());
    if (jsonl) MHDS_RETURN_IF_ERROR(jsonl->Commit());
    return Status::Ok();
  };

  if (request.file_code != code::kSuccess) {
    // A rejected file has no rows to trace: the whole-file texts are a line or two.
    BatchResult rejected;
    rejected.request.header = request.header;
    rejected.request.file_code = request.file_code;
    rejected.request.problem = request.problem;
    response.Append(ResponseText(rejected, index, files.response_options));
    if (explanation) explanation->Append(ExplanationText(rejected));
    if (jsonl) jsonl->Append(ExplanationJsonLines(rejected));
    MHDS_RETURN_IF_ERROR(commit());
    return summary;
  }

  std::string head;
  AppendResponseHeader(request, head);
  response.Append(head);
  if (explanation) explanation->Append(ExplanationHeader());

  const size_t rows = request.rows.size();
  const size_t chunks = (rows + kChunkRows - 1) / kChunkRows;
  threads = std::max(1u, threads);
  std::vector<Slot> ring(threads == 1 ? 1 : threads * kChunksPerThread);
  const ChunkTracer tracer(index, request, options, files);

  std::mutex mutex;
  std::condition_variable slot_free, slot_ready;
  size_t next_chunk = 0;  // the next chunk a thread takes
  size_t written = 0;     // chunks written so far
  // An exception in a worker (std::bad_alloc) or in `progress` stops every thread; the first is
  // rethrown once they are joined, so a failure never leaves a thread running or unjoined.
  bool stop = false;
  std::exception_ptr worker_failure;
  const auto work = [&] {
    for (;;) {
      size_t chunk = 0;
      {
        std::unique_lock lock(mutex);
        slot_free.wait(lock, [&] {
          return stop || next_chunk == chunks || next_chunk < written + ring.size();
        });
        if (stop || next_chunk == chunks) return;
        chunk = next_chunk++;
      }
      Slot& slot = ring[chunk % ring.size()];
      try {
        tracer.Trace(chunk, slot);
      } catch (...) {
        std::lock_guard lock(mutex);
        if (!worker_failure) worker_failure = std::current_exception();
        stop = true;
        slot_ready.notify_all();
        slot_free.notify_all();
        return;
      }
      {
        std::lock_guard lock(mutex);
        slot.ready = true;
      }
      slot_ready.notify_all();
    }
  };
  std::vector<std::thread> workers;
  if (threads > 1) {
    for (unsigned t = 0; t < threads; ++t) workers.emplace_back(work);
  }

  std::exception_ptr failure;
  try {
    for (size_t chunk = 0; chunk < chunks; ++chunk) {
      Slot& slot = ring[chunk % ring.size()];
      if (threads == 1) {
        tracer.Trace(chunk, slot);
      } else {
        std::unique_lock lock(mutex);
        slot_ready.wait(lock, [&] { return slot.ready || stop; });
        if (!slot.ready) break;  // a worker failed: its exception is rethrown below
      }
      response.Append(slot.response);
      if (explanation) explanation->Append(slot.explanation);
      if (jsonl) jsonl->Append(slot.jsonl);
      for (const Slot::Counted& c : slot.counted) {
        ++summary.codes[std::string(c.code)];
        ++summary.steps[std::string(StepName(c.step))];
        summary.matched += c.matched ? 1 : 0;
      }
      // Emptied but not shrunk: the next chunk in this slot reuses the buffers.
      slot.response.clear();
      slot.explanation.clear();
      slot.jsonl.clear();
      slot.counted.clear();
      {
        std::lock_guard lock(mutex);
        slot.ready = false;
        written = chunk + 1;
      }
      slot_free.notify_all();
      if (progress) progress(std::min(rows, (chunk + 1) * kChunkRows), rows);
    }
  } catch (...) {
    failure = std::current_exception();
  }
  {
    std::lock_guard lock(mutex);
    if (failure) stop = true;
  }
  slot_free.notify_all();
  for (std::thread& t : workers) t.join();
  if (!failure) failure = worker_failure;
  // The files are not committed: their temporary copies are removed with the writers.
  if (failure) std::rethrow_exception(failure);
  MHDS_RETURN_IF_ERROR(commit());
  return summary;
}

}  // namespace mhds::trace
