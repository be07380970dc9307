// A SQLite table or query of a local source, read as a RowReader. Unlike io/sqlite (which reads
// IDB tables), any SELECT is allowed; the database is opened read-only, so a query cannot change
// it.
#include <sqlite3.h>

#include "mhds/mapping/source_reader.h"

namespace mhds::mapping {
namespace {

class SqliteQueryReader final : public io::RowReader {
 public:
  SqliteQueryReader(sqlite3* db, sqlite3_stmt* statement, std::string display_name)
      : db_(db), statement_(statement), display_name_(std::move(display_name)) {
    const int count = sqlite3_column_count(statement_);
    for (int i = 0; i < count; ++i) {
      const char* name = sqlite3_column_name(statement_, i);
      columns_.emplace_back(name == nullptr ? "" : name);
    }
  }
  ~SqliteQueryReader() override {
    sqlite3_finalize(statement_);
    sqlite3_close(db_);
  }
  SqliteQueryReader(const SqliteQueryReader&) = delete;
  SqliteQueryReader& operator=(const SqliteQueryReader&) = delete;

  const std::vector<std::string>& columns() const override { return columns_; }
  const Status& status() const override { return status_; }
  uint64_t line() const override { return line_; }
  uint64_t bytes_read() const override { return bytes_read_; }

  bool Next(std::vector<std::string_view>& fields) override {
    if (done_) return false;
    const int rc = sqlite3_step(statement_);
    if (rc != SQLITE_ROW) {
      done_ = true;
      if (rc != SQLITE_DONE) {
        status_ = Status::DataError(display_name_ + ": row " + std::to_string(line_ + 1) +
                                    ": cannot read (" + sqlite3_errmsg(db_) + ")");
      }
      return false;
    }
    ++line_;
    fields.clear();
    for (int i = 0; i < static_cast<int>(columns_.size()); ++i) {
      if (sqlite3_column_type(statement_, i) == SQLITE_NULL) {
        fields.emplace_back();
        continue;
      }
      // Text first, then its length, as SQLite's documentation asks.
      const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement_, i));
      const int bytes = sqlite3_column_bytes(statement_, i);
      fields.emplace_back(text == nullptr ? "" : text, text == nullptr ? 0 : bytes);
      bytes_read_ += bytes;
    }
    return true;
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* statement_;
  std::string display_name_;
  std::vector<std::string> columns_;
  Status status_;
  bool done_ = false;
  uint64_t line_ = 0;
  uint64_t bytes_read_ = 0;
};

}  // namespace

Result<std::unique_ptr<io::RowReader>> OpenSqliteQuery(const std::string& path,
                                                       const std::string& sql,
                                                       std::string display_name) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return Status::NotFound(path + ": no such SQLite file");
  }
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    std::string reason = db == nullptr ? "out of memory" : sqlite3_errmsg(db);
    sqlite3_close(db);
    return Status::DataError(display_name + ": cannot open (" + reason + ")");
  }
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) != SQLITE_OK ||
      statement == nullptr) {
    std::string reason = statement == nullptr && sqlite3_errcode(db) == SQLITE_OK
                             ? "empty statement"
                             : sqlite3_errmsg(db);
    sqlite3_finalize(statement);
    sqlite3_close(db);
    return Status::DataError(display_name + ": cannot run the query (" + reason +
                             "); expected a SELECT on an intact SQLite database");
  }
  return std::unique_ptr<io::RowReader>(
      new SqliteQueryReader(db, statement, std::move(display_name)));
}

}  // namespace mhds::mapping
