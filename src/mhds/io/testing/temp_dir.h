// TempDir: a fresh, uniquely named folder for one test's fixture files, removed with everything in
// it when the TempDir goes out of scope. For tests only (it uses GoogleTest's assertions).
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace mhds::io::testing {

class TempDir {
 public:
  TempDir() {
    std::string pattern = ::testing::TempDir() + "mhds_io_XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) ADD_FAILURE() << "mkdtemp failed for " << pattern;
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }

  // Writes `bytes` to the file `name` inside the folder and returns its path.
  std::string Write(std::string_view name, std::string_view bytes) const {
    const std::string file = path_ + "/" + std::string(name);
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    EXPECT_TRUE(out.good()) << "cannot write " << file;
    return file;
  }

 private:
  std::string path_;
};

// A path under the test temporary folder that no other process uses: `name` with this process's
// id. For fixtures made by name (fixed names collide when two builds run the same test at once).
// Whatever the test makes there is removed when the process exits.
inline std::filesystem::path ProcessTempPath(std::string_view name) {
  struct MadePaths {
    std::vector<std::filesystem::path> paths;
    ~MadePaths() {
      std::error_code ignored;
      for (const std::filesystem::path& path : paths) std::filesystem::remove_all(path, ignored);
    }
  };
  static MadePaths made;
  made.paths.push_back(std::filesystem::path(::testing::TempDir()) /
                       ("mhds_" + std::to_string(getpid()) + "_" + std::string(name)));
  return made.paths.back();
}

}  // namespace mhds::io::testing
