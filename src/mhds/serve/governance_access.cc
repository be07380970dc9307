#include "mhds/serve/governance_access.h"

namespace mhds::serve {

bool GovernanceViewer::staff() const {
  for (const govern::HeldRole& r : roles) {
    if (r.role != govern::kApplicantRole) return true;
  }
  return false;
}

bool GovernanceViewer::CanSee(const std::string& applicant_ods) const {
  return staff() || govern::Holds(roles, govern::kApplicantRole, applicant_ods);
}

bool GovernanceViewer::CanActAs(const std::string& role, const std::string& applicant_ods) const {
  return govern::Holds(roles, role, applicant_ods);
}

GovernanceViewer ViewerFor(Service& service, store::Database& db, const httplib::Request& req) {
  GovernanceViewer viewer;
  viewer.check = CheckSignedIn(service, db, req);
  if (!viewer.check.allowed()) return viewer;
  auto roles = govern::RolesOf(db, viewer.check.principal.user_id);
  if (!roles.ok()) {
    service.Log("governance roles: " + roles.status().message());
    viewer.check.http_status = 503;
    viewer.check.error = "the store is unavailable; try again shortly";
    return viewer;
  }
  const account::Principal& who = viewer.check.principal;
  for (govern::HeldRole& r : *roles) {
    // A token reaches one organisation, and only as its applicant.
    if (who.token_id != 0 && (r.role != govern::kApplicantRole || r.org_ods != who.token_org)) {
      continue;
    }
    viewer.roles.push_back(std::move(r));
  }
  return viewer;
}

}  // namespace mhds::serve
