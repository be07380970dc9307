#include "mhds/derive/tt_settings.h"

#include <algorithm>
#include <charconv>
#include <functional>
#include <map>

#include "mhds/base/csv_document.h"
#include "mhds/base/status_macros.h"
#include "mhds/base/text.h"

namespace mhds::derive {
namespace {

constexpr std::string_view kFileName = "talking_therapies.csv";

template <typename Int>
bool ReadNumber(std::string_view text, Int& out) {
  text = Trim(text);
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
  return error == std::errc() && end == text.data() + text.size() && out >= 0;
}

}  // namespace

Result<TtSettings> LoadTtSettings(const std::filesystem::path& folder) {
  const std::string path = (folder / kFileName).string();
  MHDS_ASSIGN_OR_RETURN(CsvDocument doc, CsvDocument::ReadFile(path));
  const int setting_col = doc.ColumnIndex("setting");
  const int values_col = doc.ColumnIndex("values");
  if (setting_col < 0 || values_col < 0) {
    return Status::SpecError(path + ":1: expected the columns setting and values");
  }

  TtSettings s;
  // Each setting and how its text is stored; a number must read as a whole non-negative number.
  using Reader = std::function<bool(std::string_view)>;
  auto list = [](std::vector<std::string>& to) {
    return Reader([&to](std::string_view v) {
      to = SplitTrimmed(v, ';');
      return !to.empty() && std::find(to.begin(), to.end(), "") == to.end();
    });
  };
  auto text = [](std::string& to) {
    return Reader([&to](std::string_view v) {
      to = std::string(Trim(v));
      return !to.empty();
    });
  };
  auto number = [](auto& to) {
    return Reader([&to](std::string_view v) { return ReadNumber(v, to); });
  };
  const std::map<std::string, Reader, std::less<>> readers = {
      {"attended_codes", list(s.attended_codes)},
      {"treatment_appointment_types", list(s.treatment_appointment_types)},
      {"phq9_tool", text(s.phq9.code)},
      {"phq9_caseness", number(s.phq9.caseness)},
      {"phq9_reliable_change", number(s.phq9.reliable_change)},
      {"gad7_tool", text(s.gad7.code)},
      {"gad7_caseness", number(s.gad7.caseness)},
      {"gad7_reliable_change", number(s.gad7.reliable_change)},
      {"finished_course_treatments", number(s.finished_course_treatments)},
      {"wait_6_weeks_days", number(s.wait_6_weeks_days)},
      {"wait_18_weeks_days", number(s.wait_18_weeks_days)},
      {"wait_band_upper_days", Reader([&s](std::string_view v) {
         std::vector<std::string> parts = SplitTrimmed(v, ';');
         if (parts.size() != s.wait_band_upper_days.size()) return false;
         for (size_t i = 0; i < parts.size(); ++i) {
           if (!ReadNumber(parts[i], s.wait_band_upper_days[i])) return false;
           if (i > 0 && s.wait_band_upper_days[i] <= s.wait_band_upper_days[i - 1]) return false;
         }
         return true;
       })},
  };

  std::map<std::string, uint64_t, std::less<>> seen;  // setting -> line
  for (const CsvDocument::Row& row : doc.rows()) {
    const std::string& name = row.fields[setting_col];
    const std::string where = path + ":" + std::to_string(row.line) + ":";
    auto reader = readers.find(name);
    if (reader == readers.end()) {
      return Status::SpecError(where + std::to_string(CsvDocument::ColumnNumber(setting_col)) +
                               ": unknown setting '" + name + "'");
    }
    if (auto [it, fresh] = seen.emplace(name, row.line); !fresh) {
      return Status::SpecError(where + std::to_string(CsvDocument::ColumnNumber(setting_col)) +
                               ": setting '" + name + "' is already set on line " +
                               std::to_string(it->second));
    }
    if (!reader->second(row.fields[values_col])) {
      return Status::SpecError(where + std::to_string(CsvDocument::ColumnNumber(values_col)) +
                               ": '" + row.fields[values_col] + "' is not a valid value for " +
                               name +
                               " (expected a whole number, or a ';'-separated list; "
                               "wait_band_upper_days takes three rising numbers)");
    }
  }
  for (const auto& [name, reader] : readers) {
    if (!seen.contains(name)) {
      return Status::SpecError(path + ": setting '" + name + "' is missing");
    }
  }
  return s;
}

}  // namespace mhds::derive
