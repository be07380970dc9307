#include "mhds/mapping/conformance.h"

#include <algorithm>

#include "mhds/base/text.h"

namespace mhds::mapping {
namespace {

bool Contains(const std::vector<int>& items, int item) {
  return std::find(items.begin(), items.end(), item) != items.end();
}

void AddCost(std::vector<MissingCost>& costs, const spec::Rule& rule, std::string note) {
  for (const MissingCost& c : costs) {
    if (c.code == rule.code) return;
  }
  costs.push_back({rule.code, rule.level, rule.severity, std::move(note)});
}

std::string ConditionText(const spec::Spec& spec, const spec::Rule& rule) {
  const spec::Table& table = spec.tables[rule.table];
  std::string text;
  for (const spec::Condition& c : rule.conditions) {
    if (c.item < 0) continue;
    text += text.empty() ? "when " : " and ";
    text += table.items[c.item].short_name;
    switch (c.op) {
      case spec::Condition::Op::kPopulated:
        text += " is populated";
        break;
      case spec::Condition::Op::kBlank:
        text += " is blank";
        break;
      case spec::Condition::Op::kIn:
        text += " is one of " + Join(c.values, "/");
        break;
      case spec::Condition::Op::kNotIn:
        text += " is not one of " + Join(c.values, "/");
        break;
    }
  }
  return text;
}

// The rules that fire when item `item` of table `t` is blank on every row. Rules of other tables
// count only when those tables are mapped: a rule of a table never sent never runs.
std::vector<MissingCost> ItemCosts(const spec::Spec& spec, const std::vector<bool>& mapped, int t,
                                   int item) {
  std::vector<MissingCost> costs;
  const spec::Table& table = spec.tables[t];
  for (const int r : table.record_rules) {
    const spec::Rule& rule = spec.rules[r];
    if (rule.kind == spec::RuleKind::kBlank && rule.item == item) {
      AddCost(costs, rule, "");
    } else if (rule.kind == spec::RuleKind::kConditional && rule.then.item == item &&
               rule.then.op == spec::Condition::Op::kPopulated) {
      AddCost(costs, rule, ConditionText(spec, rule));
    }
  }
  // Blank keys never count as duplicates, and a blank reference to a table other than the row's
  // own parent means "no reference made" (validate/internal/group_checker.cc), so only links to
  // the parent and to required children cost anything.
  for (const int r : table.group_rules) {
    const spec::Rule& rule = spec.rules[r];
    if (!Contains(rule.items, item) || rule.other_table < 0) continue;
    const bool to_parent = rule.kind == spec::RuleKind::kParent && rule.other_table == table.parent;
    if (to_parent || rule.kind == spec::RuleKind::kHasChild) {
      AddCost(costs, rule, "no " + spec.tables[rule.other_table].idb_name + " row found");
    }
  }
  for (const spec::Rule& rule : spec.rules) {
    if (rule.table < 0 || rule.table == t || rule.other_table != t || !mapped[rule.table] ||
        !Contains(rule.other_items, item)) {
      continue;
    }
    if (rule.kind == spec::RuleKind::kParent || rule.kind == spec::RuleKind::kHasChild) {
      AddCost(costs, rule, "rows of " + spec.tables[rule.table].idb_name);
    }
  }
  return costs;
}

// The rules that fire when table `t` is not sent at all.
std::vector<MissingCost> TableCosts(const spec::Spec& spec, const std::vector<bool>& mapped,
                                    int t) {
  std::vector<MissingCost> costs;
  const spec::Table& table = spec.tables[t];
  for (const int r : spec.structural_rules) {
    const spec::Rule& rule = spec.rules[r];
    if (rule.table != -1 && rule.table != t) continue;
    if (rule.kind == spec::RuleKind::kMissingTable && table.group_mandation == 'M') {
      AddCost(costs, rule, "mandatory table");
    } else if (rule.kind == spec::RuleKind::kEmptyTable && rule.table == t) {
      AddCost(costs, rule, "");
    }
  }
  for (const spec::Rule& rule : spec.rules) {
    if (rule.kind == spec::RuleKind::kHasChild && rule.other_table == t && rule.table != t &&
        mapped[rule.table]) {
      AddCost(costs, rule, "rows of " + spec.tables[rule.table].idb_name);
    }
  }
  return costs;
}

std::string FedBy(const ItemMapping& im, const std::string& source) {
  if (im.value) return "constant \"" + *im.value + "\"";
  std::string text = im.columns.size() == 1 ? "column " : "columns ";
  for (size_t i = 0; i < im.columns.size(); ++i) {
    text += (i == 0 ? "'" : " + '") + im.columns[i] + "'";
  }
  return text + " of " + source;
}

}  // namespace

std::string_view CostSeverity(const MissingCost& cost) {
  return cost.severity == spec::Severity::kReject ? "reject" : "warning";
}

std::vector<TableConformance> CheckConformance(const Mapping& mapping, const spec::Spec& spec) {
  std::vector<bool> mapped(spec.tables.size(), false);
  for (const TableMapping& m : mapping.tables) {
    if (m.table_index >= 0) mapped[m.table_index] = true;
  }
  std::vector<TableConformance> out;
  for (int t = 0; t < static_cast<int>(spec.tables.size()); ++t) {
    const spec::Table& table = spec.tables[t];
    const TableMapping* tm = nullptr;
    for (const TableMapping& m : mapping.tables) {
      if (m.table_index == t) tm = &m;
    }
    TableConformance tc;
    tc.table = t;
    tc.mapped = tm != nullptr;
    tc.if_missing = TableCosts(spec, mapped, t);
    for (int i = 0; i < static_cast<int>(table.items.size()); ++i) {
      ItemConformance ic;
      ic.item = i;
      ic.mandation = table.items[i].mandation;
      if (tm != nullptr) {
        for (const ItemMapping& im : tm->items) {
          if (im.item_index != i) continue;
          ic.feed = im.value ? Feed::kConstant : Feed::kColumn;
          ic.fed_by = FedBy(im, tm->source);
        }
      }
      ic.if_missing = ItemCosts(spec, mapped, t, i);
      const bool fed = ic.feed != Feed::kNothing;
      if (ic.mandation == 'M') {
        ++tc.mandatory;
        tc.mandatory_mapped += fed;
      } else if (ic.mandation == 'R') {
        ++tc.required;
        tc.required_mapped += fed;
      } else {
        ++tc.optional;
        tc.optional_mapped += fed;
      }
      tc.items.push_back(std::move(ic));
    }
    out.push_back(std::move(tc));
  }
  return out;
}

}  // namespace mhds::mapping
