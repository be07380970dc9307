// CsvWriter: builds the text of every CSV file the report writes, as RFC 4180 asks: cells
// separated by commas, rows ended by CRLF, a cell quoted (with its quotes doubled) when it holds a
// comma, a quote, a CR or an LF.
//
// Text cells are also protected against spreadsheet formula injection (OWASP "CSV injection"):
// submitted values reach these files, and a data lead opens them in a spreadsheet, where a cell
// such as =HYPERLINK(...) would run as a formula. A text cell starting with = + - @ TAB or CR
// therefore gets a leading apostrophe, which spreadsheets show as a plain text marker. Numbers
// the report computes itself (ids, counts, row numbers) are written raw through Number().
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace mhds::report {

// The cell `text` becomes: formula-protected first, then quoted if it needs to be.
std::string CsvTextCell(std::string_view text);

class CsvWriter {
 public:
  // Appends a text cell to the current row (see CsvTextCell).
  CsvWriter& Text(std::string_view text);
  // Appends a number cell, unquoted and unprotected.
  CsvWriter& Number(uint64_t n);
  // Appends a number cell, or an empty cell when `n` is 0 (row, line and id fields use 0 for
  // "none").
  CsvWriter& NumberOrBlank(uint64_t n);
  // Appends an empty cell.
  CsvWriter& Blank();
  // Ends the current row.
  void EndRow();

  // The CSV text written so far.
  const std::string& text() const { return out_; }
  std::string Take() { return std::move(out_); }

 private:
  void Separate();

  std::string out_;
  bool row_open_ = false;  // a cell has been written since the last EndRow
};

}  // namespace mhds::report
