// Common English given-name variants (William ~ Bill ~ Liam), for the relaxed and probabilistic
// steps. The table is short and written for this project; an operator with a fuller list can
// extend nicknames.cc.
#pragma once

#include <string_view>

namespace mhds::trace {

// True if the two normalised given names are different forms of one name in the table.
bool AreNameVariants(std::string_view a, std::string_view b);

}  // namespace mhds::trace
