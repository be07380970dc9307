#include "mhds/trace/batch_request.h"

#include <gtest/gtest.h>

#include <algorithm>
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

// Reads `text` with the streaming reader, `read_bytes` at a time, as ParseRequest would.
RequestFile ReadInPieces(const std::string& text, size_t read_bytes,
                         std::string_view file_name = "request.csv") {
  auto reader = RequestReader::FromText(text, "request.csv", file_name, read_bytes);
  RequestFile file;
  RequestRow row;
  while (reader->Next(row)) file.rows.push_back(row);
  const RequestFile answer = reader->Answer();
  file.header = answer.header;
  file.file_code = answer.file_code;
  file.problem = answer.problem;
  if (file.file_code != code::kSuccess) file.rows.clear();
  return file;
}

void ExpectSameFile(const RequestFile& a, const RequestFile& b, const std::string& what) {
  EXPECT_EQ(a.file_code, b.file_code) << what;
  EXPECT_EQ(a.problem, b.problem) << what;
  EXPECT_EQ(a.header.reference, b.header.reference) << what;
  EXPECT_EQ(a.header.count, b.header.count) << what;
  ASSERT_EQ(a.rows.size(), b.rows.size()) << what;
  for (size_t i = 0; i < a.rows.size(); ++i) {
    EXPECT_EQ(a.rows[i].line, b.rows[i].line) << what;
    EXPECT_EQ(a.rows[i].fields, b.rows[i].fields) << what;
    EXPECT_EQ(a.rows[i].field_code, b.rows[i].field_code) << what;
    EXPECT_EQ(a.rows[i].problem, b.rows[i].problem) << what;
  }
}

// The records of a file fall across the reader's reads wherever they may: a quoted field of
// several lines, a byte-order mark, a multi-byte character, a fault.
TEST(BatchRequest, GivesTheSameWhateverTheSizeOfTheReads) {
  const std::string quoted = Record("R2", [](std::vector<std::string>& f) {
    f[kAddressLine1] = "\"Flat 2, \"\"The Mill\"\"\r\nMill Road\"";
    f[kFamilyName] =
        "Lindqvist-\xC3\x85"
        "berg";
  });
  const std::string bad_gender =
      Record("R3", [](std::vector<std::string>& f) { f[kGender] = "M"; });
  const std::vector<std::string> texts = {
      File({Record("R1"), quoted, bad_gender, "\r\n", Record("R4")}),
      "\xEF\xBB\xBF" + File({Record("R1"), quoted}),
      File({Record("R1"), quoted, Record("R3")}, 2),
      File({Record("R1"), quoted, "R3,\"unterminated\r\n"}),
      File({Record("R1"), quoted, Record("R1")}),
      File({Record("R1"), Record("R2")}).substr(0, File({Record("R1")}).size() - 2),
  };
  for (const std::string& text : texts) {
    const RequestFile whole = Parse(text);
    for (const size_t read_bytes : {1, 2, 3, 7, 64, 1 << 20}) {
      ExpectSameFile(ReadInPieces(text, read_bytes), whole,
                     text + " read " + std::to_string(read_bytes) + " bytes at a time");
    }
  }
}

// A big file whose fault is only in its last lines: every row before it is given, and the file's
// answer, known at the end, is the fault's.
class BatchRequestLateFault : public ::testing::Test {
 protected:
  static constexpr int kRows = 3000;
  static std::vector<std::string> Records() {
    std::vector<std::string> records;
    for (int i = 1; i <= kRows; ++i) records.push_back(Record("R" + std::to_string(i)));
    return records;
  }
  // Reads `text` a few kilobytes at a time; returns the answer and counts the rows given.
  static RequestFile Read(const std::string& text, size_t* rows_given) {
    auto reader = RequestReader::FromText(text, "request.csv", "request.csv", 4096);
    RequestRow row;
    *rows_given = 0;
    while (reader->Next(row)) ++*rows_given;
    return reader->Answer();
  }
};

TEST_F(BatchRequestLateFault, AHeaderCountAboveTheRowsIsFoundAtTheEnd) {
  const std::string text = File(Records(), kRows + 1);
  size_t given = 0;
  const RequestFile answer = Read(text, &given);
  EXPECT_EQ(answer.file_code, code::kCountMismatch);
  EXPECT_EQ(given, static_cast<size_t>(kRows));
  EXPECT_NE(answer.problem.find("declares 3001 data records; the file holds 3000"),
            std::string::npos)
      << answer.problem;
  EXPECT_EQ(answer.problem, Parse(text).problem);
}

TEST_F(BatchRequestLateFault, AHeaderCountBelowTheRowsStopsTheRowsThere) {
  const std::string text = File(Records(), kRows - 10);
  size_t given = 0;
  const RequestFile answer = Read(text, &given);
  EXPECT_EQ(answer.file_code, code::kCountMismatch);
  EXPECT_EQ(given, static_cast<size_t>(kRows - 10));
  // The message counts every record, those after the fault too.
  EXPECT_NE(answer.problem.find("the file holds 3000"), std::string::npos) << answer.problem;
}

TEST_F(BatchRequestLateFault, AMalformedLastRecordRejectsTheWholeFile) {
  std::vector<std::string> records = Records();
  records.back() = "R3000,\"9990000018\"x" + records.back().substr(5);
  const std::string text = File(records);
  size_t given = 0;
  const RequestFile answer = Read(text, &given);
  EXPECT_EQ(answer.file_code, code::kParseError);
  EXPECT_NE(answer.problem.find("request.csv:3001:"), std::string::npos) << answer.problem;
  EXPECT_EQ(answer.problem, Parse(text).problem);
  EXPECT_EQ(given, static_cast<size_t>(kRows - 1));
}

TEST_F(BatchRequestLateFault, AReferenceRepeatedAtTheEndRejectsTheWholeFile) {
  std::vector<std::string> records = Records();
  records.back() = Record("R17");
  size_t given = 0;
  const RequestFile answer = Read(File(records), &given);
  EXPECT_EQ(answer.file_code, code::kUniqueReferenceError);
  EXPECT_NE(answer.problem.find("request.csv:3001: column 1 (UNIQUE REFERENCE): repeats the "
                                "reference of line 18"),
            std::string::npos)
      << answer.problem;
}

TEST_F(BatchRequestLateFault, AMalformedRowKeepsItsOwnCodeAndTheFileIsAccepted) {
  std::vector<std::string> records = Records();
  records[kRows - 2] = Record("R2999", [](std::vector<std::string>& f) { f[kGender] = "M"; });
  auto reader = RequestReader::FromText(File(records), "request.csv", "request.csv", 4096);
  RequestRow row;
  std::vector<std::string> codes;
  while (reader->Next(row)) codes.emplace_back(row.field_code);
  EXPECT_EQ(reader->Answer().file_code, code::kSuccess) << reader->Answer().problem;
  ASSERT_EQ(codes.size(), static_cast<size_t>(kRows));
  EXPECT_EQ(codes[kRows - 2], code::kInvalidGender);
  EXPECT_EQ(std::count(codes.begin(), codes.end(), ""), kRows - 1);
}

}  // namespace
}  // namespace mhds::trace
