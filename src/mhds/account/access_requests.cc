// Accounts: access requests (the data user request), the SIRO's decision, grants and revocation.
#include <algorithm>

#include "mhds/account/accounts.h"
#include "mhds/account/audit_log.h"
#include "mhds/account/internal/account_rows.h"
#include "mhds/base/status_macros.h"

namespace mhds::account {

namespace {

constexpr size_t kMaxPurposeLength = 4000;

// The data sets of `org_id` for which `siro` may decide: from their SIRO grants there. API
// tokens never manage access.
Result<std::vector<std::string>> ManagedDatasets(store::Database& db, const Principal& siro,
                                                 int64_t org_id) {
  std::vector<std::string> out;
  if (siro.token_id != 0) return out;
  MHDS_ASSIGN_OR_RETURN(auto grants, internal::ActiveGrants(db, siro.user_id, org_id));
  for (const auto& g : grants) {
    if (RolePermits(g.role, Action::kManageAccess)) out.push_back(g.dataset);
  }
  return out;
}

// Whether grants on `managed` let the SIRO decide about `dataset` ("*" only by a "*" SIRO).
bool Manages(const std::vector<std::string>& managed, std::string_view dataset) {
  return std::any_of(managed.begin(), managed.end(),
                     [&](const std::string& m) { return m == kAllDatasets || m == dataset; });
}

}  // namespace

Result<AccessRequest> Accounts::RequestAccess(const Principal& requester, std::string_view org_ods,
                                              std::string_view dataset, UserRole role,
                                              std::string_view purpose) {
  if (requester.token_id != 0) {
    return Status::InvalidArgument("access is requested when signed in, not with an API token");
  }
  if (role != UserRole::kSubmitter && role != UserRole::kViewer) {
    return Status::InvalidArgument(
        "access can be requested as submitter or viewer; a SIRO is "
        "appointed by an operator");
  }
  if (std::find(options_.datasets.begin(), options_.datasets.end(), dataset) ==
      options_.datasets.end()) {
    return internal::NotFoundStatus();
  }
  if (purpose.empty() || purpose.size() > kMaxPurposeLength) {
    return Status::InvalidArgument("say why you need this access (1 to 4000 characters)");
  }
  const std::string ods = internal::NormaliseOds(org_ods);
  MHDS_ASSIGN_OR_RETURN(auto orgs, RequestableOrganisations(requester));
  auto org = std::find_if(orgs.begin(), orgs.end(),
                          [&](const Organisation& o) { return o.ods_code == ods; });
  if (org == orgs.end()) return internal::NotFoundStatus();

  MHDS_ASSIGN_OR_RETURN(auto tx, db_.Begin());
  MHDS_ASSIGN_OR_RETURN(auto grants, internal::ActiveGrants(db_, requester.user_id, org->id));
  for (const auto& g : grants) {
    if (g.role == role && internal::Covers(g.dataset, dataset)) {
      return Status::InvalidArgument("you already have this access");
    }
  }
  MHDS_ASSIGN_OR_RETURN(
      auto pending,
      db_.QueryRow("SELECT id FROM access_requests WHERE user_id = ? AND "
                   "org_id = ? AND dataset = ? AND role = ? AND state = ?",
                   {requester.user_id, org->id, dataset, UserRoleName(role), "pending"}));
  if (pending) return Status::InvalidArgument("you have already asked for this access");
  MHDS_ASSIGN_OR_RETURN(
      int64_t id,
      internal::InsertReturningId(
          db_,
          "INSERT INTO access_requests (user_id, org_id, dataset, "
          "role, purpose, state, requested_at) VALUES (?, ?, ?, ?, ?, "
          "?, ?) RETURNING id",
          {requester.user_id, org->id, dataset, UserRoleName(role), purpose, "pending", Now()}));
  AuditRecord entry;
  entry.event = audit_event::kAccessRequested;
  entry.at = Now();
  entry.user_id = requester.user_id;
  entry.actor = requester.username;
  entry.org = ods;
  entry.dataset = std::string(dataset);
  entry.detail = "request " + std::to_string(id) + " as " + std::string(UserRoleName(role));
  MHDS_RETURN_IF_ERROR(AppendAudit(db_, entry));
  MHDS_ASSIGN_OR_RETURN(auto row,
                        db_.QueryRow(std::string("SELECT ") + internal::kRequestColumns + " " +
                                         internal::kRequestJoins + " WHERE r.id = ?",
                                     {id}));
  MHDS_RETURN_IF_ERROR(tx.Commit());
  if (!row) return Status::Internal("access request vanished after insert");
  return internal::ReadRequest(*row);
}

Result<std::vector<AccessRequest>> Accounts::ListAccessRequests(const Principal& siro,
                                                                std::string_view org_ods,
                                                                bool pending_only) {
  MHDS_ASSIGN_OR_RETURN(auto org_id, internal::OrgIdByOds(db_, org_ods));
  if (!org_id) return internal::NotFoundStatus();
  MHDS_ASSIGN_OR_RETURN(auto managed, ManagedDatasets(db_, siro, *org_id));
  if (managed.empty()) return internal::NotFoundStatus();
  MHDS_ASSIGN_OR_RETURN(
      auto rows,
      db_.Query(std::string("SELECT ") + internal::kRequestColumns + " " + internal::kRequestJoins +
                    " WHERE r.org_id = ?" + (pending_only ? " AND r.state = 'pending'" : "") +
                    " ORDER BY r.requested_at DESC, r.id DESC",
                {*org_id}));
  std::vector<AccessRequest> out;
  for (const auto& row : rows) {
    AccessRequest r = internal::ReadRequest(row);
    if (Manages(managed, r.dataset)) out.push_back(std::move(r));
  }
  return out;
}

Result<std::vector<AccessRequest>> Accounts::MyAccessRequests(const Principal& requester) {
  MHDS_ASSIGN_OR_RETURN(auto rows, db_.Query(std::string("SELECT ") + internal::kRequestColumns +
                                                 " " + internal::kRequestJoins +
                                                 " WHERE r.user_id = ? ORDER BY "
                                                 "r.requested_at DESC, r.id DESC",
                                             {requester.user_id}));
  std::vector<AccessRequest> out;
  for (const auto& row : rows) out.push_back(internal::ReadRequest(row));
  return out;
}

Result<AccessRequest> Accounts::DecideAccessRequest(const Principal& siro, int64_t request_id,
                                                    bool approve, std::string_view note) {
  const std::string select = std::string("SELECT ") + internal::kRequestColumns + " " +
                             internal::kRequestJoins + " WHERE r.id = ?";
  MHDS_ASSIGN_OR_RETURN(auto tx, db_.Begin());
  MHDS_ASSIGN_OR_RETURN(auto row, db_.QueryRow(select, {request_id}));
  if (!row) return internal::NotFoundStatus();
  AccessRequest request = internal::ReadRequest(*row);
  MHDS_ASSIGN_OR_RETURN(auto org_id, internal::OrgIdByOds(db_, request.org_ods));
  if (!org_id) return internal::NotFoundStatus();
  MHDS_ASSIGN_OR_RETURN(auto managed, ManagedDatasets(db_, siro, *org_id));
  if (!Manages(managed, request.dataset)) return internal::NotFoundStatus();
  if (request.user_id == siro.user_id) {
    return Status::InvalidArgument("a SIRO cannot decide their own request");
  }
  if (request.state != RequestState::kPending) {
    return Status::InvalidArgument("request " + std::to_string(request_id) + " was already " +
                                   std::string(RequestStateName(request.state)));
  }
  const int64_t now = Now();
  const char* state = approve ? "approved" : "refused";
  MHDS_ASSIGN_OR_RETURN(int64_t changed,
                        db_.Exec("UPDATE access_requests SET state = ?, decided_at = ?, "
                                 "decided_by = ?, decision_note = ? WHERE id = ? AND state = ?",
                                 {state, now, siro.username, note, request_id, "pending"}));
  if (changed != 1) return Status::InvalidArgument("request was decided meanwhile");
  std::string detail = "request " + std::to_string(request_id) + ": " + request.username + " as " +
                       std::string(UserRoleName(request.role));
  if (approve) {
    MHDS_ASSIGN_OR_RETURN(
        int64_t grant,
        internal::InsertReturningId(db_,
                                    "INSERT INTO grants (user_id, org_id, dataset, role, "
                                    "granted_at, granted_by, request_id) VALUES (?, ?, ?, ?, "
                                    "?, ?, ?) RETURNING id",
                                    {request.user_id, *org_id, request.dataset,
                                     UserRoleName(request.role), now, siro.username, request_id}));
    detail += "; grant " + std::to_string(grant);
  }
  AuditRecord entry;
  entry.event = approve ? audit_event::kAccessApproved : audit_event::kAccessRefused;
  entry.at = now;
  entry.user_id = siro.user_id;
  entry.actor = siro.username;
  entry.org = request.org_ods;
  entry.dataset = request.dataset;
  entry.detail = detail;
  MHDS_RETURN_IF_ERROR(AppendAudit(db_, entry));
  MHDS_ASSIGN_OR_RETURN(auto updated, db_.QueryRow(select, {request_id}));
  MHDS_RETURN_IF_ERROR(tx.Commit());
  if (!updated) return Status::Internal("access request vanished");
  return internal::ReadRequest(*updated);
}

Result<std::vector<Grant>> Accounts::ListGrants(const Principal& siro, std::string_view org_ods) {
  MHDS_ASSIGN_OR_RETURN(auto org_id, internal::OrgIdByOds(db_, org_ods));
  if (!org_id) return internal::NotFoundStatus();
  MHDS_ASSIGN_OR_RETURN(auto managed, ManagedDatasets(db_, siro, *org_id));
  if (managed.empty()) return internal::NotFoundStatus();
  MHDS_ASSIGN_OR_RETURN(auto rows, db_.Query(std::string("SELECT ") + internal::kGrantColumns +
                                                 " " + internal::kGrantJoins +
                                                 " WHERE g.org_id = ? AND g.revoked_at IS NULL "
                                                 "ORDER BY u.username, g.dataset, g.role",
                                             {*org_id}));
  std::vector<Grant> out;
  for (const auto& row : rows) {
    Grant g = internal::ReadGrant(row);
    if (Manages(managed, g.dataset)) out.push_back(std::move(g));
  }
  return out;
}

Status Accounts::RevokeGrant(const Principal& siro, int64_t grant_id, std::string_view note) {
  MHDS_ASSIGN_OR_RETURN(auto tx, db_.Begin());
  MHDS_ASSIGN_OR_RETURN(auto row, db_.QueryRow(std::string("SELECT ") + internal::kGrantColumns +
                                                   ", g.org_id, g.revoked_at " +
                                                   internal::kGrantJoins + " WHERE g.id = ?",
                                               {grant_id}));
  if (!row) return internal::NotFoundStatus();
  Grant grant = internal::ReadGrant(*row);
  MHDS_ASSIGN_OR_RETURN(auto managed, ManagedDatasets(db_, siro, row->Int(9)));
  if (!Manages(managed, grant.dataset)) return internal::NotFoundStatus();
  if (!row->IsNull(10)) return Status::InvalidArgument("this access was already revoked");
  if (grant.user_id == siro.user_id && grant.role == UserRole::kSiro) {
    return Status::InvalidArgument("a SIRO cannot revoke their own SIRO role; ask an operator");
  }
  const int64_t now = Now();
  MHDS_RETURN_IF_ERROR(db_.Exec("UPDATE grants SET revoked_at = ?, revoked_by = ?, revoke_note "
                                "= ? WHERE id = ?",
                                {now, siro.username, note, grant_id})
                           .status());
  AuditRecord entry;
  entry.event = audit_event::kAccessRevoked;
  entry.at = now;
  entry.user_id = siro.user_id;
  entry.actor = siro.username;
  entry.org = grant.org_ods;
  entry.dataset = grant.dataset;
  entry.detail = "grant " + std::to_string(grant_id) + ": " + grant.username + " as " +
                 std::string(UserRoleName(grant.role));
  MHDS_RETURN_IF_ERROR(AppendAudit(db_, entry));
  return tx.Commit();
}

}  // namespace mhds::account
