#include "mhds/generate/value_maker.h"

#include <gtest/gtest.h>

#include <set>

#include "mhds/base/calendar.h"
#include "mhds/validate/value_checks.h"

namespace mhds::generate {
namespace {

Submission October2026(const spec::Spec& spec) {
  Submission s;
  s.period_start = DaysFromCivil(2026, 10, 1);
  s.period_end = DaysFromCivil(2026, 10, 31);
  s.uploaded_at = (s.period_end + 5) * kSecondsPerDay;
  s.period_start_text = FormatDate(s.period_start);
  s.period_end_text = FormatDate(s.period_end);
  s.uploaded_at_text = FormatDateTime(s.uploaded_at);
  s.org = "RX1";
  s.version = spec.version;
  return s;
}

class ValueMakerTest : public ::testing::TestWithParam<const char*> {};

TEST_P(ValueMakerTest, EveryItemOfEveryTableGetsAValueOfItsFormatAndCodeList) {
  auto spec = spec::LoadSpec(std::string(MHDS_SOURCE_DIR) + "/specs/" + GetParam());
  ASSERT_TRUE(spec.ok()) << spec.status().message();
  Submission submission = October2026(*spec);
  RecordRules rules(*spec, submission);
  ValueMaker maker(rules);
  Rng rng(1);
  std::string value;
  int checked = 0;
  for (size_t t = 0; t < spec->tables.size(); ++t) {
    const spec::Table& table = spec->tables[t];
    Row row(table.items.size());
    for (size_t i = 0; i < table.items.size(); ++i) {
      const spec::Item& item = table.items[i];
      if (item.type == spec::ValueType::kNhsNumber) continue;  // drawn by NextTestNhsNumber
      for (int draw = 0; draw < 20; ++draw) {
        maker.Make(static_cast<int>(t), static_cast<int>(i), row, nullptr, nullptr, nullptr, rng,
                   value);
        if (item.code_list >= 0 && !rules.ValidCodes(item.code_list).empty()) {
          EXPECT_TRUE(rules.IsValidCode(item.code_list, value))
              << table.code << "." << item.short_name << " = '" << value << "'";
        } else {
          EXPECT_TRUE(validate::MatchesFormat(value, item.format, item.type))
              << table.code << "." << item.short_name << " (" << item.format.text << ") = '"
              << value << "'";
        }
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 1000);
}

INSTANTIATE_TEST_SUITE_P(EverySpec, ValueMakerTest,
                         ::testing::Values("mhsds/6.0", "iapt/2.0", "iapt/2.1"));

TEST(ValueMaker, DatesFallInsideWhatTheirCompareRulesAllow) {
  auto spec = spec::LoadSpec(std::string(MHDS_SOURCE_DIR) + "/specs/mhsds/6.0");
  ASSERT_TRUE(spec.ok());
  Submission submission = October2026(*spec);
  RecordRules rules(*spec, submission);
  ValueMaker maker(rules);
  const int header_table = spec->header_table;
  Row header(spec->tables[header_table].items.size());
  header[spec->period_start_item] = submission.period_start_text;
  header[spec->period_end_item] = submission.period_end_text;
  const int contacts = spec->FindTable("MHS201");
  const int date = spec->tables[contacts].FindItem("CareContDate");
  Row row(spec->tables[contacts].items.size());
  Rng rng(3);
  for (int i = 0; i < 500; ++i) {
    maker.Make(contacts, date, row, &header, nullptr, nullptr, rng, row[date]);
    auto day = ParseDate(row[date]);
    ASSERT_TRUE(day.has_value()) << row[date];
    EXPECT_GE(*day, submission.period_start);
    EXPECT_LE(*day, submission.period_end);
  }
}

TEST(ValueMaker, NeRulesPinTheValueToTheOneItMustEqual) {
  auto spec = spec::LoadSpec(std::string(MHDS_SOURCE_DIR) + "/specs/mhsds/6.0");
  ASSERT_TRUE(spec.ok());
  Submission submission = October2026(*spec);
  RecordRules rules(*spec, submission);
  ValueMaker maker(rules);
  Rng rng(4);
  const int h = spec->header_table;
  Row header(spec->tables[h].items.size());
  std::string value;
  maker.Make(h, spec->period_start_item, header, nullptr, nullptr, nullptr, rng, value);
  EXPECT_EQ(value, "2026-10-01");
  maker.Make(h, spec->provider_item, header, nullptr, nullptr, nullptr, rng, value);
  EXPECT_EQ(value, "RX1");
  maker.Make(h, spec->tables[h].FindItem("DatSetVer"), header, nullptr, nullptr, nullptr, rng,
             value);
  EXPECT_EQ(value, "6.0");
}

TEST(TestNhsNumbers, AreUniquePassModulus11AndStayInThe999Range) {
  uint64_t cursor = 0;
  std::set<std::string> seen;
  for (int i = 0; i < 50000; ++i) {
    auto number = NextTestNhsNumber(cursor);
    ASSERT_TRUE(number.has_value());
    EXPECT_EQ(number->substr(0, 3), "999");
    EXPECT_TRUE(validate::PassesModulus11(*number)) << *number;
    EXPECT_FALSE(validate::IsDisallowedNhsNumber(*number));
    EXPECT_TRUE(seen.insert(*number).second) << "repeated " << *number;
  }
}

TEST(TestNhsNumbers, RunOutAfterTheRangeInsteadOfRepeating) {
  uint64_t cursor = 0;
  uint64_t n = 0;
  while (NextTestNhsNumber(cursor)) ++n;
  EXPECT_GT(n, 900000u);
  EXPECT_LT(n, 1000000u);
}

TEST(SnomedConceptId, PassesTheVerhoeffAndPartitionChecks) {
  for (uint64_t body : {0u, 1u, 12345u, 999999u, 4000000u}) {
    EXPECT_TRUE(validate::IsSnomedCtId(SnomedConceptId(body))) << SnomedConceptId(body);
  }
}

TEST(FloorAndCeilDiv, RoundTowardsMinusAndPlusInfinity) {
  EXPECT_EQ(FloorDiv(7, 2), 3);
  EXPECT_EQ(FloorDiv(-7, 2), -4);
  EXPECT_EQ(CeilDiv(7, 2), 4);
  EXPECT_EQ(CeilDiv(-7, 2), -3);
  EXPECT_EQ(FloorDiv(-8, 2), -4);
  EXPECT_EQ(CeilDiv(8, 2), 4);
}

}  // namespace
}  // namespace mhds::generate
