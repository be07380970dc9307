#include "mhds/serve/submission_comparison.h"

#include <charconv>

#include "mhds/base/calendar.h"
#include "mhds/report/report_files.h"
#include "mhds/serve/report_files.h"
#include "mhds/serve/responses.h"

namespace mhds::serve {
namespace {

SubmissionComparison ComparisonRefusal(int status, std::string error) {
  SubmissionComparison c;
  c.http_status = status;
  c.error = std::move(error);
  return c;
}

std::optional<int64_t> ParseId(std::string_view text) {
  int64_t id = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (error != std::errc() || end != text.data() + text.size() || id <= 0) return std::nullopt;
  return id;
}

nlohmann::json SideJson(const Submission& s) {
  return {{"id", s.id},
          {"period", s.period},
          {"test", s.test},
          {"uploaded_at", FormatDateTime(s.uploaded_at) + "Z"},
          {"status", SubmissionStatusName(s.status)},
          {"findings", s.findings}};
}

nlohmann::json ExamplesJson(const std::vector<ComparedFinding>& examples) {
  nlohmann::json list = nlohmann::json::array();
  for (const ComparedFinding& f : examples) {
    list.push_back({{"table", f.table},
                    {"keys", f.keys},
                    {"item", f.item},
                    {"value", f.value},
                    {"message", f.message}});
  }
  return list;
}

}  // namespace

SubmissionComparison CompareSubmissions(store::Database& db, const ServicePaths& paths,
                                        const Submission& after, std::string_view with) {
  std::optional<Submission> before;
  if (!with.empty()) {
    auto id = ParseId(with);
    if (!id) return ComparisonRefusal(400, "'with' must be a submission id");
    auto found = FindSubmission(db, *id, after.org, after.dataset);
    if (!found.ok()) return ComparisonRefusal(503, "the store is unavailable; try again shortly");
    if (!found->has_value()) return ComparisonRefusal(404, kNotFoundText);
    before = **found;
  } else {
    auto month = SubmissionHistory(db, after.org, after.dataset, after.period);
    if (!month.ok()) return ComparisonRefusal(503, "the store is unavailable; try again shortly");
    for (const Submission& s : *month) {  // newest first
      if (s.id < after.id && ReportReady(paths, s.id)) {
        before = s;
        break;
      }
    }
    if (!before) {
      return ComparisonRefusal(404, "no earlier submission of " + after.period +
                                        " with a report to compare with; name one with 'with'");
    }
  }
  for (const Submission* s : std::initializer_list<const Submission*>{&*before, &after}) {
    if (!ReportReady(paths, s->id)) {
      return ComparisonRefusal(409, "the report of submission " + std::to_string(s->id) +
                                        " is not ready: it is " +
                                        std::string(SubmissionStatusName(s->status)));
    }
  }
  auto findings = CompareFindings(paths.report_dir(before->id) / std::string(report::kFindingsFile),
                                  paths.report_dir(after.id) / std::string(report::kFindingsFile));
  if (!findings.ok()) {
    // A report folder without a readable findings file is the service's fault.
    return ComparisonRefusal(500,
                             "the findings could not be compared: " + findings.status().message());
  }
  SubmissionComparison c;
  c.before = std::move(*before);
  c.after = after;
  c.findings = std::move(findings).value();
  return c;
}

nlohmann::json ComparisonJson(const SubmissionComparison& c) {
  nlohmann::json rules = nlohmann::json::array();
  for (const RuleComparison& r : c.findings.rules) {
    rules.push_back({{"code", r.code},
                     {"severity", r.severity},
                     {"before", r.before},
                     {"after", r.after},
                     {"fixed", r.fixed},
                     {"new", r.added},
                     {"unchanged", r.unchanged},
                     {"fixed_examples", ExamplesJson(r.fixed_examples)},
                     {"new_examples", ExamplesJson(r.added_examples)}});
  }
  return {{"org", c.after.org},
          {"dataset", c.after.dataset},
          {"before", SideJson(c.before)},
          {"after", SideJson(c.after)},
          {"fixed", c.findings.fixed},
          {"new", c.findings.added},
          {"unchanged", c.findings.unchanged},
          {"rules", rules}};
}

}  // namespace mhds::serve
