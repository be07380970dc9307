// MdbSource: a submission given as a Microsoft Access file (Jet 3 .mdb, Jet 4 .mdb or ACE .accdb),
// one Access table per data set table, read in place with libmdb (mdbtools). The file is opened
// read-only and never changed.
//
// Every value is returned as text exactly as `mdb-export -T "%Y-%m-%d %H:%M:%S" -D "%Y-%m-%d"`
// (mdbtools 1.0) prints it, unquoted: NULL as an empty field; Yes/No as 1 or 0; integers in
// decimal; Currency with four decimals ("14.0000"); Single and Double as libmdb renders them; text
// and memo as stored (UTF-8); DateTime as "2021-12-02 00:00:00" ("2021-12-02" for Short Date
// columns; libmdb prints a date outside its range, such as 9999 or before 1900, as
// "1900-01-00 00:00:00"); OLE objects as their raw bytes, as mdb-export's default binary mode does.
// The date format differs from mdb-export's default on purpose: see kMdbDateFormat.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mhds/base/result.h"
#include "mhds/io/table_source.h"

namespace mhds::io {

class MdbSource final : public TableSource {
 public:
  // Opens the Access file at `path` and lists its user tables. kNotFound if the file does not
  // exist; kDataError, naming the file, if it is not an Access file or is damaged or truncated.
  static Result<std::unique_ptr<MdbSource>> OpenFile(const std::string& path);

  // The user tables (no MSys* system tables), sorted by byte value.
  const std::vector<std::string>& table_names() const override { return table_names_; }
  // A reader over the table's rows in storage order; line() is the 1-based row number. Each
  // reader opens the file again with its own libmdb handle and page buffer, so readers are
  // independent of each other and may outlive this source; libmdb promises no thread safety, so
  // read from one thread at a time. kDataError naming the file and table if the table definition
  // cannot be read; a damaged page met while reading is a kDataError naming the row.
  Result<std::unique_ptr<RowReader>> Open(std::string_view table) override;
  std::string Describe() const override { return "Access file " + path_; }
  // "x.mdb:MHS001MPI": the file name, a colon and the table name.
  std::string DisplayName(std::string_view table) const override;
  // The size of the Access file.
  uint64_t total_bytes() const override { return total_bytes_; }

 private:
  explicit MdbSource(std::string path) : path_(std::move(path)) {}

  std::string path_;
  std::vector<std::string> table_names_;
  uint64_t total_bytes_ = 0;
};

}  // namespace mhds::io
