// A comparison of a date with the parent row's date (the mini spec's TST00401: a contact before
// its referral was received) runs inside its column's plan (RecordChecker::FiresOnParentDate): it
// must fire exactly where the rule one by one would, and stay silent where the parent's date is
// missing, blank or not a date.
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

TEST(ParentDatePlan, FiresOnlyForADateBeforeTheParentsReadableDate) {
  auto spec = spec::LoadSpec(std::filesystem::path(MHDS_SOURCE_DIR) / "tests/specs/mini");
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  std::filesystem::path sub = io::testing::ProcessTempPath("parent_date_sub");
  std::filesystem::remove_all(sub);
  std::filesystem::create_directories(sub);
  testing::WriteMiniHeader(sub);
  std::ofstream(sub / "T01Patient.csv") << "PatientID,NHSNumber,BirthDate,Gender\n"
                                           "P1,9434765919,1980-01-01,1\n";
  std::ofstream(sub / "T02GP.csv") << "PatientID,Practice,EndDate\nP1,A12345,\n";
  std::ofstream(sub / "T03Referral.csv")
      << "ReferralID,PatientID,ReceivedDate,DischargeDate,DischargeReason\n"
         "R1,P1,2026-09-01,,\n"
         "R2,P1,2026-13-01,,\n"
         "R3,P1,,,\n"
         "R4,P1,2026-09-15,,\n";
  // Row by row: equal to the referral's date, a day before, after, a day before a date of
  // another month, before a parent date that is not a date, before a blank one, no parent row,
  // and a contact date that is not a date.
  std::ofstream(sub / "T04Contact.csv") << "ContactID,ReferralID,ContactDate,StaffID,Minutes\n"
                                           "C1,R1,2026-09-01,,30\n"
                                           "C2,R1,2026-08-31,,30\n"
                                           "C3,R1,2026-10-02,,30\n"
                                           "C4,R4,2026-09-14,,30\n"
                                           "C5,R2,2026-08-01,,30\n"
                                           "C6,R3,2026-08-01,,30\n"
                                           "C7,R9,2026-08-01,,30\n"
                                           "C8,R4,2026-02-30,,30\n"
                                           "C9,R4,2026-09-15,,30\n";
  auto result = testing::ValidateMiniFolder(*spec, sub);
  ASSERT_TRUE(result.ok()) << result.status().ToString();

  std::vector<uint64_t> rows;
  for (const Finding& f : result->findings) {
    if (spec->rules[f.rule].code == "TST00401") rows.push_back(f.row);
  }
  EXPECT_EQ(rows, (std::vector<uint64_t>{2, 4}));
}

}  // namespace
}  // namespace mhds::validate
