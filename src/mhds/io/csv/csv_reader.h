// CsvReader: reads one RFC 4180 CSV file as a RowReader (see mhds/io/table_source.h).
//
// The file is UTF-8, with or without a byte order mark (stripped); lines end in LF or CRLF; the
// first row names the columns. Fields may be quoted with '"', a quote inside a quoted field is
// written twice (""), and a quoted field may hold commas, CR and line breaks. Lines that are
// entirely empty are skipped, so a one-column file must write an empty value as "". A final line
// without a line end is accepted.
//
// The reader stops at the first malformed byte with a kDataError whose message reads
// "FILE:LINE:COLUMN: what was found; what was expected". LINE is the 1-based physical line (the
// header is line 1); COLUMN is the 1-based byte offset within that line (a multi-byte UTF-8
// character counts as several columns; a BOM does not count).
//
// Speed: the file is read with read() in chunks into one buffer, which is scanned 64 bytes at a
// time for the bytes that matter (" , control bytes and non-ASCII); fields are views into that
// buffer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "mhds/base/result.h"
#include "mhds/io/csv/csv_row_splitter.h"
#include "mhds/io/table_source.h"

namespace mhds::io {

struct CsvOptions {
  // Bytes asked of each read() call. Larger chunks mean fewer system calls; a row that does not
  // fit grows the buffer. Tests set this to a few bytes to put chunk boundaries everywhere.
  size_t chunk_bytes = size_t{1} << 20;

  // The longest row accepted, in bytes, counting its line end and any line breaks inside quoted
  // fields. A longer row is a kDataError. This bounds memory: the reader holds at most about
  // max_line_bytes + chunk_bytes, so a file that is not CSV (or has lost its line ends) cannot
  // exhaust memory.
  size_t max_line_bytes = size_t{64} << 20;
};

class CsvReader final : public RowReader {
 public:
  // Opens the CSV file at `path` and reads its header row. The path, as given, starts every error
  // message. kNotFound if the file does not exist, kIoError if it cannot be read, kDataError if the
  // header row is missing (empty file) or malformed.
  static Result<std::unique_ptr<CsvReader>> Open(const std::string& path,
                                                 const CsvOptions& options = {});

  ~CsvReader() override;
  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;

  const std::vector<std::string>& columns() const override { return columns_; }

  // Fields are views into the read buffer, or into a scratch buffer for quoted fields holding "";
  // both stay valid until the next call.
  bool Next(std::vector<std::string_view>& fields) override;

  const Status& status() const override { return status_; }
  uint64_t line() const override { return line_; }

  // Bytes of the file consumed by the rows returned so far (BOM and skipped lines included).
  uint64_t bytes_read() const override;

  // The file's size when it was opened.
  uint64_t size_hint() const override;

 private:
  CsvReader(std::string path, int fd, const CsvOptions& options);

  // Skips a BOM and reads the column names. False on error (status_ set).
  bool ReadHeader();
  // Splits the next row that is not blank into `fields`, reading more of the file as needed,
  // given `step`, what RowSplitter::Split() returned for the bytes at pos_. False at the end of
  // the file or on error (status_ set).
  bool SplitNext(std::vector<std::string_view>& fields, RowSplitter::Step step);
  // Checks the field count, unescapes "" and moves past the row just split.
  bool AcceptRow(std::vector<std::string_view>& fields, bool is_header);
  // Moves the unread bytes to the front of the buffer and reads more. False on error (status_
  // set); at the end of the file sets eof_ and returns true.
  bool Refill();
  // Sets status_ to a kDataError at `where`, a pointer into the row starting at pos_.
  void Fail(const char* where, std::string_view what);
  void FailRowTooLong();

  std::string path_;
  int fd_;
  CsvOptions options_;
  std::vector<std::string> columns_;
  Status status_;

  // buffer_ holds capacity_ bytes plus RowSplitter::kPadding readable bytes after them. [pos_,
  // end_) is unread; pos_ is where the next row starts.
  struct Free {
    void operator()(char* p) const { std::free(p); }
  };
  std::unique_ptr<char, Free> buffer_;  // malloc'd, so that growing can use realloc
  size_t capacity_ = 0;
  const char* pos_ = nullptr;
  const char* end_ = nullptr;
  bool eof_ = false;
  uint64_t buffer_offset_ = 0;  // file offset of buffer_[0]

  uint64_t line_ = 0;       // line of the row last returned
  uint64_t next_line_ = 1;  // line at pos_

  RowSplitter splitter_;
  std::string scratch_;  // unescaped values of quoted fields holding ""
};

}  // namespace mhds::io
