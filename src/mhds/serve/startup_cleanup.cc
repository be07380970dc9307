#include "mhds/serve/startup_cleanup.h"

#include "mhds/serve/process_tag.h"
#include "mhds/serve/upload_file.h"

namespace mhds::serve {
namespace {

// Whether the file or folder whose name holds the process tag `tag` was left by an ended process.
bool Stray(std::string_view tag) {
  auto process = ReadProcessTag(tag);
  return process && TaggedProcessEnded(*process);
}

}  // namespace

Result<CleanupCount> RemoveStrayFiles(const ServicePaths& paths,
                                      const std::function<void(const std::string&)>& log) {
  CleanupCount count;
  auto remove = [&log](const std::filesystem::path& path) {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
    if (ec && log) log("cleanup: cannot remove " + path.string() + ": " + ec.message());
    return !ec;
  };
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(paths.uploads(), ec)) {
    std::string name = entry.path().filename().string();
    if (!name.starts_with(kUploadTempPrefix)) continue;
    if (Stray(std::string_view(name).substr(kUploadTempPrefix.size())) && remove(entry.path())) {
      ++count.upload_temp_files;
    }
  }
  if (ec) return Status::IoError("cannot list " + paths.uploads().string() + ": " + ec.message());
  for (const auto& entry : std::filesystem::directory_iterator(paths.unpacked(), ec)) {
    std::string name = entry.path().filename().string();
    size_t dot = name.find('.');  // "<submission id>.<tag>-<random>"
    if (dot == std::string::npos) continue;
    if (Stray(std::string_view(name).substr(dot + 1)) && remove(entry.path())) {
      ++count.unpacked_folders;
    }
  }
  if (ec) return Status::IoError("cannot list " + paths.unpacked().string() + ": " + ec.message());
  return count;
}

}  // namespace mhds::serve
