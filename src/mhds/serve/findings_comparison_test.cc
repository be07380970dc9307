#include "mhds/serve/findings_comparison.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <map>
#include <set>

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

// Many findings, with repeats and quoted fields, against a plain count of the same multisets: the
// streamed comparison keeps only digests and must still match every one.
TEST_F(FindingsComparisonTest, AgreesWithAPlainCountOnManyRepeatedFindings) {
  auto make = [](int n, int seed) {
    std::string rows;
    std::map<std::string, std::map<std::string, int64_t>> per_code;  // code -> identity -> count
    uint32_t x = static_cast<uint32_t>(seed);
    for (int i = 0; i < n; ++i) {
      x = x * 1103515245u + 12345u;
      std::string code = "MHS" + std::to_string(10100 + (x >> 8) % 7);
      std::string keys = "\"ServiceRequestID=SR" + std::to_string((x >> 12) % 300) + ", x\"";
      rows += std::to_string(i) + "," + code + ",record,rejected,MHS101Referral," +
              std::to_string(i) + ",1," + keys + ",Item,v,\"m, \"\"q\"\"\",,\n";
      ++per_code[code][keys];
    }
    return std::make_pair(rows, per_code);
  };
  auto [before_rows, before] = make(5000, 1);
  auto [after_rows, after] = make(4000, 2);
  auto c = CompareFindings(Write("b.csv", before_rows), Write("a.csv", after_rows));
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  int64_t fixed = 0, added = 0, unchanged = 0;
  std::map<std::string, const RuleComparison*> rules;
  for (const RuleComparison& r : c->rules) rules[r.code] = &r;
  std::set<std::string> codes;
  for (const auto& [code, ids] : before) codes.insert(code);
  for (const auto& [code, ids] : after) codes.insert(code);
  ASSERT_EQ(rules.size(), codes.size());
  for (const std::string& code : codes) {
    int64_t f = 0, a = 0, u = 0;
    std::set<std::string> keys;
    for (const auto& [k, n] : before[code]) keys.insert(k);
    for (const auto& [k, n] : after[code]) keys.insert(k);
    for (const std::string& k : keys) {
      int64_t b = before[code][k], l = after[code][k];
      u += std::min(b, l);
      f += b - std::min(b, l);
      a += l - std::min(b, l);
    }
    ASSERT_TRUE(rules.count(code)) << code;
    EXPECT_EQ(rules[code]->fixed, f) << code;
    EXPECT_EQ(rules[code]->added, a) << code;
    EXPECT_EQ(rules[code]->unchanged, u) << code;
    EXPECT_EQ(rules[code]->fixed_examples.size(), std::min<size_t>(kComparisonExamples, f));
    fixed += f;
    added += a;
    unchanged += u;
  }
  EXPECT_EQ(c->fixed, fixed);
  EXPECT_EQ(c->added, added);
  EXPECT_EQ(c->unchanged, unchanged);
  EXPECT_GT(unchanged, 0);
  EXPECT_GT(fixed, 0);
  EXPECT_GT(added, 0);
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
