// The batch trace request file (docs/tracing.md, "The request file"): a header record
// (reference MPTREQ_<CCYYMMDDHHMISS>, workflow id, timestamp, record count) and then one data
// record of 24 columns per person to trace, RFC 4180 CSV without a row of column names.
//
// Reading never fails on content: a malformed file gets its file-level code (01-09) and a
// malformed row its field-level code (10-17), each with a message naming the line and column
// that a person can act on. Messages name columns, never the values in them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "mhds/base/result.h"
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

// Parses the text of a request file. `name` starts messages; `file_name` (the last path
// component) is compared with the header's reference when it has the form MPTREQ_*.
RequestFile ParseRequest(std::string_view text, const std::string& name,
                         std::string_view file_name);

// Reads and parses the file at `path`. kNotFound if there is none, kIoError if it cannot be read.
Result<RequestFile> ReadRequestFile(const std::string& path);

}  // namespace mhds::trace
