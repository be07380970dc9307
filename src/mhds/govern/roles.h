// Governance roles held as data: which person of the landing service may act in which role of
// the workflow (specs/governance/transitions.csv). The applicant role is held for one
// organisation (ODS code) and reaches only that organisation's applications; every other role
// (case_officer, panel, approver, dissemination, auditor, checker) belongs to the team that runs
// data access and is held without an organisation. Grants and revocations are rows of the
// append-only table gov_role_grants: the latest row for a user, role and organisation decides.
//
// The CLI does not consult these roles: whoever runs `mhds govern` with access to the store is an
// operator and names the actor and role themself (docs/governance.md).
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "mhds/base/result.h"
#include "mhds/govern/inputs.h"
#include "mhds/govern/workflow.h"
#include "mhds/store/database.h"

namespace mhds::govern {

// The role that is held for an organisation and reaches only its applications.
inline constexpr char kApplicantRole[] = "applicant";
// The role that votes on outputs of the secure environment (a step with no transition).
inline constexpr char kCheckerRole[] = "checker";

struct HeldRole {
  std::string role;
  std::string org_ods;  // the applicant's organisation; empty for every other role
  std::string granted_by;
  int64_t granted_at = 0;
};

// The roles a person may be granted: every role of transitions.csv and kCheckerRole.
std::set<std::string> GrantableRoles(const Workflow& workflow);

// Grants (`grant` true) or revokes a role. `org_ods` is required for kApplicantRole and must be
// empty for the others. kInvalidArgument naming what is wrong (an unknown role, a missing or
// superfluous organisation, a grant already held, a revocation of a role not held).
Status SetRole(store::Database& db, const Workflow& workflow, int64_t user_id,
               const std::string& username, const std::string& role, const std::string& org_ods,
               bool grant, const Actor& by);

// The roles `user_id` holds now, ordered by role and organisation.
Result<std::vector<HeldRole>> RolesOf(store::Database& db, int64_t user_id);

// True when `roles` include `role` (for kApplicantRole: for `org_ods`).
bool Holds(const std::vector<HeldRole>& roles, std::string_view role, std::string_view org_ods);

}  // namespace mhds::govern
