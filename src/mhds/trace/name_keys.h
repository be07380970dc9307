// The keys names and postcodes are compared by: a normalised form (so "O'Brien" meets "OBRIEN"),
// a phonetic key (Soundex, so "Smith" meets "Smyth"), postcode outward codes, and the edit
// distance used for typing errors. Pure functions; safe from any thread.
#pragma once

#include <string>
#include <string_view>

namespace mhds::trace {

// Upper-case ASCII letters only: spaces, hyphens, apostrophes, dots and digits are dropped.
// Bytes of non-ASCII characters are kept as they are.
std::string NormaliseName(std::string_view name);

// American Soundex of a normalised name ("ROBERT" -> "R163"); "" for a name without letters.
std::string Soundex(std::string_view normalised_name);

// Upper case, inner spaces removed, one space before the inward code ("ls14hr" -> "LS1 4HR").
// Text too short to hold an inward code is returned upper-cased without spaces.
std::string NormalisePostcode(std::string_view postcode);

// The outward code of a normalised postcode ("LS1 4HR" -> "LS1"), or the whole text if it has no
// space.
std::string_view Outcode(std::string_view normalised_postcode);

// Optimal string alignment distance (Levenshtein with adjacent transpositions), stopping early:
// returns limit + 1 as soon as the distance is known to exceed `limit`.
int EditDistance(std::string_view a, std::string_view b, int limit);

}  // namespace mhds::trace
