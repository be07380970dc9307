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

// Rewrites the uncompressed size that the zip at `path` declares for entry `name`, in its local
// header and in the central directory, to `declared`: a zip that lies about its size (what
// inflates is then more or less than it says). The data and its CRC are left as they are.
inline Status ForgeDeclaredSize(const std::filesystem::path& path, const std::string& name,
                                uint32_t declared) {
  std::string bytes;
  {
    std::ifstream in(path, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  auto u16 = [&bytes](size_t at) {
    return static_cast<size_t>(static_cast<uint8_t>(bytes[at])) |
           static_cast<size_t>(static_cast<uint8_t>(bytes[at + 1])) << 8;
  };
  auto put32 = [&bytes](size_t at, uint32_t v) {
    for (int i = 0; i < 4; ++i) bytes[at + i] = static_cast<char>((v >> (8 * i)) & 0xff);
  };
  // Local header: size at 22, name length at 26, name at 30. Central directory: 24, 28, 46.
  struct Layout {
    std::string signature;
    size_t size_at, name_length_at, name_at;
  };
  int patched = 0;
  for (const Layout& l : {Layout{std::string("PK\x03\x04", 4), 22, 26, 30},
                          Layout{std::string("PK\x01\x02", 4), 24, 28, 46}}) {
    for (size_t at = bytes.find(l.signature); at != std::string::npos;
         at = bytes.find(l.signature, at + 1)) {
      if (at + l.name_at > bytes.size()) break;
      size_t length = u16(at + l.name_length_at);
      if (bytes.compare(at + l.name_at, length, name) == 0 && length == name.size()) {
        put32(at + l.size_at, declared);
        ++patched;
      }
    }
  }
  if (patched != 2) return Status::Internal("entry " + name + " not found in both headers");
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
  return out.good() ? Status::Ok() : Status::IoError("cannot rewrite " + path.string());
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
