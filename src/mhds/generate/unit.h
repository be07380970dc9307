// Unit: one generated patient with everything below it in the table hierarchy, held in memory
// until it is written, so that a defect can be planted in it and its whole consequence (the rows
// the validator must reject with it) computed before any of it reaches a file. Units share no
// key values, so a defect's cascade never leaves its unit.
#pragma once

#include <cstdint>
#include <vector>

#include "mhds/generate/record_rules.h"

namespace mhds::generate {

struct UnitRow {
  int table = -1;
  int parent = -1;  // index in Unit::rows of the row it was made under, or -1
  Row values;
  bool removed = false;  // dropped by a defect: not written
};

struct Unit {
  std::vector<UnitRow> rows;  // parents before their children
};

// The values the rows of a unit are checked against outside the unit.
struct Context {
  const RecordRules* rules = nullptr;
  const Row* header = nullptr;
  // Rows generated once per submission (staff, teams ...), by spec table index.
  const std::vector<std::vector<Row>>* submission_rows = nullptr;
};

// What the validator must find in a unit: every finding that no other finding causes (rule index
// and unit row), and which rows end up rejected once cascades reach their fixed point.
struct UnitOutcome {
  struct Root {
    int rule = -1;
    int row = -1;
  };
  std::vector<Root> roots;
  std::vector<bool> rejected;  // by unit row
};

// Evaluates every record rule, and the duplicate, parent and has_child rules, over the unit as the
// spec defines them (docs/spec_format.md), then cascades rejections down through parent rules and
// up through has_child rules until nothing changes.
UnitOutcome CheckUnit(const Context& context, const Unit& unit);

// The row of the unit that `row`'s join items name in its parent table (the first if several), or
// -1. Removed rows are never found.
int FindParent(const spec::Spec& spec, const Unit& unit, int row);

// True if `row` ends something that rule `rule` (a successor rule of its table) asks another row
// to take over, and no row of the unit does: one sharing the rule's items, not removed, not
// marked in `rejected` (by unit row; empty for none), starting from the end to the end plus the
// rule's offset, with another value of the rule's differ item.
bool LacksSuccessor(const spec::Spec& spec, const spec::Rule& rule, const Unit& unit, int row,
                    const std::vector<bool>& rejected);

// True if the rows agree on every item in `items` (indices within their table).
bool SameValues(const Row& a, const Row& b, const std::vector<int>& items);

// True if `row`'s `items` equal `other`'s `other_items` pair by pair, ignoring surrounding spaces
// (how a join item finds its parent).
bool Joins(const Row& row, const std::vector<int>& items, const Row& other,
           const std::vector<int>& other_items);

}  // namespace mhds::generate
