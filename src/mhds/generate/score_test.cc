#include "mhds/generate/score.h"

#include <gtest/gtest.h>

namespace mhds::generate {
namespace {

// One referral rejected by a compare rule, taking two care contacts with it.
Expected OneDefect() {
  Expected e;
  ExpectedDefect d;
  d.code = "MHS10113";
  d.severity = "rejected";
  d.table = "MHS101Referral";
  d.rows = {4};
  d.cascade = {{"MHS101Referral", 1}, {"MHS201CareContact", 2}};
  e.defects.push_back(d);
  return e;
}

std::string Report(const std::string& findings, const std::string& by_table) {
  return R"({"status":"accepted","root_causes":[{"finding":1,"code":"MHS10113",)"
         R"("rows_rejected":3,"rows_restored":3,"by_table":)" +
         by_table + R"(}],"findings":[)" + findings + "]}";
}

const std::string kRoot =
    R"({"id":1,"code":"MHS10113","table":"MHS101Referral","row":4,"cause":null})";
const std::string kCascade =
    R"({"id":2,"code":"MHS20142","table":"MHS201CareContact","row":7,"cause":1},)"
    R"({"id":3,"code":"MHS20142","table":"MHS201CareContact","row":8,"cause":1})";
const std::string kRightCascade = R"({"MHS101Referral":1,"MHS201CareContact":2})";

TEST(Score, IsPerfectWhenEveryDefectIsFoundWithItsCascadeAndNothingElse) {
  auto s = Score(Report(kRoot + "," + kCascade, kRightCascade), "r.json", OneDefect());
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_TRUE(s->perfect());
  EXPECT_EQ(s->found, 1u);
  EXPECT_EQ(s->cascade_rows_matched, 3u);
  EXPECT_DOUBLE_EQ(s->precision, 1.0);
  EXPECT_DOUBLE_EQ(s->recall, 1.0);
}

TEST(Score, CountsAMissedDefect) {
  auto s = Score(Report("", "{}"), "r.json", OneDefect());
  ASSERT_TRUE(s.ok());
  EXPECT_FALSE(s->perfect());
  EXPECT_EQ(s->missed, 1u);
  EXPECT_DOUBLE_EQ(s->recall, 0.0);
  ASSERT_EQ(s->by_code.size(), 1u);
  EXPECT_EQ(s->by_code[0].missed, 1u);
}

TEST(Score, CountsARootFindingNobodyPlantedButNotCascadedOnes) {
  const std::string extra =
      R"({"id":4,"code":"MHS00131","table":"MHS001MPI","row":2,"cause":null})";
  auto s =
      Score(Report(kRoot + "," + kCascade + "," + extra, kRightCascade), "r.json", OneDefect());
  ASSERT_TRUE(s.ok());
  EXPECT_FALSE(s->perfect());
  EXPECT_EQ(s->unexpected, 1u);
  EXPECT_DOUBLE_EQ(s->precision, 0.5);
  EXPECT_DOUBLE_EQ(s->recall, 1.0);
}

TEST(Score, AWrongCascadeIsNotPerfect) {
  auto s = Score(Report(kRoot + "," + kCascade, R"({"MHS101Referral":1})"), "r.json", OneDefect());
  ASSERT_TRUE(s.ok());
  EXPECT_FALSE(s->perfect());
  EXPECT_EQ(s->cascades_wrong, 1u);
  EXPECT_EQ(s->found, 1u);
}

TEST(Score, AnExpectedWarningIsNotUnexpected) {
  Expected e;
  e.expected_warnings.emplace_back("MHS00131", "MHS001MPI", 2);
  auto s =
      Score(Report(R"({"id":1,"code":"MHS00131","table":"MHS001MPI","row":2,"cause":null})", "{}"),
            "r.json", e);
  ASSERT_TRUE(s.ok());
  EXPECT_TRUE(s->perfect());
}

TEST(Score, RejectsSomethingThatIsNotAReport) {
  EXPECT_EQ(Score("[1,2]", "r.json", OneDefect()).status().code(), StatusCode::kDataError);
  EXPECT_EQ(Score("{\"findings\":[{\"id\":\"x\"}]}", "r.json", OneDefect()).status().code(),
            StatusCode::kDataError);
}

TEST(ExpectedJson, RoundTrips) {
  Expected e = OneDefect();
  e.data_set = "MHSDS";
  e.version = "6.0";
  e.period = "2026-10";
  e.defects[0].keys = {{{"ServiceRequestID", "SR4"}}};
  auto back = ParseExpected(ExpectedToJson(e), "expected.json");
  ASSERT_TRUE(back.ok()) << back.status().message();
  ASSERT_EQ(back->defects.size(), 1u);
  EXPECT_EQ(back->defects[0].code, "MHS10113");
  EXPECT_EQ(back->defects[0].rows, std::vector<uint64_t>{4});
  EXPECT_EQ(back->defects[0].cascade, e.defects[0].cascade);
}

}  // namespace
}  // namespace mhds::generate
