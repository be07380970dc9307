#include "mhds/io/csv/csv_folder_source.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "mhds/io/testing/temp_dir.h"

namespace mhds::io {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

TEST(CsvFolderSource, ListsCsvFilesAsSortedTablesAndIgnoresOtherFiles) {
  testing::TempDir dir;
  dir.Write("MHS101Referral.csv", "a\n1\n");
  dir.Write("MHS001MPI.CSV", "b,c\n2,3\n");
  dir.Write("Notes.txt", "not a table");
  dir.Write("old.csv.bak", "x\n");
  dir.Write(".csv", "x\n");
  std::filesystem::create_directory(dir.path() + "/folder.csv");

  auto source = CsvFolderSource::OpenFolder(dir.path());
  ASSERT_TRUE(source.ok()) << source.status().ToString();
  EXPECT_THAT((*source)->table_names(), ElementsAre("MHS001MPI", "MHS101Referral"));
  EXPECT_EQ((*source)->DisplayName("MHS001MPI"), "MHS001MPI.CSV");
  EXPECT_EQ((*source)->DisplayName("MHS101Referral"), "MHS101Referral.csv");
  EXPECT_EQ((*source)->Describe(), "CSV folder " + dir.path());
  EXPECT_EQ((*source)->total_bytes(), 4u + 8u);
}

TEST(CsvFolderSource, OpensATableAsACsvReaderNamingItsFileInErrors) {
  testing::TempDir dir;
  dir.Write("MHS001MPI.csv", "b,c\n2,3\n4\n");
  auto source = CsvFolderSource::OpenFolder(dir.path());
  ASSERT_TRUE(source.ok());
  auto reader = (*source)->Open("MHS001MPI");
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  EXPECT_THAT((*reader)->columns(), ElementsAre("b", "c"));
  std::vector<std::string_view> fields;
  ASSERT_TRUE((*reader)->Next(fields));
  EXPECT_THAT(fields, ElementsAre("2", "3"));
  EXPECT_FALSE((*reader)->Next(fields));
  EXPECT_THAT((*reader)->status().message(),
              StartsWith(dir.path() + "/MHS001MPI.csv:3:2: row has 1 fields"));
}

TEST(CsvFolderSource, PassesItsOptionsToTheReaders) {
  testing::TempDir dir;
  dir.Write("T.csv", "a\n123456789\n");
  auto source = CsvFolderSource::OpenFolder(dir.path(), {.max_line_bytes = 4});
  ASSERT_TRUE(source.ok());
  auto reader = (*source)->Open("T");
  ASSERT_TRUE(reader.ok());
  std::vector<std::string_view> fields;
  EXPECT_FALSE((*reader)->Next(fields));
  EXPECT_THAT((*reader)->status().message(), HasSubstr("row longer than 4 bytes"));
}

TEST(CsvFolderSource, ReturnsTheReadersErrorForABadHeader) {
  testing::TempDir dir;
  dir.Write("Empty.csv", "");
  auto source = CsvFolderSource::OpenFolder(dir.path());
  ASSERT_TRUE(source.ok());
  auto reader = (*source)->Open("Empty");
  EXPECT_EQ(reader.status().code(), StatusCode::kDataError);
  EXPECT_THAT(reader.status().message(), HasSubstr("Empty.csv:1:1: found an empty file"));
}

TEST(CsvFolderSource, ReturnsNotFoundForAnUnknownTable) {
  testing::TempDir dir;
  auto source = CsvFolderSource::OpenFolder(dir.path());
  ASSERT_TRUE(source.ok());
  EXPECT_TRUE((*source)->table_names().empty());
  EXPECT_EQ((*source)->Open("MHS001MPI").status().code(), StatusCode::kNotFound);
}

TEST(CsvFolderSource, RejectsTwoFilesForOneTable) {
  testing::TempDir dir;
  dir.Write("A.csv", "a\n");
  dir.Write("A.CSV", "a\n");
  auto source = CsvFolderSource::OpenFolder(dir.path());
  EXPECT_EQ(source.status().code(), StatusCode::kDataError);
  EXPECT_THAT(source.status().message(), HasSubstr("expected one file per table"));
}

TEST(CsvFolderSource, ReturnsNotFoundForAMissingFolder) {
  testing::TempDir dir;
  const std::string missing = dir.path() + "/missing";
  auto source = CsvFolderSource::OpenFolder(missing);
  EXPECT_EQ(source.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(source.status().message(), missing + ": no such file or directory");
}

}  // namespace
}  // namespace mhds::io
