// TraceQuery: a checked request row reduced to the keys the ladder compares (normalised names,
// Soundex, date of birth and its day-month swap, postcode and outward code).
#pragma once

#include <string>

#include "mhds/trace/batch_request.h"
#include "mhds/trace/person.h"

namespace mhds::trace {

struct TraceQuery {
  std::string nhs_number;  // as written (10 digits) or ""
  std::string family_key;
  std::string given_key;
  std::string family_soundex;
  std::string given_soundex;
  char gender = 0;  // '1' or '2'; 0 when blank, 0 (not known) or 9 (not specified)
  CompactDate date_of_birth = 0;
  CompactDate swapped_date_of_birth = 0;  // 0 when day and month cannot be exchanged
  std::string postcode;                   // normalised, or ""
  std::string outcode;
  CompactDate as_at_date = 0;
};

// REQUIRES: row.field_code is empty (the row is well formed).
TraceQuery MakeQuery(const RequestRow& row);

}  // namespace mhds::trace
