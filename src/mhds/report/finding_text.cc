// Names of a finding's parts, each lookup bounds-checked against the spec.
#include "mhds/report/finding_text.h"

#include <algorithm>

namespace mhds::report {

std::string_view RuleCode(const spec::Spec& spec, const validate::Finding& finding) {
  if (finding.rule < 0 || static_cast<size_t>(finding.rule) >= spec.rules.size()) return "";
  return spec.rules[finding.rule].code;
}

const spec::Table* TableAt(const spec::Spec& spec, int table) {
  if (table < 0 || static_cast<size_t>(table) >= spec.tables.size()) return nullptr;
  return &spec.tables[table];
}

std::string_view TableName(const spec::Spec& spec, int table) {
  const spec::Table* t = TableAt(spec, table);
  return t == nullptr ? std::string_view() : std::string_view(t->idb_name);
}

const spec::Item* ItemOf(const spec::Spec& spec, const validate::Finding& finding) {
  const spec::Table* t = TableAt(spec, finding.table);
  if (t == nullptr || finding.item < 0 || static_cast<size_t>(finding.item) >= t->items.size()) {
    return nullptr;
  }
  return &t->items[finding.item];
}

std::vector<std::pair<const spec::Item*, std::string_view>> KeyPairs(
    const spec::Spec& spec, const validate::Finding& finding) {
  std::vector<std::pair<const spec::Item*, std::string_view>> pairs;
  const spec::Table* t = TableAt(spec, finding.table);
  if (t == nullptr) return pairs;
  const size_t n = std::min(t->key_items.size(), finding.keys.size());
  for (size_t i = 0; i < n; ++i) {
    const int item = t->key_items[i];
    if (item < 0 || static_cast<size_t>(item) >= t->items.size()) continue;
    pairs.emplace_back(&t->items[item], finding.keys[i]);
  }
  return pairs;
}

std::string KeysText(const spec::Spec& spec, const validate::Finding& finding) {
  std::string text;
  for (const auto& [item, value] : KeyPairs(spec, finding)) {
    if (!text.empty()) text += "; ";
    text += item->short_name;
    text += '=';
    text += value;
  }
  return text;
}

const validate::Finding* FindingAt(const validate::ValidationResult& result,
                                   validate::FindingId id) {
  if (id == validate::kNoFinding || id > result.findings.size()) return nullptr;
  return &result.findings[id - 1];
}

validate::FindingId RootOf(const validate::ValidationResult& result,
                           const validate::Finding& finding) {
  const validate::Finding* at = &finding;
  // A cause is always emitted before its effects; the bound guards against a malformed result.
  for (size_t steps = 0; steps <= result.findings.size(); ++steps) {
    const validate::Finding* cause = FindingAt(result, at->cause);
    if (cause == nullptr || cause == at) break;
    at = cause;
  }
  return at->id;
}

std::string CascadeText(const spec::Spec& spec, const validate::RootCause& root,
                        std::string_view between, std::string_view name_value) {
  std::string text;
  for (const auto& [table, rows] : root.by_table) {
    if (!text.empty()) text += between;
    text += TableName(spec, table);
    text += name_value;
    text += std::to_string(rows);
  }
  return text;
}

}  // namespace mhds::report
