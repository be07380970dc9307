// The JSON form of a submission, shared by the API's status and history answers.
#pragma once

#include <nlohmann/json.hpp>

#include "mhds/serve/service_paths.h"
#include "mhds/serve/submissions.h"

namespace mhds::serve {

// Every field of docs/api.md's submission object; "report" lists the report files' URLs once
// validation has written them.
nlohmann::json SubmissionJson(const Submission& s, const ServicePaths& paths);

// /api/v1/orgs/{org}/datasets/{dataset}/submissions/{id}
std::string SubmissionApiPath(const Submission& s);

}  // namespace mhds::serve
