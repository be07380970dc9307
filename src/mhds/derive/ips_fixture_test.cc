// The IPS derivation on a hand-worked submission: testdata/ips-2026-10 (the MHSDS v6.0 sample of
// examples/, extended; October 2026, provider RX1). Every expected figure below is worked out by
// hand from the CSV files; testdata/README.md lists what was added to the sample and why.
#include <gtest/gtest.h>

#include <array>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "mhds/derive/accepted_rows.h"
#include "mhds/derive/derive.h"
#include "mhds/derive/ips_output.h"
#include "mhds/derive/ips_referrals.h"
#include "mhds/io/table_source.h"
#include "mhds/spec/spec.h"
#include "mhds/validate/validator.h"

namespace mhds::derive {
namespace {

using M = IpsMeasure;

class IpsFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    auto spec = spec::LoadSpec(std::string(MHDS_SOURCE_DIR) + "/specs/mhsds/6.0");
    ASSERT_TRUE(spec.ok()) << spec.status().message();
    spec_ = std::move(spec).value();
    auto source =
        io::OpenSource(std::string(MHDS_SOURCE_DIR) + "/src/mhds/derive/testdata/ips-2026-10");
    ASSERT_TRUE(source.ok()) << source.status().message();
    source_ = std::move(source).value();
    validate::ValidateOptions options;
    options.period = "2026-10";
    options.org = "RX1";
    options.uploaded_at = int64_t{1793872800};  // 2026-11-05T10:00:00
    auto result = validate::Validate(spec_, *source_, options);
    ASSERT_TRUE(result.ok()) << result.status().message();
    validation_ = std::move(result).value();
  }

  spec::Spec spec_;
  std::unique_ptr<io::TableSource> source_;
  validate::ValidationResult validation_;
};

TEST_F(IpsFixture, TheFixtureIsAcceptedWithRejectedRows) {
  EXPECT_FALSE(validation_.file_rejected);
  // The sample's defects (a) to (d) plus SR1015, discharged the day before it was received.
  EXPECT_EQ(validation_.RowsRejected(), 26u);
}

TEST_F(IpsFixture, CohortHoldsTeamAndProcedureRoutesOnceEach) {
  RejectedRows rejected(validation_);
  auto cohort = ReadIpsCohort(spec_, *source_, rejected);
  ASSERT_TRUE(cohort.ok()) << cohort.status().message();
  // Route (a), main team IPS01 (D05): SR1002, SR1005, SR1011, SR1017, SR1018. Route (a) through
  // MHS102 only: SR1013 (main team EIP01, other team IPS01). Route (b) only: SR1004 (EIP01), whose
  // face-to-face contact CC2008 carries 1082621000000104. Not in: SR1015 (IPS01, rejected), SR1006
  // (its 772822000 activity is on CC2044, a did-not-attend contact).
  std::vector<std::string> ids;
  for (const IpsReferral& r : cohort->referrals) ids.push_back(r.service_request_id);
  EXPECT_EQ(ids, (std::vector<std::string>{"SR1002", "SR1004", "SR1005", "SR1011", "SR1013",
                                           "SR1017", "SR1018"}));
  const IpsReferral& sr1002 = cohort->referrals[0];
  // Found by both routes (CC2005 carries an IPS procedure too) and counted once.
  EXPECT_TRUE(sr1002.by_team_type);
  EXPECT_TRUE(sr1002.by_procedure);
  // CC2003 (01) and CC2041 (02) on 2026-10-02, CC2005 (02) on 10-23; not CC2004 (did not
  // attend) nor CC2042 (email).
  EXPECT_EQ(sr1002.contacts.total, 3u);
  EXPECT_EQ(sr1002.contacts.face_to_face, 1u);
  EXPECT_EQ(sr1002.contacts.telephone, 2u);
  const IpsReferral& sr1004 = cohort->referrals[1];
  EXPECT_FALSE(sr1004.by_team_type);
  EXPECT_TRUE(sr1004.by_procedure);
  EXPECT_EQ(sr1004.team, "EIP01");
  // Only the IPS-coded CC2008 counts; CC2009 (video, no IPS procedure) does not.
  EXPECT_EQ(sr1004.contacts.total, 1u);
  // SR1011 has a second D05 team (IPS02) in MHS102: still one referral, under its main team.
  EXPECT_EQ(cohort->referrals[3].team, "IPS01");
  // SR1013 is counted under the D05 team it reached through MHS102.
  EXPECT_EQ(cohort->referrals[4].team, "IPS01");
}

TEST_F(IpsFixture, ProviderAndTeamFiguresMatchTheHandCount) {
  auto month = DeriveIpsMonth(spec_, *source_, validation_);
  ASSERT_TRUE(month.ok()) << month.status().message();
  EXPECT_EQ(month->provider, "RX1");
  EXPECT_EQ(month->month.uniq_month_id, 1519);  // 12 * (2026 - 1900) + 10 - 3
  EXPECT_EQ(month->month.financial_year, "2026/27");
  EXPECT_EQ(month->cohort_size, 7u);
  EXPECT_EQ(month->cohort_by_team_type, 6u);
  EXPECT_EQ(month->cohort_by_procedure_only, 1u);
  // Provider, EIP01, IPS01 (IPS02 holds no referral), then 11 breakdown rows (see below).
  ASSERT_EQ(month->figures.size(), 14u);
  EXPECT_EQ(month->figures[3].level, "commissioner");

  // Provider RX1, referral by referral (received; first direct contact; wait in days):
  //   SR1002 07-20; 10-02; 74   contacts 3 (F2F 1, tel 2)
  //   SR1004 05-02; 10-01; 152  contacts 1 (F2F 1)
  //   SR1005 09-15; 10-07; 22   contacts 2 (F2F 2)
  //   SR1011 04-22; 10-01; 162  contacts 3 (F2F 2, tel 1)
  //   SR1013 02-14; 10-12; 240  contacts 2 (F2F 2)
  //   SR1017 10-05; 10-09; 4    contacts 1 (video 1)
  //   SR1018 10-01; none; discharged 10-30 (29 days)
  const IpsFigures& rx1 = month->figures[0];
  EXPECT_EQ(rx1.level, "provider");
  EXPECT_EQ(rx1.referrals, 7u);
  EXPECT_EQ(rx1.count(M::kNewReferrals), 2u);     // SR1017, SR1018
  EXPECT_EQ(rx1.count(M::kClosedReferrals), 1u);  // SR1018
  EXPECT_EQ(rx1.count(M::kOpenReferrals), 6u);
  EXPECT_EQ(rx1.count(M::kCaseload), 6u);  // every open one had a direct contact
  EXPECT_EQ(rx1.count(M::kAccessedFirstTimeEver), 6u);
  EXPECT_EQ(rx1.count(M::kSeenIn7), 1u);       // SR1017
  EXPECT_EQ(rx1.count(M::kSeenIn8To30), 1u);   // SR1005
  EXPECT_EQ(rx1.count(M::kSeenInOver30), 4u);  // SR1002, SR1004, SR1011, SR1013
  EXPECT_EQ(rx1.count(M::kTotalContacts), 12u);
  EXPECT_EQ(rx1.count(M::kTotalContactsF2F), 8u);
  EXPECT_EQ(rx1.count(M::kTotalContactsTelephone), 3u);
  EXPECT_EQ(rx1.count(M::kTotalContactsVideo), 1u);
  EXPECT_EQ(rx1.count(M::kLengthOfReferral0To90), 1u);
  EXPECT_EQ(rx1.count(M::kLengthOfReferral91To180), 0u);
  EXPECT_EQ(rx1.count(M::kLengthOfReferralOver180), 0u);

  const IpsFigures& eip = month->figures[1];  // SR1004 alone
  EXPECT_EQ(eip.team, "EIP01");
  EXPECT_EQ(eip.referrals, 1u);
  EXPECT_EQ(eip.count(M::kCaseload), 1u);
  EXPECT_EQ(eip.count(M::kTotalContactsF2F), 1u);

  const IpsFigures& ips = month->figures[2];  // the provider less SR1004
  EXPECT_EQ(ips.team, "IPS01");
  EXPECT_EQ(ips.referrals, 6u);
  EXPECT_EQ(ips.count(M::kOpenReferrals), 5u);
  EXPECT_EQ(ips.count(M::kCaseload), 5u);
  EXPECT_EQ(ips.count(M::kSeenInOver30), 3u);
  EXPECT_EQ(ips.count(M::kTotalContacts), 11u);
  EXPECT_EQ(ips.count(M::kTotalContactsF2F), 7u);
}

TEST_F(IpsFixture, PublishedCsvSuppressesAndRoundsTheProviderRow) {
  auto month = DeriveIpsMonth(spec_, *source_, validation_);
  ASSERT_TRUE(month.ok()) << month.status().message();
  std::string csv = IpsCsv(*month, true);
  // 2 new referrals: withheld. 6 open: 5. 12 contacts: 10. 8 face to face: 10, at 8/12 = 66.7%.
  // Caseload 6 of 6 open: 100% from the unrounded counts. Telephone 3: withheld, rate too.
  EXPECT_NE(csv.find("RX1,2026-10-01,provider,,NewReferrals,*,\r\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find("RX1,2026-10-01,provider,,OpenReferrals,5,\r\n"), std::string::npos);
  EXPECT_NE(csv.find("RX1,2026-10-01,provider,,Caseload,5,100.0\r\n"), std::string::npos);
  EXPECT_NE(csv.find("RX1,2026-10-01,provider,,TotalContacts,10,\r\n"), std::string::npos);
  EXPECT_NE(csv.find("RX1,2026-10-01,provider,,TotalContactsF2F,10,66.7\r\n"), std::string::npos);
  EXPECT_NE(csv.find("RX1,2026-10-01,provider,,TotalContactsTelephone,*,*\r\n"), std::string::npos);
  std::string exact = IpsCsv(*month, false);
  EXPECT_NE(exact.find("RX1,2026-10-01,provider,,NewReferrals,2,\r\n"), std::string::npos);
  EXPECT_NE(exact.find("RX1,2026-10-01,provider,,TotalContactsTelephone,3,25.0\r\n"),
            std::string::npos);
}

// The breakdowns, worked by hand from MHS001 and MHS101. Cohort referrals and their people:
// SR1002 P0001 (gender 1, A, age 38 at referral), SR1004 and SR1005 P0003 (1, J, 22 and 23),
// SR1011 P0008 (1, M, 34), SR1013 P0010 (2, H, 19), SR1017 P0006 (1, A, 84), SR1018 P0011 (2, A,
// 68; no contact). Every GP registration is with a practice of commissioner 99X.
TEST_F(IpsFixture, BreakdownsMatchTheHandCount) {
  auto month = DeriveIpsMonth(spec_, *source_, validation_);
  ASSERT_TRUE(month.ok()) << month.status().message();
  auto row = [&](std::string_view level, std::string_view group) -> const IpsFigures* {
    for (const IpsFigures& f : month->figures) {
      if (f.level == level && f.group == group) return &f;
    }
    return nullptr;
  };
  struct Expected {
    std::string_view level, group;
    uint64_t referrals, accessed, new_referrals;
  };
  for (const Expected& e :
       {Expected{"commissioner", "99X", 7, 6, 2}, Expected{"age_band", "16-25", 3, 3, 0},
        Expected{"age_band", "26-35", 1, 1, 0}, Expected{"age_band", "36-45", 1, 1, 0},
        Expected{"age_band", "other", 2, 1, 2}, Expected{"gender", "1", 5, 5, 1},
        Expected{"gender", "2", 2, 1, 1}, Expected{"ethnicity", "A", 3, 2, 2},
        Expected{"ethnicity", "H", 1, 1, 0}, Expected{"ethnicity", "J", 2, 2, 0},
        Expected{"ethnicity", "M", 1, 1, 0}}) {
    const IpsFigures* f = row(e.level, e.group);
    ASSERT_NE(f, nullptr) << e.level << " " << e.group;
    EXPECT_EQ(f->referrals, e.referrals) << e.level << " " << e.group;
    EXPECT_EQ(f->count(M::kAccessedFirstTimeEver), e.accessed) << e.level << " " << e.group;
    EXPECT_EQ(f->count(M::kNewReferrals), e.new_referrals) << e.level << " " << e.group;
  }
  EXPECT_EQ(row("age_band", "46-55"), nullptr);  // no group without a referral
  // Each breakdown splits the provider row: its groups add up to it, measure by measure.
  const IpsFigures& provider = month->figures[0];
  for (std::string_view level : {"commissioner", "age_band", "gender", "ethnicity"}) {
    std::array<uint64_t, kIpsMeasureCount> sum{};
    for (const IpsFigures& f : month->figures) {
      if (f.level != level) continue;
      for (size_t i = 0; i < sum.size(); ++i) sum[i] += f.counts[i];
    }
    EXPECT_EQ(sum, provider.counts) << level;
  }
  // Published, the small-number rule applies to every breakdown cell.
  std::string csv = IpsCsv(*month, /*suppress=*/true);
  EXPECT_NE(csv.find("RX1,2026-10-01,gender,1,AccessedFirstTimeEver,5,"), std::string::npos);
  EXPECT_NE(csv.find("RX1,2026-10-01,gender,2,AccessedFirstTimeEver,*,"), std::string::npos);
  EXPECT_NE(csv.find("RX1,2026-10-01,age_band,16-25,AccessedFirstTimeEver,*,"), std::string::npos);
  EXPECT_NE(csv.find("RX1,2026-10-01,commissioner,99X,AccessedFirstTimeEver,5,"),
            std::string::npos);
}

TEST(IpsWithoutOptionalTables, ReadsAnAbsentTableAsEmpty) {
  // The fixture without MHS102 and MHS202: only the main-team route is left, so SR1013 (IPS
  // through MHS102) and SR1004 (IPS by procedure) drop out of the cohort.
  namespace fs = std::filesystem;
  std::string dir_template = (fs::temp_directory_path() / "mhds-derive-XXXXXX").string();
  ASSERT_NE(mkdtemp(dir_template.data()), nullptr);
  fs::path dir = dir_template;
  fs::copy(fs::path(MHDS_SOURCE_DIR) / "src/mhds/derive/testdata/ips-2026-10", dir);
  fs::remove(dir / "MHS102OtherServiceType.csv");
  fs::remove(dir / "MHS202CareActivity.csv");

  auto spec = spec::LoadSpec(std::string(MHDS_SOURCE_DIR) + "/specs/mhsds/6.0");
  ASSERT_TRUE(spec.ok()) << spec.status().message();
  auto source = io::OpenSource(dir.string());
  ASSERT_TRUE(source.ok()) << source.status().message();
  validate::ValidateOptions options;
  options.period = "2026-10";
  auto validation = validate::Validate(*spec, **source, options);
  ASSERT_TRUE(validation.ok()) << validation.status().message();
  ASSERT_FALSE(validation->file_rejected);
  auto month = DeriveIpsMonth(*spec, **source, *validation);
  fs::remove_all(dir);
  ASSERT_TRUE(month.ok()) << month.status().message();
  EXPECT_EQ(month->cohort_size, 5u);  // SR1002, SR1005, SR1011, SR1017, SR1018
  EXPECT_EQ(month->cohort_by_procedure_only, 0u);
}

}  // namespace
}  // namespace mhds::derive
