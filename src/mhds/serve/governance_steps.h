// The governance steps of the landing service, shared by the JSON API and the web pages: each
// authorises the signed-in viewer for the role the workflow gives the step (governance_access.h),
// takes the step as that user (the ledger records their user id) and says how it went as an HTTP
// status, an error text and a JSON body. Inputs are JSON objects (the API's bodies; the pages
// build the same objects from their forms, so values may also be strings: "on" or "true" for a
// flag, digits for a number, one line per condition).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "mhds/govern/workflow.h"
#include "mhds/serve/governance_access.h"
#include "mhds/serve/service.h"

namespace mhds::serve {

struct GovernanceOutcome {
  int http_status = 200;  // 200/201 done; 404 unseen; 403 role not held; 409 refused; 503
  std::string error;
  nlohmann::json body = nlohmann::json::object();
  bool ok() const { return http_status < 300; }
};

// The steps on an existing application, by the name used in the API path:
//   version, act, review, decision, agreement, release, audit, destruction, output_check,
//   output_release
bool IsGovernanceStep(const std::string& step);

// Records a new application (its first version, which opens the enquiry). The viewer must hold
// the applicant role for the application's "applicant" organisation.
GovernanceOutcome OpenApplication(Service& service, store::Database& db,
                                  const govern::Workflow& workflow, const GovernanceViewer& viewer,
                                  const nlohmann::json& application);

// Takes `step` on application `reference` with `input`.
GovernanceOutcome TakeGovernanceStep(Service& service, store::Database& db,
                                     const govern::Workflow& workflow,
                                     const GovernanceViewer& viewer, const std::string& reference,
                                     const std::string& step, const nlohmann::json& input);

// Records that a panel condition is met: by the application's applicant or a case officer.
// input: {"evidence_sha256": "..."} (optional).
GovernanceOutcome MeetCondition(Service& service, store::Database& db,
                                const govern::Workflow& workflow, const GovernanceViewer& viewer,
                                int64_t condition_id, const nlohmann::json& input);

}  // namespace mhds::serve
