#include "mhds/serve/csv_zip.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include <cerrno>
#include <cstring>
#include <map>
#include <memory>

#include "mhds/base/status_macros.h"

namespace mhds::serve {
namespace {

struct ZipCloser {
  void operator()(zip_t* zip) const { zip_discard(zip); }
};
struct ZipFileCloser {
  void operator()(zip_file_t* file) const { zip_fclose(file); }
};
using ZipHandle = std::unique_ptr<zip_t, ZipCloser>;

constexpr size_t kUnzipChunkBytes = 1 << 16;

Status EntryRefused(const std::string& entry, const std::string& why) {
  return Status::DataError("the zip's entry '" + entry + "' is refused: " + why);
}

Result<ZipHandle> OpenZip(const std::filesystem::path& path) {
  int error = 0;
  zip_t* zip = zip_open(path.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &error);
  if (zip != nullptr) return ZipHandle(zip);
  zip_error_t detail;
  zip_error_init_with_code(&detail, error);
  std::string message = zip_error_strerror(&detail);
  zip_error_fini(&detail);
  if (error == ZIP_ER_OPEN || error == ZIP_ER_READ || error == ZIP_ER_MEMORY) {
    return Status::IoError("cannot open the zip " + path.string() + ": " + message);
  }
  return Status::DataError("the upload is not a readable zip file: " + message);
}

bool IsPlainFileName(std::string_view name) {
  if (name.empty() || name == "." || name == "..") return false;
  for (char c : name) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-' || c == '.' || c == ' ';
    if (!ok) return false;
  }
  return true;
}

bool EndsWithCsv(std::string_view name) {
  if (name.size() < 4) return false;
  std::string ext(name.substr(name.size() - 4));
  for (char& c : ext) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return ext == ".csv";
}

// Archivers' additions that are never tables: "__MACOSX/..." and dot files or folders.
bool IsArchiverNoise(std::string_view name) {
  if (name.starts_with("__MACOSX/")) return true;
  size_t part = 0;
  while (part < name.size()) {
    if (name[part] == '.') return true;
    size_t slash = name.find('/', part);
    if (slash == std::string_view::npos) break;
    part = slash + 1;
  }
  return false;
}

bool IsSymlink(zip_t* zip, uint64_t index) {
  zip_uint8_t system = 0;
  zip_uint32_t attributes = 0;
  if (zip_file_get_external_attributes(zip, index, 0, &system, &attributes) != 0) return false;
  return system == ZIP_OPSYS_UNIX && ((attributes >> 16) & S_IFMT) == S_IFLNK;
}

Result<CsvZipListing> List(zip_t* zip, uint64_t zip_bytes, const ZipLimits& limits) {
  zip_int64_t count = zip_get_num_entries(zip, 0);
  if (count < 0) return Status::DataError("the zip's central directory cannot be read");
  if (static_cast<uint64_t>(count) > limits.max_entries) {
    return Status::DataError("the zip has " + std::to_string(count) + " entries; at most " +
                             std::to_string(limits.max_entries) + " are taken");
  }
  CsvZipListing listing;
  std::string folder;  // the folder holding the CSV files, with its trailing '/'
  std::map<std::string, std::string> seen;  // lower-case file name -> entry
  for (uint64_t i = 0; i < static_cast<uint64_t>(count); ++i) {
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(zip, i, 0, &st) != 0 || (st.valid & ZIP_STAT_NAME) == 0) {
      return Status::DataError("the zip's entry " + std::to_string(i) + " cannot be read");
    }
    std::string name = st.name;
    if (name.empty() || name.front() == '/' || name.find('\\') != std::string::npos ||
        name.find(':') != std::string::npos) {
      return EntryRefused(name, "its name is absolute or not a relative path with '/'");
    }
    for (size_t part = 0; part <= name.size();) {
      size_t slash = name.find('/', part);
      std::string_view piece(name.data() + part,
                             (slash == std::string::npos ? name.size() : slash) - part);
      if (piece == "..") return EntryRefused(name, "its name climbs out of the folder with '..'");
      if (slash == std::string::npos) break;
      part = slash + 1;
    }
    if (IsSymlink(zip, i)) return EntryRefused(name, "it is a symbolic link");
    if (name.back() == '/' || IsArchiverNoise(name) || !EndsWithCsv(name)) continue;
    if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE) {
      return EntryRefused(name, "it is encrypted; zip the CSV files without a password");
    }
    size_t slash = name.rfind('/');
    std::string dir = slash == std::string::npos ? "" : name.substr(0, slash + 1);
    std::string base = name.substr(dir.size());
    if (!IsPlainFileName(base)) {
      return EntryRefused(name,
                          "a CSV file's name may hold only letters, digits, '_', '-', '.' "
                          "and spaces");
    }
    if (listing.csv_files.empty()) {
      folder = dir;
    } else if (dir != folder) {
      return EntryRefused(name, "the CSV files are in more than one folder ('" + folder +
                                    "' and '" + dir + "'); zip one folder of CSV files");
    }
    std::string lower = base;
    for (char& c : lower) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    if (!seen.emplace(lower, name).second) {
      return EntryRefused(name, "another CSV file has the same name");
    }
    uint64_t size = (st.valid & ZIP_STAT_SIZE) ? st.size : 0;
    listing.declared_bytes += size;
    if (listing.declared_bytes > limits.max_total_bytes) {
      return EntryRefused(name, "the CSV files unpack to more than " +
                                    std::to_string(limits.max_total_bytes) + " bytes");
    }
    listing.csv_files.push_back({i, base, size});
  }
  if (listing.csv_files.empty()) {
    return Status::DataError(
        "the zip holds no CSV file: zip the folder of the submission's "
        "CSV files, one per table");
  }
  if (listing.declared_bytes > limits.ratio_floor_bytes &&
      listing.declared_bytes / std::max<uint64_t>(zip_bytes, 1) > limits.max_ratio) {
    return Status::DataError("the zip unpacks to " + std::to_string(listing.declared_bytes) +
                             " bytes from " + std::to_string(zip_bytes) + ": more than " +
                             std::to_string(limits.max_ratio) +
                             " times its size, which CSV files never are (a zip bomb?)");
  }
  return listing;
}

// The most all CSV files of a zip of `zip_bytes` may unpack to.
uint64_t Budget(uint64_t zip_bytes, const ZipLimits& limits) {
  uint64_t by_ratio = zip_bytes > limits.max_total_bytes / std::max<uint64_t>(limits.max_ratio, 1)
                          ? limits.max_total_bytes
                          : zip_bytes * limits.max_ratio;
  return std::min(limits.max_total_bytes, std::max(by_ratio, limits.ratio_floor_bytes));
}

Status WriteAll(int fd, const char* data, size_t length, const std::filesystem::path& out) {
  while (length > 0) {
    ssize_t written = ::write(fd, data, length);
    if (written < 0) {
      if (errno == EINTR) continue;
      return Status::IoError("cannot write " + out.string() + ": " + std::strerror(errno));
    }
    data += written;
    length -= static_cast<size_t>(written);
  }
  return Status::Ok();
}

Status Extract(zip_t* zip, const ZipMember& member, const std::filesystem::path& out,
               uint64_t* budget) {
  std::unique_ptr<zip_file_t, ZipFileCloser> in(zip_fopen_index(zip, member.index, 0));
  if (!in) {
    return EntryRefused(member.name, std::string("it cannot be read: ") + zip_strerror(zip));
  }
  int fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) return Status::IoError("cannot create " + out.string() + ": " + std::strerror(errno));
  std::unique_ptr<int, void (*)(int*)> closer(&fd, [](int* f) { ::close(*f); });
  std::vector<char> buffer(kUnzipChunkBytes);
  uint64_t written = 0;
  for (;;) {
    zip_int64_t n = zip_fread(in.get(), buffer.data(), buffer.size());
    if (n < 0) {
      return EntryRefused(member.name, std::string("it is damaged: ") +
                                           zip_error_strerror(zip_file_get_error(in.get())));
    }
    if (n == 0) break;
    written += static_cast<uint64_t>(n);
    // Counted, not declared: a forged size in the header does not get past this.
    if (written > member.size || static_cast<uint64_t>(n) > *budget) {
      return EntryRefused(member.name, "it unpacks to more than its declared size or the limit");
    }
    *budget -= static_cast<uint64_t>(n);
    MHDS_RETURN_IF_ERROR(WriteAll(fd, buffer.data(), static_cast<size_t>(n), out));
  }
  return Status::Ok();
}

}  // namespace

Result<CsvZipListing> InspectCsvZip(const std::filesystem::path& path, const ZipLimits& limits) {
  std::error_code ec;
  uint64_t zip_bytes = std::filesystem::file_size(path, ec);
  if (ec) return Status::IoError("cannot read the size of " + path.string() + ": " + ec.message());
  MHDS_ASSIGN_OR_RETURN(ZipHandle zip, OpenZip(path));
  return List(zip.get(), zip_bytes, limits);
}

Status UnpackCsvZip(const std::filesystem::path& path, const std::filesystem::path& folder,
                    const ZipLimits& limits) {
  std::error_code ec;
  uint64_t zip_bytes = std::filesystem::file_size(path, ec);
  if (ec) return Status::IoError("cannot read the size of " + path.string() + ": " + ec.message());
  MHDS_ASSIGN_OR_RETURN(ZipHandle zip, OpenZip(path));
  MHDS_ASSIGN_OR_RETURN(CsvZipListing listing, List(zip.get(), zip_bytes, limits));
  uint64_t budget = Budget(zip_bytes, limits);
  for (const ZipMember& member : listing.csv_files) {
    MHDS_RETURN_IF_ERROR(Extract(zip.get(), member, folder / member.name, &budget));
  }
  return Status::Ok();
}

}  // namespace mhds::serve
