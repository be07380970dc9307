// Accounts: sign-in with password and TOTP, lockout, sessions, and turning a session or token
// back into a Principal.
#include <sodium.h>

#include "mhds/account/accounts.h"
#include "mhds/account/audit_log.h"
#include "mhds/account/internal/account_rows.h"
#include "mhds/account/sealed_totp_key.h"
#include "mhds/account/secrets.h"
#include "mhds/account/totp.h"
#include "mhds/base/status_macros.h"

namespace mhds::account {

namespace {

constexpr size_t kSecretHexLength = 64;  // 256 bits
constexpr std::string_view kTokenPrefix = "mhds_";

bool IsHex(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

// Columns 1-5 of the Authenticate queries: user id, username, home organisation id and ODS
// code, operator flag.
Principal PrincipalOf(const store::Row& row) {
  Principal p;
  p.user_id = row.Int(1);
  p.username = row.Text(2);
  p.org_id = row.Int(3);
  p.org_ods = row.Text(4);
  p.is_operator = row.Int(5) != 0;
  return p;
}

}  // namespace

Result<SignInResult> Accounts::SignIn(std::string_view username, std::string_view password,
                                      std::string_view totp_code, std::string_view client) {
  const int64_t now = Now();
  const std::string name = internal::NormaliseUsername(username);
  SignInResult result;
  result.failure = SignInFailure::kWrongCredentials;
  MHDS_ASSIGN_OR_RETURN(auto row,
                        db_.QueryRow("SELECT u.id, u.password_hash, u.totp_key, "
                                     "u.totp_last_step, u.disabled, u.locked_until, u.org_id, "
                                     "o.ods_code, u.is_operator FROM users u JOIN organisations "
                                     "o ON o.id = u.org_id WHERE u.username = ?",
                                     {name}));
  AuditRecord audit;
  audit.event = audit_event::kSignInFailed;
  audit.at = now;
  audit.detail = std::string(client);
  if (!row) {
    // Spend the time a real check would, so response times do not reveal which usernames exist.
    static const Result<std::string> dummy = HashPassword("not a password", options_.password_cost);
    if (dummy.ok()) (void)VerifyPassword(*dummy, password);
    // The attempted name is not recorded: people type passwords into the username field.
    audit.actor = "(unknown user)";
    MHDS_RETURN_IF_ERROR(AppendAudit(db_, audit));
    return result;
  }
  const int64_t user_id = row->Int(0);
  audit.user_id = user_id;
  audit.actor = name;
  if (row->Int(5) > now) {
    result.failure = SignInFailure::kLocked;
    result.locked_until = row->Int(5);
    audit.event = audit_event::kSignInLocked;
    MHDS_RETURN_IF_ERROR(AppendAudit(db_, audit));
    return result;
  }
  const bool password_ok = VerifyPassword(row->Text(1), password);
  std::optional<uint64_t> step;
  if (auto key = OpenTotpKey(row->Text(2), options_.totp_seal_key)) {
    step = MatchTotp(*key, totp_code, now, options_.totp_window_steps);
  }
  const bool replayed = step && static_cast<int64_t>(*step) <= row->Int(3);
  const bool disabled = row->Int(4) != 0;

  MHDS_ASSIGN_OR_RETURN(auto tx, db_.Begin());
  if (!password_ok || !step || replayed || disabled) {
    MHDS_ASSIGN_OR_RETURN(auto failures,
                          db_.QueryRow("UPDATE users SET failed_sign_ins = failed_sign_ins + 1 "
                                       "WHERE id = ? RETURNING failed_sign_ins",
                                       {user_id}));
    if (failures && failures->Int(0) >= options_.max_failed_sign_ins) {
      result.failure = SignInFailure::kLocked;
      result.locked_until = now + options_.lockout_seconds;
      MHDS_RETURN_IF_ERROR(db_.Exec("UPDATE users SET failed_sign_ins = 0, locked_until = ? "
                                    "WHERE id = ?",
                                    {result.locked_until, user_id})
                               .status());
      audit.detail += audit.detail.empty() ? "locked" : "; locked";
    }
    if (disabled) audit.detail += audit.detail.empty() ? "disabled" : "; disabled";
    MHDS_RETURN_IF_ERROR(AppendAudit(db_, audit));
    MHDS_RETURN_IF_ERROR(tx.Commit());
    return result;
  }
  // Remember the step so the same code cannot be used again; the WHERE makes a concurrent
  // sign-in with the same code lose.
  MHDS_ASSIGN_OR_RETURN(
      int64_t claimed,
      db_.Exec("UPDATE users SET totp_last_step = ?, failed_sign_ins = 0, "
               "locked_until = 0 WHERE id = ? AND totp_last_step < ?",
               {static_cast<int64_t>(*step), user_id, static_cast<int64_t>(*step)}));
  if (claimed != 1) {
    MHDS_RETURN_IF_ERROR(AppendAudit(db_, audit));
    MHDS_RETURN_IF_ERROR(tx.Commit());
    return result;
  }
  const std::string token = RandomHex(kSecretHexLength / 2);
  result.expires_at = now + options_.session_seconds;
  MHDS_ASSIGN_OR_RETURN(
      int64_t session,
      internal::InsertReturningId(db_,
                                  "INSERT INTO sessions (token_hash, user_id, created_at, "
                                  "expires_at) VALUES (?, ?, ?, ?) RETURNING id",
                                  {Sha256Hex(token), user_id, now, result.expires_at}));
  audit.event = audit_event::kSignIn;
  audit.detail =
      "session " + std::to_string(session) + (client.empty() ? "" : " from " + std::string(client));
  MHDS_RETURN_IF_ERROR(AppendAudit(db_, audit));
  MHDS_RETURN_IF_ERROR(tx.Commit());
  result.failure = SignInFailure::kNone;
  result.session_token = token;
  result.principal.user_id = user_id;
  result.principal.username = name;
  result.principal.org_id = row->Int(6);
  result.principal.org_ods = row->Text(7);
  result.principal.is_operator = row->Int(8) != 0;
  result.principal.session_id = session;
  return result;
}

Status Accounts::SignOut(std::string_view session_token) {
  if (session_token.size() != kSecretHexLength || !IsHex(session_token)) return Status::Ok();
  MHDS_ASSIGN_OR_RETURN(auto tx, db_.Begin());
  MHDS_ASSIGN_OR_RETURN(auto row,
                        db_.QueryRow("UPDATE sessions SET revoked_at = ? WHERE token_hash = ? "
                                     "AND revoked_at IS NULL RETURNING id, user_id",
                                     {Now(), Sha256Hex(session_token)}));
  if (row) {
    MHDS_ASSIGN_OR_RETURN(auto user,
                          db_.QueryRow("SELECT username FROM users WHERE id = ?", {row->Int(1)}));
    AuditRecord entry;
    entry.event = audit_event::kSignOut;
    entry.at = Now();
    entry.user_id = row->Int(1);
    entry.actor = user ? user->Text(0) : "";
    entry.detail = "session " + std::to_string(row->Int(0));
    MHDS_RETURN_IF_ERROR(AppendAudit(db_, entry));
  }
  return tx.Commit();
}

Status Accounts::RevokeAllSessions(int64_t user_id) {
  return db_
      .Exec("UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL",
            {Now(), user_id})
      .status();
}

Result<std::optional<Principal>> Accounts::Authenticate(const Credential& credential) {
  const int64_t now = Now();
  std::string_view secret = credential.secret;
  const std::optional<Principal> none;
  if (credential.kind == Credential::Kind::kSession) {
    if (secret.size() != kSecretHexLength || !IsHex(secret)) return none;
    MHDS_ASSIGN_OR_RETURN(auto row,
                          db_.QueryRow("SELECT s.id, u.id, u.username, u.org_id, o.ods_code, "
                                       "u.is_operator FROM sessions s JOIN users u ON u.id = "
                                       "s.user_id JOIN organisations o ON o.id = u.org_id WHERE "
                                       "s.token_hash = ? AND s.revoked_at IS NULL AND "
                                       "s.expires_at > ? AND u.disabled = 0",
                                       {Sha256Hex(secret), now}));
    if (!row) return none;
    Principal p = PrincipalOf(*row);
    p.session_id = row->Int(0);
    return std::optional<Principal>(std::move(p));
  }
  if (!secret.starts_with(kTokenPrefix)) return none;
  std::string_view hex = secret.substr(kTokenPrefix.size());
  if (hex.size() != kSecretHexLength || !IsHex(hex)) return none;
  MHDS_ASSIGN_OR_RETURN(auto row,
                        db_.QueryRow("SELECT t.id, u.id, u.username, u.org_id, home.ods_code, "
                                     "u.is_operator, scope.ods_code, t.dataset FROM api_tokens t "
                                     "JOIN users u ON u.id = t.user_id JOIN organisations home "
                                     "ON home.id = u.org_id JOIN organisations scope ON scope.id "
                                     "= t.org_id WHERE t.token_hash = ? AND t.revoked_at IS NULL "
                                     "AND t.expires_at > ? AND u.disabled = 0",
                                     {Sha256Hex(secret), now}));
  if (!row) return none;
  Principal p = PrincipalOf(*row);
  p.token_id = row->Int(0);
  p.token_org = row->Text(6);
  p.token_dataset = row->Text(7);
  return std::optional<Principal>(std::move(p));
}

}  // namespace mhds::account
