// The derived items of the hand-worked fixture testdata/ips-2026-10 (October 2026, RX1).
#include "mhds/derive/submission_records.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "mhds/io/table_source.h"
#include "mhds/spec/spec.h"
#include "mhds/validate/validator.h"

namespace mhds::derive {
namespace {

class SubmissionRecordsTest : public ::testing::Test {
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
    auto codes = DeriveCodes::Load(spec_);
    ASSERT_TRUE(codes.ok()) << codes.status().message();
    codes_ = std::move(codes).value();
  }

  SubmissionRecords Read(const PersonKey* key) {
    auto records = ReadSubmissionRecords(spec_, *source_, validation_, codes_, key);
    EXPECT_TRUE(records.ok()) << records.status().message();
    return records.ok() ? *records : SubmissionRecords{};
  }

  spec::Spec spec_;
  std::unique_ptr<io::TableSource> source_;
  validate::ValidationResult validation_;
  DeriveCodes codes_;
};

const ReferralRecord* FindReferral(const SubmissionRecords& s, const std::string& id) {
  auto it = std::find_if(s.referrals.begin(), s.referrals.end(),
                         [&](const ReferralRecord& r) { return r.uniq_serv_req_id == id; });
  return it == s.referrals.end() ? nullptr : &*it;
}

const ContactRecord* FindContact(const SubmissionRecords& s, const std::string& id) {
  auto it = std::find_if(s.contacts.begin(), s.contacts.end(),
                         [&](const ContactRecord& c) { return c.uniq_care_cont_id == id; });
  return it == s.contacts.end() ? nullptr : &*it;
}

TEST_F(SubmissionRecordsTest, QualifiesIdsByProviderAndNumbersTheMonth) {
  SubmissionRecords s = Read(nullptr);
  EXPECT_EQ(s.provider, "RX1");
  EXPECT_EQ(s.month.uniq_month_id, 1519);
  EXPECT_EQ(s.month.financial_year, "2026/27");
  const ReferralRecord* sr1002 = FindReferral(s, "RX1SR1002");
  ASSERT_NE(sr1002, nullptr);
  EXPECT_EQ(sr1002->service_request_id, "SR1002");
  EXPECT_TRUE(sr1002->ips_team);
  EXPECT_TRUE(sr1002->ips_procedure);  // CC2005 carries 1082621000000104
  // Born 1988-03-14: 38 on 2026-10-01 and 2026-10-31.
  EXPECT_EQ(sr1002->age_at_start, 38);
  EXPECT_EQ(sr1002->age_at_end, 38);
  EXPECT_EQ(sr1002->employ_status_last, "02");
  EXPECT_EQ(sr1002->person_id, "");  // no key
  // SR1015 was rejected: not recorded.
  EXPECT_EQ(FindReferral(s, "RX1SR1015"), nullptr);
}

TEST_F(SubmissionRecordsTest, OrdersTheDirectContactsOfAReferralByDateThenTime) {
  SubmissionRecords s = Read(nullptr);
  // SR1002: CC2003 10-02 13:30, CC2041 10-02 16:00, CC2005 10-23; CC2004 did not attend and
  // CC2042 is an email: not direct, no order.
  const ContactRecord* cc2003 = FindContact(s, "RX1CC2003");
  const ContactRecord* cc2041 = FindContact(s, "RX1CC2041");
  const ContactRecord* cc2005 = FindContact(s, "RX1CC2005");
  const ContactRecord* cc2042 = FindContact(s, "RX1CC2042");
  ASSERT_TRUE(cc2003 && cc2041 && cc2005 && cc2042);
  EXPECT_EQ(cc2003->contact_order, 1);
  EXPECT_EQ(cc2041->contact_order, 2);
  EXPECT_EQ(cc2005->contact_order, 3);
  EXPECT_TRUE(cc2005->ips_procedure);
  EXPECT_FALSE(cc2042->direct);
  EXPECT_EQ(cc2042->contact_order, 0);
  EXPECT_EQ(cc2003->uniq_serv_req_id, "RX1SR1002");
}

TEST_F(SubmissionRecordsTest, GivesPersonIdsUnderAKey) {
  auto key = PersonKey::FromBytes("0123456789abcdef0123456789abcdef");
  ASSERT_TRUE(key.ok());
  SubmissionRecords s = Read(&*key);
  const ReferralRecord* sr1002 = FindReferral(s, "RX1SR1002");
  const ReferralRecord* sr1001 = FindReferral(s, "RX1SR1001");
  ASSERT_TRUE(sr1002 && sr1001);
  // HMAC-SHA256 of RX1P0001's NHS Number 9990000018 (see person_key_test.cc); SR1001 is the
  // same person's.
  EXPECT_EQ(sr1002->person_id, "c9b0cd60b54448660b7386dafaa34078ec04c64a2c08c2879d908c20b8a373bf");
  EXPECT_EQ(sr1001->person_id, sr1002->person_id);
}

}  // namespace
}  // namespace mhds::derive
