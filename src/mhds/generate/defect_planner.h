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
  // Roots the defect causes besides its own (rule, unit row): the parent findings of rows it
  // orphans by breaking a key or join item, or a has_child finding of a row left childless.
  std::vector<std::pair<int, int>> also;
};

class DefectPlanner {
 public:
  DefectPlanner(const Shape& shape, const Context& context, RowFactory& rows, Rng& rng);

  // Why `rule` can never be planted in a generated unit, or "" if it can be tried.
  std::string WhyNot(int rule) const;

  // True if planting `rule` breaks a key or join item, orphaning the rows that name it.
  bool Orphans(int rule) const;

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
  bool PlantNoSuccessor(int rule, int row, Unit& unit, PlantedDefect& out);
  // True if CheckUnit finds `rule` on exactly `rows` and nothing else at a root.
  bool FindsExactly(const Unit& unit, int rule, std::vector<int> rows) const;
  std::vector<std::string> BrokenValues(int rule, int row, const Unit& unit) const;
  // How far a change of `item` of `table` can reach beyond its row.
  enum class Reach {
    kRow,            // no further
    kJoins,          // a key, join or reference item: rows of the unit can lose their parent
    kOtherPatients,  // an item a duplicate rule holds unique across the table, not per patient
  };
  // With `alone` (one defect in the submission), kOtherPatients is kRow.
  Reach ItemReach(int table, int item, bool alone) const;
  // For a defect on a key or join item: true if CheckUnit finds `rule` at `row`, and otherwise
  // only rejecting parent and has_child roots on other rows (the rows it orphans), put in `also`.
  bool FindsWithOrphans(const Unit& unit, int rule, int row,
                        std::vector<std::pair<int, int>>& also) const;
  // True for a rule planted alone in its submission (AllowAlone, and a header or file rule).
  bool Alone(const spec::Rule& rule) const;

  const Shape& shape_;
  const Context& context_;
  const spec::Spec& spec_;
  RowFactory& rows_;
  Rng& rng_;
  // joined_[table][item]: some row finds another through this item (a join to the parent, a
  // key that children, references or has_child rules name, a reference to another table).
  std::vector<std::vector<bool>> joined_;
  // Items of the header that rules of other tables read (the period, the provider ...).
  std::vector<bool> read_by_rows_;
  bool allow_alone_ = false;
};

}  // namespace mhds::generate
