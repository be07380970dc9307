#include "mhds/idb/sqlite_sink.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "mhds/idb/testing/sink_rows.h"
#include "mhds/idb/testing/tricky_values.h"
#include "mhds/io/sqlite/sqlite_source.h"
#include "mhds/io/testing/read_all.h"
#include "mhds/io/testing/temp_dir.h"

namespace mhds::idb {
namespace {

namespace fs = std::filesystem;

using testing::MiniSpec;
using testing::WriteRows;

// The rows of `sql` on the database at `path`, each value as "type:text".
std::vector<std::vector<std::string>> Query(const fs::path& path, const std::string& sql) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* statement = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr), SQLITE_OK)
      << sqlite3_errmsg(db);
  std::vector<std::vector<std::string>> rows;
  while (sqlite3_step(statement) == SQLITE_ROW) {
    std::vector<std::string>& row = rows.emplace_back();
    for (int i = 0; i < sqlite3_column_count(statement); ++i) {
      const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement, i));
      row.push_back(text == nullptr ? "" : text);
    }
  }
  sqlite3_finalize(statement);
  sqlite3_close(db);
  return rows;
}

class SqliteSinkTest : public ::testing::Test {
 protected:
  void WriteContacts(bool commit) {
    auto sink = SqliteSink::Create(out_, false);
    ASSERT_TRUE(sink.ok()) << sink.status().ToString();
    const spec::Table* contact = &spec_.tables[spec_.FindTable("T04")];
    ASSERT_TRUE(WriteRows(**sink, "t04contact", contact,
                          {"contactid", "REFERRALID", "ContactDate", "StaffID", "Minutes"},
                          testing::TrickyContactRows())
                    .ok());
    ASSERT_TRUE(WriteRows(**sink, "Other Table", nullptr, {"Free Text", "Minutes"},
                          {{"01", "01"}, {"1.50", ""}})
                    .ok());
    EXPECT_FALSE(fs::exists(out_)) << "nothing appears before Commit()";
    if (commit) {
      ASSERT_TRUE((*sink)->Commit().ok());
    }
  }

  io::testing::TempDir dir_;
  spec::Spec spec_ = MiniSpec();
  fs::path out_ = fs::path(dir_.path()) / "idb.sqlite";
};

TEST_F(SqliteSinkTest, EveryValueReadsBackByteForByte) {
  WriteContacts(true);
  auto source = io::SqliteSource::OpenDatabase(out_.string());
  ASSERT_TRUE(source.ok()) << source.status().ToString();
  EXPECT_EQ((*source)->table_names(), (std::vector<std::string>{"Other Table", "T04Contact"}));
  const io::testing::ReadResult contacts = io::testing::ReadAll((*source)->Open("T04Contact"));
  ASSERT_TRUE(contacts.status.ok()) << contacts.status.ToString();
  EXPECT_EQ(contacts.columns, (std::vector<std::string>{"ContactID", "ReferralID", "ContactDate",
                                                        "StaffID", "Minutes"}));
  EXPECT_EQ(contacts.rows, testing::TrickyContactRows());
  const io::testing::ReadResult other = io::testing::ReadAll((*source)->Open("Other Table"));
  EXPECT_EQ(other.rows, (std::vector<std::vector<std::string>>{{"01", "01"}, {"1.50", ""}}));
}

TEST_F(SqliteSinkTest, StoresCanonicalNumbersAsNumbersAndTheRestAsText) {
  WriteContacts(true);
  EXPECT_EQ(Query(out_, "SELECT ContactID, typeof(Minutes) FROM T04Contact"),
            (std::vector<std::vector<std::string>>{{"C1", "integer"},
                                                   {"C2", "text"},
                                                   {"C3", "text"},
                                                   {"C4", "text"},
                                                   {"C5", "text"},
                                                   {"C6", "null"},
                                                   {"C7", "text"},
                                                   {"C8", "integer"}}));
  EXPECT_EQ(Query(out_, "SELECT typeof(StaffID) FROM T04Contact WHERE ContactID = 'C1'"),
            (std::vector<std::vector<std::string>>{{"text"}}));
  EXPECT_EQ(Query(out_, "SELECT sum(Minutes) FROM T04Contact WHERE typeof(Minutes) = 'integer'"),
            (std::vector<std::vector<std::string>>{{"3"}}));
}

TEST_F(SqliteSinkTest, DeclaresStrictTypesAndIndexesTheKey) {
  WriteContacts(true);
  EXPECT_EQ(Query(out_, "SELECT name, type FROM pragma_table_info('T04Contact')"),
            (std::vector<std::vector<std::string>>{{"ContactID", "TEXT"},
                                                   {"ReferralID", "TEXT"},
                                                   {"ContactDate", "TEXT"},
                                                   {"StaffID", "TEXT"},
                                                   {"Minutes", "ANY"}}));
  EXPECT_EQ(Query(out_, "SELECT strict FROM pragma_table_list WHERE name = 'T04Contact'"),
            (std::vector<std::vector<std::string>>{{"1"}}));
  EXPECT_EQ(Query(out_, "SELECT name FROM pragma_index_info('T04Contact_key')"),
            (std::vector<std::vector<std::string>>{{"ContactID"}}));
  EXPECT_EQ(Query(out_, "SELECT \"unique\" FROM pragma_index_list('T04Contact')"),
            (std::vector<std::vector<std::string>>{{"0"}}));
  EXPECT_EQ(Query(out_, "SELECT name, type FROM pragma_table_info('Other Table')"),
            (std::vector<std::vector<std::string>>{{"Free Text", "TEXT"}, {"Minutes", "TEXT"}}));
  EXPECT_TRUE(Query(out_, "SELECT name FROM pragma_index_list('Other Table')").empty());
}

TEST_F(SqliteSinkTest, KeepsDecimalsThatWouldChangeAsText) {
  spec::Item decimal;
  decimal.short_name = "Charge";
  decimal.type = spec::ValueType::kDecimal;
  spec::Table table;
  table.idb_name = "Charges";
  table.items = {decimal};
  table.item_by_lower_name["charge"] = 0;
  const std::vector<std::vector<std::string>> rows = {
      {"1.5"}, {"1.50"}, {"0.1"}, {"2"}, {"2.0"}, {"-0.25"}, {".5"}, {"1e3"}, {"12345.67"}};
  auto sink = SqliteSink::Create(out_, false);
  ASSERT_TRUE(sink.ok());
  ASSERT_TRUE(WriteRows(**sink, "Charges", &table, {"Charge"}, rows).ok());
  ASSERT_TRUE((*sink)->Commit().ok());
  auto source = io::SqliteSource::OpenDatabase(out_.string());
  ASSERT_TRUE(source.ok());
  EXPECT_EQ(io::testing::ReadAll((*source)->Open("Charges")).rows, rows);
  EXPECT_EQ(Query(out_, "SELECT count(*) FROM Charges WHERE typeof(Charge) = 'real'"),
            (std::vector<std::vector<std::string>>{{"5"}}))
      << "1.5, 0.1, 2.0, -0.25 and 12345.67 read back the same as REAL";
}

TEST_F(SqliteSinkTest, FileIs0600AndNothingIsLeftWithoutCommit) {
  WriteContacts(false);
  EXPECT_TRUE(fs::is_empty(dir_.path()));
  WriteContacts(true);
  struct stat info {};
  ASSERT_EQ(::stat(out_.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_.path()), fs::directory_iterator()), 1);
}

TEST_F(SqliteSinkTest, ReplacesAnExistingFileOnlyWhenAsked) {
  std::ofstream(out_) << "old";
  EXPECT_EQ(SqliteSink::Create(out_, false).status().code(), StatusCode::kInvalidArgument);
  auto sink = SqliteSink::Create(out_, true);
  ASSERT_TRUE(sink.ok());
  ASSERT_TRUE(WriteRows(**sink, "A", nullptr, {"x"}, {{"1"}}).ok());
  ASSERT_TRUE((*sink)->Commit().ok());
  EXPECT_EQ(Query(out_, "SELECT x FROM A"), (std::vector<std::vector<std::string>>{{"1"}}));
}

TEST_F(SqliteSinkTest, RefusesTablesSqliteCannotHold) {
  auto sink = SqliteSink::Create(out_, false);
  ASSERT_TRUE(sink.ok());
  const Status twice = WriteRows(**sink, "A", nullptr, {"Name", "NAME"}, {});
  EXPECT_EQ(twice.code(), StatusCode::kDataError);
  EXPECT_NE(twice.message().find("two columns are named NAME"), std::string::npos)
      << twice.message();
  EXPECT_EQ(WriteRows(**sink, "B", nullptr, {}, {}).code(), StatusCode::kDataError);
  ASSERT_TRUE(WriteRows(**sink, "C", nullptr, {"x"}, {}).ok());
  EXPECT_EQ(WriteRows(**sink, "c", nullptr, {"x"}, {}).code(), StatusCode::kDataError);
}

}  // namespace
}  // namespace mhds::idb
