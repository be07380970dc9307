#include "mhds/cli/spec_locator.h"

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <string_view>
#include <system_error>
#include <vector>

#include "mhds/base/csv_document.h"
#include "mhds/base/text.h"

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
};

std::optional<HeaderFacts> ReadHeaderFacts(const std::filesystem::path& folder) {
  auto dataset = CsvDocument::ReadFile((folder / "dataset.csv").string());
  auto tables = CsvDocument::ReadFile((folder / "tables.csv").string());
  auto rules = CsvDocument::ReadFile((folder / "rules.csv").string());
  if (!dataset.ok() || !tables.ok() || !rules.ok()) return std::nullopt;
  std::string header_code;
  for (const auto& row : dataset->rows()) {
    int setting = dataset->ColumnIndex("setting"), value = dataset->ColumnIndex("value");
    if (setting >= 0 && value >= 0 && row.fields[setting] == "header_table") {
      header_code = row.fields[value];
    }
  }
  HeaderFacts facts;
  int code = tables->ColumnIndex("code"), idb = tables->ColumnIndex("idb_name");
  for (const auto& row : tables->rows()) {
    if (code >= 0 && idb >= 0 && row.fields[code] == header_code) facts.idb_name = row.fields[idb];
  }
  // The version item is the one the dataset.version comparison checks.
  int r_table = rules->ColumnIndex("table"), r_item = rules->ColumnIndex("item");
  int r_params = rules->ColumnIndex("params");
  for (const auto& row : rules->rows()) {
    if (r_table >= 0 && r_item >= 0 && r_params >= 0 && row.fields[r_table] == header_code &&
        row.fields[r_params].find("dataset.version") != std::string::npos) {
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

}  // namespace

std::filesystem::path DetectSpecDir(io::TableSource& source) {
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
    // Version folders are named like "2.0", "2.1", "6.0": text order is version order here.
    std::sort(versions.begin(), versions.end());
    auto facts = ReadHeaderFacts(versions.back());
    if (!facts) continue;
    auto present =
        std::find_if(source.table_names().begin(), source.table_names().end(),
                     [&](const std::string& t) { return EqualsIgnoreCase(t, facts->idb_name); });
    if (present == source.table_names().end()) continue;
    std::string version =
        facts->version_item.empty() ? "" : HeaderValue(source, *present, facts->version_item);
    for (const auto& folder : versions) {
      if (!version.empty() && folder.filename() == version) return folder;
    }
    return versions.back();
  }
  return ResolveSpecDir("");
}

}  // namespace mhds::cli
