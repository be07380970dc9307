// A person of the demographic index as bytes, for the packed on-disk index (packed_index.h):
// every field of Person, the derived matching keys too, so that reading a person back needs no
// normalising. Strings are a varint length and the bytes; dates are 4-byte integers.
#pragma once

#include <string>
#include <string_view>

#include "mhds/trace/person.h"

namespace mhds::trace {

// Appends `person` (keys filled, histories ordered; see FillKeys) to `out`.
void EncodePerson(const Person& person, std::string& out);

// Reads back what EncodePerson wrote. False if `bytes` is not one whole encoded person (a
// damaged index); `person` is then left partly filled and must not be used.
bool DecodePerson(std::string_view bytes, Person& person);

}  // namespace mhds::trace
