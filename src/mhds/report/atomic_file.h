// Writing report files so that nobody ever reads half of one. A file is written whole to
// NAME.tmp-<pid> in its own folder, flushed to disk and renamed over NAME: a reader sees the old
// file or the new one, and a crash leaves at most a stray temporary file, never a truncated report.
//
// Reports carry patient identifiers, so files are created with mode 0600 and folders with 0700
// (both before the umask).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <utility>

#include "mhds/base/result.h"

namespace mhds::report {

// Writes a large file piece by piece with the same guarantees: nothing appears at `path` until
// Commit() succeeds, and a writer destroyed without a successful Commit() removes its temporary
// file. Appends are buffered; the first write error is kept and returned by Commit().
class AtomicFileWriter {
 public:
  // Creates the temporary file beside `path`. kIoError naming `path` if it cannot be created.
  static Result<AtomicFileWriter> Create(const std::filesystem::path& path);

  AtomicFileWriter(AtomicFileWriter&& other) noexcept;
  AtomicFileWriter& operator=(AtomicFileWriter&&) = delete;
  AtomicFileWriter(const AtomicFileWriter&) = delete;
  ~AtomicFileWriter();

  void Append(std::string_view text);

  // Flushes, syncs and renames the file into place. Call once.
  Status Commit();

 private:
  AtomicFileWriter(std::filesystem::path path, std::string temp, int fd)
      : path_(std::move(path)), temp_(std::move(temp)), fd_(fd) {}
  void Flush();

  std::filesystem::path path_;
  std::string temp_;
  int fd_ = -1;  // -1 once closed
  std::string buffer_;
  int error_ = 0;  // the first errno met
  std::string_view failed_step_;
};

// Replaces the file at `path` with `contents`, atomically. The folder must exist. On failure
// returns kIoError naming `path` and the operating system's reason, removes the temporary file and
// leaves any previous file at `path` untouched. Not safe to call for the same `path` from two
// threads of one process at once (they would share the temporary name).
Status WriteFileAtomically(const std::filesystem::path& path, std::string_view contents);

// Creates the folder `dir` and any missing parents, each with mode 0700. A folder that already
// exists is left as it is (its mode too). kIoError naming the path if it cannot be created or
// exists and is not a folder.
Status EnsureReportDir(const std::filesystem::path& dir);

}  // namespace mhds::report
