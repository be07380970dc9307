// Conformance: how far a mapping goes towards a full submission, in the shape of the national
// system conformance checklist. For each table and item of the data set: does the mapping feed it
// (from a column, from a constant, or not at all), what is its mandation, and what would leaving
// it out cost: the rules of the spec that reject or warn when it is blank (record level) or that
// break a link between tables (group level, cascading to the rows below).
#pragma once

#include <string>
#include <vector>

#include "mhds/mapping/mapping.h"

namespace mhds::mapping {

enum class Feed { kColumn, kConstant, kNothing };

// A rule that fires when an item (or a table) is missing.
struct MissingCost {
  std::string code;
  spec::Level level = spec::Level::kRecord;
  spec::Severity severity = spec::Severity::kReject;
  std::string note;  // "when CareContCancelDate is populated", "rows of MHS201CareContact"
};

struct ItemConformance {
  int item = -1;  // in the spec table
  char mandation = 'O';
  Feed feed = Feed::kNothing;
  std::string fed_by;  // "column 'Appt Date' of contacts", "constant", ""
  std::vector<MissingCost> if_missing;
};

struct TableConformance {
  int table = -1;
  bool mapped = false;
  std::vector<ItemConformance> items;   // every item of the spec table, in spec order
  std::vector<MissingCost> if_missing;  // when the table is not sent at all
  int mandatory = 0, mandatory_mapped = 0;
  int required = 0, required_mapped = 0;
  int optional = 0, optional_mapped = 0;  // O and P
};

// One entry per spec table, in spec order. `mapping` must be resolved against `spec`.
std::vector<TableConformance> CheckConformance(const Mapping& mapping, const spec::Spec& spec);

// "reject" for a rejection, "warning" for either warning severity.
std::string_view CostSeverity(const MissingCost& cost);

}  // namespace mhds::mapping
