#include "mhds/validate/internal/slot_plan.h"

#include <algorithm>
#include <set>

namespace mhds::validate::internal {

std::vector<std::vector<int>> PlanSlots(const spec::Spec& spec) {
  std::vector<std::set<int>> keep(spec.tables.size());
  auto add_all = [&](int table, const std::vector<int>& items) {
    if (table >= 0) keep[table].insert(items.begin(), items.end());
  };
  for (size_t t = 0; t < spec.tables.size(); ++t) {
    const spec::Table& table = spec.tables[t];
    add_all(static_cast<int>(t), table.key_items);
    add_all(static_cast<int>(t), table.parent_items);
  }
  for (const spec::Rule& rule : spec.rules) {
    if (rule.table < 0) continue;
    switch (rule.kind) {
      case spec::RuleKind::kDuplicate:
        add_all(rule.table, rule.items);
        if (rule.where_blank >= 0) keep[rule.table].insert(rule.where_blank);
        break;
      case spec::RuleKind::kParent:
        add_all(rule.table, rule.items);
        add_all(rule.other_table, rule.other_items);
        break;
      case spec::RuleKind::kHasChild:
        add_all(rule.table, rule.items);
        add_all(rule.other_table, rule.other_items);
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
  for (size_t t = 0; t < keep.size(); ++t) plan[t].assign(keep[t].begin(), keep[t].end());
  return plan;
}

}  // namespace mhds::validate::internal
