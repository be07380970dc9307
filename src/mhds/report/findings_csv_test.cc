// findings.csv and root_causes.csv of the sample result, byte for byte.
#include "mhds/report/findings_csv.h"

#include <gtest/gtest.h>

#include "mhds/report/testing/sample_result.h"

namespace mhds::report {
namespace {

using testing::RejectedResult;
using testing::SampleResult;
using testing::SampleSpec;

TEST(FindingsCsv, HasOneRowPerFindingWithItsRoot) {
  const spec::Spec spec = SampleSpec();
  EXPECT_EQ(FindingsCsv(spec, SampleResult(spec)),
            "id,code,level,severity,table,row,line,keys,item,value,message,cause,root\r\n"
            "1,MHS10113,record,rejected,MHS101Referral,4,5,ServiceRequestID=SR4,"
            "ReferralRequestReceivedDate,'=SUM(A1),"
            "\"ReferralRequestReceivedDate '=SUM(A1)' is not a date, e.g. 2026-10-01\",,1\r\n"
            "2,MHS20142,group,rejected,MHS201CareContact,7,8,CareContactId=CC7,ServiceRequestID,"
            "SR4,No accepted MHS101Referral for ServiceRequestID SR4,1,1\r\n"
            "3,MHS20150,record,warning,MHS201CareContact,2,3,CareContactId=CC2,CareContDate,"
            "\"<script>alert(\"\"x\"\")</script>\",\"CareContDate is odd, \"\"quoted\"\"\",,3\r\n"
            "4,MHS20160,record,warning1,MHS201CareContact,3,4,CareContactId=CC3,CareContDate,"
            "'-2,CareContDate before referral,,4\r\n");
}

TEST(FindingsCsv, LeavesTheWhereOfAFileFindingBlank) {
  const spec::Spec spec = SampleSpec();
  EXPECT_EQ(FindingsCsv(spec, RejectedResult(spec)),
            "id,code,level,severity,table,row,line,keys,item,value,message,cause,root\r\n"
            "1,MHS00019,file,rejected,,,,,,,The header table MHS000Header is missing,,1\r\n");
}

TEST(FindingsCsv, FollowsACascadeToItsRoot) {
  const spec::Spec spec = SampleSpec();
  validate::ValidationResult result = SampleResult(spec);
  result.findings[3].cause = 2;  // 4 <- 2 <- 1
  const std::string csv = FindingsCsv(spec, result);
  EXPECT_NE(csv.find("before referral,2,1\r\n"), std::string::npos) << csv;
}

TEST(RootCausesCsv, RanksRootCausesWithTheirCascade) {
  const spec::Spec spec = SampleSpec();
  validate::ValidationResult result = SampleResult(spec);
  validate::RootCause second;
  second.finding = 2;
  second.rows_rejected = 3;
  second.rows_restored = 1;
  second.by_table = {{2, 3}};
  result.root_causes.push_back(second);
  EXPECT_EQ(RootCausesCsv(spec, result),
            "rank,finding,code,table,row,keys,message,rows_rejected,rows_restored,cascade\r\n"
            "1,1,MHS10113,MHS101Referral,4,ServiceRequestID=SR4,"
            "\"ReferralRequestReceivedDate '=SUM(A1)' is not a date, e.g. 2026-10-01\",2,2,"
            "MHS101Referral=1; MHS201CareContact=1\r\n"
            "2,2,MHS20142,MHS201CareContact,7,CareContactId=CC7,"
            "No accepted MHS101Referral for ServiceRequestID SR4,3,1,MHS201CareContact=3\r\n");
}

TEST(RootCausesCsv, IsOnlyTheHeaderWhenNothingCascades) {
  const spec::Spec spec = SampleSpec();
  EXPECT_EQ(RootCausesCsv(spec, RejectedResult(spec)),
            "rank,finding,code,table,row,keys,message,rows_rejected,rows_restored,cascade\r\n");
}

}  // namespace
}  // namespace mhds::report
