// Civil dates as days since 1970-01-01 and their CCYY-MM-DD text, for the generator
// (H. Hinnant's algorithms; proleptic Gregorian calendar).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace mhds::bench {

constexpr int64_t DaysFromCivil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

// Writes the date as 10 characters CCYY-MM-DD at `out`.
inline void FormatDate(int64_t days, char* out) {
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const int64_t doe = days - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const int64_t m = mp < 10 ? mp + 3 : mp - 9;
  const int64_t y = yoe + era * 400 + (m <= 2);
  const int64_t parts[3] = {y, m, d};
  const int widths[3] = {4, 2, 2};
  for (int p = 0, pos = 0; p < 3; ++p) {
    int64_t v = parts[p];
    for (int i = widths[p] - 1; i >= 0; --i, v /= 10)
      out[pos + i] = static_cast<char>('0' + v % 10);
    pos += widths[p];
    if (p < 2) out[pos++] = '-';
  }
}

inline std::string DateText(int64_t days) {
  std::string text(10, ' ');
  FormatDate(days, text.data());
  return text;
}

// Parses a CCYY-MM reporting month into its first and last day. False if malformed.
inline bool ParseMonth(std::string_view text, int64_t& first, int64_t& last) {
  if (text.size() != 7 || text[4] != '-') return false;
  int64_t y = 0;
  int64_t m = 0;
  for (int i = 0; i < 7; ++i) {
    if (i == 4) continue;
    if (text[i] < '0' || text[i] > '9') return false;
    (i < 4 ? y : m) = (i < 4 ? y : m) * 10 + (text[i] - '0');
  }
  if (m < 1 || m > 12) return false;
  first = DaysFromCivil(y, m, 1);
  last = (m == 12 ? DaysFromCivil(y + 1, 1, 1) : DaysFromCivil(y, m + 1, 1)) - 1;
  return true;
}

}  // namespace mhds::bench
