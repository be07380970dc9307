#include "mhds/spec/internal/problems.h"

#include <filesystem>

#include "mhds/base/text.h"

namespace mhds::spec::internal {

Sheet::Sheet(CsvDocument doc)
    : doc_(std::move(doc)), file_name_(std::filesystem::path(doc_.name()).filename().string()) {}

std::string Sheet::Get(size_t r, const char* column) const {
  int c = doc_.ColumnIndex(column);
  if (c < 0 || r >= doc_.rows().size()) return "";
  return std::string(Trim(doc_.rows()[r].fields[c]));
}

Sheet::Cell Sheet::At(size_t r, const char* column) const {
  int c = doc_.ColumnIndex(column);
  uint64_t line = r < doc_.rows().size() ? doc_.rows()[r].line : 1;
  return Cell{file_name_, line, c < 0 ? 1 : CsvDocument::ColumnNumber(c), Get(r, column)};
}

void Sheet::RequireColumns(std::initializer_list<const char*> columns, Problems& problems) const {
  for (const char* column : columns) {
    if (doc_.ColumnIndex(column) < 0) {
      problems.Add(Whole(), std::string("column '") + column + "' is missing from the header row");
    }
  }
}

void Problems::Add(const Sheet::Cell& where, const std::string& what) {
  lines_.push_back(where.file + ":" + std::to_string(where.line) + ":" +
                   std::to_string(where.column) + ": " + what);
}

Status Problems::ToStatus(const std::string& folder) const {
  std::string message = "specification folder " + folder + " has " + std::to_string(lines_.size()) +
                        (lines_.size() == 1 ? " problem:" : " problems:");
  for (const std::string& line : lines_) message += "\n  " + line;
  return Status::SpecError(message);
}

}  // namespace mhds::spec::internal
