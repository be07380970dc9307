// Loads a specification folder: dataset.csv, tables.csv, items.csv, codes.csv, rules.csv and the
// optional national_rules.csv. Every problem is collected with its file, line and column, so that
// an analyst editing the folder in a spreadsheet sees them all at once.
#include <algorithm>
#include <filesystem>
#include <functional>

#include "mhds/base/calendar.h"
#include "mhds/base/csv_document.h"
#include "mhds/base/status_macros.h"
#include "mhds/base/text.h"
#include "mhds/spec/internal/problems.h"
#include "mhds/spec/internal/rule_parser.h"
#include "mhds/spec/spec.h"

namespace mhds::spec {

int Table::FindItem(std::string_view short_name) const {
  auto it = item_by_lower_name.find(ToLower(short_name));
  return it == item_by_lower_name.end() ? -1 : it->second;
}

int Spec::FindTable(std::string_view code_or_idb_name) const {
  for (size_t i = 0; i < tables.size(); ++i) {
    if (EqualsIgnoreCase(tables[i].code, code_or_idb_name) ||
        EqualsIgnoreCase(tables[i].idb_name, code_or_idb_name)) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

int Spec::FindCodeList(std::string_view list_name) const {
  for (size_t i = 0; i < code_lists.size(); ++i) {
    if (code_lists[i].name == list_name) return static_cast<int>(i);
  }
  return -1;
}

namespace {

using internal::Problems;
using internal::Sheet;

void LoadDataset(const Sheet& sheet, Spec& spec, Problems& problems,
                 std::vector<std::pair<std::string, const Sheet::Cell>>& header_settings) {
  for (size_t r = 0; r < sheet.rows(); ++r) {
    std::string setting = sheet.Get(r, "setting");
    std::string value = sheet.Get(r, "value");
    if (setting == "name") {
      spec.name = value;
    } else if (setting == "version") {
      spec.version = value;
    } else if (setting == "title") {
      spec.title = value;
    } else if (setting == "source") {
      spec.source = value;
    } else if (setting == "in_force_from" || setting == "in_force_to") {
      if (value.empty()) continue;  // open
      std::optional<Month> month = ParseMonth(value);
      if (!month) {
        problems.Add(sheet.At(r, "value"), "'" + value + "' is not a reporting month; expected " +
                                               "CCYY-MM (e.g. 2022-04), or blank for open");
        continue;
      }
      (setting == "in_force_from" ? spec.in_force.from : spec.in_force.to) = month;
    } else if (setting == "header_table" || setting == "period_start_item" ||
               setting == "period_end_item" || setting == "created_item" ||
               setting == "provider_item") {
      header_settings.emplace_back(setting, sheet.At(r, "value"));
    } else if (!setting.empty()) {
      problems.Add(sheet.At(r, "setting"), "unknown setting '" + setting + "'");
    }
  }
  if (spec.name.empty()) problems.Add(sheet.Whole(), "setting 'name' is missing");
  if (spec.version.empty()) problems.Add(sheet.Whole(), "setting 'version' is missing");
  if (spec.in_force.from && spec.in_force.to && *spec.in_force.to < *spec.in_force.from) {
    problems.Add(sheet.Whole(), "in_force_to (" + FormatMonth(*spec.in_force.to) +
                                    ") is before in_force_from (" +
                                    FormatMonth(*spec.in_force.from) + ")");
  }
}

// Lists the data set's versions beside `dir` that state their months in force, with this one as
// loaded; a month covered by two versions is a problem (the platform runs one version a month).
void LoadVersions(const std::filesystem::path& dir, const Sheet& sheet, Spec& spec,
                  Problems& problems) {
  if (!spec.in_force.stated()) return;
  Sheet::Cell where = sheet.Whole();
  for (size_t r = 0; r < sheet.rows(); ++r) {
    std::string setting = sheet.Get(r, "setting");
    if (setting == "in_force_from" || setting == "in_force_to") {
      where = sheet.At(r, "value");
      break;
    }
  }
  std::filesystem::path self = std::filesystem::absolute(dir).lexically_normal();
  if (self.filename().empty()) self = self.parent_path();
  bool placed = false;
  for (VersionFolder& v : ListVersionFolders(self.parent_path())) {
    std::error_code ec;
    bool is_self = std::filesystem::equivalent(v.folder, self, ec);
    if (is_self) {
      v.name = spec.name;
      v.version = spec.version;
      v.in_force = spec.in_force;
      placed = true;
    } else if (v.name != spec.name || !v.in_force.stated()) {
      continue;
    } else if (v.in_force.Overlaps(spec.in_force)) {
      problems.Add(where, "in force " + spec.in_force.Describe() + ", which overlaps " +
                              v.folder.filename().string() + " (version " + v.version +
                              ", in force " + v.in_force.Describe() +
                              "); one version is in force in any reporting month");
    }
    spec.versions.push_back(std::move(v));
  }
  if (!placed) {
    spec.versions.push_back(VersionFolder{self, spec.name, spec.version, spec.in_force});
  }
}

void LoadTables(const Sheet& sheet, Spec& spec, Problems& problems) {
  for (size_t r = 0; r < sheet.rows(); ++r) {
    Table t;
    t.code = sheet.Get(r, "code");
    t.idb_name = sheet.Get(r, "idb_name");
    t.title = sheet.Get(r, "title");
    t.description = sheet.Get(r, "description");
    std::string gm = sheet.Get(r, "group_mandation");
    t.group_mandation = gm.empty() ? 'O' : gm[0];
    if (t.code.empty()) problems.Add(sheet.At(r, "code"), "table code is blank");
    if (t.idb_name.empty()) problems.Add(sheet.At(r, "idb_name"), "IDB name is blank");
    if (gm.size() > 1 ||
        (t.group_mandation != 'M' && t.group_mandation != 'R' && t.group_mandation != 'O')) {
      problems.Add(sheet.At(r, "group_mandation"),
                   "group mandation '" + gm + "'; expected M, R or O");
    }
    if (spec.FindTable(t.code) >= 0 || spec.FindTable(t.idb_name) >= 0) {
      problems.Add(sheet.At(r, "code"), "table " + t.code + " is defined twice");
    }
    spec.tables.push_back(std::move(t));
  }
}

void LoadCodes(const Sheet& sheet, Spec& spec, Problems& problems) {
  for (size_t r = 0; r < sheet.rows(); ++r) {
    std::string list = sheet.Get(r, "list");
    std::string code = sheet.Get(r, "code");
    if (list.empty()) {
      problems.Add(sheet.At(r, "list"), "list name is blank");
      continue;
    }
    int index = spec.FindCodeList(list);
    if (index < 0) {
      spec.code_lists.push_back(CodeList{list, {}});
      index = static_cast<int>(spec.code_lists.size()) - 1;
    }
    CodeList::Entry entry;
    entry.meaning = sheet.Get(r, "meaning");
    for (const char* bound : {"valid_from", "valid_to"}) {
      std::string text = sheet.Get(r, bound);
      if (text.empty()) continue;
      auto days = ParseDate(text);
      if (!days) {
        problems.Add(sheet.At(r, bound), "'" + text + "' is not a CCYY-MM-DD date");
        continue;
      }
      (std::string_view(bound) == "valid_from" ? entry.valid_from : entry.valid_to) = *days;
    }
    auto& codes = spec.code_lists[index].codes;
    if (codes.contains(code)) {
      problems.Add(sheet.At(r, "code"), "code '" + code + "' appears twice in list " + list);
    }
    codes.emplace(code, std::move(entry));
  }
}

void LoadItems(const Sheet& sheet, Spec& spec, Problems& problems) {
  for (size_t r = 0; r < sheet.rows(); ++r) {
    std::string table_code = sheet.Get(r, "table");
    int t = spec.FindTable(table_code);
    if (t < 0) {
      problems.Add(sheet.At(r, "table"), "table '" + table_code + "' is not in tables.csv");
      continue;
    }
    Item item;
    item.uid = sheet.Get(r, "uid");
    item.short_name = sheet.Get(r, "short_name");
    item.name = sheet.Get(r, "name");
    item.description = sheet.Get(r, "description");
    if (item.short_name.empty()) problems.Add(sheet.At(r, "short_name"), "short name is blank");
    auto format = ParseFormat(sheet.Get(r, "format"));
    if (format.ok()) {
      item.format = *format;
    } else {
      problems.Add(sheet.At(r, "format"), format.status().message());
    }
    std::string type = sheet.Get(r, "type");
    if (!type.empty()) {
      auto parsed = ParseValueType(type);
      if (parsed.ok()) {
        item.type = *parsed;
      } else {
        problems.Add(sheet.At(r, "type"), parsed.status().message());
      }
    }
    std::string mandation = sheet.Get(r, "mandation");
    item.mandation = mandation.empty() ? 'O' : mandation[0];
    if (mandation.size() > 1 ||
        std::string_view("MROP").find(item.mandation) == std::string::npos) {
      problems.Add(sheet.At(r, "mandation"),
                   "mandation '" + mandation + "'; expected M, R, O or P");
    }
    std::string list = sheet.Get(r, "code_list");
    if (!list.empty()) {
      item.code_list = spec.FindCodeList(list);
      if (item.code_list < 0) {
        problems.Add(sheet.At(r, "code_list"), "code list '" + list + "' is not in codes.csv");
      }
    }
    Table& table = spec.tables[t];
    std::string lower = ToLower(item.short_name);
    if (table.item_by_lower_name.contains(lower)) {
      problems.Add(sheet.At(r, "short_name"),
                   "item " + item.short_name + " appears twice in table " + table.code);
      continue;
    }
    table.item_by_lower_name.emplace(lower, static_cast<int>(table.items.size()));
    table.items.push_back(std::move(item));
  }
}

// Resolves key items and parent links, which need the items; then checks the tree and orders
// tables parents first.
void LinkTables(const Sheet& sheet, Spec& spec, Problems& problems) {
  for (size_t r = 0; r < sheet.rows() && r < spec.tables.size(); ++r) {
    Table& t = spec.tables[r];
    for (const std::string& name : SplitTrimmed(sheet.Get(r, "key_items"), ';')) {
      int item = t.FindItem(name);
      if (item < 0) {
        problems.Add(sheet.At(r, "key_items"), "key item " + name + " is not an item of " + t.code);
      } else {
        t.key_items.push_back(item);
      }
    }
    std::string parent = sheet.Get(r, "parent_table");
    if (parent.empty()) continue;
    t.parent = spec.FindTable(parent);
    if (t.parent < 0) {
      problems.Add(sheet.At(r, "parent_table"), "parent table " + parent + " is not defined");
      continue;
    }
    for (const std::string& name : SplitTrimmed(sheet.Get(r, "parent_items"), ';')) {
      int item = t.FindItem(name);
      if (item < 0) {
        problems.Add(sheet.At(r, "parent_items"), "item " + name + " is not an item of " + t.code);
      } else {
        t.parent_items.push_back(item);
      }
    }
  }
  for (size_t r = 0; r < spec.tables.size(); ++r) {
    Table& t = spec.tables[r];
    if (t.parent < 0) continue;
    const Table& p = spec.tables[t.parent];
    if (t.parent_items.size() != p.key_items.size()) {
      problems.Add(sheet.At(r, "parent_items"),
                   t.code + " names " + std::to_string(t.parent_items.size()) +
                       " parent items but " + p.code + " has " +
                       std::to_string(p.key_items.size()) + " key items");
    }
    spec.tables[t.parent].children.push_back(static_cast<int>(r));
  }
  // Parents first; a cycle leaves tables unplaced.
  std::vector<char> placed(spec.tables.size(), 0);
  std::function<void(int)> place = [&](int t) {
    placed[t] = 1;
    spec.table_order.push_back(t);
    for (int c : spec.tables[t].children) {
      if (!placed[c]) place(c);
    }
  };
  for (size_t t = 0; t < spec.tables.size(); ++t) {
    if (spec.tables[t].parent < 0) place(static_cast<int>(t));
  }
  for (size_t t = 0; t < spec.tables.size(); ++t) {
    if (!placed[t]) {
      problems.Add(
          sheet.At(t, "parent_table"),
          "table " + spec.tables[t].code + " is part of a parent cycle; parents must form a tree");
    }
  }
}

void ResolveHeaderSettings(const std::vector<std::pair<std::string, const Sheet::Cell>>& settings,
                           Spec& spec, Problems& problems) {
  for (const auto& [setting, cell] : settings) {
    if (setting == "header_table") {
      spec.header_table = spec.FindTable(cell.text);
      if (spec.header_table < 0)
        problems.Add(cell, "header table " + cell.text + " is not defined");
    }
  }
  if (spec.header_table < 0) {
    problems.Add(Sheet::Cell{"dataset.csv", 1, 1, ""}, "setting 'header_table' is missing");
    return;
  }
  const Table& header = spec.tables[spec.header_table];
  for (const auto& [setting, cell] : settings) {
    int* target = setting == "period_start_item" ? &spec.period_start_item
                  : setting == "period_end_item" ? &spec.period_end_item
                  : setting == "created_item"    ? &spec.created_item
                  : setting == "provider_item"   ? &spec.provider_item
                                                 : nullptr;
    if (target == nullptr) continue;
    *target = header.FindItem(cell.text);
    if (*target < 0) problems.Add(cell, cell.text + " is not an item of " + header.code);
  }
  if (spec.period_start_item < 0 || spec.period_end_item < 0) {
    problems.Add(Sheet::Cell{"dataset.csv", 1, 1, ""},
                 "settings 'period_start_item' and 'period_end_item' are required");
  }
}

}  // namespace

Result<Spec> LoadSpec(const std::filesystem::path& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    return Status::NotFound(dir.string() + ": no such specification folder");
  }
  Spec spec;
  spec.folder = dir;
  Problems problems;

  auto open = [&](const char* file, bool required) -> Result<Sheet> {
    std::filesystem::path path = dir / file;
    if (!std::filesystem::exists(path, ec)) {
      if (!required) return Sheet();
      return Status::NotFound(path.string() +
                              ": required file of a specification folder is missing");
    }
    MHDS_ASSIGN_OR_RETURN(CsvDocument doc, CsvDocument::ReadFile(path.string()));
    return Sheet(std::move(doc));
  };
  auto fail = [](const Status& s) {
    return Status(s.code() == StatusCode::kDataError ? StatusCode::kSpecError : s.code(),
                  s.message());
  };

  auto dataset = open("dataset.csv", true);
  if (!dataset.ok()) return fail(dataset.status());
  auto tables = open("tables.csv", true);
  if (!tables.ok()) return fail(tables.status());
  auto items = open("items.csv", true);
  if (!items.ok()) return fail(items.status());
  auto codes = open("codes.csv", true);
  if (!codes.ok()) return fail(codes.status());
  auto rules = open("rules.csv", true);
  if (!rules.ok()) return fail(rules.status());
  auto national = open("national_rules.csv", false);
  if (!national.ok()) return fail(national.status());

  dataset->RequireColumns({"setting", "value"}, problems);
  tables->RequireColumns({"code", "idb_name", "key_items", "parent_table", "parent_items"},
                         problems);
  items->RequireColumns({"table", "short_name", "format", "mandation"}, problems);
  codes->RequireColumns({"list", "code"}, problems);
  rules->RequireColumns({"code", "table", "level", "severity", "kind"}, problems);
  if (!problems.empty()) return problems.ToStatus(dir.string());

  std::vector<std::pair<std::string, const Sheet::Cell>> header_settings;
  LoadDataset(*dataset, spec, problems, header_settings);
  LoadVersions(dir, *dataset, spec, problems);
  LoadTables(*tables, spec, problems);
  LoadCodes(*codes, spec, problems);
  LoadItems(*items, spec, problems);
  LinkTables(*tables, spec, problems);
  ResolveHeaderSettings(header_settings, spec, problems);
  if (problems.empty()) internal::LoadRules(*rules, spec, problems);

  for (size_t r = 0; r < national->rows(); ++r) {
    spec.national_rules.push_back(
        NationalRule{national->Get(r, "code"), national->Get(r, "table"), national->Get(r, "level"),
                     national->Get(r, "severity"), national->Get(r, "description")});
  }
  if (!problems.empty()) return problems.ToStatus(dir.string());
  return spec;
}

}  // namespace mhds::spec
