// Context: what every check may consult besides the row itself: the header row, the reporting
// period in force, the upload time and organisation, and the data set version.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mhds::validate::internal {

struct Context {
  std::vector<std::string> header_values;  // header table item -> value of its first row
  bool has_header = false;
  std::optional<int64_t> period_start;  // days since epoch
  std::optional<int64_t> period_end;
  std::string period_start_text;
  std::string period_end_text;
  int64_t uploaded_at = 0;  // seconds since epoch
  std::string uploaded_at_text;
  std::optional<std::string> org;
  std::string version;
};

}  // namespace mhds::validate::internal
