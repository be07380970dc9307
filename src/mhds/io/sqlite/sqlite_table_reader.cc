#include "mhds/io/sqlite/sqlite_table_reader.h"

#include <sqlite3.h>

#include <utility>

namespace mhds::io {

std::string QuoteSqlIdentifier(std::string_view name) {
  std::string quoted = "\"";
  for (const char c : name) {
    quoted += c;
    if (c == '"') quoted += '"';
  }
  quoted += '"';
  return quoted;
}

Result<std::unique_ptr<SqliteTableReader>> SqliteTableReader::Open(std::shared_ptr<sqlite3> db,
                                                                   std::string_view table,
                                                                   std::string display_name) {
  const std::string sql = "SELECT * FROM " + QuoteSqlIdentifier(table);
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(db.get(), sql.c_str(), -1, &statement, nullptr) != SQLITE_OK) {
    return Status::DataError(display_name + ": cannot read the table (" + sqlite3_errmsg(db.get()) +
                             "); expected a table in an intact SQLite database");
  }
  std::unique_ptr<SqliteTableReader> reader(
      new SqliteTableReader(std::move(db), statement, std::move(display_name)));
  const int count = sqlite3_column_count(statement);
  for (int i = 0; i < count; ++i) {
    const char* name = sqlite3_column_name(statement, i);
    reader->columns_.emplace_back(name == nullptr ? "" : name);
  }
  return reader;
}

SqliteTableReader::SqliteTableReader(std::shared_ptr<sqlite3> db, sqlite3_stmt* statement,
                                     std::string display_name)
    : db_(std::move(db)), statement_(statement), display_name_(std::move(display_name)) {}

SqliteTableReader::~SqliteTableReader() { sqlite3_finalize(statement_); }

bool SqliteTableReader::Next(std::vector<std::string_view>& fields) {
  if (done_) return false;
  const int rc = sqlite3_step(statement_);
  if (rc == SQLITE_DONE) {
    done_ = true;
    return false;
  }
  const std::string row = std::to_string(line_ + 1);
  if (rc != SQLITE_ROW) {
    done_ = true;
    std::string message = display_name_ + ": row " + row + ": cannot read the table (" +
                          sqlite3_errmsg(db_.get()) + "); expected an intact SQLite database";
    const bool io_error = (rc & 0xFF) == SQLITE_IOERR || (rc & 0xFF) == SQLITE_NOMEM;
    status_ =
        io_error ? Status::IoError(std::move(message)) : Status::DataError(std::move(message));
    return false;
  }
  ++line_;
  fields.clear();
  for (int i = 0; i < static_cast<int>(columns_.size()); ++i) {
    switch (sqlite3_column_type(statement_, i)) {
      case SQLITE_NULL:
        fields.emplace_back();
        break;
      case SQLITE_BLOB:
        done_ = true;
        status_ = Status::DataError(display_name_ + ": row " + row + ", column " + columns_[i] +
                                    ": found a BLOB (binary) value; expected text or a number");
        return false;
      default: {
        // Text first, then its length, as SQLite's documentation asks.
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement_, i));
        const int bytes = sqlite3_column_bytes(statement_, i);
        fields.emplace_back(text == nullptr ? "" : text, text == nullptr ? 0 : bytes);
        bytes_read_ += bytes;
      }
    }
  }
  return true;
}

}  // namespace mhds::io
