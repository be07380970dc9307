// RowFactory: makes rows that no record rule fires on, for any table of a spec, from the shape's
// item settings, the items' formats and code lists, and the rules' bounds; gives keys that never
// repeat and NHS Numbers from the 999 test range.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "mhds/base/result.h"
#include "mhds/generate/shape.h"
#include "mhds/generate/unit.h"
#include "mhds/generate/value_maker.h"

namespace mhds::generate {

class RowFactory {
 public:
  RowFactory(const Shape& shape, const Context& context, Rng& rng);

  // Makes a row of `table` under `parent` (null for a table without one) into `out`, trying
  // again while a record rule fires or a duplicate rule of the table would match one of
  // `siblings` (rows of the same table that share its scope). kSpecError naming the rules if no
  // valid row is found: the shape or the generator cannot satisfy the spec.
  Status Make(int table, const Row* parent, const std::vector<const Row*>& siblings, Row& out);

  // True if no record rule fires on `row` and no duplicate rule of the table matches it with one
  // of `siblings`: what Make() asks of a row, for a row changed after it was made.
  bool Quiet(int table, const Row& row, const Row* parent, const std::vector<const Row*>& siblings);

  // A value for a key item that no row of the table has had (prefix and counter, fitted to the
  // item's format).
  std::string NewKey(int table, int item);

  // A value for `item` as Make() would give it, given the rest of `row`.
  void MakeValue(int table, int item, const Row& row, const Row* parent, std::string& out);

  const ValueMaker& values() const { return values_; }

 private:
  void Fill(int table, const Row* parent, Row& out);
  bool FillsByDefault(int table, int item) const;
  bool CollidesWith(int table, const Row& row, const std::vector<const Row*>& siblings) const;

  const Shape& shape_;
  const Context& context_;
  const spec::Spec& spec_;
  Rng& rng_;
  ValueMaker values_;
  uint64_t nhs_cursor_ = 0;
  // NHS Numbers drawn for a row that was then drawn again: used first, so that retries do not
  // use up the 999 test range (about 909,000 numbers).
  std::vector<std::string> returned_nhs_;
  std::vector<std::vector<uint64_t>> key_counters_;        // by table, item
  std::vector<std::vector<int>> item_order_;               // by table: the order items are made in
  std::vector<std::vector<bool>> is_key_;                  // by table, item: a generated unique key
  std::vector<std::vector<bool>> is_set_elsewhere_;        // join and reference items
  std::vector<std::vector<bool>> fills_by_default_;        // by table, item: see FillsByDefault
  std::vector<std::vector<const ItemSetting*>> settings_;  // by table, item: the shape's, or null
  // By table: the items Fill() makes, in item_order_, with how: a new key, the shape's setting,
  // or (neither) a value made as by default.
  struct Step {
    int item = 0;
    bool key = false;
    const ItemSetting* setting = nullptr;
  };
  std::vector<std::vector<Step>> steps_;
  std::vector<int> fired_;
};

}  // namespace mhds::generate
