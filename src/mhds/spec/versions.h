// The versions of a data set and the reporting periods each is in force. Each version folder's
// dataset.csv says when it applies (`in_force_from`, `in_force_to`, reporting months CCYY-MM); a
// data set root folder (specs/iapt) holds the version folders (specs/iapt/2.0, specs/iapt/2.1).
// Used by the version_in_force rule, by `mhds validate --spec <data set root>` to pick a folder,
// and by `mhds spec diff`.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mhds::spec {

// A reporting month as a count of months since year 0: year * 12 + (month - 1).
using Month = int;

// Parses exactly "CCYY-MM" (month 01 to 12). nullopt otherwise.
std::optional<Month> ParseMonth(std::string_view text);
// Formats a Month as "CCYY-MM".
std::string FormatMonth(Month month);
// The reporting month holding `days` (days since 1970-01-01).
Month MonthOfDay(int64_t days);

// The reporting months a version is in force: from `from` to `to` inclusive; an unset bound is
// open.
struct InForce {
  std::optional<Month> from;
  std::optional<Month> to;

  bool stated() const { return from.has_value() || to.has_value(); }
  bool Covers(Month month) const { return (!from || *from <= month) && (!to || month <= *to); }
  bool Overlaps(const InForce& other) const {
    return (!from || !other.to || *from <= *other.to) && (!other.from || !to || *other.from <= *to);
  }
  // "2020-09 to 2022-03", "from 2022-04", "up to 2022-03", or "" when no bound is stated.
  std::string Describe() const;
};

// One version folder of a data set, as its dataset.csv describes it.
struct VersionFolder {
  std::filesystem::path folder;
  std::string name;     // IAPT
  std::string version;  // 2.1
  InForce in_force;
};

// Every folder directly under `root` holding a readable dataset.csv, ordered by version.
// Folders whose dataset.csv cannot be read, or whose in-force months are malformed (LoadSpec
// reports those), are listed with no in-force months. Never fails: an unreadable root lists none.
std::vector<VersionFolder> ListVersionFolders(const std::filesystem::path& root);

// The version of `versions` in force for `month`, or nullptr if none covers it.
const VersionFolder* VersionInForceFor(const std::vector<VersionFolder>& versions, Month month);

}  // namespace mhds::spec
