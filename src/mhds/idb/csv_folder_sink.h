// CsvFolderSink: writes an IDB as a folder of CSV files, one "<IDB name>.csv" per table, that
// io/csv reads back value for value: UTF-8, rows ended by LF, a header row of column names, and a
// field quoted (its quotes doubled) only when it holds a comma, a quote, a CR or an LF.
//
// Unlike the report's CSV files (report/csv_writer.h), no apostrophe is put before a value that
// starts with = + - @: this folder is the submission itself, and a conversion changes no value.
// Open it with a CSV-aware tool, not by double-clicking into a spreadsheet.
//
// The files are written into "<out>.tmp-<pid>" (mode 0700, files 0600) and the folder is renamed
// into place by Commit().
#pragma once

#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "mhds/base/result.h"
#include "mhds/idb/table_sink.h"

namespace mhds::idb {

// The field `value` as it is written: as is, or quoted when it must be.
std::string CsvField(std::string_view value);

class CsvFolderSink final : public TableSink {
 public:
  // Creates the temporary folder. kInvalidArgument if `out` exists and may not be replaced (see
  // CheckReplaceable); kIoError if the folder cannot be made.
  static Result<std::unique_ptr<CsvFolderSink>> Create(const std::filesystem::path& out,
                                                       bool overwrite);
  // Removes the temporary folder unless Commit() succeeded.
  ~CsvFolderSink() override;
  CsvFolderSink(const CsvFolderSink&) = delete;
  CsvFolderSink& operator=(const CsvFolderSink&) = delete;

  // kDataError if two tables would share a file name.
  Status BeginTable(std::string_view name, const spec::Table* table,
                    std::span<const std::string> columns) override;
  // kDataError, naming the table, row and column, for a value io/csv could not read back (a NUL
  // byte, or bytes that are not UTF-8, as Access OLE columns may hold).
  Status AddRow(std::span<const std::string_view> values) override;
  Status EndTable() override;
  // Replaces any folder at the output path (allowed by Create) with the new one.
  Status Commit() override;

 private:
  CsvFolderSink(std::filesystem::path out, std::filesystem::path temp, bool overwrite)
      : out_(std::move(out)), temp_(std::move(temp)), overwrite_(overwrite) {}
  Status CheckValue(std::string_view value, size_t column) const;
  void AppendRow(std::span<const std::string_view> values);
  Status Flush();

  std::filesystem::path out_;
  std::filesystem::path temp_;
  bool overwrite_;
  bool committed_ = false;
  int fd_ = -1;  // the table being written, or -1
  std::string file_name_;
  std::vector<std::string> columns_;
  uint64_t rows_ = 0;
  std::string buffer_;
};

}  // namespace mhds::idb
