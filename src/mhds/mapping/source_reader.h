// Opening the local sources a mapping names as io::RowReaders: a CSV file (io/csv's reader), a
// SQLite table or query, a table of an Access file (io's Access reader), a PostgreSQL query.
#pragma once

#include <memory>
#include <string>

#include "mhds/base/result.h"
#include "mhds/io/table_source.h"
#include "mhds/mapping/mapping.h"

namespace mhds::mapping {

// A reader over `source` and the name to show in messages ("exports/contacts.csv",
// "pas.sqlite query", "PostgreSQL source 'warehouse'"); the connection string of a PostgreSQL
// source is never shown, since it may hold a password. kNotFound if a file is missing, kDataError
// if it cannot be read as what the mapping says, with the reason.
struct OpenedSource {
  std::unique_ptr<io::RowReader> reader;
  std::string display_name;
};
Result<OpenedSource> OpenSourceReader(const Source& source);

// SQLite: `sql` on the database file `path`, opened read-only.
Result<std::unique_ptr<io::RowReader>> OpenSqliteQuery(const std::string& path,
                                                       const std::string& sql,
                                                       std::string display_name);

// PostgreSQL: `sql` through libpq on `connection` (a libpq connection string; libpq also reads
// PGPASSWORD and ~/.pgpass, so the string need hold no password). Rows are fetched one at a time.
Result<std::unique_ptr<io::RowReader>> OpenPostgresQuery(const std::string& connection,
                                                         const std::string& sql,
                                                         std::string display_name);

}  // namespace mhds::mapping
