#include "mhds/trace/batch_request.h"

#include <array>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <sstream>
#include <unordered_map>

#include "mhds/base/calendar.h"
#include "mhds/base/status_macros.h"
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

// How much of the file is read at once.
constexpr size_t kReadBytes = size_t{1} << 20;

}  // namespace

std::string_view RequestColumnName(int column) { return kColumns[column].name; }
size_t RequestColumnLimit(int column) { return kColumns[column].limit; }

std::string_view RequestRow::Field(int column) const {
  if (column < 0 || static_cast<size_t>(column) >= fields.size()) return {};
  return Trim(fields[column]);
}

// Open addressing over the references' bytes kept end to end: 24 bytes a row, the slots and the
// reference itself, where a set of strings would take about a hundred.
class RequestReader::References {
 public:
  // Adds `reference`, seen on `line`; if it was given before, returns that line instead.
  std::optional<uint64_t> Add(std::string_view reference, uint64_t line) {
    if (2 * (entries_.size() + 1) > slots_.size()) Grow();
    const uint64_t hash = std::hash<std::string_view>{}(reference);
    const size_t mask = slots_.size() - 1;
    for (size_t i = hash & mask;; i = (i + 1) & mask) {
      if (slots_[i] == 0) {
        entries_.push_back({text_.size(), line, static_cast<uint32_t>(reference.size()),
                            static_cast<uint32_t>(hash)});
        text_.append(reference);
        slots_[i] = static_cast<uint32_t>(entries_.size());
        return std::nullopt;
      }
      const Entry& e = entries_[slots_[i] - 1];
      if (e.hash == static_cast<uint32_t>(hash) && Text(e) == reference) return e.line;
    }
  }

 private:
  struct Entry {
    uint64_t offset;  // in text_
    uint64_t line;
    uint32_t size;
    uint32_t hash;  // its low bits, to skip most comparisons
  };

  std::string_view Text(const Entry& e) const {
    return std::string_view(text_).substr(e.offset, e.size);
  }

  void Grow() {
    std::vector<uint32_t> slots(std::max<size_t>(1024, slots_.size() * 2), 0);
    const size_t mask = slots.size() - 1;
    for (size_t n = 0; n < entries_.size(); ++n) {
      size_t i = std::hash<std::string_view>{}(Text(entries_[n])) & mask;
      while (slots[i] != 0) i = (i + 1) & mask;
      slots[i] = static_cast<uint32_t>(n + 1);
    }
    slots_ = std::move(slots);
  }

  std::vector<uint32_t> slots_;  // 1 + an index into entries_, or 0 for none
  std::vector<Entry> entries_;
  std::string text_;
};

RequestReader::RequestReader(std::unique_ptr<std::istream> in, std::string name,
                             std::string file_name)
    : in_(std::move(in)),
      name_(std::move(name)),
      file_name_(std::move(file_name)),
      references_(std::make_unique<References>()) {}

RequestReader::~RequestReader() = default;

Result<std::unique_ptr<RequestReader>> RequestReader::Open(const std::string& path) {
  std::error_code error;
  const std::filesystem::file_status status = std::filesystem::status(path, error);
  if (!std::filesystem::exists(status)) {
    return Status::NotFound(path + ": no such file or directory");
  }
  if (!std::filesystem::is_regular_file(status)) {
    return Status::DataError(path + ": not a file; expected a batch trace request (CSV)");
  }
  auto in = std::make_unique<std::ifstream>(path, std::ios::binary);
  if (!*in) return Status::IoError(path + ": cannot open for reading");
  std::unique_ptr<RequestReader> reader(
      new RequestReader(std::move(in), path, std::filesystem::path(path).filename().string()));
  reader->ReadHeader(kReadBytes);
  if (!reader->status().ok()) return reader->status();
  return reader;
}

std::unique_ptr<RequestReader> RequestReader::FromText(std::string_view text, std::string name,
                                                       std::string_view file_name,
                                                       size_t read_bytes) {
  std::unique_ptr<RequestReader> reader(
      new RequestReader(std::make_unique<std::istringstream>(std::string(text)), std::move(name),
                        std::string(file_name)));
  reader->ReadHeader(std::max<size_t>(1, read_bytes));
  return reader;
}

bool RequestReader::Fill() {
  const size_t pending = end_ - begin_;
  if (begin_ > 0) {
    std::memmove(buffer_.data(), buffer_.data() + begin_, pending);
    begin_ = 0;
    end_ = pending;
  }
  // A record longer than the buffer (a quoted field of many lines) grows it.
  const size_t capacity = buffer_.empty() ? 0 : buffer_.size() - io::RowSplitter::kPadding;
  if (capacity - end_ < read_bytes_) {
    buffer_.resize(std::max(capacity * 2, end_ + read_bytes_) + io::RowSplitter::kPadding);
  }
  in_->read(buffer_.data() + end_, static_cast<std::streamsize>(read_bytes_));
  end_ += static_cast<size_t>(in_->gcount());
  if (in_->bad()) {
    status_ = Status::IoError(name_ + ": cannot read");
    return false;
  }
  at_eof_ = in_->eof();
  splitter_.Restart();
  if (!started_) {
    if (end_ < 3 && !at_eof_) return Fill();  // a byte-order mark may be read in pieces
    started_ = true;
    if (std::string_view(buffer_.data(), end_).substr(0, 3) == "\xEF\xBB\xBF") begin_ = 3;
  }
  return true;
}

RequestReader::Record RequestReader::ReadRecord(bool keep) {
  while (true) {
    const char* row = buffer_.data() + begin_;
    const char* end = buffer_.data() + end_;
    const io::RowSplitter::Step step = splitter_.Split(row, end, at_eof_, fields_);
    if (step == io::RowSplitter::Step::kEnd) return Record::kEnd;
    if (step == io::RowSplitter::Step::kNeedMore && !at_eof_) {
      if (!Fill()) return Record::kFault;
      continue;
    }
    if (step == io::RowSplitter::Step::kError || step == io::RowSplitter::Step::kNeedMore) {
      // The column is the byte offset in the line where the fault is.
      const char* at = step == io::RowSplitter::Step::kError ? splitter_.error_at() : end;
      uint64_t fault_line = line_;
      const char* line_start = row;
      for (const char* p = row; p < at; ++p) {
        if (*p == '\n') {
          ++fault_line;
          line_start = p + 1;
        }
      }
      csv_problem_ =
          name_ + ":" + std::to_string(fault_line) + ":" + std::to_string(at - line_start + 1) +
          ": " +
          (step == io::RowSplitter::Step::kError ? splitter_.error()
                                                 : std::string("unterminated quoted field"));
      rejected_ = true;
      return Record::kFault;
    }
    const uint64_t line = line_;
    line_ += splitter_.line_breaks();
    begin_ = static_cast<size_t>(splitter_.next() - buffer_.data());
    if (step == io::RowSplitter::Step::kBlank) continue;
    record_line_ = line;
    if (keep) {
      record_.resize(fields_.size());
      for (size_t i = 0; i < fields_.size(); ++i) record_[i].assign(fields_[i]);
      for (size_t i : splitter_.escaped()) {
        std::string& value = record_[i];
        size_t to = 0;
        for (size_t k = 0; k < value.size(); ++k, ++to) {
          value[to] = value[k];
          if (value[k] == '"' && k + 1 < value.size() && value[k + 1] == '"') ++k;
        }
        value.resize(to);
      }
    }
    return Record::kRecord;
  }
}

void RequestReader::ReadHeader(size_t read_bytes) {
  read_bytes_ = read_bytes;
  if (!Fill()) return;
  const Record first = ReadRecord(true);
  if (first != Record::kRecord) {
    if (status_.ok()) Finish();
    return;
  }
  has_header_ = true;
  header_fields_ = record_.size();
  if (header_fields_ == kHeaderFields) {
    header_ = {std::string(Trim(record_[0])), std::string(Trim(record_[1])),
               std::string(Trim(record_[2])), std::string(Trim(record_[3]))};
    if (AllDigits(header_.count) && header_.count.size() <= 7)
      declared_ = std::stoul(header_.count);
  }
  // Every fault the header can show: no row is given from a file already rejected.
  rejected_ = FileFault(/*at_end=*/false).has_value();
}

std::optional<std::pair<std::string_view, std::string>> RequestReader::FileFault(
    bool at_end) const {
  using Fault = std::pair<std::string_view, std::string>;
  const std::string& name = name_;
  if (csv_problem_) return Fault(code::kParseError, *csv_problem_);
  if (!has_header_)
    return Fault(code::kParseError, name + ":1: empty file; expected a header record");
  if (header_fields_ != kHeaderFields) {
    return Fault(code::kParseError,
                 name + ":1: the header record has " + std::to_string(header_fields_) +
                     " fields; expected 4 (reference, workflow id, timestamp, record count)");
  }
  const RequestHeader& h = header_;
  if (h.reference.substr(0, kReferencePrefix.size()) != kReferencePrefix ||
      !IsTimestamp(std::string_view(h.reference).substr(kReferencePrefix.size()))) {
    return Fault(code::kInvalidReference,
                 name + ":1: column 1: expected a reference MPTREQ_CCYYMMDDHHMISS");
  }
  if (h.workflow_id != kWorkflowId) {
    return Fault(code::kInvalidWorkflowId,
                 name + ":1: column 2: expected the workflow id " + std::string(kWorkflowId));
  }
  if (!IsTimestamp(h.timestamp)) {
    return Fault(code::kInvalidTimestamp,
                 name + ":1: column 3: expected a timestamp CCYYMMDDHHMISS");
  }
  if (!AllDigits(h.count) || h.count.size() > 7) {
    return Fault(code::kParseError,
                 name + ":1: column 4: expected the number of data records, 0 to 500000");
  }
  if (declared_ > kMaxRequestRecords || present_ > kMaxRequestRecords) {
    return Fault(code::kTooManyRecords, name + ": " +
                                            std::to_string(std::max(declared_, present_)) +
                                            " data records; at most 500000 are allowed");
  }
  // Before the end, only more records than declared show that the count is wrong.
  if (at_end ? declared_ != present_ : present_ > declared_) {
    return Fault(code::kCountMismatch, name + ":1: column 4: the header declares " + h.count +
                                           " data records; the file holds " +
                                           std::to_string(present_));
  }
  const std::string_view stem = std::string_view(file_name_).substr(0, file_name_.rfind('.'));
  if (stem.substr(0, kReferencePrefix.size()) == kReferencePrefix && stem != h.reference) {
    return Fault(code::kFileNameMismatch,
                 name +
                     ":1: column 1: the reference differs from the file name; expected "
                     "them to agree");
  }
  if (repeat_) {
    return Fault(code::kUniqueReferenceError,
                 name + ":" + std::to_string(repeat_->first) +
                     ": column 1 (UNIQUE REFERENCE): repeats the reference of line " +
                     std::to_string(repeat_->second) + "; expected each to be unique in the file");
  }
  return std::nullopt;
}

void RequestReader::Finish() {
  finished_ = true;
  rejected_ = true;  // nothing more to give
  answer_ = RequestFile();
  answer_.file_code = code::kSuccess;
  if (auto fault = FileFault(/*at_end=*/true)) {
    answer_.file_code = fault->first;
    answer_.problem = std::move(fault->second);
  }
  // As ParseRequest always gave: the header only once it has its four fields.
  if (header_fields_ == kHeaderFields) answer_.header = header_;
}

void RequestReader::SkipToEnd() {
  while (!finished_ && status_.ok()) {
    // Once a CSV fault is found nothing later can change the answer.
    const Record r = csv_problem_ ? Record::kEnd : ReadRecord(/*keep=*/false);
    if (r == Record::kRecord) {
      ++present_;
    } else if (status_.ok()) {
      Finish();
    }
  }
}

bool RequestReader::Next(RequestRow& row) {
  if (rejected_ || finished_ || !status_.ok()) {
    SkipToEnd();
    return false;
  }
  const Record r = ReadRecord(/*keep=*/true);
  if (r != Record::kRecord) {
    SkipToEnd();
    return false;
  }
  ++present_;
  if (present_ > declared_ || present_ > kMaxRequestRecords) {
    rejected_ = true;
    SkipToEnd();
    return false;
  }
  row.line = record_line_;
  row.fields.swap(record_);
  row.field_code = {};
  row.problem.clear();
  row.date_of_birth = 0;
  row.as_at_date = 0;
  CheckRow(row, name_);
  const std::string_view reference = row.Field(kUniqueReference);
  if (!reference.empty()) {
    if (const std::optional<uint64_t> earlier = references_->Add(reference, row.line)) {
      repeat_.emplace(row.line, *earlier);
      rejected_ = true;
      SkipToEnd();
      return false;
    }
  }
  return true;
}

RequestFile RequestReader::Answer() const {
  if (finished_) return answer_;
  RequestFile answer;
  answer.file_code = code::kSuccess;
  if (header_fields_ == kHeaderFields) answer.header = header_;
  if (rejected_) {
    if (auto fault = FileFault(/*at_end=*/false)) {
      answer.file_code = fault->first;
      answer.problem = std::move(fault->second);
    }
  }
  return answer;
}

namespace {

RequestFile ReadWhole(RequestReader& reader) {
  std::vector<RequestRow> rows;
  RequestRow row;
  while (reader.Next(row)) rows.push_back(std::move(row));
  RequestFile file = reader.Answer();
  if (file.file_code == code::kSuccess) file.rows = std::move(rows);
  return file;
}

}  // namespace

RequestFile ParseRequest(std::string_view text, const std::string& name,
                         std::string_view file_name) {
  const std::unique_ptr<RequestReader> reader = RequestReader::FromText(text, name, file_name);
  return ReadWhole(*reader);
}

Result<RequestFile> ReadRequestFile(const std::string& path) {
  MHDS_ASSIGN_OR_RETURN(std::unique_ptr<RequestReader> reader, RequestReader::Open(path));
  RequestFile file = ReadWhole(*reader);
  if (!reader->status().ok()) return reader->status();
  return file;
}

}  // namespace mhds::trace
