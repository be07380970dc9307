#include "mhds/io/csv/csv_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/resource.h>

#include <fstream>
#include <string>
#include <vector>

#include "mhds/io/testing/read_all.h"
#include "mhds/io/testing/temp_dir.h"

namespace mhds::io {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;
using namespace std::string_literals;

using testing::ReadResult;

ReadResult ReadCsv(const std::string& path, const CsvOptions& options = {}) {
  auto reader = CsvReader::Open(path, options);
  if (!reader.ok()) return testing::ReadAll(reader.status());
  return testing::ReadAll(std::unique_ptr<RowReader>(std::move(*reader)));
}

struct GoodCase {
  const char* name;
  std::string input;
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;
  std::vector<uint64_t> lines;
};

TEST(CsvReader, SplitsWellFormedFilesIntoRowsAndFields) {
  const GoodCase cases[] = {
      {"LF line ends", "a,b\n1,2\n3,4\n", {"a", "b"}, {{"1", "2"}, {"3", "4"}}, {2, 3}},
      {"CRLF line ends", "a,b\r\n1,2\r\n", {"a", "b"}, {{"1", "2"}}, {2}},
      {"BOM stripped",
       "\xEF\xBB\xBF"
       "a,b\n1,2\n",
       {"a", "b"},
       {{"1", "2"}},
       {2}},
      {"BOM later is data",
       "\xEF\xBB\xBF"
       "a\n\xEF\xBB\xBFx\n",
       {"a"},
       {{"\xEF\xBB\xBFx"}},
       {2}},
      {"no final line end", "a,b\n1,2", {"a", "b"}, {{"1", "2"}}, {2}},
      {"empty trailing line", "a,b\n1,2\n\n", {"a", "b"}, {{"1", "2"}}, {2}},
      {"blank lines skipped",
       "a,b\n\n1,2\r\n\r\n\n3,4\n",
       {"a", "b"},
       {{"1", "2"}, {"3", "4"}},
       {3, 6}},
      {"blank lines before header", "\n\na\n1\n", {"a"}, {{"1"}}, {4}},
      {"quoted commas", "a,b\n\"x,y\",\"\"\n", {"a", "b"}, {{"x,y", ""}}, {2}},
      {"doubled quotes",
       "a,b\n\"say \"\"hi\"\"\",\"\"\"\"\n",
       {"a", "b"},
       {{"say \"hi\"", "\""}},
       {2}},
      {"quoted line breaks",
       "a,b\n\"1\n2\",\"3\r\n4\"\n5,6\n",
       {"a", "b"},
       {{"1\n2", "3\r\n4"}, {"5", "6"}},
       {2, 5}},
      {"lone CR in quotes is data", "a\n\"x\ry\"\n", {"a"}, {{"x\ry"}}, {2}},
      {"empty fields", "a,b,c\n,,\n", {"a", "b", "c"}, {{"", "", ""}}, {2}},
      {"header only", "a,b\n", {"a", "b"}, {}, {}},
      {"header only, no line end", "a,b", {"a", "b"}, {}, {}},
      {"quoted header", "\"a,1\",\"b\"\"\"\n1,2\n", {"a,1", "b\""}, {{"1", "2"}}, {2}},
      {"UTF-8 text",
       "name\ncaf\xC3\xA9\n\xE2\x82\xAC\n\xF0\x9F\x98\x80\n",
       {"name"},
       {{"caf\xC3\xA9"}, {"\xE2\x82\xAC"}, {"\xF0\x9F\x98\x80"}},
       {2, 3, 4}},
      {"one column, empty value quoted", "a\n\"\"\n1\n", {"a"}, {{""}, {"1"}}, {2, 3}},
      {"quoted field at end of file", "a,b\n1,\"2\"", {"a", "b"}, {{"1", "2"}}, {2}},
      {"quoted fields then CRLF", "a,b\r\n\"1\",\"2\"\r\n", {"a", "b"}, {{"1", "2"}}, {2}},
      {"spaces kept", "a,b\n 1 , 2\n", {"a", "b"}, {{" 1 ", " 2"}}, {2}},
      // The scanner stops at every control byte; those other than CR, LF and NUL are data.
      {"tabs and other control bytes are data",
       "a,b\nx\ty,\x01z\n\"\t\x1F\",\"caf\xC3\xA9\x7F\"\n",
       {"a", "b"},
       {{"x\ty", "\x01z"}, {"\t\x1F", "caf\xC3\xA9\x7F"}},
       {2, 3}},
  };
  testing::TempDir dir;
  for (const GoodCase& c : cases) {
    SCOPED_TRACE(c.name);
    const ReadResult got = ReadCsv(dir.Write("t.csv", c.input));
    EXPECT_TRUE(got.status.ok()) << got.status.ToString();
    EXPECT_EQ(got.columns, c.columns);
    EXPECT_EQ(got.rows, c.rows);
    EXPECT_EQ(got.lines, c.lines);
  }
}

struct BadCase {
  const char* name;
  std::string input;
  std::string position;  // ":LINE:COLUMN: " after the path
  std::string found;     // a part of the message
};

TEST(CsvReader, ReportsMalformedInputWithLineAndColumn) {
  const BadCase cases[] = {
      {"unterminated quote", "a,b\n1,\"xyz\n2,3\n", ":2:3: ", "no closing quote"},
      {"quote inside unquoted value", "a,b\n1,x\"y\n", ":2:4: ", "quote inside a value"},
      {"text after closing quote", "a,b\n1,\"x\"y\n", ":2:6: ", "found 'y' after the closing"},
      {"too few fields", "a,b,c\n1,2\n", ":2:4: ", "row has 2 fields, header has 3"},
      {"too many fields", "a,b\n1,2,3\n", ":2:5: ", "row has 3 fields, header has 2"},
      {"too many, extra quoted", "a\n1,\"2\"\n", ":2:3: ", "row has 2 fields, header has 1"},
      {"too few, last quoted", "a,b\n\"1\"\n", ":2:4: ", "row has 1 fields, header has 2"},
      {"too few at end of file", "a,b\n1", ":2:2: ", "row has 1 fields, header has 2"},
      {"NUL byte", "a,b\n1,\0\n"s, ":2:3: ", "NUL byte"},
      {"NUL byte in quotes", "a\n\"x\0\"\n"s, ":2:3: ", "NUL byte"},
      {"NUL byte in header", "a\0\n"s, ":1:2: ", "NUL byte"},
      {"UTF-16 text",
       "\xFF\xFE"
       "a\0\n\0"s,
       ":1:1: ", "(0xFF)"},
      {"lone continuation byte", "a\n\x80\n", ":2:1: ", "not UTF-8 (0x80)"},
      {"overlong 2-byte form", "a\nx\xC0\xAF\n", ":2:2: ", "not UTF-8 (0xC0)"},
      {"overlong 3-byte form", "a\n\xE0\x80\xAF\n", ":2:1: ", "not UTF-8 (0xE0 0x80)"},
      {"overlong 4-byte form", "a\n\xF0\x80\x80\xAF\n", ":2:1: ", "not UTF-8 (0xF0 0x80)"},
      {"surrogate", "a\n\xED\xA0\x80\n", ":2:1: ", "not UTF-8 (0xED 0xA0)"},
      {"above U+10FFFF", "a\n\xF4\x90\x80\x80\n", ":2:1: ", "not UTF-8 (0xF4 0x90)"},
      {"byte 0xF5", "a\n\xF5\x80\n", ":2:1: ", "not UTF-8 (0xF5)"},
      {"truncated sequence", "a\n\xE2\x82,\n", ":2:1: ", "not UTF-8 (0xE2 0x82 0x2C)"},
      {"truncated at end of file", "a\nx\xE2\x82", ":2:2: ", "end of the file inside a UTF-8"},
      {"Windows-1252 pound sign",
       "a\n\xA3"
       "5\n",
       ":2:1: ", "Windows-1252"},
      {"invalid UTF-8 in quotes", "a\n\"x\xFF\"\n", ":2:3: ", "not UTF-8 (0xFF)"},
      {"invalid UTF-8 in header", "\xC3(\n", ":1:1: ", "not UTF-8 (0xC3 0x28)"},
      {"lone CR line ends", "a,b\r1,2\r", ":1:4: ", "carriage return"},
      {"CR at end of file", "a\n1\r", ":2:2: ", "carriage return"},
      {"CR after closing quote", "a\n\"1\"\rx\n", ":2:4: ", "carriage return"},
      {"empty file", "", ":1:1: ", "empty file"},
      {"BOM only", "\xEF\xBB\xBF", ":1:1: ", "empty file"},
      {"blank lines only", "\n\r\n", ":3:1: ", "empty file"},
      {"after a multi-line value", "a,b\n\"1\n2\",x\"\n", ":3:5: ", "quote inside a value"},
      {"column after BOM",
       "\xEF\xBB\xBF"
       "a,\"b\n",
       ":1:3: ", "no closing quote"},
  };
  testing::TempDir dir;
  for (const BadCase& c : cases) {
    SCOPED_TRACE(c.name);
    const std::string path = dir.Write("t.csv", c.input);
    const ReadResult got = ReadCsv(path);
    EXPECT_EQ(got.status.code(), StatusCode::kDataError);
    EXPECT_THAT(got.status.message(), StartsWith(path + c.position));
    EXPECT_THAT(got.status.message(), HasSubstr(c.found));
  }
}

TEST(CsvReader, ReportsLineAndColumnOfUnterminatedQuote) {
  testing::TempDir dir;
  const std::string path = dir.Write("t.csv", "a,b\n1,2\n3,\"4\n5,6\n7,8\n");
  const ReadResult got = ReadCsv(path);
  EXPECT_EQ(got.rows, (std::vector<std::vector<std::string>>{{"1", "2"}}));
  EXPECT_EQ(got.status.message(),
            path +
                ":3:3: found a quoted value with no closing quote; expected a closing quote "
                "(\") before the end of the file");
}

TEST(CsvReader, ReturnsRowsBeforeTheFirstErrorAndThenKeepsFailing) {
  testing::TempDir dir;
  auto reader = CsvReader::Open(dir.Write("t.csv", "a\n1\n2,3\n4\n"));
  ASSERT_TRUE(reader.ok());
  std::vector<std::string_view> fields;
  ASSERT_TRUE((*reader)->Next(fields));
  EXPECT_EQ(fields, std::vector<std::string_view>{"1"});
  EXPECT_FALSE((*reader)->Next(fields));
  const std::string message = (*reader)->status().message();
  EXPECT_THAT(message, HasSubstr(":3:3: row has 2 fields, header has 1"));
  EXPECT_FALSE((*reader)->Next(fields));
  EXPECT_EQ((*reader)->status().message(), message);
}

TEST(CsvReader, CountsTheBytesOfTheRowsReturned) {
  testing::TempDir dir;
  const std::string input =
      "\xEF\xBB\xBF"
      "a,b\r\n1,2\r\n\n\"3\",4";
  auto reader = CsvReader::Open(dir.Write("t.csv", input), {.chunk_bytes = 4});
  ASSERT_TRUE(reader.ok());
  EXPECT_EQ((*reader)->bytes_read(), 8u);
  std::vector<std::string_view> fields;
  ASSERT_TRUE((*reader)->Next(fields));
  EXPECT_EQ((*reader)->bytes_read(), 13u);
  ASSERT_TRUE((*reader)->Next(fields));
  EXPECT_EQ((*reader)->bytes_read(), input.size());
  EXPECT_FALSE((*reader)->Next(fields));
  EXPECT_TRUE((*reader)->status().ok());
}

TEST(CsvReader, ReturnsNotFoundForAMissingFile) {
  testing::TempDir dir;
  const std::string path = dir.path() + "/missing.csv";
  auto reader = CsvReader::Open(path);
  EXPECT_EQ(reader.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(reader.status().message(), path + ": no such file or directory");
}

struct LimitCase {
  const char* name;
  std::string input;
  std::string error_position;  // empty if the file is within the limit
};

TEST(CsvReader, RejectsRowsLongerThanTheLimitAtAnyChunkSize) {
  const LimitCase cases[] = {
      {"row at the limit", "a\n1234567\n", ""},
      {"row at the limit at end of file", "a\n12345678", ""},
      {"row one byte over", "a\n12345678\n", ":2:1: "},
      {"CRLF counts", "a\n1234567\r\n", ":2:1: "},
      {"header over", "abcdefghij\n1\n", ":1:1: "},
      {"unterminated quote", "a\n\"" + std::string(100, 'x'), ":2:1: "},
      {"no line ends", std::string(100, 'x'), ":1:1: "},
  };
  testing::TempDir dir;
  for (const LimitCase& c : cases) {
    const std::string path = dir.Write("t.csv", c.input);
    for (size_t chunk = 1; chunk <= c.input.size() + 1; ++chunk) {
      SCOPED_TRACE(std::string(c.name) + ", chunk " + std::to_string(chunk));
      const ReadResult got = ReadCsv(path, {.chunk_bytes = chunk, .max_line_bytes = 8});
      if (c.error_position.empty()) {
        EXPECT_TRUE(got.status.ok()) << got.status.ToString();
      } else {
        EXPECT_THAT(got.status.message(), StartsWith(path + c.error_position));
        EXPECT_THAT(got.status.message(), HasSubstr("row longer than 8 bytes"));
      }
    }
  }
}

uint64_t PeakResidentBytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<uint64_t>(usage.ru_maxrss) * 1024;
}

TEST(CsvReader, RejectsAHundredMegabyteLineWithoutHoldingIt) {
  testing::TempDir dir;
  const std::string path = dir.path() + "/long.csv";
  constexpr uint64_t kLineBytes = 100 << 20;
  {
    std::ofstream out(path, std::ios::binary);
    out << "a\n";
    const std::string piece(1 << 20, 'x');
    for (uint64_t written = 0; written < kLineBytes; written += piece.size()) out << piece;
    out << "\n";
    ASSERT_TRUE(out.good());
  }
  [[maybe_unused]] const uint64_t peak_before = PeakResidentBytes();
  const ReadResult got = ReadCsv(path);
  EXPECT_EQ(got.status.message(),
            path +
                ":2:1: found a row longer than 67108864 bytes; expected shorter rows (is this "
                "a CSV file, with line ends?)");
#if !defined(__SANITIZE_ADDRESS__)
  // The reader holds at most about the limit (64 MiB), well under the line's 100 MiB. (Under
  // AddressSanitizer freed blocks stay in quarantine, so the figure means nothing there.)
  EXPECT_LT(PeakResidentBytes() - peak_before, kLineBytes);
#endif
}

}  // namespace
}  // namespace mhds::io
