#include "mhds/io/sqlite/sqlite_source.h"

#include <sqlite3.h>

#include <algorithm>
#include <filesystem>
#include <system_error>
#include <utility>

#include "mhds/base/status_macros.h"
#include "mhds/io/sqlite/sqlite_table_reader.h"

namespace mhds::io {
namespace {

Status CannotRead(const std::string& path, sqlite3* db) {
  return Status::DataError(path + ": cannot read the database (" + sqlite3_errmsg(db) +
                           "); expected an intact SQLite database file");
}

}  // namespace

Result<std::unique_ptr<SqliteSource>> SqliteSource::OpenDatabase(const std::string& path) {
  std::error_code error;
  const uintmax_t size = std::filesystem::file_size(path, error);
  if (error == std::errc::no_such_file_or_directory) {
    return Status::NotFound(path + ": no such file or directory");
  }
  if (error) return Status::IoError(path + ": cannot open: " + error.message());

  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr);
  // sqlite3_close_v2 waits for the readers' statements to be finalized.
  std::shared_ptr<sqlite3> db(raw, sqlite3_close_v2);
  if (rc != SQLITE_OK) {
    if (raw == nullptr) return Status::IoError(path + ": cannot open: out of memory");
    return Status::IoError(path + ": cannot open: " + sqlite3_errmsg(raw));
  }

  std::unique_ptr<SqliteSource> source(new SqliteSource(path, db));
  source->total_bytes_ = size;
  sqlite3_stmt* statement = nullptr;
  const char* sql =
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' "
      "ESCAPE '\\'";
  if (sqlite3_prepare_v2(raw, sql, -1, &statement, nullptr) != SQLITE_OK) {
    return CannotRead(path, raw);
  }
  int step = SQLITE_OK;
  while ((step = sqlite3_step(statement)) == SQLITE_ROW) {
    const auto* name = reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
    source->table_names_.emplace_back(name == nullptr ? "" : name);
  }
  sqlite3_finalize(statement);
  if (step != SQLITE_DONE) return CannotRead(path, raw);
  std::sort(source->table_names_.begin(), source->table_names_.end());
  return source;
}

Result<std::unique_ptr<RowReader>> SqliteSource::Open(std::string_view table) {
  if (std::find(table_names_.begin(), table_names_.end(), table) == table_names_.end()) {
    return Status::NotFound(path_ + ": no table " + std::string(table));
  }
  MHDS_ASSIGN_OR_RETURN(std::unique_ptr<SqliteTableReader> reader,
                        SqliteTableReader::Open(db_, table, DisplayName(table)));
  return std::unique_ptr<RowReader>(std::move(reader));
}

std::string SqliteSource::DisplayName(std::string_view table) const {
  return std::filesystem::path(path_).filename().string() + ":" + std::string(table);
}

}  // namespace mhds::io
