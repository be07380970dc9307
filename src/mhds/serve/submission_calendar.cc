#include "mhds/serve/submission_calendar.h"

#include <algorithm>
#include <charconv>
#include <system_error>

#include "mhds/base/calendar.h"
#include "mhds/base/csv_document.h"
#include "mhds/base/status_macros.h"
#include "mhds/base/text.h"
#include "mhds/serve/working_days.h"

namespace mhds::serve {
namespace {

constexpr MonthIndex kApril = 3;  // month-of-year index of the first month of a financial year
// How far ahead to look for a window: a calendar gap longer than this means there is none.
constexpr MonthIndex kLookAheadMonths = 36;
constexpr std::string_view kWindowsFile = "windows.csv";
constexpr int kMaxCalendarDay = 31;
constexpr int kMaxWorkingDay = 23;

MonthIndex FinancialYearStart(MonthIndex month) {
  return month - ((month % 12 - kApril + 12) % 12);
}

MonthIndex MonthOfDay(int64_t day) {
  std::string text = FormatDate(day);
  return *ParseMonth(std::string_view(text).substr(0, 7));
}

bool ParseModel(std::string_view text, WindowModel* model) {
  if (text == "single") {
    *model = WindowModel::kSingle;
  } else if (text == "primary_refresh") {
    *model = WindowModel::kPrimaryRefresh;
  } else if (text == "multiple_submission") {
    *model = WindowModel::kMultipleSubmission;
  } else {
    return false;
  }
  return true;
}

// "D<n>" or "WD<n>".
bool ParseDayRule(std::string_view text, bool* working, int* n) {
  *working = text.starts_with("WD");
  std::string_view digits = text.substr(*working ? 2 : (text.starts_with("D") ? 1 : 0));
  if (digits.size() == text.size() || digits.empty()) return false;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), *n);
  if (ec != std::errc() || end != digits.data() + digits.size()) return false;
  return *n >= 1 && *n <= (*working ? kMaxWorkingDay : kMaxCalendarDay);
}

Status RowError(const CsvDocument& doc, const CsvDocument::Row& row, int column,
                std::string_view what) {
  return Status::SpecError(doc.name() + ":" + std::to_string(row.line) + ":" +
                           std::to_string(CsvDocument::ColumnNumber(column)) + ": " +
                           std::string(what));
}

}  // namespace

std::optional<MonthIndex> ParseMonth(std::string_view yyyy_mm) {
  if (!ParseReportingMonth(yyyy_mm)) return std::nullopt;
  int year = 0, month = 0;
  std::from_chars(yyyy_mm.data(), yyyy_mm.data() + 4, year);
  std::from_chars(yyyy_mm.data() + 5, yyyy_mm.data() + 7, month);
  return MonthIndex{year} * 12 + month - 1;
}

std::string FormatMonth(MonthIndex month) {
  std::string year = std::to_string(month / 12);
  int m = static_cast<int>(month % 12) + 1;
  return std::string(4 - std::min<size_t>(4, year.size()), '0') + year + (m < 10 ? "-0" : "-") +
         std::to_string(m);
}

Result<SubmissionCalendar> SubmissionCalendar::Load(const std::filesystem::path& specs_root,
                                                    const std::string& data_set) {
  std::error_code ec;
  std::filesystem::path folder = specs_root / data_set;
  if (data_set.empty() || data_set.find('/') != std::string::npos ||
      !std::filesystem::is_directory(folder, ec)) {
    return Status::NotFound("no data set folder " + folder.string());
  }
  SubmissionCalendar calendar;
  calendar.data_set_ = data_set;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(folder, ec)) {
    if (std::filesystem::is_regular_file(entry.path() / kWindowsFile, ec)) {
      files.push_back(entry.path() / kWindowsFile);
    }
  }
  if (files.empty()) {
    return Status::NotFound("no version of " + data_set + " under " + folder.string() + " has a " +
                            std::string(kWindowsFile));
  }
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    MHDS_ASSIGN_OR_RETURN(CsvDocument doc, CsvDocument::ReadFile(file.string()));
    const char* needed[] = {"model", "first_period", "last_period", "opens", "closes"};
    int columns[5];
    for (int i = 0; i < 5; ++i) {
      columns[i] = doc.ColumnIndex(needed[i]);
      if (columns[i] < 0) {
        return Status::SpecError(doc.name() + ":1: missing column '" + needed[i] +
                                 "' (expected model,first_period,last_period,opens,closes)");
      }
    }
    for (const auto& row : doc.rows()) {
      Rule rule;
      rule.version = file.parent_path().filename().string();
      std::string_view model = Trim(row.fields[columns[0]]);
      if (!ParseModel(model, &rule.model)) {
        return RowError(doc, row, columns[0],
                        "model '" + std::string(model) +
                            "' is not single, primary_refresh or multiple_submission");
      }
      std::string_view first = Trim(row.fields[columns[1]]);
      auto first_month = ParseMonth(first);
      if (!first_month) {
        return RowError(doc, row, columns[1],
                        "first_period '" + std::string(first) + "' is not CCYY-MM");
      }
      rule.first = *first_month;
      std::string_view last = Trim(row.fields[columns[2]]);
      if (!last.empty()) {
        rule.last = ParseMonth(last);
        if (!rule.last || *rule.last < rule.first) {
          return RowError(doc, row, columns[2],
                          "last_period '" + std::string(last) +
                              "' is not a CCYY-MM on or after first_period (or empty)");
        }
      }
      std::string_view opens = Trim(row.fields[columns[3]]);
      std::string_view closes = Trim(row.fields[columns[4]]);
      if (!ParseDayRule(opens, &rule.opens_on_working_day, &rule.opens_day)) {
        return RowError(doc, row, columns[3],
                        "opens '" + std::string(opens) + "' is not D1..D31 or WD1..WD23");
      }
      if (!ParseDayRule(closes, &rule.closes_on_working_day, &rule.closes_day)) {
        return RowError(doc, row, columns[4],
                        "closes '" + std::string(closes) + "' is not D1..D31 or WD1..WD23");
      }
      calendar.rules_.push_back(std::move(rule));
    }
  }
  std::sort(calendar.rules_.begin(), calendar.rules_.end(),
            [](const Rule& a, const Rule& b) { return a.first < b.first; });
  for (size_t i = 1; i < calendar.rules_.size(); ++i) {
    const Rule& before = calendar.rules_[i - 1];
    const Rule& after = calendar.rules_[i];
    if (after.first == before.first || (before.last && *before.last >= after.first)) {
      return Status::SpecError(data_set + " windows: the rules of versions " + before.version +
                               " and " + after.version + " both cover " + FormatMonth(after.first));
    }
  }
  return calendar;
}

const SubmissionCalendar::Rule* SubmissionCalendar::RuleFor(MonthIndex period) const {
  for (size_t i = 0; i < rules_.size(); ++i) {
    const Rule& rule = rules_[i];
    if (period < rule.first) continue;
    bool ended =
        rule.last ? period > *rule.last : (i + 1 < rules_.size() && period >= rules_[i + 1].first);
    if (!ended) return &rule;
  }
  return nullptr;
}

std::optional<std::string> SubmissionCalendar::VersionFor(MonthIndex period) const {
  const Rule* rule = RuleFor(period);
  if (rule == nullptr) return std::nullopt;
  return rule->version;
}

std::optional<int64_t> SubmissionCalendar::DayOf(MonthIndex held, bool working, int n) const {
  int year = static_cast<int>(held / 12), month = static_cast<int>(held % 12) + 1;
  if (working) return NthWorkingDay(year, month, n);
  return DaysFromCivil(year, month, std::min(n, DaysInMonth(year, month)));
}

std::vector<Window> SubmissionCalendar::HeldIn(MonthIndex held) const {
  std::vector<Window> windows;
  MonthIndex newest = held - 1;
  for (MonthIndex period = FinancialYearStart(held - 2); period <= newest; ++period) {
    const Rule* rule = RuleFor(period);
    if (rule == nullptr) continue;
    Window window;
    window.data_set = data_set_;
    window.version = rule->version;
    window.period = period;
    window.submission_number = static_cast<int>(newest - period) + 1;
    switch (rule->model) {
      case WindowModel::kSingle:
        if (period != newest) continue;
        window.kind = "single";
        break;
      case WindowModel::kPrimaryRefresh:
        if (period < newest - 1) continue;
        window.kind = period == newest ? "primary" : "refresh";
        break;
      case WindowModel::kMultipleSubmission:
        window.kind = period == newest ? "first" : "resubmission";
        break;
    }
    auto opens = DayOf(held, rule->opens_on_working_day, rule->opens_day);
    auto closes = DayOf(held, rule->closes_on_working_day, rule->closes_day);
    if (!opens || !closes || *closes < *opens) continue;
    window.opens = *opens;
    window.closes = *closes;
    windows.push_back(std::move(window));
  }
  return windows;
}

std::vector<Window> SubmissionCalendar::OpenOn(int64_t day) const {
  std::vector<Window> open;
  for (Window& window : HeldIn(MonthOfDay(day))) {
    if (window.opens <= day && day <= window.closes) open.push_back(std::move(window));
  }
  return open;
}

std::optional<Window> SubmissionCalendar::Accepting(MonthIndex period, int64_t day) const {
  for (Window& window : OpenOn(day)) {
    if (window.period == period) return std::move(window);
  }
  return std::nullopt;
}

std::optional<Window> SubmissionCalendar::NextFor(MonthIndex period, int64_t day) const {
  MonthIndex start = MonthOfDay(day);
  for (MonthIndex held = start; held <= start + kLookAheadMonths; ++held) {
    for (Window& window : HeldIn(held)) {
      if (window.opens > day && window.period == period) return std::move(window);
    }
  }
  return std::nullopt;
}

std::optional<Window> SubmissionCalendar::NextOpening(int64_t day) const {
  MonthIndex start = MonthOfDay(day);
  for (MonthIndex held = start; held <= start + kLookAheadMonths; ++held) {
    for (Window& window : HeldIn(held)) {
      if (window.opens > day) return std::move(window);
    }
  }
  return std::nullopt;
}

}  // namespace mhds::serve
