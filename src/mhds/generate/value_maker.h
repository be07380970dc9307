// ValueMaker: makes one valid value for an item from its format, type and code list, and places
// dates, date-times and times inside what the item's compare and age rules allow given the values
// already in the row, its header and its parent row. Deterministic for a given Rng state.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "mhds/generate/record_rules.h"
#include "mhds/generate/rng.h"
#include "mhds/generate/shape.h"

namespace mhds::generate {

// A closed range of values on an item's own scale (days for dates, seconds for date-times and
// times), possibly pinned to one value by an "ne" rule (which fires unless the values are equal).
struct Bounds {
  int64_t lo = INT64_MIN;
  int64_t hi = INT64_MAX;
  std::optional<int64_t> exact;
  std::optional<std::string> exact_text;  // for text compared with "ne"
};

class ValueMaker {
 public:
  explicit ValueMaker(const RecordRules& rules);

  // What the item's compare and age rules allow, given the row's other values (blank ones are
  // ignored, so items are best made in the order their rules refer to each other).
  Bounds Allowed(int table, int item, const Row& row, const Row* header, const Row* parent) const;

  // A valid value for row[item], written to `out`. `range` (from the shape) narrows dates.
  void Make(int table, int item, const Row& row, const Row* header, const Row* parent,
            const Choice* range, Rng& rng, std::string& out) const;

  // Text of `value` on the scale of `type` (days for dates, seconds otherwise).
  static std::string ScaledText(int64_t value, spec::ValueType type);
  // ScaledText appended to `out`.
  static void AppendScaledText(std::string& out, int64_t value, spec::ValueType type);

 private:
  const RecordRules& rules_;
  // By table, then item: the compare and age rules that bound the item.
  std::vector<std::vector<std::vector<int>>> bounding_rules_;
};

// The next Modulus 11 NHS Number in the 999 test range after `cursor` (advanced), along a fixed
// permutation, so numbers never repeat for one cursor. nullopt past the range's end (about
// 909,000 numbers).
std::optional<std::string> NextTestNhsNumber(uint64_t& cursor);

// A SNOMED CT concept identifier (short format, Verhoeff check digit) made from `body`.
std::string SnomedConceptId(uint64_t body);

// Floor and ceiling of a / b for b > 0, also for negative a.
int64_t FloorDiv(int64_t a, int64_t b);
int64_t CeilDiv(int64_t a, int64_t b);

}  // namespace mhds::generate
