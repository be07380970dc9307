// SqliteSink: writes an IDB as one SQLite database that io/sqlite reads back value for value.
// Tables and columns are named as the data set names them (table_naming.h), columns are typed
// without letting SQLite convert a value (sqlite_value_types.h), each table the spec knows gets an
// index on its key items ("<table>_key", not unique: duplicate keys are the validator's to
// report), and the whole database is written in one transaction with prepared statements.
//
// The database is built in "<out>.tmp-<pid>" (mode 0600) and renamed into place by Commit().
// Not thread-safe.
#pragma once

#include <filesystem>
#include <memory>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "mhds/base/result.h"
#include "mhds/idb/sqlite_value_types.h"
#include "mhds/idb/table_sink.h"

struct sqlite3;
struct sqlite3_stmt;

namespace mhds::idb {

class SqliteSink final : public TableSink {
 public:
  // Creates the temporary database and begins the transaction. kInvalidArgument if `out` exists
  // and may not be replaced; kIoError if the database cannot be created.
  static Result<std::unique_ptr<SqliteSink>> Create(const std::filesystem::path& out,
                                                    bool overwrite);
  // Removes the temporary database unless Commit() succeeded.
  ~SqliteSink() override;
  SqliteSink(const SqliteSink&) = delete;
  SqliteSink& operator=(const SqliteSink&) = delete;

  // kDataError if the table cannot be a SQLite table: no columns, two columns whose names differ
  // only in case (SQLite names are case-insensitive), or a name already written.
  Status BeginTable(std::string_view name, const spec::Table* table,
                    std::span<const std::string> columns) override;
  Status AddRow(std::span<const std::string_view> values) override;
  // Creates the key index.
  Status EndTable() override;
  // Commits, syncs and renames the database into place.
  Status Commit() override;

 private:
  SqliteSink(std::filesystem::path out, std::filesystem::path temp, bool overwrite)
      : out_(std::move(out)), temp_(std::move(temp)), overwrite_(overwrite) {}
  Status Exec(const std::string& sql, std::string_view doing,
              StatusCode otherwise = StatusCode::kInternal);
  // The last SQLite error as a Status: kIoError when the operating system or the disk failed,
  // else `otherwise` (kDataError where the source's names or values are the cause).
  Status SqliteError(std::string_view doing, StatusCode otherwise = StatusCode::kInternal) const;
  // Binds a value of an ANY column (see sqlite_value_types.h).
  Status BindNumber(int index, std::string_view value);
  void Close();

  std::filesystem::path out_;
  std::filesystem::path temp_;
  bool overwrite_;
  bool committed_ = false;
  sqlite3* db_ = nullptr;
  sqlite3_stmt* insert_ = nullptr;  // the current table's INSERT, or null
  sqlite3_stmt* render_ = nullptr;  // SELECT ?1: how SQLite renders a REAL as text
  std::string table_;
  std::vector<std::string> columns_;
  std::vector<SqliteColumnKind> kinds_;
  std::vector<std::string> key_columns_;
  std::set<std::string> written_;  // lower-case names of the tables made so far
  uint64_t rows_ = 0;
};

}  // namespace mhds::idb
