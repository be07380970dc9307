#include "mhds/io/sqlite/sqlite_source.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "mhds/io/table_source.h"
#include "mhds/io/testing/read_all.h"
#include "mhds/io/testing/temp_dir.h"

namespace mhds::io {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

// Creates a SQLite database at `path` by running `sql`.
void MakeDatabase(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  char* error = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
  EXPECT_EQ(rc, SQLITE_OK) << (error ? error : "");
  sqlite3_free(error);
  sqlite3_close(db);
}

using Table = testing::ReadResult;

using testing::ReadTable;

TEST(SqliteSource, ReturnsEveryValueAsTextWithNullAsEmpty) {
  testing::TempDir dir;
  const std::string path = dir.path() + "/idb.sqlite";
  MakeDatabase(path,
               "CREATE TABLE T(i INTEGER, r REAL, t TEXT, n, any);"
               "INSERT INTO T VALUES (1, 1.5, 'x', NULL, 'a,b');"
               "INSERT INTO T VALUES (-42, 100.0, '', NULL, 7);"
               "INSERT INTO T VALUES (9223372036854775807, 0.1, 'caf\xC3\xA9', NULL, 2.5);"
               "INSERT INTO T VALUES (0, 1e20, ' 07 ', NULL, '1.50');");
  auto source = SqliteSource::OpenDatabase(path);
  ASSERT_TRUE(source.ok()) << source.status().ToString();
  const Table got = ReadTable(**source, "T");
  EXPECT_TRUE(got.status.ok()) << got.status.ToString();
  EXPECT_THAT(got.columns, ElementsAre("i", "r", "t", "n", "any"));
  const std::vector<std::vector<std::string>> expected = {
      {"1", "1.5", "x", "", "a,b"},
      {"-42", "100.0", "", "", "7"},
      {"9223372036854775807", "0.1", "caf\xC3\xA9", "", "2.5"},
      {"0", "1.0e+20", " 07 ", "", "1.50"},
  };
  EXPECT_EQ(got.rows, expected);
  EXPECT_THAT(got.lines, ElementsAre(1, 2, 3, 4));
}

TEST(SqliteSource, ListsUserTablesSortedAndDescribesThem) {
  testing::TempDir dir;
  const std::string path = dir.path() + "/idb.sqlite";
  MakeDatabase(path,
               "CREATE TABLE MHS101Referral(a);"
               "CREATE TABLE MHS001MPI(id INTEGER PRIMARY KEY AUTOINCREMENT, b);"
               "CREATE TABLE \"odd \"\"name\"\"\"(c);"
               "INSERT INTO \"odd \"\"name\"\"\" VALUES ('ok');"
               "CREATE VIEW V AS SELECT 1;"
               "CREATE INDEX I ON MHS101Referral(a);"
               "INSERT INTO MHS001MPI(b) VALUES (1);"
               "ANALYZE;");
  auto source = SqliteSource::OpenDatabase(path);
  ASSERT_TRUE(source.ok()) << source.status().ToString();
  EXPECT_THAT((*source)->table_names(), ElementsAre("MHS001MPI", "MHS101Referral", "odd \"name\""));
  EXPECT_EQ((*source)->Describe(), "SQLite IDB " + path);
  EXPECT_EQ((*source)->DisplayName("MHS001MPI"), "idb.sqlite:MHS001MPI");
  EXPECT_EQ((*source)->total_bytes(), std::filesystem::file_size(path));
  const Table odd = ReadTable(**source, "odd \"name\"");
  EXPECT_TRUE(odd.status.ok()) << odd.status.ToString();
  EXPECT_EQ(odd.rows, (std::vector<std::vector<std::string>>{{"ok"}}));
}

TEST(SqliteSource, ReportsABlobWithTableRowAndColumn) {
  testing::TempDir dir;
  const std::string path = dir.path() + "/idb.sqlite";
  MakeDatabase(path,
               "CREATE TABLE T(a, b);"
               "INSERT INTO T VALUES (1, 'x');"
               "INSERT INTO T VALUES (2, x'00FF');");
  auto source = SqliteSource::OpenDatabase(path);
  ASSERT_TRUE(source.ok());
  const Table got = ReadTable(**source, "T");
  EXPECT_EQ(got.rows, (std::vector<std::vector<std::string>>{{"1", "x"}}));
  EXPECT_EQ(got.status.code(), StatusCode::kDataError);
  EXPECT_EQ(got.status.message(),
            "idb.sqlite:T: row 2, column b: found a BLOB (binary) value; expected text or a "
            "number");
}

TEST(SqliteSource, ReturnsNotFoundForAnUnknownTableOrFile) {
  testing::TempDir dir;
  const std::string path = dir.path() + "/idb.sqlite";
  MakeDatabase(path, "CREATE TABLE T(a);");
  auto source = SqliteSource::OpenDatabase(path);
  ASSERT_TRUE(source.ok());
  EXPECT_EQ((*source)->Open("U").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(SqliteSource::OpenDatabase(dir.path() + "/missing.sqlite").status().code(),
            StatusCode::kNotFound);
}

TEST(SqliteSource, LetsReadersOutliveTheSource) {
  testing::TempDir dir;
  const std::string path = dir.path() + "/idb.sqlite";
  MakeDatabase(path, "CREATE TABLE T(a); INSERT INTO T VALUES ('kept');");
  std::unique_ptr<RowReader> reader;
  {
    auto source = SqliteSource::OpenDatabase(path);
    ASSERT_TRUE(source.ok());
    auto opened = (*source)->Open("T");
    ASSERT_TRUE(opened.ok());
    reader = std::move(opened).value();
  }
  std::vector<std::string_view> fields;
  ASSERT_TRUE(reader->Next(fields));
  EXPECT_THAT(fields, ElementsAre("kept"));
}

// Reads every table of the file at `path` the way the validator would, and returns the first
// error met: opening the file, opening a table, or reading a row.
Status ReadEverything(const std::string& path) {
  auto source = OpenSource(path);
  if (!source.ok()) return source.status();
  for (const std::string& table : (*source)->table_names()) {
    const Table got = ReadTable(**source, table);
    if (!got.status.ok()) return got.status;
  }
  return Status::Ok();
}

TEST(SqliteSource, ReportsDamagedFilesAsDataErrorsNamingTheFile) {
  testing::TempDir dir;
  const std::string good = dir.path() + "/good.sqlite";
  std::string rows = "CREATE TABLE T(a, b); BEGIN;";
  for (int i = 0; i < 2000; ++i) {
    rows += "INSERT INTO T VALUES (" + std::to_string(i) + ", 'value number " + std::to_string(i) +
            "');";
  }
  MakeDatabase(good, rows + "COMMIT;");
  ASSERT_TRUE(ReadEverything(good).ok());
  std::string bytes(std::filesystem::file_size(good), '\0');
  std::ifstream(good, std::ios::binary)
      .read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  ASSERT_GT(bytes.size(), 3 * 4096u);

  struct Damage {
    const char* name;
    std::string bytes;
  };
  std::string garbage_pages = bytes;
  for (size_t i = 4096; i < garbage_pages.size(); ++i) garbage_pages[i] = static_cast<char>(i * 7);
  std::string garbage_header = bytes.substr(0, 16) + std::string(4080, '\x5A');
  const Damage damages[] = {
      {"magic then garbage", garbage_header},
      {"pages after the first overwritten", garbage_pages},
      {"truncated to one and a half pages", bytes.substr(0, 6144)},
      {"magic only", bytes.substr(0, 16)},
  };
  for (const Damage& d : damages) {
    SCOPED_TRACE(d.name);
    const std::string path = dir.Write("bad.sqlite", d.bytes);
    const Status status = ReadEverything(path);
    EXPECT_EQ(status.code(), StatusCode::kDataError) << status.ToString();
    EXPECT_THAT(status.message(), HasSubstr("bad.sqlite"));
  }
}

TEST(SqliteSource, ReportsAFileThatIsNotADatabase) {
  testing::TempDir dir;
  const std::string path = dir.Write("notes.sqlite", std::string(8192, 'x'));
  auto source = SqliteSource::OpenDatabase(path);
  EXPECT_EQ(source.status().code(), StatusCode::kDataError);
  EXPECT_THAT(source.status().message(), StartsWith(path + ": cannot read the database"));
}

}  // namespace
}  // namespace mhds::io
