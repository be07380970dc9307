// CsvFolderSource: a submission given as a folder of CSV files, one per table. Every file in the
// folder (not its subfolders) whose name ends in ".csv", in any case, is a table named by the file
// name without the extension: "MHS001MPI.csv" holds table MHS001MPI. Other files are ignored.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mhds/base/result.h"
#include "mhds/io/csv/csv_reader.h"
#include "mhds/io/table_source.h"

namespace mhds::io {

class CsvFolderSource final : public TableSource {
 public:
  // Lists the CSV files in the folder `dir`; the files are opened only by Open(). kNotFound if
  // `dir` does not exist, kIoError if it cannot be listed, kDataError if two files name the same
  // table ("A.csv" and "A.CSV"). Each reader uses `options`.
  static Result<std::unique_ptr<CsvFolderSource>> OpenFolder(const std::string& dir,
                                                             const CsvOptions& options = {});

  // Sorted by byte value.
  const std::vector<std::string>& table_names() const override { return table_names_; }
  // A CsvReader over the table's file; error messages start with the file's path.
  Result<std::unique_ptr<RowReader>> Open(std::string_view table) override;
  std::string Describe() const override { return "CSV folder " + dir_; }
  // The file name, e.g. "MHS001MPI.csv".
  std::string DisplayName(std::string_view table) const override;
  // The sum of the CSV files' sizes when the folder was listed.
  uint64_t total_bytes() const override { return total_bytes_; }

 private:
  CsvFolderSource(std::string dir, const CsvOptions& options)
      : dir_(std::move(dir)), options_(options) {}

  std::string dir_;
  CsvOptions options_;
  std::vector<std::string> table_names_;
  std::map<std::string, std::string, std::less<>> file_names_;  // table name -> file name
  uint64_t total_bytes_ = 0;
};

}  // namespace mhds::io
