// The audit log: an append-only table (audit_log) of every sign-in, authorisation change, upload,
// download and report view. Each entry stores the SHA-256 of its own content chained with the
// previous entry's hash, so changing, removing or reordering any entry breaks the chain from that
// point; VerifyAuditChain() finds the first broken entry. The tables come with the account
// migrations (Accounts::Migrate). No secret (password, TOTP code or key, session id, token) and no
// patient identifier is ever written into an entry.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "mhds/base/hash_chain.h"
#include "mhds/base/result.h"
#include "mhds/store/database.h"

namespace mhds::account {

// Event names used by this module. The HTTP layer records its own with these where they fit
// ("upload", "download", "report_view") and may add others ("submission_superseded").
namespace audit_event {
inline constexpr char kSignIn[] = "sign_in";
inline constexpr char kSignInFailed[] = "sign_in_failed";
inline constexpr char kSignInLocked[] = "sign_in_locked";
inline constexpr char kSignOut[] = "sign_out";
inline constexpr char kOrganisationCreated[] = "organisation_created";
inline constexpr char kUserCreated[] = "user_created";
inline constexpr char kAccessRequested[] = "access_requested";
inline constexpr char kAccessApproved[] = "access_approved";
inline constexpr char kAccessRefused[] = "access_refused";
inline constexpr char kAccessRevoked[] = "access_revoked";
inline constexpr char kAccessGranted[] = "access_granted";  // by an operator, without request
inline constexpr char kTokenCreated[] = "token_created";
inline constexpr char kTokenRevoked[] = "token_revoked";
inline constexpr char kUpload[] = "upload";
inline constexpr char kDownload[] = "download";
inline constexpr char kReportView[] = "report_view";
}  // namespace audit_event

// What to record. Empty strings and nullopt are stored as NULL.
struct AuditRecord {
  std::string event;               // one of audit_event, or the caller's own lowercase word
  int64_t at = 0;                  // Unix seconds
  std::optional<int64_t> user_id;  // who acted, when known
  std::string actor;               // their username, or the username tried at a failed sign-in
  std::string org;                 // ODS code of the organisation concerned
  std::string dataset;             // "mhsds", "iapt", ...
  std::string detail;              // free text: submission id, grant id, client address, ...
};

struct AuditEntry {
  int64_t seq = 0;  // 1, 2, 3, ... in order of appending
  AuditRecord record;
  std::string prev_hash;  // the previous entry's hash (64 zeros for the first)
  std::string hash;       // SHA-256 over this entry's content and prev_hash, lowercase hex
};

// Appends one entry. Inside an open transaction the entry commits or rolls back with it;
// otherwise it runs in its own. Appends from several connections or processes serialise, so the
// chain stays linear. Thread-safety: as the Database.
Status AppendAudit(store::Database& db, const AuditRecord& record);

// Entries with seq > `after_seq`, oldest first, at most `limit`.
Result<std::vector<AuditEntry>> ReadAudit(store::Database& db, int64_t after_seq = 0,
                                          int64_t limit = 1000);

using AuditVerification = ChainVerification;  // base/hash_chain.h

// Recomputes the chain from the first entry. A broken chain is a result, not an error; errors
// are only the store's.
Result<AuditVerification> VerifyAuditChain(store::Database& db);

}  // namespace mhds::account
