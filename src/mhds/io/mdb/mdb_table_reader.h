// MdbTableReader: one table of an Access file read as a RowReader (see mdb_source.h for how values
// become text). Made by MdbSource::Open; owns its libmdb handle, table definition and the
// buffers libmdb writes each row's values into.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "mhds/base/result.h"
#include "mhds/io/mdb/mdb_handle.h"
#include "mhds/io/table_source.h"

namespace mhds::io {

class MdbTableReader final : public RowReader {
 public:
  // Reads the definition of the user table `table` from `mdb` and binds a text buffer to each
  // column. `display_name` ("x.mdb:MHS001MPI") starts every error message. kNotFound if there is
  // no such user table; kDataError if its definition cannot be read.
  static Result<std::unique_ptr<MdbTableReader>> Open(MdbHandlePtr mdb, std::string_view table,
                                                      std::string display_name);

  const std::vector<std::string>& columns() const override { return columns_; }
  // The views point into this reader's buffers, valid until the next call. At the end of the
  // table, a row count different from the one the table definition records is a kDataError (the
  // file is damaged: libmdb stops quietly at a page it cannot read).
  bool Next(std::vector<std::string_view>& fields) override;
  const Status& status() const override { return status_; }
  // The 1-based number of the row last returned, in storage order.
  uint64_t line() const override { return line_; }
  // The bytes of text returned so far (not a file offset).
  uint64_t bytes_read() const override { return bytes_read_; }
  bool IsDateTimeColumn(size_t column) const override;

 private:
  struct FreeDeleter {
    void operator()(void* p) const { std::free(p); }
  };

  MdbTableReader(MdbHandlePtr mdb, std::string display_name);
  bool Fail(std::string message);

  MdbHandlePtr mdb_;
  MdbTableDefPtr table_;  // declared after mdb_: freed first
  std::string display_name_;
  std::vector<std::string> columns_;
  std::vector<std::unique_ptr<char[]>> buffers_;  // one of kMdbBindSize bytes per column
  std::vector<int> lengths_;                      // libmdb writes each value's length here
  std::vector<std::unique_ptr<void, FreeDeleter>> ole_values_;  // this row's OLE objects
  Status status_;
  bool done_ = false;
  uint64_t line_ = 0;
  uint64_t bytes_read_ = 0;
};

}  // namespace mhds::io
