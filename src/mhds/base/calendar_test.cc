#include "mhds/base/calendar.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <string_view>

namespace mhds {
namespace {

TEST(Calendar, ParsesRealDaysAndRefusesImpossibleOnes) {
  EXPECT_TRUE(ParseDate("2024-02-29").has_value());
  EXPECT_TRUE(ParseDate("2000-02-29").has_value());
  for (const char* bad :
       {"2023-02-29", "1900-02-29", "2023-02-30", "2023-13-01", "2023-00-10", "2023-04-31",
        "2023-4-01", "23-04-01", "2023/04/01", "2023-04-01 ", "", "abcd-ef-gh"}) {
    EXPECT_FALSE(ParseDate(bad).has_value()) << bad;
  }
}

TEST(Calendar, DatesRoundTripThroughDayNumbers) {
  EXPECT_EQ(*ParseDate("1970-01-01"), 0);
  EXPECT_EQ(*ParseDate("1970-01-02"), 1);
  EXPECT_EQ(*ParseDate("1969-12-31"), -1);
  for (const char* d : {"1900-03-01", "2024-02-29", "2026-10-31", "1899-12-31"}) {
    EXPECT_EQ(FormatDate(*ParseDate(d)), d);
  }
}

TEST(Calendar, ParsesTimesAndDateTimes) {
  EXPECT_EQ(*ParseTime("00:00:00"), 0);
  EXPECT_EQ(*ParseTime("23:59:59"), 86399);
  EXPECT_FALSE(ParseTime("24:00:00").has_value());
  EXPECT_FALSE(ParseTime("12:60:00").has_value());
  EXPECT_EQ(*ParseDateTime("1970-01-02T00:00:01"), 86401);
  EXPECT_EQ(*ParseDateTime("1970-01-02 00:00:01"), 86401);
  EXPECT_FALSE(ParseDateTime("1970-01-02X00:00:01").has_value());
  EXPECT_EQ(FormatDateTime(86401), "1970-01-02T00:00:01");
}

// Byte by byte, as the formats say: the reference the word-at-a-time parsers must agree with.
std::optional<int64_t> ReferenceParse(std::string_view s, std::string_view shape) {
  if (s.size() != shape.size()) return std::nullopt;
  int fields[3] = {0, 0, 0}, field = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (shape[i] != '0') {
      if (s[i] != shape[i]) return std::nullopt;
      ++field;
    } else if (s[i] < '0' || s[i] > '9') {
      return std::nullopt;
    } else {
      fields[field] = fields[field] * 10 + (s[i] - '0');
    }
  }
  if (shape[2] == ':') {
    if (fields[0] > 23 || fields[1] > 59 || fields[2] > 59) return std::nullopt;
    return fields[0] * 3600 + fields[1] * 60 + fields[2];
  }
  if (fields[1] < 1 || fields[1] > 12 || fields[2] < 1 ||
      fields[2] > DaysInMonth(fields[0], fields[1])) {
    return std::nullopt;
  }
  return DaysFromCivil(fields[0], fields[1], fields[2]);
}

TEST(Calendar, ParsersAgreeWithByteByByteReadingWhateverByteIsChanged) {
  for (std::string valid : {"2024-02-29", "0000-01-01", "9999-12-31", "2026-10-09"}) {
    for (size_t i = 0; i < valid.size(); ++i) {
      for (int b = 0; b < 256; ++b) {
        std::string s = valid;
        s[i] = static_cast<char>(b);
        EXPECT_EQ(ParseDate(s), ReferenceParse(s, "0000-00-00")) << s;
      }
    }
  }
  for (std::string valid : {"23:59:59", "00:00:00", "09:30:05"}) {
    for (size_t i = 0; i < valid.size(); ++i) {
      for (int b = 0; b < 256; ++b) {
        std::string s = valid;
        s[i] = static_cast<char>(b);
        EXPECT_EQ(ParseTime(s), ReferenceParse(s, "00:00:00")) << s;
      }
    }
  }
}

TEST(Calendar, CountsAgeAsPeopleDo) {
  EXPECT_EQ(AgeInYears(*ParseDate("2000-05-10"), *ParseDate("2026-05-09")), 25);
  EXPECT_EQ(AgeInYears(*ParseDate("2000-05-10"), *ParseDate("2026-05-10")), 26);
  EXPECT_EQ(AgeInYears(*ParseDate("2000-02-29"), *ParseDate("2026-02-28")), 25);
  EXPECT_EQ(AgeInYears(*ParseDate("2026-06-01"), *ParseDate("2026-05-01")), -1);
}

TEST(Calendar, ReportingMonthRunsFromFirstToLastDay) {
  auto p = ParseReportingMonth("2024-02");
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(FormatDate(p->start_days), "2024-02-01");
  EXPECT_EQ(FormatDate(p->end_days), "2024-02-29");
  EXPECT_FALSE(ParseReportingMonth("2024-13").has_value());
  EXPECT_FALSE(ParseReportingMonth("202402").has_value());
}

}  // namespace
}  // namespace mhds
