#include "mhds/spec/diff.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "mhds/spec/versions.h"

namespace mhds::spec {
namespace {

const std::filesystem::path kRepoRoot = MHDS_SOURCE_DIR;

bool Has(const SpecDiff& diff, SpecChange::Section section, SpecChange::Kind kind,
         const std::string& table, const std::string& subject) {
  return std::any_of(diff.changes.begin(), diff.changes.end(), [&](const SpecChange& c) {
    return c.section == section && c.kind == kind && c.table == table && c.subject == subject;
  });
}

TEST(DiffSpecs, ListsTheIaptV21ChangesOfTheChangeSpecification) {
  auto a = LoadSpec(kRepoRoot / "specs/iapt/2.0");
  auto b = LoadSpec(kRepoRoot / "specs/iapt/2.1");
  ASSERT_TRUE(a.ok() && b.ok());
  SpecDiff diff = DiffSpecs(*a, *b);
  using S = SpecChange::Section;
  using K = SpecChange::Kind;
  EXPECT_TRUE(Has(diff, S::kTable, K::kAdded, "IDS003", "IDS003"));
  EXPECT_TRUE(Has(diff, S::kTable, K::kAdded, "IDS601", "IDS601"));
  EXPECT_EQ(diff.Count(S::kTable, K::kRemoved), 0u);
  EXPECT_TRUE(Has(diff, S::kItem, K::kAdded, "IDS001", "GenderIDCode"));
  EXPECT_TRUE(Has(diff, S::kItem, K::kAdded, "IDS001", "GenderSameAtBirth"));
  auto mandation = std::find_if(diff.changes.begin(), diff.changes.end(), [](const SpecChange& c) {
    return c.subject == "PersonBirthDate" && c.attribute == "mandation";
  });
  ASSERT_NE(mandation, diff.changes.end());
  EXPECT_EQ(mandation->after, "M (mandatory)");
  EXPECT_TRUE(Has(diff, S::kItem, K::kChanged, "IDS004", "EmployStatusRecDate"));
  EXPECT_GT(diff.Count(S::kRule, K::kAdded), 0u);
}

TEST(DiffSpecs, FindsNothingBetweenAFolderAndItself) {
  auto a = LoadSpec(kRepoRoot / "specs/iapt/2.1");
  ASSERT_TRUE(a.ok());
  EXPECT_TRUE(DiffSpecs(*a, *a).changes.empty());
}

TEST(DiffSpecs, ReportsARemovedCodeAndAChangedSeverity) {
  auto a = LoadSpec(kRepoRoot / "specs/iapt/2.0");
  ASSERT_TRUE(a.ok());
  Spec b = *a;
  b.code_lists[0].codes.erase(b.code_lists[0].codes.begin()->first);
  b.rules[0].severity =
      b.rules[0].severity == Severity::kReject ? Severity::kWarning : Severity::kReject;
  SpecDiff diff = DiffSpecs(*a, b);
  EXPECT_EQ(diff.Count(SpecChange::Section::kCode, SpecChange::Kind::kRemoved), 1u);
  EXPECT_TRUE(std::any_of(diff.changes.begin(), diff.changes.end(), [&](const SpecChange& c) {
    return c.subject == a->rules[0].code && c.attribute == "severity";
  }));
}

TEST(Versions, ParsesAndFormatsReportingMonths) {
  EXPECT_EQ(ParseMonth("2022-04"), 2022 * 12 + 3);
  EXPECT_EQ(FormatMonth(*ParseMonth("2020-09")), "2020-09");
  for (const char* bad : {"2022-13", "2022-00", "2022-4", "22-04", "2022/04", "2022-04-01"}) {
    EXPECT_FALSE(ParseMonth(bad).has_value()) << bad;
  }
}

TEST(Versions, PicksTheIaptVersionInForceForAPeriod) {
  auto versions = ListVersionFolders(kRepoRoot / "specs/iapt");
  ASSERT_EQ(versions.size(), 2u);
  EXPECT_EQ(VersionInForceFor(versions, *ParseMonth("2022-03"))->version, "2.0");
  EXPECT_EQ(VersionInForceFor(versions, *ParseMonth("2022-04"))->version, "2.1");
  EXPECT_EQ(VersionInForceFor(versions, *ParseMonth("2020-08")), nullptr);
}

}  // namespace
}  // namespace mhds::spec
