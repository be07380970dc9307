// FileDefect: a defect of a submission's files rather than of a row (a mandatory table or column
// missing, a header table without its row, a column given twice, a column or file the spec does
// not know). The generator plants one alone, in a submission of its own: most of these reject
// the whole file, which hides every other finding, so they cannot be scored beside other defects.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "mhds/base/result.h"
#include "mhds/generate/shape.h"
#include "mhds/spec/spec.h"

namespace mhds::generate {

// The column and file names planted by unknown_column and unknown_table: no data set has them.
inline constexpr std::string_view kUnknownColumnName = "MhdsNotAnItem";
inline constexpr std::string_view kUnknownTableName = "MhdsNotATable";

struct FileDefect {
  int rule = -1;  // the rule planted, or -1 for none
  spec::RuleKind kind = spec::RuleKind::kUnsupported;
  int table = -1;  // the table concerned; -1 for an unknown table
  int item = -1;   // the column missing or given twice, or -1
  // True when the submission must hold no patient: every patient row hangs below the missing
  // table, so each would be orphaned and found on its own.
  bool no_patients = false;
};

// True for the rule kinds a FileDefect plants (the structural checks of docs/spec_format.md).
bool IsFileDefectKind(spec::RuleKind kind);

// Where to plant `rule` (of a file-defect kind) under `shape`: `choice` (the seed) picks among
// the tables that can take it, so that several seeds cover several tables. kInvalidArgument
// naming the rule when no table of the shape can take it.
Result<FileDefect> ChooseFileDefect(const spec::Spec& spec, const Shape& shape, int rule,
                                    uint64_t choice);

}  // namespace mhds::generate
