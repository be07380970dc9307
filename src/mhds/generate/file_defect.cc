#include "mhds/generate/file_defect.h"

#include <algorithm>
#include <vector>

namespace mhds::generate {

using spec::RuleKind;

bool IsFileDefectKind(RuleKind kind) {
  switch (kind) {
    case RuleKind::kMissingTable:
    case RuleKind::kEmptyTable:
    case RuleKind::kMissingColumn:
    case RuleKind::kDuplicateColumn:
    case RuleKind::kUnknownColumn:
    case RuleKind::kUnknownTable:
      return true;
    default:
      return false;
  }
}

namespace {

// The first mandatory item that joins no rows: without a key or join column, rows of other
// tables would lose their parent or reference and be found too.
int FirstMandatoryItem(const spec::Table& table) {
  auto has = [](const std::vector<int>& v, int i) {
    return std::find(v.begin(), v.end(), i) != v.end();
  };
  for (size_t i = 0; i < table.items.size(); ++i) {
    const int item = static_cast<int>(i);
    if (table.items[i].mandation == 'M' && !has(table.key_items, item) &&
        !has(table.parent_items, item)) {
      return item;
    }
  }
  return -1;
}

}  // namespace

Result<FileDefect> ChooseFileDefect(const spec::Spec& spec, const Shape& shape, int r,
                                    uint64_t choice) {
  const spec::Rule& rule = spec.rules[r];
  FileDefect d;
  d.rule = r;
  d.kind = rule.kind;
  // Candidate tables: those the shape writes and the rule applies to (a rule of table "*"
  // applies to every table).
  std::vector<int> tables;
  for (const TableShape& ts : shape.tables) {
    if (rule.table >= 0 && rule.table != ts.table) continue;
    const spec::Table& t = spec.tables[ts.table];
    switch (rule.kind) {
      case RuleKind::kMissingTable:
        if (t.group_mandation != 'M') continue;
        break;
      case RuleKind::kEmptyTable:
        // The header is the table that must hold a row (the specs name it in the rule).
        if (ts.table != spec.header_table) continue;
        break;
      case RuleKind::kMissingColumn:
        if (FirstMandatoryItem(t) < 0) continue;
        break;
      default:
        break;
    }
    tables.push_back(ts.table);
  }
  if (rule.kind == RuleKind::kUnknownTable) {
    return d;
  }
  if (tables.empty()) {
    return Status::InvalidArgument("--defects: rule " + rule.code +
                                   " cannot be planted: no table of the shape can take it");
  }
  d.table = tables[choice % tables.size()];
  const spec::Table& t = spec.tables[d.table];
  if (rule.kind == RuleKind::kMissingColumn) d.item = FirstMandatoryItem(t);
  if (rule.kind == RuleKind::kDuplicateColumn) d.item = 0;
  d.no_patients = rule.kind == RuleKind::kMissingTable && d.table != spec.header_table;
  return d;
}

}  // namespace mhds::generate
