// Reads the people of a demographic index from one CSV file (docs/tracing.md, "The index CSV").
// Each row is a person, a name or an address, told apart by its RECORD_TYPE column and tied to
// its person by NHS_NUMBER, so a history is as many name and address rows as it has entries.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "mhds/base/result.h"
#include "mhds/trace/person.h"

namespace mhds::trace {

// The columns of the index CSV, in the order the examples write them. Any order is accepted;
// names are matched without regard to case; every one must be present.
const std::vector<std::string>& PeopleCsvColumns();

// Reads and checks the file at `path`: every NHS Number 10 digits passing Modulus 11 (and not ten
// equal digits), dates CCYYMMDD calendar days, gender 0/1/2/9, SENSITIVE Y or N or blank, one
// person row per number with at least one name row, no number both current and superseded.
// kNotFound if there is no file; kDataError listing up to 20 faults as FILE:LINE: column N
// (NAME): what was found; what was expected.
Result<std::vector<Person>> ReadPeopleCsv(const std::string& path);

// One row of the index CSV, checked as far as a row can be on its own.
struct PeopleCsvRow {
  enum class Kind : char { kPerson = 'P', kName = 'N', kAddress = 'A' };
  Kind kind = Kind::kPerson;
  uint64_t line = 0;
  // kPerson: the number and the person's fields; kName: the number and names[0]; kAddress: the
  // number and addresses[0].
  Person fields;
};

// The index CSV read a row at a time, for a reader that gathers each person's rows itself (the
// packed index build sorts them on disk rather than holding everyone in memory). It makes the
// checks of ReadPeopleCsv: those of a row as the row is read; those of a whole person when the
// caller reports them.
class PeopleCsvRows {
 public:
  // kNotFound if there is no file; kDataError if a column is missing.
  static Result<std::unique_ptr<PeopleCsvRows>> Open(const std::string& path);
  ~PeopleCsvRows();

  // The next row whose NHS Number is valid (others are reported as faults and skipped); false at
  // the end of the file or on a read error (status()).
  bool Next(PeopleCsvRow& row);
  Status status() const;

  // Faults of a whole person, found by the caller, on the line of the person row.
  void SecondPersonRow(uint64_t line, uint64_t first_line);
  void NoPersonRow();
  void NoNameRow(uint64_t person_line);
  void SupersededHeldByAnother(uint64_t person_line);

  bool has_faults() const;
  // kDataError listing up to 20 faults as ReadPeopleCsv does; OK if there are none.
  Status Faults() const;

 private:
  class Reader;
  explicit PeopleCsvRows(std::unique_ptr<Reader> reader);
  std::unique_ptr<Reader> reader_;
};

}  // namespace mhds::trace
