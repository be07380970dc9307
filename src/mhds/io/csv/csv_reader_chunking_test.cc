// Checks CsvReader against a deliberately simple byte-at-a-time reference splitter, with chunk
// boundaries at every position of tricky inputs and on random inputs.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "mhds/io/csv/csv_reader.h"
#include "mhds/io/testing/read_all.h"
#include "mhds/io/testing/temp_dir.h"

namespace mhds::io {
namespace {

using namespace std::string_literals;

// What a reader made of a file: the header and rows, or where the first error is.
struct Outcome {
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;
  std::vector<uint64_t> lines;
  bool ok = true;
  std::string error_position;  // "LINE:COLUMN"

  bool operator==(const Outcome&) const = default;
};

std::ostream& operator<<(std::ostream& out, const Outcome& o) {
  out << (o.ok ? "ok" : "error at " + o.error_position) << ", " << o.rows.size() << " rows";
  return out;
}

// The length of the valid UTF-8 character at s[i], or 0.
size_t Utf8Length(std::string_view s, size_t i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned lead = byte(i);
  const size_t n = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  uint32_t code = lead & (0x7F >> n);
  for (size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    code = (code << 6) | (byte(i + k) & 0x3F);
  }
  const uint32_t smallest[] = {0, 0, 0x80, 0x800, 0x10000};
  if (code < smallest[n] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return 0;
  return n;
}

// RFC 4180 as CsvReader documents it, one byte at a time, with no attention to speed.
Outcome ReferenceSplit(std::string_view s) {
  Outcome out;
  size_t i = 0;
  uint64_t line = 1;
  size_t line_start = 0;
  if (s.substr(0, 3) == "\xEF\xBB\xBF") i = line_start = 3;
  const auto fail = [&](size_t at) {
    out.ok = false;
    out.error_position = std::to_string(line) + ":" + std::to_string(at - line_start + 1);
    return out;
  };
  bool have_header = false;
  while (i < s.size()) {
    const uint64_t row_line = line;
    const size_t row_start = i;
    const size_t row_line_start = line_start;
    if (s[i] == '\n' || s.substr(i, 2) == "\r\n") {
      i += s[i] == '\n' ? 1 : 2;
      ++line;
      line_start = i;
      continue;
    }
    std::vector<std::string> fields;
    std::vector<size_t> field_starts;
    size_t row_end = 0;  // where the last field ends
    bool row_done = false;
    while (!row_done) {
      std::string field;
      field_starts.push_back(i);
      if (i < s.size() && s[i] == '"') {
        const size_t open = i;
        const uint64_t open_line = line;
        const size_t open_line_start = line_start;
        ++i;
        for (;;) {
          if (i >= s.size()) {
            line = open_line;
            line_start = open_line_start;
            return fail(open);
          }
          const char c = s[i];
          if (c == '"') {
            if (i + 1 < s.size() && s[i + 1] == '"') {
              field += '"';
              i += 2;
              continue;
            }
            ++i;
            break;
          }
          if (c == '\0') return fail(i);
          if (static_cast<unsigned char>(c) >= 0x80) {
            const size_t n = Utf8Length(s, i);
            if (n == 0) return fail(i);
            field += s.substr(i, n);
            i += n;
            continue;
          }
          if (c == '\n') {
            ++line;
            line_start = i + 1;
          }
          field += c;
          ++i;
        }
        if (i < s.size() && s[i] != ',' && s[i] != '\n' && s[i] != '\r') return fail(i);
      } else {
        while (i < s.size() && s[i] != ',' && s[i] != '\n' && s[i] != '\r') {
          const char c = s[i];
          if (c == '"' || c == '\0') return fail(i);
          if (static_cast<unsigned char>(c) >= 0x80) {
            const size_t n = Utf8Length(s, i);
            if (n == 0) return fail(i);
            field += s.substr(i, n);
            i += n;
            continue;
          }
          field += c;
          ++i;
        }
      }
      fields.push_back(field);
      row_end = i;
      if (i >= s.size()) {
        row_done = true;
      } else if (s[i] == ',') {
        ++i;
      } else if (s[i] == '\n' || s.substr(i, 2) == "\r\n") {
        i += s[i] == '\n' ? 1 : 2;
        ++line;
        line_start = i;
        row_done = true;
      } else {
        return fail(i);  // a CR without LF
      }
    }
    if (!have_header) {
      out.columns = fields;
      have_header = true;
    } else if (fields.size() != out.columns.size()) {
      // Positions within the row: find the line of the offending byte from the row's start.
      const size_t at =
          fields.size() > out.columns.size() ? field_starts[out.columns.size()] : row_end;
      line = row_line;
      line_start = row_line_start;
      for (size_t k = row_start; k < at; ++k) {
        if (s[k] == '\n') {
          ++line;
          line_start = k + 1;
        }
      }
      return fail(at);
    } else {
      out.rows.push_back(fields);
      out.lines.push_back(row_line);
    }
  }
  if (!have_header) return fail(i);
  return out;
}

Outcome ReadWithReader(const std::string& path, size_t chunk_bytes) {
  Outcome out;
  const auto position_of = [](const Status& status, const std::string& file) {
    // "PATH:LINE:COLUMN: ..." -> "LINE:COLUMN"
    const std::string rest = status.message().substr(file.size() + 1);
    return rest.substr(0, rest.find(": "));
  };
  auto reader = CsvReader::Open(path, {.chunk_bytes = chunk_bytes});
  testing::ReadResult read = reader.ok()
                                 ? testing::ReadAll(std::unique_ptr<RowReader>(std::move(*reader)))
                                 : testing::ReadAll(reader.status());
  out.columns = std::move(read.columns);
  out.rows = std::move(read.rows);
  out.lines = std::move(read.lines);
  if (!read.status.ok()) {
    out.ok = false;
    out.error_position = position_of(read.status, path);
  }
  return out;
}

TEST(CsvReader, GivesTheSameResultWithAChunkBoundaryAtEveryPosition) {
  const std::string inputs[] = {
      "\xEF\xBB\xBF"
      "id,\"na\"\"me\",note\r\n"
      "1,\"caf\xC3\xA9, \"\"x\"\"\",\"two\r\nlines\"\r\n"
      "\r\n"
      "2,\xF0\x9F\x98\x80\xE2\x82\xAC,\"\"\n"
      "\n"
      "3,\"lone\rcr\",\"\"\"\"\n"
      "4,,\"end\"",
      "a,b\n\"\"\"\",\"\n\"\n,\n\"x\",\xC3\xA9\r\n",
      "a\n\"unterminated\n\n",
      "a,b\n1,\"x\"\"\"y\n",
      "a\n\xC3\xA9\xE2\x82",
      "a\n\xE2\x82\xAC\xED\xA0\x80\n",
      "a,b\r\n1,2\r\r\n",
      "a,b\n1,2,3\n",
      "a\n\"x\"\r",
      "\xEF\xBB",
  };
  testing::TempDir dir;
  for (const std::string& input : inputs) {
    const std::string path = dir.Write("t.csv", input);
    const Outcome expected = ReferenceSplit(input);
    for (size_t chunk = 1; chunk <= input.size() + 1; ++chunk) {
      SCOPED_TRACE("input " + ::testing::PrintToString(input) + ", chunk " + std::to_string(chunk));
      EXPECT_EQ(ReadWithReader(path, chunk), expected);
    }
  }
}

// A random CSV of 3 columns with random values, quoted when needed, then damaged at random.
std::string RandomCsv(std::mt19937& random) {
  static const char* const kPieces[] = {
      "a",
      "b",
      "7",
      " ",
      ",",
      "\"",
      "\"\"",
      "\n",
      "\r\n",
      "\r",
      "\xC3\xA9",
      "\xE2\x82\xAC",
      "\xF0\x9F\x98\x80",
      "\xC3",
      "\x80",
      "\xED\xA0\x80",
      "\0",
      "\xEF\xBB\xBF",
  };
  constexpr size_t kPieceCount = std::size(kPieces);
  const auto piece = [&](size_t first, size_t last) {
    const size_t k = std::uniform_int_distribution<size_t>(first, last)(random);
    return std::string(kPieces[k], k == 16 ? 1 : std::char_traits<char>::length(kPieces[k]));
  };
  std::string out;
  const size_t rows = std::uniform_int_distribution<size_t>(0, 6)(random);
  for (size_t r = 0; r <= rows; ++r) {
    for (size_t c = 0; c < 3; ++c) {
      if (c > 0) out += ',';
      std::string value;
      const size_t length = std::uniform_int_distribution<size_t>(0, 4)(random);
      for (size_t k = 0; k < length; ++k) value += piece(0, 12);
      if (value.find_first_of(",\"\r\n") != std::string::npos || random() % 4 == 0) {
        std::string quoted = "\"";
        for (const char ch : value) quoted += ch == '"' ? "\"\"" : std::string(1, ch);
        value = quoted + "\"";
      }
      out += value;
    }
    out += random() % 2 ? "\n" : "\r\n";
    if (random() % 8 == 0) out += "\n";
  }
  const size_t damage = random() % 3 == 0 ? std::uniform_int_distribution<size_t>(1, 2)(random) : 0;
  for (size_t d = 0; d < damage && !out.empty(); ++d) {
    const size_t at = std::uniform_int_distribution<size_t>(0, out.size() - 1)(random);
    switch (random() % 3) {
      case 0:
        out.insert(at, piece(0, kPieceCount - 1));
        break;
      case 1:
        out.erase(at, 1);
        break;
      default:
        out.replace(at, 1, piece(0, kPieceCount - 1));
        break;
    }
  }
  if (random() % 4 == 0 && !out.empty()) out.pop_back();
  return out;
}

TEST(CsvReader, AgreesWithTheReferenceSplitterOnRandomInputs) {
  std::mt19937 random(20261123);
  testing::TempDir dir;
  int failures = 0;
  int good = 0;
  for (int iteration = 0; iteration < 2000 && failures < 5; ++iteration) {
    const std::string input = RandomCsv(random);
    // A new file each time: rewriting one file makes ext4 flush it to disk on every close.
    const std::string path = dir.Write("t" + std::to_string(iteration) + ".csv", input);
    const Outcome expected = ReferenceSplit(input);
    good += expected.ok;
    for (const size_t chunk : {size_t{1}, size_t{3}, size_t{64}, size_t{1} << 20}) {
      const Outcome got = ReadWithReader(path, chunk);
      if (got != expected) {
        ++failures;
        ADD_FAILURE() << "input " << ::testing::PrintToString(input) << ", chunk " << chunk
                      << ": got " << got << ", expected " << expected;
      }
    }
    std::filesystem::remove(path);
  }
  // The generator must give both good and bad files for the comparison to mean anything.
  EXPECT_GT(good, 200);
  EXPECT_LT(good, 1800);
}

}  // namespace
}  // namespace mhds::io
