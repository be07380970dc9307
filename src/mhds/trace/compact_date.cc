#include "mhds/trace/compact_date.h"

#include "mhds/base/calendar.h"

namespace mhds::trace {
namespace {

constexpr int kEarliestYear = 1800;  // older dates are typing errors, not people

bool IsCalendarDay(int year, int month, int day) {
  return year >= kEarliestYear && month >= 1 && month <= 12 && day >= 1 &&
         day <= DaysInMonth(year, month);
}

}  // namespace

std::optional<CompactDate> ParseCompactDate(std::string_view text) {
  if (text.size() != 8) return std::nullopt;
  int value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  if (!IsCalendarDay(value / 10000, value / 100 % 100, value % 100)) return std::nullopt;
  return value;
}

std::string FormatCompactDate(CompactDate date) {
  if (date == 0) return "";
  return std::to_string(date);
}

CompactDate SwapDayAndMonth(CompactDate date) {
  const int year = date / 10000;
  const int month = date / 100 % 100;
  const int day = date % 100;
  if (day == month || !IsCalendarDay(year, day, month)) return 0;
  return year * 10000 + day * 100 + month;
}

}  // namespace mhds::trace
