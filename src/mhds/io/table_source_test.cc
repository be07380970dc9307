#include "mhds/io/table_source.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <string>

#include "mhds/io/testing/temp_dir.h"

namespace mhds::io {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

struct Case {
  const char* name;
  std::string file;      // created in the temp dir; empty for the folder itself
  std::string contents;  // written unless `file` is empty or a database is made
  StatusCode code;
  std::string found;  // a part of Describe() on success, of the message on error
};

TEST(OpenSource, ChoosesTheFormatFromWhatThePathHolds) {
  const Case cases[] = {
      {"folder", "", "", StatusCode::kOk, "CSV folder "},
      {"SQLite file", "idb.sqlite", "", StatusCode::kOk, "SQLite IDB "},
      {"SQLite file with any name", "idb.dat", "", StatusCode::kOk, "SQLite IDB "},
      {"single CSV file", "MHS001MPI.csv", "a\n1\n", StatusCode::kInvalidArgument,
       "pass the folder"},
      {"single CSV file, upper case", "MHS001MPI.CSV", "a\n1\n", StatusCode::kInvalidArgument,
       "pass the folder"},
      {"text file", "notes.txt", "hello\n", StatusCode::kDataError, "expected a folder of CSV"},
      {"empty file", "empty", "", StatusCode::kDataError, "expected a folder of CSV"},
      {"short SQLite magic", "short", "SQLite format 3", StatusCode::kDataError,
       "expected a folder of CSV"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    testing::TempDir dir;
    std::string path = dir.path();
    if (c.code == StatusCode::kOk && !c.file.empty()) {
      path += "/" + c.file;
      sqlite3* db = nullptr;
      ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
      ASSERT_EQ(sqlite3_exec(db, "CREATE TABLE T(a)", nullptr, nullptr, nullptr), SQLITE_OK);
      sqlite3_close(db);
    } else if (!c.file.empty()) {
      path = dir.Write(c.file, c.contents);
    }
    auto source = OpenSource(path);
    if (c.code == StatusCode::kOk) {
      ASSERT_TRUE(source.ok()) << source.status().ToString();
      EXPECT_THAT((*source)->Describe(), StartsWith(c.found + path));
    } else {
      EXPECT_EQ(source.status().code(), c.code);
      EXPECT_THAT(source.status().message(), StartsWith(path + ": "));
      EXPECT_THAT(source.status().message(), HasSubstr(c.found));
    }
  }
}

TEST(OpenSource, ReturnsNotFoundForAMissingPath) {
  testing::TempDir dir;
  const std::string missing = dir.path() + "/nothing-here";
  auto source = OpenSource(missing);
  EXPECT_EQ(source.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(source.status().message(), missing + ": no such file or directory");
}

}  // namespace
}  // namespace mhds::io
