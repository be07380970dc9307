#include "mhds/store/database.h"

#include "mhds/base/status_macros.h"

namespace mhds::store {

namespace {
constexpr std::string_view kConstraintPrefix = "constraint: ";
}  // namespace

std::string_view EngineName(Engine engine) {
  return engine == Engine::kSqlite ? "sqlite" : "postgresql";
}

bool IsConstraintViolation(const Status& status) {
  return status.code() == StatusCode::kInvalidArgument &&
         status.message().find(kConstraintPrefix) != std::string::npos;
}

Result<std::optional<Row>> Database::QueryRow(std::string_view sql,
                                              const std::vector<Value>& params) {
  MHDS_ASSIGN_OR_RETURN(auto rows, Query(sql, params));
  if (rows.empty()) return std::optional<Row>();
  return std::optional<Row>(std::move(rows.front()));
}

Result<Transaction> Database::Begin() {
  if (in_transaction_) return Status::Internal("a transaction is already open on this connection");
  MHDS_RETURN_IF_ERROR(ExecScript(engine() == Engine::kSqlite ? "BEGIN IMMEDIATE" : "BEGIN"));
  in_transaction_ = true;
  return Transaction(this);
}

Transaction::~Transaction() {
  if (db_ == nullptr) return;
  (void)db_->ExecScript("ROLLBACK");  // best effort: a failed rollback leaves nothing committed
  db_->in_transaction_ = false;
}

Status Transaction::Commit() {
  if (db_ == nullptr) return Status::Internal("Commit() on a finished transaction");
  Database* db = db_;
  Status status = db->ExecScript("COMMIT");
  if (!status.ok()) {
    (void)db->ExecScript("ROLLBACK");
    status = status.WithContext("while committing");
  }
  db->in_transaction_ = false;
  db_ = nullptr;
  return status;
}

}  // namespace mhds::store
