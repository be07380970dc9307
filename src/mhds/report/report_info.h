// ReportInfo: what a report says about its own making (tool, spec folder, when, how long), as
// opposed to what the validator found. The caller fills it in; the report writers only copy it, so
// the same result rendered twice with the same ReportInfo gives byte-identical reports.
#pragma once

#include <string>

namespace mhds::report {

struct ReportInfo {
  // The specification folder the submission was checked against, as the user named it.
  std::string spec_folder;
  // The tool and its version, e.g. "mhds 0.1.0".
  std::string tool_version;
  // When the report was generated, CCYY-MM-DDThh:mm:ss UTC (base/calendar.h FormatDateTime).
  std::string generated_at;
  // Wall-clock seconds the validation took.
  double elapsed_seconds = 0;
};

}  // namespace mhds::report
