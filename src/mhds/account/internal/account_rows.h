// Pieces shared by the files that implement Accounts: name rules, the not-found answer, and
// readers of the rows the queries return.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mhds/account/accounts.h"
#include "mhds/base/result.h"
#include "mhds/store/database.h"

namespace mhds::account::internal {

// The one answer for every organisation, data set, request, grant or token a user may not see.
inline constexpr char kNotFoundReason[] = "no such organisation, data set or record";
inline Status NotFoundStatus() { return Status::NotFound(kNotFoundReason); }

// Upper case, surrounding spaces removed.
std::string NormaliseOds(std::string_view ods);
// Lower case, surrounding spaces removed.
std::string NormaliseUsername(std::string_view username);
// kInvalidArgument unless 3-10 characters of A-Z and 0-9 (after NormaliseOds).
Status CheckOdsCode(std::string_view ods);

std::string JoinOrgRoles(const std::vector<OrgRole>& roles);
std::vector<OrgRole> SplitOrgRoles(std::string_view text);

// Whether a grant for `grant_dataset` covers `dataset` ("*" covers every one; an empty
// `dataset` is covered by any grant).
bool Covers(std::string_view grant_dataset, std::string_view dataset);

// Runs "INSERT ... RETURNING id" and returns the id (kInternal if no row came back).
Result<int64_t> InsertReturningId(store::Database& db, std::string_view sql,
                                  const std::vector<store::Value>& params);

Result<std::optional<int64_t>> OrgIdByOds(store::Database& db, std::string_view ods);

struct ActiveGrant {
  int64_t id = 0;
  std::string dataset;
  UserRole role = UserRole::kViewer;
};
// The user's grants for one organisation that are not revoked.
Result<std::vector<ActiveGrant>> ActiveGrants(store::Database& db, int64_t user_id, int64_t org_id);

// SELECT lists and readers that go together.
inline constexpr char kGrantColumns[] =
    "g.id, g.user_id, u.username, o.ods_code, g.dataset, g.role, g.granted_at, g.granted_by, "
    "g.request_id";
inline constexpr char kGrantJoins[] =
    "FROM grants g JOIN users u ON u.id = g.user_id JOIN organisations o ON o.id = g.org_id";
Grant ReadGrant(const store::Row& row);

inline constexpr char kRequestColumns[] =
    "r.id, r.user_id, u.username, o.ods_code, r.dataset, r.role, r.purpose, r.state, "
    "r.requested_at, r.decided_at, r.decided_by, r.decision_note";
inline constexpr char kRequestJoins[] =
    "FROM access_requests r JOIN users u ON u.id = r.user_id JOIN organisations o ON o.id = "
    "r.org_id";
AccessRequest ReadRequest(const store::Row& row);

inline constexpr char kTokenColumns[] =
    "t.id, t.user_id, o.ods_code, t.dataset, t.label, t.created_at, t.expires_at, t.revoked_at";
inline constexpr char kTokenJoins[] = "FROM api_tokens t JOIN organisations o ON o.id = t.org_id";
ApiToken ReadToken(const store::Row& row);

inline constexpr char kUserColumns[] =
    "u.id, u.username, u.display_name, u.org_id, o.ods_code, u.is_operator, u.disabled";
inline constexpr char kUserJoins[] = "FROM users u JOIN organisations o ON o.id = u.org_id";
User ReadUser(const store::Row& row);

}  // namespace mhds::account::internal
