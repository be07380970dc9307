// The provider's own list of IPS referrals it counts as accessed in a month, as exported from its
// dashboard: a CSV file with a header row, a ServiceRequestID column (the local referral ids as
// submitted in MHS101) and, optionally, a FirstContactDate column (CCYY-MM-DD, the date the
// provider counts as the first contact). Other columns are ignored. docs/extracts.md shows one.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mhds/base/result.h"

namespace mhds::extract {

struct LocalReferral {
  std::string id;
  std::optional<int64_t> first_contact;  // days since 1970-01-01; unset when not given
  uint64_t line = 0;                     // in the file, for messages
};

struct LocalList {
  std::vector<LocalReferral> referrals;  // in file order, each id once
};

// Parses the list. kDataError naming `name`:line:column for a missing ServiceRequestID column, a
// blank id, a date that is not CCYY-MM-DD or an id listed twice.
Result<LocalList> ParseLocalList(std::string_view text, const std::string& name);

// Reads and parses the file at `path`. kNotFound if it does not exist.
Result<LocalList> ReadLocalList(const std::string& path);

}  // namespace mhds::extract
