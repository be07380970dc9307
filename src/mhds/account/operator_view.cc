// Accounts: what an operator sees of every organisation's access requests and grants. Operators
// decide nothing here (each organisation's SIRO does); they watch the whole platform.
#include "mhds/account/accounts.h"
#include "mhds/account/internal/account_rows.h"
#include "mhds/base/status_macros.h"

namespace mhds::account {

namespace {

bool IsSignedInOperator(const Principal& principal) {
  return principal.is_operator && principal.token_id == 0;
}

}  // namespace

Result<std::vector<AccessRequest>> Accounts::AllAccessRequests(const Principal& op,
                                                               std::string_view org_ods,
                                                               bool pending_only) {
  if (!IsSignedInOperator(op)) return internal::NotFoundStatus();
  std::string sql = std::string("SELECT ") + internal::kRequestColumns + " " +
                    internal::kRequestJoins + " WHERE 1 = 1";
  std::vector<store::Value> params;
  if (!org_ods.empty()) {
    sql += " AND o.ods_code = ?";
    params.emplace_back(internal::NormaliseOds(org_ods));
  }
  if (pending_only) sql += " AND r.state = 'pending'";
  sql += " ORDER BY r.requested_at DESC, r.id DESC";
  MHDS_ASSIGN_OR_RETURN(auto rows, db_.Query(sql, params));
  std::vector<AccessRequest> out;
  for (const auto& row : rows) out.push_back(internal::ReadRequest(row));
  return out;
}

Result<std::vector<Grant>> Accounts::AllGrants(const Principal& op, std::string_view org_ods) {
  if (!IsSignedInOperator(op)) return internal::NotFoundStatus();
  std::string sql = std::string("SELECT ") + internal::kGrantColumns + " " + internal::kGrantJoins +
                    " WHERE g.revoked_at IS NULL";
  std::vector<store::Value> params;
  if (!org_ods.empty()) {
    sql += " AND o.ods_code = ?";
    params.emplace_back(internal::NormaliseOds(org_ods));
  }
  sql += " ORDER BY o.ods_code, u.username, g.dataset, g.role";
  MHDS_ASSIGN_OR_RETURN(auto rows, db_.Query(sql, params));
  std::vector<Grant> out;
  for (const auto& row : rows) out.push_back(internal::ReadGrant(row));
  return out;
}

}  // namespace mhds::account
