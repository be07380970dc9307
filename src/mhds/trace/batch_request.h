// The batch trace request file (docs/tracing.md, "The request file"): a header record
// (reference MPTREQ_<CCYYMMDDHHMISS>, workflow id, timestamp, record count) and then one data
// record of 24 columns per person to trace, RFC 4180 CSV without a row of column names.
//
// Reading never fails on content: a malformed file gets its file-level code (01-09) and a
// malformed row its field-level code (10-17), each with a message naming the line and column
// that a person can act on. Messages name columns, never the values in them.
//
// RequestReader reads a file a record at a time, so that a trace's memory does not grow with its
// rows; ParseRequest and ReadRequestFile read one whole, through the same reader.
#pragma once

#include <cstdint>
#include <istream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mhds/base/result.h"
#include "mhds/io/csv/csv_row_splitter.h"
#include "mhds/trace/person.h"

namespace mhds::trace {

// The data record's columns, in file order.
enum RequestColumn {
  kUniqueReference,
  kNhsNo,
  kFamilyName,
  kGivenName,
  kOtherGivenName,
  kGender,
  kDateOfBirth,
  kPostcode,
  kDateOfDeath,
  kAddressLine1,
  kAddressLine2,
  kAddressLine3,
  kAddressLine4,
  kAddressLine5,
  kAddressDate,
  kGpPracticeCode,
  kGpRegistrationDate,
  kNhaisPostingId,
  kAsAtDate,
  kLocalPatientId,
  kInternalId,
  kTelephoneNumber,
  kMobileNumber,
  kEmailAddress,
  kRequestColumnCount,
};

// Column names as the national layout spells them, and the longest value each may hold.
std::string_view RequestColumnName(int column);
size_t RequestColumnLimit(int column);

struct RequestHeader {
  std::string reference;    // MPTREQ_CCYYMMDDHHMISS
  std::string workflow_id;  // SPINE_MPTPHASE4_TRACE
  std::string timestamp;    // CCYYMMDDHHMISS
  std::string count;        // as written
};

// One data record, checked. Dates are 0 when blank.
struct RequestRow {
  uint64_t line = 0;
  std::vector<std::string> fields;  // as written; may have more or fewer than 24 on error
  std::string_view field_code;      // empty when the row is well formed, else 10-17
  std::string problem;              // what is wrong and where, for the explanation

  // Valid only when field_code is empty.
  CompactDate date_of_birth = 0;
  CompactDate as_at_date = 0;

  // The trimmed value of `column` ("" if the row is too short to have it).
  std::string_view Field(int column) const;
};

struct RequestFile {
  RequestHeader header;
  std::string_view file_code;  // code::kSuccess, or the file-level code rejecting the file
  std::string problem;         // why the file was rejected: FILE:LINE:COLUMN: ...
  std::vector<RequestRow> rows;
};

// Reads a request file a data record at a time. A file-level fault may lie anywhere (a CSV fault
// at the last line, a count in the header that the rows do not reach), so the file's answer is
// known only at the end: Next() gives the rows while no fault is known, and once one is found
// (or the file ends) reads the rest of the file without giving rows, so that the file gets the
// code and message the whole file deserves (the order of "Codes" in docs/tracing.md, as
// ParseRequest gives). What it keeps of the rows given is each UNIQUE REFERENCE, to find a
// repeat: memory grows by the length of a reference and 32 to 40 bytes a row, not by the rows.
// Not thread-safe.
class RequestReader {
 public:
  // Opens the file at `path`. kNotFound if there is none, kDataError if it is not a file,
  // kIoError if it cannot be opened.
  static Result<std::unique_ptr<RequestReader>> Open(const std::string& path);
  // Reads `text`; `name` starts messages and `file_name` is compared with the reference (see
  // ParseRequest). `read_bytes`: how much is read at once (tests read a few bytes at a time, to
  // put records across reads).
  static std::unique_ptr<RequestReader> FromText(std::string_view text, std::string name,
                                                 std::string_view file_name,
                                                 size_t read_bytes = size_t{1} << 20);

  ~RequestReader();
  RequestReader(const RequestReader&) = delete;
  RequestReader& operator=(const RequestReader&) = delete;

  // The header record (blank fields when the file has none of the right shape).
  const RequestHeader& header() const { return header_; }
  // The number of data records the header declares; 0 when it is not a number.
  uint64_t declared_rows() const { return declared_; }

  // Reads the next data record into `row`, checked as ParseRequest checks it (every member is
  // replaced; the storage of its fields is reused). False when there is none to give: at the
  // end of the file, or once a fault rejects the file, or when the file cannot be read; by then
  // the whole file has been read and Answer() and status() are final.
  bool Next(RequestRow& row);

  // Reads the rest of the file without giving rows (as Next() does once the file is rejected).
  void SkipToEnd();

  // The file's answer without its rows: the header, and code::kSuccess or the file-level code
  // and problem. Final once Next() has returned false; before that, a fault found so far.
  RequestFile Answer() const;
  // kIoError naming the file if it could not be read to the end (the answer is then unknown).
  const Status& status() const { return status_; }

 private:
  enum class Record { kRecord, kEnd, kFault };
  // The UNIQUE REFERENCEs given so far, each with its line.
  class References;

  RequestReader(std::unique_ptr<std::istream> in, std::string name, std::string file_name);
  // Splits the next record into record_ (unescaped when `keep` is true) and its line.
  Record ReadRecord(bool keep);
  // Reads more of the file into the buffer; false at its end or on a read error.
  bool Fill();
  void ReadHeader(size_t read_bytes);
  // The file-level fault of what has been read, in the order of the codes; before the end of the
  // file (`at_end` false) a count is wrong only when more records than it have been read.
  std::optional<std::pair<std::string_view, std::string>> FileFault(bool at_end) const;
  void Finish();

  std::unique_ptr<std::istream> in_;
  std::string name_;
  std::string file_name_;
  size_t read_bytes_ = 0;
  std::string buffer_;  // bytes [begin_, end_) not yet split, then RowSplitter::kPadding more
  size_t begin_ = 0;
  size_t end_ = 0;
  bool at_eof_ = false;
  bool started_ = false;  // a byte-order mark is skipped at the start
  io::RowSplitter splitter_;
  std::vector<std::string_view> fields_;
  std::vector<std::string> record_;
  uint64_t line_ = 1;         // of the next record
  uint64_t record_line_ = 0;  // of record_

  RequestHeader header_;
  size_t header_fields_ = 0;
  bool has_header_ = false;
  uint64_t declared_ = 0;
  uint64_t present_ = 0;                                 // data records seen
  bool rejected_ = false;                                // a fault is known: no more rows are given
  bool finished_ = false;                                // the whole file has been read
  std::optional<std::string> csv_problem_;               // the CSV fault that ended the reading
  std::optional<std::pair<uint64_t, uint64_t>> repeat_;  // the first repeated reference: lines
  std::unique_ptr<References> references_;
  RequestFile answer_;  // once finished_
  Status status_;
};

// Parses the text of a request file. `name` starts messages; `file_name` (the last path
// component) is compared with the header's reference when it has the form MPTREQ_*.
RequestFile ParseRequest(std::string_view text, const std::string& name,
                         std::string_view file_name);

// Reads and parses the file at `path`. kNotFound if there is none, kIoError if it cannot be read.
Result<RequestFile> ReadRequestFile(const std::string& path);

}  // namespace mhds::trace
