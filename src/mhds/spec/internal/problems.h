// Problems and Sheet: what the specification loader uses to read a CSV file by column name and to
// collect every problem with file, line and column, reported together at the end.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

#include "mhds/base/csv_document.h"
#include "mhds/base/status.h"

namespace mhds::spec::internal {

// A CsvDocument addressed by column name. Missing columns read as blank.
class Sheet {
 public:
  struct Cell {
    std::string file;
    uint64_t line = 0;
    int column = 0;
    std::string text;
  };

  Sheet() = default;
  explicit Sheet(CsvDocument doc);

  size_t rows() const { return doc_.rows().size(); }
  // The trimmed text of row `r`'s column `column`, blank if the column is absent.
  std::string Get(size_t r, const char* column) const;
  // The same, with its position.
  Cell At(size_t r, const char* column) const;
  // A position for problems about the whole file.
  Cell Whole() const { return Cell{file_name_, 1, 1, ""}; }

  void RequireColumns(std::initializer_list<const char*> columns, class Problems& problems) const;

 private:
  CsvDocument doc_;
  std::string file_name_;
};

class Problems {
 public:
  void Add(const Sheet::Cell& where, const std::string& what);
  bool empty() const { return lines_.empty(); }
  size_t size() const { return lines_.size(); }
  // One kSpecError listing every problem, one per line.
  Status ToStatus(const std::string& folder) const;

 private:
  std::vector<std::string> lines_;
};

}  // namespace mhds::spec::internal
