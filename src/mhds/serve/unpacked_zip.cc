#include "mhds/serve/unpacked_zip.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <random>

#include "mhds/serve/process_tag.h"

namespace mhds::serve {

Result<UnpackedZip> UnpackedZip::Unpack(const std::filesystem::path& zip,
                                        const std::filesystem::path& parent, int64_t submission_id,
                                        const ZipLimits& limits) {
  std::random_device random;
  std::filesystem::path folder = parent / (std::to_string(submission_id) + "." + ProcessTag() +
                                           "-" + std::to_string(random()));
  if (::mkdir(folder.c_str(), 0700) != 0) {
    return Status::IoError("cannot create " + folder.string() + ": " + std::strerror(errno));
  }
  UnpackedZip unpacked(folder);  // removes the folder on every return below but the last
  Status status = UnpackCsvZip(zip, folder, limits);
  if (!status.ok()) return status;
  return unpacked;
}

UnpackedZip::~UnpackedZip() {
  if (folder_.empty()) return;
  std::error_code ignored;
  std::filesystem::remove_all(folder_, ignored);
}

}  // namespace mhds::serve
