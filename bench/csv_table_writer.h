// CsvTableWriter: streams one table of a submission to a CSV file. The header row is the
// table's items in spec order; a row is built by setting the columns it fills (the others stay
// blank) and then EndRow(). Output is gathered in a large buffer and written with fwrite, so a
// table of millions of rows costs a few hundred system calls.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "spec_tables.h"

namespace mhds::bench {

class CsvTableWriter {
 public:
  // Creates `dir`/<table.idb_name>.csv and writes its header row. Check ok() afterwards.
  CsvTableWriter(const std::string& dir, const SpecTable& table);
  ~CsvTableWriter();
  CsvTableWriter(const CsvTableWriter&) = delete;
  CsvTableWriter& operator=(const CsvTableWriter&) = delete;

  const SpecTable& table() const { return table_; }

  // Sets a column of the current row; `column` -1 (an item this spec lacks) is ignored, so a
  // generator can be written once for several versions of a table. The value is copied.
  void Set(int column, std::string_view value);
  std::string_view Get(int column) const;

  // Appends the current row and clears it.
  void EndRow();

  // Flushes and closes the file. False if any write failed.
  bool Close();

  bool ok() const { return ok_; }
  uint64_t rows() const { return rows_; }
  const std::string& path() const { return path_; }

 private:
  void Append(std::string_view value);
  void Flush();

  const SpecTable& table_;
  std::string path_;
  std::FILE* file_ = nullptr;
  bool ok_ = true;
  uint64_t rows_ = 0;
  std::vector<std::string> values_;  // the current row, one per column
  std::string buffer_;               // bytes not yet written
};

}  // namespace mhds::bench
