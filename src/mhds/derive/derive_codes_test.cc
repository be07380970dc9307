#include "mhds/derive/derive_codes.h"

#include <gtest/gtest.h>

#include "mhds/base/calendar.h"
#include "mhds/derive/submission_records.h"

namespace mhds::derive {
namespace {

TEST(DeriveCodes, TheBundledMhsdsFolderHasEveryList) {
  auto spec = spec::LoadSpec(std::string(MHDS_SOURCE_DIR) + "/specs/mhsds/6.0");
  ASSERT_TRUE(spec.ok()) << spec.status().message();
  auto codes = DeriveCodes::Load(*spec);
  ASSERT_TRUE(codes.ok()) << codes.status().message();
  EXPECT_TRUE(codes->IsIpsTeamType("D05"));
  EXPECT_FALSE(codes->IsIpsTeamType("C01"));
  EXPECT_TRUE(codes->IsIpsProcedure("772822000"));
  EXPECT_TRUE(codes->IsIpsProcedure("1082621000000104 : 408730004 = 410605003"));
  EXPECT_TRUE(codes->IsDirectContact("6", "04"));
  EXPECT_FALSE(codes->IsDirectContact("5", "05"));  // email
  EXPECT_FALSE(codes->IsDirectContact("3", "01"));  // did not attend
  EXPECT_EQ(codes->MediumOf("11"), ContactMedium::kVideo);
  EXPECT_EQ(codes->EmploymentOf("01"), EmploymentGroup::kEmployed);
  EXPECT_EQ(codes->EmploymentOf("ZZ"), EmploymentGroup::kUnknown);
  EXPECT_EQ(codes->EmploymentOf(""), EmploymentGroup::kNone);
  EXPECT_EQ(codes->cohort_start(), DaysFromCivil(2016, 1, 1));
}

TEST(DeriveCodes, NamesTheLineAndColumnOfAnUnknownList) {
  auto codes = DeriveCodes::Parse("list,code,meaning,source\nips_team_type,D05,,\nteam,X,,\n",
                                  "derivations.csv");
  ASSERT_FALSE(codes.ok());
  EXPECT_EQ(codes.status().code(), StatusCode::kSpecError);
  EXPECT_NE(codes.status().message().find("derivations.csv:3:1: unknown list 'team'"),
            std::string::npos)
      << codes.status().message();
}

TEST(DeriveCodes, RefusesAMissingListAndABadDate) {
  auto missing = DeriveCodes::Parse("list,code,meaning,source\nips_team_type,D05,,\n", "d.csv");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("'ips_procedure' is missing"), std::string::npos);
  auto date = DeriveCodes::Parse("list,code,meaning,source\ncohort_start,2016-13-01,,\n", "d.csv");
  ASSERT_FALSE(date.ok());
  EXPECT_NE(date.status().message().find("d.csv:2:2"), std::string::npos);
}

TEST(DeriveCodes, BreakdownGroupsAtTheirEdges) {
  auto spec = spec::LoadSpec(std::string(MHDS_SOURCE_DIR) + "/specs/mhsds/6.0");
  ASSERT_TRUE(spec.ok()) << spec.status().message();
  auto codes = DeriveCodes::Load(*spec);
  ASSERT_TRUE(codes.ok()) << codes.status().message();
  ASSERT_TRUE(codes->has_breakdowns());
  EXPECT_EQ(codes->AgeBand(15), "other");
  EXPECT_EQ(codes->AgeBand(16), "16-25");
  EXPECT_EQ(codes->AgeBand(25), "16-25");
  EXPECT_EQ(codes->AgeBand(26), "26-35");
  EXPECT_EQ(codes->AgeBand(64), "56-64");
  EXPECT_EQ(codes->AgeBand(65), "other");
  EXPECT_EQ(codes->AgeBand(std::nullopt), "missing");
  EXPECT_EQ(codes->GenderGroup("9", "3"), "3");  // a listed identity code wins
  EXPECT_EQ(codes->GenderGroup("2", "8"), "2");  // an unlisted one does not
  EXPECT_EQ(codes->GenderGroup("", ""), "missing");
  EXPECT_EQ(codes->EthnicityGroup("99"), "Not known");
  EXPECT_EQ(codes->EthnicityGroup("A"), "A");
  EXPECT_EQ(codes->CommissionerGroup("X98"), "Missing / Invalid");
  EXPECT_EQ(codes->CommissionerGroup(""), "Missing / Invalid");
  EXPECT_EQ(codes->CommissionerGroup("15F"), "15F");
  EXPECT_TRUE(codes->IsUnregisteredPractice("V81999"));
}

TEST(DeriveCodes, BreakdownListsComeAllOrNone) {
  std::string base =
      "list,code,meaning,source\n"
      "ips_team_type,D05,,\nips_procedure,1082621000000104,,\nattended,5,,\n"
      "direct_mechanism,01,,\nmedium_face_to_face,01,,\nmedium_telephone,02,,\n"
      "medium_video,11,,\nemployed,01,,\nnot_employed,02,,\nemployment_unknown,ZZ,,\n"
      "cohort_start,2016-01-01,,\n";
  auto without = DeriveCodes::Parse(base, "d.csv");
  ASSERT_TRUE(without.ok()) << without.status().message();
  EXPECT_FALSE(without->has_breakdowns());
  auto partial = DeriveCodes::Parse(base + "age_band_lower,16,,\n", "d.csv");
  ASSERT_FALSE(partial.ok());
  EXPECT_NE(partial.status().message().find("'gp_practice_not_registered' is missing"),
            std::string::npos)
      << partial.status().message();
}

TEST(AgeOn, CountsWholeYearsAndNoneBeforeBirth) {
  int64_t birth = DaysFromCivil(1988, 3, 14);
  EXPECT_EQ(AgeOn(birth, DaysFromCivil(2026, 3, 13)), 37);
  EXPECT_EQ(AgeOn(birth, DaysFromCivil(2026, 3, 14)), 38);
  EXPECT_EQ(AgeOn(birth, DaysFromCivil(1988, 3, 13)), std::nullopt);
}

}  // namespace
}  // namespace mhds::derive
