#include "mhds/io/mdb/mdb_source.h"

#include <algorithm>
#include <filesystem>
#include <utility>

#include "mhds/base/status_macros.h"
#include "mhds/io/mdb/mdb_handle.h"
#include "mhds/io/mdb/mdb_table_reader.h"

namespace mhds::io {

Result<std::unique_ptr<MdbSource>> MdbSource::OpenFile(const std::string& path) {
  MHDS_ASSIGN_OR_RETURN(MdbHandlePtr mdb, OpenMdbHandle(path));
  std::unique_ptr<MdbSource> source(new MdbSource(path));
  std::error_code error;
  source->total_bytes_ = std::filesystem::file_size(path, error);
  if (error) return Status::IoError(path + ": cannot open: " + error.message());
  for (const MdbCatalogEntry* entry : UserTables(*mdb)) {
    source->table_names_.emplace_back(entry->object_name);
  }
  std::sort(source->table_names_.begin(), source->table_names_.end());
  source->table_names_.erase(std::unique(source->table_names_.begin(), source->table_names_.end()),
                             source->table_names_.end());
  return source;
}

Result<std::unique_ptr<RowReader>> MdbSource::Open(std::string_view table) {
  if (std::find(table_names_.begin(), table_names_.end(), table) == table_names_.end()) {
    return Status::NotFound(path_ + ": no table " + std::string(table));
  }
  MHDS_ASSIGN_OR_RETURN(MdbHandlePtr mdb, OpenMdbHandle(path_));
  MHDS_ASSIGN_OR_RETURN(std::unique_ptr<MdbTableReader> reader,
                        MdbTableReader::Open(std::move(mdb), table, DisplayName(table)));
  return std::unique_ptr<RowReader>(std::move(reader));
}

std::string MdbSource::DisplayName(std::string_view table) const {
  return std::filesystem::path(path_).filename().string() + ":" + std::string(table);
}

}  // namespace mhds::io
