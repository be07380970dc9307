// The governance ledger: one append-only entry per transition of an application (who, in which
// role, when, from which state to which, why, and the SHA-256 of every document attached), each
// chained to the previous entry by SHA-256 so that changing, removing or reordering an entry is
// detected by VerifyLedger(). An application's current state is the `to_state` of its last
// entry: nothing holds state that could be updated in place. The same pattern as the landing
// service's audit log (account/audit_log.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "mhds/base/hash_chain.h"
#include "mhds/base/result.h"
#include "mhds/store/database.h"

namespace mhds::govern {

struct LedgerRecord {
  int64_t at = 0;  // Unix seconds
  std::string application_ref;
  std::string action;
  std::string from_state;  // empty for the entry that opens the application
  std::string to_state;
  std::string actor;
  std::string role;
  std::string reason;
  std::vector<std::string> documents;  // SHA-256 hex of each attached document
  // The signed-in user of the landing service who took the step; 0 for a step taken with the
  // CLI, whose actor is the name the operator gave (docs/governance.md).
  int64_t actor_user_id = 0;
};

struct LedgerEntry {
  int64_t seq = 0;
  LedgerRecord record;
  std::string prev_hash;
  std::string hash;
};

// Appends one entry; must be called inside an open transaction (it commits with the facts it
// records). Appends serialise across connections (SQLite write lock; a PostgreSQL table lock).
Status AppendLedger(store::Database& db, const LedgerRecord& record);

// The current state of `application_ref` (nullopt when it has no entry).
Result<std::optional<std::string>> CurrentState(store::Database& db,
                                                const std::string& application_ref);

// Entries of one application (all when `application_ref` is empty), oldest first.
Result<std::vector<LedgerEntry>> ReadLedger(store::Database& db,
                                            const std::string& application_ref = "");

using LedgerVerification = ChainVerification;

// Recomputes the chain from the first entry; a broken chain is a result, not an error.
Result<LedgerVerification> VerifyLedger(store::Database& db);

}  // namespace mhds::govern
