#include "mhds/idb/convert.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "mhds/idb/testing/tricky_values.h"
#include "mhds/io/testing/read_all.h"
#include "mhds/io/testing/temp_dir.h"

namespace mhds::idb {
namespace {

namespace fs = std::filesystem;

const fs::path kSourceDir = MHDS_SOURCE_DIR;
const fs::path kAccessDir = kSourceDir.parent_path() / "shared/testdata/access";

spec::Spec LoadSpecAt(const fs::path& relative) {
  auto spec = spec::LoadSpec(kSourceDir / relative);
  EXPECT_TRUE(spec.ok()) << spec.status().ToString();
  return std::move(spec).value();
}

// Opens `from`, copies it into `to` (a path OpenSink understands) and commits.
Result<CopySummary> Convert(const fs::path& from, const fs::path& to, const spec::Spec* spec) {
  auto source = io::OpenSource(from.string());
  if (!source.ok()) return source.status();
  auto sink = OpenSink(to, spec, false);
  if (!sink.ok()) return sink.status();
  auto summary = CopyTables(**source, spec, **sink);
  if (!summary.ok()) return summary;
  if (Status s = (*sink)->Commit(); !s.ok()) return s;
  return summary;
}

// Every file of a folder, by name, with its bytes.
std::map<std::string, std::string> FolderBytes(const fs::path& dir) {
  std::map<std::string, std::string> files;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".csv") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    files[entry.path().filename().string()] = text.str();
  }
  return files;
}

// Every table of a source, read whole.
std::map<std::string, io::testing::ReadResult> ReadSource(const fs::path& path) {
  std::map<std::string, io::testing::ReadResult> tables;
  auto source = io::OpenSource(path.string());
  EXPECT_TRUE(source.ok()) << source.status().ToString();
  if (!source.ok()) return tables;
  for (const std::string& name : (*source)->table_names()) {
    tables[name] = io::testing::ReadAll((*source)->Open(name));
    EXPECT_TRUE(tables[name].status.ok()) << tables[name].status.ToString();
  }
  return tables;
}

void ExpectSameTables(const std::map<std::string, io::testing::ReadResult>& a,
                      const std::map<std::string, io::testing::ReadResult>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (const auto& [name, table] : a) {
    ASSERT_TRUE(b.contains(name)) << name;
    EXPECT_EQ(table.columns, b.at(name).columns) << name;
    EXPECT_EQ(table.rows, b.at(name).rows) << name;
  }
}

TEST(Convert, SampleCsvToSqliteToCsvGivesTheSameBytes) {
  io::testing::TempDir dir;
  const spec::Spec spec = LoadSpecAt("specs/mhsds/6.0");
  const fs::path sample = kSourceDir / "examples/mhsds-6.0-sample";
  const fs::path idb = fs::path(dir.path()) / "sample.sqlite";
  const fs::path back = fs::path(dir.path()) / "back";
  auto there = Convert(sample, idb, &spec);
  ASSERT_TRUE(there.ok()) << there.status().ToString();
  EXPECT_EQ(there->tables.size(), 11u);
  EXPECT_GT(there->rows, 0u);
  auto home = Convert(idb, back.string() + "/", &spec);
  ASSERT_TRUE(home.ok()) << home.status().ToString();
  EXPECT_EQ(home->rows, there->rows);
  const auto original = FolderBytes(sample);
  EXPECT_EQ(original.size(), 11u);
  EXPECT_EQ(FolderBytes(back), original);
}

TEST(Convert, TrickyValuesSurviveCsvToSqliteToCsvAndSqliteToSqlite) {
  io::testing::TempDir dir;
  const spec::Spec spec = LoadSpecAt("tests/specs/mini");
  const fs::path first = fs::path(dir.path()) / "first";
  {
    auto sink = OpenSink(first.string() + "/", &spec, false);
    ASSERT_TRUE(sink.ok());
    const spec::Table* contact = &spec.tables[spec.FindTable("T04")];
    ASSERT_TRUE((*sink)
                    ->BeginTable("T04Contact", contact,
                                 std::vector<std::string>{"ContactID", "ReferralID", "ContactDate",
                                                          "StaffID", "Minutes"})
                    .ok());
    for (const std::vector<std::string>& row : testing::TrickyContactRows()) {
      const std::vector<std::string_view> values(row.begin(), row.end());
      ASSERT_TRUE((*sink)->AddRow(values).ok());
    }
    ASSERT_TRUE((*sink)->EndTable().ok());
    // A table that names fewer columns than the spec's: absent stays absent, empty stays empty.
    ASSERT_TRUE((*sink)
                    ->BeginTable("T09Staff", &spec.tables[spec.FindTable("T09")],
                                 std::vector<std::string>{"StaffID"})
                    .ok());
    const std::vector<std::string_view> empty = {""};
    ASSERT_TRUE((*sink)->AddRow(empty).ok());
    ASSERT_TRUE((*sink)->EndTable().ok());
    ASSERT_TRUE((*sink)->Commit().ok());
  }
  const fs::path idb = fs::path(dir.path()) / "idb.db";
  const fs::path idb2 = fs::path(dir.path()) / "idb2.sqlite3";
  const fs::path back = fs::path(dir.path()) / "back";
  ASSERT_TRUE(Convert(first, idb, &spec).ok());
  ASSERT_TRUE(Convert(idb, idb2, &spec).ok());
  ASSERT_TRUE(Convert(idb2, back.string() + "/", &spec).ok());
  EXPECT_EQ(FolderBytes(back), FolderBytes(first));
  const auto tables = ReadSource(idb2);
  ExpectSameTables(tables, ReadSource(first));
  EXPECT_EQ(tables.at("T04Contact").rows, testing::TrickyContactRows());
  EXPECT_EQ(tables.at("T09Staff").columns, std::vector<std::string>{"StaffID"});
}

// Access files: every value of the SQLite IDB equals what io/mdb reads, except that a date item
// or time item in a Date/Time column keeps the part it means.
TEST(Convert, AccessFilesToSqliteKeepWhatIoMdbReads) {
  io::testing::TempDir dir;
  const spec::Spec mhsds = LoadSpecAt("specs/mhsds/6.0");
  for (const char* name : {"nwind.mdb", "ASampleDatabase.accdb", "DateTestDatabase.mdb"}) {
    SCOPED_TRACE(name);
    const fs::path access = kAccessDir / name;
    const fs::path idb = fs::path(dir.path()) / (std::string(name) + ".sqlite");
    auto summary = Convert(access, idb, &mhsds);
    ASSERT_TRUE(summary.ok()) << summary.status().ToString();
    EXPECT_GT(summary->rows, 0u);
    ExpectSameTables(ReadSource(idb), ReadSource(access));
  }
}

TEST(Convert, AccessDateTimeColumnsGiveDateAndTimeItemsTheirPart) {
  io::testing::TempDir dir;
  const spec::Spec spec = LoadSpecAt("tests/specs/access-dates");
  const fs::path access = kAccessDir / "DateTestDatabase.mdb";
  const fs::path idb = fs::path(dir.path()) / "dates.sqlite";
  ASSERT_TRUE(Convert(access, idb, &spec).ok());
  const io::testing::ReadResult before = ReadSource(access).at("DateTest");
  const io::testing::ReadResult after = ReadSource(idb).at("DateTest");
  ASSERT_EQ(before.columns, (std::vector<std::string>{"IDCol", "DateTimeCol", "DateCol", "TimeCol",
                                                      "LongTextCol", "ShortTextCol"}));
  ASSERT_EQ(after.columns, before.columns);
  ASSERT_EQ(after.rows.size(), before.rows.size());
  size_t reshaped = 0;
  for (size_t r = 0; r < before.rows.size(); ++r) {
    const std::vector<std::string>& in = before.rows[r];
    std::vector<std::string> expected = in;
    expected[2] = std::string(AccessDateTimePart(in[2], spec::ValueType::kDate));
    expected[3] = std::string(AccessDateTimePart(in[3], spec::ValueType::kTime));
    reshaped += expected[2] != in[2] || expected[3] != in[3];
    EXPECT_EQ(after.rows[r], expected) << "row " << r + 1;
  }
  EXPECT_GT(reshaped, 0u);
}

TEST(AccessDateTimePart, TakesThePartTheItemMeans) {
  using spec::ValueType;
  EXPECT_EQ(AccessDateTimePart("2021-12-02 13:45:10", ValueType::kDate), "2021-12-02");
  EXPECT_EQ(AccessDateTimePart("2021-12-02 13:45:10", ValueType::kTime), "13:45:10");
  EXPECT_EQ(AccessDateTimePart("2021-12-02 13:45:10", ValueType::kDateTime), "2021-12-02 13:45:10");
  EXPECT_EQ(AccessDateTimePart("2021-12-02 13:45:10", ValueType::kText), "2021-12-02 13:45:10");
  EXPECT_EQ(AccessDateTimePart("2021-12-02", ValueType::kDate), "2021-12-02");
  EXPECT_EQ(AccessDateTimePart("2021-12-02", ValueType::kTime), "2021-12-02");
  EXPECT_EQ(AccessDateTimePart("", ValueType::kTime), "");
}

TEST(Convert, StopsAtAnUnreadableSourceAndLeavesNoOutput) {
  io::testing::TempDir dir;
  const fs::path bad = fs::path(dir.path()) / "bad";
  fs::create_directory(bad);
  std::ofstream(bad / "A.csv") << "x,y\n1,2\n3\n";
  const fs::path idb = fs::path(dir.path()) / "out.sqlite";
  const Status status = Convert(bad, idb, nullptr).status();
  EXPECT_EQ(status.code(), StatusCode::kDataError);
  EXPECT_NE(status.message().find("A.csv"), std::string::npos) << status.message();
  EXPECT_FALSE(fs::exists(idb));
}

}  // namespace
}  // namespace mhds::idb
