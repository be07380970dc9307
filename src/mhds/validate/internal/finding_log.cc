#include "mhds/validate/internal/finding_log.h"

#include "mhds/base/text.h"

namespace mhds::validate::internal {

FindingId FindingLog::Emit(int rule_index, FindingFacts facts) {
  const spec::Rule& rule = spec_.rules[rule_index];
  Finding f;
  f.id = static_cast<FindingId>(findings_.size() + 1);
  f.rule = rule_index;
  f.level = rule.level;
  f.severity = rule.severity;
  f.table = facts.table;
  f.row = facts.row;
  f.line = facts.line;
  f.item = facts.item;
  f.value = std::string(facts.value);
  f.cause = facts.cause;
  f.count = facts.count;
  f.message = Render(rule, facts);
  f.keys = std::move(facts.keys);
  findings_.push_back(std::move(f));
  return findings_.back().id;
}

namespace {

// What a value of `item` must look like, in words a data lead can act on.
std::string ExpectedShape(const spec::Item& item) {
  using spec::ValueType;
  const std::string& f = item.format.text;
  switch (item.type) {
    case ValueType::kDate:
      return "a real calendar date written CCYY-MM-DD";
    case ValueType::kTime:
      return "a time written hh:mm:ss";
    case ValueType::kDateTime:
      return "a date and time written CCYY-MM-DDThh:mm:ss";
    case ValueType::kNhsNumber:
      return "an NHS Number of 10 digits";
    case ValueType::kSnomed:
      return "a SNOMED CT identifier (6 to 18 digits ending in a valid check digit)";
    case ValueType::kPostcode:
      return "a postcode of at most 8 characters such as LS1 4AP";
    case ValueType::kInteger:
      return "a whole number (" + f + ")";
    case ValueType::kDecimal:
      return "a number (" + f + ")";
    default:
      break;
  }
  switch (item.format.charset) {
    case spec::Format::Charset::kDigits:
      return "digits only (" + f + ")";
    case spec::Format::Charset::kDecimal:
      return "a number (" + f + ")";
    case spec::Format::Charset::kAny:
      break;
  }
  const spec::Format& fm = item.format;
  if (fm.min_length == fm.max_length)
    return "exactly " + std::to_string(fm.max_length) + " characters (" + f + ")";
  if (fm.max_length == UINT32_MAX)
    return "at least " + std::to_string(fm.min_length) + " characters (" + f + ")";
  if (fm.min_length <= 1)
    return "at most " + std::to_string(fm.max_length) + " characters (" + f + ")";
  return std::to_string(fm.min_length) + " to " + std::to_string(fm.max_length) + " characters (" +
         f + ")";
}

}  // namespace

std::string FindingLog::Render(const spec::Rule& rule, const FindingFacts& facts) const {
  const spec::Table* table = facts.table >= 0 ? &spec_.tables[facts.table] : nullptr;
  const spec::Item* item = table && facts.item >= 0 ? &table->items[facts.item] : nullptr;
  auto lookup = [&](std::string_view name) -> std::string {
    // Findings about no single item or table (structural ones) name their subject in `value`.
    if (name == "item") return item ? item->short_name : std::string(facts.value);
    if (name == "uid") return item ? item->uid : "";
    if (name == "value") return std::string(facts.value);
    if (name == "other") return std::string(facts.other);
    if (name == "other_value") return std::string(facts.other_value);
    if (name == "table") return table ? table->idb_name : std::string(facts.value);
    if (name == "parent") {
      int p = rule.kind == spec::RuleKind::kParent ? rule.other_table : table ? table->parent : -1;
      return p >= 0 ? spec_.tables[p].idb_name : "";
    }
    if (name == "child")
      return rule.other_table >= 0 ? spec_.tables[rule.other_table].idb_name : "";
    if (name == "format") return item ? item->format.text : "";
    if (name == "expected") return item ? ExpectedShape(*item) : "";
    if (name == "list") {
      int list = rule.code_list >= 0 ? rule.code_list : item ? item->code_list : -1;
      return list >= 0 ? spec_.code_lists[list].name : "";
    }
    if (name == "count") return std::to_string(facts.count);
    if (name == "keys") {
      std::string out;
      for (size_t i = 0; table && i < facts.keys.size() && i < table->key_items.size(); ++i) {
        if (i) out += ", ";
        out += table->items[table->key_items[i]].short_name + "=" + facts.keys[i];
      }
      return out;
    }
    // An unknown placeholder is left as written, so a typo in the spec shows in the message.
    std::string unknown(1, '{');
    unknown.append(name);
    unknown.push_back('}');
    return unknown;
  };

  std::string out;
  const std::string& t = rule.message;
  for (size_t i = 0; i < t.size(); ++i) {
    if (t[i] == '{') {
      size_t close = t.find('}', i);
      if (close != std::string::npos) {
        out += lookup(std::string_view(t).substr(i + 1, close - i - 1));
        i = close;
        continue;
      }
    }
    out.push_back(t[i]);
  }
  return out;
}

std::vector<Finding> FindingLog::TakeAll() {
  std::vector<Finding> all;
  all.reserve(findings_.size());
  while (!findings_.empty()) {
    all.push_back(std::move(findings_.front()));
    findings_.pop_front();
  }
  return all;
}

}  // namespace mhds::validate::internal
