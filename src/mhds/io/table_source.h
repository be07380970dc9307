// The front door of io/: a submission is a TableSource (a CSV folder, a SQLite IDB or an Access
// file read in place) from which each table is read as a stream of rows of text fields. The
// validator sees only this interface, so every format gets the same checks.
//
// Values are text exactly as submitted (no trimming, no type conversion); a NULL in a database is
// an empty field. Readers stop at the first malformed byte and report it as a kDataError Status
// naming the file, line and column: a file that cannot be split into rows cannot be validated row
// by row, and guessing would hide the fault.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "mhds/base/result.h"

namespace mhds::io {

// Reads one table, row by row. Not thread-safe; one reader per thread.
class RowReader {
 public:
  virtual ~RowReader() = default;

  // The column names in source order, as written (case preserved, BOM stripped).
  virtual const std::vector<std::string>& columns() const = 0;

  // Reads the next row into `fields` (one view per column). The views stay valid until the next
  // call. Returns true with a row; false at the end of the table or on error, after which status()
  // says which. A row whose field count differs from columns().size() is an error.
  virtual bool Next(std::vector<std::string_view>& fields) = 0;

  // OK, or the first error met, with file, line and column in the message.
  virtual const Status& status() const = 0;

  // Where the row last returned by Next() starts: the 1-based physical line in a text file, or
  // the 1-based row number in a database table.
  virtual uint64_t line() const = 0;

  // Bytes consumed so far (for progress and throughput figures).
  virtual uint64_t bytes_read() const = 0;

  // The table's whole size in bytes if known, else 0: lets a consumer size its buffers once
  // instead of growing them row by row.
  virtual uint64_t size_hint() const { return 0; }

  // True if column `column` is typed date-and-time in the source (an Access Date/Time column),
  // whose values then read "CCYY-MM-DD hh:mm:ss" (or "CCYY-MM-DD" for a Short Date column)
  // whether the item holds a date, a time or both. Text sources have no such columns.
  virtual bool IsDateTimeColumn(size_t column) const {
    (void)column;
    return false;
  }
};

// A whole submission.
class TableSource {
 public:
  virtual ~TableSource() = default;

  // The tables present, with their names as found (e.g. "MHS001MPI", from "MHS001MPI.csv").
  virtual const std::vector<std::string>& table_names() const = 0;

  // Opens a table by a name from table_names(). kNotFound if absent.
  virtual Result<std::unique_ptr<RowReader>> Open(std::string_view table) = 0;

  // A short human description ("CSV folder /path", "SQLite IDB /path/x.sqlite").
  virtual std::string Describe() const = 0;

  // The name to show in messages for a table ("MHS001MPI.csv" or "x.sqlite:MHS001MPI").
  virtual std::string DisplayName(std::string_view table) const = 0;

  // Total input size in bytes, if known (0 otherwise).
  virtual uint64_t total_bytes() const = 0;
};

// Opens `path` as a submission: a directory is a CSV folder; a file starting with the SQLite magic
// header is a SQLite IDB; a Jet or ACE file (.mdb, .accdb) is an Access IDB. kNotFound if the path
// does not exist; kDataError if it is none of these.
Result<std::unique_ptr<TableSource>> OpenSource(const std::string& path);

}  // namespace mhds::io
