// Synthetic people and trace requests with known answers, for tests, examples and the speed
// measurement. Every NHS Number passes Modulus 11 and is in the 999 range reserved for test data
// (up to about 900,000 people; larger populations spill into 998, 997, ...); names and postcodes
// are drawn from short invented lists. The population has realistic change: moves (earlier
// addresses), marriages (earlier family names), twins, superseded numbers, deaths and sensitive
// records. Requests are copies of people with controlled corruptions, each carrying the number a
// perfect tracer would return ("" for someone not in the index). Deterministic: the same seed gives
// byte-identical output on every run.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "mhds/trace/batch_request.h"
#include "mhds/trace/person.h"

namespace mhds::trace {

// `count` people, NHS Numbers ascending from 999 000 000x (beyond 909,091 numbers, continuing in
// 998 000 000x, ...).
std::vector<Person> GeneratePeople(size_t count, uint64_t seed);

struct SyntheticRequest {
  std::array<std::string, kRequestColumnCount> fields;
  std::string expected_number;  // current number of the person meant; "" if not in the index
  std::string corruption;       // what was changed ("exact", "nickname", "dob_typo", ...)
};

// `count` requests against `people` (which must not be empty), references R000001 upwards.
std::vector<SyntheticRequest> GenerateRequests(const std::vector<Person>& people, size_t count,
                                               uint64_t seed);

// The people as an index CSV (people_csv.h), CRLF line ends.
std::string PeopleCsvText(const std::vector<Person>& people);

// A request file with header reference MPTREQ_<timestamp>.
std::string RequestFileText(const std::vector<SyntheticRequest>& requests,
                            std::string_view timestamp);

// UNIQUE_REFERENCE,EXPECTED_NHS_NO,CORRUPTION per request.
std::string ExpectedText(const std::vector<SyntheticRequest>& requests);

}  // namespace mhds::trace
