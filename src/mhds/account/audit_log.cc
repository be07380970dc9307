#include "mhds/account/audit_log.h"

#include "mhds/account/secrets.h"
#include "mhds/base/hash_chain.h"
#include "mhds/base/status_macros.h"

namespace mhds::account {

namespace {

constexpr int64_t kVerifyBatch = 1000;

// Each field as "<length>:<text>;" and NULL as "-;" (base/hash_chain.h).
void AddField(std::string& out, const std::optional<std::string>& field) {
  AppendChainField(out, field ? std::optional<std::string_view>(*field) : std::nullopt);
}

std::optional<std::string> NullIfEmpty(const std::string& s) {
  return s.empty() ? std::nullopt : std::optional<std::string>(s);
}

std::string EntryHash(int64_t seq, const AuditRecord& r, const std::string& prev_hash) {
  std::string content = "mhds-audit-v1;";
  AddField(content, std::to_string(seq));
  AddField(content, std::to_string(r.at));
  AddField(content, r.event);
  AddField(content,
           r.user_id ? std::optional<std::string>(std::to_string(*r.user_id)) : std::nullopt);
  AddField(content, NullIfEmpty(r.actor));
  AddField(content, NullIfEmpty(r.org));
  AddField(content, NullIfEmpty(r.dataset));
  AddField(content, NullIfEmpty(r.detail));
  AddField(content, prev_hash);
  return Sha256Hex(content);
}

Status AppendLocked(store::Database& db, const AuditRecord& record) {
  if (db.engine() == store::Engine::kPostgres) {
    // Self-conflicting, so appenders queue here until the holder commits; readers are not blocked.
    MHDS_RETURN_IF_ERROR(db.ExecScript("LOCK TABLE audit_log IN SHARE ROW EXCLUSIVE MODE"));
  }  // SQLite: the transaction already holds the database's write lock (BEGIN IMMEDIATE).
  MHDS_ASSIGN_OR_RETURN(auto last,
                        db.QueryRow("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1"));
  const int64_t seq = last ? last->Int(0) + 1 : 1;
  const std::string prev = last ? last->Text(1) : std::string(kChainGenesis);
  const std::string hash = EntryHash(seq, record, prev);
  return db
      .Exec(
          "INSERT INTO audit_log (seq, at, event, user_id, actor, org, dataset, detail, "
          "prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          {seq, record.at, record.event, record.user_id, NullIfEmpty(record.actor),
           NullIfEmpty(record.org), NullIfEmpty(record.dataset), NullIfEmpty(record.detail), prev,
           hash})
      .status();
}

AuditEntry ReadEntry(const store::Row& row) {
  AuditEntry e;
  e.seq = row.Int(0);
  e.record.at = row.Int(1);
  e.record.event = row.Text(2);
  e.record.user_id = row[3].AsInt();
  e.record.actor = row.Text(4);
  e.record.org = row.Text(5);
  e.record.dataset = row.Text(6);
  e.record.detail = row.Text(7);
  e.prev_hash = row.Text(8);
  e.hash = row.Text(9);
  return e;
}

}  // namespace

Status AppendAudit(store::Database& db, const AuditRecord& record) {
  if (record.event.empty()) return Status::Internal("audit entry without an event");
  if (db.in_transaction()) return AppendLocked(db, record);
  MHDS_ASSIGN_OR_RETURN(auto tx, db.Begin());
  MHDS_RETURN_IF_ERROR(AppendLocked(db, record));
  return tx.Commit();
}

Result<std::vector<AuditEntry>> ReadAudit(store::Database& db, int64_t after_seq, int64_t limit) {
  MHDS_ASSIGN_OR_RETURN(auto rows,
                        db.Query("SELECT seq, at, event, user_id, actor, org, dataset, detail, "
                                 "prev_hash, hash FROM audit_log WHERE seq > ? ORDER BY seq "
                                 "LIMIT ?",
                                 {after_seq, limit}));
  std::vector<AuditEntry> entries;
  entries.reserve(rows.size());
  for (const auto& row : rows) entries.push_back(ReadEntry(row));
  return entries;
}

Result<AuditVerification> VerifyAuditChain(store::Database& db) {
  HashChainVerifier chain;
  while (true) {
    MHDS_ASSIGN_OR_RETURN(auto batch, ReadAudit(db, chain.expected_seq() - 1, kVerifyBatch));
    for (const AuditEntry& e : batch) {
      if (!chain.Next(e.seq, e.prev_hash, e.hash,
                      [&e] { return EntryHash(e.seq, e.record, e.prev_hash); })) {
        return chain.result();
      }
    }
    if (static_cast<int64_t>(batch.size()) < kVerifyBatch) break;
  }
  return chain.result();
}

}  // namespace mhds::account
