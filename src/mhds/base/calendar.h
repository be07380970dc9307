// Calendar arithmetic for the date and time formats of the data sets: CCYY-MM-DD dates,
// hh:mm:ss times and CCYY-MM-DDThh:mm:ss date-times. Parsing checks the real calendar
// (2023-02-30 is not a date), which SQL engines do not.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mhds {

// Days since 1970-01-01 of a proleptic Gregorian date.
int64_t DaysFromCivil(int year, int month, int day);
bool IsLeapYear(int year);
int DaysInMonth(int year, int month);

// Parses CCYY-MM-DD (exactly 10 characters). nullopt if malformed or not a calendar day.
std::optional<int64_t> ParseDate(std::string_view s);

// Parses hh:mm:ss (exactly 8 characters, 00:00:00 to 23:59:59) to seconds since midnight.
std::optional<int64_t> ParseTime(std::string_view s);

// Parses CCYY-MM-DDThh:mm:ss (a space instead of T is accepted) to seconds since 1970-01-01T00:00.
std::optional<int64_t> ParseDateTime(std::string_view s);

// Formats days since 1970-01-01 as CCYY-MM-DD.
std::string FormatDate(int64_t days);

// Formats seconds since 1970-01-01 as CCYY-MM-DDThh:mm:ss.
std::string FormatDateTime(int64_t seconds);

// Whole years between a birth date and a date (both days since epoch), as people count age.
int AgeInYears(int64_t birth_days, int64_t at_days);

// The first and last day of a reporting month "CCYY-MM". nullopt if malformed.
struct Period {
  int64_t start_days = 0;
  int64_t end_days = 0;
};
std::optional<Period> ParseReportingMonth(std::string_view yyyy_mm);

constexpr int64_t kSecondsPerDay = 86400;

}  // namespace mhds
