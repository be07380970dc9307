// The one place that includes libmdb (mdbtools 1.0) and owns its objects: RAII pointers for an
// open Access file and a table definition, and the opening sequence every reader shares (the value
// formats, the bind size and the checks that catch a truncated file before libmdb reads past it).
// Internal to io/mdb: other modules see only MdbSource.
#pragma once

// glib first: mdbtools.h includes it inside extern "C", where glib's C++ templates cannot go.
#include <glib.h>
#include <mdbtools.h>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "mhds/base/result.h"

namespace mhds::io {

// Dates as ISO 8601 with 4-digit years. mdb-export's default ("%x %X": "12/02/21 00:00:00" in the C
// locale) drops the century and follows the locale, so we match `mdb-export -T kMdbDateFormat -D
// kMdbShortDateFormat` instead; every other value is as mdb-export prints it by default.
inline constexpr char kMdbDateFormat[] = "%Y-%m-%d %H:%M:%S";
// For DateTime columns whose Format property is "Short Date": the date alone.
inline constexpr char kMdbShortDateFormat[] = "%Y-%m-%d";
// The per-column text buffer, as in mdb-export (EXPORT_BIND_SIZE), so long memos are cut nowhere
// mdb-export would print them whole. A value that fills it is reported, not silently cut.
inline constexpr size_t kMdbBindSize = 200000;

struct MdbHandleCloser {
  void operator()(MdbHandle* mdb) const { mdb_close(mdb); }
};
using MdbHandlePtr = std::unique_ptr<MdbHandle, MdbHandleCloser>;

struct MdbTableDefDeleter {
  void operator()(MdbTableDef* table) const { mdb_free_tabledef(table); }
};
using MdbTableDefPtr = std::unique_ptr<MdbTableDef, MdbTableDefDeleter>;

// Opens the Access file at `path` read-only, sets the value formats above and reads its catalog.
// kNotFound if the file does not exist; kDataError naming the file if it is not a Jet 3, Jet 4 or
// ACE file, is not a whole number of pages long (truncated), or its catalog cannot be read.
// libmdb writes its own diagnostics to stderr. Each handle is for one thread at a time.
Result<MdbHandlePtr> OpenMdbHandle(const std::string& path);

// The user tables in the handle's catalog (no MSys* or other system tables), in catalog order.
std::vector<MdbCatalogEntry*> UserTables(MdbHandle& mdb);

// The column at 0-based `index` of `table` (after mdb_read_columns).
inline MdbColumn* MdbColumnAt(const MdbTableDef& table, unsigned index) {
  return static_cast<MdbColumn*>(table.columns->pdata[index]);
}

}  // namespace mhds::io
