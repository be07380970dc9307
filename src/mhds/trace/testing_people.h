// Test helpers: people and request rows written in one line each. Only for *_test.cc files.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "mhds/trace/batch_request.h"
#include "mhds/trace/person.h"

namespace mhds::trace::testing {

inline Person MakePerson(std::string number, CompactDate dob, char gender, std::string family,
                         std::string given, std::string postcode) {
  Person p;
  p.nhs_number = std::move(number);
  p.date_of_birth = dob;
  p.gender = gender;
  PersonName name;
  name.family = std::move(family);
  name.given = std::move(given);
  p.names.push_back(std::move(name));
  PersonAddress address;
  address.lines[0] = "1 High Street";
  address.postcode = std::move(postcode);
  p.addresses.push_back(std::move(address));
  return p;
}

// A well-formed request row (no field code) with the given demographics.
inline RequestRow MakeRow(std::string nhs, std::string family, std::string given,
                          std::string gender, CompactDate dob, std::string postcode) {
  RequestRow row;
  row.line = 2;
  row.fields.assign(kRequestColumnCount, "");
  row.fields[kUniqueReference] = "R1";
  row.fields[kNhsNo] = std::move(nhs);
  row.fields[kFamilyName] = std::move(family);
  row.fields[kGivenName] = std::move(given);
  row.fields[kGender] = std::move(gender);
  row.fields[kDateOfBirth] = dob == 0 ? "" : std::to_string(dob);
  row.fields[kPostcode] = std::move(postcode);
  row.date_of_birth = dob;
  return row;
}

}  // namespace mhds::trace::testing
