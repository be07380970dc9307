#include "mhds/serve/findings_comparison.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

namespace mhds::serve {
namespace {

constexpr char kHeader[] =
    "id,code,level,severity,table,row,line,keys,item,value,message,cause,root\n";

class FindingsComparisonTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = ::testing::TempDir() + "mhds_compare_XXXXXX";
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path Write(const std::string& name, const std::string& rows) {
    std::ofstream(dir_ / name) << kHeader << rows;
    return dir_ / name;
  }
  std::filesystem::path dir_;
};

TEST_F(FindingsComparisonTest, MatchesFindingsByCodeTableKeysAndItemNotByRow) {
  auto before = Write("before.csv",
                      "1,MHS10113,record,rejected,MHS101Referral,1,2,ServiceRequestID=SR1,"
                      "SourceOfReferralMH,Q9,bad code,,1\n"
                      "2,MHS10113,record,rejected,MHS101Referral,2,3,ServiceRequestID=SR2,"
                      "SourceOfReferralMH,Q8,bad code,,2\n"
                      "3,MHS00104,file,warning,MHS000Header,,,,,,header warning,,3\n");
  // SR1 moved to row 5 with another wrong value: unchanged. SR2 fixed. SR3 new. The file-level
  // warning stays (matched on its message).
  auto after = Write("after.csv",
                     "1,MHS00104,file,warning,MHS000Header,,,,,,header warning,,1\n"
                     "2,MHS10113,record,rejected,MHS101Referral,5,6,ServiceRequestID=SR1,"
                     "SourceOfReferralMH,Q7,bad code,,2\n"
                     "3,MHS10113,record,rejected,MHS101Referral,6,7,ServiceRequestID=SR3,"
                     "SourceOfReferralMH,Q6,bad code,,3\n");
  auto c = CompareFindings(before, after);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->fixed, 1);
  EXPECT_EQ(c->added, 1);
  EXPECT_EQ(c->unchanged, 2);
  ASSERT_EQ(c->rules.size(), 2u);
  const RuleComparison& header = c->rules[0];
  EXPECT_EQ(header.code, "MHS00104");
  EXPECT_EQ(header.unchanged, 1);
  const RuleComparison& referral = c->rules[1];
  EXPECT_EQ(referral.code, "MHS10113");
  EXPECT_EQ(referral.severity, "rejected");
  EXPECT_EQ(referral.before, 2);
  EXPECT_EQ(referral.after, 2);
  ASSERT_EQ(referral.fixed_examples.size(), 1u);
  EXPECT_EQ(referral.fixed_examples[0].keys, "ServiceRequestID=SR2");
  ASSERT_EQ(referral.added_examples.size(), 1u);
  EXPECT_EQ(referral.added_examples[0].keys, "ServiceRequestID=SR3");
  EXPECT_EQ(referral.added_examples[0].value, "Q6");
}

TEST_F(FindingsComparisonTest, MatchesDuplicatesOneForOne) {
  std::string row = "MHS10113,record,rejected,MHS101Referral,1,2,ServiceRequestID=SR1,X,v,m,,1\n";
  auto before = Write("before.csv", "1," + row + "2," + row + "3," + row);
  auto after = Write("after.csv", "1," + row);
  auto c = CompareFindings(before, after);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->unchanged, 1);
  EXPECT_EQ(c->fixed, 2);
  EXPECT_EQ(c->added, 0);
  auto reverse = CompareFindings(after, before);
  ASSERT_TRUE(reverse.ok());
  EXPECT_EQ(reverse->added, 2);
  EXPECT_EQ(reverse->fixed, 0);
}

TEST_F(FindingsComparisonTest, RefusesWhatIsNotAFindingsFile) {
  std::ofstream(dir_ / "other.csv") << "a,b\n1,2\n";
  auto good = Write("good.csv", "");
  auto c = CompareFindings(dir_ / "other.csv", good);
  EXPECT_EQ(c.status().code(), StatusCode::kDataError);
  EXPECT_NE(c.status().message().find("no column 'code'"), std::string::npos)
      << c.status().message();
  EXPECT_EQ(CompareFindings(dir_ / "missing.csv", good).status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace mhds::serve
