// The demographic index on disk: one SQLite database with the tables person, person_name,
// person_address and superseded_number, indexed on NHS Number, date of birth, postcode and name
// keys (normalised family name, Soundex). Every SQL statement of the trace module is in
// index_store.cc, so that it can move to the shared store layer in one piece.
#pragma once

#include <filesystem>
#include <vector>

#include "mhds/base/result.h"
#include "mhds/trace/person.h"

namespace mhds::trace {

// Writes `people` (with their derived keys, see FillKeys) as a new index at `path`, replacing
// any file there. The database is built in a temporary file beside `path` (mode 0600) and renamed
// into place only when complete, so a failed load leaves the previous index untouched. kIoError
// naming the path if it cannot be written.
Status WriteIndex(const std::filesystem::path& path, const std::vector<Person>& people);

// Reads every person of the index at `path`, ordered by NHS Number, names and addresses in
// their stored order. kNotFound if there is no file, kDataError if it is not an mhds index.
Result<std::vector<Person>> ReadIndex(const std::filesystem::path& path);

}  // namespace mhds::trace
