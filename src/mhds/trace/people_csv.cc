#include "mhds/trace/people_csv.h"

#include <algorithm>
#include <array>
#include <memory>
#include <unordered_map>

#include "mhds/base/status_macros.h"
#include "mhds/base/text.h"
#include "mhds/io/csv/csv_reader.h"
#include "mhds/trace/compact_date.h"
#include "mhds/validate/value_checks.h"

namespace mhds::trace {
namespace {

// Scoped, so that a unity build can put this file beside batch_request.h's columns.
namespace people {
enum Column {
  kRecordType,
  kNhsNumber,
  kDateOfBirth,
  kDateOfDeath,
  kGender,
  kGpPracticeCode,
  kGpRegistrationDate,
  kSensitive,
  kSupersededNhsNumbers,
  kFamilyName,
  kGivenName,
  kOtherGivenName,
  kAddressLine1,
  kAddressLine2,
  kAddressLine3,
  kAddressLine4,
  kAddressLine5,
  kPostcode,
  kValidFrom,
  kValidTo,
  kColumnCount,
};
}  // namespace people
using people::Column;

constexpr size_t kMaxFaults = 20;  // enough to see a pattern; more would bury the first one

}  // namespace

class PeopleCsvRows::Reader {
 public:
  explicit Reader(std::string path) : path_(std::move(path)) {}

  Status Open();
  bool Next(PeopleCsvRow& row);
  Status status() const { return csv_->status(); }
  void Fault(Column column, std::string what);
  void FaultOnLine(uint64_t line, Column column, std::string what) {
    line_ = line;
    Fault(column, std::move(what));
  }
  void FileFault(std::string what) { faults_.push_back(path_ + ": " + std::move(what)); }
  bool has_faults() const { return !faults_.empty(); }
  Status Faults() const;

 private:
  bool ReadRow(const std::vector<std::string_view>& fields, PeopleCsvRow& row);
  bool NhsNumber(Column column, std::string_view value);
  CompactDate Date(Column column, std::string_view value);

  std::string path_;
  std::unique_ptr<io::CsvReader> csv_;
  std::array<size_t, people::kColumnCount> position_{};  // where each column is in the file
  uint64_t line_ = 0;
  std::vector<std::string> faults_;
  std::vector<std::string_view> fields_;
};

void PeopleCsvRows::Reader::Fault(Column column, std::string what) {
  if (faults_.size() < kMaxFaults) {
    faults_.push_back(path_ + ":" + std::to_string(line_) + ": column " +
                      std::to_string(position_[column] + 1) + " (" + PeopleCsvColumns()[column] +
                      "): " + std::move(what));
  } else if (faults_.size() == kMaxFaults) {
    faults_.push_back("(further faults not shown)");
  }
}

Status PeopleCsvRows::Reader::Faults() const {
  if (faults_.empty()) return Status::Ok();
  std::vector<std::string> shown = faults_;
  if (shown.size() > kMaxFaults + 1) shown.resize(kMaxFaults + 1);
  return Status::DataError(Join(shown, "\n"));
}

bool PeopleCsvRows::Reader::NhsNumber(Column column, std::string_view value) {
  if (value.size() != 10 || !validate::PassesModulus11(value) ||
      validate::IsDisallowedNhsNumber(value)) {
    Fault(column, "not a valid NHS Number; expected 10 digits passing Modulus 11");
    return false;
  }
  return true;
}

CompactDate PeopleCsvRows::Reader::Date(Column column, std::string_view value) {
  if (value.empty()) return 0;
  const std::optional<CompactDate> date = ParseCompactDate(value);
  if (!date) {
    Fault(column, "not a date; expected CCYYMMDD, a calendar day from 1800 on, or blank");
    return 0;
  }
  return *date;
}

bool PeopleCsvRows::Reader::ReadRow(const std::vector<std::string_view>& fields,
                                    PeopleCsvRow& row) {
  const auto field = [&](Column c) { return Trim(fields[position_[c]]); };
  const std::string_view type = field(people::kRecordType);
  const std::string_view number = field(people::kNhsNumber);
  if (!NhsNumber(people::kNhsNumber, number)) return false;
  row.line = line_;
  row.fields = Person{};
  Person& p = row.fields;
  p.nhs_number = std::string(number);
  if (EqualsIgnoreCase(type, "person")) {
    row.kind = PeopleCsvRow::Kind::kPerson;
    p.date_of_birth = Date(people::kDateOfBirth, field(people::kDateOfBirth));
    if (field(people::kDateOfBirth).empty())
      Fault(people::kDateOfBirth, "blank; expected CCYYMMDD");
    p.date_of_death = Date(people::kDateOfDeath, field(people::kDateOfDeath));
    const std::string_view gender = field(people::kGender);
    if (gender.size() != 1 || std::string_view("0129").find(gender[0]) == std::string_view::npos) {
      Fault(people::kGender, "expected 0 (not known), 1 (male), 2 (female) or 9 (not specified)");
    } else {
      p.gender = gender[0];
    }
    p.gp_practice_code = std::string(field(people::kGpPracticeCode));
    p.gp_registration_date = Date(people::kGpRegistrationDate, field(people::kGpRegistrationDate));
    const std::string_view sensitive = field(people::kSensitive);
    if (EqualsIgnoreCase(sensitive, "Y")) {
      p.sensitive = true;
    } else if (!sensitive.empty() && !EqualsIgnoreCase(sensitive, "N")) {
      Fault(people::kSensitive, "expected Y, N or blank");
    }
    for (const std::string& old : SplitTrimmed(field(people::kSupersededNhsNumbers), ';')) {
      if (NhsNumber(people::kSupersededNhsNumbers, old)) p.superseded.push_back(old);
    }
  } else if (EqualsIgnoreCase(type, "name")) {
    row.kind = PeopleCsvRow::Kind::kName;
    PersonName& name = p.names.emplace_back();
    name.family = std::string(field(people::kFamilyName));
    name.given = std::string(field(people::kGivenName));
    name.other_given = std::string(field(people::kOtherGivenName));
    if (name.family.empty()) Fault(people::kFamilyName, "blank; a name row needs a family name");
    name.valid_from = Date(people::kValidFrom, field(people::kValidFrom));
    name.valid_to = Date(people::kValidTo, field(people::kValidTo));
  } else if (EqualsIgnoreCase(type, "address")) {
    row.kind = PeopleCsvRow::Kind::kAddress;
    PersonAddress& address = p.addresses.emplace_back();
    for (int i = 0; i < 5; ++i) {
      address.lines[i] = std::string(field(static_cast<Column>(people::kAddressLine1 + i)));
    }
    address.postcode = std::string(field(people::kPostcode));
    address.valid_from = Date(people::kValidFrom, field(people::kValidFrom));
    address.valid_to = Date(people::kValidTo, field(people::kValidTo));
  } else {
    Fault(people::kRecordType, "expected person, name or address");
    return false;
  }
  return true;
}

Status PeopleCsvRows::Reader::Open() {
  MHDS_ASSIGN_OR_RETURN(csv_, io::CsvReader::Open(path_));
  const std::vector<std::string>& header = csv_->columns();
  for (size_t c = 0; c < people::kColumnCount; ++c) {
    const auto it = std::find_if(header.begin(), header.end(), [&](const std::string& h) {
      return EqualsIgnoreCase(Trim(h), PeopleCsvColumns()[c]);
    });
    if (it == header.end()) {
      return Status::DataError(path_ + ":1: no column " + PeopleCsvColumns()[c] +
                               "; expected the columns " + Join(PeopleCsvColumns(), ","));
    }
    position_[c] = static_cast<size_t>(it - header.begin());
  }
  return Status::Ok();
}

bool PeopleCsvRows::Reader::Next(PeopleCsvRow& row) {
  while (csv_->Next(fields_)) {
    line_ = csv_->line();
    if (ReadRow(fields_, row)) return true;
  }
  return false;
}

Result<std::unique_ptr<PeopleCsvRows>> PeopleCsvRows::Open(const std::string& path) {
  auto reader = std::make_unique<Reader>(path);
  MHDS_RETURN_IF_ERROR(reader->Open());
  return std::unique_ptr<PeopleCsvRows>(new PeopleCsvRows(std::move(reader)));
}

PeopleCsvRows::PeopleCsvRows(std::unique_ptr<Reader> reader) : reader_(std::move(reader)) {}
PeopleCsvRows::~PeopleCsvRows() = default;
bool PeopleCsvRows::Next(PeopleCsvRow& row) { return reader_->Next(row); }
Status PeopleCsvRows::status() const { return reader_->status(); }
bool PeopleCsvRows::has_faults() const { return reader_->has_faults(); }
Status PeopleCsvRows::Faults() const { return reader_->Faults(); }

void PeopleCsvRows::SecondPersonRow(uint64_t line, uint64_t first_line) {
  reader_->FaultOnLine(line, people::kNhsNumber,
                       "a second person row for this NHS Number (the first is on line " +
                           std::to_string(first_line) + "); expected one");
}

void PeopleCsvRows::NoPersonRow() {
  reader_->FileFault(
      "name or address rows for an NHS Number with no person row; expected a person row for "
      "each number");
}

void PeopleCsvRows::NoNameRow(uint64_t person_line) {
  reader_->FaultOnLine(person_line, people::kNhsNumber,
                       "this person has no name row; expected at least one");
}

void PeopleCsvRows::SupersededHeldByAnother(uint64_t person_line) {
  reader_->FaultOnLine(person_line, people::kSupersededNhsNumbers,
                       "a superseded number that is also another person's number; expected "
                       "numbers held by no one else");
}

const std::vector<std::string>& PeopleCsvColumns() {
  static const std::vector<std::string> kColumns = {
      "RECORD_TYPE",          "NHS_NUMBER",    "DATE_OF_BIRTH",
      "DATE_OF_DEATH",        "GENDER",        "GP_PRACTICE_CODE",
      "GP_REGISTRATION_DATE", "SENSITIVE",     "SUPERSEDED_NHS_NUMBERS",
      "FAMILY_NAME",          "GIVEN_NAME",    "OTHER_GIVEN_NAME",
      "ADDRESS_LINE1",        "ADDRESS_LINE2", "ADDRESS_LINE3",
      "ADDRESS_LINE4",        "ADDRESS_LINE5", "POSTCODE",
      "VALID_FROM",           "VALID_TO"};
  return kColumns;
}

Result<std::vector<Person>> ReadPeopleCsv(const std::string& path) {
  MHDS_ASSIGN_OR_RETURN(std::unique_ptr<PeopleCsvRows> rows, PeopleCsvRows::Open(path));
  std::vector<Person> people;
  std::vector<uint64_t> person_line;  // line of each person's person row, 0 if none yet
  std::unordered_map<std::string, size_t> by_number;
  PeopleCsvRow row;
  while (rows->Next(row)) {
    auto [it, added] = by_number.emplace(row.fields.nhs_number, people.size());
    if (added) {
      people.emplace_back().nhs_number = row.fields.nhs_number;
      person_line.push_back(0);
    }
    Person& p = people[it->second];
    switch (row.kind) {
      case PeopleCsvRow::Kind::kPerson: {
        uint64_t& seen = person_line[it->second];
        if (seen != 0) {
          rows->SecondPersonRow(row.line, seen);
          break;
        }
        seen = row.line;
        std::vector<PersonName> names = std::move(p.names);
        std::vector<PersonAddress> addresses = std::move(p.addresses);
        p = std::move(row.fields);
        p.names = std::move(names);
        p.addresses = std::move(addresses);
        break;
      }
      case PeopleCsvRow::Kind::kName:
        p.names.push_back(std::move(row.fields.names[0]));
        break;
      case PeopleCsvRow::Kind::kAddress:
        p.addresses.push_back(std::move(row.fields.addresses[0]));
        break;
    }
  }
  MHDS_RETURN_IF_ERROR(rows->status());

  // Whole-file checks, each reported on the person's first line.
  std::unordered_map<std::string, size_t> superseded_owner;
  for (size_t i = 0; i < people.size(); ++i) {
    const Person& p = people[i];
    if (person_line[i] == 0) {
      rows->NoPersonRow();
      continue;
    }
    if (p.names.empty()) rows->NoNameRow(person_line[i]);
    for (const std::string& old : p.superseded) {
      if (by_number.count(old) != 0 || !superseded_owner.emplace(old, i).second) {
        rows->SupersededHeldByAnother(person_line[i]);
      }
    }
  }
  MHDS_RETURN_IF_ERROR(rows->Faults());
  return people;
}

}  // namespace mhds::trace
