#include "mhds/store/migrations.h"

#include <chrono>

#include "mhds/base/status_macros.h"
#include "mhds/store/internal/sql_text.h"

namespace mhds::store {

namespace {

constexpr std::string_view kCreateTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " component TEXT NOT NULL,"
    " version BIGINT NOT NULL,"
    " name TEXT NOT NULL,"
    " applied_at BIGINT NOT NULL,"
    " PRIMARY KEY (component, version))";

// Any fixed number serves: it names the one PostgreSQL advisory lock migrations take.
constexpr int64_t kMigrationLockKey = 0x6d68647320;  // "mhds "

int64_t NowSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Result<int> CurrentVersion(Database& db, std::string_view component) {
  MHDS_ASSIGN_OR_RETURN(auto row, db.QueryRow("SELECT MAX(version) FROM schema_migrations "
                                              "WHERE component = ?",
                                              {component}));
  return row ? static_cast<int>(row->Int(0)) : 0;
}

Status CheckList(std::string_view component, std::span<const Migration> migrations) {
  for (size_t i = 0; i < migrations.size(); ++i) {
    if (migrations[i].version != static_cast<int>(i) + 1) {
      return Status::Internal("migrations of '" + std::string(component) +
                              "' must be numbered 1, 2, 3, ... in order; entry " +
                              std::to_string(i + 1) + " has version " +
                              std::to_string(migrations[i].version));
    }
  }
  return Status::Ok();
}

Status Apply(Database& db, std::string_view component, const Migration& m) {
  MHDS_ASSIGN_OR_RETURN(auto tx, db.Begin());
  // Another process may have applied it while this one waited for the lock.
  MHDS_ASSIGN_OR_RETURN(int current, CurrentVersion(db, component));
  if (current >= m.version) return Status::Ok();
  std::string_view sql =
      db.engine() == Engine::kPostgres && !m.postgres_sql.empty() ? m.postgres_sql : m.sql;
  MHDS_RETURN_IF_ERROR(db.ExecScript(internal::ExpandMigrationTokens(sql, db.engine())));
  MHDS_RETURN_IF_ERROR(db.Exec("INSERT INTO schema_migrations (component, version, name, "
                               "applied_at) VALUES (?, ?, ?, ?)",
                               {component, m.version, m.name, NowSeconds()})
                           .status());
  return tx.Commit();
}

Status MigrateLocked(Database& db, std::string_view component,
                     std::span<const Migration> migrations) {
  MHDS_RETURN_IF_ERROR(db.ExecScript(kCreateTable));
  MHDS_ASSIGN_OR_RETURN(int current, CurrentVersion(db, component));
  if (current > static_cast<int>(migrations.size())) {
    return Status::DataError("the store has version " + std::to_string(current) + " of '" +
                             std::string(component) + "' but this mhds knows only up to " +
                             std::to_string(migrations.size()) + ": upgrade mhds");
  }
  for (const Migration& m : migrations) {
    if (m.version <= current) continue;
    MHDS_RETURN_IF_ERROR(Apply(db, component, m)
                             .WithContext("while applying migration " + std::to_string(m.version) +
                                          " (" + std::string(m.name) + ") of '" +
                                          std::string(component) + "'"));
  }
  return Status::Ok();
}

}  // namespace

Status Migrate(Database& db, std::string_view component, std::span<const Migration> migrations) {
  if (db.in_transaction()) return Status::Internal("Migrate() inside a transaction");
  MHDS_RETURN_IF_ERROR(CheckList(component, migrations));
  if (db.engine() != Engine::kPostgres) return MigrateLocked(db, component, migrations);
  // PostgreSQL: CREATE TABLE IF NOT EXISTS races between sessions, so one lock covers it all.
  MHDS_RETURN_IF_ERROR(db.Exec("SELECT pg_advisory_lock(?)", {kMigrationLockKey}).status());
  Status status = MigrateLocked(db, component, migrations);
  Status unlocked = db.Exec("SELECT pg_advisory_unlock(?)", {kMigrationLockKey}).status();
  return status.ok() ? unlocked : status;
}

Result<int> SchemaVersion(Database& db, std::string_view component) {
  std::string_view exists_sql =
      db.engine() == Engine::kSqlite
          ? "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = "
            "'schema_migrations'"
          : "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = "
            "current_schema() AND table_name = 'schema_migrations'";
  MHDS_ASSIGN_OR_RETURN(auto row, db.QueryRow(exists_sql));
  if (!row || row->Int(0) == 0) return 0;
  return CurrentVersion(db, component);
}

}  // namespace mhds::store
