// Values that a careless conversion would change, shared by the idb tests. For tests only.
#pragma once

#include <string>
#include <vector>

namespace mhds::idb::testing {

// Rows for a table of columns ContactID (text key), ReferralID (text), ContactDate (date),
// StaffID (text) and Minutes (integer) of the mini test spec's T04Contact.
inline std::vector<std::vector<std::string>> TrickyContactRows() {
  return {
      {"C1", "01", "2026-10-01", "007", "15"},            // leading zeros in text
      {"C2", "R,1", "2026-10-02", "say \"hi\"", "015"},   // comma, quotes, integer with zero
      {"C3", "line\nbreak", "", "crlf\r\nend", "-0"},     // newlines; empty date; "-0"
      {"C4", "Zoë Łódź 東京 😀", "20261003", "", "1.50"},  // UTF-8; malformed date; decimal text
      {"C5", " padded ", "2026-10-04", "=1+1", "3e2"},    // spaces kept; formula; exponent
      {"C6", "", "", "", ""},                             // all empty but the key
      {"C7", "\"", ",", "\r", "9223372036854775808"},     // lone quote, comma, CR; too big
      {"C8", "x", "2026-10-05", "y", "-12"},              // a plain negative integer
  };
}

}  // namespace mhds::idb::testing
