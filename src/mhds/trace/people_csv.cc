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

class PeopleReader {
 public:
  explicit PeopleReader(std::string path) : path_(std::move(path)) {}

  Result<std::vector<Person>> Read();

 private:
  void ReadRow(const std::vector<std::string_view>& fields);
  void Fault(Column column, std::string what);
  bool NhsNumber(Column column, std::string_view value);
  CompactDate Date(Column column, std::string_view value);
  Person& PersonFor(std::string_view number);

  std::string path_;
  std::array<size_t, people::kColumnCount> position_{};  // where each column is in the file
  uint64_t line_ = 0;
  std::vector<std::string> faults_;
  std::vector<Person> people_;
  std::vector<uint64_t> person_line_;  // line of each person's person row, 0 if none yet
  std::unordered_map<std::string, size_t> by_number_;
};

void PeopleReader::Fault(Column column, std::string what) {
  if (faults_.size() < kMaxFaults) {
    faults_.push_back(path_ + ":" + std::to_string(line_) + ": column " +
                      std::to_string(position_[column] + 1) + " (" + PeopleCsvColumns()[column] +
                      "): " + std::move(what));
  } else if (faults_.size() == kMaxFaults) {
    faults_.push_back("(further faults not shown)");
  }
}

bool PeopleReader::NhsNumber(Column column, std::string_view value) {
  if (value.size() != 10 || !validate::PassesModulus11(value) ||
      validate::IsDisallowedNhsNumber(value)) {
    Fault(column, "not a valid NHS Number; expected 10 digits passing Modulus 11");
    return false;
  }
  return true;
}

CompactDate PeopleReader::Date(Column column, std::string_view value) {
  if (value.empty()) return 0;
  const std::optional<CompactDate> date = ParseCompactDate(value);
  if (!date) {
    Fault(column, "not a date; expected CCYYMMDD, a calendar day from 1800 on, or blank");
    return 0;
  }
  return *date;
}

Person& PeopleReader::PersonFor(std::string_view number) {
  auto [it, added] = by_number_.emplace(std::string(number), people_.size());
  if (added) {
    people_.emplace_back().nhs_number = std::string(number);
    person_line_.push_back(0);
  }
  return people_[it->second];
}

void PeopleReader::ReadRow(const std::vector<std::string_view>& fields) {
  const auto field = [&](Column c) { return Trim(fields[position_[c]]); };
  const std::string_view type = field(people::kRecordType);
  const std::string_view number = field(people::kNhsNumber);
  if (!NhsNumber(people::kNhsNumber, number)) return;
  if (EqualsIgnoreCase(type, "person")) {
    Person& p = PersonFor(number);
    uint64_t& seen = person_line_[by_number_[std::string(number)]];
    if (seen != 0) {
      Fault(people::kNhsNumber, "a second person row for this NHS Number (the first is on line " +
                                    std::to_string(seen) + "); expected one");
      return;
    }
    seen = line_;
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
    PersonName name;
    name.family = std::string(field(people::kFamilyName));
    name.given = std::string(field(people::kGivenName));
    name.other_given = std::string(field(people::kOtherGivenName));
    if (name.family.empty()) Fault(people::kFamilyName, "blank; a name row needs a family name");
    name.valid_from = Date(people::kValidFrom, field(people::kValidFrom));
    name.valid_to = Date(people::kValidTo, field(people::kValidTo));
    PersonFor(number).names.push_back(std::move(name));
  } else if (EqualsIgnoreCase(type, "address")) {
    PersonAddress address;
    for (int i = 0; i < 5; ++i) {
      address.lines[i] = std::string(field(static_cast<Column>(people::kAddressLine1 + i)));
    }
    address.postcode = std::string(field(people::kPostcode));
    address.valid_from = Date(people::kValidFrom, field(people::kValidFrom));
    address.valid_to = Date(people::kValidTo, field(people::kValidTo));
    PersonFor(number).addresses.push_back(std::move(address));
  } else {
    Fault(people::kRecordType, "expected person, name or address");
  }
}

Result<std::vector<Person>> PeopleReader::Read() {
  MHDS_ASSIGN_OR_RETURN(std::unique_ptr<io::CsvReader> reader, io::CsvReader::Open(path_));
  const std::vector<std::string>& header = reader->columns();
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
  std::vector<std::string_view> fields;
  while (reader->Next(fields)) {
    line_ = reader->line();
    ReadRow(fields);
  }
  if (!reader->status().ok()) return reader->status();

  // Whole-file checks, each reported on the person's first line.
  std::unordered_map<std::string, size_t> superseded_owner;
  for (size_t i = 0; i < people_.size(); ++i) {
    const Person& p = people_[i];
    line_ = person_line_[i];
    if (person_line_[i] == 0) {
      faults_.push_back(path_ +
                        ": name or address rows for an NHS Number with no person row; "
                        "expected a person row for each number");
      continue;
    }
    if (p.names.empty())
      Fault(people::kNhsNumber, "this person has no name row; expected at least one");
    for (const std::string& old : p.superseded) {
      if (by_number_.count(old) != 0 || !superseded_owner.emplace(old, i).second) {
        Fault(people::kSupersededNhsNumbers,
              "a superseded number that is also another person's number; expected numbers "
              "held by no one else");
      }
    }
  }
  if (!faults_.empty()) {
    if (faults_.size() > kMaxFaults + 1) faults_.resize(kMaxFaults + 1);
    return Status::DataError(Join(faults_, "\n"));
  }
  return std::move(people_);
}

}  // namespace

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
  return PeopleReader(path).Read();
}

}  // namespace mhds::trace
