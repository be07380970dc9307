// WriteReportDir: every file written, owner-only, nothing left behind.
#include "mhds/report/report.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "mhds/io/testing/temp_dir.h"
#include "mhds/report/testing/sample_result.h"

namespace mhds::report {
namespace {

namespace fs = std::filesystem;

TEST(WriteReportDir, WritesEveryReportFileOwnerOnlyIntoANewFolder) {
  io::testing::TempDir tmp;
  const spec::Spec spec = testing::SampleSpec();
  const validate::ValidationResult result = testing::SampleResult(spec);
  const fs::path dir = fs::path(tmp.path()) / "reports" / "oct";
  ASSERT_TRUE(WriteReportDir(spec, result, ReportInfo{}, dir).ok());

  struct stat st {};
  ASSERT_EQ(::stat(dir.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
  size_t files = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    ++files;
    ASSERT_EQ(::stat(entry.path().c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u) << entry.path();
  }
  EXPECT_EQ(files, kReportFiles.size()) << "and no temporary file is left";
  for (std::string_view name : kReportFiles) EXPECT_TRUE(fs::exists(dir / name)) << name;

  std::ifstream in(dir / kJsonReportFile, std::ios::binary);
  std::stringstream written;
  written << in.rdbuf();
  EXPECT_EQ(written.str(), JsonReport(spec, result, ReportInfo{}) + "\n");
  EXPECT_EQ(nlohmann::json::parse(written.str())["status"], "accepted");
}

TEST(WriteReportDir, FailsWithIoErrorWhenTheFolderCannotBeMade) {
  io::testing::TempDir tmp;
  const std::string file = tmp.Write("taken", "x");
  const spec::Spec spec = testing::SampleSpec();
  Status status = WriteReportDir(spec, testing::SampleResult(spec), ReportInfo{}, file);
  EXPECT_EQ(status.code(), StatusCode::kIoError);
}

}  // namespace
}  // namespace mhds::report
