#include "mhds/store/internal/sqlite_database.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "mhds/base/status_macros.h"

namespace mhds::store::internal {

namespace {

// Finalises a statement on every path out of Run().
struct StatementCloser {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using Statement = std::unique_ptr<sqlite3_stmt, StatementCloser>;

Status Bind(sqlite3_stmt* stmt, const std::vector<Value>& params) {
  int expected = sqlite3_bind_parameter_count(stmt);
  if (expected != static_cast<int>(params.size())) {
    return Status::Internal("statement has " + std::to_string(expected) + " placeholders but " +
                            std::to_string(params.size()) + " values were given");
  }
  for (size_t i = 0; i < params.size(); ++i) {
    const int index = static_cast<int>(i) + 1;
    const Value& v = params[i];
    int rc = SQLITE_OK;
    if (v.is_null()) {
      rc = sqlite3_bind_null(stmt, index);
    } else if (v.is_int()) {
      rc = sqlite3_bind_int64(stmt, index, *v.AsInt());
    } else {
      std::string text = *v.AsText();
      rc =
          sqlite3_bind_text64(stmt, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    }
    if (rc != SQLITE_OK) return Status::Internal("cannot bind value " + std::to_string(index));
  }
  return Status::Ok();
}

Row ReadRow(sqlite3_stmt* stmt) {
  const int columns = sqlite3_column_count(stmt);
  std::vector<Value> values;
  values.reserve(columns);
  for (int c = 0; c < columns; ++c) {
    switch (sqlite3_column_type(stmt, c)) {
      case SQLITE_NULL:
        values.emplace_back();
        break;
      case SQLITE_INTEGER:
        values.emplace_back(static_cast<int64_t>(sqlite3_column_int64(stmt, c)));
        break;
      default: {
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
        const int size = sqlite3_column_bytes(stmt, c);
        values.emplace_back(std::string(text == nullptr ? "" : text, size));
      }
    }
  }
  return Row(std::move(values));
}

}  // namespace

Result<std::unique_ptr<Database>> SqliteDatabase::Open(const std::string& path,
                                                       int busy_timeout_ms) {
  if (path != ":memory:") {
    // SQLite would create the file with the umask's mode; the store holds accounts, so 0600.
    int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) {
      return Status::IoError("cannot open store file " + path + ": " + std::strerror(errno));
    }
    ::close(fd);
  }
  sqlite3* raw = nullptr;
  int rc =
      sqlite3_open_v2(path.c_str(), &raw,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  std::unique_ptr<SqliteDatabase> db(new SqliteDatabase(raw));
  if (rc != SQLITE_OK) {
    return Status::IoError("cannot open store file " + path + ": " + sqlite3_errstr(rc));
  }
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, busy_timeout_ms);
  MHDS_RETURN_IF_ERROR(db->ExecScript("PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; "
                                      "PRAGMA synchronous = FULL;")
                           .WithContext("while opening store file " + path));
  return std::unique_ptr<Database>(std::move(db));
}

SqliteDatabase::~SqliteDatabase() { sqlite3_close_v2(db_); }

Status SqliteDatabase::Error(int code, std::string_view doing) const {
  std::string message = std::string(doing) + ": " + sqlite3_errmsg(db_);
  switch (code & 0xff) {
    case SQLITE_CONSTRAINT:
      return Status::InvalidArgument("constraint: " + message);
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
    case SQLITE_PERM:
      return Status::IoError(message);
    default:
      return Status::Internal(message);
  }
}

Status SqliteDatabase::Run(std::string_view sql, const std::vector<Value>& params,
                           std::vector<Row>* rows) {
  sqlite3_stmt* raw = nullptr;
  const char* tail = nullptr;
  int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &raw, &tail);
  Statement stmt(raw);
  if (rc != SQLITE_OK) return Error(rc, "cannot prepare statement");
  if (stmt == nullptr) return Status::Internal("empty statement");
  MHDS_RETURN_IF_ERROR(Bind(stmt.get(), params));
  while (true) {
    rc = sqlite3_step(stmt.get());
    if (rc == SQLITE_DONE) return Status::Ok();
    if (rc != SQLITE_ROW) return Error(rc, "statement failed");
    if (rows != nullptr) rows->push_back(ReadRow(stmt.get()));
  }
}

Result<std::vector<Row>> SqliteDatabase::Query(std::string_view sql,
                                               const std::vector<Value>& params) {
  std::vector<Row> rows;
  MHDS_RETURN_IF_ERROR(Run(sql, params, &rows));
  return rows;
}

Result<int64_t> SqliteDatabase::Exec(std::string_view sql, const std::vector<Value>& params) {
  MHDS_RETURN_IF_ERROR(Run(sql, params, nullptr));
  return static_cast<int64_t>(sqlite3_changes64(db_));
}

Status SqliteDatabase::ExecScript(std::string_view sql) {
  std::string text(sql);
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return Error(rc, "script failed");
  return Status::Ok();
}

}  // namespace mhds::store::internal
