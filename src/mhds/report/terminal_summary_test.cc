// The terminal summary: verdict lines, tables, root causes, codes, colour and control characters.
#include "mhds/report/terminal_summary.h"

#include <gtest/gtest.h>

#include <sstream>

#include "mhds/report/testing/sample_result.h"

namespace mhds::report {
namespace {

using testing::RejectedResult;
using testing::SampleResult;
using testing::SampleSpec;

std::string Summary(const spec::Spec& spec, const validate::ValidationResult& result,
                    const SummaryOptions& options = {}) {
  std::ostringstream out;
  PrintSummary(spec, result, out, options);
  return out.str();
}

bool SummaryContains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

TEST(PrintSummary, StartsWithTheVerdictOfAnAcceptedFileWithRejectedRows) {
  const spec::Spec spec = SampleSpec();
  const std::string text = Summary(spec, SampleResult(spec));
  EXPECT_EQ(text.substr(0, text.find('\n')),
            "ACCEPTED with 2 rejected rows in 2 tables (2 warnings)");
  EXPECT_FALSE(SummaryContains(text, "\x1b")) << "no colour unless asked";
}

TEST(PrintSummary, NamesTheRuleThatRejectedTheFile) {
  const spec::Spec spec = SampleSpec();
  const std::string text = Summary(spec, RejectedResult(spec));
  EXPECT_EQ(text.substr(0, text.find('\n')),
            "REJECTED: the file was rejected by MHS00019: The header table MHS000Header is "
            "missing");
  EXPECT_FALSE(SummaryContains(text, "received")) << "no table was present or had findings:\n"
                                                  << text;
}

TEST(PrintSummary, SaysSoWhenNothingWasRejected) {
  const spec::Spec spec = SampleSpec();
  validate::ValidationResult result = SampleResult(spec);
  result.findings.clear();
  result.root_causes.clear();
  for (validate::TableCounts& t : result.tables) {
    t.accepted = t.received;
    t.rejected = 0;
  }
  const std::string text = Summary(spec, result);
  EXPECT_EQ(text.substr(0, text.find('\n')), "ACCEPTED: no rejections");
}

TEST(PrintSummary, ListsTablesRootCausesAndCodes) {
  const spec::Spec spec = SampleSpec();
  SummaryOptions options;
  options.report_dir = "out/oct";
  const std::string text = Summary(spec, SampleResult(spec), options);
  EXPECT_TRUE(SummaryContains(text, "  MHS101Referral           10         9         1\n")) << text;
  EXPECT_TRUE(
      SummaryContains(text,
                      "  1. MHS10113 MHS101Referral row 4 (ServiceRequestID=SR4): "
                      "ReferralRequestReceivedDate '=SUM(A1)' is not a date, e.g. 2026-10-01 "
                      "\u2014 fixing it restores 2 rows: MHS101Referral 1, MHS201CareContact 1\n"))
      << text;
  EXPECT_TRUE(SummaryContains(text, "  MHS10113  rejected        1  MHS101Referral\n")) << text;
  EXPECT_LT(text.find("MHS20142  rejected"), text.find("MHS20150  warning"));
  EXPECT_TRUE(SummaryContains(text, "Full reports in out/oct: report.html report.json")) << text;
}

TEST(PrintSummary, LimitsRootCausesToTheTopN) {
  const spec::Spec spec = SampleSpec();
  validate::ValidationResult result = SampleResult(spec);
  validate::RootCause second = result.root_causes[0];
  second.finding = 2;
  second.rows_restored = 1;
  result.root_causes.push_back(second);
  SummaryOptions options;
  options.top_root_causes = 1;
  const std::string text = Summary(spec, result, options);
  EXPECT_TRUE(SummaryContains(text, "Root causes (1 of 2, most rows restored first)")) << text;
  EXPECT_FALSE(SummaryContains(text, "  2. ")) << text;
}

TEST(PrintSummary, ColoursOnlyWhenAsked) {
  const spec::Spec spec = SampleSpec();
  SummaryOptions options;
  options.color = true;
  EXPECT_EQ(Summary(spec, RejectedResult(spec), options).rfind("\x1b[31mREJECTED\x1b[0m", 0), 0u);
  EXPECT_EQ(Summary(spec, SampleResult(spec), options).rfind("\x1b[32mACCEPTED\x1b[0m", 0), 0u);
}

TEST(PrintSummary, EscapesControlCharactersFromTheSubmission) {
  const spec::Spec spec = SampleSpec();
  validate::ValidationResult result = SampleResult(spec);
  result.findings[0].message = "value \x1b[2J\xc2\x9b wiped";
  result.findings[0].keys = {"SR\r4"};
  const std::string text = Summary(spec, result);
  EXPECT_FALSE(SummaryContains(text, "\x1b")) << text;
  EXPECT_FALSE(SummaryContains(text, "\xc2\x9b")) << text;
  EXPECT_TRUE(SummaryContains(text, "value \\x1b[2J\\x9b wiped")) << text;
  EXPECT_TRUE(SummaryContains(text, "(ServiceRequestID=SR\\x0d4)")) << text;
}

}  // namespace
}  // namespace mhds::report
