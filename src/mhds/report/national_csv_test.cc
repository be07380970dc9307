// The four national feedback files of the sample result, byte for byte.
#include "mhds/report/national_csv.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "mhds/io/testing/temp_dir.h"
#include "mhds/report/testing/sample_result.h"

namespace mhds::report {
namespace {

using testing::RejectedResult;
using testing::SampleResult;
using testing::SampleSpec;

constexpr std::string_view kHeader =
    "REPORT_TYPE,DESCRIPTION,CODE,NUMERATOR,DENOMINATOR,"
    "DATA_ITEM1,DATA_VALUE1,DATA_ITEM2,DATA_VALUE2,DATA_ITEM3,DATA_VALUE3,DATA_ITEM4,DATA_VALUE4,"
    "DATA_ITEM5,DATA_VALUE5,DATA_ITEM6,DATA_VALUE6,DATA_ITEM7,DATA_VALUE7,DATA_ITEM8,DATA_VALUE8,"
    "DATA_ITEM9,DATA_VALUE9,DATA_ITEM10,DATA_VALUE10\r\n";

// One expected row: `cells` as written in the file, then empty cells up to the 25 columns.
std::string Row(std::vector<std::string> cells) {
  cells.resize(25);
  std::string row;
  for (size_t i = 0; i < cells.size(); ++i) row += (i == 0 ? "" : ",") + cells[i];
  return row + "\r\n";
}

TEST(ValidationsCsv, HasOneRowPerRejectingFindingWithKeysThenTheFaultyItem) {
  const spec::Spec spec = SampleSpec();
  EXPECT_EQ(ValidationsCsv(spec, SampleResult(spec)),
            std::string(kHeader) +
                Row({"Validation Failures",
                     "\"ReferralRequestReceivedDate '=SUM(A1)' is not a date, e.g. 2026-10-01\"",
                     "MHS10113", "1", "", "[M101001]ServiceRequestID", "SR4",
                     "[M101003]ReferralRequestReceivedDate", "'=SUM(A1)"}) +
                Row({"Validation Failures", "No accepted MHS101Referral for ServiceRequestID SR4",
                     "MHS20142", "1", "", "[M201001]CareContactId", "CC7",
                     "[M201002]ServiceRequestID", "SR4"}));
}

TEST(ValidationsCsv, WritesAFileRejectionWithoutDataItems) {
  const spec::Spec spec = SampleSpec();
  EXPECT_EQ(
      ValidationsCsv(spec, RejectedResult(spec)),
      std::string(kHeader) + Row({"Validation Failures", "The header table MHS000Header is missing",
                                  "MHS00019", "1", ""}));
}

TEST(ValidationsCsv, DoesNotRepeatAFaultyItemThatIsAKey) {
  const spec::Spec spec = SampleSpec();
  validate::ValidationResult result = SampleResult(spec);
  result.findings.resize(1);
  result.findings[0].item = 0;  // ServiceRequestID, the key
  result.findings[0].value = "SR4";
  result.findings[0].message = "ServiceRequestID is wrong";
  EXPECT_EQ(ValidationsCsv(spec, result),
            std::string(kHeader) + Row({"Validation Failures", "ServiceRequestID is wrong",
                                        "MHS10113", "1", "", "[M101001]ServiceRequestID", "SR4"}));
}

TEST(DataQualityCsv, HasOneRowPerWarningWithTheNationalPrefixes) {
  const spec::Spec spec = SampleSpec();
  EXPECT_EQ(DataQualityCsv(spec, SampleResult(spec)),
            std::string(kHeader) +
                Row({"Data Quality Issues", "\"Warning - CareContDate is odd, \"\"quoted\"\"\"",
                     "MHS20150", "1", "", "[M201001]CareContactId", "CC2", "[M201003]CareContDate",
                     "\"<script>alert(\"\"x\"\")</script>\""}) +
                Row({"Data Quality Issues", "Warning - Severity 1 - CareContDate before referral",
                     "MHS20160", "1", "", "[M201001]CareContactId", "CC3", "[M201003]CareContDate",
                     "'-2"}));
}

TEST(DiagnosticsCsv, HasRowsRejectedOverRowsReceivedForEveryTable) {
  const spec::Spec spec = SampleSpec();
  EXPECT_EQ(DiagnosticsCsv(spec, SampleResult(spec)),
            std::string(kHeader) +
                Row({"Diagnostic", "Rows rejected in MHS000Header", "MHS000DAG", "0", "1"}) +
                Row({"Diagnostic", "Rows rejected in MHS101Referral", "MHS101DAG", "1", "10"}) +
                Row({"Diagnostic", "Rows rejected in MHS201CareContact", "MHS201DAG", "1", "30"}));
}

TEST(AggregationCsv, HasAcceptedRowsForEveryTablePresent) {
  const spec::Spec spec = SampleSpec();
  validate::ValidationResult result = SampleResult(spec);
  result.tables[2].present = false;
  EXPECT_EQ(AggregationCsv(spec, result),
            std::string(kHeader) +
                Row({"Aggregation", "Total MHS000 Pre-deadline Processing Row Count", "MHSARV000",
                     "1", ""}) +
                Row({"Aggregation", "Total MHS101 Pre-deadline Processing Row Count", "MHSARV101",
                     "9", ""}));
  EXPECT_EQ(AggregationCsv(spec, RejectedResult(spec)), kHeader);
}

TEST(AggregationCode, PutsArvBetweenTheLettersAndTheTableNumber) {
  EXPECT_EQ(AggregationCode("MHS101"), "MHSARV101");
  EXPECT_EQ(AggregationCode("IDS201"), "IDSARV201");
  EXPECT_EQ(AggregationCode("CYP001"), "CYPARV001");
  EXPECT_EQ(AggregationCode("XYZ"), "XYZARV");
}

TEST(WriteNationalCsv, WritesTheFourFilesIntoANewFolder) {
  io::testing::TempDir dir;
  const spec::Spec spec = SampleSpec();
  const validate::ValidationResult result = SampleResult(spec);
  const std::filesystem::path out = std::filesystem::path(dir.path()) / "feedback";
  ASSERT_TRUE(WriteNationalCsv(spec, result, out).ok());
  for (const char* name :
       {"validations.csv", "data_quality.csv", "diagnostics.csv", "aggregation.csv"}) {
    std::ifstream in(out / name, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    EXPECT_EQ(text.str().substr(0, kHeader.size()), kHeader) << name;
  }
  std::ifstream in(out / "validations.csv", std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str(), ValidationsCsv(spec, result));
}

}  // namespace
}  // namespace mhds::report
