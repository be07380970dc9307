#include "mhds/trace/batch_request.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "mhds/trace/mesh_codes.h"

namespace mhds::trace {
namespace {

constexpr const char* kHeader = "MPTREQ_20261123120000,SPINE_MPTPHASE4_TRACE,20261123120000,";

// A well-formed data record with `edit` applied to its 24 fields.
std::string Record(const std::string& reference,
                   void (*edit)(std::vector<std::string>&) = nullptr) {
  std::vector<std::string> f(kRequestColumnCount);
  f[kUniqueReference] = reference;
  f[kFamilyName] = "Pemberton";
  f[kGivenName] = "Ada";
  f[kGender] = "2";
  f[kDateOfBirth] = "19800312";
  f[kPostcode] = "LS1 4HR";
  if (edit != nullptr) edit(f);
  std::string line;
  for (size_t i = 0; i < f.size(); ++i) line += (i ? "," : "") + f[i];
  return line + "\r\n";
}

std::string File(const std::vector<std::string>& records, int count = -1) {
  std::string text = kHeader + std::to_string(count < 0 ? records.size() : count) + "\r\n";
  for (const std::string& r : records) text += r;
  return text;
}

RequestFile Parse(const std::string& text, std::string_view file_name = "request.csv") {
  return ParseRequest(text, "request.csv", file_name);
}

TEST(BatchRequest, ReadsTheHeaderAndDataRecords) {
  const RequestFile file = Parse(File({Record("R1"), Record("R2")}));
  ASSERT_EQ(file.file_code, code::kSuccess) << file.problem;
  EXPECT_EQ(file.header.reference, "MPTREQ_20261123120000");
  EXPECT_EQ(file.header.workflow_id, "SPINE_MPTPHASE4_TRACE");
  ASSERT_EQ(file.rows.size(), 2u);
  EXPECT_EQ(file.rows[1].line, 3u);
  EXPECT_TRUE(file.rows[0].field_code.empty()) << file.rows[0].problem;
  EXPECT_EQ(file.rows[0].date_of_birth, 19800312);
  EXPECT_EQ(file.rows[0].Field(kFamilyName), "Pemberton");
}

TEST(BatchRequest, ReadsQuotedCommasQuotesAndLineBreaksInAddresses) {
  const RequestFile file = Parse(File({Record("R1", [](std::vector<std::string>& f) {
    f[kAddressLine1] = "\"Flat 2, \"\"The Mill\"\"\r\nMill Road\"";
  })}));
  ASSERT_EQ(file.file_code, code::kSuccess) << file.problem;
  ASSERT_EQ(file.rows.size(), 1u);
  EXPECT_EQ(file.rows[0].Field(kAddressLine1), "Flat 2, \"The Mill\"\r\nMill Road");
  EXPECT_TRUE(file.rows[0].field_code.empty()) << file.rows[0].problem;
}

TEST(BatchRequest, RejectsMalformedFilesWithTheirFileLevelCodes) {
  struct Case {
    std::string text;
    std::string_view code;
    std::string_view file_name = "request.csv";
  };
  const std::string good = Record("R1");
  const std::vector<Case> cases = {
      {"", code::kParseError},
      {"MPTREQ_20261123120000,SPINE_MPTPHASE4_TRACE\r\n", code::kParseError},
      {kHeader + std::string("1\r\n\"R1,unterminated\r\n"), code::kParseError},
      {kHeader + std::string("x\r\n"), code::kParseError},
      {"MPTREQ_2026,SPINE_MPTPHASE4_TRACE,20261123120000,0\r\n", code::kInvalidReference},
      {"MPTREQ_20261123120000,SPINE_OTHER,20261123120000,0\r\n", code::kInvalidWorkflowId},
      {File({good}, 2), code::kCountMismatch},
      {"MPTREQ_20261123120000,SPINE_MPTPHASE4_TRACE,20261123120000,500001\r\n",
       code::kTooManyRecords},
      {File({good}), code::kFileNameMismatch, "MPTREQ_20260101000000.csv"},
      {File({good, good}), code::kUniqueReferenceError},
      {"MPTREQ_20261123120000,SPINE_MPTPHASE4_TRACE,20261332120000,0\r\n", code::kInvalidTimestamp},
  };
  for (const Case& c : cases) {
    const RequestFile file = Parse(c.text, c.file_name);
    EXPECT_EQ(file.file_code, c.code) << c.text;
    EXPECT_TRUE(file.rows.empty());
    EXPECT_NE(file.problem.find("request.csv"), std::string::npos) << file.problem;
  }
}

TEST(BatchRequest, AcceptsAFileNamedForItsReference) {
  EXPECT_EQ(Parse(File({Record("R1")}), "MPTREQ_20261123120000.csv").file_code, code::kSuccess);
}

TEST(BatchRequest, GivesMalformedRowsTheirFieldLevelCodes) {
  using Edit = void (*)(std::vector<std::string>&);
  struct Case {
    Edit edit;
    std::string_view code;
    std::string_view column;  // named in the problem
  };
  const std::vector<Case> cases = {
      {[](std::vector<std::string>& f) { f[kUniqueReference].clear(); },
       code::kRequiredFieldMissing, "UNIQUE REFERENCE"},
      {[](std::vector<std::string>& f) { f[kFamilyName] = std::string(36, 'A'); },
       code::kFieldTooLong, "FAMILY_NAME"},
      {[](std::vector<std::string>& f) { f[kGender] = "M"; }, code::kInvalidGender, "GENDER"},
      {[](std::vector<std::string>& f) { f[kDateOfBirth] = "19801332"; }, code::kInvalidFormat,
       "DATE_OF_BIRTH"},
      {[](std::vector<std::string>& f) { f[kNhsNo] = "99900000AB"; }, code::kInvalidFormat,
       "NHS_NO"},
      {[](std::vector<std::string>& f) { f[kPostcode] = "NOT A PC"; }, code::kInvalidFormat,
       "POSTCODE"},
      {[](std::vector<std::string>& f) { f[kAsAtDate] = "2026"; }, code::kInvalidFormat,
       "AS_AT_DATE"},
      {[](std::vector<std::string>& f) { f.pop_back(); }, code::kNotEnoughFields, "fields"},
      {[](std::vector<std::string>& f) { f.push_back("extra"); }, code::kTooManyFields, "fields"},
  };
  for (const Case& c : cases) {
    const RequestFile file = Parse(File({Record("R1"), Record("R2", c.edit)}));
    ASSERT_EQ(file.file_code, code::kSuccess) << file.problem;
    ASSERT_EQ(file.rows.size(), 2u);
    EXPECT_TRUE(file.rows[0].field_code.empty());
    EXPECT_EQ(file.rows[1].field_code, c.code) << c.column;
    EXPECT_NE(file.rows[1].problem.find("request.csv:3:"), std::string::npos)
        << file.rows[1].problem;
    EXPECT_NE(file.rows[1].problem.find(c.column), std::string::npos) << file.rows[1].problem;
  }
}

TEST(BatchRequest, NeverEchoesAValueInAProblem) {
  const RequestFile file = Parse(
      File({Record("R1", [](std::vector<std::string>& f) { f[kDateOfBirth] = "19801399"; })}));
  ASSERT_EQ(file.rows.size(), 1u);
  EXPECT_EQ(file.rows[0].problem.find("19801399"), std::string::npos) << file.rows[0].problem;
}

}  // namespace
}  // namespace mhds::trace
