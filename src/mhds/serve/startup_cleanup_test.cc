#include "mhds/serve/startup_cleanup.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>

#include "mhds/serve/process_tag.h"

namespace mhds::serve {
namespace {

// The pid of a process that has ended (and been reaped).
pid_t EndedPid() {
  pid_t child = fork();
  if (child == 0) _exit(0);
  int status = 0;
  waitpid(child, &status, 0);
  return child;
}

std::string HostOfThisProcess() {
  std::string tag = ProcessTag();
  return tag.substr(0, tag.find('~'));
}

TEST(ProcessTag, ReadsItsOwnTagBack) {
  auto tag = ReadProcessTag(ProcessTag() + "-12345");
  ASSERT_TRUE(tag.has_value());
  EXPECT_EQ(tag->pid, getpid());
  EXPECT_FALSE(TaggedProcessEnded(*tag));
  EXPECT_FALSE(ReadProcessTag("no-tag-here").has_value());
  EXPECT_FALSE(ReadProcessTag("host~x-1").has_value());
}

TEST(StartupCleanup, RemovesWhatEndedProcessesOfThisHostLeftAndNothingElse) {
  std::string pattern = ::testing::TempDir() + "mhds_cleanup_XXXXXX";
  ASSERT_NE(mkdtemp(pattern.data()), nullptr);
  ServicePaths paths;
  paths.data = pattern;
  ASSERT_TRUE(PrepareDataFolder(paths).ok());
  std::string host = HostOfThisProcess();
  std::string dead = std::to_string(EndedPid());
  std::string live = std::to_string(getpid());
  auto touch = [](const std::filesystem::path& p) { std::ofstream(p) << "partial upload"; };

  touch(paths.uploads() / ("upload.tmp-" + host + "~" + dead + "-1"));       // stray
  touch(paths.uploads() / ("upload.tmp-" + host + "~" + live + "-2"));       // being written
  touch(paths.uploads() / ("upload.tmp-elsewhere.example~" + dead + "-3"));  // other host
  touch(paths.uploads() / ("0123abcd.sqlite"));                              // a submission
  std::filesystem::create_directory(paths.unpacked() / ("5." + host + "~" + dead + "-4"));
  touch(paths.unpacked() / ("5." + host + "~" + dead + "-4") / "MHS001MPI.csv");  // stray
  std::filesystem::create_directory(paths.unpacked() / ("6." + host + "~" + live + "-5"));

  auto count = RemoveStrayFiles(paths, nullptr);
  ASSERT_TRUE(count.ok()) << count.status().ToString();
  EXPECT_EQ(count->upload_temp_files, 1);
  EXPECT_EQ(count->unpacked_folders, 1);
  std::vector<std::string> left;
  for (const auto& dir : {paths.uploads(), paths.unpacked()}) {
    for (const auto& e : std::filesystem::directory_iterator(dir)) {
      left.push_back(e.path().filename().string());
    }
  }
  std::sort(left.begin(), left.end());
  std::vector<std::string> expected = {"0123abcd.sqlite", "6." + host + "~" + live + "-5",
                                       "upload.tmp-" + host + "~" + live + "-2",
                                       "upload.tmp-elsewhere.example~" + dead + "-3"};
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(left, expected);
  std::filesystem::remove_all(paths.data);
}

}  // namespace
}  // namespace mhds::serve
