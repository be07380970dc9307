#include "mhds/generate/record_rules.h"

#include <algorithm>

#include "mhds/base/calendar.h"
#include "mhds/base/text.h"
#include "mhds/validate/value_checks.h"

namespace mhds::generate {
namespace {

using spec::RuleKind;
using spec::ValueType;

bool Holds(const spec::Condition& c, const Row& row) {
  std::string_view v = Trim(row[c.item]);
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

// The record rule kinds Fires() reads; it never fires the others.
bool RecordRuleKindRead(RuleKind kind) {
  switch (kind) {
    case RuleKind::kBlank:
    case RuleKind::kFormat:
    case RuleKind::kCode:
    case RuleKind::kNhsNumber:
    case RuleKind::kCompare:
    case RuleKind::kAge:
    case RuleKind::kConditional:
    case RuleKind::kVersionInForce:
    case RuleKind::kSchemeFormat:
      return true;
    default:
      return false;
  }
}

}  // namespace

bool CompareHolds(int64_t a, int64_t b, spec::CompareOp op) {
  using spec::CompareOp;
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

namespace {

// CommonScale of two values already read on their own types' scales.
std::optional<std::pair<int64_t, int64_t>> Scale(int64_t va, ValueType ta, int64_t vb, ValueType tb,
                                                 int64_t offset_seconds) {
  const bool a_date = ta == ValueType::kDate, b_date = tb == ValueType::kDate;
  if (a_date && b_date) return std::make_pair(va, vb + offset_seconds / kSecondsPerDay);
  const bool a_dt = ta == ValueType::kDateTime, b_dt = tb == ValueType::kDateTime;
  if ((a_date || a_dt) && (b_date || b_dt)) {
    return std::make_pair(a_date ? va * kSecondsPerDay : va,
                          (b_date ? vb * kSecondsPerDay : vb) + offset_seconds);
  }
  if (ta == tb) return std::make_pair(va, vb + (ta == ValueType::kTime ? offset_seconds : 0));
  return std::nullopt;
}

}  // namespace

std::optional<std::pair<int64_t, int64_t>> CommonScale(Operand a, Operand b,
                                                       int64_t offset_seconds) {
  auto va = validate::OrderedValue(a.text, a.type);
  auto vb = validate::OrderedValue(b.text, b.type);
  if (!va || !vb) return std::nullopt;
  return Scale(*va, a.type, *vb, b.type, offset_seconds);
}

std::optional<std::pair<int64_t, int64_t>> CommonScaleOf(int64_t a, ValueType a_type, Operand b,
                                                         int64_t offset_seconds) {
  auto vb = validate::OrderedValue(b.text, b.type);
  if (!vb) return std::nullopt;
  return Scale(a, a_type, *vb, b.type, offset_seconds);
}

RecordRules::RecordRules(const spec::Spec& spec, const Submission& submission)
    : spec_(spec),
      submission_(submission),
      valid_codes_(spec.code_lists.size()),
      constant_other_(spec.rules.size()),
      checked_rules_(spec.tables.size()) {
  for (size_t t = 0; t < spec.tables.size(); ++t) {
    for (int r : spec.tables[t].record_rules) {
      if (RecordRuleKindRead(spec.rules[r].kind)) checked_rules_[t].push_back(r);
    }
  }
  for (size_t l = 0; l < spec.code_lists.size(); ++l) {
    for (const auto& [code, entry] : spec.code_lists[l].codes) {
      if (entry.valid_to < submission.period_start || entry.valid_from > submission.period_end) {
        continue;
      }
      valid_codes_[l].push_back(code);
    }
    std::sort(valid_codes_[l].begin(), valid_codes_[l].end());
  }
  // Built once valid_codes_ is complete, so the views stay valid.
  valid_code_sets_.resize(valid_codes_.size());
  for (size_t l = 0; l < valid_codes_.size(); ++l) {
    valid_code_sets_[l].insert(valid_codes_[l].begin(), valid_codes_[l].end());
  }
}

bool RecordRules::IsValidCode(int list, std::string_view code) const {
  return valid_code_sets_[list].contains(code);
}

std::optional<Operand> RecordRules::Resolve(const spec::Reference& ref, int table, const Row& row,
                                            const Row* header, const Row* parent) const {
  using Scope = spec::Reference::Scope;
  Operand op;
  switch (ref.scope) {
    case Scope::kRow:
      op = {row[ref.item], spec_.tables[table].items[ref.item].type};
      break;
    case Scope::kHeader:
      if (header == nullptr) return std::nullopt;
      op = {(*header)[ref.item], spec_.tables[spec_.header_table].items[ref.item].type};
      break;
    case Scope::kParent:
      if (parent == nullptr) return std::nullopt;
      op = {(*parent)[ref.item], spec_.tables[spec_.tables[table].parent].items[ref.item].type};
      break;
    case Scope::kPeriodStart:
      op = {submission_.period_start_text, ValueType::kDate};
      break;
    case Scope::kPeriodEnd:
      op = {submission_.period_end_text, ValueType::kDate};
      break;
    case Scope::kUploadedAt:
      op = {submission_.uploaded_at_text, ValueType::kDateTime};
      break;
    case Scope::kOrg:
      if (submission_.org.empty()) return std::nullopt;
      op = {submission_.org, ValueType::kText};
      break;
    case Scope::kDatasetVersion:
      op = {submission_.version, ValueType::kText};
      break;
  }
  if (Trim(op.text).empty()) return std::nullopt;
  return op;
}

bool RecordRules::Fires(const spec::Rule& rule, int table, const Row& row, const Row* header,
                        const Row* parent) const {
  const spec::Table& t = spec_.tables[table];
  const spec::Item* item = rule.item >= 0 ? &t.items[rule.item] : nullptr;
  std::string_view value = item != nullptr ? std::string_view(row[rule.item]) : "";
  // Format rules, most of a table's, need no trimming: blank is read where it is used.
  if (rule.kind == RuleKind::kFormat) {
    return !value.empty() && !validate::MatchesFormat(value, item->format, item->type);
  }
  const bool blank = Trim(value).empty();
  switch (rule.kind) {
    case RuleKind::kBlank:
      return blank;
    case RuleKind::kCode:
      return !blank && !IsValidCode(rule.code_list, value);
    case RuleKind::kNhsNumber:
      return value.size() == 10 && validate::MatchesType(value, ValueType::kNhsNumber) &&
             (!validate::PassesModulus11(value) || validate::IsDisallowedNhsNumber(value));
    case RuleKind::kCompare: {
      if (blank) return false;
      auto other = Resolve(rule.other, table, row, header, parent);
      if (!other) return false;
      std::optional<std::pair<int64_t, int64_t>> scaled;
      using Scope = spec::Reference::Scope;
      if (rule.other.scope != Scope::kRow && rule.other.scope != Scope::kParent) {
        // Header and upload values are the same for every row: read them once.
        ConstantOther& c = constant_other_[&rule - spec_.rules.data()];
        if (c.header != header || !c.known) {
          c.header = header;
          c.known = true;
          c.value = validate::OrderedValue(other->text, other->type);
        }
        auto va = RowValue(rule.item, value, item->type);
        if (va && c.value) {
          scaled = Scale(*va, item->type, *c.value, other->type, rule.offset_seconds);
        }
      } else {
        // As CommonScale, with the row's own values read once per row.
        auto va = RowValue(rule.item, value, item->type);
        auto vb = rule.other.scope == Scope::kRow
                      ? RowValue(rule.other.item, other->text, other->type)
                      : validate::OrderedValue(other->text, other->type);
        if (va && vb) scaled = Scale(*va, item->type, *vb, other->type, rule.offset_seconds);
      }
      if (scaled) return CompareHolds(scaled->first, scaled->second, rule.op);
      if (rule.op == spec::CompareOp::kEq) return value == other->text;
      if (rule.op == spec::CompareOp::kNe) return value != other->text;
      return false;
    }
    case RuleKind::kAge: {
      auto birth = ParseDate(value);
      auto at = Resolve(rule.at, table, row, header, parent);
      if (!birth || !at) return false;
      auto at_value = validate::OrderedValue(at->text, at->type);
      if (!at_value) return false;
      int64_t at_days = at->type == ValueType::kDateTime ? *at_value / kSecondsPerDay : *at_value;
      int age = AgeInYears(*birth, at_days);
      return age < rule.min_age || age > rule.max_age;
    }
    case RuleKind::kConditional: {
      for (const spec::Condition& c : rule.conditions) {
        if (!Holds(c, row)) return false;
      }
      return !Holds(rule.then, row);
    }
    case RuleKind::kVersionInForce:
      // Submissions are generated in the folder's own version, for a period it is in force.
      return !blank && Trim(value) != submission_.version;
    case RuleKind::kSchemeFormat: {
      if (blank) return false;
      std::string_view scheme = Trim(row[rule.scheme_item]);
      for (const auto& [code, type] : rule.scheme_types) {
        if (code == scheme) return !validate::MatchesType(value, type);
      }
      return false;
    }
    default:
      return false;
  }
}

std::optional<int64_t> RecordRules::RowValue(int item, std::string_view value,
                                             ValueType type) const {
  if (row_state_[item] == 0) {
    auto v = validate::OrderedValue(value, type);
    row_state_[item] = v ? 1 : 2;
    row_value_[item] = v.value_or(0);
  }
  return row_state_[item] == 1 ? std::optional<int64_t>(row_value_[item]) : std::nullopt;
}

void RecordRules::Fired(int table, const Row& row, const Row* header, const Row* parent,
                        std::vector<int>& fired) const {
  row_state_.assign(row.size(), 0);
  row_value_.resize(row.size());
  const spec::Table& t = spec_.tables[table];
  for (int r : checked_rules_[table]) {
    const spec::Rule& rule = spec_.rules[r];
    if (rule.kind == RuleKind::kFormat) {
      // Most of a table's rules, most on blank values: checked here, as in Fires().
      const std::string& value = row[rule.item];
      if (value.empty()) continue;
      const spec::Item& item = t.items[rule.item];
      if (!validate::MatchesFormat(value, item.format, item.type)) fired.push_back(r);
      continue;
    }
    if (Fires(rule, table, row, header, parent)) fired.push_back(r);
  }
}

}  // namespace mhds::generate
