// Writing report files so that nobody ever reads half of one. A file is written whole to
// NAME.tmp-<pid> in its own folder, flushed to disk and renamed over NAME: a reader sees the old
// file or the new one, and a crash leaves at most a stray temporary file, never a truncated report.
//
// Reports carry patient identifiers, so files are created with mode 0600 and folders with 0700
// (both before the umask).
#pragma once

#include <filesystem>
#include <string_view>

#include "mhds/base/status.h"

namespace mhds::report {

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
