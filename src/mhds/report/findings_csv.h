// The two CSV files of mhds's own report, for a data lead working in a spreadsheet:
// findings.csv     one row per finding, every field of the JSON finding, plus the root of its
//                  cascade so that rows can be filtered by what caused them;
// root_causes.csv  one row per root cause, ranked by rows restored, with its cascade by table.
// Columns are described in docs/dq_report_format.md.
#pragma once

#include <string>

#include "mhds/spec/spec.h"
#include "mhds/validate/validator.h"

namespace mhds::report {

// Columns: id,code,level,severity,table,row,line,keys,item,value,message,cause,root
std::string FindingsCsv(const spec::Spec& spec, const validate::ValidationResult& result);

// Columns: rank,finding,code,table,row,keys,message,rows_rejected,rows_restored,cascade
std::string RootCausesCsv(const spec::Spec& spec, const validate::ValidationResult& result);

}  // namespace mhds::report
