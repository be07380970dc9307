#include "mhds/mapping/builder.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "mhds/idb/table_sink.h"
#include "mhds/io/testing/read_all.h"
#include "mhds/io/testing/temp_dir.h"

namespace mhds::mapping {
namespace {

using io::testing::ReadAll;
using io::testing::TempDir;

std::string SpecsFolder() { return std::string(MHDS_SOURCE_DIR) + "/specs"; }

// A local PAS export: UK dates, local sex labels, an NHS Number with spaces, a row whose birth
// date is not a date, and a column the mapping ignores.
constexpr const char* kPatients =
    "Patient No,NHS No,DOB,Sex,Ward\r\n"
    "P1,999 000 0018,14/03/1988,Male,W1\r\n"
    "P2,999 000 0026,1975-11-02,Female,W2\r\n"
    "P3,,21/07/2003,Unknown,W1\r\n";

void MakeGpDatabase(const std::string& path) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db,
                         "CREATE TABLE gp(pat TEXT, practice TEXT, since TEXT, old INTEGER);"
                         "INSERT INTO gp VALUES('P1','Y99001','2015-06-01 00:00:00',0),"
                         "('P2','Y99002','2001-09-17 00:00:00',0),"
                         "('P2','Y99009','1990-01-01 00:00:00',1),"
                         "('P3','Y99003',NULL,0);",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
}

std::string MappingText(const std::string& extra = "") {
  return R"(spec = "mhsds/6.0"
period = "2026-10"
)" + extra +
         R"(
[sources.patients]
csv = "patients.csv"
[sources.gp]
sqlite = "pas.sqlite"
query = "SELECT pat, practice, since FROM gp WHERE old = 0"

[tables.MHS000Header.items]
DatSetVer = { value = "6.0" }
OrgIDProvider = { value = "RX1" }
ReportingPeriodStartDate = { value = "{period_start}" }
ReportingPeriodEndDate = { value = "{period_end}" }
DateTimeDatSetCreate = { value = "{now}" }

[tables.MHS001MPI]
source = "patients"
[tables.MHS001MPI.items]
LocalPatientID = "Patient No"
OrgIDLocalPatientID = { value = "RX1" }
NHSNumber = { column = "NHS No", remove = " " }
NHSNumberStatus = { columns = ["NHS No"], codes = {}, unmapped = "blank", default = "07" }
PersonBirthDate = { column = "DOB", date = "DD/MM/YYYY" }
Gender = { column = "sex", codes = { Male = "1", Female = "2" }, unmapped = "error" }

[tables.MHS002GP]
source = "gp"
[tables.MHS002GP.items]
LocalPatientID = "pat"
GMPReg = "practice"
StartDateGMPRegistration = { column = "since", date = "YYYY-MM-DD hh:mm:ss" }
)";
}

struct Built {
  Result<BuildReport> report = Status::Internal("not run");
  Status committed = Status::Internal("not committed");
};

Built RunBuild(const TempDir& dir, const std::string& mapping_text, const std::string& out) {
  Built built;
  dir.Write("patients.csv", kPatients);
  MakeGpDatabase(dir.path() + "/pas.sqlite");
  auto loaded = LoadMapping(dir.Write("mapping.toml", mapping_text), SpecsFolder());
  EXPECT_TRUE(loaded.ok()) << loaded.status().message();
  if (!loaded.ok()) return built;
  auto sink = idb::OpenSink(out, &loaded->spec, false);
  EXPECT_TRUE(sink.ok()) << sink.status().message();
  if (!sink.ok()) return built;
  BuildOptions options;
  options.now_seconds = 1'793'700'000;  // 2026-11-03, fixed so the test is repeatable
  built.report = Build(*loaded, **sink, options);
  if (built.report.ok() && !built.report->stopped) built.committed = (*sink)->Commit();
  return built;
}

std::vector<std::string> Column(const io::testing::ReadResult& table, const std::string& name) {
  std::vector<std::string> values;
  for (size_t c = 0; c < table.columns.size(); ++c) {
    if (table.columns[c] != name) continue;
    for (const auto& row : table.rows) values.push_back(row[c]);
  }
  return values;
}

TEST(Build, WritesEveryMappedTableFromItsSource) {
  TempDir dir;
  const std::string out = dir.path() + "/idb/";
  Built built = RunBuild(dir, MappingText(), out);
  ASSERT_TRUE(built.report.ok()) << built.report.status().message();
  ASSERT_TRUE(built.committed.ok()) << built.committed.message();

  auto source = io::OpenSource(out);
  ASSERT_TRUE(source.ok()) << source.status().message();
  auto header = ReadAll((*source)->Open("MHS000Header"));
  ASSERT_EQ(header.rows.size(), 1u);
  EXPECT_EQ(Column(header, "ReportingPeriodStartDate"), std::vector<std::string>{"2026-10-01"});
  EXPECT_EQ(Column(header, "ReportingPeriodEndDate"), std::vector<std::string>{"2026-10-31"});
  EXPECT_EQ(Column(header, "DateTimeDatSetCreate"),
            std::vector<std::string>{"2026-11-03T10:00:00"});

  auto mpi = ReadAll((*source)->Open("MHS001MPI"));
  ASSERT_TRUE(mpi.status.ok()) << mpi.status.message();
  // Every item of the table is a column, mapped or not.
  EXPECT_NE(std::find(mpi.columns.begin(), mpi.columns.end(), "Postcode"), mpi.columns.end());
  EXPECT_EQ(Column(mpi, "NHSNumber"), (std::vector<std::string>{"9990000018", "9990000026", ""}));
  EXPECT_EQ(Column(mpi, "NHSNumberStatus"), (std::vector<std::string>{"", "", "07"}));
  // P2's birth date is not DD/MM/YYYY: written blank, not guessed.
  EXPECT_EQ(Column(mpi, "PersonBirthDate"),
            (std::vector<std::string>{"1988-03-14", "", "2003-07-21"}));
  EXPECT_EQ(Column(mpi, "Gender"), (std::vector<std::string>{"1", "2", ""}));

  auto gp = ReadAll((*source)->Open("MHS002GP"));
  EXPECT_EQ(Column(gp, "GMPReg"), (std::vector<std::string>{"Y99001", "Y99002", "Y99003"}));
  EXPECT_EQ(Column(gp, "StartDateGMPRegistration"),
            (std::vector<std::string>{"2015-06-01", "2001-09-17", ""}));
}

TEST(Build, CountsFailuresPerItemAndNamesRowsButNeverValues) {
  TempDir dir;
  Built built = RunBuild(dir, MappingText(), dir.path() + "/idb/");
  ASSERT_TRUE(built.report.ok()) << built.report.status().message();
  const BuildReport& report = *built.report;
  EXPECT_EQ(report.failed_values, 2u);
  ASSERT_EQ(report.failures.size(), 2u);
  EXPECT_EQ(report.failures[0].item, "PersonBirthDate");
  EXPECT_EQ(report.failures[0].count, 1u);
  ASSERT_EQ(report.failures[0].examples.size(), 1u);
  EXPECT_EQ(report.failures[0].examples[0],
            "patients.csv line 3, column 'DOB': not a DD/MM/YYYY date");
  EXPECT_EQ(report.failures[1].item, "Gender");
  EXPECT_EQ(report.failures[1].examples[0],
            "patients.csv line 4, column 'sex': label not listed in code map 'MHS001MPI.Gender'");
  for (const ItemFailures& f : report.failures) {
    for (const std::string& e : f.examples) {
      EXPECT_EQ(e.find("1975"), std::string::npos) << e;
      EXPECT_EQ(e.find("Unknown"), std::string::npos) << e;
    }
  }
  ASSERT_GE(report.tables.size(), 2u);
  EXPECT_EQ(report.tables[1].table, "MHS001MPI");
  EXPECT_EQ(report.tables[1].rows_written, 3u);
}

TEST(Build, StopsWithoutWritingWhenFailuresReachTheLimit) {
  TempDir dir;
  const std::string out = dir.path() + "/idb/";
  Built built = RunBuild(dir, MappingText("[failures]\nstop_after = 1\n"), out);
  ASSERT_TRUE(built.report.ok()) << built.report.status().message();
  EXPECT_TRUE(built.report->stopped);
  EXPECT_EQ(built.report->failed_values, 1u);
  EXPECT_FALSE(std::filesystem::exists(dir.path() + "/idb"));
}

TEST(Build, SkipsRowsOutsideThePeriodBlankOnesAndRepeatedKeys) {
  TempDir dir;
  dir.Write("contacts.csv",
            "Ref,Pat,Referred,Appt\n"
            "R1,P1,01/10/2026,30/09/2026\n"
            "R1,P1,01/10/2026,02/10/2026\n"
            "R1,P1,01/10/2026,09/10/2026\n"
            "R2,,01/10/2026,10/10/2026\n"
            "R3,P2,05/10/2026,01/11/2026\n");
  const std::string text = MappingText() + R"(
[sources.contacts]
csv = "contacts.csv"
[tables.MHS101Referral]
source = "contacts"
distinct = true
skip_if_blank = ["Pat"]
within_period = "ReferralRequestReceivedDate"
[tables.MHS101Referral.items]
ServiceRequestID = "Ref"
LocalPatientID = "Pat"
ReferralRequestReceivedDate = { column = "Referred", date = "DD/MM/YYYY" }
[tables.MHS201CareContact]
source = "contacts"
within_period = "CareContDate"
[tables.MHS201CareContact.items]
CareContactID = { columns = ["Ref", "Appt"], separator = "-", remove = "/" }
ServiceRequestID = "Ref"
CareContDate = { column = "Appt", date = "DD/MM/YYYY" }
)";
  const std::string out = dir.path() + "/idb.sqlite";
  Built built = RunBuild(dir, text, out);
  ASSERT_TRUE(built.report.ok()) << built.report.status().message();
  ASSERT_TRUE(built.committed.ok()) << built.committed.message();
  auto source = io::OpenSource(out);
  ASSERT_TRUE(source.ok());
  auto referrals = ReadAll((*source)->Open("MHS101Referral"));
  // R1 once (distinct), R2 skipped (no patient).
  EXPECT_EQ(Column(referrals, "ServiceRequestID"), (std::vector<std::string>{"R1", "R3"}));
  auto contacts = ReadAll((*source)->Open("MHS201CareContact"));
  EXPECT_EQ(Column(contacts, "CareContactID"),
            (std::vector<std::string>{"R1-02102026", "R1-09102026", "R2-10102026"}));
  const TableBuilt* referral_counts = nullptr;
  for (const TableBuilt& t : built.report->tables) {
    if (t.table == "MHS101Referral") referral_counts = &t;
  }
  ASSERT_NE(referral_counts, nullptr);
  EXPECT_EQ(referral_counts->rows_read, 5u);
  EXPECT_EQ(referral_counts->skipped_blank, 1u);
  EXPECT_EQ(referral_counts->skipped_duplicate, 2u);
  EXPECT_EQ(referral_counts->rows_written, 2u);
}

TEST(Build, NamesEveryColumnTheSourceLacks) {
  TempDir dir;
  std::string text = MappingText();
  text.replace(text.find("\"Patient No\""), 12, "\"Patient Number\"");
  text.replace(text.find("column = \"DOB\""), 14, "column = \"Birth\"");
  Built built = RunBuild(dir, text, dir.path() + "/idb/");
  ASSERT_FALSE(built.report.ok());
  const std::string message = built.report.status().message();
  EXPECT_NE(message.find("mapping.toml:20:18: item MHS001MPI.LocalPatientID: column 'Patient "
                         "Number' is not in patients.csv"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("column 'Birth' is not in patients.csv"), std::string::npos) << message;
  EXPECT_NE(message.find("patients.csv has the columns 'Patient No', 'NHS No'"), std::string::npos)
      << message;
  EXPECT_FALSE(std::filesystem::exists(dir.path() + "/idb"));
}

}  // namespace
}  // namespace mhds::mapping
