// What changed between two versions of a data set, listed the way a national change
// specification reads: tables added and removed, items added and removed, items whose format,
// type, mandation or code list changed, codes added to and removed from each code list, and
// rules added, removed or changed. `mhds spec diff A B` prints it.
#pragma once

#include <string>
#include <vector>

#include "mhds/spec/spec.h"

namespace mhds::spec {

struct SpecChange {
  enum class Section { kDataSet, kTable, kItem, kCodeList, kCode, kRule };
  enum class Kind { kAdded, kRemoved, kChanged };
  Section section = Section::kTable;
  Kind kind = Kind::kAdded;
  std::string table;      // table code; for codes and code lists, the list's name
  std::string subject;    // the table code, item short name, code or rule code
  std::string attribute;  // for kChanged: what changed ("mandation", "format", "severity" ...)
  std::string before;     // for kChanged: the old value; for kRemoved, a description
  std::string after;      // for kChanged: the new value; for kAdded, a description
};

std::string_view SectionName(SpecChange::Section section);  // "table", "item" ...
std::string_view ChangeKindName(SpecChange::Kind kind);     // "added", "removed", "changed"

struct SpecDiff {
  std::vector<SpecChange> changes;  // by section, then in the new version's order
  size_t Count(SpecChange::Section section, SpecChange::Kind kind) const;
};

// The changes that turn `from` into `to`. Tables match by code, items by table and short name
// (ignoring case), code lists by name, rules by code. Items, codes and rules of a table or list
// that is wholly added or removed are listed too, so that each new item and rule is named.
SpecDiff DiffSpecs(const Spec& from, const Spec& to);

}  // namespace mhds::spec
