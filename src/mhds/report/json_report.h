// The JSON DQ report: everything the validator found, for programs (the landing service, a
// provider's own dashboards). The schema is documented in docs/dq_report_format.md and is kept
// stable: fields may be added, none renamed or removed without a new format_version.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

#include "mhds/base/status.h"
#include "mhds/report/report_info.h"
#include "mhds/spec/spec.h"
#include "mhds/validate/validator.h"

namespace mhds::report {

// The JSON document for `result`, indented by two spaces with one finding per line, and no final
// newline. Invalid UTF-8 in submitted values is replaced by U+FFFD rather than failing. Never
// throws except std::bad_alloc. `result` must have been produced with `spec`.
std::string JsonReport(const spec::Spec& spec, const validate::ValidationResult& result,
                       const ReportInfo& info);

// The same document, handed to `sink` piece by piece (a finding at a time), so that a report of a
// million findings never sits in memory whole.
void WriteJsonReport(const spec::Spec& spec, const validate::ValidationResult& result,
                     const ReportInfo& info, const std::function<void(std::string_view)>& sink);

// The same document followed by a newline, written atomically to `path`.
Status WriteJsonReportFile(const spec::Spec& spec, const validate::ValidationResult& result,
                           const ReportInfo& info, const std::filesystem::path& path);

}  // namespace mhds::report
