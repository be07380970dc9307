#include "mhds/serve/working_days.h"

#include "mhds/base/calendar.h"

namespace mhds::serve {
namespace {

constexpr int kMonday = 0;
constexpr int kSaturday = 5;

// The first `weekday` on or after `days`.
int64_t OnOrAfter(int64_t days, int weekday) { return days + (weekday - Weekday(days) + 7) % 7; }

// A fixed-date holiday moved to the next weekday when it falls at a weekend.
int64_t Substitute(int64_t days) {
  int weekday = Weekday(days);
  return weekday >= kSaturday ? OnOrAfter(days, kMonday) : days;
}

int YearOf(int64_t days) { return std::stoi(FormatDate(days).substr(0, 4)); }

}  // namespace

int Weekday(int64_t days) {
  // 1970-01-01 was a Thursday (3 when Monday is 0).
  int64_t w = (days + 3) % 7;
  return static_cast<int>(w < 0 ? w + 7 : w);
}

int64_t EasterSunday(int year) {
  // The anonymous Gregorian algorithm (Meeus/Jones/Butcher).
  int a = year % 19, b = year / 100, c = year % 100;
  int d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3;
  int h = (19 * a + b - d - g + 15) % 30;
  int i = c / 4, k = c % 4;
  int l = (32 + 2 * e + 2 * i - h - k) % 7;
  int m = (a + 11 * h + 22 * l) / 451;
  int month = (h + l - 7 * m + 114) / 31;
  int day = (h + l - 7 * m + 114) % 31 + 1;
  return DaysFromCivil(year, month, day);
}

bool IsBankHoliday(int64_t days) {
  int year = YearOf(days);
  int64_t easter = EasterSunday(year);
  int64_t christmas = DaysFromCivil(year, 12, 25);
  int64_t christmas_observed = Substitute(christmas);
  // Boxing Day moves past Christmas's substitute too (Christmas on Saturday: Monday and Tuesday).
  int64_t boxing_observed = Substitute(DaysFromCivil(year, 12, 26));
  if (boxing_observed == christmas_observed) boxing_observed += 1;
  const int64_t holidays[] = {
      Substitute(DaysFromCivil(year, 1, 1)),
      easter - 2,
      easter + 1,
      OnOrAfter(DaysFromCivil(year, 5, 1), kMonday),
      OnOrAfter(DaysFromCivil(year, 5, 25), kMonday),  // the last Monday of May
      OnOrAfter(DaysFromCivil(year, 8, 25), kMonday),  // the last Monday of August
      christmas_observed,
      boxing_observed,
  };
  for (int64_t holiday : holidays) {
    if (holiday == days) return true;
  }
  return false;
}

bool IsWorkingDay(int64_t days) { return Weekday(days) < kSaturday && !IsBankHoliday(days); }

std::optional<int64_t> NthWorkingDay(int year, int month, int n) {
  if (n < 1) return std::nullopt;
  int64_t first = DaysFromCivil(year, month, 1);
  int64_t last = first + DaysInMonth(year, month) - 1;
  for (int64_t day = first; day <= last; ++day) {
    if (IsWorkingDay(day) && --n == 0) return day;
  }
  return std::nullopt;
}

}  // namespace mhds::serve
