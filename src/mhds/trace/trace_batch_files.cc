// TraceBatchToFiles (trace_batch.h): the calling thread reads the request's rows in chunks into
// a ring of slots a few chunks long; the chunks are traced, by worker threads when there are
// several; the calling thread writes the traced slots to the files in request order and reads
// later chunks into them. The memory of the rows and the answers is the ring's, whatever the
// number of rows. A file found to be rejected part way or at its end (a count the rows do not
// reach) is answered with its file-level code instead: what was written is dropped.
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

// One chunk's rows, rendered for each file, and what the summary counts of them.
struct Slot {
  std::vector<RequestRow> rows;  // kChunkRows, of which the first `size` hold the chunk
  size_t size = 0;
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
  ChunkTracer(const DemographicIndex& index, const TraceOptions& options, const BatchFiles& files)
      : index_(index), options_(options), files_(files) {}

  void Trace(Slot& slot) const {
    for (size_t i = 0; i < slot.size; ++i) {
      const RequestRow& row = slot.rows[i];
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
  const TraceOptions& options_;
  const BatchFiles& files_;
};

// Where the rows come from: a reader (the file's answer known only at its end) or a file read
// whole (known before the first row).
class RowFeed {
 public:
  virtual ~RowFeed() = default;
  virtual RequestFile Answer() const = 0;  // final once Next has returned false
  virtual bool Next(RequestRow& row) = 0;
  virtual uint64_t DeclaredRows() const = 0;
  virtual Status status() const = 0;
};

class ReaderFeed : public RowFeed {
 public:
  explicit ReaderFeed(RequestReader& reader) : reader_(reader) {}
  RequestFile Answer() const override { return reader_.Answer(); }
  bool Next(RequestRow& row) override { return reader_.Next(row); }
  uint64_t DeclaredRows() const override { return reader_.declared_rows(); }
  Status status() const override { return reader_.status(); }

 private:
  RequestReader& reader_;
};

class WholeFileFeed : public RowFeed {
 public:
  explicit WholeFileFeed(const RequestFile& request) : request_(request) {}
  RequestFile Answer() const override {
    RequestFile answer;
    answer.header = request_.header;
    answer.file_code = request_.file_code;
    answer.problem = request_.problem;
    return answer;
  }
  bool Next(RequestRow& row) override {
    if (request_.file_code != code::kSuccess || next_ == request_.rows.size()) return false;
    row = request_.rows[next_++];
    return true;
  }
  uint64_t DeclaredRows() const override { return request_.rows.size(); }
  Status status() const override { return Status::Ok(); }

 private:
  const RequestFile& request_;
  size_t next_ = 0;
};

// The three files, each written to a temporary copy until committed.
struct BatchWriters {
  std::optional<report::AtomicFileWriter> response, explanation, jsonl;

  // Creates (or starts again, dropping what was written) every file `files` asks for.
  Status Open(const BatchFiles& files) {
    response.reset();
    explanation.reset();
    jsonl.reset();
    for (auto [path, writer] :
         {std::pair{&files.response, &response}, std::pair{&files.explanation, &explanation},
          std::pair{&files.explanation_jsonl, &jsonl}}) {
      if (path->empty() && writer != &response) continue;
      auto created = report::AtomicFileWriter::Create(*path);
      if (!created.ok()) return created.status();
      writer->emplace(std::move(*created));
    }
    return Status::Ok();
  }
  Status Commit() {
    MHDS_RETURN_IF_ERROR(response->Commit());
    if (explanation) MHDS_RETURN_IF_ERROR(explanation->Commit());
    if (jsonl) MHDS_RETURN_IF_ERROR(jsonl->Commit());
    return Status::Ok();
  }
};

Result<BatchSummary> TraceFeedToFiles(const DemographicIndex& index, RowFeed& feed,
                                      const TraceOptions& options, const BatchFiles& files,
                                      unsigned threads,
                                      const std::function<void(uint64_t, uint64_t)>& progress) {
  BatchWriters out;
  MHDS_RETURN_IF_ERROR(out.Open(files));
  // A rejected file has no rows to trace: the whole-file texts are a line or two. Used whenever
  // the file turns out to be rejected, at its first line or its last.
  const auto write_rejected = [&](const RequestFile& answer) -> Result<BatchSummary> {
    MHDS_RETURN_IF_ERROR(out.Open(files));  // drops any rows written before the fault was found
    BatchResult rejected;
    rejected.request = answer;
    out.response->Append(ResponseText(rejected, index, files.response_options));
    if (out.explanation) out.explanation->Append(ExplanationText(rejected));
    if (out.jsonl) out.jsonl->Append(ExplanationJsonLines(rejected));
    MHDS_RETURN_IF_ERROR(out.Commit());
    BatchSummary summary;
    summary.header = answer.header;
    summary.file_code = answer.file_code;
    summary.problem = answer.problem;
    return summary;
  };
  {
    const RequestFile answer = feed.Answer();
    if (answer.file_code != code::kSuccess) {
      RequestRow none;
      (void)feed.Next(none);  // reads the rest of the file: the answer is the whole file's
      MHDS_RETURN_IF_ERROR(feed.status());
      return write_rejected(feed.Answer());
    }
  }

  BatchSummary summary;
  const uint64_t declared = feed.DeclaredRows();
  {
    // The file's count; should the rows not reach it, the file is answered with code 04 instead.
    std::string head;
    AppendResponseHeader(feed.Answer().header, code::kSuccess, declared, head);
    out.response->Append(head);
    if (out.explanation) out.explanation->Append(ExplanationHeader());
  }

  threads = std::max(1u, threads);
  std::vector<Slot> ring(threads == 1 ? 1 : threads * kChunksPerThread);
  for (Slot& slot : ring) slot.rows.resize(kChunkRows);
  const ChunkTracer tracer(index, options, files);

  // The calling thread reads chunks into free slots and writes traced slots in request order;
  // workers trace the chunks read, in turn.
  std::mutex mutex;
  std::condition_variable chunk_read, slot_ready;
  size_t chunks_read = 0;  // chunks read into their slots: a worker may take any below this
  size_t next_chunk = 0;   // the next chunk a worker takes
  bool read_all = false;   // no more chunks will be read
  // An exception in a worker (std::bad_alloc) or in `progress` stops every thread; the first is
  // rethrown once they are joined, so a failure never leaves a thread running or unjoined.
  bool stop = false;
  std::exception_ptr worker_failure;
  const auto work = [&] {
    for (;;) {
      size_t chunk = 0;
      {
        std::unique_lock lock(mutex);
        chunk_read.wait(lock, [&] { return stop || next_chunk < chunks_read || read_all; });
        if (stop || next_chunk == chunks_read) return;
        chunk = next_chunk++;
      }
      Slot& slot = ring[chunk % ring.size()];
      try {
        tracer.Trace(slot);
      } catch (...) {
        std::lock_guard lock(mutex);
        if (!worker_failure) worker_failure = std::current_exception();
        stop = true;
        slot_ready.notify_all();
        chunk_read.notify_all();
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
  size_t read = 0;     // chunks read (the calling thread's copy of chunks_read)
  size_t written = 0;  // chunks written
  uint64_t rows_written = 0;
  bool input_left = true;
  try {
    for (;;) {
      while (input_left && read < written + ring.size()) {
        Slot& slot = ring[read % ring.size()];
        slot.size = 0;
        while (slot.size < kChunkRows && feed.Next(slot.rows[slot.size])) ++slot.size;
        input_left = slot.size == kChunkRows;
        std::lock_guard lock(mutex);
        if (slot.size > 0) chunks_read = ++read;
        read_all = !input_left;
        chunk_read.notify_all();
      }
      if (written == read) break;
      Slot& slot = ring[written % ring.size()];
      if (threads == 1) {
        tracer.Trace(slot);
      } else {
        std::unique_lock lock(mutex);
        slot_ready.wait(lock, [&] { return slot.ready || stop; });
        if (!slot.ready) break;  // a worker failed: its exception is rethrown below
      }
      out.response->Append(slot.response);
      if (out.explanation) out.explanation->Append(slot.explanation);
      if (out.jsonl) out.jsonl->Append(slot.jsonl);
      for (const Slot::Counted& c : slot.counted) {
        ++summary.codes[std::string(c.code)];
        ++summary.steps[std::string(StepName(c.step))];
        summary.matched += c.matched ? 1 : 0;
      }
      rows_written += slot.size;
      // Emptied but not shrunk: the next chunk in this slot reuses the buffers.
      slot.response.clear();
      slot.explanation.clear();
      slot.jsonl.clear();
      slot.counted.clear();
      {
        std::lock_guard lock(mutex);
        slot.ready = false;
        ++written;
      }
      if (progress) progress(rows_written, declared);
    }
  } catch (...) {
    failure = std::current_exception();
  }
  {
    std::lock_guard lock(mutex);
    stop = true;
  }
  chunk_read.notify_all();
  for (std::thread& t : workers) t.join();
  if (!failure) failure = worker_failure;
  // The files are not committed: their temporary copies are removed with the writers.
  if (failure) std::rethrow_exception(failure);
  MHDS_RETURN_IF_ERROR(feed.status());
  const RequestFile answer = feed.Answer();
  if (answer.file_code != code::kSuccess) return write_rejected(answer);
  MHDS_RETURN_IF_ERROR(out.Commit());
  summary.header = answer.header;
  summary.file_code = answer.file_code;
  summary.rows = rows_written;
  return summary;
}

}  // namespace

Result<BatchSummary> TraceBatchToFiles(const DemographicIndex& index, RequestReader& request,
                                       const TraceOptions& options, const BatchFiles& files,
                                       unsigned threads,
                                       const std::function<void(uint64_t, uint64_t)>& progress) {
  ReaderFeed feed(request);
  return TraceFeedToFiles(index, feed, options, files, threads, progress);
}

Result<BatchSummary> TraceBatchToFiles(const DemographicIndex& index, const RequestFile& request,
                                       const TraceOptions& options, const BatchFiles& files,
                                       unsigned threads,
                                       const std::function<void(uint64_t, uint64_t)>& progress) {
  WholeFileFeed feed(request);
  return TraceFeedToFiles(index, feed, options, files, threads, progress);
}

}  // namespace mhds::trace
