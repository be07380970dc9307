// The front door of trace/: answers a whole batch request file against a demographic index and
// renders the response file, the explanation file and a summary.
//
//   MHDS_ASSIGN_OR_RETURN(DemographicIndex index, DemographicIndex::Open("people.sqlite"));
//   MHDS_ASSIGN_OR_RETURN(RequestFile request, ReadRequestFile("MPTREQ_20261123120000.csv"));
//   BatchResult result = TraceBatch(index, std::move(request), TraceOptions{});
//   std::string response = ResponseText(result, index, ResponseOptions{});
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "mhds/trace/batch_request.h"
#include "mhds/trace/demographic_index.h"
#include "mhds/trace/trace_ladder.h"

namespace mhds::trace {

struct BatchResult {
  RequestFile request;
  std::vector<TraceOutcome> outcomes;  // one per request row, in file order

  bool file_rejected() const { return request.file_code != code::kSuccess; }
  // Rows per response code and per deciding step ("00" -> 812, "exact" -> 640, ...).
  std::map<std::string, uint64_t> CodeCounts() const;
  std::map<std::string, uint64_t> StepCounts() const;
  uint64_t Matched() const;  // rows answered with a number
};

// Traces every well-formed row; rows with a field-level code get an outcome carrying that code
// and the row's problem as the reason. `progress`, if set, is called with (rows done, rows) from
// the calling thread. `threads` rows are traced at once (chunks of rows taken in turn); the
// outcomes are the same, in file order, whatever the number.
BatchResult TraceBatch(const DemographicIndex& index, RequestFile request,
                       const TraceOptions& options,
                       const std::function<void(uint64_t, uint64_t)>& progress = {},
                       unsigned threads = 1);

struct ResponseOptions {
  // Append NHS England's five per-field score columns (family name, given name, date of birth,
  // gender, postcode; filled for the probabilistic step only) after the 29 base columns.
  bool score_columns = false;
};

// The response file: a header record (reference, workflow id, data record count, file response
// code) and one data record per request row, CRLF line ends. Demographics are the index's,
// as at the row's AS_AT_DATE; none are written for a sensitive record or when no one matched.
std::string ResponseText(const BatchResult& result, const DemographicIndex& index,
                         const ResponseOptions& options);

// The explanation file: a CSV with a row of column names and one row per request row (or one
// row for a rejected file) saying which step decided and why. See docs/tracing.md.
std::string ExplanationText(const BatchResult& result);

// The explanation as JSON lines, one object per request row keyed by "unique_reference" (one
// object for a rejected file): the deciding step, code, indicator and confidence, and for the
// match (or the nearest candidate) and the runner-up each field's level with its m, u, weight and
// whether u is a term frequency, the prior and the total; the margin; notes and reason. Levels
// and weights only, never another person's values. LF line ends.
std::string ExplanationJsonLines(const BatchResult& result);

// The three files written a row at a time, for a trace whose memory must not grow with the rows
// (TraceBatchToFiles). Each appends what the whole-file function above writes for one row;
// together with the headers they give the same bytes.
void AppendResponseHeader(const RequestFile& request, std::string& out);
// The same for a file of `rows` data records read a row at a time.
void AppendResponseHeader(const RequestHeader& header, std::string_view file_code, uint64_t rows,
                          std::string& out);
void AppendResponseRow(const RequestRow& row, const TraceOutcome& outcome,
                       const DemographicIndex& index, const ResponseOptions& options,
                       std::string& out);
std::string_view ExplanationHeader();
void AppendExplanationRow(const RequestRow& row, const TraceOutcome& outcome, std::string& out);
void AppendExplanationJsonLine(const RequestRow& row, const TraceOutcome& outcome,
                               std::string& out);

// What a batch traced by TraceBatchToFiles came to: BatchResult's counts, without the answers.
struct BatchSummary {
  RequestHeader header;
  std::string_view file_code;
  std::string problem;  // why the file was rejected
  uint64_t rows = 0;
  uint64_t matched = 0;                   // rows answered with a number
  std::map<std::string, uint64_t> codes;  // as BatchResult::CodeCounts
  std::map<std::string, uint64_t> steps;  // as BatchResult::StepCounts

  bool file_rejected() const { return file_code != code::kSuccess; }
};

// Where TraceBatchToFiles writes. An empty path: that file is not written.
struct BatchFiles {
  std::filesystem::path response;
  ResponseOptions response_options;
  std::filesystem::path explanation;        // ExplanationText's CSV
  std::filesystem::path explanation_jsonl;  // ExplanationJsonLines
};

// Traces the rows `request` gives as TraceBatch does and writes the files with the same bytes as
// ResponseText, ExplanationText and ExplanationJsonLines of the whole file, but each row as soon
// as it and the rows before it are answered, so the memory of the rows and the answers stays flat
// whatever their number: the request is read a chunk of rows at a time. `threads` rows are traced
// at once against the shared read-only index (1: on the calling thread); the files are in request
// order and the same bytes whatever the threads. Each file is written atomically: it appears whole
// when the call succeeds, not at all if it fails. A file the reader finds rejected, at its first
// line or part way or at its end (a count the rows do not reach, a reference repeated, a CSV
// fault), is answered as a whole with its file-level code and no rows: the rows written before
// the fault was found are dropped. kIoError naming a file that cannot be written or the request
// if it cannot be read to the end. `progress`, if set, is called on the calling thread with (rows
// done, rows the header declares). An exception while tracing (std::bad_alloc, or one from
// `progress`) is rethrown once every thread has stopped, and no file is written.
Result<BatchSummary> TraceBatchToFiles(
    const DemographicIndex& index, RequestReader& request, const TraceOptions& options,
    const BatchFiles& files, unsigned threads,
    const std::function<void(uint64_t, uint64_t)>& progress = {});

// The same for a request read whole.
Result<BatchSummary> TraceBatchToFiles(
    const DemographicIndex& index, const RequestFile& request, const TraceOptions& options,
    const BatchFiles& files, unsigned threads,
    const std::function<void(uint64_t, uint64_t)>& progress = {});

}  // namespace mhds::trace
