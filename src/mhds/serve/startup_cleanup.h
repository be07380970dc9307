// What a crashed process leaves in the data folder, removed when the service starts: the
// temporary file of an upload cut short (uploads/upload.tmp-*) and the folder of a zip unpacked
// for a validation that never ended (unpacked/*). Only what a process of this host made and that
// process has ended (process_tag.h): files of live processes, or of other machines sharing the
// folder, are left alone. Neither is ever a submission: an upload is recorded only after its file
// is renamed to its final name.
#pragma once

#include <functional>
#include <string>

#include "mhds/base/result.h"
#include "mhds/serve/service_paths.h"

namespace mhds::serve {

struct CleanupCount {
  int upload_temp_files = 0;
  int unpacked_folders = 0;
};

// Removes the strays. kIoError when a folder cannot be listed; a file that cannot be removed is
// reported through `log` and skipped.
Result<CleanupCount> RemoveStrayFiles(const ServicePaths& paths,
                                      const std::function<void(const std::string&)>& log);

}  // namespace mhds::serve
