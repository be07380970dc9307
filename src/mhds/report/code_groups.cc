// Groups findings by rule code in one pass (a hash of code views into the spec), then orders the
// groups for reading.
#include "mhds/report/code_groups.h"

#include <algorithm>
#include <unordered_map>

#include "mhds/report/finding_text.h"

namespace mhds::report {

std::vector<CodeGroup> GroupByCode(const spec::Spec& spec, const validate::ValidationResult& result,
                                   size_t sample_limit) {
  std::vector<CodeGroup> groups;
  std::unordered_map<std::string_view, size_t> index;  // keys point into spec.rules
  for (const validate::Finding& f : result.findings) {
    const std::string_view code = RuleCode(spec, f);
    auto [it, inserted] = index.try_emplace(code, groups.size());
    if (inserted) {
      CodeGroup group;
      group.code = std::string(code);
      group.severity = f.severity;
      group.table = f.table;
      groups.push_back(std::move(group));
    }
    CodeGroup& group = groups[it->second];
    ++group.count;
    if (group.sample.size() < sample_limit) group.sample.push_back(f.id);
  }
  std::stable_sort(groups.begin(), groups.end(), [](const CodeGroup& a, const CodeGroup& b) {
    const bool a_rejects = a.severity == spec::Severity::kReject;
    const bool b_rejects = b.severity == spec::Severity::kReject;
    if (a_rejects != b_rejects) return a_rejects;
    if (a.count != b.count) return a.count > b.count;
    return a.code < b.code;
  });
  return groups;
}

}  // namespace mhds::report
