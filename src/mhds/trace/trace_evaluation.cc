#include "mhds/trace/trace_evaluation.h"

#include <fstream>
#include <sstream>

#include "mhds/base/csv_document.h"
#include "mhds/trace/mesh_codes.h"

namespace mhds::trace {

double Tally::precision() const {
  return answered() == 0 ? 1.0 : static_cast<double>(correct) / static_cast<double>(answered());
}

double Tally::recall() const {
  return traceable == 0 ? 0.0 : static_cast<double>(correct) / static_cast<double>(traceable);
}

Result<TruthSet> ParseTruth(std::string_view text, const std::string& name) {
  auto doc = CsvDocument::Parse(text, name);
  if (!doc.ok()) return doc.status();
  const int reference = doc->ColumnIndex("UNIQUE_REFERENCE");
  const int expected = doc->ColumnIndex("EXPECTED_NHS_NO");
  const int corruption = doc->ColumnIndex("CORRUPTION");
  if (reference < 0 || expected < 0) {
    return Status::DataError(name +
                             ":1: expected the columns UNIQUE_REFERENCE and EXPECTED_NHS_NO "
                             "(and optionally CORRUPTION)");
  }
  TruthSet truth;
  for (const CsvDocument::Row& row : doc->rows()) {
    Truth t{row.fields[expected], corruption < 0 ? std::string() : row.fields[corruption]};
    if (!truth.emplace(row.fields[reference], std::move(t)).second) {
      return Status::DataError(name + ":" + std::to_string(row.line) + ": column " +
                               std::to_string(CsvDocument::ColumnNumber(reference)) +
                               " (UNIQUE_REFERENCE): a reference given twice; expected each once");
    }
  }
  return truth;
}

Result<TruthSet> ReadTruth(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot open the truth file " + path.string());
  std::ostringstream text;
  text << in.rdbuf();
  return ParseTruth(text.str(), path.string());
}

namespace {

void Count(Tally& tally, const TraceOutcome& outcome, const std::string& answer,
           const Truth& truth) {
  ++tally.rows;
  if (!truth.expected_number.empty()) ++tally.traceable;
  if (!answer.empty()) {
    ++(answer == truth.expected_number ? tally.correct : tally.wrong);
  } else if (outcome.code == code::kMultipleMatches) {
    ++tally.ambiguous;
  } else {
    ++tally.unanswered;
  }
}

}  // namespace

Evaluation Evaluate(const BatchResult& result, const DemographicIndex& index,
                    const TruthSet& truth) {
  Evaluation e;
  if (result.file_rejected()) return e;
  for (size_t i = 0; i < result.request.rows.size(); ++i) {
    const TraceOutcome& o = result.outcomes[i];
    const auto it = truth.find(std::string(result.request.rows[i].Field(kUniqueReference)));
    if (it == truth.end()) {
      ++e.rows_without_truth;
      continue;
    }
    const std::string answer = o.person ? index.person(*o.person)->nhs_number : std::string();
    Count(e.total, o, answer, it->second);
    Count(e.by_step[std::string(StepName(o.step))], o, answer, it->second);
    if (!it->second.corruption.empty()) {
      Count(e.by_corruption[it->second.corruption], o, answer, it->second);
    }
  }
  // A step's recall is over every traceable row, not only those that reached it.
  for (auto& [step, tally] : e.by_step) tally.traceable = e.total.traceable;
  return e;
}

}  // namespace mhds::trace
