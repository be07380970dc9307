// report.html: the DQ report as one self-contained page a provider's data lead opens in a browser.
// Inline CSS only: no script, no external asset, and a Content-Security-Policy that forbids both,
// so the page works offline and a submitted value can never run as code. Sections, in order: the
// verdict (and why, if rejected), the submission, counts per table, root causes ranked by rows
// restored, then findings grouped by rule code with up to kMaxFindingsPerCode of each.
#pragma once

#include <cstddef>
#include <string>

#include "mhds/report/report_info.h"
#include "mhds/spec/spec.h"
#include "mhds/validate/validator.h"

namespace mhds::report {

// Findings listed under each rule code; the rest are counted and left to findings.csv.
inline constexpr size_t kMaxFindingsPerCode = 200;
// Root causes listed; the rest are counted and left to root_causes.csv.
inline constexpr size_t kMaxRootCausesShown = 100;

// The page for `result`. Every text taken from the spec or the submission is HTML-escaped.
// `result` must have been produced with `spec`.
std::string HtmlReport(const spec::Spec& spec, const validate::ValidationResult& result,
                       const ReportInfo& info);

}  // namespace mhds::report
