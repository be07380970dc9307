// TempFile: the file a fuzz target writes each input to, for readers that open a path. Removed at
// exit. Shared by the fuzz targets in this folder.
#pragma once

#include <fcntl.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>

namespace mhds::fuzz {

class TempFile {
 public:
  // `stem` names the file in the temporary folder, e.g. "mhds_csv_fuzz".
  explicit TempFile(const std::string& stem) {
    path_ = (std::filesystem::temp_directory_path() / (stem + "_XXXXXX")).string();
    const int fd = mkstemp(path_.data());
    if (fd < 0) std::abort();
    close(fd);
  }
  ~TempFile() { unlink(path_.c_str()); }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

  const std::string& Write(const uint8_t* data, size_t size) const {
    // A new file each time: truncating and rewriting one makes ext4 flush it on every close.
    unlink(path_.c_str());
    const int fd = open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0) std::abort();
    for (size_t done = 0; done < size;) {
      const ssize_t n = write(fd, data + done, size - done);
      if (n <= 0) std::abort();
      done += static_cast<size_t>(n);
    }
    close(fd);
    return path_;
  }

 private:
  std::string path_;
};

}  // namespace mhds::fuzz
