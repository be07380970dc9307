// Where a sink writes before Commit() and what it may replace. Both sinks write into a temporary
// sibling of the output (same folder, so the final rename stays on one file system) and rename it
// into place on Commit(): a reader sees the old output or the new one, never half of one.
#pragma once

#include <filesystem>
#include <string>

#include "mhds/base/status.h"

namespace mhds::idb {

// `out` without trailing separators ("out/" -> "out").
std::filesystem::path WithoutTrailingSlash(const std::filesystem::path& out);

// "<out>.tmp-<pid>", beside `out`.
std::filesystem::path TemporarySibling(const std::filesystem::path& out);

// OK if nothing is at `out`, or if `overwrite` and what is there may be replaced: a file for a
// SQLite output (`folder` false); for a CSV folder output (`folder` true), a folder holding
// nothing but .csv files, so that --force can never delete a folder of other work.
// kInvalidArgument naming `out` otherwise.
Status CheckReplaceable(const std::filesystem::path& out, bool folder, bool overwrite);

// Makes the rename of an entry of `dir` durable. Errors are ignored: the rename already happened.
void SyncFolder(const std::filesystem::path& dir);

}  // namespace mhds::idb
