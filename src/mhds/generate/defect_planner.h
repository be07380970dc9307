// DefectPlanner: plants one defect in a generated unit so that the validator must find exactly
// one named rule at the root, and knows which rules it can plant at all. Every plant is proved by
// CheckUnit before it is kept: if a broken value would trip a second rule too, the plant is undone
// and another value, row or rule is tried.
#pragma once

#include <string>
#include <vector>

#include "mhds/generate/row_factory.h"
#include "mhds/generate/unit.h"

namespace mhds::generate {

struct PlantedDefect {
  int rule = -1;
  std::vector<int> rows;  // unit rows the rule's findings are about (two for a duplicate)
  int item = -1;          // the item broken, or -1
  std::string value;      // the value planted in it
};

class DefectPlanner {
 public:
  DefectPlanner(const Shape& shape, const Context& context, RowFactory& rows, Rng& rng);

  // Why `rule` can never be planted in a generated unit, or "" if it can be tried.
  std::string WhyNot(int rule) const;

  // Lets rules of the header and file-level rules be planted (a header rule in a unit holding the
  // header row): only for a submission that carries that one defect, since a rejected header or
  // a file-level finding rejects the whole file, hiding everything else.
  void AllowAlone() { allow_alone_ = true; }

  // Tries to plant `rule` into `unit`. On success the unit holds the defect and `out` says where;
  // on failure (no row of the unit takes it with exactly this one finding) the unit is unchanged.
  bool Plant(int rule, Unit& unit, PlantedDefect& out);

 private:
  bool PlantOn(int rule, int row, Unit& unit, PlantedDefect& out);
  bool PlantValue(int rule, int row, Unit& unit, PlantedDefect& out);
  bool PlantDuplicate(int rule, int row, Unit& unit, PlantedDefect& out);
  bool PlantParent(int rule, int row, Unit& unit, PlantedDefect& out);
  bool PlantMissingChild(int rule, int row, Unit& unit, PlantedDefect& out);
  // True if CheckUnit finds `rule` on exactly `rows` and nothing else at a root.
  bool FindsExactly(const Unit& unit, int rule, std::vector<int> rows) const;
  std::vector<std::string> BrokenValues(int rule, int row, const Unit& unit) const;
  // True if changing `item` of `table` could orphan rows or reach another patient (a key, join,
  // or group rule item); with `alone`, items of duplicate rules are free.
  bool Protected(int table, int item, bool alone) const;
  // True for a rule planted alone in its submission (AllowAlone, and a header or file rule).
  bool Alone(const spec::Rule& rule) const;

  const Shape& shape_;
  const Context& context_;
  const spec::Spec& spec_;
  RowFactory& rows_;
  Rng& rng_;
  bool allow_alone_ = false;
};

}  // namespace mhds::generate
