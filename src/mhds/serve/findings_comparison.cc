#include "mhds/serve/findings_comparison.h"

#include <map>

#include "mhds/base/csv_document.h"
#include "mhds/base/status_macros.h"

namespace mhds::serve {
namespace {

struct LoadedFinding {
  std::string code;
  std::string severity;
  std::string identity;  // what matches it with a finding of the other submission
  ComparedFinding shown;
};

Result<std::vector<LoadedFinding>> LoadFindings(const std::filesystem::path& path) {
  MHDS_ASSIGN_OR_RETURN(CsvDocument doc, CsvDocument::ReadFile(path.string()));
  const char* const names[] = {"code", "severity", "table", "keys", "item", "value", "message"};
  int column[7];
  for (int i = 0; i < 7; ++i) {
    column[i] = doc.ColumnIndex(names[i]);
    if (column[i] < 0) {
      return Status::DataError(path.string() + " has no column '" + names[i] +
                               "': it is not a findings file");
    }
  }
  std::vector<LoadedFinding> findings;
  findings.reserve(doc.rows().size());
  for (const auto& row : doc.rows()) {
    auto field = [&row, &column](int i) -> const std::string& {
      return row.fields[static_cast<size_t>(column[i])];
    };
    LoadedFinding f;
    f.code = field(0);
    f.severity = field(1);
    f.shown = {field(2), field(3), field(4), field(5), field(6)};
    // '\x1f' (unit separator) cannot occur in a CSV field the reports write.
    f.identity = f.code + '\x1f' + f.shown.table + '\x1f' +
                 (f.shown.keys.empty() ? f.shown.message : f.shown.keys) + '\x1f' + f.shown.item;
    findings.push_back(std::move(f));
  }
  return findings;
}

RuleComparison& RuleOf(std::map<std::string, RuleComparison>& rules, const LoadedFinding& f) {
  RuleComparison& rule = rules[f.code];
  if (rule.code.empty()) {
    rule.code = f.code;
    rule.severity = f.severity;
  }
  return rule;
}

}  // namespace

Result<FindingsComparison> CompareFindings(const std::filesystem::path& before,
                                           const std::filesystem::path& after) {
  MHDS_ASSIGN_OR_RETURN(std::vector<LoadedFinding> earlier, LoadFindings(before));
  MHDS_ASSIGN_OR_RETURN(std::vector<LoadedFinding> later, LoadFindings(after));
  std::map<std::string, int64_t> unmatched;  // identity -> earlier findings not yet matched
  for (const LoadedFinding& f : earlier) ++unmatched[f.identity];

  std::map<std::string, RuleComparison> rules;
  std::map<std::string, int64_t> matched;  // identity -> earlier findings matched by later ones
  for (const LoadedFinding& f : later) {
    RuleComparison& rule = RuleOf(rules, f);
    ++rule.after;
    auto left = unmatched.find(f.identity);
    if (left != unmatched.end() && left->second > 0) {
      --left->second;
      ++matched[f.identity];
      ++rule.unchanged;
    } else {
      ++rule.added;
      if (rule.added_examples.size() < kComparisonExamples) rule.added_examples.push_back(f.shown);
    }
  }
  // The earlier findings in file order: the first ones of an identity are those matched, the rest
  // were fixed.
  for (const LoadedFinding& f : earlier) {
    RuleComparison& rule = RuleOf(rules, f);
    ++rule.before;
    int64_t& still_matched = matched[f.identity];
    if (still_matched > 0) {
      --still_matched;
      continue;
    }
    ++rule.fixed;
    if (rule.fixed_examples.size() < kComparisonExamples) rule.fixed_examples.push_back(f.shown);
  }
  FindingsComparison comparison;
  for (auto& [code, rule] : rules) {
    comparison.fixed += rule.fixed;
    comparison.added += rule.added;
    comparison.unchanged += rule.unchanged;
    comparison.rules.push_back(std::move(rule));
  }
  return comparison;
}

}  // namespace mhds::serve
