// Synthetic people and trace requests with known answers, for tests, examples and the speed
// measurement. Names and postcodes are drawn from short invented lists. The population has
// realistic change: moves (earlier addresses), marriages (earlier family names), twins,
// superseded numbers, deaths and sensitive records. Requests are copies of people with
// controlled corruptions, each carrying the number a perfect tracer would return ("" for someone
// not in the index). Deterministic: the same seed gives byte-identical output on every run.
//
// NHS Numbers. Every number passes Modulus 11 and is never ten equal digits. The range reserved
// for test data, 999 000 0000 - 999 999 9999, holds only 909,090 such numbers, so it cannot number
// ten million people. The generator uses it first and then continues downwards through
// 998 000 0000 ... 900 000 0000: numbers beginning with 9 lie outside every range our sources
// list as issued (England 3xx, 4xx, 6xx and 7xx; Northern Ireland 320-399; Scottish CHI numbers
// 010 100 0000 - 311 299 9999) and are what NHS test environments use for synthetic patients
// (the PDS sandbox's 900 000 0009). That scheme holds 90,909,090 numbers; docs/tracing.md says
// which populations stay inside the reserved range.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "mhds/trace/batch_request.h"
#include "mhds/trace/person.h"

namespace mhds::trace {

// The first three digits of the reserved test range, and the lowest prefix the generator uses.
inline constexpr uint64_t kTestRangePrefix = 999;
inline constexpr uint64_t kLowestSyntheticPrefix = 900;
// Valid numbers in the reserved range (Modulus 11, not ten equal digits).
inline constexpr size_t kTestRangeNumbers = 909090;
// The most people GeneratePeople numbers: the scheme's 90,909,090 numbers less room for the
// superseded numbers (about 1 in 100 people has one).
inline constexpr size_t kMaxSyntheticPeople = 88000000;

// `count` people, NHS Numbers ascending from 999 000 000x within the reserved range, then
// continuing in 998 000 000x, ... (above). REQUIRES: count <= kMaxSyntheticPeople.
std::vector<Person> GeneratePeople(size_t count, uint64_t seed);

// GeneratePeople's people, drawn a chunk at a time for a population too large to hold (ten
// million people are about 12 GB as Persons). Of each person it keeps only where its drawing
// began (16 bytes) and the hashes of its names with its date of birth (8 bytes a name), which is
// what GenerateRequests needs: a request draws its person again. Not thread-safe.
class SyntheticPopulation {
 public:
  // REQUIRES: count <= kMaxSyntheticPeople.
  SyntheticPopulation(size_t count, uint64_t seed);

  // Appends the next people to `out`, `max` or one more (a person and their twin are drawn
  // together); false, appending none, once all `count` have been drawn. Together, in order,
  // they are GeneratePeople(count, seed).
  bool Next(size_t max, std::vector<Person>& out);

  size_t size() const { return count_; }
  // Person `i` (from 0) drawn again, the same as Next gave. REQUIRES: drawn by Next already.
  Person At(size_t i) const;
  // Every (family name, given name, date of birth) held, current or earlier, as sorted hashes.
  // REQUIRES: every person drawn.
  const std::vector<uint64_t>& held_name_birth_keys() const { return held_; }

 private:
  struct Start {
    uint64_t random_state;  // the generator's state when the person (or their twin) began
    uint32_t numbers;       // the NHS Number source's position then; the top bit: the twin
  };

  size_t count_;
  size_t households_;
  uint64_t random_state_;
  uint32_t number_position_ = 0;
  std::vector<Start> starts_;
  std::vector<uint64_t> held_;
  bool held_sorted_ = false;
};

// The first `count` numbers of the scheme, in the order GeneratePeople hands them out (current
// and superseded numbers alike). REQUIRES: count <= 90,909,090.
std::vector<std::string> SyntheticNhsNumbers(size_t count);

// True if `number` is one the generator may hand out: ten digits beginning with 9 (900 ... 999),
// passing Modulus 11, not ten equal digits.
bool IsSyntheticNhsNumber(std::string_view number);

struct SyntheticRequest {
  std::array<std::string, kRequestColumnCount> fields;
  std::string expected_number;  // current number of the person meant; "" if not in the index
  std::string corruption;       // what was changed ("exact", "nickname", "dob_typo", ...)
};

// `count` requests against `people` (which must not be empty), references R000001 upwards.
std::vector<SyntheticRequest> GenerateRequests(const std::vector<Person>& people, size_t count,
                                               uint64_t seed);
// The same requests against a population drawn whole by SyntheticPopulation::Next, given to
// `each` one at a time instead of held.
void GenerateRequests(const SyntheticPopulation& people, size_t count, uint64_t seed,
                      const std::function<void(const SyntheticRequest&)>& each);

// The people as an index CSV (people_csv.h), CRLF line ends: the row of column names, then each
// person's rows. PeopleCsvHeader() and AppendPeopleCsvRows() over chunks give the same bytes.
std::string PeopleCsvText(const std::vector<Person>& people);
std::string PeopleCsvHeader();
void AppendPeopleCsvRows(const std::vector<Person>& people, std::string& out);

// A request file with header reference MPTREQ_<timestamp>; also as its header record (for
// `count` records) and one record at a time.
std::string RequestFileText(const std::vector<SyntheticRequest>& requests,
                            std::string_view timestamp);
std::string RequestFileHeader(size_t count, std::string_view timestamp);
void AppendRequestRecord(const SyntheticRequest& request, std::string& out);

// UNIQUE_REFERENCE,EXPECTED_NHS_NO,CORRUPTION per request; also as the header and row by row.
std::string ExpectedText(const std::vector<SyntheticRequest>& requests);
std::string ExpectedHeader();
void AppendExpectedRow(const SyntheticRequest& request, std::string& out);

}  // namespace mhds::trace
