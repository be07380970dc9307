#include "mhds/spec/versions.h"

#include <algorithm>
#include <system_error>

#include "mhds/base/calendar.h"
#include "mhds/base/csv_document.h"
#include "mhds/base/text.h"

namespace mhds::spec {

std::optional<Month> ParseMonth(std::string_view text) {
  if (text.size() != 7 || text[4] != '-') return std::nullopt;
  for (size_t i : {0, 1, 2, 3, 5, 6}) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
  }
  int year =
      (text[0] - '0') * 1000 + (text[1] - '0') * 100 + (text[2] - '0') * 10 + (text[3] - '0');
  int month = (text[5] - '0') * 10 + (text[6] - '0');
  if (month < 1 || month > 12) return std::nullopt;
  return year * 12 + (month - 1);
}

std::string FormatMonth(Month month) {
  int year = month / 12, m = month % 12 + 1;
  std::string out = std::to_string(year);
  while (out.size() < 4) out.insert(out.begin(), '0');
  out += m < 10 ? "-0" : "-";
  out += std::to_string(m);
  return out;
}

Month MonthOfDay(int64_t days) {
  // FormatDate gives CCYY-MM-DD; its first seven characters are the month.
  return ParseMonth(std::string_view(FormatDate(days)).substr(0, 7)).value_or(0);
}

std::string InForce::Describe() const {
  if (from && to) return FormatMonth(*from) + " to " + FormatMonth(*to);
  if (from) return "from " + FormatMonth(*from);
  if (to) return "up to " + FormatMonth(*to);
  return "";
}

namespace {

// "2.10" after "2.9": versions compare part by part, numbers as numbers.
bool VersionLess(const std::string& a, const std::string& b) {
  std::vector<std::string> pa = SplitTrimmed(a, '.'), pb = SplitTrimmed(b, '.');
  for (size_t i = 0; i < pa.size() && i < pb.size(); ++i) {
    if (pa[i] == pb[i]) continue;
    bool digits = !pa[i].empty() && !pb[i].empty() &&
                  pa[i].find_first_not_of("0123456789") == std::string::npos &&
                  pb[i].find_first_not_of("0123456789") == std::string::npos;
    if (digits && pa[i].size() != pb[i].size()) return pa[i].size() < pb[i].size();
    return pa[i] < pb[i];
  }
  return pa.size() < pb.size();
}

std::optional<VersionFolder> ReadVersionFolder(const std::filesystem::path& folder) {
  auto doc = CsvDocument::ReadFile((folder / "dataset.csv").string());
  if (!doc.ok()) return std::nullopt;
  int setting = doc->ColumnIndex("setting"), value = doc->ColumnIndex("value");
  if (setting < 0 || value < 0) return std::nullopt;
  VersionFolder v;
  v.folder = folder;
  for (const auto& row : doc->rows()) {
    std::string_view key = Trim(row.fields[setting]);
    std::string_view text = Trim(row.fields[value]);
    if (key == "name") v.name = text;
    if (key == "version") v.version = text;
    if (key == "in_force_from") v.in_force.from = ParseMonth(text);
    if (key == "in_force_to") v.in_force.to = ParseMonth(text);
  }
  if (v.version.empty()) return std::nullopt;
  return v;
}

}  // namespace

std::vector<VersionFolder> ListVersionFolders(const std::filesystem::path& root) {
  std::vector<VersionFolder> out;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(root, ec)) {
    if (!entry.is_directory(ec)) continue;
    if (auto v = ReadVersionFolder(entry.path())) out.push_back(std::move(*v));
  }
  std::sort(out.begin(), out.end(), [](const VersionFolder& a, const VersionFolder& b) {
    if (a.version != b.version) return VersionLess(a.version, b.version);
    return a.folder < b.folder;
  });
  return out;
}

const VersionFolder* VersionInForceFor(const std::vector<VersionFolder>& versions, Month month) {
  for (const VersionFolder& v : versions) {
    if (v.in_force.stated() && v.in_force.Covers(month)) return &v;
  }
  return nullptr;
}

}  // namespace mhds::spec
