#include "mhds/mapping/conformance.h"

#include <gtest/gtest.h>

#include "mhds/base/csv_document.h"
#include "mhds/io/testing/temp_dir.h"
#include "mhds/mapping/conformance_report.h"

namespace mhds::mapping {
namespace {

using io::testing::TempDir;

// MPI and referrals only, the referral without its patient; the constant's cell holds quotes, so
// the CSV must quote it.
constexpr const char* kPartial = R"(spec = "mhsds/6.0"
period = "2026-10"
[sources.pas]
csv = "pas.csv"
[tables.MHS001MPI]
source = "pas"
[tables.MHS001MPI.items]
LocalPatientID = "id"
OrgIDLocalPatientID = { value = "=RX1" }
NHSNumber = { columns = ["a", "b"] }
[tables.MHS101Referral]
source = "pas"
[tables.MHS101Referral.items]
ServiceRequestID = "ref"
ReferralRequestReceivedDate = { column = "received", date = "DD/MM/YYYY" }
OrgIDComm = { value = "99X00" }
)";

struct Fixture {
  TempDir dir;
  Result<LoadedMapping> loaded = Status::Internal("not loaded");
  std::vector<TableConformance> tables;

  Fixture() {
    loaded = LoadMapping(dir.Write("m.toml", kPartial), std::string(MHDS_SOURCE_DIR) + "/specs");
    if (loaded.ok()) tables = CheckConformance(loaded->mapping, loaded->spec);
  }
  const TableConformance& Table(const std::string& name) const {
    return tables[loaded->spec.FindTable(name)];
  }
  const ItemConformance& Item(const std::string& table, const std::string& item) const {
    const TableConformance& tc = Table(table);
    return tc.items[loaded->spec.tables[tc.table].FindItem(item)];
  }
};

bool HasCost(const std::vector<MissingCost>& costs, const std::string& code, spec::Level level) {
  for (const MissingCost& c : costs) {
    if (c.code == code && c.level == level) return true;
  }
  return false;
}

TEST(Conformance, SaysHowEachItemIsFedAndCountsByMandation) {
  Fixture f;
  ASSERT_TRUE(f.loaded.ok()) << f.loaded.status().message();
  ASSERT_EQ(f.tables.size(), f.loaded->spec.tables.size());
  EXPECT_EQ(f.Item("MHS001MPI", "LocalPatientID").feed, Feed::kColumn);
  EXPECT_EQ(f.Item("MHS001MPI", "LocalPatientID").fed_by, "column 'id' of pas");
  EXPECT_EQ(f.Item("MHS001MPI", "NHSNumber").fed_by, "columns 'a' + 'b' of pas");
  EXPECT_EQ(f.Item("MHS001MPI", "OrgIDLocalPatientID").feed, Feed::kConstant);
  EXPECT_EQ(f.Item("MHS001MPI", "Postcode").feed, Feed::kNothing);
  const TableConformance& mpi = f.Table("MHS001MPI");
  EXPECT_TRUE(mpi.mapped);
  EXPECT_EQ(mpi.mandatory, 2);  // LocalPatientID, OrgIDLocalPatientID
  EXPECT_EQ(mpi.mandatory_mapped, 2);
  EXPECT_EQ(mpi.required_mapped, 1);  // NHSNumber
  const TableConformance& referral = f.Table("MHS101Referral");
  EXPECT_EQ(referral.mandatory, 4);
  EXPECT_EQ(referral.mandatory_mapped, 3);
}

TEST(Conformance, NamesTheRulesAMissingItemOrTableWouldTrigger) {
  Fixture f;
  ASSERT_TRUE(f.loaded.ok()) << f.loaded.status().message();
  // The referral's patient: blank is a record rejection, and no MPI row can be found for it.
  const auto& patient = f.Item("MHS101Referral", "LocalPatientID").if_missing;
  EXPECT_TRUE(HasCost(patient, "MHS10106", spec::Level::kRecord));
  EXPECT_TRUE(HasCost(patient, "MHS10101", spec::Level::kGroup));
  // Postcode is Required: a warning, not a rejection.
  const auto& postcode = f.Item("MHS001MPI", "Postcode").if_missing;
  ASSERT_EQ(postcode.size(), 1u);
  EXPECT_EQ(postcode[0].code, "MHS00123");
  EXPECT_EQ(CostSeverity(postcode[0]), "warning");
  // A mandatory table left out rejects the file, and the MPI rows needing it.
  const auto& gp = f.Table("MHS002GP");
  EXPECT_FALSE(gp.mapped);
  EXPECT_TRUE(HasCost(gp.if_missing, "MHS00145", spec::Level::kGroup));
  bool file_level = false;
  for (const MissingCost& c : gp.if_missing) file_level |= c.level == spec::Level::kFile;
  EXPECT_TRUE(file_level);
  // Tables that are not sent cost nothing through their own rules.
  for (const MissingCost& c : f.Item("MHS001MPI", "LocalPatientID").if_missing) {
    EXPECT_NE(c.code, "MHS00310") << "MHS003 is not mapped, its rules never run";
  }
}

TEST(Conformance, WritesOneEscapedCsvRowPerItemOfTheDataSet) {
  Fixture f;
  ASSERT_TRUE(f.loaded.ok()) << f.loaded.status().message();
  auto csv = CsvDocument::Parse(ConformanceCsv(f.tables, f.loaded->spec), "conformance.csv");
  ASSERT_TRUE(csv.ok()) << csv.status().message();
  size_t items = 0;
  for (const spec::Table& t : f.loaded->spec.tables) items += t.items.size();
  EXPECT_EQ(csv->rows().size(), items);
  const int fed_by = csv->ColumnIndex("fed_by");
  const int worst = csv->ColumnIndex("worst");
  ASSERT_GE(fed_by, 0);
  ASSERT_GE(worst, 0);
  bool escaped = false, rejected = false;
  for (const auto& row : csv->rows()) {
    escaped |= row.fields[fed_by] == "constant \"=RX1\"";
    rejected |= row.fields[worst] == "reject";
  }
  EXPECT_TRUE(escaped);
  EXPECT_TRUE(rejected);
  const ConformanceTotals totals = SumConformance(f.tables, f.loaded->spec);
  EXPECT_EQ(totals.tables_mapped, 2);
  EXPECT_EQ(totals.mandatory_tables_mapped, 2);
  EXPECT_EQ(totals.mandatory_tables, 4);
}

}  // namespace
}  // namespace mhds::mapping
