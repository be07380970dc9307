#include "mhds/validate/internal/record_checker.h"

#include <algorithm>

#include "mhds/base/calendar.h"
#include "mhds/base/text.h"
#include "mhds/validate/value_checks.h"

namespace mhds::validate::internal {
namespace {

using spec::CompareOp;
using spec::RuleKind;
using spec::ValueType;

bool IsBlank(std::string_view v) { return Trim(v).empty(); }

bool Compare(int64_t a, int64_t b, CompareOp op) {
  switch (op) {
    case CompareOp::kLt:
      return a < b;
    case CompareOp::kLe:
      return a <= b;
    case CompareOp::kGt:
      return a > b;
    case CompareOp::kGe:
      return a >= b;
    case CompareOp::kEq:
      return a == b;
    case CompareOp::kNe:
      return a != b;
  }
  return false;
}

// Puts two typed values on one scale: seconds when either carries a time of day, days for two
// dates, the number itself for integers. nullopt when either cannot be read.
std::optional<std::pair<int64_t, int64_t>> CommonScale(std::string_view a, ValueType ta,
                                                       std::string_view b, ValueType tb,
                                                       int64_t offset_seconds) {
  auto va = OrderedValue(a, ta);
  auto vb = OrderedValue(b, tb);
  if (!va || !vb) return std::nullopt;
  bool a_date = ta == ValueType::kDate, b_date = tb == ValueType::kDate;
  if (a_date && b_date) {
    // Whole days; an offset in hours counts in whole days (24h is one day).
    return std::make_pair(*va, *vb + offset_seconds / kSecondsPerDay);
  }
  bool a_dt = ta == ValueType::kDateTime, b_dt = tb == ValueType::kDateTime;
  if ((a_date || a_dt) && (b_date || b_dt)) {
    int64_t sa = a_date ? *va * kSecondsPerDay : *va;
    int64_t sb = b_date ? *vb * kSecondsPerDay : *vb;
    return std::make_pair(sa, sb + offset_seconds);
  }
  if (ta == tb) return std::make_pair(*va, *vb + (ta == ValueType::kTime ? offset_seconds : 0));
  return std::nullopt;
}

}  // namespace

RecordChecker::RecordChecker(const spec::Spec& spec, int table, TableData& data,
                             const TableData* parent, const Context& context, FindingLog& log)
    : spec_(spec),
      table_(spec.tables[table]),
      table_index_(table),
      data_(data),
      parent_(parent),
      context_(context),
      log_(log) {
  for (int r : table_.record_rules) {
    const spec::Rule& rule = spec_.rules[r];
    // A missing column is reported once by the structural checks, not once per row.
    if (rule.item >= 0 && data_.column_of_item[rule.item] < 0) continue;
    Compiled c{r, &rule, rule.item >= 0 ? data_.column_of_item[rule.item] : -1,
               rule.kind != RuleKind::kBlank && rule.kind != RuleKind::kConditional};
    if (rule.kind == RuleKind::kCode) {
      c.code_set = static_cast<int>(code_sets_.size());
      code_sets_.emplace_back(spec_.code_lists[rule.code_list], context_.period_start,
                              context_.period_end);
    }
    rules_.push_back(c);
  }
}

std::string_view RecordChecker::Field(const std::vector<std::string_view>& fields, int item) const {
  int column = data_.column_of_item[item];
  return column < 0 ? std::string_view() : fields[column];
}

RecordChecker::Operand RecordChecker::Resolve(const spec::Reference& ref,
                                              const std::vector<std::string_view>& fields,
                                              uint64_t row) const {
  using Scope = spec::Reference::Scope;
  Operand op;
  switch (ref.scope) {
    case Scope::kRow:
      op = {Field(fields, ref.item), table_.items[ref.item].type, true};
      break;
    case Scope::kHeader:
      if (context_.has_header) {
        op = {context_.header_values[ref.item],
              spec_.tables[spec_.header_table].items[ref.item].type, true};
      }
      break;
    case Scope::kParent: {
      if (parent_ == nullptr) break;
      ResolveParent(row);
      uint32_t p = data_.parent_row[row];
      if (p == kNoRow || p == kBlankJoin) break;
      op = {parent_->Value(p, ref.item), spec_.tables[table_.parent].items[ref.item].type, true};
      break;
    }
    case Scope::kPeriodStart:
      op = {context_.period_start_text, ValueType::kDate, context_.period_start.has_value()};
      break;
    case Scope::kPeriodEnd:
      op = {context_.period_end_text, ValueType::kDate, context_.period_end.has_value()};
      break;
    case Scope::kUploadedAt:
      op = {context_.uploaded_at_text, ValueType::kDateTime, true};
      break;
    case Scope::kOrg:
      if (context_.org) op = {*context_.org, ValueType::kText, true};
      break;
    case Scope::kDatasetVersion:
      op = {context_.version, ValueType::kText, true};
      break;
  }
  return op;
}

bool RecordChecker::Holds(const spec::Condition& c,
                          const std::vector<std::string_view>& fields) const {
  std::string_view v = Trim(Field(fields, c.item));
  using Op = spec::Condition::Op;
  switch (c.op) {
    case Op::kPopulated:
      return !v.empty();
    case Op::kBlank:
      return v.empty();
    case Op::kIn:
      return std::find(c.values.begin(), c.values.end(), v) != c.values.end();
    case Op::kNotIn:
      return std::find(c.values.begin(), c.values.end(), v) == c.values.end();
  }
  return false;
}

bool RecordChecker::Fires(const spec::Rule& rule, std::string_view value,
                          const std::vector<std::string_view>& fields, uint64_t row,
                          Operand& other) const {
  const spec::Item* item = rule.item >= 0 ? &table_.items[rule.item] : nullptr;
  switch (rule.kind) {
    case RuleKind::kBlank:
      return IsBlank(value);
    case RuleKind::kFormat:
      return !value.empty() && !MatchesFormat(value, item->format, item->type);
    case RuleKind::kCode:
      return false;  // Check() runs code rules itself, with the rule's CodeSet
    case RuleKind::kNhsNumber:
      return value.size() == 10 && MatchesType(value, ValueType::kNhsNumber) &&
             (!PassesModulus11(value) || IsDisallowedNhsNumber(value));
    case RuleKind::kCompare: {
      if (IsBlank(value)) return false;
      other = Resolve(rule.other, fields, row);
      if (!other.available || IsBlank(other.text)) return false;
      auto scaled = CommonScale(value, item->type, other.text, other.type, rule.offset_seconds);
      if (scaled) return Compare(scaled->first, scaled->second, rule.op);
      // Text: only equality is meaningful.
      if (rule.op == CompareOp::kEq) return value == other.text;
      if (rule.op == CompareOp::kNe) return value != other.text;
      return false;
    }
    case RuleKind::kAge: {
      auto birth = ParseDate(value);
      other = Resolve(rule.at, fields, row);
      auto at = other.available ? OrderedValue(other.text, other.type) : std::nullopt;
      if (!birth || !at) return false;
      int64_t at_days = other.type == ValueType::kDateTime ? *at / kSecondsPerDay : *at;
      int age = AgeInYears(*birth, at_days);
      return age < rule.min_age || age > rule.max_age;
    }
    case RuleKind::kConditional: {
      for (const spec::Condition& c : rule.conditions) {
        if (!Holds(c, fields)) return false;
      }
      if (!rule.conditions.empty()) {
        const spec::Condition& first = rule.conditions.front();
        other = {Field(fields, first.item), ValueType::kText, true};
      }
      return !Holds(rule.then, fields);
    }
    case RuleKind::kSchemeFormat: {
      if (IsBlank(value)) return false;
      std::string_view scheme = Trim(Field(fields, rule.scheme_item));
      other = {scheme, ValueType::kText, true};
      for (const auto& [code, type] : rule.scheme_types) {
        if (code == scheme) return !MatchesType(value, type);
      }
      return false;  // an unknown scheme is the scheme item's own code rule's business
    }
    default:
      return false;
  }
}

void RecordChecker::ResolveParent(uint64_t row) const {
  if (lookup_.index == nullptr) return;
  if (const KeyIndex::Entry* e = lookup_.index->Find(lookup_.key, lookup_.hash)) {
    data_.parent_row[row] = e->first_row;
  } else {
    // Kept for the finding that will say which value matched nothing (the key is joined with
    // kKeySeparator; reports show "+").
    std::string value(lookup_.key);
    std::replace(value.begin(), value.end(), kKeySeparator, '+');
    data_.unmatched_join.emplace(static_cast<uint32_t>(row), std::move(value));
  }
  lookup_.index = nullptr;
}

bool RecordChecker::Check(const std::vector<std::string_view>& fields, uint64_t row) {
  bool file_rejected = false;
  for (const Compiled& c : rules_) {
    const spec::Rule& rule = *c.rule;
    const int r = c.index;
    std::string_view value = c.column >= 0 ? fields[c.column] : std::string_view();
    // Most optional items are blank, and most kinds say nothing about a blank value.
    if (c.skip_if_blank && value.empty()) continue;
    Operand other;
    if (rule.kind == RuleKind::kCode) {
      if (IsBlank(value) || code_sets_[c.code_set].Contains(value)) continue;
    } else if (!Fires(rule, value, fields, row, other)) {
      continue;
    }

    FindingFacts facts;
    facts.table = table_index_;
    facts.row = row + 1;
    facts.line = data_.lines[row];
    facts.item = rule.item;
    facts.value = value;
    facts.keys.reserve(table_.key_items.size());
    for (int k : table_.key_items) facts.keys.emplace_back(Field(fields, k));
    facts.other = rule.kind == RuleKind::kAge ? rule.at.label : rule.other.label;
    if (rule.kind == RuleKind::kConditional && !rule.conditions.empty()) {
      facts.other = table_.items[rule.conditions.front().item].short_name;
    }
    if (rule.kind == RuleKind::kSchemeFormat)
      facts.other = table_.items[rule.scheme_item].short_name;
    facts.other_value = other.text;
    FindingId id = log_.Emit(r, std::move(facts));

    if (!rule.rejects()) continue;
    // A file-level rule rejects the whole file; marking its row too would only add a cascade
    // of findings about rows that are not accepted anyway.
    if (rule.level == spec::Level::kFile) {
      file_rejected = true;
      continue;
    }
    if (data_.reject_cause[row] == kNoFinding) {
      data_.reject_cause[row] = id;
      data_.independent_rejections[row] = 1;
    } else if (data_.independent_rejections[row] < 2) {
      data_.independent_rejections[row] = 2;
    }
  }
  return file_rejected;
}

}  // namespace mhds::validate::internal
