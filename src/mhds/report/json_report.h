// The JSON DQ report: everything the validator found, for programs (the landing service, a
// provider's own dashboards). The schema is documented in docs/dq_report_format.md and is kept
// stable: fields may be added, none renamed or removed without a new format_version.
#pragma once

#include <string>

#include "mhds/report/report_info.h"
#include "mhds/spec/spec.h"
#include "mhds/validate/validator.h"

namespace mhds::report {

// The JSON document for `result`, indented by two spaces with one finding per line, and no final
// newline. Invalid UTF-8 in submitted values is replaced by U+FFFD rather than failing. Never
// throws except std::bad_alloc. `result` must have been produced with `spec`.
std::string JsonReport(const spec::Spec& spec, const validate::ValidationResult& result,
                       const ReportInfo& info);

}  // namespace mhds::report
