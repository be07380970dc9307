#include "mhds/io/mdb/mdb_handle.h"

#include <filesystem>
#include <system_error>

namespace mhds::io {
namespace {

Status Damaged(const std::string& path, std::string_view what) {
  return Status::DataError(path + ": " + std::string(what) +
                           "; expected an intact Microsoft Access (.mdb or .accdb) file");
}

}  // namespace

Result<MdbHandlePtr> OpenMdbHandle(const std::string& path) {
  std::error_code error;
  const uintmax_t size = std::filesystem::file_size(path, error);
  if (error == std::errc::no_such_file_or_directory) {
    return Status::NotFound(path + ": no such file or directory");
  }
  if (error) return Status::IoError(path + ": cannot open: " + error.message());

  MdbHandlePtr mdb(mdb_open(path.c_str(), MDB_NOFLAGS));
  if (mdb == nullptr) return Damaged(path, "cannot open as an Access database");
  // libmdb reports a read past the end of the file only on stderr and then carries on with a
  // stale page, so a file cut short must be caught before any page is read.
  const auto page_size = static_cast<uintmax_t>(mdb->fmt->pg_size);
  if (page_size == 0 || size < page_size || size % page_size != 0) {
    return Damaged(path, "is " + std::to_string(size) + " bytes, not a whole number of " +
                             std::to_string(page_size) + "-byte pages (truncated?)");
  }
  mdb_set_date_fmt(mdb.get(), kMdbDateFormat);
  mdb_set_shortdate_fmt(mdb.get(), kMdbShortDateFormat);
  mdb_set_bind_size(mdb.get(), kMdbBindSize);
  if (mdb_read_catalog(mdb.get(), MDB_TABLE) == nullptr) {
    return Damaged(path, "cannot read the catalog of tables");
  }
  return mdb;
}

std::vector<MdbCatalogEntry*> UserTables(MdbHandle& mdb) {
  std::vector<MdbCatalogEntry*> tables;
  for (unsigned i = 0; mdb.catalog != nullptr && i < mdb.catalog->len; ++i) {
    auto* entry = static_cast<MdbCatalogEntry*>(mdb.catalog->pdata[i]);
    if (mdb_is_user_table(entry) && !mdb_is_system_table(entry)) tables.push_back(entry);
  }
  return tables;
}

}  // namespace mhds::io
