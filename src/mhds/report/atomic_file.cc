// POSIX implementation of atomic report files: open O_EXCL|O_NOFOLLOW, write, fsync, rename, fsync
// the folder. Every failure path unlinks the temporary file before returning.
#include "mhds/report/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <system_error>
#include <utility>

#include "mhds/base/status_macros.h"

namespace mhds::report {
namespace {

constexpr mode_t kFileMode = 0600;
constexpr mode_t kDirMode = 0700;

std::string Reason(int error) { return std::generic_category().message(error); }

Status WriteError(const std::filesystem::path& path, std::string_view what, int error) {
  return Status::IoError("cannot write report file " + path.string() + ": " + std::string(what) +
                         ": " + Reason(error));
}

// Writes all of `contents` to `fd`, retrying short writes and interrupted calls. 0 or an errno.
int WriteAll(int fd, std::string_view contents) {
  while (!contents.empty()) {
    ssize_t n = ::write(fd, contents.data(), contents.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    contents.remove_prefix(static_cast<size_t>(n));
  }
  return 0;
}

// Makes the rename durable. Some file systems cannot sync a folder (EINVAL); the rename has still
// happened there, so that is not a failure.
int SyncDir(const std::filesystem::path& dir) {
  int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return errno;
  int error = ::fsync(fd) == 0 ? 0 : errno;
  ::close(fd);
  return error == EINVAL ? 0 : error;
}

}  // namespace

Result<AtomicFileWriter> AtomicFileWriter::Create(const std::filesystem::path& path) {
  std::string temp = path.string() + ".tmp-" + std::to_string(::getpid());
  // A temporary file left by a crashed process that had the same pid is ours to replace; O_EXCL
  // and O_NOFOLLOW then make sure we write a fresh file we own, not through a planted link.
  ::unlink(temp.c_str());
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, kFileMode);
  if (fd < 0) return WriteError(path, "cannot create " + temp, errno);
  return AtomicFileWriter(path, std::move(temp), fd);
}

AtomicFileWriter::AtomicFileWriter(AtomicFileWriter&& other) noexcept
    : path_(std::move(other.path_)),
      temp_(std::move(other.temp_)),
      fd_(std::exchange(other.fd_, -1)),
      buffer_(std::move(other.buffer_)),
      error_(other.error_),
      failed_step_(other.failed_step_) {}

AtomicFileWriter::~AtomicFileWriter() {
  if (fd_ >= 0) {
    ::close(fd_);
    ::unlink(temp_.c_str());
  }
}

void AtomicFileWriter::Flush() {
  if (error_ == 0) {
    error_ = WriteAll(fd_, buffer_);
    if (error_ != 0) failed_step_ = "write";
  }
  buffer_.clear();
}

void AtomicFileWriter::Append(std::string_view text) {
  constexpr size_t kFlushAt = size_t{1} << 20;
  buffer_.append(text);
  if (buffer_.size() >= kFlushAt) Flush();
}

Status AtomicFileWriter::Commit() {
  if (fd_ < 0) return Status::Internal("report file " + path_.string() + " committed twice");
  Flush();
  if (error_ == 0 && ::fsync(fd_) != 0) {
    failed_step_ = "fsync";
    error_ = errno;
  }
  if (::close(fd_) != 0 && error_ == 0) {
    failed_step_ = "close";
    error_ = errno;
  }
  fd_ = -1;
  if (error_ == 0 && ::rename(temp_.c_str(), path_.c_str()) != 0) {
    failed_step_ = "rename";
    error_ = errno;
  }
  if (error_ != 0) {
    ::unlink(temp_.c_str());
    return WriteError(path_, failed_step_, error_);
  }
  if (int sync_error = SyncDir(path_.parent_path()); sync_error != 0) {
    return WriteError(path_, "fsync of its folder", sync_error);
  }
  return Status::Ok();
}

Status WriteFileAtomically(const std::filesystem::path& path, std::string_view contents) {
  MHDS_ASSIGN_OR_RETURN(AtomicFileWriter writer, AtomicFileWriter::Create(path));
  writer.Append(contents);
  return writer.Commit();
}

Status EnsureReportDir(const std::filesystem::path& dir) {
  std::error_code ec;
  if (dir.empty() || std::filesystem::is_directory(dir, ec)) return Status::Ok();
  const std::filesystem::path parent = dir.parent_path();
  if (!parent.empty() && parent != dir) {
    MHDS_RETURN_IF_ERROR(EnsureReportDir(parent));
  }
  if (::mkdir(dir.c_str(), kDirMode) != 0 && errno != EEXIST) {
    return Status::IoError("cannot create report folder " + dir.string() + ": " + Reason(errno));
  }
  if (!std::filesystem::is_directory(dir, ec)) {
    return Status::IoError("cannot create report folder " + dir.string() +
                           ": it exists and is not a folder");
  }
  return Status::Ok();
}

}  // namespace mhds::report
