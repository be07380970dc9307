#include "mhds/trace/batch_request.h"

#include <array>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <unordered_map>

#include "mhds/base/calendar.h"
#include "mhds/base/text.h"
#include "mhds/io/csv/csv_row_splitter.h"
#include "mhds/trace/compact_date.h"
#include "mhds/trace/mesh_codes.h"
#include "mhds/trace/name_keys.h"
#include "mhds/validate/value_checks.h"

namespace mhds::trace {
namespace {

struct ColumnInfo {
  std::string_view name;
  size_t limit;  // characters
};

// Limits where the notes give none are ours (docs/tracing.md says which).
constexpr std::array<ColumnInfo, kRequestColumnCount> kColumns = {{
    {"UNIQUE REFERENCE", 50},    {"NHS_NO", 10},
    {"FAMILY_NAME", 35},         {"GIVEN_NAME", 35},
    {"OTHER_GIVEN_NAME", 100},   {"GENDER", 1},
    {"DATE_OF_BIRTH", 8},        {"POSTCODE", 8},
    {"DATE_OF_DEATH", 8},        {"ADDRESS_LINE1", 35},
    {"ADDRESS_LINE2", 35},       {"ADDRESS_LINE3", 35},
    {"ADDRESS_LINE4", 35},       {"ADDRESS_LINE5", 35},
    {"ADDRESS_DATE", 8},         {"GP_PRACTICE_CODE", 8},
    {"GP_REGISTRATION_DATE", 8}, {"NHAIS_POSTING_ID", 3},
    {"AS_AT_DATE", 8},           {"LOCAL_PATIENT_ID", 50},
    {"INTERNAL_ID", 50},         {"TELEPHONE_NUMBER", 32},
    {"MOBILE_NUMBER", 32},       {"EMAIL_ADDRESS", 90},
}};

constexpr std::array<int, 5> kDateColumns = {kDateOfBirth, kDateOfDeath, kAddressDate,
                                             kGpRegistrationDate, kAsAtDate};

constexpr std::string_view kReferencePrefix = "MPTREQ_";
constexpr size_t kHeaderFields = 4;

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// CCYYMMDDHHMISS naming a real moment.
bool IsTimestamp(std::string_view s) {
  if (s.size() != 14 || !AllDigits(s)) return false;
  const std::string iso = std::string(s.substr(0, 4)) + "-" + std::string(s.substr(4, 2)) + "-" +
                          std::string(s.substr(6, 2)) + "T" + std::string(s.substr(8, 2)) + ":" +
                          std::string(s.substr(10, 2)) + ":" + std::string(s.substr(12, 2));
  return ParseDateTime(iso).has_value();
}

std::string Where(const std::string& name, uint64_t line, int column) {
  return name + ":" + std::to_string(line) + ": column " + std::to_string(column + 1) + " (" +
         std::string(kColumns[column].name) + "): ";
}

// Checks one data record; sets its field code and problem on the first fault, in the order
// column count, required field, length, gender, format.
void CheckRow(RequestRow& row, const std::string& name) {
  if (row.fields.size() != kRequestColumnCount) {
    row.field_code =
        row.fields.size() < kRequestColumnCount ? code::kNotEnoughFields : code::kTooManyFields;
    row.problem = name + ":" + std::to_string(row.line) + ": " + std::to_string(row.fields.size()) +
                  " fields; expected " + std::to_string(kRequestColumnCount);
    return;
  }
  if (row.Field(kUniqueReference).empty()) {
    row.field_code = code::kRequiredFieldMissing;
    row.problem = Where(name, row.line, kUniqueReference) + "blank; it is required";
    return;
  }
  for (int c = 0; c < kRequestColumnCount; ++c) {
    if (Utf8Length(row.Field(c)) > kColumns[c].limit) {
      row.field_code = code::kFieldTooLong;
      row.problem = Where(name, row.line, c) + "longer than " + std::to_string(kColumns[c].limit) +
                    " characters";
      return;
    }
  }
  const std::string_view gender = row.Field(kGender);
  if (!gender.empty() && std::string_view("0129").find(gender[0]) == std::string_view::npos) {
    row.field_code = code::kInvalidGender;
    row.problem = Where(name, row.line, kGender) +
                  "expected 0 (not known), 1 (male), 2 (female), 9 (not specified) or blank";
    return;
  }
  const auto bad_format = [&](int column, std::string_view expected) {
    row.field_code = code::kInvalidFormat;
    row.problem = Where(name, row.line, column) + "expected " + std::string(expected);
  };
  const std::string_view number = row.Field(kNhsNo);
  if (!number.empty() && (number.size() != 10 || !AllDigits(number))) {
    return bad_format(kNhsNo, "10 digits or blank");
  }
  for (int c : kDateColumns) {
    const std::string_view value = row.Field(c);
    if (value.empty()) continue;
    const std::optional<CompactDate> date = ParseCompactDate(value);
    if (!date) return bad_format(c, "a date CCYYMMDD (a calendar day from 1800 on) or blank");
    if (c == kDateOfBirth) row.date_of_birth = *date;
    if (c == kAsAtDate) row.as_at_date = *date;
  }
  const std::string_view postcode = row.Field(kPostcode);
  if (!postcode.empty() && !validate::IsPostcodeShape(NormalisePostcode(postcode))) {
    bad_format(kPostcode, "a UK postcode such as LS1 4HR, or blank");
  }
}

// Splits `text` into records with the project's CSV splitter. Returns false with `problem` set
// when the text is not CSV.
bool SplitRecords(std::string_view text, const std::string& name,
                  std::vector<std::pair<uint64_t, std::vector<std::string>>>& records,
                  std::string& problem) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  // The splitter may read a few bytes past the end of its range.
  std::string padded(text);
  padded.append(io::RowSplitter::kPadding, '\0');
  const char* pos = padded.data();
  const char* end = padded.data() + text.size();
  io::RowSplitter splitter;
  std::vector<std::string_view> fields;
  uint64_t line = 1;
  while (true) {
    const io::RowSplitter::Step step = splitter.Split(pos, end, /*at_eof=*/true, fields);
    if (step == io::RowSplitter::Step::kEnd) return true;
    if (step == io::RowSplitter::Step::kError || step == io::RowSplitter::Step::kNeedMore) {
      // The column is the byte offset in the line where the fault is.
      const char* at = step == io::RowSplitter::Step::kError ? splitter.error_at() : end;
      uint64_t fault_line = line;
      const char* line_start = pos;
      for (const char* p = pos; p < at; ++p) {
        if (*p == '\n') {
          ++fault_line;
          line_start = p + 1;
        }
      }
      problem = name + ":" + std::to_string(fault_line) + ":" +
                std::to_string(at - line_start + 1) + ": " +
                (step == io::RowSplitter::Step::kError ? splitter.error()
                                                       : std::string("unterminated quoted field"));
      return false;
    }
    if (step == io::RowSplitter::Step::kRow) {
      std::vector<std::string>& out = records.emplace_back(line, std::vector<std::string>()).second;
      out.reserve(fields.size());
      for (std::string_view f : fields) out.emplace_back(f);
      for (size_t i : splitter.escaped()) {
        std::string& value = out[i];
        std::string unescaped;
        for (size_t k = 0; k < value.size(); ++k) {
          unescaped += value[k];
          if (value[k] == '"' && k + 1 < value.size() && value[k + 1] == '"') ++k;
        }
        value = std::move(unescaped);
      }
    }
    line += splitter.line_breaks();
    pos = splitter.next();
  }
}

}  // namespace

std::string_view RequestColumnName(int column) { return kColumns[column].name; }
size_t RequestColumnLimit(int column) { return kColumns[column].limit; }

std::string_view RequestRow::Field(int column) const {
  if (column < 0 || static_cast<size_t>(column) >= fields.size()) return {};
  return Trim(fields[column]);
}

RequestFile ParseRequest(std::string_view text, const std::string& name,
                         std::string_view file_name) {
  RequestFile file;
  file.file_code = code::kSuccess;
  const auto reject = [&file](std::string_view file_code, std::string problem) {
    file.file_code = file_code;
    file.problem = std::move(problem);
    file.rows.clear();
    return std::move(file);
  };
  std::vector<std::pair<uint64_t, std::vector<std::string>>> records;
  std::string problem;
  if (!SplitRecords(text, name, records, problem)) return reject(code::kParseError, problem);
  if (records.empty()) {
    return reject(code::kParseError, name + ":1: empty file; expected a header record");
  }
  const std::vector<std::string>& head = records.front().second;
  if (head.size() != kHeaderFields) {
    return reject(code::kParseError,
                  name + ":1: the header record has " + std::to_string(head.size()) +
                      " fields; expected 4 (reference, workflow id, timestamp, record count)");
  }
  file.header = {std::string(Trim(head[0])), std::string(Trim(head[1])), std::string(Trim(head[2])),
                 std::string(Trim(head[3]))};
  const RequestHeader& h = file.header;
  if (h.reference.substr(0, kReferencePrefix.size()) != kReferencePrefix ||
      !IsTimestamp(std::string_view(h.reference).substr(kReferencePrefix.size()))) {
    return reject(code::kInvalidReference,
                  name + ":1: column 1: expected a reference MPTREQ_CCYYMMDDHHMISS");
  }
  if (h.workflow_id != kWorkflowId) {
    return reject(code::kInvalidWorkflowId,
                  name + ":1: column 2: expected the workflow id " + std::string(kWorkflowId));
  }
  if (!IsTimestamp(h.timestamp)) {
    return reject(code::kInvalidTimestamp,
                  name + ":1: column 3: expected a timestamp CCYYMMDDHHMISS");
  }
  if (!AllDigits(h.count) || h.count.size() > 7) {
    return reject(code::kParseError,
                  name + ":1: column 4: expected the number of data records, 0 to 500000");
  }
  const size_t declared = std::stoul(h.count);
  const size_t present = records.size() - 1;
  if (declared > kMaxRequestRecords || present > kMaxRequestRecords) {
    return reject(code::kTooManyRecords, name + ": " + std::to_string(std::max(declared, present)) +
                                             " data records; at most 500000 are allowed");
  }
  if (declared != present) {
    return reject(code::kCountMismatch, name + ":1: column 4: the header declares " + h.count +
                                            " data records; the file holds " +
                                            std::to_string(present));
  }
  const std::string_view stem = file_name.substr(0, file_name.rfind('.'));
  if (stem.substr(0, kReferencePrefix.size()) == kReferencePrefix && stem != h.reference) {
    return reject(code::kFileNameMismatch,
                  name +
                      ":1: column 1: the reference differs from the file name; expected "
                      "them to agree");
  }

  std::unordered_map<std::string, uint64_t> references;
  file.rows.reserve(present);
  for (size_t i = 1; i < records.size(); ++i) {
    RequestRow& row = file.rows.emplace_back();
    row.line = records[i].first;
    row.fields = std::move(records[i].second);
    CheckRow(row, name);
    const std::string reference(row.Field(kUniqueReference));
    if (reference.empty()) continue;
    auto [it, added] = references.emplace(reference, row.line);
    if (!added) {
      return reject(code::kUniqueReferenceError,
                    name + ":" + std::to_string(row.line) +
                        ": column 1 (UNIQUE REFERENCE): repeats the reference of line " +
                        std::to_string(it->second) + "; expected each to be unique in the file");
    }
  }
  return file;
}

Result<RequestFile> ReadRequestFile(const std::string& path) {
  std::error_code error;
  const std::filesystem::file_status status = std::filesystem::status(path, error);
  if (!std::filesystem::exists(status)) {
    return Status::NotFound(path + ": no such file or directory");
  }
  if (!std::filesystem::is_regular_file(status)) {
    return Status::DataError(path + ": not a file; expected a batch trace request (CSV)");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError(path + ": cannot open for reading");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return Status::IoError(path + ": cannot read");
  return ParseRequest(text, path, std::filesystem::path(path).filename().string());
}

}  // namespace mhds::trace
