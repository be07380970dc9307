#include "mhds/base/calendar.h"

#include <array>
#include <bit>
#include <cstdio>
#include <cstring>

#include "mhds/base/time_of_day.h"

namespace mhds {
namespace {

bool Digits(std::string_view s, size_t pos, size_t count, int* out) {
  int v = 0;
  for (size_t i = pos; i < pos + count; ++i) {
    char c = s[i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *out = v;
  return true;
}

uint64_t Load8(const char* p) {
  uint64_t w;
  std::memcpy(&w, p, 8);
  return w;
}

// The eight bytes of a pattern such as "00:00:00" as one word (in the machine's byte order, as
// Load8 reads text).
constexpr uint64_t Pattern8(const char (&text)[9]) {
  return std::bit_cast<uint64_t>(
      std::array<char, 8>{text[0], text[1], text[2], text[3], text[4], text[5], text[6], text[7]});
}
constexpr uint64_t kDatePrefix = Pattern8("0000-00-");  // the eight bytes before the day
constexpr uint64_t kDateSeparators = Pattern8("\0\0\0\0\xff\0\0\xff");

// `x` is text XORed with its pattern: a digit where the pattern has '0' becomes 0 to 9, a
// separator that matches becomes 0. True if every byte is at most 9 and the bytes of `zeros` are
// 0. Adding 0x76 sets a byte's high bit when it is 10 or more; a carry out of a byte happens only
// when the byte fails anyway.
bool DigitsAndZeros(uint64_t x, uint64_t zeros) {
  return (((x + 0x7676767676767676ULL) | x) & 0x8080808080808080ULL) == 0 && (x & zeros) == 0;
}

void CivilFromDays(int64_t z, int* y, int* m, int* d) {
  // Howard Hinnant's days_from_civil inverse.
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  *d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  *m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  *y = static_cast<int>(yoe + era * 400 + (*m <= 2));
}

}  // namespace

bool IsLeapYear(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && IsLeapYear(year)) return 29;
  return kDays[month - 1];
}

int64_t DaysFromCivil(int year, int month, int day) {
  const int64_t y = year - (month <= 2);
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

std::optional<int64_t> ParseDate(std::string_view s) {
  if (s.size() != 10) return std::nullopt;
  // "CCYY-MM-" checked eight bytes at once, then the day's two bytes.
  if (!DigitsAndZeros(Load8(s.data()) ^ kDatePrefix, kDateSeparators)) return std::nullopt;
  const unsigned d0 = static_cast<unsigned char>(s[8]) - unsigned{'0'};
  const unsigned d1 = static_cast<unsigned char>(s[9]) - unsigned{'0'};
  if (d0 > 9 || d1 > 9) return std::nullopt;
  const auto digit = [&s](size_t i) { return s[i] - '0'; };
  const int y = digit(0) * 1000 + digit(1) * 100 + digit(2) * 10 + digit(3);
  const int m = digit(5) * 10 + digit(6);
  const int d = static_cast<int>(d0 * 10 + d1);
  if (m < 1 || m > 12 || d < 1 || d > DaysInMonth(y, m)) return std::nullopt;
  return DaysFromCivil(y, m, d);
}

std::optional<int64_t> ParseTime(std::string_view s) { return ParseTimeOfDay(s); }

std::optional<int64_t> ParseDateTime(std::string_view s) {
  if (s.size() != 19 || (s[10] != 'T' && s[10] != ' ')) return std::nullopt;
  auto date = ParseDate(s.substr(0, 10));
  auto time = ParseTime(s.substr(11, 8));
  if (!date || !time) return std::nullopt;
  return *date * kSecondsPerDay + *time;
}

std::string FormatDate(int64_t days) {
  int y, m, d;
  CivilFromDays(days, &y, &m, &d);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

std::string FormatDateTime(int64_t seconds) {
  int64_t days = seconds / kSecondsPerDay;
  int64_t rest = seconds % kSecondsPerDay;
  if (rest < 0) {
    rest += kSecondsPerDay;
    --days;
  }
  char buf[16];
  std::snprintf(buf, sizeof buf, "T%02d:%02d:%02d", static_cast<int>(rest / 3600),
                static_cast<int>(rest / 60 % 60), static_cast<int>(rest % 60));
  return FormatDate(days) + buf;
}

int AgeInYears(int64_t birth_days, int64_t at_days) {
  int by, bm, bd, ay, am, ad;
  CivilFromDays(birth_days, &by, &bm, &bd);
  CivilFromDays(at_days, &ay, &am, &ad);
  int age = ay - by;
  if (am < bm || (am == bm && ad < bd)) --age;
  return age;
}

std::optional<Period> ParseReportingMonth(std::string_view s) {
  if (s.size() != 7 || s[4] != '-') return std::nullopt;
  int y, m;
  if (!Digits(s, 0, 4, &y) || !Digits(s, 5, 2, &m) || m < 1 || m > 12) return std::nullopt;
  return Period{DaysFromCivil(y, m, 1), DaysFromCivil(y, m, DaysInMonth(y, m))};
}

}  // namespace mhds
