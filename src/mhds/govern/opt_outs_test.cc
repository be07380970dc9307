#include "mhds/govern/opt_outs.h"

#include <gtest/gtest.h>

namespace mhds::govern {
namespace {

TEST(OptOuts, RemovesExactlyTheCohortRecordsOnTheList) {
  std::string text = "NHS_NUMBER,VALUE\n";
  for (int i = 0; i < 100; ++i)
    text += "99900001" + std::to_string(10 + i % 90) + "," + std::to_string(i) + "\n";
  auto cohort = CsvDocument::Parse(text, "cohort.csv");
  ASSERT_TRUE(cohort.ok());
  // 9990000110 appears twice in the cohort (i = 0 and 90); 9990009999 not at all.
  std::set<std::string> list = {"9990000110", "9990000150", "9990009999"};
  auto filtered = FilterCohort(*cohort, "NHS_NUMBER", &list);
  ASSERT_TRUE(filtered.ok()) << filtered.status().ToString();
  EXPECT_EQ(filtered->records_before, 100);
  EXPECT_EQ(filtered->records_after, 97);
  EXPECT_EQ(filtered->csv.find("9990000150"), std::string::npos);
  auto unfiltered = FilterCohort(*cohort, "NHS_NUMBER", nullptr);
  ASSERT_TRUE(unfiltered.ok());
  EXPECT_EQ(unfiltered->records_after, 100);
}

TEST(OptOuts, NamesTheMissingNhsNumberColumn) {
  auto cohort = CsvDocument::Parse("ID\n1\n", "cohort.csv");
  ASSERT_TRUE(cohort.ok());
  auto filtered = FilterCohort(*cohort, "NHS_NUMBER", nullptr);
  ASSERT_FALSE(filtered.ok());
  EXPECT_NE(filtered.status().message().find("cohort.csv:1: no column 'NHS_NUMBER'"),
            std::string::npos);
}

}  // namespace
}  // namespace mhds::govern
