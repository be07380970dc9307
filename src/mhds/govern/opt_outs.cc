#include "mhds/govern/opt_outs.h"

#include <fstream>

#include "mhds/report/csv_writer.h"

namespace mhds::govern {

namespace {

constexpr size_t kNhsNumberDigits = 10;

// The digits of `value` without spaces, or "" when it is not ten digits.
std::string NormalisedNhsNumber(std::string_view value) {
  std::string digits;
  for (char c : value) {
    if (c == ' ') continue;
    if (c < '0' || c > '9') return "";
    digits += c;
  }
  return digits.size() == kNhsNumberDigits ? digits : "";
}

}  // namespace

Result<std::set<std::string>> LoadOptOutList(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Status::NotFound("opt-out list " + path + " cannot be opened");
  std::set<std::string> numbers;
  std::string line;
  int64_t line_number = 0;
  while (std::getline(in, line)) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos || line[0] == '#') continue;
    std::string number = NormalisedNhsNumber(line);
    if (number.empty()) {
      return Status::DataError(path + ":" + std::to_string(line_number) +
                               ":1: expected a 10-digit NHS Number on each line");
    }
    numbers.insert(std::move(number));
  }
  return numbers;
}

Result<FilteredCohort> FilterCohort(const CsvDocument& cohort, const std::string& nhs_column,
                                    const std::set<std::string>* opted_out) {
  const int column = cohort.ColumnIndex(nhs_column);
  if (column < 0) {
    return Status::InvalidArgument(cohort.name() + ":1: no column '" + nhs_column +
                                   "' (give the NHS Number column with --nhs-column)");
  }
  report::CsvWriter out;
  for (const std::string& name : cohort.header()) out.Text(name);
  out.EndRow();
  FilteredCohort result;
  for (const auto& row : cohort.rows()) {
    ++result.records_before;
    if (opted_out != nullptr && opted_out->count(NormalisedNhsNumber(row.fields[column])) > 0) {
      continue;
    }
    ++result.records_after;
    for (const std::string& field : row.fields) out.Text(field);
    out.EndRow();
  }
  result.csv = out.Take();
  return result;
}

}  // namespace mhds::govern
