#include "mhds/serve/submission_calendar.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "mhds/base/calendar.h"
#include "mhds/serve/working_days.h"

namespace mhds::serve {
namespace {

int64_t Day(const char* text) { return *ParseDate(text); }
MonthIndex Month(const char* text) { return *ParseMonth(text); }

// A specs root of its own, with one data set "ds" whose versions hold the given windows.csv text.
class CalendarFolder {
 public:
  CalendarFolder() {
    root_ = std::filesystem::temp_directory_path() /
            ("mhds_calendar_test_" + std::to_string(getpid()) + "_" + std::to_string(counter_++));
    std::filesystem::remove_all(root_);
  }
  ~CalendarFolder() { std::filesystem::remove_all(root_); }
  void Version(const std::string& version, const std::string& rows) {
    std::filesystem::create_directories(root_ / "ds" / version);
    std::ofstream(root_ / "ds" / version / "windows.csv")
        << "model,first_period,last_period,opens,closes,description\n"
        << rows;
  }
  Result<SubmissionCalendar> Load() { return SubmissionCalendar::Load(root_, "ds"); }

 private:
  static inline int counter_ = 0;
  std::filesystem::path root_;
};

TEST(WorkingDays, KnowsEnglandBankHolidays) {
  EXPECT_EQ(EasterSunday(2026), Day("2026-04-05"));
  EXPECT_EQ(EasterSunday(2019), Day("2019-04-21"));
  EXPECT_TRUE(IsBankHoliday(Day("2026-04-03")));  // Good Friday
  EXPECT_TRUE(IsBankHoliday(Day("2026-04-06")));  // Easter Monday
  EXPECT_TRUE(IsBankHoliday(Day("2026-05-04")));  // early May
  EXPECT_TRUE(IsBankHoliday(Day("2026-05-25")));  // spring
  EXPECT_TRUE(IsBankHoliday(Day("2026-08-31")));  // summer
  EXPECT_TRUE(IsBankHoliday(Day("2027-12-27")));  // Christmas on a Saturday: Monday
  EXPECT_TRUE(IsBankHoliday(Day("2027-12-28")));  // and Boxing Day on Tuesday
  EXPECT_TRUE(IsBankHoliday(Day("2022-01-03")));  // New Year on a Saturday
  EXPECT_FALSE(IsBankHoliday(Day("2026-11-23")));
  EXPECT_FALSE(IsWorkingDay(Day("2026-11-22")));  // a Sunday
}

TEST(WorkingDays, CountsTheNthWorkingDay) {
  // December 2020: the 19th working day is the 29th once Christmas and Boxing Day (moved to
  // Monday 28th) are skipped, as in the IAPT calendar of that year.
  EXPECT_EQ(NthWorkingDay(2020, 12, 19), Day("2020-12-29"));
  EXPECT_EQ(NthWorkingDay(2020, 9, 19), Day("2020-09-25"));
  EXPECT_EQ(NthWorkingDay(2026, 11, 1), Day("2026-11-02"));
  EXPECT_EQ(NthWorkingDay(2026, 11, 16), Day("2026-11-23"));
  EXPECT_FALSE(NthWorkingDay(2026, 11, 23).has_value());
}

TEST(SubmissionCalendar, SingleWindowTakesOnlyThePreviousMonth) {
  CalendarFolder folder;
  folder.Version("1.0", "single,2024-04,,WD1,WD16,x\n");
  auto calendar = folder.Load();
  ASSERT_TRUE(calendar.ok()) << calendar.status().ToString();
  auto open = calendar->OpenOn(Day("2026-11-23"));
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(FormatMonth(open[0].period), "2026-10");
  EXPECT_EQ(open[0].kind, "single");
  EXPECT_EQ(open[0].opens, Day("2026-11-02"));
  EXPECT_EQ(open[0].closes, Day("2026-11-23"));
  EXPECT_TRUE(calendar->OpenOn(Day("2026-11-24")).empty());
  EXPECT_FALSE(calendar->Accepting(Month("2026-09"), Day("2026-11-23")).has_value());
  auto next = calendar->NextOpening(Day("2026-11-24"));
  ASSERT_TRUE(next.has_value());
  EXPECT_EQ(FormatMonth(next->period), "2026-11");
  EXPECT_EQ(next->opens, Day("2026-12-01"));
  // September 2026 had its only window in October.
  EXPECT_FALSE(calendar->NextFor(Month("2026-09"), Day("2026-11-23")).has_value());
}

TEST(SubmissionCalendar, PrimaryAndRefreshShareTheWindow) {
  CalendarFolder folder;
  folder.Version("2.0", "primary_refresh,2020-08,2022-03,D1,WD19,x\n");
  auto calendar = folder.Load();
  ASSERT_TRUE(calendar.ok()) << calendar.status().ToString();
  auto open = calendar->OpenOn(Day("2020-10-27"));
  ASSERT_EQ(open.size(), 2u);
  EXPECT_EQ(FormatMonth(open[0].period), "2020-08");
  EXPECT_EQ(open[0].kind, "refresh");
  EXPECT_EQ(FormatMonth(open[1].period), "2020-09");
  EXPECT_EQ(open[1].kind, "primary");
  EXPECT_EQ(open[1].opens, Day("2020-10-01"));
  EXPECT_TRUE(calendar->OpenOn(Day("2020-10-28")).empty());
  // The first month has no refresh of an earlier one; the calendar ends with March 2022's refresh.
  EXPECT_EQ(calendar->OpenOn(Day("2020-09-01")).size(), 1u);
  auto last = calendar->OpenOn(Day("2022-05-03"));
  ASSERT_EQ(last.size(), 1u);
  EXPECT_EQ(last[0].kind, "refresh");
  EXPECT_FALSE(calendar->NextOpening(Day("2022-05-31")).has_value());
}

TEST(SubmissionCalendar, MultipleSubmissionReopensTheWholeFinancialYear) {
  CalendarFolder folder;
  folder.Version("4.0", "multiple_submission,2019-04,,WD1,WD16,x\n");
  auto calendar = folder.Load();
  ASSERT_TRUE(calendar.ok()) << calendar.status().ToString();
  // Held in March 2020: February first, April 2019 .. January 2020 again.
  auto march = calendar->OpenOn(Day("2020-03-10"));
  ASSERT_EQ(march.size(), 11u);
  EXPECT_EQ(FormatMonth(march.front().period), "2019-04");
  EXPECT_EQ(march.front().submission_number, 11);
  EXPECT_EQ(march.back().kind, "first");
  // Held in May 2020: April 2020 first, and the whole of 2019/20 for the last time, so April 2019
  // has its 13th chance and March 2020 its second.
  auto may = calendar->OpenOn(Day("2020-05-12"));
  ASSERT_EQ(may.size(), 13u);
  EXPECT_EQ(may.front().submission_number, 13);
  EXPECT_EQ(FormatMonth(may[11].period), "2020-03");
  EXPECT_EQ(may[11].submission_number, 2);
  // Held in June 2020: only the new financial year.
  EXPECT_EQ(calendar->OpenOn(Day("2020-06-10")).size(), 2u);
  EXPECT_FALSE(calendar->NextFor(Month("2019-04"), Day("2020-05-31")).has_value());
}

TEST(SubmissionCalendar, VersionsTakeOverFromEachOther) {
  CalendarFolder folder;
  folder.Version("2.0", "primary_refresh,2020-08,2022-03,D1,WD19,x\n");
  folder.Version("2.1", "primary_refresh,2022-04,,D1,WD19,x\n");
  auto calendar = folder.Load();
  ASSERT_TRUE(calendar.ok()) << calendar.status().ToString();
  EXPECT_EQ(calendar->VersionFor(Month("2022-03")), "2.0");
  EXPECT_EQ(calendar->VersionFor(Month("2026-10")), "2.1");
  EXPECT_FALSE(calendar->VersionFor(Month("2020-07")).has_value());
  auto may = calendar->OpenOn(Day("2022-05-03"));
  ASSERT_EQ(may.size(), 2u);
  EXPECT_EQ(may[0].version, "2.0");
  EXPECT_EQ(may[1].version, "2.1");
}

TEST(SubmissionCalendar, RejectsMalformedRowsWithTheirPosition) {
  struct Case {
    const char* rows;
    const char* expected;
  };
  const Case cases[] = {
      {"weekly,2024-04,,WD1,WD16,x\n", "windows.csv:2:1: model 'weekly'"},
      {"single,2024-13,,WD1,WD16,x\n", "windows.csv:2:2: first_period '2024-13'"},
      {"single,2024-04,2024-01,WD1,WD16,x\n", "windows.csv:2:3: last_period"},
      {"single,2024-04,,WD0,WD16,x\n", "windows.csv:2:4: opens 'WD0'"},
      {"single,2024-04,,D1,X16,x\n", "windows.csv:2:5: closes 'X16'"},
      {"single,2024-04,,D1,D16,x\nsingle,2025-04,,D1,D16,y\nsingle,2025-04,,D1,D9,z\n",
       "both cover 2025-04"},
  };
  for (const Case& c : cases) {
    CalendarFolder folder;
    folder.Version("1.0", c.rows);
    auto calendar = folder.Load();
    ASSERT_FALSE(calendar.ok()) << c.rows;
    EXPECT_NE(calendar.status().message().find(c.expected), std::string::npos)
        << calendar.status().message();
  }
}

TEST(SubmissionCalendar, BundledCalendarsLoad) {
  for (const char* data_set : {"mhsds", "iapt"}) {
    auto calendar =
        SubmissionCalendar::Load(std::filesystem::path(MHDS_SOURCE_DIR) / "specs", data_set);
    ASSERT_TRUE(calendar.ok()) << calendar.status().ToString();
    EXPECT_TRUE(calendar->VersionFor(Month("2026-10")).has_value());
  }
}

}  // namespace
}  // namespace mhds::serve
