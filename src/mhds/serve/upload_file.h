// UploadFile: one uploaded submission written to the data folder as it arrives, never held whole
// in memory. Bytes go to a temporary file (mode 0600) while their SHA-256 is computed; Commit()
// flushes the file to disk, renames it to <sha256><extension> and syncs the folder, so a file
// under its final name is always complete, and a crash leaves at most a stray temporary file.
// Identical uploads share one file.
#pragma once

#include <openssl/evp.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "mhds/base/result.h"

namespace mhds::serve {

// Temporary files are named kUploadTempPrefix, the writer's process tag (process_tag.h), '-' and a
// random number.
inline constexpr std::string_view kUploadTempPrefix = "upload.tmp-";

// What an upload holds, from its first bytes.
enum class UploadFormat { kUnknown, kSqlite, kAccess, kZip };

std::string_view UploadFormatName(UploadFormat format);  // "sqlite", "access", "zip", "unknown"

// The format of a file starting with `prefix` (at least its first 20 bytes for Access).
UploadFormat DetectUploadFormat(std::string_view prefix);

struct StoredUpload {
  std::string sha256;  // 64 lowercase hex characters
  uint64_t bytes = 0;
  UploadFormat format = UploadFormat::kUnknown;
  std::filesystem::path path;  // <dir>/<sha256><extension>
};

class UploadFile {
 public:
  // Creates a temporary file in `dir` (which must exist). kIoError naming the folder on failure.
  static Result<UploadFile> Create(const std::filesystem::path& dir);

  UploadFile(UploadFile&& other) noexcept;
  UploadFile& operator=(UploadFile&&) = delete;
  UploadFile(const UploadFile&) = delete;
  ~UploadFile();  // removes the temporary file unless committed

  // Writes `bytes`. kIoError on a write failure (disk full); the upload is then lost.
  Status Append(std::string_view bytes);

  uint64_t bytes() const { return bytes_; }
  // The temporary file, to inspect the bytes before Commit().
  const std::filesystem::path& temp_path() const { return temp_; }
  // The format the bytes so far look like.
  UploadFormat format() const { return DetectUploadFormat(prefix_); }

  // Syncs and renames the file into place under its SHA-256. Call once.
  Result<StoredUpload> Commit();

 private:
  struct DigestDeleter {
    void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
  };
  UploadFile(std::filesystem::path dir, std::filesystem::path temp, int fd,
             std::unique_ptr<EVP_MD_CTX, DigestDeleter> digest);

  std::filesystem::path dir_;
  std::filesystem::path temp_;
  int fd_ = -1;
  std::unique_ptr<EVP_MD_CTX, DigestDeleter> digest_;
  std::string prefix_;  // the first bytes, to tell the format
  uint64_t bytes_ = 0;
  bool committed_ = false;
};

}  // namespace mhds::serve
