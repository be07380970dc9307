// Working days in England, for submission windows that open or close on the n-th working day of a
// month. A working day is Monday to Friday and not an England and Wales bank holiday. The regular
// bank holidays are computed (New Year, Good Friday, Easter Monday, the early May, spring and
// summer Mondays, Christmas and Boxing Day, with substitute days for weekends); one-off changes
// (a moved May holiday, a coronation, a state funeral) are not known and count as working days.
#pragma once

#include <cstdint>
#include <optional>

namespace mhds::serve {

// Day of the week of days since 1970-01-01: 0 Monday ... 6 Sunday.
int Weekday(int64_t days);

// Easter Sunday of `year` (Gregorian), as days since 1970-01-01.
int64_t EasterSunday(int year);

// True if `days` is a regular England and Wales bank holiday (see above).
bool IsBankHoliday(int64_t days);

// True if `days` is Monday to Friday and not a bank holiday.
bool IsWorkingDay(int64_t days);

// The `n`-th (1-based) working day of the month, or nullopt if the month has fewer.
std::optional<int64_t> NthWorkingDay(int year, int month, int n);

}  // namespace mhds::serve
