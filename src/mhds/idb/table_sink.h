// The back door of idb/: where converted or built tables are written, a CSV folder or a SQLite
// IDB. `mhds convert` copies a TableSource into a TableSink; `mhds build` fills one from local
// exports through a mapping file. Both write through this interface, so both get the same typing,
// the same key indexes and the same all-or-nothing commit.
//
// Values are text, as in io/TableSource: an empty value is a NULL in a database and an empty field
// in a CSV file. A sink changes no value on the way (round trips are tested).
#pragma once

#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "mhds/base/result.h"
#include "mhds/spec/spec.h"

namespace mhds::idb {

class TableSink {
 public:
  virtual ~TableSink() = default;

  // Starts a table. `table` is the spec's table when the name is one of the data set's (columns
  // are then typed and its keys indexed), or nullptr for a table the spec does not know, which is
  // copied as text. `columns` are the column names in the order AddRow() will give values.
  virtual Status BeginTable(std::string_view name, const spec::Table* table,
                            std::span<const std::string> columns) = 0;

  // One row, one value per column given to BeginTable().
  virtual Status AddRow(std::span<const std::string_view> values) = 0;

  virtual Status EndTable() = 0;

  // Makes everything written visible at once (a rename into place). A sink destroyed without
  // Commit() leaves nothing at the output path.
  virtual Status Commit() = 0;
};

// Opens a sink at `out`: a path ending in .sqlite, .sqlite3 or .db is a SQLite IDB; a path ending
// in '/' or naming an existing directory is a CSV folder. `spec` may be null (no typing, no
// indexes). kInvalidArgument if `out` is neither, or already exists and `overwrite` is false, or
// is a folder holding anything but .csv files (never replaced). See docs/idb_format.md.
Result<std::unique_ptr<TableSink>> OpenSink(const std::filesystem::path& out,
                                            const spec::Spec* spec, bool overwrite);

}  // namespace mhds::idb
