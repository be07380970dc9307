#include "mhds/serve/upload_file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

namespace mhds::serve {
namespace {

class UploadFolder {
 public:
  UploadFolder() {
    std::string pattern = ::testing::TempDir() + "mhds_upload_XXXXXX";
    EXPECT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  ~UploadFolder() { std::filesystem::remove_all(dir_); }
  const std::filesystem::path& dir() const { return dir_; }
  size_t Entries() const {
    size_t n = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir_)) ++n;
    return n;
  }

 private:
  std::filesystem::path dir_;
};

TEST(UploadFile, NamesTheFileBySha256AndKeepsItPrivate) {
  UploadFolder folder;
  auto file = UploadFile::Create(folder.dir());
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  std::string sqlite_header("SQLite format 3\0", 16);
  // Written in pieces, as a stream arrives.
  ASSERT_TRUE(file->Append(sqlite_header).ok());
  ASSERT_TRUE(file->Append("abc").ok());
  auto stored = file->Commit();
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();
  EXPECT_EQ(stored->bytes, sqlite_header.size() + 3);
  EXPECT_EQ(stored->format, UploadFormat::kSqlite);
  EXPECT_EQ(stored->path, folder.dir() / (stored->sha256 + ".sqlite"));
  EXPECT_EQ(folder.Entries(), 1u);  // no temporary file left

  // The digest is that of the whole content, whatever the pieces.
  auto again = UploadFile::Create(folder.dir());
  ASSERT_TRUE(again.ok());
  ASSERT_TRUE(again->Append(sqlite_header + "abc").ok());
  auto same = again->Commit();
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(same->sha256, stored->sha256);
  EXPECT_EQ(folder.Entries(), 1u);

  struct stat info {};
  ASSERT_EQ(::stat(stored->path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  std::ifstream in(stored->path, std::ios::binary);
  std::stringstream content;
  content << in.rdbuf();
  EXPECT_EQ(content.str(), sqlite_header + "abc");
}

TEST(UploadFile, KnowsTheSha256OfKnownText) {
  UploadFolder folder;
  auto file = UploadFile::Create(folder.dir());
  ASSERT_TRUE(file.ok());
  ASSERT_TRUE(file->Append("abc").ok());
  auto stored = file->Commit();
  ASSERT_TRUE(stored.ok());
  // FIPS 180-2, appendix B.1.
  EXPECT_EQ(stored->sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(stored->format, UploadFormat::kUnknown);
}

TEST(UploadFile, AnAbandonedUploadLeavesNothing) {
  UploadFolder folder;
  {
    auto file = UploadFile::Create(folder.dir());
    ASSERT_TRUE(file.ok());
    ASSERT_TRUE(file->Append("half of a submission").ok());
    EXPECT_EQ(folder.Entries(), 1u);
  }
  EXPECT_EQ(folder.Entries(), 0u);
}

TEST(UploadFile, TellsFormatsFromTheirFirstBytes) {
  std::string jet(4, '\0');
  jet += "Standard Jet DB";
  std::string ace(4, '\0');
  ace += "Standard ACE DB";
  EXPECT_EQ(DetectUploadFormat(jet), UploadFormat::kAccess);
  EXPECT_EQ(DetectUploadFormat(ace), UploadFormat::kAccess);
  EXPECT_EQ(DetectUploadFormat(std::string("PK\x03\x04rest", 8)), UploadFormat::kZip);
  EXPECT_EQ(DetectUploadFormat(std::string("SQLite format 3\0", 16)), UploadFormat::kSqlite);
  EXPECT_EQ(DetectUploadFormat("SQLite format 3"), UploadFormat::kUnknown);  // no NUL
  EXPECT_EQ(DetectUploadFormat(""), UploadFormat::kUnknown);
}

}  // namespace
}  // namespace mhds::serve
