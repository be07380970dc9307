// ResolveMapping and LoadMapping: the mapping's table and item names checked against the data set
// specification, and each transform against the type of the item it feeds.
#include <charconv>
#include <set>

#include "mhds/base/status_macros.h"
#include "mhds/base/text.h"
#include "mhds/mapping/internal/mapping_problems.h"
#include "mhds/mapping/mapping.h"

namespace mhds::mapping {
namespace {

bool IsDateType(spec::ValueType type) {
  return type == spec::ValueType::kDate || type == spec::ValueType::kTime ||
         type == spec::ValueType::kDateTime;
}

bool IsKnownToken(const std::string& value) {
  return value == kPeriodStartToken || value == kPeriodEndToken || value == kNowToken;
}

void ResolveItem(const spec::Table& table, TableMapping& tm, ItemMapping& item, int latest_year,
                 std::set<int>& seen, MappingProblems& problems) {
  const std::string what = "item " + tm.name + "." + item.item;
  item.item_index = table.FindItem(item.item);
  if (item.item_index < 0) {
    problems.Add(item.position, what + ": " + table.idb_name + " has no item '" + item.item +
                                    "'; expected an item short name of the data set");
    return;
  }
  if (!seen.insert(item.item_index).second) {
    problems.Add(item.position, what + ": the item is mapped twice; expected once");
  }
  const spec::Item& spec_item = table.items[item.item_index];
  ValueTransform& t = item.transform;
  t.latest_year = latest_year;
  if (t.date) {
    if (!IsDateType(spec_item.type)) {
      problems.Add(item.position, what + ": 'date' on an item of type " +
                                      std::string(spec::ValueTypeName(spec_item.type)) +
                                      "; expected a date, time or date-time item");
    } else if ((spec_item.type != spec::ValueType::kTime && !t.date->has_date()) ||
               (spec_item.type != spec::ValueType::kDate && !t.date->has_time())) {
      problems.Add(item.position, what + ": date pattern \"" + t.date->text() + "\" lacks the " +
                                      (t.date->has_date() ? "time" : "date") + " a " +
                                      std::string(spec::ValueTypeName(spec_item.type)) +
                                      " item needs");
    }
    t.date_output = spec_item.type;
  }
  if (item.value && item.value->size() > 1 && item.value->front() == '{' &&
      item.value->back() == '}' && !IsKnownToken(*item.value)) {
    problems.Add(item.position, what + ": value \"" + *item.value +
                                    "\" is not a known token; "
                                    "expected {period_start}, {period_end} or {now}");
  }
  if (tm.source.empty() && !item.columns.empty()) {
    problems.Add(item.position, what +
                                    ": names a column but the table has no 'source'; expected "
                                    "a source, or constants only (value = ...)");
  }
}

}  // namespace

Status ResolveMapping(Mapping& mapping, const spec::Spec& spec) {
  MappingProblems problems(mapping.file.string());
  // Two-digit years resolve up to the reporting period's year.
  int latest_year = 2099;
  std::from_chars(mapping.period.data(), mapping.period.data() + mapping.period.size(),
                  latest_year);
  std::set<int> tables_seen;
  for (TableMapping& tm : mapping.tables) {
    const std::string what = "[tables." + tm.name + "]";
    tm.table_index = spec.FindTable(tm.name);
    if (tm.table_index < 0) {
      problems.Add(tm.position, what + ": " + spec.name + " " + spec.version + " has no table '" +
                                    tm.name + "'; expected an IDB name such as " +
                                    spec.tables.front().idb_name + " or a code such as " +
                                    spec.tables.front().code);
      continue;
    }
    if (!tables_seen.insert(tm.table_index).second) {
      problems.Add(tm.position, what + ": the table is mapped twice; expected once");
    }
    if (!tm.source.empty() && mapping.FindSource(tm.source) == nullptr) {
      problems.Add(tm.position, what + ": source '" + tm.source +
                                    "' is not defined; expected a [sources." + tm.source +
                                    "] section");
    }
    if (tm.source.empty() && (tm.distinct || !tm.skip_if_blank.empty())) {
      problems.Add(tm.position, what + ": 'distinct' and 'skip_if_blank' need a 'source'");
    }
    const spec::Table& table = spec.tables[tm.table_index];
    std::set<int> items_seen;
    for (ItemMapping& item : tm.items) {
      ResolveItem(table, tm, item, latest_year, items_seen, problems);
    }
    if (!tm.within_period.empty()) {
      tm.within_period_item = table.FindItem(tm.within_period);
      const bool mapped = items_seen.count(tm.within_period_item) > 0;
      if (tm.within_period_item < 0 || !mapped ||
          (table.items[tm.within_period_item].type != spec::ValueType::kDate &&
           table.items[tm.within_period_item].type != spec::ValueType::kDateTime)) {
        problems.Add(tm.position, what + ": within_period = \"" + tm.within_period +
                                      "\"; expected a date item of this table that is mapped");
      }
    }
  }
  return problems.ToStatus();
}

Result<LoadedMapping> LoadMapping(const std::filesystem::path& path,
                                  const std::filesystem::path& specs_root) {
  MHDS_ASSIGN_OR_RETURN(Mapping mapping, ReadMapping(path));
  std::error_code ec;
  std::filesystem::path spec_dir = mapping.file.parent_path() / mapping.spec;
  if (!std::filesystem::is_directory(spec_dir, ec) && !specs_root.empty() &&
      std::filesystem::is_directory(specs_root / mapping.spec, ec)) {
    spec_dir = specs_root / mapping.spec;
  }
  auto spec = spec::LoadSpec(spec_dir);
  if (!spec.ok()) {
    return spec.status().WithContext(path.string() + ": spec \"" + mapping.spec + "\"");
  }
  MHDS_RETURN_IF_ERROR(ResolveMapping(mapping, *spec));
  return LoadedMapping{std::move(mapping), std::move(*spec), spec_dir};
}

}  // namespace mhds::mapping
