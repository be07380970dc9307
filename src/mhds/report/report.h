// The front door of report/: renders a ValidationResult as the DQ reports a provider reads — a
// terminal summary, a JSON document, the four national feedback CSVs, mhds's own findings and
// root-cause CSVs, and one HTML page. Every writer is a pure function of (spec, result, info), so
// they may run on several threads at once. docs/dq_report_format.md describes every file.
#pragma once

#include <filesystem>

#include "mhds/base/status.h"
#include "mhds/report/atomic_file.h"
#include "mhds/report/findings_csv.h"
#include "mhds/report/html_report.h"
#include "mhds/report/json_report.h"
#include "mhds/report/national_csv.h"
#include "mhds/report/report_files.h"
#include "mhds/report/report_info.h"
#include "mhds/report/terminal_summary.h"
#include "mhds/spec/spec.h"
#include "mhds/validate/validator.h"

namespace mhds::report {

// Writes every report file (kReportFiles: report.json, the four national CSVs, findings.csv,
// root_causes.csv, report.html) into `dir`, creating it with mode 0700 if missing. Each file is
// written atomically with mode 0600, one at a time, so memory holds one file's text at once.
// kIoError naming the path on the first failure; files already written stay.
Status WriteReportDir(const spec::Spec& spec, const validate::ValidationResult& result,
                      const ReportInfo& info, const std::filesystem::path& dir);

}  // namespace mhds::report
