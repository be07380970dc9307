// Accounts: set-up by operators (organisations, agencies, users, direct grants).
#include "mhds/account/accounts.h"

#include <sodium.h>

#include <algorithm>
#include <chrono>

#include "mhds/account/audit_log.h"
#include "mhds/account/internal/account_rows.h"
#include "mhds/account/internal/schema.h"
#include "mhds/account/sealed_totp_key.h"
#include "mhds/account/totp.h"
#include "mhds/base/status_macros.h"
#include "mhds/store/migrations.h"

namespace mhds::account {

using internal::NormaliseOds;
using internal::NormaliseUsername;

namespace {

constexpr size_t kMaxNameLength = 200;
constexpr size_t kMinUsernameLength = 3;
constexpr size_t kMaxUsernameLength = 64;

Status CheckUsername(std::string_view username) {
  bool ok = username.size() >= kMinUsernameLength && username.size() <= kMaxUsernameLength;
  for (char c : username) {
    ok = ok && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
                c == '@' || c == '-');
  }
  if (!ok) {
    return Status::InvalidArgument("username '" + std::string(username) +
                                   "' must be 3 to 64 of a-z, 0-9 and . _ @ -");
  }
  return Status::Ok();
}

Status CheckName(std::string_view what, std::string_view name) {
  if (name.empty() || name.size() > kMaxNameLength) {
    return Status::InvalidArgument(std::string(what) + " must be 1 to 200 characters");
  }
  return Status::Ok();
}

}  // namespace

std::string_view RequestStateName(RequestState state) {
  switch (state) {
    case RequestState::kApproved:
      return "approved";
    case RequestState::kRefused:
      return "refused";
    case RequestState::kPending:
      break;
  }
  return "pending";
}

Status Accounts::Migrate(store::Database& db) {
  return store::Migrate(db, "account", internal::AccountMigrations());
}

Accounts::Accounts(store::Database& db, AccountOptions options)
    : db_(db), options_(std::move(options)) {}

int64_t Accounts::Now() const {
  if (options_.clock) return options_.clock();
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Result<Organisation> Accounts::CreateOrganisation(std::string_view ods_code, std::string_view name,
                                                  const std::vector<OrgRole>& roles) {
  Organisation org;
  org.ods_code = NormaliseOds(ods_code);
  org.name = std::string(name);
  org.roles = roles;
  MHDS_RETURN_IF_ERROR(internal::CheckOdsCode(org.ods_code));
  MHDS_RETURN_IF_ERROR(CheckName("organisation name", org.name));
  if (roles.empty()) {
    return Status::InvalidArgument("organisation " + org.ods_code +
                                   " needs a role: provider, submitter or commissioner");
  }
  MHDS_ASSIGN_OR_RETURN(auto tx, db_.Begin());
  auto row = internal::InsertReturningId(
      db_,
      "INSERT INTO organisations (ods_code, name, roles, created_at) VALUES "
      "(?, ?, ?, ?) RETURNING id",
      {org.ods_code, org.name, internal::JoinOrgRoles(roles), Now()});
  if (!row.ok() && store::IsConstraintViolation(row.status())) {
    return Status::InvalidArgument("organisation " + org.ods_code + " already exists");
  }
  if (!row.ok()) return row.status();
  org.id = *row;
  AuditRecord entry;
  entry.event = audit_event::kOrganisationCreated;
  entry.at = Now();
  entry.org = org.ods_code;
  entry.detail = "roles " + internal::JoinOrgRoles(roles);
  MHDS_RETURN_IF_ERROR(AppendAudit(db_, entry));
  MHDS_RETURN_IF_ERROR(tx.Commit());
  return org;
}

Result<Organisation> Accounts::FindOrganisation(std::string_view ods_code) {
  const std::string ods = NormaliseOds(ods_code);
  MHDS_ASSIGN_OR_RETURN(auto row, db_.QueryRow("SELECT id, ods_code, name, roles FROM "
                                               "organisations WHERE ods_code = ?",
                                               {ods}));
  if (!row) return Status::NotFound("no organisation " + ods);
  return Organisation{row->Int(0), row->Text(1), row->Text(2),
                      internal::SplitOrgRoles(row->Text(3))};
}

Result<std::vector<Organisation>> Accounts::ListOrganisations() {
  MHDS_ASSIGN_OR_RETURN(auto rows, db_.Query("SELECT id, ods_code, name, roles FROM "
                                             "organisations ORDER BY ods_code"));
  std::vector<Organisation> orgs;
  for (const auto& row : rows) {
    orgs.push_back({row.Int(0), row.Text(1), row.Text(2), internal::SplitOrgRoles(row.Text(3))});
  }
  return orgs;
}

Status Accounts::AddAgency(std::string_view agent_ods, std::string_view provider_ods) {
  MHDS_ASSIGN_OR_RETURN(Organisation agent, FindOrganisation(agent_ods));
  MHDS_ASSIGN_OR_RETURN(Organisation provider, FindOrganisation(provider_ods));
  if (agent.id == provider.id) {
    return Status::InvalidArgument("an organisation cannot submit on behalf of itself");
  }
  auto inserted = db_.Exec(
      "INSERT INTO agencies (agent_org_id, provider_org_id, created_at) "
      "VALUES (?, ?, ?)",
      {agent.id, provider.id, Now()});
  if (!inserted.ok() && store::IsConstraintViolation(inserted.status())) return Status::Ok();
  return inserted.status();
}

Result<NewUser> Accounts::CreateUser(const NewUserSpec& spec) {
  NewUser out;
  out.user.username = NormaliseUsername(spec.username);
  out.user.display_name = spec.display_name;
  out.user.is_operator = spec.is_operator;
  MHDS_RETURN_IF_ERROR(CheckUsername(out.user.username));
  MHDS_RETURN_IF_ERROR(CheckName("display name", spec.display_name));
  if (spec.password.size() < options_.min_password_length) {
    return Status::InvalidArgument("password must be at least " +
                                   std::to_string(options_.min_password_length) + " characters");
  }
  MHDS_ASSIGN_OR_RETURN(Organisation org, FindOrganisation(spec.org_ods));
  out.user.org_id = org.id;
  out.user.org_ods = org.ods_code;
  const std::string key = spec.totp_key.value_or(NewTotpKey());
  if (key.empty()) return Status::InvalidArgument("TOTP key must not be empty");
  MHDS_ASSIGN_OR_RETURN(std::string hash, HashPassword(spec.password, options_.password_cost));
  MHDS_ASSIGN_OR_RETURN(auto tx, db_.Begin());
  auto row = internal::InsertReturningId(
      db_,
      "INSERT INTO users (username, display_name, org_id, password_hash, "
      "totp_key, is_operator, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
      "RETURNING id",
      {out.user.username, spec.display_name, org.id, hash,
       StoreTotpKey(key, options_.totp_seal_key), spec.is_operator ? 1 : 0, Now()});
  if (!row.ok() && store::IsConstraintViolation(row.status())) {
    return Status::InvalidArgument("user " + out.user.username + " already exists");
  }
  if (!row.ok()) return row.status();
  out.user.id = *row;
  AuditRecord entry;
  entry.event = audit_event::kUserCreated;
  entry.at = Now();
  entry.user_id = out.user.id;
  entry.actor = out.user.username;
  entry.org = org.ods_code;
  entry.detail = spec.is_operator ? "operator" : "";
  MHDS_RETURN_IF_ERROR(AppendAudit(db_, entry));
  MHDS_RETURN_IF_ERROR(tx.Commit());
  out.totp_key_base32 = Base32Encode(key);
  out.totp_uri = OtpauthUri(options_.totp_issuer, out.user.username, key);
  return out;
}

Result<User> Accounts::FindUser(std::string_view username) {
  const std::string name = NormaliseUsername(username);
  MHDS_ASSIGN_OR_RETURN(auto row,
                        db_.QueryRow(std::string("SELECT ") + internal::kUserColumns + " " +
                                         internal::kUserJoins + " WHERE u.username = ?",
                                     {name}));
  if (!row) return Status::NotFound("no user " + name);
  return internal::ReadUser(*row);
}

Status Accounts::SetPassword(std::string_view username, std::string_view password) {
  if (password.size() < options_.min_password_length) {
    return Status::InvalidArgument("password must be at least " +
                                   std::to_string(options_.min_password_length) + " characters");
  }
  MHDS_ASSIGN_OR_RETURN(User user, FindUser(username));
  MHDS_ASSIGN_OR_RETURN(std::string hash, HashPassword(password, options_.password_cost));
  MHDS_RETURN_IF_ERROR(
      db_.Exec("UPDATE users SET password_hash = ? WHERE id = ?", {hash, user.id}).status());
  return RevokeAllSessions(user.id);
}

Result<NewUser> Accounts::ResetTotpKey(std::string_view username) {
  MHDS_ASSIGN_OR_RETURN(User user, FindUser(username));
  const std::string key = NewTotpKey();
  MHDS_RETURN_IF_ERROR(db_.Exec("UPDATE users SET totp_key = ?, totp_last_step = 0 WHERE id = ?",
                                {StoreTotpKey(key, options_.totp_seal_key), user.id})
                           .status());
  MHDS_RETURN_IF_ERROR(RevokeAllSessions(user.id));
  NewUser out;
  out.user = user;
  out.totp_key_base32 = Base32Encode(key);
  out.totp_uri = OtpauthUri(options_.totp_issuer, user.username, key);
  return out;
}

Status Accounts::Unlock(std::string_view username) {
  MHDS_ASSIGN_OR_RETURN(User user, FindUser(username));
  return db_.Exec("UPDATE users SET failed_sign_ins = 0, locked_until = 0 WHERE id = ?", {user.id})
      .status();
}

Status Accounts::SetDisabled(std::string_view username, bool disabled) {
  MHDS_ASSIGN_OR_RETURN(User user, FindUser(username));
  MHDS_RETURN_IF_ERROR(
      db_.Exec("UPDATE users SET disabled = ? WHERE id = ?", {disabled ? 1 : 0, user.id}).status());
  return disabled ? RevokeAllSessions(user.id) : Status::Ok();
}

Result<Grant> Accounts::GrantRole(std::string_view username, std::string_view org_ods,
                                  std::string_view dataset, UserRole role,
                                  std::string_view granted_by) {
  if (role == UserRole::kOperator) {
    return Status::InvalidArgument(
        "operator is not granted per organisation: create the user "
        "as an operator instead");
  }
  if (dataset != kAllDatasets && std::find(options_.datasets.begin(), options_.datasets.end(),
                                           dataset) == options_.datasets.end()) {
    return Status::InvalidArgument("unknown data set '" + std::string(dataset) + "'");
  }
  MHDS_ASSIGN_OR_RETURN(User user, FindUser(username));
  MHDS_ASSIGN_OR_RETURN(Organisation org, FindOrganisation(org_ods));
  MHDS_ASSIGN_OR_RETURN(auto tx, db_.Begin());
  const std::string select =
      std::string("SELECT ") + internal::kGrantColumns + " " + internal::kGrantJoins + " WHERE g.";
  MHDS_ASSIGN_OR_RETURN(auto existing,
                        db_.QueryRow(select + "user_id = ? AND g.org_id = ? AND g.dataset = ? "
                                              "AND g.role = ? AND g.revoked_at IS NULL",
                                     {user.id, org.id, dataset, UserRoleName(role)}));
  if (existing) return internal::ReadGrant(*existing);  // already granted: nothing to do
  MHDS_ASSIGN_OR_RETURN(int64_t id,
                        internal::InsertReturningId(
                            db_,
                            "INSERT INTO grants (user_id, org_id, dataset, role, "
                            "granted_at, granted_by) VALUES (?, ?, ?, ?, ?, ?) "
                            "RETURNING id",
                            {user.id, org.id, dataset, UserRoleName(role), Now(), granted_by}));
  AuditRecord entry;
  entry.event = audit_event::kAccessGranted;
  entry.at = Now();
  entry.actor = std::string(granted_by);
  entry.org = org.ods_code;
  entry.dataset = std::string(dataset);
  entry.detail = "grant " + std::to_string(id) + ": " + user.username + " as " +
                 std::string(UserRoleName(role));
  MHDS_RETURN_IF_ERROR(AppendAudit(db_, entry));
  MHDS_ASSIGN_OR_RETURN(auto row, db_.QueryRow(select + "id = ?", {id}));
  MHDS_RETURN_IF_ERROR(tx.Commit());
  if (!row) return Status::Internal("grant vanished after insert");
  return internal::ReadGrant(*row);
}

}  // namespace mhds::account
