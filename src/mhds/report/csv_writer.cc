// RFC 4180 cells and rows, with the formula-injection guard applied before quoting so that a
// guarded cell holding a comma is still quoted as a whole.
#include "mhds/report/csv_writer.h"

namespace mhds::report {
namespace {

// Characters that make a spreadsheet read a cell as a formula (or, for TAB and CR, that some
// spreadsheets strip before doing so).
bool StartsFormula(std::string_view text) {
  if (text.empty()) return false;
  switch (text.front()) {
    case '=':
    case '+':
    case '-':
    case '@':
    case '\t':
    case '\r':
      return true;
    default:
      return false;
  }
}

bool NeedsQuotes(std::string_view text) {
  return text.find_first_of(",\"\r\n") != std::string_view::npos;
}

}  // namespace

std::string CsvTextCell(std::string_view text) {
  std::string cell;
  cell.reserve(text.size() + 3);
  if (StartsFormula(text)) cell += '\'';
  cell += text;
  if (!NeedsQuotes(cell)) return cell;
  std::string quoted;
  quoted.reserve(cell.size() + 4);
  quoted += '"';
  for (char c : cell) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

void CsvWriter::Separate() {
  if (row_open_) out_ += ',';
  row_open_ = true;
}

CsvWriter& CsvWriter::Text(std::string_view text) {
  Separate();
  out_ += CsvTextCell(text);
  return *this;
}

CsvWriter& CsvWriter::Number(uint64_t n) {
  Separate();
  out_ += std::to_string(n);
  return *this;
}

CsvWriter& CsvWriter::NumberOrBlank(uint64_t n) { return n == 0 ? Blank() : Number(n); }

CsvWriter& CsvWriter::Blank() {
  Separate();
  return *this;
}

void CsvWriter::EndRow() {
  out_ += "\r\n";
  row_open_ = false;
}

}  // namespace mhds::report
