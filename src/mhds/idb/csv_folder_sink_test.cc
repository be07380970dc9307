#include "mhds/idb/csv_folder_sink.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "mhds/idb/testing/sink_rows.h"
#include "mhds/idb/testing/tricky_values.h"
#include "mhds/io/csv/csv_folder_source.h"
#include "mhds/io/testing/read_all.h"
#include "mhds/io/testing/temp_dir.h"

namespace mhds::idb {
namespace {

namespace fs = std::filesystem;

using testing::MiniSpec;
std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

using testing::WriteRows;

TEST(CsvField, QuotesOnlyWhatMustBeQuoted) {
  EXPECT_EQ(CsvField(""), "");
  EXPECT_EQ(CsvField("01"), "01");
  EXPECT_EQ(CsvField(" a b "), " a b ");
  EXPECT_EQ(CsvField("=1+1"), "=1+1");
  EXPECT_EQ(CsvField("a,b"), "\"a,b\"");
  EXPECT_EQ(CsvField("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(CsvField("a\nb"), "\"a\nb\"");
  EXPECT_EQ(CsvField("\r"), "\"\r\"");
}

TEST(CsvFolderSink, WritesValuesThatReadBackUnchanged) {
  io::testing::TempDir dir;
  const spec::Spec spec = MiniSpec();
  const spec::Table* contact = &spec.tables[spec.FindTable("T04")];
  const fs::path out = fs::path(dir.path()) / "out";
  auto sink = CsvFolderSink::Create(out, false);
  ASSERT_TRUE(sink.ok()) << sink.status().ToString();
  // Source column names in another case and a column the spec does not know.
  const std::vector<std::string> columns = {"contactid", "REFERRALID", "ContactDate", "StaffID",
                                            "Minutes"};
  const auto rows = testing::TrickyContactRows();
  ASSERT_TRUE(WriteRows(**sink, "t04contact", contact, columns, rows).ok());
  ASSERT_TRUE(WriteRows(**sink, "Notes", nullptr, {"Free Text"}, {{"a,b"}, {""}}).ok());
  EXPECT_FALSE(fs::exists(out)) << "nothing appears before Commit()";
  ASSERT_TRUE((*sink)->Commit().ok());

  auto source = io::CsvFolderSource::OpenFolder(out.string());
  ASSERT_TRUE(source.ok()) << source.status().ToString();
  EXPECT_EQ((*source)->table_names(), (std::vector<std::string>{"Notes", "T04Contact"}));
  const io::testing::ReadResult read = io::testing::ReadAll((*source)->Open("T04Contact"));
  ASSERT_TRUE(read.status.ok()) << read.status.ToString();
  EXPECT_EQ(read.columns, (std::vector<std::string>{"ContactID", "ReferralID", "ContactDate",
                                                    "StaffID", "Minutes"}));
  EXPECT_EQ(read.rows, rows);
  EXPECT_EQ(ReadFile(out / "Notes.csv"), "Free Text\n\"a,b\"\n\"\"\n");
  EXPECT_EQ(io::testing::ReadAll((*source)->Open("Notes")).rows,
            (std::vector<std::vector<std::string>>{{"a,b"}, {""}}))
      << "a row of one empty value is still a row";
}

TEST(CsvFolderSink, FoldersAre0700AndFiles0600) {
  io::testing::TempDir dir;
  const fs::path out = fs::path(dir.path()) / "out";
  auto sink = CsvFolderSink::Create(out, false);
  ASSERT_TRUE(sink.ok());
  ASSERT_TRUE(WriteRows(**sink, "A", nullptr, {"x"}, {{"1"}}).ok());
  ASSERT_TRUE((*sink)->Commit().ok());
  struct stat info {};
  ASSERT_EQ(::stat(out.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0700u);
  ASSERT_EQ(::stat((out / "A.csv").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
}

TEST(CsvFolderSink, LeavesNothingWithoutCommit) {
  io::testing::TempDir dir;
  const fs::path out = fs::path(dir.path()) / "out";
  {
    auto sink = CsvFolderSink::Create(out, false);
    ASSERT_TRUE(sink.ok());
    ASSERT_TRUE(WriteRows(**sink, "A", nullptr, {"x"}, {{"1"}}).ok());
  }
  EXPECT_TRUE(fs::is_empty(dir.path())) << "no output, no temporary folder";
}

TEST(CsvFolderSink, ReplacesAFolderOfCsvFilesOnlyWhenAsked) {
  io::testing::TempDir dir;
  const fs::path out = fs::path(dir.path()) / "out";
  fs::create_directory(out);
  std::ofstream(out / "Old.csv") << "y\n2\n";
  EXPECT_EQ(CsvFolderSink::Create(out, false).status().code(), StatusCode::kInvalidArgument);
  auto sink = CsvFolderSink::Create(out, true);
  ASSERT_TRUE(sink.ok());
  ASSERT_TRUE(WriteRows(**sink, "A", nullptr, {"x"}, {{"1"}}).ok());
  ASSERT_TRUE((*sink)->Commit().ok());
  EXPECT_FALSE(fs::exists(out / "Old.csv"));
  EXPECT_EQ(ReadFile(out / "A.csv"), "x\n1\n");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()), 1);
}

TEST(CsvFolderSink, NeverReplacesAFolderHoldingOtherFiles) {
  io::testing::TempDir dir;
  const fs::path out = fs::path(dir.path()) / "work";
  fs::create_directory(out);
  std::ofstream(out / "thesis.docx") << "precious";
  const Status status = CsvFolderSink::Create(out, true).status();
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("thesis.docx"), std::string::npos) << status.message();
  EXPECT_EQ(ReadFile(out / "thesis.docx"), "precious");
}

TEST(CsvFolderSink, RefusesBytesACsvIdbCannotHoldNamingRowAndColumn) {
  io::testing::TempDir dir;
  auto sink = CsvFolderSink::Create(fs::path(dir.path()) / "out", false);
  ASSERT_TRUE(sink.ok());
  ASSERT_TRUE((*sink)->BeginTable("A", nullptr, std::vector<std::string>{"x", "photo"}).ok());
  const std::vector<std::string_view> good = {"1", "2"};
  ASSERT_TRUE((*sink)->AddRow(good).ok());
  for (const std::string_view bad : {std::string_view("a\0b", 3), std::string_view("\xff"),
                                     std::string_view("\xc3"), std::string_view("\xed\xa0\x80")}) {
    const std::vector<std::string_view> row = {"1", bad};
    const Status status = (*sink)->AddRow(row);
    EXPECT_EQ(status.code(), StatusCode::kDataError);
    EXPECT_NE(status.message().find(", column 2 (photo)"), std::string::npos) << status.message();
  }
}

TEST(CsvFolderSink, RefusesTwoTablesWrittenToOneFile) {
  io::testing::TempDir dir;
  const spec::Spec spec = MiniSpec();
  const spec::Table* contact = &spec.tables[spec.FindTable("T04")];
  auto sink = CsvFolderSink::Create(fs::path(dir.path()) / "out", false);
  ASSERT_TRUE(sink.ok());
  ASSERT_TRUE(WriteRows(**sink, "T04", contact, {"ContactID"}, {}).ok());
  EXPECT_EQ(WriteRows(**sink, "T04Contact", contact, {"ContactID"}, {}).code(),
            StatusCode::kDataError);
}

}  // namespace
}  // namespace mhds::idb
