// Accounts: the authorisation check made for every request, and what a principal may see.
#include <algorithm>

#include "mhds/account/accounts.h"
#include "mhds/account/internal/account_rows.h"
#include "mhds/base/status_macros.h"

namespace mhds::account {

namespace {

Decision Allow(const Principal& principal) {
  Decision d;
  d.principal = principal;
  return d;
}

Decision Deny(Denial denial, std::string reason, const Principal& principal) {
  return Decision{denial, std::move(reason), principal};
}

}  // namespace

Result<Decision> Accounts::Authorise(const Credential& credential, std::string_view org_ods,
                                     std::string_view dataset, Action action) {
  MHDS_ASSIGN_OR_RETURN(auto principal, Authenticate(credential));
  if (!principal) {
    return Deny(Denial::kUnauthenticated, "please sign in (the session or token is not valid)",
                Principal{});
  }
  return Authorise(*principal, org_ods, dataset, action);
}

Result<Decision> Accounts::Authorise(const Principal& principal, std::string_view org_ods,
                                     std::string_view dataset, Action action) {
  if (action == Action::kAdminister) {
    if (principal.is_operator && principal.token_id == 0) return Allow(principal);
    return Deny(Denial::kForbidden, "this needs a platform operator", principal);
  }
  const std::string ods = internal::NormaliseOds(org_ods);
  const Decision not_found = Deny(Denial::kNotFound, internal::kNotFoundReason, principal);
  if (principal.token_id != 0 &&
      (ods != principal.token_org || (!dataset.empty() && dataset != principal.token_dataset))) {
    return not_found;  // a token reaches one organisation and data set, nothing else
  }
  if (!dataset.empty() && std::find(options_.datasets.begin(), options_.datasets.end(), dataset) ==
                              options_.datasets.end()) {
    return not_found;
  }
  MHDS_ASSIGN_OR_RETURN(auto org_id, internal::OrgIdByOds(db_, ods));
  if (!org_id) return not_found;
  MHDS_ASSIGN_OR_RETURN(auto grants, internal::ActiveGrants(db_, principal.user_id, *org_id));
  bool covered = false;
  for (const auto& g : grants) {
    // A token used with an empty data set still reaches only its own.
    std::string_view wanted = principal.token_id != 0 ? principal.token_dataset : dataset;
    if (!internal::Covers(g.dataset, wanted)) continue;
    covered = true;
    if (RolePermits(g.role, action)) return Allow(principal);
  }
  if (!covered) return not_found;
  return Deny(Denial::kForbidden,
              "your role does not allow " + std::string(ActionName(action)) + " here", principal);
}

Result<std::vector<std::string>> Accounts::DatasetsPermitted(const Principal& principal,
                                                             std::string_view org_ods,
                                                             Action action) {
  std::vector<std::string> out;
  for (const std::string& dataset : options_.datasets) {
    MHDS_ASSIGN_OR_RETURN(Decision d, Authorise(principal, org_ods, dataset, action));
    if (d.allowed()) out.push_back(dataset);
  }
  return out;
}

Result<std::vector<Grant>> Accounts::GrantsOf(const Principal& principal) {
  MHDS_ASSIGN_OR_RETURN(auto rows, db_.Query(std::string("SELECT ") + internal::kGrantColumns +
                                                 " " + internal::kGrantJoins +
                                                 " WHERE g.user_id = ? AND g.revoked_at IS NULL "
                                                 "ORDER BY o.ods_code, g.dataset, g.role",
                                             {principal.user_id}));
  std::vector<Grant> grants;
  for (const auto& row : rows) {
    Grant g = internal::ReadGrant(row);
    if (principal.token_id != 0 && (g.org_ods != principal.token_org ||
                                    !internal::Covers(g.dataset, principal.token_dataset))) {
      continue;
    }
    grants.push_back(std::move(g));
  }
  return grants;
}

Result<std::vector<Organisation>> Accounts::RequestableOrganisations(const Principal& principal) {
  MHDS_ASSIGN_OR_RETURN(auto rows,
                        db_.Query("SELECT id, ods_code, name, roles FROM organisations WHERE id = "
                                  "? OR id IN (SELECT provider_org_id FROM agencies WHERE "
                                  "agent_org_id = ?) ORDER BY ods_code",
                                  {principal.org_id, principal.org_id}));
  std::vector<Organisation> orgs;
  for (const auto& row : rows) {
    orgs.push_back({row.Int(0), row.Text(1), row.Text(2), internal::SplitOrgRoles(row.Text(3))});
  }
  return orgs;
}

}  // namespace mhds::account
