// Entering treatment reconciled from records, one case per reason, on pathways written out here:
// May 2022 (days since 1970-01-01 through DaysFromCivil), with April as the earlier month and an
// earlier submission of May that a resubmission replaced.
#include "mhds/extract/history_reconcile.h"

#include <gtest/gtest.h>

#include "mhds/base/calendar.h"

namespace mhds::extract {
namespace {

int64_t May(int day) { return DaysFromCivil(2022, 5, day); }
int64_t April(int day) { return DaysFromCivil(2022, 4, day); }

derive::TtPathwayRecord Pathway(std::string id, int64_t received) {
  derive::TtPathwayRecord p;
  p.service_request_id = std::move(id);
  p.commissioner = "00T";
  p.received = received;
  return p;
}

derive::TtContactRecord Contact(std::string id, std::string pathway, int64_t date,
                                std::string attendance, std::string app_type) {
  derive::TtContactRecord c;
  c.care_contact_id = std::move(id);
  c.service_request_id = std::move(pathway);
  c.date = date;
  c.attendance = std::move(attendance);
  c.app_type = std::move(app_type);
  return c;
}

class EnteringTreatment : public ::testing::Test {
 protected:
  void SetUp() override {
    auto settings = derive::LoadTtSettings(std::string(MHDS_SOURCE_DIR) + "/specs/iapt/2.1");
    ASSERT_TRUE(settings.ok()) << settings.status().message();
    settings_ = *settings;
    april_.provider = may_.provider = "RX1";
    april_.month = derive::MonthOf(April(1), April(30));
    may_.month = derive::MonthOf(May(1), May(31));
    // P1 entered in April; P2 enters in May; P3 was only assessed; P4 did not attend; P5 has no
    // contact; P6 entered in May in the replaced submission only.
    april_.pathways = {Pathway("P1", April(1))};
    april_.contacts = {Contact("C1", "P1", April(10), "5", "02")};
    may_.pathways = {Pathway("P1", April(1)), Pathway("P2", May(2)), Pathway("P3", May(2)),
                     Pathway("P4", May(2)),   Pathway("P5", May(2)), Pathway("P6", May(2))};
    may_.contacts = {Contact("C2", "P1", May(3), "5", "02"), Contact("C3", "P2", May(9), "6", "03"),
                     Contact("C4", "P3", May(9), "5", "01"),
                     Contact("C5", "P4", May(9), "3", "02")};
    replaced_.entry.label = "may-first";
    replaced_.records = may_;
    replaced_.records.contacts.push_back(Contact("C6", "P6", May(20), "5", "05"));
  }

  derive::TtSettings settings_;
  derive::TtMonthRecords april_, may_;
  derive::RecordedTtSubmission replaced_;
};

TEST_F(EnteringTreatment, GivesEachPathwayItsReason) {
  LocalList local;
  for (const char* id : {"P1", "P3", "P4", "P5", "P6", "P9"}) {
    local.referrals.push_back(LocalReferral{.id = id, .first_contact = std::nullopt, .line = 0});
  }
  local.referrals.push_back(LocalReferral{.id = "P2", .first_contact = May(8), .line = 0});
  auto r = ReconcileEnteringTreatment(may_, {&april_}, {replaced_}, local, settings_);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->measure, "Talking Therapies pathways entering treatment");
  EXPECT_EQ(r->local_count, 7u);
  EXPECT_EQ(r->national_count, 1u);  // P2 only
  EXPECT_EQ(r->matched, 1u);
  std::map<std::string, Reason> reasons;
  for (const ReconcileLine& line : r->lines) reasons[line.referral] = line.reason;
  EXPECT_EQ(reasons["P1"], Reason::kEnteredTreatmentEarlier);
  EXPECT_EQ(reasons["P2"], Reason::kDateDiffers);
  EXPECT_EQ(reasons["P3"], Reason::kNoTreatment);
  EXPECT_EQ(reasons["P4"], Reason::kContactNotAttended);
  EXPECT_EQ(reasons["P5"], Reason::kNoContact);
  EXPECT_EQ(reasons["P6"], Reason::kReplacedByResubmission);
  EXPECT_EQ(reasons["P9"], Reason::kNotInSubmission);
}

TEST_F(EnteringTreatment, WithoutTheEarlierMonthTheAprilTreatmentIsNotSeen) {
  LocalList local;
  auto r = ReconcileEnteringTreatment(may_, {}, {}, local, settings_);
  ASSERT_TRUE(r.ok()) << r.status().message();
  // P1's May appointment is then its first: both P1 and P2 enter, each only nationally.
  EXPECT_EQ(r->national_count, 2u);
  ASSERT_EQ(r->lines.size(), 2u);
  EXPECT_EQ(r->lines[0].reason, Reason::kNotInLocalList);
}

}  // namespace
}  // namespace mhds::extract
