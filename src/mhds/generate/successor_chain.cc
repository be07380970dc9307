#include "mhds/generate/successor_chain.h"

namespace mhds::generate {
namespace {

// Handing an end over can take the start another row relied on; a few passes settle it.
constexpr int kChainPasses = 4;

// True if row `i` of `made` passes its record rules and repeats no key of the others.
bool Quiet(RowFactory& rows, int table, const Row* parent, const Unit& made, size_t i) {
  std::vector<const Row*> others;
  for (size_t j = 0; j < made.rows.size(); ++j) {
    if (j != i) others.push_back(&made.rows[j].values);
  }
  return rows.Quiet(table, made.rows[i].values, parent, others);
}

// Gives row `i`'s end to another row as its start; false if no row can take it.
bool HandOver(RowFactory& rows, const spec::Rule& rule, const Row* parent, Unit& made, size_t i) {
  const Row& ended = made.rows[i].values;
  for (size_t j = 0; j < made.rows.size(); ++j) {
    Row& next = made.rows[j].values;
    if (j == i || (rule.differ_item >= 0 && next[rule.differ_item] == ended[rule.differ_item])) {
      continue;
    }
    std::string saved = next[rule.start_item];
    next[rule.start_item] = ended[rule.end_item];
    if (Quiet(rows, rule.table, parent, made, j)) return true;
    next[rule.start_item] = std::move(saved);
  }
  return false;
}

// Leaves row `i` open (its end blank); false if a rule then fires.
bool LeaveOpen(RowFactory& rows, const spec::Rule& rule, const Row* parent, Unit& made, size_t i) {
  std::string saved = std::move(made.rows[i].values[rule.end_item]);
  made.rows[i].values[rule.end_item].clear();
  if (Quiet(rows, rule.table, parent, made, i)) return true;
  made.rows[i].values[rule.end_item] = std::move(saved);
  return false;
}

}  // namespace

bool HasSuccessorRule(const spec::Spec& spec, int table) {
  for (int r : spec.tables[table].group_rules) {
    if (spec.rules[r].kind == spec::RuleKind::kSuccessor) return true;
  }
  return false;
}

Status ChainSuccessors(const Context& context, RowFactory& rows, int table, const Row* parent,
                       Unit& made) {
  const spec::Spec& spec = context.rules->spec();
  for (int r : spec.tables[table].group_rules) {
    const spec::Rule& rule = spec.rules[r];
    if (rule.kind != spec::RuleKind::kSuccessor) continue;
    bool chained = false;
    for (int pass = 0; pass < kChainPasses && !chained; ++pass) {
      chained = true;
      for (size_t i = 0; i < made.rows.size(); ++i) {
        if (!LacksSuccessor(spec, rule, made, static_cast<int>(i), {})) continue;
        chained = false;
        if (!HandOver(rows, rule, parent, made, i) && !LeaveOpen(rows, rule, parent, made, i)) {
          break;
        }
      }
    }
    if (!chained) {
      return Status::SpecError("cannot make " + spec.tables[table].idb_name + " rows that rule " +
                               rule.code +
                               " leaves quiet: a row that ends needs another to take over; give "
                               "the items values in generate.csv");
    }
  }
  return Status::Ok();
}

}  // namespace mhds::generate
