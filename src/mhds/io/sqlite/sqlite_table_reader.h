// SqliteTableReader: one table of a SQLite IDB read as a RowReader (see sqlite_source.h for how
// values become text). Made by SqliteSource::Open.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mhds/base/result.h"
#include "mhds/io/table_source.h"

struct sqlite3;
struct sqlite3_stmt;

namespace mhds::io {

class SqliteTableReader final : public RowReader {
 public:
  // Prepares SELECT * FROM `table` on `db`. `display_name` ("x.sqlite:MHS001MPI") starts every
  // error message. kDataError if the statement cannot be prepared (no such table, corrupt file).
  static Result<std::unique_ptr<SqliteTableReader>> Open(std::shared_ptr<sqlite3> db,
                                                         std::string_view table,
                                                         std::string display_name);

  ~SqliteTableReader() override;
  SqliteTableReader(const SqliteTableReader&) = delete;
  SqliteTableReader& operator=(const SqliteTableReader&) = delete;

  const std::vector<std::string>& columns() const override { return columns_; }
  // The views point into SQLite's own copies of the values, valid until the next call.
  bool Next(std::vector<std::string_view>& fields) override;
  const Status& status() const override { return status_; }
  // The 1-based number of the row last returned, in the table's storage order.
  uint64_t line() const override { return line_; }
  // The bytes of text returned so far (not a file offset: SQLite pages hold more than values).
  uint64_t bytes_read() const override { return bytes_read_; }

 private:
  SqliteTableReader(std::shared_ptr<sqlite3> db, sqlite3_stmt* statement, std::string display_name);

  std::shared_ptr<sqlite3> db_;  // outlives statement_
  sqlite3_stmt* statement_;
  std::string display_name_;
  std::vector<std::string> columns_;
  Status status_;
  bool done_ = false;
  uint64_t line_ = 0;
  uint64_t bytes_read_ = 0;
};

// The SQL text for `name` as a quoted identifier: "name", with any " inside doubled.
std::string QuoteSqlIdentifier(std::string_view name);

}  // namespace mhds::io
