// The Talking Therapies history on both engines: every recorded submission kept, the latest of a
// month the one that counts, records read back as written (a score recorded as absent stays
// absent), and the figures from the store equal to those of the same records counted directly.
#include "mhds/derive/tt_history.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "mhds/base/calendar.h"
#include "mhds/store/testing/store_fixture.h"

namespace mhds::derive {
namespace {

TtMonthRecords TtMonthOf(int month, std::vector<TtContactRecord> contacts) {
  TtMonthRecords m;
  m.provider = "RX1";
  m.spec_version = "2.1";
  m.month =
      MonthOf(DaysFromCivil(2022, month, 1), DaysFromCivil(2022, month, month == 4 ? 30 : 31));
  TtPathwayRecord p;
  p.service_request_id = "SR1";
  p.person_id = "a1b2";
  p.commissioner = "00T";
  p.received = DaysFromCivil(2022, 3, 1);
  m.pathways = {p};
  m.contacts = std::move(contacts);
  return m;
}

TtContactRecord TreatmentOn(std::string id, int64_t day, std::optional<int> phq9) {
  TtContactRecord c;
  c.care_contact_id = std::move(id);
  c.service_request_id = "SR1";
  c.date = day;
  c.time = "10:00";
  c.attendance = "5";
  c.app_type = "02";
  c.phq9 = phq9;
  c.gad7 = 9;
  c.scores_read = phq9 ? 2 : 1;
  return c;
}

class TtHistory : public store::testing::StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (HasFatalFailure()) return;
    ASSERT_TRUE(MigrateTtHistory(db()).ok());
    april_ = TtMonthOf(4, {TreatmentOn("C1", DaysFromCivil(2022, 4, 10), std::nullopt)});
    may_first_ = TtMonthOf(5, {});
    may_ = TtMonthOf(5, {TreatmentOn("C2", DaysFromCivil(2022, 5, 10), 12)});
    for (auto [records, label] :
         {std::pair{&april_, "apr"}, std::pair{&may_first_, "may-1"}, std::pair{&may_, "may-2"}}) {
      auto id = RecordTtSubmission(db(), *records, label, 1800000000);
      ASSERT_TRUE(id.ok()) << id.status().ToString();
    }
  }

  TtMonthRecords april_, may_first_, may_;
};

TEST_P(TtHistory, KeepsEverySubmissionAndTheLatestOfAMonthCounts) {
  auto entries = ListTtHistory(db(), "RX1");
  ASSERT_TRUE(entries.ok()) << entries.status().ToString();
  ASSERT_EQ(entries->size(), 3u);
  EXPECT_FALSE((*entries)[0].superseded);
  EXPECT_TRUE((*entries)[1].superseded);
  EXPECT_EQ((*entries)[1].label, "may-1");
  EXPECT_FALSE((*entries)[2].superseded);
  auto months = LoadTtHistory(db(), "RX1", may_.month.uniq_month_id);
  ASSERT_TRUE(months.ok()) << months.status().ToString();
  ASSERT_EQ(months->size(), 2u);
  ASSERT_EQ((*months)[1].contacts.size(), 1u);  // may-2, not the empty may-1
  EXPECT_EQ((*months)[1].contacts[0].phq9, 12);
  EXPECT_EQ((*months)[0].contacts[0].phq9, std::nullopt);
  EXPECT_EQ((*months)[0].contacts[0].gad7, 9);
  EXPECT_EQ((*months)[0].pathways[0].person_id, "a1b2");
  EXPECT_EQ((*months)[0].spec_version, "2.1");
  auto replaced = LoadSupersededTtMonth(db(), "RX1", may_.month.uniq_month_id);
  ASSERT_TRUE(replaced.ok()) << replaced.status().ToString();
  ASSERT_EQ(replaced->size(), 1u);
  EXPECT_EQ((*replaced)[0].entry.label, "may-1");
  auto providers = TtProvidersInMonth(db(), may_.month.uniq_month_id);
  ASSERT_TRUE(providers.ok());
  EXPECT_EQ(*providers, std::vector<std::string>{"RX1"});
}

TEST_P(TtHistory, FiguresFromTheStoreEqualThoseOfTheRecords) {
  auto from_store = DeriveTtFromStore(db(), "RX1", may_.month.uniq_month_id,
                                      std::string(MHDS_SOURCE_DIR) + "/specs");
  ASSERT_TRUE(from_store.ok()) << from_store.status().ToString();
  auto settings = LoadTtSettings(std::string(MHDS_SOURCE_DIR) + "/specs/iapt/2.1");
  ASSERT_TRUE(settings.ok());
  auto direct = CountTtMonth(*settings, may_, {&april_});
  ASSERT_TRUE(direct.ok());
  EXPECT_EQ(from_store->earlier_files, 1u);
  EXPECT_EQ(from_store->figures[0].counts, direct->figures[0].counts);
  // SR1 entered treatment in April, so not in May.
  EXPECT_EQ(from_store->figures[0].count(TtMeasure::kEnteredTreatment), 0u);
  auto missing = DeriveTtFromStore(db(), "RX1", may_.month.uniq_month_id + 1,
                                   std::string(MHDS_SOURCE_DIR) + "/specs");
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
}

MHDS_INSTANTIATE_STORE_TEST(TtHistory);

}  // namespace
}  // namespace mhds::derive
