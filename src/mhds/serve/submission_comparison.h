// Comparing two submissions of one organisation and data set, for the API and the web page: the
// later one is the submission of the path; the earlier one is named by `with`, or, when `with` is
// empty, is the latest earlier submission of the same month whose report is ready (what a data
// lead means by "what did my resubmission change").
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "mhds/serve/findings_comparison.h"
#include "mhds/serve/service_paths.h"
#include "mhds/serve/submissions.h"
#include "mhds/store/database.h"

namespace mhds::serve {

struct SubmissionComparison {
  int http_status = 200;  // 400 bad `with`, 404 no such earlier submission, 409 report not ready
  std::string error;
  Submission before;
  Submission after;
  FindingsComparison findings;
};

// `after` must already be authorised and found for the request's organisation and data set; the
// earlier submission is looked up in the same organisation and data set only.
SubmissionComparison CompareSubmissions(store::Database& db, const ServicePaths& paths,
                                        const Submission& after, std::string_view with);

// {"before": {id, period, uploaded_at, status, findings}, "after": {...}, "fixed", "new",
// "unchanged", "rules": [{"code", "severity", "before", "after", "fixed", "new", "unchanged",
// "fixed_examples": [...], "new_examples": [...]}]}
nlohmann::json ComparisonJson(const SubmissionComparison& comparison);

}  // namespace mhds::serve
