// CsvDocument: a small CSV file read whole into memory, with the line of every row, for the
// configuration-sized files mhds loads (specification folders, mapping files). Submissions are
// streamed by io/csv/csv_reader.h instead; this one favours simplicity over speed.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "mhds/base/result.h"

namespace mhds {

class CsvDocument {
 public:
  struct Row {
    uint64_t line = 0;                // 1-based physical line where the row starts
    std::vector<std::string> fields;  // unescaped
  };

  // Parses `text` (RFC 4180; optional UTF-8 BOM; LF or CRLF). `name` is used in error messages.
  // Entirely empty lines are skipped. The first row is the header. Fails with kDataError naming
  // name:line:column for an unterminated quote, a stray quote or a row whose field count differs
  // from the header's.
  static Result<CsvDocument> Parse(std::string_view text, std::string name);

  // Reads and parses the file at `path`. kNotFound if it does not exist.
  static Result<CsvDocument> ReadFile(const std::string& path);

  const std::string& name() const { return name_; }
  const std::vector<std::string>& header() const { return header_; }
  const std::vector<Row>& rows() const { return rows_; }

  // Index of the header column named `column` (case-insensitive), or -1.
  int ColumnIndex(std::string_view column) const;

  // 1-based column number of the header column `index`, for messages.
  static int ColumnNumber(int index) { return index + 1; }

 private:
  std::string name_;
  std::vector<std::string> header_;
  std::vector<Row> rows_;
};

}  // namespace mhds
