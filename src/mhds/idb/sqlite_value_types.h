// How a SQLite IDB written by mhds types its columns without changing a value.
//
// SQLite converts what it stores according to a column's declared type ("type affinity"): in an
// INTEGER or NUMERIC column the text "01" becomes the integer 1, "1.50" becomes 1.5 and "3e2"
// becomes 300, and reading them back gives "1", "1.5" and "300". Many national codes and local
// identifiers have leading zeros, and a submission's values must reach the validator as
// submitted, so mhds never lets SQLite convert:
//
//   - Tables are STRICT (SQLite 3.37 or later reads them). A STRICT column stores what it is
//     given, or refuses it; it never guesses.
//   - Items the spec types as integer or decimal are ANY columns: a value is bound as an INTEGER
//     only when its text is the canonical decimal form of that integer ("12", "-3"; not "012",
//     "+3", "1.0"), as a REAL only when SQLite renders the number back to the same text, and
//     otherwise as TEXT. So numbers sort and sum as numbers, and every value reads back byte for
//     byte.
//   - Every other column (text, codes, identifiers, dates, times, columns the spec does not know)
//     is TEXT. Dates and times stay ISO 8601 text (CCYY-MM-DD, hh:mm:ss), which SQLite's date and
//     time functions read.
//
// An empty value is stored as NULL, which io/sqlite reads back as an empty field.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "mhds/spec/spec.h"

namespace mhds::idb {

enum class SqliteColumnKind {
  kText,    // TEXT
  kNumber,  // ANY, bound as INTEGER, REAL or TEXT value by value
};

// The kind of column that holds `item` (nullptr: a column the spec does not know).
SqliteColumnKind ColumnKindFor(const spec::Item* item);

// The declared type for a kind, as written in CREATE TABLE ... STRICT.
std::string_view DeclaredType(SqliteColumnKind kind);

// The integer `text` is the canonical decimal form of, if it is one: an optional '-', then
// digits with no leading zero (except "0" itself), within the 64-bit range. "-0" is not canonical.
std::optional<int64_t> CanonicalInteger(std::string_view text);

}  // namespace mhds::idb
