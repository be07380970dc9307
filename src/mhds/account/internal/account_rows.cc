#include "mhds/account/internal/account_rows.h"

#include <cctype>

#include "mhds/base/status_macros.h"

namespace mhds::account::internal {

namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

UserRole RoleOrViewer(std::string_view name) {
  // A role name the program does not know can only come from a newer mhds; the least privilege.
  return ParseUserRole(name).value_or(UserRole::kViewer);
}

}  // namespace

std::string NormaliseOds(std::string_view ods) {
  std::string out(Trim(ods));
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string NormaliseUsername(std::string_view username) {
  std::string out(Trim(username));
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

Status CheckOdsCode(std::string_view ods) {
  constexpr size_t kMin = 3;
  constexpr size_t kMax = 10;
  bool ok = ods.size() >= kMin && ods.size() <= kMax;
  for (char c : ods) ok = ok && ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'));
  if (!ok) {
    return Status::InvalidArgument("ODS code '" + std::string(ods) +
                                   "' must be 3 to 10 letters and digits, e.g. RX1 or 8JK12");
  }
  return Status::Ok();
}

std::string JoinOrgRoles(const std::vector<OrgRole>& roles) {
  std::string out;
  for (OrgRole r : roles) {
    if (!out.empty()) out += ',';
    out += OrgRoleName(r);
  }
  return out;
}

std::vector<OrgRole> SplitOrgRoles(std::string_view text) {
  std::vector<OrgRole> roles;
  while (!text.empty()) {
    size_t comma = text.find(',');
    if (auto role = ParseOrgRole(text.substr(0, comma))) roles.push_back(*role);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return roles;
}

bool Covers(std::string_view grant_dataset, std::string_view dataset) {
  return dataset.empty() || grant_dataset == kAllDatasets || grant_dataset == dataset;
}

Result<int64_t> InsertReturningId(store::Database& db, std::string_view sql,
                                  const std::vector<store::Value>& params) {
  MHDS_ASSIGN_OR_RETURN(auto row, db.QueryRow(sql, params));
  if (!row || row->size() == 0) return Status::Internal("INSERT returned no id");
  return row->Int(0);
}

Result<std::optional<int64_t>> OrgIdByOds(store::Database& db, std::string_view ods) {
  MHDS_ASSIGN_OR_RETURN(auto row, db.QueryRow("SELECT id FROM organisations WHERE ods_code = ?",
                                              {NormaliseOds(ods)}));
  if (!row) return std::optional<int64_t>();
  return std::optional<int64_t>(row->Int(0));
}

Result<std::vector<ActiveGrant>> ActiveGrants(store::Database& db, int64_t user_id,
                                              int64_t org_id) {
  MHDS_ASSIGN_OR_RETURN(auto rows, db.Query("SELECT id, dataset, role FROM grants WHERE user_id "
                                            "= ? AND org_id = ? AND revoked_at IS NULL",
                                            {user_id, org_id}));
  std::vector<ActiveGrant> grants;
  for (const auto& row : rows) {
    grants.push_back({row.Int(0), row.Text(1), RoleOrViewer(row.Text(2))});
  }
  return grants;
}

Grant ReadGrant(const store::Row& row) {
  Grant g;
  g.id = row.Int(0);
  g.user_id = row.Int(1);
  g.username = row.Text(2);
  g.org_ods = row.Text(3);
  g.dataset = row.Text(4);
  g.role = RoleOrViewer(row.Text(5));
  g.granted_at = row.Int(6);
  g.granted_by = row.Text(7);
  g.request_id = row[8].AsInt();
  return g;
}

AccessRequest ReadRequest(const store::Row& row) {
  AccessRequest r;
  r.id = row.Int(0);
  r.user_id = row.Int(1);
  r.username = row.Text(2);
  r.org_ods = row.Text(3);
  r.dataset = row.Text(4);
  r.role = RoleOrViewer(row.Text(5));
  r.purpose = row.Text(6);
  const std::string state = row.Text(7);
  r.state = state == "approved"  ? RequestState::kApproved
            : state == "refused" ? RequestState::kRefused
                                 : RequestState::kPending;
  r.requested_at = row.Int(8);
  r.decided_at = row[9].AsInt();
  r.decided_by = row.Text(10);
  r.decision_note = row.Text(11);
  return r;
}

ApiToken ReadToken(const store::Row& row) {
  ApiToken t;
  t.id = row.Int(0);
  t.user_id = row.Int(1);
  t.org_ods = row.Text(2);
  t.dataset = row.Text(3);
  t.label = row.Text(4);
  t.created_at = row.Int(5);
  t.expires_at = row.Int(6);
  t.revoked = !row.IsNull(7);
  return t;
}

User ReadUser(const store::Row& row) {
  User u;
  u.id = row.Int(0);
  u.username = row.Text(1);
  u.display_name = row.Text(2);
  u.org_id = row.Int(3);
  u.org_ods = row.Text(4);
  u.is_operator = row.Int(5) != 0;
  u.disabled = row.Int(6) != 0;
  return u;
}

}  // namespace mhds::account::internal
