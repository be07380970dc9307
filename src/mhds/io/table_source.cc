#include "mhds/io/table_source.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "mhds/base/status_macros.h"
#include "mhds/io/csv/csv_folder_source.h"
#include "mhds/io/mdb/mdb_source.h"
#include "mhds/io/sqlite/sqlite_source.h"

namespace mhds::io {
namespace {

namespace fs = std::filesystem;

// The first 16 bytes of every SQLite 3 database file, NUL included.
constexpr char kSqliteMagic[] = "SQLite format 3";
constexpr size_t kSqliteMagicSize = sizeof kSqliteMagic;
// Microsoft Access: "Standard Jet DB" (Jet 3 and 4, .mdb) or "Standard ACE DB" (.accdb) at byte 4.
constexpr size_t kAccessMagicOffset = 4;
constexpr char kJetMagic[] = "Standard Jet DB";
constexpr char kAceMagic[] = "Standard ACE DB";
constexpr size_t kAccessMagicSize = sizeof kJetMagic - 1;
constexpr size_t kPrefixSize = kAccessMagicOffset + kAccessMagicSize;
static_assert(kPrefixSize >= kSqliteMagicSize);

// Reads up to `size` bytes from the start of the file at `path` into `out`.
Result<size_t> ReadPrefix(const std::string& path, char* out, size_t size) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::IoError(path + ": cannot open: " + std::strerror(errno));
  size_t got = 0;
  while (got < size) {
    const ssize_t n = ::read(fd, out + got, size - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int error = errno;
      ::close(fd);
      return Status::IoError(path + ": cannot read: " + std::strerror(error));
    }
    if (n == 0) break;
    got += static_cast<size_t>(n);
  }
  ::close(fd);
  return got;
}

bool HasCsvExtension(const fs::path& path) {
  std::string extension = path.extension().string();
  for (char& c : extension) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return extension == ".csv";
}

}  // namespace

Result<std::unique_ptr<TableSource>> OpenSource(const std::string& path) {
  std::error_code error;
  const fs::file_status status = fs::status(path, error);
  if (status.type() == fs::file_type::not_found) {
    return Status::NotFound(path + ": no such file or directory");
  }
  if (error) return Status::IoError(path + ": cannot open: " + error.message());

  if (status.type() == fs::file_type::directory) {
    MHDS_ASSIGN_OR_RETURN(std::unique_ptr<CsvFolderSource> folder,
                          CsvFolderSource::OpenFolder(path));
    return std::unique_ptr<TableSource>(std::move(folder));
  }

  char prefix[kPrefixSize] = {};
  MHDS_ASSIGN_OR_RETURN(const size_t got, ReadPrefix(path, prefix, sizeof prefix));
  if (got >= kSqliteMagicSize && std::memcmp(prefix, kSqliteMagic, kSqliteMagicSize) == 0) {
    MHDS_ASSIGN_OR_RETURN(std::unique_ptr<SqliteSource> database, SqliteSource::OpenDatabase(path));
    return std::unique_ptr<TableSource>(std::move(database));
  }
  const char* access_magic = prefix + kAccessMagicOffset;
  if (got == kPrefixSize && (std::memcmp(access_magic, kJetMagic, kAccessMagicSize) == 0 ||
                             std::memcmp(access_magic, kAceMagic, kAccessMagicSize) == 0)) {
    MHDS_ASSIGN_OR_RETURN(std::unique_ptr<MdbSource> access, MdbSource::OpenFile(path));
    return std::unique_ptr<TableSource>(std::move(access));
  }
  if (HasCsvExtension(path)) {
    return Status::InvalidArgument(
        path +
        ": is a single CSV file; pass the folder that holds the submission's CSV files, one "
        "file per table (e.g. MHS001MPI.csv)");
  }
  return Status::DataError(path +
                           ": is neither a folder, a SQLite database nor an Access file; expected "
                           "a folder of CSV files, one per table, a SQLite IDB or an Access IDB");
}

}  // namespace mhds::io
