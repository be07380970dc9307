#include "mhds/base/calendar.h"

#include <cstdio>

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
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  int y, m, d;
  if (!Digits(s, 0, 4, &y) || !Digits(s, 5, 2, &m) || !Digits(s, 8, 2, &d)) return std::nullopt;
  if (m < 1 || m > 12 || d < 1 || d > DaysInMonth(y, m)) return std::nullopt;
  return DaysFromCivil(y, m, d);
}

std::optional<int64_t> ParseTime(std::string_view s) {
  if (s.size() != 8 || s[2] != ':' || s[5] != ':') return std::nullopt;
  int h, m, sec;
  if (!Digits(s, 0, 2, &h) || !Digits(s, 3, 2, &m) || !Digits(s, 6, 2, &sec)) return std::nullopt;
  if (h > 23 || m > 59 || sec > 59) return std::nullopt;
  return h * 3600 + m * 60 + sec;
}

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
