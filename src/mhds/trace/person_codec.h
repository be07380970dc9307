// A person of the demographic index as bytes, for the packed on-disk index (packed_index.h):
// every field of Person, the derived matching keys too, so that reading a person back needs no
// normalising. Strings are a varint length and the bytes; dates are 4-byte integers.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "mhds/trace/person.h"

namespace mhds::trace {

// Appends `person` (keys filled, histories ordered; see FillKeys) to `out`.
void EncodePerson(const Person& person, std::string& out);

// A record's length as a varint, written before each person in the packed index; reading it back
// from the front of `bytes` removes it. False if `bytes` does not start with one.
void PutLength(uint64_t length, std::string& out);
bool GetLength(std::string_view& bytes, uint64_t& length);

// Reads back what EncodePerson wrote. False if `bytes` is not one whole encoded person (a
// damaged index); `person` is then left partly filled and must not be used.
bool DecodePerson(std::string_view bytes, Person& person);

// The same, but accepting a person without names: for the rows of the index CSV, which the packed
// index build encodes one at a time.
bool DecodePersonFields(std::string_view bytes, Person& person);

}  // namespace mhds::trace
