#include "mhds/validate/internal/slot_plan.h"

#include <algorithm>
#include <set>

namespace mhds::validate::internal {

bool IsTreeLink(const spec::Spec& spec, int child, const std::vector<int>& child_items, int parent,
                const std::vector<int>& parent_items) {
  return child >= 0 && parent >= 0 && spec.tables[child].parent == parent &&
         child_items == spec.tables[child].parent_items &&
         parent_items == spec.tables[parent].key_items;
}

bool CountsTableKey(const spec::Spec& spec, const spec::Rule& rule) {
  return rule.kind == spec::RuleKind::kDuplicate && rule.table >= 0 &&
         rule.items == spec.tables[rule.table].key_items && rule.where_blank < 0;
}

std::vector<std::vector<int>> PlanSlots(const spec::Spec& spec) {
  std::vector<std::set<int>> keep(spec.tables.size());
  auto add_all = [&](int table, const std::vector<int>& items) {
    if (table >= 0) keep[table].insert(items.begin(), items.end());
  };
  for (size_t t = 0; t < spec.tables.size(); ++t) {
    add_all(static_cast<int>(t), spec.tables[t].key_items);
  }
  for (const spec::Rule& rule : spec.rules) {
    if (rule.table < 0) continue;
    switch (rule.kind) {
      case spec::RuleKind::kDuplicate:
        add_all(rule.table, rule.items);
        if (rule.where_blank >= 0) keep[rule.table].insert(rule.where_blank);
        break;
      case spec::RuleKind::kParent:
        if (IsTreeLink(spec, rule.table, rule.items, rule.other_table, rule.other_items)) break;
        add_all(rule.table, rule.items);
        add_all(rule.other_table, rule.other_items);
        break;
      case spec::RuleKind::kHasChild:
        if (IsTreeLink(spec, rule.other_table, rule.other_items, rule.table, rule.items)) break;
        add_all(rule.table, rule.items);
        add_all(rule.other_table, rule.other_items);
        break;
      case spec::RuleKind::kSuccessor:
        add_all(rule.table, rule.items);
        for (int item : {rule.end_item, rule.start_item, rule.differ_item}) {
          if (item >= 0) keep[rule.table].insert(item);
        }
        break;
      case spec::RuleKind::kCompare:
      case spec::RuleKind::kAge: {
        const spec::Reference& ref = rule.kind == spec::RuleKind::kAge ? rule.at : rule.other;
        if (ref.scope == spec::Reference::Scope::kParent) {
          keep[spec.tables[rule.table].parent].insert(ref.item);
        }
        break;
      }
      default:
        break;
    }
  }
  std::vector<std::vector<int>> plan(spec.tables.size());
  // The key items come first, in key order: a key index reads them back on every lookup that
  // finds a candidate, and the first slot of a row is found without skipping over any other.
  for (size_t t = 0; t < keep.size(); ++t) {
    const std::vector<int>& key = spec.tables[t].key_items;
    plan[t] = key;
    for (int item : keep[t]) {
      if (std::find(key.begin(), key.end(), item) == key.end()) plan[t].push_back(item);
    }
  }
  return plan;
}

}  // namespace mhds::validate::internal
