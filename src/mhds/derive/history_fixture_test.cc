// IPS figures counted against the history in the store, on SQLite and PostgreSQL. The fixture is
// three months of provider RXX (February, March and April 2027: the financial year turns between
// March and April), with two March submissions of which the later one counts. Every expected
// figure below is worked out by hand from the records built here.
//
//   A  IPS team, received 2027-01-10. Direct contacts 02-15, 03-05, 04-12; discharged 04-20, last
//      employment status 01.
//   B  IPS team, received 2027-03-01. Two direct contacts on 03-03 (face to face, telephone), one
//      on 04-02.
//   C  IPS team, received 2027-02-20. February nothing; March: the first submission has a direct
//      contact on 03-10, the resubmission only an email (not direct); April a direct one on 04-05.
//   D  non-IPS team, received 2027-04-01: an IPS-coded direct contact on 04-08 (procedure route)
//      and an uncoded direct one on 04-09 (not counted).
//   E  non-IPS team, no IPS procedure: never in the cohort.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "mhds/base/calendar.h"
#include "mhds/derive/history_store.h"
#include "mhds/derive/ips_history.h"
#include "mhds/store/testing/store_fixture.h"

namespace mhds::derive {
namespace {

using M = IpsMeasure;

int64_t Day(const char* text) { return *ParseDate(text); }

ReferralRecord Referral(const std::string& id, const std::string& team, bool ips_team,
                        const char* received) {
  ReferralRecord r;
  r.service_request_id = id;
  r.uniq_serv_req_id = "RXX" + id;
  r.person_id = "p-" + id;
  r.main_team = team;
  r.team = team;
  r.ips_team = ips_team;
  r.received = Day(received);
  return r;
}

ContactRecord Contact(const std::string& id, const std::string& referral, const char* date,
                      const char* mechanism, bool direct = true) {
  ContactRecord c;
  c.uniq_care_cont_id = "RXX" + id;
  c.uniq_serv_req_id = "RXX" + referral;
  c.date = Day(date);
  c.attend_status = "5";
  c.mechanism = mechanism;
  c.direct = direct;
  return c;
}

SubmissionRecords Month(int64_t start, int64_t end) {
  SubmissionRecords s;
  s.provider = "RXX";
  s.month = MonthOf(start, end);
  return s;
}

SubmissionRecords February() {
  SubmissionRecords s = Month(Day("2027-02-01"), Day("2027-02-28"));
  s.referrals = {Referral("A", "T1", true, "2027-01-10"), Referral("C", "T1", true, "2027-02-20")};
  s.contacts = {Contact("A1", "A", "2027-02-15", "01")};
  return s;
}

SubmissionRecords March(bool resubmission) {
  SubmissionRecords s = Month(Day("2027-03-01"), Day("2027-03-31"));
  s.referrals = {Referral("A", "T1", true, "2027-01-10"), Referral("B", "T1", true, "2027-03-01"),
                 Referral("C", "T1", true, "2027-02-20")};
  s.contacts = {Contact("A2", "A", "2027-03-05", "01"), Contact("B1", "B", "2027-03-03", "01"),
                Contact("B2", "B", "2027-03-03", "02")};
  if (resubmission) {
    s.contacts.push_back(Contact("C1", "C", "2027-03-10", "05", false));
  } else {
    s.contacts.push_back(Contact("C1", "C", "2027-03-10", "01"));
  }
  return s;
}

SubmissionRecords April() {
  SubmissionRecords s = Month(Day("2027-04-01"), Day("2027-04-30"));
  ReferralRecord a = Referral("A", "T1", true, "2027-01-10");
  a.discharged = Day("2027-04-20");
  a.employ_status_last = "01";
  ReferralRecord d = Referral("D", "T9", false, "2027-04-01");
  d.ips_procedure = true;
  s.referrals = {a, Referral("B", "T1", true, "2027-03-01"),
                 Referral("C", "T1", true, "2027-02-20"), d,
                 Referral("E", "T9", false, "2027-04-01")};
  ContactRecord d1 = Contact("D1", "D", "2027-04-08", "01");
  d1.ips_procedure = true;
  s.contacts = {Contact("A3", "A", "2027-04-12", "02"), Contact("B3", "B", "2027-04-02", "11"),
                Contact("C2", "C", "2027-04-05", "01"), d1,
                Contact("D2", "D", "2027-04-09", "01"), Contact("E1", "E", "2027-04-09", "01")};
  return s;
}

DeriveCodes Codes() {
  auto codes = DeriveCodes::Parse(
      "list,code,meaning,source\n"
      "ips_team_type,D05,,\nips_procedure,1082621000000104,,\nattended,5,,\n"
      "direct_mechanism,01,,\ndirect_mechanism,02,,\ndirect_mechanism,11,,\n"
      "medium_face_to_face,01,,\nmedium_telephone,02,,\nmedium_video,11,,\nemployed,01,,\n"
      "not_employed,02,,\nemployment_unknown,ZZ,,\ncohort_start,2016-01-01,,\n",
      "derivations.csv");
  EXPECT_TRUE(codes.ok()) << codes.status().message();
  return *codes;
}

class HistoryFixture : public store::testing::StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (HasFatalFailure()) return;
    ASSERT_TRUE(MigrateHistory(db()).ok());
    // Recorded in this order; the second March one replaces the first.
    Record(February(), "feb.zip");
    Record(March(false), "mar.zip");
    Record(March(true), "mar-resubmitted.zip");
    Record(April(), "apr.zip");
  }

  void Record(const SubmissionRecords& s, const std::string& label) {
    auto id = RecordSubmission(db(), s, label, 1800000000);
    ASSERT_TRUE(id.ok()) << id.status().ToString();
  }

  IpsMonth Derive(int uniq_month_id) {
    auto months = LoadHistory(db(), "RXX", uniq_month_id);
    EXPECT_TRUE(months.ok()) << months.status().ToString();
    if (!months.ok() || months->empty()) return {};
    auto figures = CountIpsWithHistory(*months, months->size() - 1, codes_);
    EXPECT_TRUE(figures.ok()) << figures.status().ToString();
    return figures.ok() ? *figures : IpsMonth{};
  }

  DeriveCodes codes_ = Codes();
};

constexpr int kFebruary = 1523;  // 12 * (2027 - 1900) + 2 - 3
constexpr int kMarch = 1524;
constexpr int kApril = 1525;

TEST_P(HistoryFixture, KeepsEverySubmissionAndMarksTheEarlierOfAMonthSuperseded) {
  auto entries = ListHistory(db(), "RXX");
  ASSERT_TRUE(entries.ok()) << entries.status().ToString();
  ASSERT_EQ(entries->size(), 4u);
  EXPECT_EQ((*entries)[1].label, "mar.zip");
  EXPECT_TRUE((*entries)[1].superseded);
  EXPECT_FALSE((*entries)[2].superseded);
  EXPECT_EQ((*entries)[2].uniq_month_id, kMarch);
  auto providers = ProvidersInMonth(db(), kApril);
  ASSERT_TRUE(providers.ok());
  EXPECT_EQ(*providers, std::vector<std::string>{"RXX"});
}

TEST_P(HistoryFixture, LoadsTheLatestSubmissionOfEachMonthWithItsRecords) {
  auto months = LoadHistory(db(), "RXX", kApril);
  ASSERT_TRUE(months.ok()) << months.status().ToString();
  ASSERT_EQ(months->size(), 3u);
  const SubmissionRecords& march = (*months)[1];
  EXPECT_EQ(march.month.uniq_month_id, kMarch);
  ASSERT_EQ(march.contacts.size(), 4u);
  // The resubmission's email contact, not the first submission's direct one.
  EXPECT_EQ(march.contacts[3].uniq_care_cont_id, "RXXC1");
  EXPECT_FALSE(march.contacts[3].direct);
  const SubmissionRecords& april = (*months)[2];
  EXPECT_EQ(april.month.financial_year, "2027/28");
  EXPECT_EQ(april.referrals[0].employ_status_last, "01");
  EXPECT_EQ(april.referrals[0].discharged, Day("2027-04-20"));
  EXPECT_FALSE(april.referrals[1].discharged.has_value());
  EXPECT_TRUE(april.referrals[3].ips_procedure);
}

TEST_P(HistoryFixture, FebruaryCountsTheFirstContactOfA) {
  IpsMonth feb = Derive(kFebruary);
  ASSERT_FALSE(feb.figures.empty());
  const IpsFigures& rxx = feb.figures[0];
  EXPECT_EQ(feb.months_read, 1u);
  EXPECT_EQ(rxx.count(M::kOpenReferrals), 2u);
  EXPECT_EQ(rxx.count(M::kNewReferrals), 1u);  // C
  EXPECT_EQ(rxx.count(M::kCaseload), 1u);      // A; C has no contact yet
  EXPECT_EQ(rxx.count(M::kAccessedFirstTimeEver), 1u);
  EXPECT_EQ(rxx.count(M::kSeenInOver30), 1u);  // 36 days
  EXPECT_EQ(rxx.count(M::kAccessedInFinancialYear), 1u);
  EXPECT_EQ(rxx.count(M::kAccessedInFinancialYearToDate), 1u);
}

TEST_P(HistoryFixture, MarchFirstEverLooksBackAndTheResubmissionWins) {
  IpsMonth mar = Derive(kMarch);
  ASSERT_FALSE(mar.figures.empty());
  const IpsFigures& rxx = mar.figures[0];
  EXPECT_EQ(mar.months_read, 2u);
  // In the file alone A and B would both be first contacts; A was first seen in February. C's
  // direct contact was in the superseded submission only.
  EXPECT_EQ(rxx.count(M::kAccessedFirstTimeEver), 1u);  // B
  EXPECT_EQ(rxx.count(M::kSeenIn7), 1u);                // B, 2 days
  EXPECT_EQ(rxx.count(M::kCaseload), 2u);               // A (since February) and B
  EXPECT_EQ(rxx.count(M::kAccessedInFinancialYear), 1u);
  EXPECT_EQ(rxx.count(M::kAccessedInFinancialYearToDate), 2u);  // February's A + March's B
  EXPECT_EQ(rxx.count(M::kTotalContacts), 3u);  // A2, B1, B2 (same day, both counted)
}

TEST_P(HistoryFixture, AprilStartsANewFinancialYear) {
  IpsMonth apr = Derive(kApril);
  ASSERT_FALSE(apr.figures.empty());
  const IpsFigures& rxx = apr.figures[0];
  EXPECT_EQ(apr.months_read, 3u);
  EXPECT_EQ(apr.cohort_size, 4u);  // A, B, C, D; not E
  EXPECT_EQ(apr.cohort_by_procedure_only, 1u);
  EXPECT_EQ(rxx.count(M::kAccessedFirstTimeEver), 2u);          // C and D
  EXPECT_EQ(rxx.count(M::kAccessedInFinancialYear), 4u);        // A, B, C, D: first in 2027/28
  EXPECT_EQ(rxx.count(M::kAccessedInFinancialYearToDate), 4u);  // March is last year's
  EXPECT_EQ(rxx.count(M::kSeenIn7), 1u);                        // D, 7 days
  EXPECT_EQ(rxx.count(M::kSeenInOver30), 1u);                   // C, 44 days
  EXPECT_EQ(rxx.count(M::kCaseload), 3u);                       // B, C, D; A is discharged
  EXPECT_EQ(rxx.count(M::kClosedReferrals), 1u);
  EXPECT_EQ(rxx.count(M::kLengthOfReferral91To180), 1u);  // A, 100 days
  EXPECT_EQ(rxx.count(M::kClosedReferralsWhoAccessed), 1u);
  EXPECT_EQ(rxx.count(M::kTimeInCaseload0To90), 1u);  // A, 02-15 to 04-20: 64 days
  EXPECT_EQ(rxx.count(M::kEmployedAtDischarge), 1u);
  EXPECT_EQ(rxx.count(M::kTotalContacts), 4u);  // A3, B3, C2, D1; not D2 (uncoded) nor E1
  EXPECT_EQ(rxx.count(M::kTotalContactsVideo), 1u);
  // Team rows: T1 (A, B, C) and T9 (D, by procedure).
  ASSERT_EQ(apr.figures.size(), 3u);
  EXPECT_EQ(apr.figures[1].team, "T1");
  EXPECT_EQ(apr.figures[1].count(M::kAccessedFirstTimeEver), 1u);
  EXPECT_EQ(apr.figures[2].team, "T9");
  EXPECT_EQ(apr.figures[2].count(M::kAccessedFirstTimeEver), 1u);
}

TEST_P(HistoryFixture, TheSameAprilAloneCountsEveryFirstContactInTheFile) {
  std::vector<SubmissionRecords> alone = {April()};
  auto apr = CountIpsWithHistory(alone, 0, codes_);
  ASSERT_TRUE(apr.ok());
  EXPECT_EQ(apr->figures[0].count(M::kAccessedFirstTimeEver), 4u);
  EXPECT_EQ(apr->figures[0].count(M::kSeenInOver30), 3u);  // A 92, B 32, C 44 days
}

MHDS_INSTANTIATE_STORE_TEST(HistoryFixture);

}  // namespace
}  // namespace mhds::derive
