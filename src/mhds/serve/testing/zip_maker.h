// For tests of zip uploads: writes zip files entry by entry with libzip, including the hostile
// kinds a service must refuse (names that climb out, symbolic links, bombs). Header-only and free
// of GoogleTest.
#pragma once

#include <sys/stat.h>
#include <zip.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "mhds/base/status.h"

namespace mhds::serve::testing {

struct ZipEntry {
  std::string name;
  std::string content;
  bool symlink = false;  // stored as a Unix symbolic link whose target is `content`
};

// Writes `entries` (deflated) to a new zip file at `path`.
inline Status MakeZip(const std::filesystem::path& path, const std::vector<ZipEntry>& entries) {
  int error = 0;
  zip_t* zip = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  if (zip == nullptr) return Status::IoError("cannot create " + path.string());
  for (const ZipEntry& e : entries) {
    zip_source_t* source = zip_source_buffer(zip, e.content.data(), e.content.size(), 0);
    zip_int64_t index =
        source == nullptr ? -1 : zip_file_add(zip, e.name.c_str(), source, ZIP_FL_ENC_UTF_8);
    if (index < 0) {
      if (source != nullptr) zip_source_free(source);
      zip_discard(zip);
      return Status::IoError("cannot add " + e.name + " to " + path.string());
    }
    zip_set_file_compression(zip, static_cast<zip_uint64_t>(index), ZIP_CM_DEFLATE, 9);
    if (e.symlink) {
      zip_file_set_external_attributes(zip, static_cast<zip_uint64_t>(index), 0, ZIP_OPSYS_UNIX,
                                       static_cast<zip_uint32_t>(S_IFLNK | 0777) << 16);
    }
  }
  if (zip_close(zip) != 0) {
    std::string message = zip_strerror(zip);
    zip_discard(zip);
    return Status::IoError("cannot write " + path.string() + ": " + message);
  }
  return Status::Ok();
}

// Every CSV file of `folder` as entries under `prefix` (e.g. "sample/").
inline std::vector<ZipEntry> CsvFolderEntries(const std::filesystem::path& folder,
                                              const std::string& prefix = "") {
  std::vector<ZipEntry> entries;
  for (const auto& file : std::filesystem::directory_iterator(folder)) {
    if (file.path().extension() != ".csv") continue;
    std::ifstream in(file.path(), std::ios::binary);
    std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    entries.push_back({prefix + file.path().filename().string(), std::move(content)});
  }
  return entries;
}

}  // namespace mhds::serve::testing
