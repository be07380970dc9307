// report.html: escaping, self-containment, and the sections a data lead reads.
#include "mhds/report/html_report.h"

#include <gtest/gtest.h>

#include "mhds/report/testing/sample_result.h"

namespace mhds::report {
namespace {

using testing::RejectedResult;
using testing::SampleResult;
using testing::SampleSpec;

bool Contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

TEST(HtmlReport, EscapesSubmittedValuesSoNoScriptReachesThePage) {
  const spec::Spec spec = SampleSpec();
  const std::string html = HtmlReport(spec, SampleResult(spec), ReportInfo{});
  EXPECT_TRUE(Contains(html, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;")) << html;
  EXPECT_FALSE(Contains(html, "<script")) << html;
  EXPECT_TRUE(Contains(html, "CareContDate is odd, &quot;quoted&quot;"));
}

TEST(HtmlReport, IsSelfContainedWithAPolicyForbiddingScriptsAndExternalAssets) {
  const spec::Spec spec = SampleSpec();
  const std::string html = HtmlReport(spec, SampleResult(spec), ReportInfo{});
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_TRUE(Contains(html, "default-src 'none'; style-src 'unsafe-inline'"));
  EXPECT_TRUE(Contains(html, "<style>"));
  EXPECT_FALSE(Contains(html, "<link"));
  EXPECT_FALSE(Contains(html, "src=\""));
  EXPECT_TRUE(Contains(html, "</html>\n"));
}

TEST(HtmlReport, ShowsTheVerdictTablesRootCausesAndFindingsByCode) {
  const spec::Spec spec = SampleSpec();
  ReportInfo info;
  info.tool_version = "mhds 0.1.0";
  const std::string html = HtmlReport(spec, SampleResult(spec), info);
  EXPECT_TRUE(
      Contains(html, "<h1>Accepted, with rejected rows</h1><p>2 rows rejected in 2 tables."))
      << html;
  EXPECT_TRUE(Contains(html,
                       "<td>MHS101</td><td>MHS101Referral</td><td class=\"num\">10</td>"
                       "<td class=\"num\">9</td><td class=\"num\">1</td>"));
  EXPECT_TRUE(Contains(html, "<strong>MHS101Referral row 4 (ServiceRequestID=SR4)</strong>"));
  EXPECT_TRUE(Contains(html, "Rejects 2 rows; fixing it restores 2."));
  EXPECT_TRUE(Contains(html, "<tr><td>MHS201CareContact</td><td class=\"num\">1</td></tr>"));
  EXPECT_TRUE(Contains(html,
                       "<code>MHS20160</code> <span class=\"sev warning1\">warning "
                       "(severity 1)</span> <strong>1 finding</strong>"));
  EXPECT_TRUE(Contains(html, "<td>MHS10113 #1</td>")) << "the cause of the cascaded finding";
  EXPECT_TRUE(Contains(html, "mhds 0.1.0"));
  // Rejecting codes come before warnings.
  EXPECT_LT(html.find("<code>MHS20142</code>"), html.find("<code>MHS20150</code>"));
}

TEST(HtmlReport, SaysWhyAFileWasRejected) {
  const spec::Spec spec = SampleSpec();
  const std::string html = HtmlReport(spec, RejectedResult(spec), ReportInfo{});
  EXPECT_TRUE(Contains(html,
                       "<header class=\"banner rejected\"><h1>Rejected</h1><p>The file was "
                       "rejected by <code>MHS00019</code>: The header table MHS000Header "
                       "is missing</p>"))
      << html;
  EXPECT_TRUE(Contains(html, "No rejected row traces back to a root cause."));
}

TEST(HtmlReport, ListsAtMostTwoHundredFindingsPerCodeAndCountsTheRest) {
  const spec::Spec spec = SampleSpec();
  validate::ValidationResult result = SampleResult(spec);
  result.findings.resize(1);
  for (validate::FindingId id = 2; id <= kMaxFindingsPerCode + 5; ++id) {
    validate::Finding f = result.findings[0];
    f.id = id;
    f.message = "finding number " + std::to_string(id) + ".";
    result.findings.push_back(f);
  }
  const std::string html = HtmlReport(spec, result, ReportInfo{});
  EXPECT_TRUE(Contains(html, "<strong>205 findings</strong>"));
  EXPECT_TRUE(Contains(html, "finding number 200."));
  EXPECT_FALSE(Contains(html, "finding number 201."));
  EXPECT_TRUE(Contains(html, "and 5 more in findings.csv"));
}

}  // namespace
}  // namespace mhds::report
