// Accounts: API tokens for scripts, scoped to one user, organisation and data set.
#include <algorithm>

#include "mhds/account/accounts.h"
#include "mhds/account/audit_log.h"
#include "mhds/account/internal/account_rows.h"
#include "mhds/account/secrets.h"
#include "mhds/base/status_macros.h"

namespace mhds::account {

namespace {
constexpr size_t kTokenRandomBytes = 32;
constexpr size_t kMaxLabelLength = 200;
}  // namespace

Result<NewApiToken> Accounts::CreateApiToken(const Principal& owner, std::string_view org_ods,
                                             std::string_view dataset, std::string_view label,
                                             std::optional<int64_t> lifetime_seconds) {
  if (owner.token_id != 0) {
    return Status::InvalidArgument("API tokens are created when signed in, not with a token");
  }
  if (label.empty() || label.size() > kMaxLabelLength) {
    return Status::InvalidArgument("give the token a label of 1 to 200 characters");
  }
  const int64_t lifetime = lifetime_seconds.value_or(options_.api_token_seconds);
  if (lifetime <= 0) return Status::InvalidArgument("token lifetime must be positive");
  if (std::find(options_.datasets.begin(), options_.datasets.end(), dataset) ==
      options_.datasets.end()) {
    return internal::NotFoundStatus();
  }
  const std::string ods = internal::NormaliseOds(org_ods);
  MHDS_ASSIGN_OR_RETURN(auto org_id, internal::OrgIdByOds(db_, ods));
  if (!org_id) return internal::NotFoundStatus();
  MHDS_ASSIGN_OR_RETURN(auto grants, internal::ActiveGrants(db_, owner.user_id, *org_id));
  if (std::none_of(grants.begin(), grants.end(), [&](const internal::ActiveGrant& g) {
        return internal::Covers(g.dataset, dataset);
      })) {
    return internal::NotFoundStatus();
  }
  NewApiToken out;
  out.secret = "mhds_" + RandomHex(kTokenRandomBytes);
  const int64_t now = Now();
  MHDS_ASSIGN_OR_RETURN(auto tx, db_.Begin());
  MHDS_ASSIGN_OR_RETURN(int64_t id, internal::InsertReturningId(
                                        db_,
                                        "INSERT INTO api_tokens (token_hash, user_id, org_id, "
                                        "dataset, label, created_at, expires_at) VALUES (?, ?, ?, "
                                        "?, ?, ?, ?) RETURNING id",
                                        {Sha256Hex(out.secret), owner.user_id, *org_id, dataset,
                                         label, now, now + lifetime}));
  out.token.id = id;
  out.token.user_id = owner.user_id;
  out.token.org_ods = ods;
  out.token.dataset = std::string(dataset);
  out.token.label = std::string(label);
  out.token.created_at = now;
  out.token.expires_at = now + lifetime;
  AuditRecord entry;
  entry.event = audit_event::kTokenCreated;
  entry.at = now;
  entry.user_id = owner.user_id;
  entry.actor = owner.username;
  entry.org = ods;
  entry.dataset = std::string(dataset);
  entry.detail = "token " + std::to_string(out.token.id);
  MHDS_RETURN_IF_ERROR(AppendAudit(db_, entry));
  MHDS_RETURN_IF_ERROR(tx.Commit());
  return out;
}

Result<std::vector<ApiToken>> Accounts::ListApiTokens(const Principal& owner) {
  MHDS_ASSIGN_OR_RETURN(
      auto rows, db_.Query(std::string("SELECT ") + internal::kTokenColumns + " " +
                               internal::kTokenJoins + " WHERE t.user_id = ? ORDER BY t.id DESC",
                           {owner.user_id}));
  std::vector<ApiToken> out;
  for (const auto& row : rows) out.push_back(internal::ReadToken(row));
  return out;
}

Status Accounts::RevokeApiToken(const Principal& owner, int64_t token_id) {
  MHDS_ASSIGN_OR_RETURN(auto tx, db_.Begin());
  MHDS_ASSIGN_OR_RETURN(
      auto row, db_.QueryRow(std::string("SELECT ") + internal::kTokenColumns + " " +
                                 internal::kTokenJoins + " WHERE t.id = ? AND t.user_id = ?",
                             {token_id, owner.user_id}));
  if (!row) return internal::NotFoundStatus();
  ApiToken token = internal::ReadToken(*row);
  if (token.revoked) return tx.Commit();
  MHDS_RETURN_IF_ERROR(
      db_.Exec("UPDATE api_tokens SET revoked_at = ? WHERE id = ?", {Now(), token_id}).status());
  AuditRecord entry;
  entry.event = audit_event::kTokenRevoked;
  entry.at = Now();
  entry.user_id = owner.user_id;
  entry.actor = owner.username;
  entry.org = token.org_ods;
  entry.dataset = token.dataset;
  entry.detail = "token " + std::to_string(token_id);
  MHDS_RETURN_IF_ERROR(AppendAudit(db_, entry));
  return tx.Commit();
}

}  // namespace mhds::account
