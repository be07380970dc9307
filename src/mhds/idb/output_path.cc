#include "mhds/idb/output_path.h"

#include <fcntl.h>
#include <unistd.h>

#include <system_error>

namespace mhds::idb {

namespace fs = std::filesystem;

fs::path WithoutTrailingSlash(const fs::path& out) {
  std::string text = out.string();
  while (text.size() > 1 && text.back() == '/') text.pop_back();
  return text;
}

fs::path TemporarySibling(const fs::path& out) {
  fs::path path = WithoutTrailingSlash(out);
  return path.parent_path() / (path.filename().string() + ".tmp-" + std::to_string(::getpid()));
}

Status CheckReplaceable(const fs::path& out, bool folder, bool overwrite) {
  std::error_code error;
  const fs::file_status status = fs::symlink_status(out, error);
  if (status.type() == fs::file_type::not_found) return Status::Ok();
  if (error) return Status::IoError(out.string() + ": cannot look at it: " + error.message());
  const std::string what = out.string() + ": already exists";
  if (!overwrite) return Status::InvalidArgument(what + "; pass --force to replace it");
  if (!folder) {
    if (status.type() != fs::file_type::regular) {
      return Status::InvalidArgument(what +
                                     " and is not a file; expected a SQLite file to replace");
    }
    return Status::Ok();
  }
  if (status.type() != fs::file_type::directory) {
    return Status::InvalidArgument(what + " and is not a folder; expected a folder of CSV files");
  }
  for (const fs::directory_entry& entry : fs::directory_iterator(out, error)) {
    const bool csv = entry.is_regular_file(error) && entry.path().extension() == ".csv";
    if (!csv) {
      return Status::InvalidArgument(what + " and holds " + entry.path().filename().string() +
                                     ", which is not a CSV table; --force replaces only a folder "
                                     "of .csv files: move it or choose another folder");
    }
  }
  if (error) return Status::IoError(out.string() + ": cannot list: " + error.message());
  return Status::Ok();
}

void SyncFolder(const fs::path& dir) {
  const int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

}  // namespace mhds::idb
