// SqliteSource: a submission given as a SQLite database (an "IDB"), one database table per data set
// table. The file is opened read-only and never changed. Every value is returned as text exactly as
// SQLite renders it: NULL as an empty field, integers in decimal, REAL values as SQLite's own text
// conversion (sqlite3_column_text), TEXT as stored. A BLOB value is a kDataError, since no data set
// item is binary.
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

namespace mhds::io {

class SqliteSource final : public TableSource {
 public:
  // Opens the database at `path` read-only and lists its tables (not SQLite's own sqlite_*
  // tables). kNotFound if the file does not exist; kDataError, naming the file, if it is not a
  // SQLite database or is corrupt.
  static Result<std::unique_ptr<SqliteSource>> OpenDatabase(const std::string& path);

  // Sorted by byte value.
  const std::vector<std::string>& table_names() const override { return table_names_; }
  // A reader over SELECT * FROM the table, in the table's storage order. line() is the 1-based
  // row number. Readers share the connection and may outlive this source. A corrupt page met while
  // reading is a kDataError naming the file, table and row.
  Result<std::unique_ptr<RowReader>> Open(std::string_view table) override;
  std::string Describe() const override { return "SQLite IDB " + path_; }
  // "x.sqlite:MHS001MPI": the file name, a colon and the table name.
  std::string DisplayName(std::string_view table) const override;
  // The size of the database file.
  uint64_t total_bytes() const override { return total_bytes_; }

 private:
  SqliteSource(std::string path, std::shared_ptr<sqlite3> db)
      : path_(std::move(path)), db_(std::move(db)) {}

  std::string path_;
  std::shared_ptr<sqlite3> db_;
  std::vector<std::string> table_names_;
  uint64_t total_bytes_ = 0;
};

}  // namespace mhds::io
