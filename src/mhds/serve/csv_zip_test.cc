#include "mhds/serve/csv_zip.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include "mhds/serve/testing/zip_maker.h"
#include "mhds/serve/unpacked_zip.h"

namespace mhds::serve {
namespace {

using testing::ForgeDeclaredSize;
using testing::MakeZip;
using testing::ZipEntry;

class CsvZipTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = ::testing::TempDir() + "mhds_zip_XXXXXX";
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    std::filesystem::create_directory(dir_ / "out");
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Makes a zip of `entries` and unpacks it into out/; returns the outcome.
  Status Unpack(const std::vector<ZipEntry>& entries, const ZipLimits& limits = {}) {
    std::filesystem::path zip = dir_ / "upload.zip";
    Status made = MakeZip(zip, entries);
    if (!made.ok()) return made;
    return UnpackCsvZip(zip, dir_ / "out", limits);
  }
  std::vector<std::string> Unpacked() const {
    std::vector<std::string> names;
    for (const auto& e : std::filesystem::directory_iterator(dir_ / "out")) {
      names.push_back(e.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
  }

  std::filesystem::path dir_;
};

TEST_F(CsvZipTest, UnpacksTheCsvFilesOfOneFolderAndSkipsTheRest) {
  Status s = Unpack({{"sub/", ""},
                     {"sub/MHS000Header.csv", "a,b\n1,2\n"},
                     {"sub/MHS001MPI.csv", "c\n3\n"},
                     {"sub/README.txt", "not a table"},
                     {"__MACOSX/sub/._MHS001MPI.csv", "resource fork"},
                     {"sub/.DS_Store", "x"}});
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(Unpacked(), (std::vector<std::string>{"MHS000Header.csv", "MHS001MPI.csv"}));
  std::ifstream in(dir_ / "out" / "MHS001MPI.csv");
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(content, "c\n3\n");
}

TEST_F(CsvZipTest, RefusesHostileZipsAndWritesNothingOutsideItsFolder) {
  struct Case {
    const char* what;
    std::vector<ZipEntry> entries;
    const char* message;
  };
  const std::vector<Case> cases = {
      {"zip slip", {{"../../evil.csv", "x\n"}}, "climbs out"},
      {"zip slip in a folder", {{"sub/../../evil.csv", "x\n"}}, "climbs out"},
      {"absolute name", {{"/tmp/evil.csv", "x\n"}}, "absolute"},
      {"backslashes", {{"..\\evil.csv", "x\n"}}, "absolute"},
      {"symbolic link", {{"MHS001MPI.csv", "/etc/passwd", true}}, "symbolic link"},
      {"two folders", {{"a/MHS001MPI.csv", "x\n"}, {"b/MHS002GP.csv", "y\n"}}, "more than one"},
      {"one name twice", {{"MHS001MPI.csv", "x\n"}, {"mhs001mpi.CSV", "y\n"}}, "same name"},
      {"odd file name", {{"MHS001;rm -rf.csv", "x\n"}}, "may hold only"},
      {"no CSV", {{"README.txt", "hello"}}, "no CSV file"},
  };
  for (const Case& c : cases) {
    std::filesystem::remove_all(dir_ / "out");
    std::filesystem::create_directory(dir_ / "out");
    Status s = Unpack(c.entries);
    EXPECT_EQ(s.code(), StatusCode::kDataError) << c.what << ": " << s.ToString();
    EXPECT_NE(s.message().find(c.message), std::string::npos) << c.what << ": " << s.message();
    EXPECT_TRUE(Unpacked().empty()) << c.what;
  }
  EXPECT_FALSE(std::filesystem::exists(dir_.parent_path() / "evil.csv"));
  EXPECT_FALSE(std::filesystem::exists(dir_ / "evil.csv"));
}

TEST_F(CsvZipTest, RefusesAZipBombByItsRatioAndByCountedBytes) {
  // 64 MiB of one character deflates to some 64 KiB: a ratio no CSV file reaches.
  std::string bomb(std::size_t{64} << 20, 'A');
  Status s = Unpack({{"MHS001MPI.csv", bomb}});
  EXPECT_EQ(s.code(), StatusCode::kDataError) << s.ToString();
  EXPECT_NE(s.message().find("zip bomb"), std::string::npos) << s.message();
  EXPECT_TRUE(Unpacked().empty());

  // The total limit holds whatever the ratio.
  ZipLimits small;
  small.max_total_bytes = 1000;
  s = Unpack({{"MHS001MPI.csv", std::string(600, 'x')}, {"MHS002GP.csv", std::string(600, 'y')}},
             small);
  EXPECT_EQ(s.code(), StatusCode::kDataError) << s.ToString();
  EXPECT_NE(s.message().find("more than 1000 bytes"), std::string::npos) << s.message();
}

TEST_F(CsvZipTest, RefusesAnEntryThatInflatesToMoreThanItsDeclaredSize) {
  std::string csv = "LocalPatientId,PersonBirthDate\n";
  for (int i = 0; i < 2000; ++i) csv += "P" + std::to_string(i * 7919) + ",1990-01-01\n";
  ASSERT_TRUE(MakeZip(dir_ / "liar.zip", {{"MHS001MPI.csv", csv}}).ok());
  ASSERT_TRUE(ForgeDeclaredSize(dir_ / "liar.zip", "MHS001MPI.csv", 16).ok());
  auto listing = InspectCsvZip(dir_ / "liar.zip", ZipLimits{});
  ASSERT_TRUE(listing.ok()) << listing.status().ToString();  // the directory alone looks fine
  ASSERT_EQ(listing->csv_files.size(), 1u);
  EXPECT_EQ(listing->csv_files[0].size, 16u);
  auto unpacked = UnpackedZip::Unpack(dir_ / "liar.zip", dir_ / "out", 9);
  EXPECT_EQ(unpacked.status().code(), StatusCode::kDataError) << unpacked.status().ToString();
  EXPECT_NE(unpacked.status().message().find("MHS001MPI.csv"), std::string::npos)
      << unpacked.status().message();
  EXPECT_TRUE(Unpacked().empty());  // the partly written folder is gone
}

TEST_F(CsvZipTest, RefusesTooManyEntriesAndWhatIsNotAZip) {
  ZipLimits few;
  few.max_entries = 3;
  std::vector<ZipEntry> many;
  for (int i = 0; i < 4; ++i) many.push_back({"T" + std::to_string(i) + ".csv", "x\n"});
  Status s = Unpack(many, few);
  EXPECT_EQ(s.code(), StatusCode::kDataError);
  EXPECT_NE(s.message().find("4 entries; at most 3"), std::string::npos) << s.message();

  std::ofstream(dir_ / "fake.zip") << "PK\x03\x04 and then nothing a zip should hold";
  auto listing = InspectCsvZip(dir_ / "fake.zip", ZipLimits{});
  EXPECT_EQ(listing.status().code(), StatusCode::kDataError) << listing.status().ToString();
}

TEST_F(CsvZipTest, AnUnpackedFolderGoesWithItsObjectAndOnFailure) {
  ASSERT_TRUE(MakeZip(dir_ / "good.zip", {{"MHS001MPI.csv", "a\n1\n"}}).ok());
  std::filesystem::path kept;
  {
    auto unpacked = UnpackedZip::Unpack(dir_ / "good.zip", dir_ / "out", 7);
    ASSERT_TRUE(unpacked.ok()) << unpacked.status().ToString();
    kept = unpacked->folder();
    EXPECT_TRUE(std::filesystem::exists(kept / "MHS001MPI.csv"));
    EXPECT_TRUE(kept.filename().string().starts_with("7."));
  }
  EXPECT_FALSE(std::filesystem::exists(kept));

  ASSERT_TRUE(MakeZip(dir_ / "bad.zip", {{"../x.csv", "a\n"}}).ok());
  auto refused = UnpackedZip::Unpack(dir_ / "bad.zip", dir_ / "out", 8);
  EXPECT_EQ(refused.status().code(), StatusCode::kDataError);
  EXPECT_TRUE(Unpacked().empty());
}

}  // namespace
}  // namespace mhds::serve
