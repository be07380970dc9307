#include "mhds/govern/roles.h"

#include <map>
#include <utility>

#include "mhds/base/status_macros.h"
#include "mhds/base/text.h"

namespace mhds::govern {

std::set<std::string> GrantableRoles(const Workflow& workflow) {
  std::set<std::string> roles = {kCheckerRole};
  for (const Transition& t : workflow.transitions()) roles.insert(t.role);
  return roles;
}

Status SetRole(store::Database& db, const Workflow& workflow, int64_t user_id,
               const std::string& username, const std::string& role, const std::string& org_ods,
               bool grant, const Actor& by) {
  const std::set<std::string> grantable = GrantableRoles(workflow);
  if (grantable.count(role) == 0) {
    return Status::InvalidArgument(
        "role '" + role + "' is not one of " +
        Join(std::vector<std::string>(grantable.begin(), grantable.end()), ", "));
  }
  if (role == kApplicantRole && org_ods.empty()) {
    return Status::InvalidArgument("role applicant is held for an organisation: give its ODS code");
  }
  if (role != kApplicantRole && !org_ods.empty()) {
    return Status::InvalidArgument("role " + role +
                                   " is not held for an organisation: give no ODS code");
  }
  MHDS_ASSIGN_OR_RETURN(auto tx, db.Begin());
  MHDS_ASSIGN_OR_RETURN(std::vector<HeldRole> held, RolesOf(db, user_id));
  const bool holds = Holds(held, role, org_ods);
  const std::string what = role + (org_ods.empty() ? "" : " for " + org_ods);
  if (grant && holds) return Status::InvalidArgument(username + " already holds " + what);
  if (!grant && !holds) return Status::InvalidArgument(username + " does not hold " + what);
  MHDS_RETURN_IF_ERROR(
      db.Exec("INSERT INTO gov_role_grants (user_id, username, role, org_ods, "
              "granted, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
              {user_id, username, role, org_ods, int64_t{grant ? 1 : 0}, by.name, by.at})
          .status());
  return tx.Commit();
}

Result<std::vector<HeldRole>> RolesOf(store::Database& db, int64_t user_id) {
  MHDS_ASSIGN_OR_RETURN(auto rows,
                        db.Query("SELECT role, org_ods, granted, recorded_by, recorded_at FROM "
                                 "gov_role_grants WHERE user_id = ? ORDER BY id",
                                 {user_id}));
  // Later rows supersede earlier ones for the same role and organisation.
  std::map<std::pair<std::string, std::string>, HeldRole> latest;
  for (const auto& row : rows) {
    std::pair<std::string, std::string> key{row.Text(0), row.Text(1)};
    if (row.Int(2) == 1) {
      latest[key] = HeldRole{row.Text(0), row.Text(1), row.Text(3), row.Int(4)};
    } else {
      latest.erase(key);
    }
  }
  std::vector<HeldRole> out;
  for (auto& [key, role] : latest) out.push_back(std::move(role));
  return out;
}

bool Holds(const std::vector<HeldRole>& roles, std::string_view role, std::string_view org_ods) {
  for (const HeldRole& r : roles) {
    if (r.role == role && (role != kApplicantRole || r.org_ods == org_ods)) return true;
  }
  return false;
}

}  // namespace mhds::govern
