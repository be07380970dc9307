// The front door of idb/ for `mhds convert`: copies every table of a submission (io::TableSource:
// a CSV folder, a SQLite IDB or an Access file) into a TableSink, row by row, changing no value.
//
// The one reshaping: an Access Date/Time column holds "CCYY-MM-DD hh:mm:ss" whatever the item
// means. For an item the spec types as a date it is written as CCYY-MM-DD, and for a time item as
// hh:mm:ss, which is the part the validator reads from an Access file (validate/validator.cc,
// PartMeant). A CSV or SQLite IDB has no Date/Time columns, so without this the converted IDB
// would fail format checks the Access file passes. Any other value of such a column (a Short Date
// column's "CCYY-MM-DD", libmdb's out-of-range "1900-01-00 00:00:00" on a date-and-time item) is
// copied as it reads.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "mhds/base/result.h"
#include "mhds/idb/table_sink.h"
#include "mhds/io/table_source.h"
#include "mhds/spec/spec.h"

namespace mhds::idb {

struct CopyOptions {
  // Called every few thousand rows with the bytes read so far and the source's total (0 if
  // unknown), for a progress line. May be empty.
  std::function<void(uint64_t done, uint64_t total)> progress;
};

struct CopiedTable {
  std::string source_name;  // as the source names it ("mhs001mpi", "MHS001MPI.csv" -> MHS001MPI)
  std::string name;         // as written: the spec's IDB name when the data set knows it
  bool known = false;       // the spec knows the table (typed columns, key index)
  uint64_t rows = 0;
};

struct CopySummary {
  std::vector<CopiedTable> tables;  // in the order copied (the source's order)
  uint64_t rows = 0;
};

// The text an Access Date/Time value is written as for an item of type `type` (see above).
std::string_view AccessDateTimePart(std::string_view value, spec::ValueType type);

// Copies every table of `source` into `sink` (BeginTable, AddRow per row, EndTable) but does not
// commit. `spec` may be null: every table is then copied as text. Stops at the first error: a
// reader's error (which names the file, line and column) or the sink's.
Result<CopySummary> CopyTables(io::TableSource& source, const spec::Spec* spec, TableSink& sink,
                               const CopyOptions& options = {});

}  // namespace mhds::idb
