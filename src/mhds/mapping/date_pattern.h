// DatePattern: how a local export writes dates and times ("DD/MM/YYYY", "D/M/YY",
// "YYYY-MM-DD hh:mm:ss", or Excel serial day numbers), compiled once from the mapping file and
// used to read each value into a calendar day and a time of day.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mhds/base/result.h"

namespace mhds::mapping {

// What a value held. A pattern with only date fields gives no time, and the reverse.
struct DateTimeParts {
  std::optional<int64_t> days;     // since 1970-01-01
  std::optional<int64_t> seconds;  // since midnight
};

class DatePattern {
 public:
  // Compiles a pattern. Fields: YYYY (4-digit year), YY (2-digit year), MM and DD (2 digits),
  // M and D (1 or 2 digits), hh (2 digits), h (1 or 2 digits), mm and ss (2 digits); any other
  // character that is not a letter must appear as written. "excel" reads Excel serial numbers
  // (days since 1899-12-30, a fraction being the time of day). kInvalidArgument saying what is
  // wrong with the pattern otherwise.
  static Result<DatePattern> Parse(std::string_view text);

  const std::string& text() const { return text_; }
  bool has_date() const { return has_date_; }
  bool has_time() const { return has_time_; }

  // Reads `value`, which must match the whole pattern and name a real calendar day and a real
  // time. A two-digit year is read as the latest year ending in those digits that is not after
  // `latest_year` (with 2026, "75" is 1975 and "26" is 2026). nullopt if the value does not fit.
  std::optional<DateTimeParts> Read(std::string_view value, int latest_year) const;

 private:
  enum class Field {
    kLiteral,
    kYear4,
    kYear2,
    kMonth2,
    kMonth,
    kDay2,
    kDay,
    kHour2,
    kHour,
    kMinute2,
    kSecond2,
  };
  struct Token {
    Field field = Field::kLiteral;
    char literal = 0;
  };

  std::optional<DateTimeParts> ReadExcel(std::string_view value) const;

  std::string text_;
  std::vector<Token> tokens_;
  bool excel_ = false;
  bool has_date_ = false;
  bool has_time_ = false;
};

}  // namespace mhds::mapping
