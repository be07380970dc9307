#include <gtest/gtest.h>

#include "mhds/io/testing/temp_dir.h"
#include "mhds/mapping/mapping.h"

namespace mhds::mapping {
namespace {

using io::testing::TempDir;

constexpr const char* kGood = R"(spec = "mhsds/6.0"
period = "2026-10"
output = "out/"

[failures]
stop_after = 100

[sources.patients]
csv = "exports/patients.csv"

[sources.pas]
sqlite = "pas.sqlite"
query = "SELECT * FROM contacts"

[codes.attendance]
unmapped = "blank"
labels = { Attended = "5", "Did not attend" = "3" }

[tables.MHS001MPI]
source = "patients"
[tables.MHS001MPI.items]
LocalPatientID = "Patient No"
NHSNumber = { column = "NHS No", remove = " " }
PersonBirthDate = { column = "DOB", date = "DD/MM/YYYY" }
Gender = { column = "Sex", codes = { M = "1", F = "2" }, unmapped = "keep" }
OrgIDLocalPatientID = { value = "RX1" }
EthnicCategory = { column = "Ethnicity", default = "Z", pad = { width = 2, fill = " ", side = "right" } }
)";

TEST(ReadMapping, ReadsEveryKindOfEntry) {
  TempDir dir;
  auto mapping = ReadMapping(dir.Write("mapping.toml", kGood));
  ASSERT_TRUE(mapping.ok()) << mapping.status().message();
  EXPECT_EQ(mapping->spec, "mhsds/6.0");
  EXPECT_EQ(mapping->period, "2026-10");
  EXPECT_EQ(mapping->output, dir.path() + "/out/");
  EXPECT_EQ(mapping->failures.stop_after, 100u);
  ASSERT_EQ(mapping->sources.size(), 2u);
  EXPECT_EQ(mapping->sources[0].location, dir.path() + "/exports/patients.csv");
  EXPECT_EQ(mapping->sources[1].kind, SourceKind::kSqlite);
  ASSERT_EQ(mapping->tables.size(), 1u);
  const TableMapping& mpi = mapping->tables[0];
  ASSERT_EQ(mpi.items.size(), 6u);
  // Items come in file order.
  EXPECT_EQ(mpi.items[0].item, "LocalPatientID");
  EXPECT_EQ(mpi.items[0].columns, std::vector<std::string>{"Patient No"});
  EXPECT_EQ(mpi.items[0].position.line, 22u);
  EXPECT_EQ(mpi.items[1].transform.remove, " ");
  ASSERT_TRUE(mpi.items[2].transform.date.has_value());
  EXPECT_EQ(mpi.items[2].transform.date->text(), "DD/MM/YYYY");
  ASSERT_NE(mpi.items[3].transform.codes, nullptr);
  EXPECT_EQ(mpi.items[3].transform.codes->unmapped, Unmapped::kKeep);
  EXPECT_EQ(mpi.items[3].transform.codes->codes.at("m"), "1");
  EXPECT_EQ(mpi.items[4].value, "RX1");
  EXPECT_EQ(mpi.items[5].transform.default_value, "Z");
  EXPECT_EQ(mpi.items[5].transform.pad.width, 2u);
  EXPECT_FALSE(mpi.items[5].transform.pad.left);
}

struct ErrorCase {
  const char* name;
  std::string text;
  // Every line expected in the message, each "FILE:LINE:COLUMN: ..." with FILE left out.
  std::vector<std::string> expected;
};

TEST(ReadMapping, NamesLineAndColumnOfEveryProblem) {
  const std::string head = "spec = \"mhsds/6.0\"\nperiod = \"2026-10\"\n";
  const ErrorCase cases[] = {
      {"TOML syntax", head + "[tables.MHS001MPI\n", {":3:1: TOML syntax: "}},
      {"value missing", head + "output = \n", {":3:10: TOML syntax: "}},
      {"unknown top key",
       head + "outptu = \"x\"\n[tables.MHS000Header.items]\nDatSetVer = { value = \"6.0\" }\n",
       {":3:10: top level: unknown key 'outptu'; expected one of spec, period"}},
      {"bad period",
       "spec = \"x\"\nperiod = \"Oct 2026\"\n",
       {":2:10: 'period' is not a reporting month; expected CCYY-MM"}},
      {"no spec, no period",
       "[tables.MHS000Header.items]\nDatSetVer = { value = \"6.0\" }\n",
       {":1:1: no 'spec'", ":1:1: no 'period'"}},
      {"two problems in one item",
       head + "[tables.MHS001MPI]\nsource = \"p\"\n[tables.MHS001MPI.items]\n"
              "PersonBirthDate = { column = \"DOB\", date = \"DD/MM/YYY\", trim = \"yes\" }\n",
       {":6:44: item MHS001MPI.PersonBirthDate: date pattern \"DD/MM/YYY\": 'YYY' at character 7",
        ":6:64: item MHS001MPI.PersonBirthDate: 'trim' is a string; expected true or false"}},
      {"unknown item key",
       head + "[tables.MHS001MPI.items]\nGender = { colum = \"Sex\" }\n",
       {":4:20: item MHS001MPI.Gender: unknown key 'colum'",
        ":4:10: item MHS001MPI.Gender: expected exactly one of column"}},
      {"codes reference unknown",
       head +
           "[tables.MHS201CareContact.items]\nAttendStatus = { column = \"A\", codes = \"att\" }\n",
       {":4:40: item MHS201CareContact.AttendStatus: codes = \"att\" names no [codes.att]"}},
      {"bad unmapped",
       head + "[codes.att]\nunmapped = \"drop\"\nlabels = { A = \"1\" }\n"
              "[tables.MHS000Header.items]\nDatSetVer = { value = \"6.0\" }\n",
       {":4:12: [codes.att]: unmapped = \"drop\"; expected \"error\", \"blank\" or \"keep\""}},
      {"two source kinds",
       head + "[sources.p]\ncsv = \"a.csv\"\nsqlite = \"b.db\"\ntable = \"t\"\n"
              "[tables.MHS000Header.items]\nDatSetVer = { value = \"6.0\" }\n",
       {":3:1: [sources.p] gives 2 kinds of source"}},
      {"nesting deep enough to exhaust the stack",
       head + "# [[[[\nx = \"{{{{\"\na = " + std::string(100000, '[') + "\n",
       {":5:37: arrays or inline tables nested more than 32 deep"}},
      {"pad width",
       head + "[tables.MHS001MPI.items]\nGender = { column = \"S\", pad = 1000 }\n",
       {":4:32: item MHS001MPI.Gender: pad width out of range; expected 1 to 255"}},
  };
  for (const ErrorCase& c : cases) {
    SCOPED_TRACE(c.name);
    TempDir dir;
    const std::string file = dir.Write("m.toml", c.text);
    auto mapping = ReadMapping(file);
    ASSERT_FALSE(mapping.ok());
    EXPECT_EQ(mapping.status().code(), StatusCode::kDataError);
    const std::string message = mapping.status().message();
    for (const std::string& e : c.expected) {
      EXPECT_NE(message.find(file + e), std::string::npos) << "want " << e << "\ngot " << message;
    }
  }
}

TEST(ReadMapping, SaysWhenTheFileIsMissing) {
  auto mapping = ReadMapping("/nonexistent/mapping.toml");
  ASSERT_FALSE(mapping.ok());
  EXPECT_EQ(mapping.status().code(), StatusCode::kNotFound);
}

std::string SpecsRoot() { return std::string(MHDS_SOURCE_DIR) + "/specs"; }

TEST(LoadMapping, ResolvesNamesAgainstTheSpec) {
  TempDir dir;
  auto loaded = LoadMapping(dir.Write("m.toml", kGood), SpecsRoot());
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  const TableMapping& mpi = loaded->mapping.tables[0];
  const spec::Table& table = loaded->spec.tables[mpi.table_index];
  EXPECT_EQ(table.idb_name, "MHS001MPI");
  EXPECT_EQ(table.items[mpi.items[2].item_index].short_name, "PersonBirthDate");
  EXPECT_EQ(mpi.items[2].transform.date_output, spec::ValueType::kDate);
  EXPECT_EQ(mpi.items[2].transform.latest_year, 2026);
}

TEST(LoadMapping, NamesLineAndColumnOfEveryNameThatDoesNotFitTheSpec) {
  TempDir dir;
  const std::string file = dir.Write("m.toml", R"(spec = "mhsds/6.0"
period = "2026-10"
[sources.p]
csv = "p.csv"
[tables.MHS999Nothing.items]
X = "x"
[tables.MHS001MPI]
source = "q"
[tables.MHS001MPI.items]
LocalPatientId = "id"
Gendr = "sex"
Gender = { column = "sex", date = "DD/MM/YYYY" }
PersonBirthDate = { column = "dob", date = "hh:mm" }
[tables.MHS000Header.items]
DatSetVer = { value = "{today}" }
OrgIDProvider = { column = "org" }
)");
  auto loaded = LoadMapping(file, SpecsRoot());
  ASSERT_FALSE(loaded.ok());
  const std::string message = loaded.status().message();
  for (const char* expected : {
           ":5:1: [tables.MHS999Nothing]: MHSDS 6.0 has no table 'MHS999Nothing'",
           ":7:1: [tables.MHS001MPI]: source 'q' is not defined",
           ":11:9: item MHS001MPI.Gendr: MHS001MPI has no item 'Gendr'",
           ":12:10: item MHS001MPI.Gender: 'date' on an item of type text",
           ":13:19: item MHS001MPI.PersonBirthDate: date pattern \"hh:mm\" lacks the date",
           ":15:13: item MHS000Header.DatSetVer: value \"{today}\" is not a known token",
           ":16:17: item MHS000Header.OrgIDProvider: names a column but the table has no "
           "'source'",
       }) {
    EXPECT_NE(message.find(file + expected), std::string::npos)
        << "want " << expected << "\ngot " << message;
  }
  // Item names match ignoring case, as IDB columns do.
  EXPECT_EQ(message.find("LocalPatientId"), std::string::npos) << message;
}

}  // namespace
}  // namespace mhds::mapping
