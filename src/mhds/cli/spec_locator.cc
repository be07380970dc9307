#include "mhds/cli/spec_locator.h"

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <string_view>
#include <system_error>
#include <vector>

#include "mhds/base/csv_document.h"
#include "mhds/base/text.h"
#include "mhds/spec/versions.h"

namespace mhds::cli {

std::filesystem::path FindSpecsRoot() {
  std::error_code ec;
  if (const char* env = std::getenv("MHDS_SPECS"); env != nullptr && env[0] != '\0') {
    return env;
  }
  std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    for (std::filesystem::path dir = exe.parent_path(); !dir.empty(); dir = dir.parent_path()) {
      if (std::filesystem::is_directory(dir / "specs", ec)) return dir / "specs";
      if (dir == dir.parent_path()) break;
    }
  }
  if (std::filesystem::is_directory("specs", ec)) return "specs";
  return {};
}

std::filesystem::path ResolveSpecDir(const std::string& option) {
  if (!option.empty()) return option;
  std::filesystem::path root = FindSpecsRoot();
  return root.empty() ? std::filesystem::path("specs/mhsds/6.0") : root / "mhsds" / "6.0";
}

namespace {

// The header table and version item of a data set folder, read from its dataset.csv, items.csv
// and tables.csv without loading the whole specification.
struct HeaderFacts {
  std::string idb_name;
  std::string version_item;
  std::string period_start_item;
};

std::optional<HeaderFacts> ReadHeaderFacts(const std::filesystem::path& folder) {
  auto dataset = CsvDocument::ReadFile((folder / "dataset.csv").string());
  auto tables = CsvDocument::ReadFile((folder / "tables.csv").string());
  auto rules = CsvDocument::ReadFile((folder / "rules.csv").string());
  if (!dataset.ok() || !tables.ok() || !rules.ok()) return std::nullopt;
  std::string header_code;
  HeaderFacts facts;
  for (const auto& row : dataset->rows()) {
    int setting = dataset->ColumnIndex("setting"), value = dataset->ColumnIndex("value");
    if (setting >= 0 && value >= 0 && row.fields[setting] == "header_table") {
      header_code = row.fields[value];
    }
    if (setting >= 0 && value >= 0 && row.fields[setting] == "period_start_item") {
      facts.period_start_item = row.fields[value];
    }
  }
  int code = tables->ColumnIndex("code"), idb = tables->ColumnIndex("idb_name");
  for (const auto& row : tables->rows()) {
    if (code >= 0 && idb >= 0 && row.fields[code] == header_code) facts.idb_name = row.fields[idb];
  }
  // The version item is the one the dataset.version comparison checks.
  int r_table = rules->ColumnIndex("table"), r_item = rules->ColumnIndex("item");
  int r_params = rules->ColumnIndex("params"), r_kind = rules->ColumnIndex("kind");
  for (const auto& row : rules->rows()) {
    if (r_table >= 0 && r_item >= 0 && r_params >= 0 && row.fields[r_table] == header_code &&
        (row.fields[r_params].find("dataset.version") != std::string::npos ||
         (r_kind >= 0 && row.fields[r_kind] == "version_in_force"))) {
      facts.version_item = row.fields[r_item];
    }
  }
  if (facts.idb_name.empty()) return std::nullopt;
  return facts;
}

// The header's value of `item`, or "".
std::string HeaderValue(io::TableSource& source, const std::string& table,
                        const std::string& item) {
  auto reader = source.Open(table);
  if (!reader.ok()) return "";
  std::vector<std::string_view> fields;
  if (!(*reader)->Next(fields)) return "";
  const auto& columns = (*reader)->columns();
  for (size_t c = 0; c < columns.size(); ++c) {
    if (EqualsIgnoreCase(Trim(columns[c]), item)) return std::string(Trim(fields[c]));
  }
  return "";
}

// The version folder of data set root `root` for a submission whose header table is `table`:
// the header's version if a folder has it (its version rule then checks the period); else the
// version in force for the period (`period`, or the header's period start), whose version rule
// will reject the file naming both versions; else the newest.
std::filesystem::path ChooseVersion(const std::filesystem::path& root, const HeaderFacts& facts,
                                    const std::string& table, io::TableSource& source,
                                    const std::string& period) {
  std::vector<spec::VersionFolder> versions = spec::ListVersionFolders(root);
  std::string version =
      facts.version_item.empty() ? "" : HeaderValue(source, table, facts.version_item);
  for (const auto& v : versions) {
    if (!version.empty() && v.version == version) return v.folder;
  }
  std::optional<spec::Month> month = spec::ParseMonth(period);
  if (!month && !facts.period_start_item.empty()) {
    std::string start = HeaderValue(source, table, facts.period_start_item);
    month = spec::ParseMonth(std::string_view(start).substr(0, std::min<size_t>(7, start.size())));
  }
  if (month) {
    if (const spec::VersionFolder* v = spec::VersionInForceFor(versions, *month)) return v->folder;
  }
  return versions.back().folder;
}

}  // namespace

std::filesystem::path DetectSpecDir(io::TableSource& source, const std::string& period) {
  std::filesystem::path root = FindSpecsRoot();
  std::error_code ec;
  if (root.empty() || !std::filesystem::is_directory(root, ec)) return ResolveSpecDir("");
  for (const auto& data_set : std::filesystem::directory_iterator(root, ec)) {
    if (!data_set.is_directory()) continue;
    std::vector<std::filesystem::path> versions;
    for (const auto& version : std::filesystem::directory_iterator(data_set.path(), ec)) {
      if (std::filesystem::exists(version.path() / "dataset.csv"))
        versions.push_back(version.path());
    }
    if (versions.empty()) continue;
    std::sort(versions.begin(), versions.end());
    auto facts = ReadHeaderFacts(versions.back());
    if (!facts) continue;
    auto present =
        std::find_if(source.table_names().begin(), source.table_names().end(),
                     [&](const std::string& t) { return EqualsIgnoreCase(t, facts->idb_name); });
    if (present == source.table_names().end()) continue;
    return ChooseVersion(data_set.path(), *facts, *present, source, period);
  }
  return ResolveSpecDir("");
}

std::filesystem::path PickVersionFolder(const std::filesystem::path& dir, io::TableSource& source,
                                        const std::string& period) {
  std::error_code ec;
  if (std::filesystem::exists(dir / "dataset.csv", ec)) return dir;
  std::vector<spec::VersionFolder> versions = spec::ListVersionFolders(dir);
  if (versions.empty()) return dir;  // LoadSpec will say what is missing
  auto facts = ReadHeaderFacts(versions.back().folder);
  if (!facts) return versions.back().folder;
  auto present =
      std::find_if(source.table_names().begin(), source.table_names().end(),
                   [&](const std::string& t) { return EqualsIgnoreCase(t, facts->idb_name); });
  if (present == source.table_names().end()) return versions.back().folder;
  return ChooseVersion(dir, *facts, *present, source, period);
}

}  // namespace mhds::cli
