// Reads the people of a demographic index from one CSV file (docs/tracing.md, "The index CSV").
// Each row is a person, a name or an address, told apart by its RECORD_TYPE column and tied to
// its person by NHS_NUMBER, so a history is as many name and address rows as it has entries.
#pragma once

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

}  // namespace mhds::trace
