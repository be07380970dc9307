// CheckUnit: the generator's model of what the validator finds in one unit.
#include <algorithm>

#include "mhds/base/calendar.h"
#include "mhds/base/text.h"
#include "mhds/generate/unit.h"
#include "mhds/validate/value_checks.h"

namespace mhds::generate {
namespace {

using spec::RuleKind;

bool AnyBlank(const Row& row, const std::vector<int>& items) {
  for (int i : items) {
    if (Trim(row[i]).empty()) return true;
  }
  return false;
}

}  // namespace

bool LacksSuccessor(const spec::Spec& spec, const spec::Rule& rule, const Unit& unit, int row,
                    const std::vector<bool>& rejected) {
  const Row& ended = unit.rows[row].values;
  const spec::ValueType type = spec.tables[rule.table].items[rule.end_item].type;
  const std::optional<int64_t> end = validate::OrderedValue(Trim(ended[rule.end_item]), type);
  if (!end || AnyBlank(ended, rule.items)) return false;
  const int64_t within =
      type == spec::ValueType::kDate ? rule.offset_seconds / kSecondsPerDay : rule.offset_seconds;
  for (size_t j = 0; j < unit.rows.size(); ++j) {
    const UnitRow& next = unit.rows[j];
    if (static_cast<int>(j) == row || next.removed || next.table != rule.table ||
        (!rejected.empty() && rejected[j]) || !SameValues(ended, next.values, rule.items)) {
      continue;
    }
    const std::optional<int64_t> start =
        validate::OrderedValue(Trim(next.values[rule.start_item]), type);
    if (!start || *start < *end || *start > *end + within) continue;
    if (rule.differ_item >= 0 &&
        Trim(next.values[rule.differ_item]) == Trim(ended[rule.differ_item])) {
      continue;
    }
    return false;
  }
  return true;
}

bool Joins(const Row& row, const std::vector<int>& items, const Row& other,
           const std::vector<int>& other_items) {
  for (size_t k = 0; k < items.size(); ++k) {
    std::string_view v = Trim(row[items[k]]);
    // A blank join item names no row, not a row whose key is blank too.
    if (v.empty() || v != Trim(other[other_items[k]])) return false;
  }
  return true;
}

bool SameValues(const Row& a, const Row& b, const std::vector<int>& items) {
  for (int i : items) {
    if (Trim(a[i]) != Trim(b[i])) return false;
  }
  return true;
}

int FindParent(const spec::Spec& spec, const Unit& unit, int row) {
  const spec::Table& t = spec.tables[unit.rows[row].table];
  if (t.parent < 0) return -1;
  const spec::Table& p = spec.tables[t.parent];
  for (size_t i = 0; i < unit.rows.size(); ++i) {
    const UnitRow& candidate = unit.rows[i];
    if (candidate.removed || candidate.table != t.parent) continue;
    if (Joins(unit.rows[row].values, t.parent_items, candidate.values, p.key_items)) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

UnitOutcome CheckUnit(const Context& context, const Unit& unit) {
  const RecordRules& rules = *context.rules;
  const spec::Spec& spec = rules.spec();
  const size_t n = unit.rows.size();
  UnitOutcome out;
  out.rejected.assign(n, false);
  std::vector<int> parent(n, -1);
  std::vector<int> fired;
  // Rejection flows from a parent row to its children only through a rejecting parent rule.
  auto cascades = [&](int table) {
    for (int r : spec.tables[table].group_rules) {
      const spec::Rule& rule = spec.rules[r];
      if (rule.kind == RuleKind::kParent && rule.rejects() &&
          rule.other_table == spec.tables[table].parent) {
        return true;
      }
    }
    return false;
  };
  auto root = [&](int rule, size_t row) {
    out.roots.push_back({rule, static_cast<int>(row)});
    const spec::Rule& r = spec.rules[rule];
    if (r.rejects() && r.level != spec::Level::kFile) out.rejected[row] = true;
  };

  // Record rules, row by row.
  for (size_t i = 0; i < n; ++i) {
    const UnitRow& row = unit.rows[i];
    if (row.removed) continue;
    parent[i] = FindParent(spec, unit, static_cast<int>(i));
    fired.clear();
    rules.Fired(row.table, row.values, context.header,
                parent[i] >= 0 ? &unit.rows[parent[i]].values : nullptr, fired);
    for (int r : fired) root(r, i);
  }

  // Duplicates: every row sharing the values, whatever else is wrong with it.
  for (size_t i = 0; i < n; ++i) {
    const UnitRow& row = unit.rows[i];
    if (row.removed) continue;
    for (int r : spec.tables[row.table].group_rules) {
      const spec::Rule& rule = spec.rules[r];
      if (rule.kind != RuleKind::kDuplicate) continue;
      if (AnyBlank(row.values, rule.items)) continue;
      if (rule.where_blank >= 0 && !Trim(row.values[rule.where_blank]).empty()) continue;
      for (size_t j = 0; j < n; ++j) {
        const UnitRow& other = unit.rows[j];
        if (j == i || other.removed || other.table != row.table) continue;
        if (rule.where_blank >= 0 && !Trim(other.values[rule.where_blank]).empty()) continue;
        if (SameValues(row.values, other.values, rule.items)) {
          root(r, i);
          break;
        }
      }
    }
  }

  // Rejecting parent and has_child rules, table by table in the spec's order: a row that is
  // missing what they ask for is a root unless something (a record rule, a duplicate, an earlier
  // such rule) has rejected it already. Whether a parent exists counts here, not whether it is
  // valid: a rejected parent reaches its children through the cascade.
  auto missing = [&](const spec::Rule& rule, size_t i) {
    const UnitRow& row = unit.rows[i];
    if (rule.kind == RuleKind::kHasChild) {
      for (size_t j = 0; j < n; ++j) {
        const UnitRow& child = unit.rows[j];
        if (!child.removed && child.table == rule.other_table &&
            Joins(child.values, rule.other_items, row.values, rule.items)) {
          return false;
        }
      }
      return true;
    }
    if (rule.other_table == spec.tables[row.table].parent) return parent[i] < 0;
    // A blank reference to another table means no reference is made.
    if (AnyBlank(row.values, rule.items)) return false;
    for (const Row& other : (*context.submission_rows)[rule.other_table]) {
      if (Joins(row.values, rule.items, other, rule.other_items)) return false;
    }
    return true;
  };
  for (int t : spec.table_order) {
    for (int r : spec.tables[t].group_rules) {
      const spec::Rule& rule = spec.rules[r];
      if (!rule.rejects() || (rule.kind != RuleKind::kParent && rule.kind != RuleKind::kHasChild)) {
        continue;
      }
      for (size_t i = 0; i < n; ++i) {
        const UnitRow& row = unit.rows[i];
        if (row.removed || row.table != t || out.rejected[i]) continue;
        if (missing(rule, i)) root(r, i);
      }
    }
  }

  // Cascade to a fixed point: a row whose parent is rejected is rejected, and so is a row that
  // has lost every valid child a has_child rule asks for.
  for (bool changed = true; changed;) {
    changed = false;
    for (size_t i = 0; i < n; ++i) {
      const UnitRow& row = unit.rows[i];
      if (row.removed || out.rejected[i]) continue;
      bool reject = parent[i] >= 0 && out.rejected[parent[i]] && cascades(row.table);
      for (int r : spec.tables[row.table].group_rules) {
        const spec::Rule& rule = spec.rules[r];
        if (reject || rule.kind != RuleKind::kHasChild || !rule.rejects()) continue;
        bool valid_child = false;
        for (size_t j = 0; j < n && !valid_child; ++j) {
          const UnitRow& child = unit.rows[j];
          valid_child = !child.removed && !out.rejected[j] && child.table == rule.other_table &&
                        Joins(row.values, rule.items, child.values, rule.other_items);
        }
        reject = !valid_child;
      }
      if (reject) {
        out.rejected[i] = true;
        changed = true;
      }
    }
  }
  // Warning parent and has_child rules, once the cascade is done: only on rows left valid, and
  // a parent or child counts only if it is valid too.
  for (size_t i = 0; i < n; ++i) {
    const UnitRow& row = unit.rows[i];
    if (row.removed || out.rejected[i]) continue;
    for (int r : spec.tables[row.table].group_rules) {
      const spec::Rule& rule = spec.rules[r];
      if (rule.rejects()) continue;
      if (rule.kind == RuleKind::kHasChild) {
        bool valid_child = false;
        for (size_t j = 0; j < n && !valid_child; ++j) {
          const UnitRow& child = unit.rows[j];
          valid_child = !child.removed && !out.rejected[j] && child.table == rule.other_table &&
                        Joins(child.values, rule.other_items, row.values, rule.items);
        }
        if (!valid_child) out.roots.push_back({r, static_cast<int>(i)});
      } else if (rule.kind == RuleKind::kParent) {
        if (AnyBlank(row.values, rule.items)) continue;
        const bool own_parent = rule.other_table == spec.tables[row.table].parent;
        const bool lost = own_parent ? parent[i] < 0 || out.rejected[parent[i]] : missing(rule, i);
        if (lost) out.roots.push_back({r, static_cast<int>(i)});
      } else if (rule.kind == RuleKind::kSuccessor) {
        if (LacksSuccessor(spec, rule, unit, static_cast<int>(i), out.rejected)) {
          out.roots.push_back({r, static_cast<int>(i)});
        }
      }
    }
  }
  return out;
}

}  // namespace mhds::generate
