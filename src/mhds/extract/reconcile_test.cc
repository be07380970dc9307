// The reconciliation on the hand-worked fixture: testdata/post-deadline-2026-10 against the
// provider's list testdata/local-ips-accessed-2026-10.csv, with the September and March 2026
// submissions as history. testdata/README.md says which referral carries which reason; each
// expectation below was worked out by hand from the CSV files.
#include "mhds/extract/reconcile.h"

#include <gtest/gtest.h>

#include "mhds/extract/reconcile_output.h"
#include "mhds/extract/testing_fixture.h"

namespace mhds::extract {
namespace {

class ReconcileFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* folder : {"post-deadline-2026-09", "post-deadline-2026-03"}) {
      auto earlier = testing::LoadFixture(folder, "");
      ASSERT_NE(earlier, nullptr) << folder;
      ASSERT_FALSE(earlier->validation.file_rejected) << folder;
      Status s = AddEarlierMonth(earlier->spec, *earlier->source, earlier->validation, history_);
      ASSERT_TRUE(s.ok()) << s.message();
    }
    month_ = testing::LoadFixture("post-deadline-2026-10", "2026-10");
    ASSERT_NE(month_, nullptr);
    auto local = ReadLocalList(std::string(MHDS_SOURCE_DIR) +
                               "/src/mhds/extract/testdata/local-ips-accessed-2026-10.csv");
    ASSERT_TRUE(local.ok()) << local.status().message();
    local_ = std::move(local).value();
    auto result = Reconcile(month_->spec, *month_->source, month_->validation, local_, history_);
    ASSERT_TRUE(result.ok()) << result.status().message();
    result_ = std::move(result).value();
  }

  const ReconcileLine& Line(const std::string& referral) const {
    for (const ReconcileLine& line : result_.lines) {
      if (line.referral == referral) return line;
    }
    static const ReconcileLine kNone;
    ADD_FAILURE() << referral << " has no line";
    return kNone;
  }

  History history_;
  std::unique_ptr<testing::ValidatedSubmission> month_;
  LocalList local_;
  Reconciliation result_;
};

TEST_F(ReconcileFixture, CountsBothSides) {
  EXPECT_EQ(result_.provider, "RX1");
  EXPECT_EQ(result_.period, "2026-10");
  EXPECT_EQ(result_.local_count, 14u);
  // SR1002, SR1011, SR1017 (both sides), SR1004 and SR1013 (national only).
  EXPECT_EQ(result_.national_count, 5u);
  EXPECT_EQ(result_.matched, 3u);
  EXPECT_EQ(result_.differences(), 13u);
  EXPECT_EQ(result_.lines.size(), 16u);
}

TEST_F(ReconcileFixture, GivesEveryReferralItsReason) {
  struct Case {
    const char* referral;
    Reason reason;
    bool local;
    bool national;
  };
  const Case cases[] = {
      {"SR1002", Reason::kMatched, true, true},
      {"SR1011", Reason::kMatched, true, true},
      {"SR1017", Reason::kDateDiffers, true, true},
      {"SR1004", Reason::kNotInLocalList, false, true},
      {"SR1013", Reason::kNotInLocalList, false, true},
      {"SR1005", Reason::kFirstContactEarlierMonth, true, false},
      {"SR1021", Reason::kFirstContactEarlierYear, true, false},
      {"SR1015", Reason::kReferralRejected, true, false},
      {"SR1012", Reason::kReferralRejected, true, false},
      {"SR1006", Reason::kNotIpsReferral, true, false},
      {"SR1018", Reason::kContactNotAttended, true, false},
      {"SR1019", Reason::kContactNotDirect, true, false},
      {"SR1020", Reason::kContactOutsidePeriod, true, false},
      {"SR1022", Reason::kContactRejected, true, false},
      {"SR1023", Reason::kNoContact, true, false},
      {"SR1099", Reason::kNotInSubmission, true, false},
  };
  for (const Case& c : cases) {
    const ReconcileLine& line = Line(c.referral);
    EXPECT_EQ(ReasonCode(line.reason), ReasonCode(c.reason)) << c.referral << ": " << line.detail;
    EXPECT_EQ(line.local, c.local) << c.referral;
    EXPECT_EQ(line.national, c.national) << c.referral;
    if (line.reason != Reason::kMatched) {
      EXPECT_FALSE(line.detail.empty()) << c.referral;
      EXPECT_FALSE(line.action.empty()) << c.referral;
    }
  }
}

TEST_F(ReconcileFixture, RejectionsNameTheRuleThatFired) {
  EXPECT_EQ(Line("SR1015").rule, "MHS10128");  // discharged before it was received
  // SR1012 fell with its patient RX1P0009, who has no GP row: the rule is the root cause's.
  EXPECT_EQ(Line("SR1012").rule, "MHS00145");
  EXPECT_NE(Line("SR1012").detail.find("Root cause: MHS00145 on MHS001MPI"), std::string::npos)
      << Line("SR1012").detail;
  EXPECT_EQ(Line("SR1020").rule, "MHS20168");  // contact after the period end
  EXPECT_EQ(Line("SR1022").rule, "MHS20127");  // AttendStatus "55" is not an1
}

TEST_F(ReconcileFixture, DetailsSayWhatTheDataShow) {
  EXPECT_NE(Line("SR1004").detail.find("IPS procedure code on a direct contact only"),
            std::string::npos)
      << Line("SR1004").detail;
  EXPECT_NE(Line("SR1013").detail.find("other team IPS01"), std::string::npos);
  EXPECT_NE(Line("SR1006").detail.find("CMHTN01 (type A06)"), std::string::npos);
  EXPECT_NE(Line("SR1006").detail.find("the IPS procedure on CC2044 does not count"),
            std::string::npos);
  EXPECT_NE(Line("SR1018").detail.find("CC2045 on 2026-10-06: attendance 3"), std::string::npos);
  EXPECT_NE(Line("SR1019").detail.find("consultation mechanism 05"), std::string::npos);
  EXPECT_NE(Line("SR1020").detail.find("your date 2026-11-03 is outside the reporting month"),
            std::string::npos);
  EXPECT_NE(Line("SR1005").detail.find("2026-09-20, in the 2026-09 submission"), std::string::npos);
  EXPECT_NE(Line("SR1021").detail.find("financial year 2025/26"), std::string::npos);
  EXPECT_NE(Line("SR1099").detail.find("it was in the 2026-09 submission"), std::string::npos);
  EXPECT_EQ(*Line("SR1017").national_date, *Line("SR1017").local_date + 1);
}

TEST_F(ReconcileFixture, WithoutHistoryEarlierFirstContactsCountThisMonth) {
  auto result = Reconcile(month_->spec, *month_->source, month_->validation, local_, History{});
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->national_count, 7u);  // SR1005 and SR1021 now count in October
  EXPECT_EQ(result->matched, 5u);         // of 14 listed
}

TEST_F(ReconcileFixture, CsvAndJsonCarryEveryLine) {
  std::string csv = ReconcileCsv(result_);
  EXPECT_EQ(csv.substr(0, csv.find('\r')),
            "referral,in_local_list,in_national_count,reason,rule,local_first_contact,"
            "national_first_contact,detail,action");
  size_t rows = 0;
  for (size_t at = csv.find("\r\n"); at != std::string::npos; at = csv.find("\r\n", at + 2)) {
    ++rows;
  }
  EXPECT_EQ(rows, 17u);
  EXPECT_NE(csv.find("SR1015,yes,no,referral_rejected,MHS10128,2026-10-21,,"), std::string::npos);
  std::string json = ReconcileJson(result_);
  EXPECT_NE(json.find("\"differences\": 13"), std::string::npos);
  EXPECT_NE(json.find("\"reason\": \"contact_outside_period\""), std::string::npos);
  std::string summary = ReconcileSummary(result_);
  EXPECT_NE(summary.find("your list: 14   national derivation: 5   in both: 3"), std::string::npos)
      << summary;
}

TEST(LocalList, ReportsWhereAListIsWrong) {
  auto no_column = ParseLocalList("Referral\nSR1\n", "mine.csv");
  ASSERT_FALSE(no_column.ok());
  EXPECT_NE(no_column.status().message().find("mine.csv:1:1:"), std::string::npos);
  auto bad_date = ParseLocalList("ServiceRequestID,FirstContactDate\nSR1,01/10/2026\n", "mine.csv");
  ASSERT_FALSE(bad_date.ok());
  EXPECT_NE(bad_date.status().message().find("mine.csv:2:2:"), std::string::npos);
  auto twice = ParseLocalList("ServiceRequestID\nSR1\nSR1\n", "mine.csv");
  ASSERT_FALSE(twice.ok());
  EXPECT_NE(twice.status().message().find("mine.csv:3:1: referral SR1 is listed twice"),
            std::string::npos);
  auto good = ParseLocalList("ServiceRequestID\nSR1\nSR2\n", "mine.csv");
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(good->referrals.size(), 2u);
  EXPECT_FALSE(good->referrals[0].first_contact.has_value());
}

}  // namespace
}  // namespace mhds::extract
