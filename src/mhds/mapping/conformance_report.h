// The conformance checklist (mapping/conformance.h) written out: a terminal table, a CSV file for
// a spreadsheet (one row per item of the data set, every text cell escaped as report/csv_writer.h
// does) and JSON.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "mhds/mapping/conformance.h"

namespace mhds::mapping {

struct ConformanceTotals {
  int tables = 0, tables_mapped = 0;
  int mandatory_tables = 0, mandatory_tables_mapped = 0;
  int mandatory = 0, mandatory_mapped = 0;  // items of mapped tables
  int required = 0, required_mapped = 0;
  int optional = 0, optional_mapped = 0;
};
ConformanceTotals SumConformance(const std::vector<TableConformance>& tables,
                                 const spec::Spec& spec);

struct ConformanceTextOptions {
  bool color = false;
  bool all_tables = false;  // also list tables neither mapped nor mandatory
};
void PrintConformance(const std::vector<TableConformance>& tables, const LoadedMapping& loaded,
                      std::ostream& out, const ConformanceTextOptions& options);

// Every item of every table, mapped or not.
std::string ConformanceCsv(const std::vector<TableConformance>& tables, const spec::Spec& spec);

nlohmann::json ConformanceJson(const std::vector<TableConformance>& tables,
                               const LoadedMapping& loaded);

}  // namespace mhds::mapping
