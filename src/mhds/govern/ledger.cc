#include "mhds/govern/ledger.h"

#include "mhds/account/secrets.h"
#include "mhds/base/hash_chain.h"
#include "mhds/base/status_macros.h"
#include "mhds/base/text.h"

namespace mhds::govern {

namespace {

// Entries with a user id (steps taken in the service) hash as v2, with the id after the actor;
// entries without one hash as v1, so entries written before user ids existed still verify.
std::string LedgerHash(int64_t seq, const LedgerRecord& r, const std::string& prev_hash) {
  const bool with_user = r.actor_user_id != 0;
  std::string content = with_user ? "mhds-govern-ledger-v2;" : "mhds-govern-ledger-v1;";
  AppendChainField(content, std::to_string(seq));
  AppendChainField(content, std::to_string(r.at));
  AppendChainField(content, r.application_ref);
  AppendChainField(content, r.action);
  AppendChainField(content, r.from_state);
  AppendChainField(content, r.to_state);
  AppendChainField(content, r.actor);
  if (with_user) AppendChainField(content, std::to_string(r.actor_user_id));
  AppendChainField(content, r.role);
  AppendChainField(content, r.reason);
  AppendChainField(content, Join(r.documents, ","));
  AppendChainField(content, prev_hash);
  return account::Sha256Hex(content);
}

constexpr char kSelectLedger[] =
    "SELECT seq, at, application_ref, action, from_state, to_state, actor, role, reason, "
    "documents, prev_hash, hash, actor_user_id FROM gov_ledger ";

LedgerEntry ReadLedgerRow(const store::Row& row) {
  LedgerEntry e;
  e.seq = row.Int(0);
  e.record.at = row.Int(1);
  e.record.application_ref = row.Text(2);
  e.record.action = row.Text(3);
  e.record.from_state = row.Text(4);
  e.record.to_state = row.Text(5);
  e.record.actor = row.Text(6);
  e.record.role = row.Text(7);
  e.record.reason = row.Text(8);
  e.record.documents = SplitTrimmed(row.Text(9), ',');
  e.prev_hash = row.Text(10);
  e.hash = row.Text(11);
  e.record.actor_user_id = row.IsNull(12) ? 0 : row.Int(12);
  return e;
}

}  // namespace

Status AppendLedger(store::Database& db, const LedgerRecord& record) {
  if (!db.in_transaction()) return Status::Internal("ledger append outside a transaction");
  if (db.engine() == store::Engine::kPostgres) {
    // Self-conflicting, so appenders queue until the holder commits; readers are not blocked.
    MHDS_RETURN_IF_ERROR(db.ExecScript("LOCK TABLE gov_ledger IN SHARE ROW EXCLUSIVE MODE"));
  }
  MHDS_ASSIGN_OR_RETURN(auto last,
                        db.QueryRow("SELECT seq, hash FROM gov_ledger ORDER BY seq DESC LIMIT 1"));
  const int64_t seq = last ? last->Int(0) + 1 : 1;
  const std::string prev = last ? last->Text(1) : std::string(kChainGenesis);
  return db
      .Exec(
          "INSERT INTO gov_ledger (seq, at, application_ref, action, from_state, to_state, actor, "
          "role, reason, documents, prev_hash, hash, actor_user_id) VALUES (?, ?, ?, ?, ?, ?, ?, "
          "?, "
          "?, ?, ?, ?, ?)",
          {seq, record.at, record.application_ref, record.action, record.from_state,
           record.to_state, record.actor, record.role, record.reason, Join(record.documents, ","),
           prev, LedgerHash(seq, record, prev),
           record.actor_user_id == 0 ? store::Value() : store::Value(record.actor_user_id)})
      .status();
}

Result<std::optional<std::string>> CurrentState(store::Database& db,
                                                const std::string& application_ref) {
  MHDS_ASSIGN_OR_RETURN(auto row,
                        db.QueryRow("SELECT to_state FROM gov_ledger WHERE application_ref = ? "
                                    "ORDER BY seq DESC LIMIT 1",
                                    {application_ref}));
  if (!row) return std::optional<std::string>();
  return std::optional<std::string>(row->Text(0));
}

Result<std::vector<LedgerEntry>> ReadLedger(store::Database& db,
                                            const std::string& application_ref) {
  std::vector<store::Row> rows;
  if (application_ref.empty()) {
    MHDS_ASSIGN_OR_RETURN(rows, db.Query(std::string(kSelectLedger) + "ORDER BY seq"));
  } else {
    MHDS_ASSIGN_OR_RETURN(
        rows, db.Query(std::string(kSelectLedger) + "WHERE application_ref = ? ORDER BY seq",
                       {application_ref}));
  }
  std::vector<LedgerEntry> out;
  out.reserve(rows.size());
  for (const auto& row : rows) out.push_back(ReadLedgerRow(row));
  return out;
}

Result<LedgerVerification> VerifyLedger(store::Database& db) {
  MHDS_ASSIGN_OR_RETURN(auto entries, ReadLedger(db));
  HashChainVerifier chain;
  for (const LedgerEntry& e : entries) {
    if (!chain.Next(e.seq, e.prev_hash, e.hash,
                    [&e] { return LedgerHash(e.seq, e.record, e.prev_hash); })) {
      break;
    }
  }
  return chain.result();
}

}  // namespace mhds::govern
