#include "mhds/io/mdb/mdb_source.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdio.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "mhds/io/table_source.h"
#include "mhds/io/testing/read_all.h"
#include "mhds/io/testing/temp_dir.h"

namespace mhds::io {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

// Third-party Access files (see the README there); absent outside the shared workspace.
const std::string kSamples = MHDS_SOURCE_DIR "/../shared/testdata/access";
const char* const kSampleFiles[] = {"nwind.mdb", "DateTestDatabase.mdb", "ASampleDatabase.accdb"};

// How the reader's date formats are spelled on mdb-export's command line (see kMdbDateFormat).
const std::string kExportDateOptions = "-T '%Y-%m-%d %H:%M:%S' -D '%Y-%m-%d'";

#define SKIP_WITHOUT_SAMPLES() \
  if (!std::filesystem::exists(kSamples)) GTEST_SKIP() << kSamples << " absent"

std::string ShellQuote(const std::string& text) {
  std::string quoted = "'";
  for (const char c : text) {
    if (c == '\'') {
      quoted += "'\\''";
    } else {
      quoted += c;
    }
  }
  return quoted + "'";
}

// Runs `command` in the C.UTF-8 locale (mdb-export matches a non-ASCII table name only in a UTF-8
// one) and returns what it writes to stdout.
std::string RunCommand(const std::string& command) {
  FILE* pipe = popen(("LC_ALL=C.UTF-8 " + command + " 2>/dev/null").c_str(), "r");
  EXPECT_NE(pipe, nullptr) << command;
  if (pipe == nullptr) return "";
  std::string out;
  char buffer[65536];
  size_t n = 0;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
  EXPECT_EQ(pclose(pipe), 0) << command;
  return out;
}

using Rows = std::vector<std::vector<std::string>>;

// Splits CSV text by RFC 4180: fields separated by commas, records by LF, a field in double quotes
// may hold commas, line breaks and doubled quotes. Any byte, NUL included, is kept as it is.
Rows ParseCsv(const std::string& text) {
  Rows rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c != '"') {
        field += c;
      } else if (i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else {
        quoted = false;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      row.push_back(std::move(field));
      field.clear();
    } else if (c == '\n') {
      row.push_back(std::move(field));
      field.clear();
      rows.push_back(std::move(row));
      row.clear();
    } else {
      field += c;
    }
  }
  EXPECT_FALSE(quoted) << "unterminated quote in mdb-export output";
  return rows;
}

using Table = testing::ReadResult;

using testing::ReadTable;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(MdbSource, ListsTheUserTablesThatMdbTablesLists) {
  SKIP_WITHOUT_SAMPLES();
  for (const char* file : kSampleFiles) {
    const std::string path = kSamples + "/" + file;
    auto source = MdbSource::OpenFile(path);
    ASSERT_TRUE(source.ok()) << source.status().ToString();
    std::vector<std::string> expected;
    const std::string listing = RunCommand("mdb-tables -1 " + ShellQuote(path));
    for (size_t start = 0, end = 0; start < listing.size(); start = end + 1) {
      end = listing.find('\n', start);
      if (end == std::string::npos) end = listing.size();
      const std::string name = listing.substr(start, end - start);
      if (!name.empty() && name.rfind("MSys", 0) != 0) expected.push_back(name);
    }
    std::sort(expected.begin(), expected.end());
    EXPECT_FALSE(expected.empty()) << file;
    EXPECT_EQ((*source)->table_names(), expected) << file;
  }
}

TEST(MdbSource, ReadsEveryValueExactlyAsMdbExportPrintsIt) {
  SKIP_WITHOUT_SAMPLES();
  for (const char* file : kSampleFiles) {
    const std::string path = kSamples + "/" + file;
    auto source = MdbSource::OpenFile(path);
    ASSERT_TRUE(source.ok()) << source.status().ToString();
    for (const std::string& name : (*source)->table_names()) {
      SCOPED_TRACE(std::string(file) + ":" + name);
      const Rows exported = ParseCsv(RunCommand("mdb-export " + kExportDateOptions + " " +
                                                ShellQuote(path) + " " + ShellQuote(name)));
      ASSERT_FALSE(exported.empty());
      const Table got = ReadTable(**source, name);
      EXPECT_TRUE(got.status.ok()) << got.status.ToString();
      EXPECT_EQ(got.columns, exported[0]);
      ASSERT_EQ(got.rows.size(), exported.size() - 1);
      for (size_t r = 0; r < got.rows.size(); ++r) {
        ASSERT_EQ(got.rows[r].size(), exported[r + 1].size()) << "row " << r + 1;
        for (size_t c = 0; c < got.rows[r].size(); ++c) {
          EXPECT_EQ(got.rows[r][c], exported[r + 1][c])
              << "row " << r + 1 << ", column " << got.columns[c];
        }
        EXPECT_EQ(got.lines[r], r + 1);
      }
    }
  }
}

TEST(MdbSource, PrintsDatesWithFourDigitYearsAndNullsAsEmptyFields) {
  SKIP_WITHOUT_SAMPLES();
  auto source = MdbSource::OpenFile(kSamples + "/nwind.mdb");
  ASSERT_TRUE(source.ok()) << source.status().ToString();
  const Table orders = ReadTable(**source, "Orders");
  ASSERT_TRUE(orders.status.ok()) << orders.status.ToString();
  ASSERT_FALSE(orders.rows.empty());
  // OrderID, CustomerID, EmployeeID, OrderDate, ..., Freight (Currency), ..., ShipRegion
  EXPECT_EQ(orders.rows[0][3], "1994-11-16 00:00:00");
  EXPECT_EQ(orders.rows[0][7], "12.7500");
  EXPECT_EQ(orders.rows[1][11], "");
}

TEST(MdbSource, SaysWhichColumnsAreDateTime) {
  SKIP_WITHOUT_SAMPLES();
  auto source = MdbSource::OpenFile(kSamples + "/DateTestDatabase.mdb");
  ASSERT_TRUE(source.ok()) << source.status().ToString();
  auto reader = (*source)->Open("DateTest");
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  // IDCol, DateTimeCol, DateCol, TimeCol, LongTextCol, ShortTextCol
  const std::vector<bool> expected = {false, true, true, true, false, false};
  ASSERT_EQ((*reader)->columns().size(), expected.size());
  for (size_t c = 0; c < expected.size(); ++c) {
    EXPECT_EQ((*reader)->IsDateTimeColumn(c), expected[c]) << (*reader)->columns()[c];
  }
  EXPECT_FALSE((*reader)->IsDateTimeColumn(expected.size()));
}

TEST(MdbSource, NamesTablesAfterTheFileAndReportsItsSize) {
  SKIP_WITHOUT_SAMPLES();
  const std::string path = kSamples + "/nwind.mdb";
  auto source = MdbSource::OpenFile(path);
  ASSERT_TRUE(source.ok()) << source.status().ToString();
  EXPECT_EQ((*source)->DisplayName("Orders"), "nwind.mdb:Orders");
  EXPECT_EQ((*source)->Describe(), "Access file " + path);
  EXPECT_EQ((*source)->total_bytes(), std::filesystem::file_size(path));
  auto missing = (*source)->Open("MHS001MPI");
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
}

TEST(MdbSource, ReadersOfTheSameFileAreIndependent) {
  SKIP_WITHOUT_SAMPLES();
  auto source = MdbSource::OpenFile(kSamples + "/nwind.mdb");
  ASSERT_TRUE(source.ok()) << source.status().ToString();
  const Table alone = ReadTable(**source, "Customers");
  auto customers = (*source)->Open("Customers");
  auto orders = (*source)->Open("Orders");
  ASSERT_TRUE(customers.ok() && orders.ok());
  Rows interleaved;
  std::vector<std::string_view> fields;
  while ((*customers)->Next(fields)) {
    interleaved.emplace_back(fields.begin(), fields.end());
    (*orders)->Next(fields);
  }
  EXPECT_EQ(interleaved, alone.rows);
}

TEST(MdbSource, OpenSourceRecognisesJetAndAceFiles) {
  SKIP_WITHOUT_SAMPLES();
  for (const char* file : kSampleFiles) {
    auto source = OpenSource(kSamples + "/" + file);
    ASSERT_TRUE(source.ok()) << source.status().ToString();
    EXPECT_THAT((*source)->Describe(), StartsWith("Access file "));
  }
}

// Every table of the submission at `path`, or the first error met opening or reading it.
Result<std::vector<Table>> ReadAll(const std::string& path) {
  auto source = OpenSource(path);
  if (!source.ok()) return source.status();
  std::vector<Table> tables;
  for (const std::string& name : (*source)->table_names()) {
    tables.push_back(ReadTable(**source, name));
    if (!tables.back().status.ok()) return tables.back().status;
  }
  return tables;
}

void ExpectDataErrorNamingFile(const Status& status, const std::string& path) {
  EXPECT_EQ(status.code(), StatusCode::kDataError) << status.ToString();
  EXPECT_THAT(status.message(), HasSubstr(std::filesystem::path(path).filename().string()));
}

TEST(MdbSource, ReportsATruncatedFileAsADataErrorOrReadsWhatItKept) {
  SKIP_WITHOUT_SAMPLES();
  testing::TempDir dir;
  for (const char* file : kSampleFiles) {
    const std::string intact_path = kSamples + "/" + file;
    const std::string bytes = ReadFile(intact_path);
    auto intact = ReadAll(intact_path);
    ASSERT_TRUE(intact.ok()) << intact.status().ToString();
    // Cut inside the first pages, mid-file off a page boundary, mid-file and near the end on one.
    const size_t half_on_page = bytes.size() / 2 / 4096 * 4096;
    for (const size_t size : {size_t{4096}, size_t{100000}, half_on_page, bytes.size() - 4096}) {
      SCOPED_TRACE(std::string(file) + " cut to " + std::to_string(size) + " bytes");
      const std::string path = dir.Write("cut_" + std::to_string(size) + "_" + file,
                                         std::string_view(bytes).substr(0, size));
      auto cut = ReadAll(path);
      if (!cut.ok()) {
        ExpectDataErrorNamingFile(cut.status(), path);
        continue;
      }
      // A cut on a page boundary may remove only pages no table uses (free or index pages): then
      // every value must still be the intact file's.
      ASSERT_EQ(cut->size(), intact->size());
      for (size_t t = 0; t < cut->size(); ++t) {
        EXPECT_EQ((*cut)[t].columns, (*intact)[t].columns);
        EXPECT_EQ((*cut)[t].rows, (*intact)[t].rows);
      }
    }
  }
}

TEST(MdbSource, ReportsRandomBytesBehindAnAccessHeaderAsADataError) {
  SKIP_WITHOUT_SAMPLES();
  testing::TempDir dir;
  std::mt19937 random(20261123);
  for (const char* file : kSampleFiles) {
    const std::string header = ReadFile(kSamples + "/" + file).substr(0, 0x80);
    for (int seed = 0; seed < 8; ++seed) {
      std::string bytes = header;
      while (bytes.size() < 64 * 4096) bytes += static_cast<char>(random() & 0xFF);
      SCOPED_TRACE(std::string(file) + " random " + std::to_string(seed));
      const std::string path = dir.Write("random_" + std::to_string(seed) + "_" + file, bytes);
      auto read = ReadAll(path);
      ASSERT_FALSE(read.ok()) << path << " read without error";
      ExpectDataErrorNamingFile(read.status(), path);
    }
  }
}

// Access pages carry no checksums, so a page overwritten with noise may read as wrong values
// without any error: this asks only that damage never crashes the reader and that any error it
// does report is a kDataError naming the file.
TEST(MdbSource, SurvivesPagesOverwrittenWithRandomBytes) {
  SKIP_WITHOUT_SAMPLES();
  testing::TempDir dir;
  for (const char* file : kSampleFiles) {
    const std::string intact = ReadFile(kSamples + "/" + file);
    const size_t page_size = std::string_view(file).ends_with(".accdb") ||
                                     std::string_view(file) == "DateTestDatabase.mdb"
                                 ? 4096
                                 : 2048;
    const size_t pages = intact.size() / page_size;
    for (unsigned seed = 0; seed < 10; ++seed) {
      std::mt19937 random(seed);
      std::string bytes = intact;
      for (int damaged = 0; damaged < 5; ++damaged) {
        const size_t page = 1 + random() % (pages - 1);  // page 0 holds the format and key
        for (size_t i = 0; i < page_size; ++i) {
          bytes[page * page_size + i] = static_cast<char>(random() & 0xFF);
        }
      }
      SCOPED_TRACE(std::string(file) + " damaged with seed " + std::to_string(seed));
      const std::string path = dir.Write("damaged_" + std::to_string(seed) + "_" + file, bytes);
      auto read = ReadAll(path);
      if (!read.ok()) ExpectDataErrorNamingFile(read.status(), path);
    }
  }
}

TEST(MdbSource, ReportsAFileHoldingOnlyTheMagicAsADataError) {
  testing::TempDir dir;
  for (const std::string magic : {"Standard Jet DB", "Standard ACE DB"}) {
    const std::string path = dir.Write("short.mdb", std::string("\0\1\0\0", 4) + magic);
    auto source = OpenSource(path);
    EXPECT_EQ(source.status().code(), StatusCode::kDataError) << source.status().ToString();
    EXPECT_THAT(source.status().message(), HasSubstr("short.mdb"));
  }
}

}  // namespace
}  // namespace mhds::io
