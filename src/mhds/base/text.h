// Small text operations shared by every module: case-insensitive comparison of ASCII names,
// splitting, trimming, and UTF-8 length. Names here are IDB identifiers, which are ASCII.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace mhds {

bool EqualsIgnoreCase(std::string_view a, std::string_view b);
std::string ToLower(std::string_view s);
// Drops leading and trailing spaces and tabs. Inline: the validator calls it for most values.
inline std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Splits on `sep`, trimming each part; an empty input gives no parts.
std::vector<std::string> SplitTrimmed(std::string_view s, char sep);

// Number of UTF-8 code points (continuation bytes are not counted). Assumes valid UTF-8.
size_t Utf8Length(std::string_view s);

// Joins with `sep`.
std::string Join(const std::vector<std::string>& parts, std::string_view sep);

}  // namespace mhds
