// The comparison levels of the probabilistic model: how a field of a request can agree with a
// person of the index (exact, earlier name, nickname, sounds alike, ...), and the five fields
// compared. Levels name what agreed, never a value.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace mhds::trace {

enum class Level {
  kNull,      // the request left the field blank: no evidence either way
  kExact,     // agrees with the current value
  kEarlier,   // agrees with an earlier name or address
  kVariant,   // a known variant of the given name (Bill for William)
  kPhonetic,  // same Soundex
  kTypo,      // one or two characters apart (dates: one digit)
  kInitial,   // the given name is an initial of the other
  kSwapped,   // date of birth with day and month exchanged
  kOutcode,   // same postcode district (outward code)
  kDisagree,  // none of the above
};

std::string_view LevelName(Level level);

// The five fields compared, in the order of the response's score columns.
enum Field { kFamily, kGiven, kBirthDate, kSex, kPostcodeField, kFieldCount };
std::string_view FieldName(int field);

inline constexpr size_t kLevelCount = static_cast<size_t>(Level::kDisagree) + 1;

// The level and field named `name` (as LevelName and FieldName write them), if any.
std::optional<Level> LevelNamed(std::string_view name);
std::optional<int> FieldNamed(std::string_view name);

// True if comparing `field` can give `level` (a gender is never a nickname); kNull never has
// probabilities of its own.
bool FieldHasLevel(int field, Level level);

}  // namespace mhds::trace
