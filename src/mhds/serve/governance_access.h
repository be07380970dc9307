// Who may see and do what with data access applications in the landing service. A signed-in
// user's governance roles are data (govern/roles.h): the applicant role, held for one
// organisation, reaches only that organisation's applications; the roles of the team that runs
// data access (case officer, panel, approver, dissemination, auditor, checker) reach every
// application. An API token acts only in the applicant role, for its own organisation: the
// team's roles need a signed-in session. Anyone else is told "not found", whether or not the
// application exists.
#pragma once

#include <httplib.h>

#include <memory>
#include <string>
#include <vector>

#include "mhds/govern/roles.h"
#include "mhds/govern/workflow.h"
#include "mhds/serve/access_check.h"
#include "mhds/serve/service.h"

namespace mhds::serve {

// What the governance endpoints share: the workflow, loaded once when the routes are registered
// (nullptr, with `error`, when specs/governance/ could not be loaded: every endpoint answers 503).
struct GovernanceContext {
  std::shared_ptr<const govern::Workflow> workflow;
  std::string error;
};

struct GovernanceViewer {
  AccessCheck check;  // authentication (and its refusal)
  std::vector<govern::HeldRole> roles;
  bool staff() const;  // holds a role other than applicant
  bool CanSee(const std::string& applicant_ods) const;
  // True when the viewer may act in `role` on an application of `applicant_ods`.
  bool CanActAs(const std::string& role, const std::string& applicant_ods) const;
};

// Authenticates the request and reads the user's governance roles (a token keeps only the
// applicant role of its organisation).
GovernanceViewer ViewerFor(Service& service, store::Database& db, const httplib::Request& req);

}  // namespace mhds::serve
