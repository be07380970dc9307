// The `successor` group kind (docs/spec_format.md), through Validate(): the mini test spec with
// a start date on its GP registrations and a successor rule like MHSDS MHS00223.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "mhds/base/calendar.h"
#include "mhds/io/table_source.h"
#include "mhds/io/testing/temp_dir.h"
#include "mhds/spec/spec.h"
#include "mhds/validate/testing/mini_submission.h"
#include "mhds/validate/validator.h"

namespace mhds::validate {
namespace {

const std::filesystem::path kSource = MHDS_SOURCE_DIR;
constexpr std::string_view kRuleCode = "TST00299";

void Append(const std::filesystem::path& file, const std::string& line) {
  std::ofstream(file, std::ios::app) << line << "\n";
}

void Write(const std::filesystem::path& file, const std::string& text) {
  std::ofstream(file, std::ios::trunc) << text;
}

// The mini spec plus T02.StartDate and a successor rule with the given parameters and severity.
std::filesystem::path SpecWith(const std::string& name, const std::string& params,
                               const std::string& severity = "warning") {
  std::filesystem::path dir = io::testing::ProcessTempPath("succ_" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::copy(kSource / "tests/specs/mini", dir);
  Append(dir / "items.csv", "T02,X002040,StartDate,Start date,an10,date,O,,,test");
  Append(dir / "items.csv", "T02,X002050,EndTime,End time,an19,datetime,O,,,test");
  Append(dir / "rules.csv", std::string(kRuleCode) + ",T02,,group," + severity + ",successor,\"" +
                                params + "\",{item} {value} ends {keys} with no successor.,etos");
  return dir;
}

constexpr std::string_view kGpRule =
    "items=PatientID;end=EndDate;start=StartDate;within=1d;differ=Practice";

// Validates one patient whose GP rows are `gp` (CSV lines PatientID,Practice,StartDate,EndDate)
// and returns the 1-based rows the successor rule reported, in order.
std::vector<uint64_t> Flagged(const std::string& gp, const std::string& name,
                              std::string_view params = kGpRule) {
  auto spec = spec::LoadSpec(SpecWith(name, std::string(params)));
  EXPECT_TRUE(spec.ok()) << spec.status().ToString();
  if (!spec.ok()) return {0};
  std::filesystem::path sub = io::testing::ProcessTempPath("succ_sub_" + name);
  std::filesystem::remove_all(sub);
  std::filesystem::create_directories(sub);
  testing::WriteMiniHeader(sub);
  Write(sub / "T01Patient.csv",
        "PatientID,NHSNumber,BirthDate,Gender\nP1,9434765919,1980-01-01,1\n"
        "P2,4010232137,1990-05-05,2\n");
  Write(sub / "T02GP.csv", "PatientID,Practice,StartDate,EndDate\n" + gp);
  Write(sub / "T03Referral.csv",
        "ReferralID,PatientID,ReceivedDate,DischargeDate,DischargeReason\n"
        "R1,P1,2026-09-01,,\nR2,P2,2026-09-01,,\n");
  auto result = testing::ValidateMiniFolder(*spec, sub);
  EXPECT_TRUE(result.ok()) << result.status().ToString();
  if (!result.ok()) return {0};
  std::vector<uint64_t> rows;
  for (const Finding& f : result->findings) {
    if (spec->rules[f.rule].code == kRuleCode) rows.push_back(f.row);
  }
  return rows;
}

struct Case {
  const char* name;
  const char* gp;  // PatientID,Practice,StartDate,EndDate lines
  std::vector<uint64_t> flagged;
};

TEST(Successor, ReportsEachEndedRowThatNoOtherRowTakesOverFrom) {
  const Case cases[] = {
      {"open", "P1,A81001,2026-01-01,\nP2,B82002,2026-01-01,\n", {}},
      {"same_day",
       "P1,A81001,2026-01-01,2026-10-10\nP1,A81002,2026-10-10,\nP2,B82002,2026-01-01,\n",
       {}},
      {"next_day",
       "P1,A81001,2026-01-01,2026-10-10\nP1,A81002,2026-10-11,\nP2,B82002,2026-01-01,\n",
       {}},
      {"two_days_later",
       "P1,A81001,2026-01-01,2026-10-10\nP1,A81002,2026-10-12,\nP2,B82002,2026-01-01,\n",
       {1}},
      {"starts_before_the_end",
       "P1,A81001,2026-01-01,2026-10-10\nP1,A81002,2026-10-09,\nP2,B82002,2026-01-01,\n",
       {1}},
      {"same_practice",
       "P1,A81001,2026-01-01,2026-10-10\nP1,A81001,2026-10-10,\nP2,B82002,2026-01-01,\n",
       {1}},
      {"another_patient",
       "P1,A81001,2026-01-01,2026-10-10\nP2,A81002,2026-10-10,\nP1,B82002,2025-01-01,2025-02-01\n",
       {1, 3}},
      {"no_other_row", "P1,A81001,2026-01-01,2026-10-10\nP2,B82002,2026-01-01,\n", {1}},
      {"chain",
       "P1,A81001,2026-01-01,2026-03-01\nP1,A81002,2026-03-02,2026-10-10\n"
       "P1,A81003,2026-10-10,\nP2,B82002,2026-01-01,\n",
       {}},
      // An unreadable end date is its format rule's finding, not this one.
      {"unreadable_end", "P1,A81001,2026-01-01,2026-13-45\nP2,B82002,2026-01-01,\n", {}},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(Flagged(c.gp, c.name), c.flagged) << c.name;
  }
}

TEST(Successor, CountsOnlyValidRowsAsSuccessors) {
  // The second registration is rejected (its practice is not an6), so it takes over from nothing;
  // the first, valid, is reported.
  EXPECT_EQ(
      Flagged("P1,A81001,2026-01-01,2026-10-10\nP1,A8100,2026-10-10,\nP2,B82002,2026-01-01,\n",
              "rejected_successor"),
      (std::vector<uint64_t>{1}));
}

TEST(Successor, WithinZeroDaysNeedsTheSameDay) {
  const std::string params = "items=PatientID;end=EndDate;start=StartDate;differ=Practice";
  EXPECT_EQ(
      Flagged("P1,A81001,2026-01-01,2026-10-10\nP1,A81002,2026-10-11,\nP2,B82002,2026-01-01,\n",
              "within_zero", params),
      (std::vector<uint64_t>{1}));
  // Without differ= the same practice may take over.
  EXPECT_EQ(
      Flagged("P1,A81001,2026-01-01,2026-10-10\nP1,A81001,2026-10-10,\nP2,B82002,2026-01-01,\n",
              "no_differ", params.substr(0, params.find(";differ"))),
      (std::vector<uint64_t>{}));
}

// With items= other than the tree link's join, rows are grouped by their key, not their parent.
TEST(Successor, GroupsByTheKeyWhenItemsAreNotTheJoin) {
  const std::string params = "items=PatientID;Practice;end=EndDate;start=StartDate;within=1d";
  EXPECT_EQ(
      Flagged("P1,A81001,2026-01-01,2026-10-10\nP1,A81001,2026-10-11,\nP2,B82002,2026-01-01,\n",
              "keyed_same_practice", params),
      (std::vector<uint64_t>{}));
  EXPECT_EQ(
      Flagged("P1,A81001,2026-01-01,2026-10-10\nP1,A81002,2026-10-10,\nP2,B82002,2026-01-01,\n",
              "keyed_other_practice", params),
      (std::vector<uint64_t>{1}));
}

TEST(Successor, TheLoaderRefusesBadParameters) {
  const std::pair<const char*, const char*> bad[] = {
      {"no_end", "items=PatientID;start=StartDate"},
      {"unknown_item", "items=PatientID;end=Nope;start=StartDate"},
      {"text_dates", "items=PatientID;end=Practice;start=StartDate"},
      {"mixed_types", "items=PatientID;end=EndTime;start=StartDate"},
      {"hours_on_dates", "items=PatientID;end=EndDate;start=StartDate;within=12h"},
      {"negative", "items=PatientID;end=EndDate;start=StartDate;within=-1d"},
      {"unknown_param", "items=PatientID;end=EndDate;start=StartDate;other=X"},
  };
  for (const auto& [name, params] : bad) {
    EXPECT_FALSE(spec::LoadSpec(SpecWith(name, params)).ok()) << name;
  }
  // It reads the final state and spreads nothing, so it cannot reject.
  EXPECT_FALSE(spec::LoadSpec(SpecWith("rejecting", std::string(kGpRule), "reject")).ok());
  EXPECT_TRUE(spec::LoadSpec(SpecWith("good", std::string(kGpRule))).ok());
}

}  // namespace
}  // namespace mhds::validate
