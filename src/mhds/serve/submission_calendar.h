// SubmissionCalendar: when a data set's monthly submissions may be made, read from the
// `windows.csv` of each version folder (specs/<data set>/<version>/windows.csv; format in
// docs/landing_service.md). Each row names a model for a range of reporting months:
//
//   single               one window per month, held in the following month, for that month only;
//   primary_refresh      the window held in month M takes month M-1 (Primary) and M-2 (Refresh);
//   multiple_submission  the window held in month M takes month M-1 first, and every earlier month
//                        of the financial year of M-2 again (April can be sent 13 times, March
//                        twice), each submission numbered 1 (first opportunity) to 13.
//
// A window opens and closes on days given as "D<n>" (calendar day n of the month it is held in) or
// "WD<n>" (the n-th working day, see working_days.h). Both days are inclusive (UTC dates).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "mhds/base/result.h"

namespace mhds::serve {

enum class WindowModel { kSingle, kPrimaryRefresh, kMultipleSubmission };

// A reporting month as a count of months (year * 12 + month - 1), so that arithmetic is easy.
using MonthIndex = int64_t;
std::optional<MonthIndex> ParseMonth(std::string_view yyyy_mm);  // "CCYY-MM"
std::string FormatMonth(MonthIndex month);

// One chance to submit one reporting month.
struct Window {
  std::string data_set;  // folder name, e.g. "mhsds"
  std::string version;   // folder name, e.g. "6.0": the version in force for `period`
  MonthIndex period = 0;
  // "single", "primary", "refresh", or for the multiple-submission model "first" and
  // "resubmission".
  std::string kind;
  int submission_number = 1;  // 1 = the month's first opportunity
  int64_t opens = 0;          // days since 1970-01-01, inclusive
  int64_t closes = 0;         // inclusive
};

class SubmissionCalendar {
 public:
  // Reads every `<specs_root>/<data_set>/*/windows.csv`. kNotFound if the data set folder does not
  // exist or no version has a windows.csv; kSpecError naming file, line and column for a malformed
  // row (unknown model, bad month, bad day rule, a range that overlaps another version's).
  static Result<SubmissionCalendar> Load(const std::filesystem::path& specs_root,
                                         const std::string& data_set);

  // The version folder whose rules cover `period`, or nullopt.
  std::optional<std::string> VersionFor(MonthIndex period) const;

  // Every window open on `day`, by period then kind.
  std::vector<Window> OpenOn(int64_t day) const;

  // The open window on `day` that accepts `period`, if any.
  std::optional<Window> Accepting(MonthIndex period, int64_t day) const;

  // The first window accepting `period` that opens after `day`, if any within the calendar.
  std::optional<Window> NextFor(MonthIndex period, int64_t day) const;

  // The first window of any period that opens after `day`.
  std::optional<Window> NextOpening(int64_t day) const;

  const std::string& data_set() const { return data_set_; }

 private:
  struct Rule {
    std::string version;
    WindowModel model = WindowModel::kSingle;
    MonthIndex first = 0;
    std::optional<MonthIndex> last;  // none: until a later version's rule says otherwise
    bool opens_on_working_day = false;
    int opens_day = 1;
    bool closes_on_working_day = false;
    int closes_day = 1;
  };

  const Rule* RuleFor(MonthIndex period) const;
  // The windows held in month `held`.
  std::vector<Window> HeldIn(MonthIndex held) const;
  std::optional<int64_t> DayOf(MonthIndex held, bool working, int n) const;

  std::string data_set_;
  std::vector<Rule> rules_;  // sorted by first period
};

}  // namespace mhds::serve
