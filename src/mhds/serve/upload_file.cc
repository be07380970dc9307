#include "mhds/serve/upload_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>

#include "mhds/serve/process_tag.h"

namespace mhds::serve {
namespace {

constexpr std::string_view kSqliteMagic{"SQLite format 3\0", 16};
constexpr std::string_view kJetMagic = "Standard Jet DB";
constexpr std::string_view kAceMagic = "Standard ACE DB";
constexpr size_t kAccessMagicOffset = 4;
constexpr std::string_view kZipMagic = "PK\x03\x04";
constexpr size_t kPrefixBytes = 32;

Status OsError(std::string_view what, const std::filesystem::path& path) {
  return Status::IoError(std::string(what) + " " + path.string() + ": " + std::strerror(errno));
}

std::string_view Extension(UploadFormat format) {
  switch (format) {
    case UploadFormat::kSqlite:
      return ".sqlite";
    case UploadFormat::kAccess:
      return ".mdb";
    case UploadFormat::kZip:
      return ".zip";
    case UploadFormat::kUnknown:
      break;
  }
  return ".bin";
}

}  // namespace

std::string_view UploadFormatName(UploadFormat format) {
  switch (format) {
    case UploadFormat::kSqlite:
      return "sqlite";
    case UploadFormat::kAccess:
      return "access";
    case UploadFormat::kZip:
      return "zip";
    case UploadFormat::kUnknown:
      break;
  }
  return "unknown";
}

UploadFormat DetectUploadFormat(std::string_view prefix) {
  if (prefix.starts_with(kSqliteMagic)) return UploadFormat::kSqlite;
  if (prefix.starts_with(kZipMagic)) return UploadFormat::kZip;
  if (prefix.size() >= kAccessMagicOffset + kJetMagic.size()) {
    std::string_view magic = prefix.substr(kAccessMagicOffset, kJetMagic.size());
    if (magic == kJetMagic || magic == kAceMagic) return UploadFormat::kAccess;
  }
  return UploadFormat::kUnknown;
}

Result<UploadFile> UploadFile::Create(const std::filesystem::path& dir) {
  std::random_device random;
  std::filesystem::path temp =
      dir / (std::string(kUploadTempPrefix) + ProcessTag() + "-" + std::to_string(random()));
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return OsError("cannot create", temp);
  std::unique_ptr<EVP_MD_CTX, DigestDeleter> digest(EVP_MD_CTX_new());
  if (!digest || EVP_DigestInit_ex(digest.get(), EVP_sha256(), nullptr) != 1) {
    ::close(fd);
    ::unlink(temp.c_str());
    return Status::Internal("OpenSSL could not start a SHA-256 digest");
  }
  return UploadFile(dir, std::move(temp), fd, std::move(digest));
}

UploadFile::UploadFile(std::filesystem::path dir, std::filesystem::path temp, int fd,
                       std::unique_ptr<EVP_MD_CTX, DigestDeleter> digest)
    : dir_(std::move(dir)), temp_(std::move(temp)), fd_(fd), digest_(std::move(digest)) {}

UploadFile::UploadFile(UploadFile&& other) noexcept
    : dir_(std::move(other.dir_)),
      temp_(std::move(other.temp_)),
      fd_(other.fd_),
      digest_(std::move(other.digest_)),
      prefix_(std::move(other.prefix_)),
      bytes_(other.bytes_),
      committed_(other.committed_) {
  other.fd_ = -1;
  other.committed_ = true;  // the moved-from object owns no file
}

UploadFile::~UploadFile() {
  if (fd_ >= 0) ::close(fd_);
  if (!committed_) ::unlink(temp_.c_str());
}

Status UploadFile::Append(std::string_view bytes) {
  if (fd_ < 0) return Status::Internal("append to a closed upload");
  if (prefix_.size() < kPrefixBytes) {
    prefix_.append(bytes.substr(0, kPrefixBytes - prefix_.size()));
  }
  EVP_DigestUpdate(digest_.get(), bytes.data(), bytes.size());
  while (!bytes.empty()) {
    ssize_t n = ::write(fd_, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return OsError("cannot write", temp_);
    bytes.remove_prefix(static_cast<size_t>(n));
    bytes_ += static_cast<uint64_t>(n);
  }
  return Status::Ok();
}

Result<StoredUpload> UploadFile::Commit() {
  if (fd_ < 0) return Status::Internal("upload committed twice");
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_DigestFinal_ex(digest_.get(), digest, &length);
  static constexpr char kHex[] = "0123456789abcdef";
  StoredUpload stored;
  for (unsigned int i = 0; i < length; ++i) {
    stored.sha256 += kHex[digest[i] >> 4];
    stored.sha256 += kHex[digest[i] & 0xf];
  }
  stored.bytes = bytes_;
  stored.format = DetectUploadFormat(prefix_);
  stored.path = dir_ / (stored.sha256 + std::string(Extension(stored.format)));
  if (::fsync(fd_) != 0) return OsError("cannot sync", temp_);
  int closed = ::close(fd_);
  fd_ = -1;
  if (closed != 0) return OsError("cannot close", temp_);
  if (::rename(temp_.c_str(), stored.path.c_str()) != 0) return OsError("cannot rename", temp_);
  committed_ = true;
  // The rename is durable only once the folder itself is synced.
  int dir_fd = ::open(dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd < 0) return OsError("cannot open", dir_);
  int synced = ::fsync(dir_fd);
  ::close(dir_fd);
  if (synced != 0) return OsError("cannot sync", dir_);
  return stored;
}

}  // namespace mhds::serve
