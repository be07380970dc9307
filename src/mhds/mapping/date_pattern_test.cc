#include "mhds/mapping/date_pattern.h"

#include <gtest/gtest.h>

#include "mhds/base/calendar.h"

namespace mhds::mapping {
namespace {

struct ReadCase {
  const char* pattern;
  const char* value;
  const char* date;  // CCYY-MM-DD, or "" when the value holds no date
  int64_t seconds;   // -1 when the value holds no time
};

TEST(DatePattern, ReadsTheLocalLayoutsOfExports) {
  const ReadCase cases[] = {
      {"DD/MM/YYYY", "03/11/2026", "2026-11-03", -1},
      {"D/M/YY", "3/1/26", "2026-01-03", -1},
      {"D/M/YY", "14/12/75", "1975-12-14", -1},  // 2075 would be after the period's year
      {"D/M/YYYY", "29/2/2024", "2024-02-29", -1},
      {"YYYY-MM-DD hh:mm:ss", "2026-10-06 09:05:00", "2026-10-06", 9 * 3600 + 5 * 60},
      {"hh:mm", "23:59", "", 23 * 3600 + 59 * 60},
      {"h.mm", "9.30", "", 9 * 3600 + 30 * 60},
      {"YYYYMMDD", "20261031", "2026-10-31", -1},
      {"excel", "46300", "2026-10-05", 0},
      {"excel", "46300.5", "2026-10-05", 12 * 3600},
      {"excel", "0.75", "1899-12-30", 18 * 3600},
  };
  for (const ReadCase& c : cases) {
    SCOPED_TRACE(std::string(c.pattern) + " <- " + c.value);
    auto pattern = DatePattern::Parse(c.pattern);
    ASSERT_TRUE(pattern.ok()) << pattern.status().message();
    auto parts = pattern->Read(c.value, 2026);
    ASSERT_TRUE(parts.has_value());
    if (c.date[0] == '\0') {
      EXPECT_FALSE(parts->days.has_value());
    } else {
      ASSERT_TRUE(parts->days.has_value());
      EXPECT_EQ(FormatDate(*parts->days), c.date);
    }
    if (c.seconds < 0) {
      EXPECT_FALSE(parts->seconds.has_value());
    } else {
      ASSERT_TRUE(parts->seconds.has_value());
      EXPECT_EQ(*parts->seconds, c.seconds);
    }
  }
}

TEST(DatePattern, RejectsValuesThatDoNotFitOrAreNotRealDays) {
  const std::pair<const char*, const char*> cases[] = {
      {"DD/MM/YYYY", "3/11/2026"},         // DD needs two digits
      {"DD/MM/YYYY", "31/11/2026"},        // no 31 November
      {"DD/MM/YYYY", "29/02/2025"},        // not a leap year
      {"DD/MM/YYYY", "03-11-2026"},        // wrong separator
      {"DD/MM/YYYY", "03/11/2026 10:00"},  // trailing text
      {"DD/MM/YYYY", ""},                  // empty
      {"D/M/YY", "3/13/26"},               // month 13
      {"YYYY-MM-DD hh:mm:ss", "2026-10-06 24:00:00"},
      {"YYYY-MM-DD hh:mm:ss", "2026-10-06 10:60:00"},
      {"hh:mm", "9:30"},  // hh needs two digits
      {"excel", "abc"},
      {"excel", "46300."},
      {"excel", "-1"},
      {"excel", "99999999"},  // beyond 9999-12-31
  };
  for (const auto& [text, value] : cases) {
    SCOPED_TRACE(std::string(text) + " <- " + value);
    auto pattern = DatePattern::Parse(text);
    ASSERT_TRUE(pattern.ok());
    EXPECT_FALSE(pattern->Read(value, 2026).has_value());
  }
}

TEST(DatePattern, ExplainsWhatIsWrongWithAPattern) {
  const std::pair<const char*, const char*> cases[] = {
      {"DD/MM/YYY", "'YYY' at character 7 is not a field"},
      {"DD/MM/YYYY/YY", "repeats a field"},
      {"MM/YYYY", "a date needs a year, a month and a day"},
      {"hh", "a time needs at least hours and minutes"},
      {"--", "no date or time field"},
      {"DD/MM/YYYY HH:mm", "'HH' at character 12 is not a field"},
  };
  for (const auto& [text, expected] : cases) {
    SCOPED_TRACE(text);
    auto pattern = DatePattern::Parse(text);
    ASSERT_FALSE(pattern.ok());
    EXPECT_EQ(pattern.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(pattern.status().message().find(expected), std::string::npos)
        << pattern.status().message();
  }
}

}  // namespace
}  // namespace mhds::mapping
