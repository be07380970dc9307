// Shape: how many rows of which tables a generated submission holds, and how chosen items are
// filled, read from a spec folder's generate.csv (format in docs/generate_and_score.md). The shape
// is data beside the spec, so a new data set version brings its own and needs no new code.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "mhds/base/result.h"
#include "mhds/spec/spec.h"

namespace mhds::generate {

// One way of filling an item, drawn with probability weight / (sum of the item's weights).
struct Choice {
  enum class Kind {
    kLiteral,   // exactly `text`
    kGenerate,  // "*": a value made from the item's format, code list and rules
    kBlank,     // "blank": left empty
    kDayRange,  // "@LO..HI": a date LO to HI days from the reporting period start
  };
  Kind kind = Kind::kGenerate;
  std::string text;
  int64_t lo = 0;
  int64_t hi = 0;
  uint64_t weight = 1;
};

struct ItemSetting {
  int item = -1;  // index within the table
  std::vector<Choice> choices;
  uint64_t total_weight = 0;
};

struct TableShape {
  enum class Per {
    kSubmission,  // rows for the whole submission (header, staff, teams)
    kPatient,     // rows per generated patient, at the top of the patient's hierarchy
    kParent,      // rows per row of the table's parent (tables.csv parent_table)
  };
  int table = -1;  // spec table index
  Per per = Per::kParent;
  int64_t min_rows = 1;
  int64_t max_rows = 1;
  std::vector<ItemSetting> items;
  uint64_t line = 0;  // in generate.csv, for messages

  const ItemSetting* Setting(int item) const;
};

struct Shape {
  std::vector<TableShape> tables;  // in file order; parents come before their children
  std::vector<int> by_table;       // spec table index -> index in `tables`, or -1
  // children[i]: indices in `tables` of the kParent tables whose parent is tables[i]
  std::vector<std::vector<int>> children;
};

// Reads `file` (normally <spec folder>/generate.csv) against `spec`. kNotFound if missing;
// kSpecError listing "file:line:column: problem" for unknown tables or items, bad counts, a
// kParent table whose parent has no shape, or a header that is not exactly one row.
Result<Shape> LoadShape(const spec::Spec& spec, const std::filesystem::path& file);

// Rows the shape makes on average: once per submission, and per patient (every patient-level
// table with everything below it, each table's count taken as the middle of its min and max).
// Used to turn `--rows` into a number of patients; planted defects are not counted.
struct RowEstimate {
  double per_submission = 0;
  double per_patient = 0;
};
RowEstimate EstimateRows(const Shape& shape);

}  // namespace mhds::generate
