#include "mhds/mapping/date_pattern.h"

#include <cmath>

#include "mhds/base/calendar.h"
#include "mhds/base/text.h"

namespace mhds::mapping {
namespace {

constexpr std::string_view kExcel = "excel";
// Excel counts days from 1899-12-30 (so that its fictitious 1900-02-29 falls before serial 61).
constexpr int kExcelEpochYear = 1899;
constexpr int kExcelEpochMonth = 12;
constexpr int kExcelEpochDay = 30;
// The serial of 9999-12-31, the last day Excel knows.
constexpr int64_t kExcelLastSerial = 2958465;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Reads `min` to `max` digits at `pos`; -1 if fewer than `min`.
int ReadNumber(std::string_view value, size_t& pos, int min, int max) {
  int number = 0;
  int digits = 0;
  while (digits < max && pos < value.size() && IsDigit(value[pos])) {
    number = number * 10 + (value[pos] - '0');
    ++pos;
    ++digits;
  }
  return digits < min ? -1 : number;
}

}  // namespace

Result<DatePattern> DatePattern::Parse(std::string_view text) {
  DatePattern pattern;
  pattern.text_ = std::string(text);
  if (EqualsIgnoreCase(text, kExcel)) {
    pattern.excel_ = true;
    pattern.has_date_ = true;
    pattern.has_time_ = true;
    return pattern;
  }
  bool year = false, month = false, day = false, hour = false, minute = false, second = false;
  struct Known {
    std::string_view name;
    Field field;
    bool* group;  // one field per group: YYYY or YY, not both
  };
  const Known known[] = {
      {"YYYY", Field::kYear4, &year},   {"YY", Field::kYear2, &year},
      {"MM", Field::kMonth2, &month},   {"M", Field::kMonth, &month},
      {"DD", Field::kDay2, &day},       {"D", Field::kDay, &day},
      {"hh", Field::kHour2, &hour},     {"h", Field::kHour, &hour},
      {"mm", Field::kMinute2, &minute}, {"ss", Field::kSecond2, &second},
  };
  for (size_t i = 0; i < text.size();) {
    const char c = text[i];
    if (!IsLetter(c)) {
      pattern.tokens_.push_back({Field::kLiteral, c});
      ++i;
      continue;
    }
    size_t run = 1;
    while (i + run < text.size() && text[i + run] == c) ++run;
    const std::string_view field = text.substr(i, run);
    const Known* match = nullptr;
    for (const Known& k : known) {
      if (k.name == field) match = &k;
    }
    if (match == nullptr) {
      return Status::InvalidArgument("'" + std::string(field) + "' at character " +
                                     std::to_string(i + 1) +
                                     " is not a field; expected YYYY, YY, MM, M, DD, D, hh, h, mm "
                                     "or ss, or the whole pattern \"excel\"");
    }
    if (*match->group) {
      return Status::InvalidArgument("'" + std::string(field) +
                                     "' repeats a field already given; expected each field once");
    }
    *match->group = true;
    pattern.tokens_.push_back({match->field, 0});
    i += run;
  }
  const int date_fields = int{year} + int{month} + int{day};
  if (date_fields != 0 && date_fields != 3) {
    return Status::InvalidArgument("a date needs a year, a month and a day; expected all three");
  }
  if ((hour || minute || second) && !(hour && minute)) {
    return Status::InvalidArgument("a time needs at least hours and minutes (hh:mm)");
  }
  pattern.has_date_ = date_fields == 3;
  pattern.has_time_ = hour;
  if (!pattern.has_date_ && !pattern.has_time_) {
    return Status::InvalidArgument("no date or time field; expected e.g. DD/MM/YYYY or hh:mm");
  }
  return pattern;
}

std::optional<DateTimeParts> DatePattern::Read(std::string_view value, int latest_year) const {
  if (excel_) return ReadExcel(value);
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  size_t pos = 0;
  for (const Token& token : tokens_) {
    int n = 0;
    switch (token.field) {
      case Field::kLiteral:
        if (pos >= value.size() || value[pos] != token.literal) return std::nullopt;
        ++pos;
        continue;
      case Field::kYear4:
        n = year = ReadNumber(value, pos, 4, 4);
        break;
      case Field::kYear2: {
        n = ReadNumber(value, pos, 2, 2);
        year = latest_year - ((latest_year % 100 - n + 100) % 100);
        break;
      }
      case Field::kMonth2:
        n = month = ReadNumber(value, pos, 2, 2);
        break;
      case Field::kMonth:
        n = month = ReadNumber(value, pos, 1, 2);
        break;
      case Field::kDay2:
        n = day = ReadNumber(value, pos, 2, 2);
        break;
      case Field::kDay:
        n = day = ReadNumber(value, pos, 1, 2);
        break;
      case Field::kHour2:
        n = hour = ReadNumber(value, pos, 2, 2);
        break;
      case Field::kHour:
        n = hour = ReadNumber(value, pos, 1, 2);
        break;
      case Field::kMinute2:
        n = minute = ReadNumber(value, pos, 2, 2);
        break;
      case Field::kSecond2:
        n = second = ReadNumber(value, pos, 2, 2);
        break;
    }
    if (n < 0) return std::nullopt;
  }
  if (pos != value.size()) return std::nullopt;
  DateTimeParts parts;
  if (has_date_) {
    if (year < 1 || month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month)) {
      return std::nullopt;
    }
    parts.days = DaysFromCivil(year, month, day);
  }
  if (has_time_) {
    if (hour > 23 || minute > 59 || second > 59) return std::nullopt;
    parts.seconds = (hour * 60 + minute) * 60 + second;
  }
  return parts;
}

std::optional<DateTimeParts> DatePattern::ReadExcel(std::string_view value) const {
  size_t pos = 0;
  int64_t serial = 0;
  size_t digits = 0;
  while (pos < value.size() && IsDigit(value[pos])) {
    if (++digits > 7) return std::nullopt;
    serial = serial * 10 + (value[pos++] - '0');
  }
  int64_t seconds = 0;
  if (pos < value.size() && value[pos] == '.') {
    ++pos;
    double fraction = 0;
    double scale = 0.1;
    const size_t fraction_start = pos;
    while (pos < value.size() && IsDigit(value[pos])) {
      fraction += (value[pos++] - '0') * scale;
      scale /= 10;
    }
    if (pos == fraction_start) return std::nullopt;
    seconds = std::llround(fraction * kSecondsPerDay);
    if (seconds == kSecondsPerDay) {  // 23:59:59.6 rounds up to the next day
      seconds = 0;
      ++serial;
    }
  }
  if (digits == 0 || pos != value.size() || serial > kExcelLastSerial) return std::nullopt;
  DateTimeParts parts;
  parts.days = DaysFromCivil(kExcelEpochYear, kExcelEpochMonth, kExcelEpochDay) + serial;
  parts.seconds = seconds;
  return parts;
}

}  // namespace mhds::mapping
