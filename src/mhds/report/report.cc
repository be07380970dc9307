// WriteReportDir: every report file, one at a time, so only one file's text is in memory at once.
#include "mhds/report/report.h"

#include "mhds/base/status_macros.h"

namespace mhds::report {

Status WriteReportDir(const spec::Spec& spec, const validate::ValidationResult& result,
                      const ReportInfo& info, const std::filesystem::path& dir) {
  MHDS_RETURN_IF_ERROR(EnsureReportDir(dir));
  MHDS_RETURN_IF_ERROR(WriteFileAtomically(dir / kHtmlReportFile, HtmlReport(spec, result, info)));
  MHDS_RETURN_IF_ERROR(WriteJsonReportFile(spec, result, info, dir / kJsonReportFile));
  MHDS_RETURN_IF_ERROR(WriteFileAtomically(dir / kFindingsFile, FindingsCsv(spec, result)));
  MHDS_RETURN_IF_ERROR(WriteFileAtomically(dir / kRootCausesFile, RootCausesCsv(spec, result)));
  return WriteNationalCsv(spec, result, dir);
}

}  // namespace mhds::report
