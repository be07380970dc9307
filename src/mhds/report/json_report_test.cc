// The JSON report of the sample result against the schema in docs/dq_report_format.md.
#include "mhds/report/json_report.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "mhds/report/testing/sample_result.h"

namespace mhds::report {
namespace {

using nlohmann::json;
using testing::RejectedResult;
using testing::SampleResult;
using testing::SampleSpec;

ReportInfo Info() {
  ReportInfo info;
  info.spec_folder = "specs/mhsds/6.0";
  info.tool_version = "mhds 0.1.0";
  info.generated_at = "2026-11-05T10:01:02";
  info.elapsed_seconds = 1.23456;
  return info;
}

TEST(JsonReport, DescribesAnAcceptedSubmissionWithTheDocumentedFields) {
  const spec::Spec spec = SampleSpec();
  json doc = json::parse(JsonReport(spec, SampleResult(spec), Info()));

  EXPECT_EQ(doc["status"], "accepted");
  EXPECT_EQ(doc["data_set"], json({{"name", "MHSDS"}, {"version", "6.0"}}));
  EXPECT_EQ(doc["source"], "submission/oct");
  EXPECT_EQ(doc["period"], json({{"start", "2026-10-01"}, {"end", "2026-10-31"}}));
  EXPECT_EQ(doc["uploaded_at"], "2026-11-05T10:00:00");
  EXPECT_EQ(doc["report"]["format_version"], 1);
  EXPECT_EQ(doc["report"]["tool"], "mhds 0.1.0");
  EXPECT_EQ(doc["report"]["spec_folder"], "specs/mhsds/6.0");
  EXPECT_EQ(doc["report"]["generated_at"], "2026-11-05T10:01:02");
  EXPECT_DOUBLE_EQ(doc["report"]["elapsed_seconds"].get<double>(), 1.235);

  json& summary = doc["summary"];
  EXPECT_EQ(summary["findings"], 4);
  EXPECT_EQ(summary["rejections"], 2);
  EXPECT_EQ(summary["warnings"], 2);
  EXPECT_EQ(summary["rows_received"], 41);
  EXPECT_EQ(summary["rows_accepted"], 39);
  EXPECT_EQ(summary["rows_rejected"], 2);
  EXPECT_TRUE(summary["file_rejection"].is_null());

  ASSERT_EQ(doc["tables"].size(), 3u);
  EXPECT_EQ(doc["tables"][1], json({{"code", "MHS101"},
                                    {"idb_name", "MHS101Referral"},
                                    {"present", true},
                                    {"received", 10},
                                    {"accepted", 9},
                                    {"rejected", 1}}));
}

TEST(JsonReport, WritesEveryFieldOfAFinding) {
  const spec::Spec spec = SampleSpec();
  json doc = json::parse(JsonReport(spec, SampleResult(spec), Info()));
  ASSERT_EQ(doc["findings"].size(), 4u);
  EXPECT_EQ(doc["findings"][0], json({{"id", 1},
                                      {"code", "MHS10113"},
                                      {"level", "record"},
                                      {"severity", "rejected"},
                                      {"table", "MHS101Referral"},
                                      {"row", 4},
                                      {"line", 5},
                                      {"keys", {{"ServiceRequestID", "SR4"}}},
                                      {"item", "ReferralRequestReceivedDate"},
                                      {"value", "=SUM(A1)"},
                                      {"message",
                                       "ReferralRequestReceivedDate '=SUM(A1)' is not "
                                       "a date, e.g. 2026-10-01"},
                                      {"cause", nullptr},
                                      {"count", nullptr}}));
  EXPECT_EQ(doc["findings"][1]["level"], "group");
  EXPECT_EQ(doc["findings"][1]["cause"], 1);
  EXPECT_EQ(doc["findings"][2]["severity"], "warning");
  EXPECT_EQ(doc["findings"][2]["value"], "<script>alert(\"x\")</script>");
  EXPECT_EQ(doc["findings"][3]["severity"], "warning1");
}

TEST(JsonReport, WritesRootCausesWithTheirCascadeByTable) {
  const spec::Spec spec = SampleSpec();
  json doc = json::parse(JsonReport(spec, SampleResult(spec), Info()));
  ASSERT_EQ(doc["root_causes"].size(), 1u);
  EXPECT_EQ(
      doc["root_causes"][0],
      json({{"finding", 1},
            {"code", "MHS10113"},
            {"table", "MHS101Referral"},
            {"message", "ReferralRequestReceivedDate '=SUM(A1)' is not a date, e.g. 2026-10-01"},
            {"rows_rejected", 2},
            {"rows_restored", 2},
            {"by_table", {{"MHS101Referral", 1}, {"MHS201CareContact", 1}}}}));
}

TEST(JsonReport, MarksARejectedFileAndUsesNullForWhatIsNotKnown) {
  const spec::Spec spec = SampleSpec();
  json doc = json::parse(JsonReport(spec, RejectedResult(spec), Info()));
  EXPECT_EQ(doc["status"], "rejected");
  EXPECT_EQ(doc["summary"]["file_rejection"], 1);
  EXPECT_TRUE(doc["period"]["start"].is_null());
  EXPECT_TRUE(doc["period"]["end"].is_null());
  EXPECT_EQ(doc["tables"][0]["present"], false);
  json& f = doc["findings"][0];
  EXPECT_EQ(f["level"], "file");
  EXPECT_EQ(f["code"], "MHS00019");
  for (const char* field : {"table", "row", "line", "item", "value", "cause", "count"}) {
    EXPECT_TRUE(f[field].is_null()) << field;
  }
  EXPECT_EQ(f["keys"], json::object());
  EXPECT_TRUE(doc["root_causes"].empty());
}

TEST(JsonReport, PutsOneFindingOnEachLineAndEndsWithoutANewline) {
  const spec::Spec spec = SampleSpec();
  const std::string text = JsonReport(spec, SampleResult(spec), Info());
  EXPECT_NE(text.find("\n    {\"id\":1,\"code\":\"MHS10113\","), std::string::npos) << text;
  EXPECT_NE(text.find("\n    {\"id\":4,"), std::string::npos);
  EXPECT_EQ(text.back(), '}');
  validate::ValidationResult empty;
  json doc = json::parse(JsonReport(spec, empty, Info()));
  EXPECT_TRUE(doc["findings"].is_array());
  EXPECT_TRUE(doc["findings"].empty());
}

TEST(JsonReport, ReplacesInvalidUtf8InsteadOfFailing) {
  const spec::Spec spec = SampleSpec();
  validate::ValidationResult result = SampleResult(spec);
  result.findings[0].value = "bad \xff byte";
  result.source = "folder \xc3";
  json doc = json::parse(JsonReport(spec, result, Info()));
  EXPECT_EQ(doc["findings"][0]["value"], "bad \xef\xbf\xbd byte");
  EXPECT_EQ(doc["source"], "folder \xef\xbf\xbd");
}

}  // namespace
}  // namespace mhds::report
