// The explanation as JSON lines (trace_batch.h, docs/tracing.md "The explanation file").
#include <cmath>
#include <nlohmann/json.hpp>

#include "mhds/trace/trace_batch.h"

namespace mhds::trace {
namespace {

// Weights to two decimals, probabilities to six significant digits: enough to read, and the
// same text on every run.
double Rounded(double value, int decimals) {
  const double scale = std::pow(10.0, decimals);
  return std::round(value * scale) / scale;
}

nlohmann::json CandidateJson(const Candidate& candidate) {
  const Comparison& c = candidate.comparison;
  nlohmann::json fields = nlohmann::json::array();
  for (int f = 0; f < kFieldCount; ++f) {
    nlohmann::json field = {{"field", FieldName(f)}, {"level", LevelName(c.levels[f])}};
    if (c.levels[f] != Level::kNull) {
      field["m"] = c.m[f];
      field["u"] = c.u[f];
      field["weight"] = Rounded(c.weights[f], 2);
      field["term_frequency"] = c.term_frequency[f];
    }
    fields.push_back(std::move(field));
  }
  return {{"prior", Rounded(c.prior, 2)}, {"total", Rounded(c.total, 2)}, {"fields", fields}};
}

}  // namespace

std::string ExplanationJsonLines(const BatchResult& result) {
  std::string out;
  const RequestFile& request = result.request;
  if (result.file_rejected()) {
    nlohmann::json j = {{"unique_reference", nullptr},
                        {"line", 1},
                        {"code", request.file_code},
                        {"step", StepName(Step::kNone)},
                        {"reason", "file rejected: " + request.problem}};
    return j.dump() + "\n";
  }
  for (size_t i = 0; i < request.rows.size(); ++i) {
    AppendExplanationJsonLine(request.rows[i], result.outcomes[i], out);
  }
  return out;
}

void AppendExplanationJsonLine(const RequestRow& row, const TraceOutcome& o, std::string& out) {
  nlohmann::json j = {{"unique_reference", row.Field(kUniqueReference)},
                      {"line", row.line},
                      {"code", o.code},
                      {"step", StepName(o.step)},
                      {"indicator", static_cast<int>(o.indicator)},
                      {"confidence", o.confidence},
                      {"matches_at_step", o.matches_at_step},
                      {"candidates", o.candidates}};
  // The match, or the nearest candidate when there is none: levels and weights only.
  if (o.best) j[o.person ? "match" : "nearest"] = CandidateJson(*o.best);
  if (o.runner_up) {
    j["runner_up"] = CandidateJson(*o.runner_up);
    if (o.best) {
      j["margin"] = Rounded(o.best->comparison.total - o.runner_up->comparison.total, 2);
    }
  }
  j["notes"] = o.notes;
  j["reason"] = o.reason;
  out += j.dump() + "\n";
}

}  // namespace mhds::trace
