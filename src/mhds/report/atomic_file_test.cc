// Atomic writes on the real file system: content, mode, replacement, and cleanup after failure.
#include "mhds/report/atomic_file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "mhds/io/testing/temp_dir.h"

namespace mhds::report {
namespace {

namespace fs = std::filesystem;
using io::testing::TempDir;

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::vector<std::string> Names(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

unsigned Mode(const fs::path& path) {
  struct stat st {};
  EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
  return st.st_mode & 0777;
}

TEST(WriteFileAtomically, WritesTheContentWithOwnerOnlyModeAndNoTemporaryFile) {
  TempDir dir;
  const fs::path file = fs::path(dir.path()) / "report.json";
  ASSERT_TRUE(WriteFileAtomically(file, "{\"a\": 1}").ok());
  EXPECT_EQ(ReadAll(file), "{\"a\": 1}");
  EXPECT_EQ(Mode(file), 0600u);
  EXPECT_EQ(Names(dir.path()), std::vector<std::string>{"report.json"});
}

TEST(WriteFileAtomically, ReplacesAnExistingFileWhole) {
  TempDir dir;
  const std::string file = dir.Write("findings.csv", "old content that is longer than the new");
  ASSERT_TRUE(WriteFileAtomically(file, "new").ok());
  EXPECT_EQ(ReadAll(file), "new");
  EXPECT_EQ(Names(dir.path()), std::vector<std::string>{"findings.csv"});
}

TEST(WriteFileAtomically, WritesAnEmptyFile) {
  TempDir dir;
  const fs::path file = fs::path(dir.path()) / "empty.csv";
  ASSERT_TRUE(WriteFileAtomically(file, "").ok());
  EXPECT_TRUE(fs::exists(file));
  EXPECT_EQ(fs::file_size(file), 0u);
}

TEST(WriteFileAtomically, FailsWithIoErrorNamingThePathWhenTheFolderIsMissing) {
  TempDir dir;
  const fs::path file = fs::path(dir.path()) / "missing" / "report.json";
  Status status = WriteFileAtomically(file, "x");
  EXPECT_EQ(status.code(), StatusCode::kIoError);
  EXPECT_NE(status.message().find(file.string()), std::string::npos) << status.message();
}

TEST(WriteFileAtomically, RemovesItsTemporaryFileWhenTheRenameFails) {
  TempDir dir;
  const fs::path target = fs::path(dir.path()) / "report.html";
  fs::create_directory(target);  // a folder cannot be replaced by a file
  fs::path inside = target / "keep";
  std::ofstream(inside) << "x";
  Status status = WriteFileAtomically(target, "<html>");
  EXPECT_EQ(status.code(), StatusCode::kIoError);
  EXPECT_NE(status.message().find(target.string()), std::string::npos) << status.message();
  EXPECT_EQ(Names(dir.path()), std::vector<std::string>{"report.html"});
  EXPECT_TRUE(fs::exists(inside));
}

TEST(EnsureReportDir, CreatesMissingFoldersWithOwnerOnlyMode) {
  TempDir dir;
  const fs::path nested = fs::path(dir.path()) / "a" / "b" / "reports";
  ASSERT_TRUE(EnsureReportDir(nested).ok());
  EXPECT_TRUE(fs::is_directory(nested));
  EXPECT_EQ(Mode(nested), 0700u);
  EXPECT_EQ(Mode(fs::path(dir.path()) / "a"), 0700u);
  EXPECT_TRUE(EnsureReportDir(nested).ok()) << "an existing folder is fine";
  EXPECT_TRUE(EnsureReportDir(nested.string() + "/").ok()) << "so is a trailing slash";
}

TEST(EnsureReportDir, FailsWithIoErrorWhenAFileIsInTheWay) {
  TempDir dir;
  const std::string file = dir.Write("reports", "not a folder");
  Status status = EnsureReportDir(file);
  EXPECT_EQ(status.code(), StatusCode::kIoError);
  EXPECT_NE(status.message().find(file), std::string::npos) << status.message();
  EXPECT_EQ(EnsureReportDir(fs::path(file) / "sub").code(), StatusCode::kIoError);
}

}  // namespace
}  // namespace mhds::report
