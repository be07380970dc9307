#include "mhds/cli/spec_locator.h"

#include <cstdlib>
#include <system_error>

namespace mhds::cli {

std::filesystem::path FindSpecsRoot() {
  std::error_code ec;
  if (const char* env = std::getenv("MHDS_SPECS"); env != nullptr && env[0] != '\0') {
    return env;
  }
  std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    for (std::filesystem::path dir = exe.parent_path(); !dir.empty(); dir = dir.parent_path()) {
      if (std::filesystem::is_directory(dir / "specs", ec)) return dir / "specs";
      if (dir == dir.parent_path()) break;
    }
  }
  if (std::filesystem::is_directory("specs", ec)) return "specs";
  return {};
}

std::filesystem::path ResolveSpecDir(const std::string& option) {
  if (!option.empty()) return option;
  std::filesystem::path root = FindSpecsRoot();
  return root.empty() ? std::filesystem::path("specs/mhsds/6.0") : root / "mhsds" / "6.0";
}

}  // namespace mhds::cli
