// A person of the demographic index: one NHS Number with its history of names and addresses,
// as a tracing service holds it. Dates are CCYYMMDD integers (0 = not known or open-ended), so
// they compare in calendar order and print back as the batch files write them.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace mhds::trace {

// A date as the batch files write it, CCYYMMDD, held as the integer CCYYMMDD; 0 = none.
using CompactDate = int32_t;

struct PersonName {
  std::string family;
  std::string given;
  std::string other_given;
  CompactDate valid_from = 0;  // 0: since before records began
  CompactDate valid_to = 0;    // 0: still held

  // Matching keys, derived from the names when the index is built (see name_keys.h).
  std::string family_key;  // normalised: upper-case letters only
  std::string given_key;
  std::string family_soundex;  // phonetic key
  std::string given_soundex;
};

struct PersonAddress {
  std::array<std::string, 5> lines;
  std::string postcode;  // normalised: "LS1 4HR"
  CompactDate valid_from = 0;
  CompactDate valid_to = 0;

  std::string outcode;  // the postcode's outward code ("LS1"), derived
};

struct Person {
  std::string nhs_number;               // the current number
  std::vector<std::string> superseded;  // earlier numbers now replaced by nhs_number
  CompactDate date_of_birth = 0;
  CompactDate date_of_death = 0;
  char gender = '0';  // 0 not known, 1 male, 2 female, 9 not specified
  std::string gp_practice_code;
  CompactDate gp_registration_date = 0;
  bool sensitive = false;                // S-flag: no demographics leave the index
  std::vector<PersonName> names;         // current first, then earlier ones, latest first
  std::vector<PersonAddress> addresses;  // same order

  // The name or address valid on `date` (0: the current one). Never null for a person with at
  // least one name (or address); falls back to the current one.
  const PersonName* NameAt(CompactDate date) const;
  const PersonAddress* AddressAt(CompactDate date) const;
};

// True if a name or address valid from `from` to `to` (0 = open) was held on `date`.
bool HeldOn(CompactDate from, CompactDate to, CompactDate date);

}  // namespace mhds::trace
