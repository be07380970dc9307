// UnpackedZip: a zip upload's CSV files unpacked (csv_zip.h) into a folder of their own under the
// data folder's unpacked/, for the length of one validation; the folder is removed when the
// object goes. Its name says which host and process made it, so that a restart removes what a
// crashed process left (startup_cleanup.h) and nothing a live one is using.
#pragma once

#include <cstdint>
#include <filesystem>

#include "mhds/base/result.h"
#include "mhds/serve/csv_zip.h"

namespace mhds::serve {

class UnpackedZip {
 public:
  // Unpacks `zip` into a new folder under `parent`. kDataError when the zip is refused; kIoError
  // when the folder cannot be written. Nothing is left behind on failure.
  static Result<UnpackedZip> Unpack(const std::filesystem::path& zip,
                                    const std::filesystem::path& parent, int64_t submission_id,
                                    const ZipLimits& limits = {});

  UnpackedZip(UnpackedZip&& other) noexcept : folder_(std::move(other.folder_)) {
    other.folder_.clear();
  }
  UnpackedZip& operator=(UnpackedZip&&) = delete;
  UnpackedZip(const UnpackedZip&) = delete;
  ~UnpackedZip();

  const std::filesystem::path& folder() const { return folder_; }

 private:
  explicit UnpackedZip(std::filesystem::path folder) : folder_(std::move(folder)) {}
  std::filesystem::path folder_;
};

}  // namespace mhds::serve
