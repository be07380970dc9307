// The record checks look at seldom-populated columns four at a time once enough rows have been
// checked (RecordChecker::SettleColumnLists): a bad value in such a column must be reported on
// every row it occurs, before and after that point, and only there.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "mhds/base/calendar.h"
#include "mhds/io/table_source.h"
#include "mhds/io/testing/temp_dir.h"
#include "mhds/spec/spec.h"
#include "mhds/validate/testing/mini_submission.h"
#include "mhds/validate/validator.h"

namespace mhds::validate {
namespace {

const std::filesystem::path kRareSource = MHDS_SOURCE_DIR;
constexpr int kRareItems = 6;
constexpr int kContacts = 3000;

// The mini spec plus six optional two-character items on T04 (contacts), each with a format rule
// TST0049<i>.
std::filesystem::path RareSpec() {
  std::filesystem::path dir = io::testing::ProcessTempPath("rare_spec");
  std::filesystem::remove_all(dir);
  std::filesystem::copy(kRareSource / "tests/specs/mini", dir);
  std::ofstream items(dir / "items.csv", std::ios::app);
  std::ofstream rules(dir / "rules.csv", std::ios::app);
  for (int i = 0; i < kRareItems; ++i) {
    const std::string n = std::to_string(i);
    items << "T04,X00409" << n << ",Rare" << n << ",Rare " << n << ",an2,text,O,,,test\n";
    rules << "TST0049" << n << ",T04,Rare" << n
          << ",record,reject,format,,{item} '{value}' is not {format}.,etos\n";
  }
  return dir;
}

// Row (1-based data row of T04) -> (rare item, value) for the few populated rare values.
struct Planted {
  uint64_t row;
  int item;
  std::string value;
  bool bad;
};

TEST(RareColumns, BadValuesAreReportedBeforeAndAfterTheColumnsAreGroupedInFours) {
  const std::vector<Planted> planted = {
      {5, 2, "xxx", true},
      {40, 0, "ok", false},
      {1500, 3, "long", true},
      {1501, 3, "ok", false},
      {2000, 0, "bad", true},
      {2000, 5, "worse", true},
      {2500, 4, "\xC3\xA9\xC3\xA9x", true},
      {2999, 1, "ok", false},
      {3000, 1, "toolong", true},
  };
  auto spec = spec::LoadSpec(RareSpec());
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  std::filesystem::path sub = io::testing::ProcessTempPath("rare_sub");
  std::filesystem::remove_all(sub);
  std::filesystem::create_directories(sub);
  testing::WriteMiniHeader(sub);
  std::ofstream(sub / "T01Patient.csv") << "PatientID,NHSNumber,BirthDate,Gender\n"
                                           "P1,9434765919,1980-01-01,1\n";
  std::ofstream(sub / "T02GP.csv") << "PatientID,Practice,EndDate\nP1,A12345,\n";
  std::ofstream(sub / "T03Referral.csv")
      << "ReferralID,PatientID,ReceivedDate,DischargeDate,DischargeReason\n"
         "R1,P1,2026-09-01,,\n";
  {
    std::ofstream contacts(sub / "T04Contact.csv");
    contacts << "ContactID,ReferralID,ContactDate,StaffID,Minutes";
    for (int i = 0; i < kRareItems; ++i) contacts << ",Rare" << i;
    contacts << "\n";
    for (uint64_t row = 1; row <= kContacts; ++row) {
      std::vector<std::string> rare(kRareItems);
      for (const Planted& p : planted) {
        if (p.row == row) rare[p.item] = p.value;
      }
      contacts << "C" << row << ",R1,2026-10-02,,30";
      for (const std::string& v : rare) contacts << "," << v;
      contacts << "\n";
    }
  }
  auto result = testing::ValidateMiniFolder(*spec, sub);
  ASSERT_TRUE(result.ok()) << result.status().ToString();

  std::vector<std::pair<uint64_t, std::string>> found, expected;
  for (const Finding& f : result->findings) {
    const std::string& code = spec->rules[f.rule].code;
    if (code.rfind("TST0049", 0) == 0) found.emplace_back(f.row, code);
  }
  for (const Planted& p : planted) {
    if (p.bad) expected.emplace_back(p.row, "TST0049" + std::to_string(p.item));
  }
  EXPECT_EQ(found, expected);
}

}  // namespace
}  // namespace mhds::validate
