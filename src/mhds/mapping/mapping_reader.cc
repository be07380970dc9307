// ReadMapping: the TOML syntax and the shape of a mapping file (docs/mapping_format.md). Names
// are resolved against the data set later, by ResolveMapping (mapping_resolver.cc).
#include <algorithm>
#include <fstream>
#include <initializer_list>
#include <map>
#include <memory>
#include <sstream>
#include <toml.hpp>
#include <tuple>

#include "mhds/base/status_macros.h"
#include "mhds/base/text.h"
#include "mhds/mapping/internal/mapping_problems.h"
#include "mhds/mapping/internal/toml_fields.h"
#include "mhds/mapping/mapping.h"

namespace mhds::mapping {
namespace {

// Keeps a mistyped mapping file from asking for absurd work.
constexpr int64_t kMaxPadWidth = 255;

class Reader : private TomlFields {
 public:
  Reader(Mapping& mapping, MappingProblems& problems) : TomlFields(problems), m_(mapping) {}

  void ReadTop(const toml::value& root);

 private:
  void ReadSource(const std::string& name, const toml::value& v);
  std::shared_ptr<CodeMap> ReadCodeMap(const std::string& name, const toml::value& v,
                                       std::string_view what);
  void ReadTable(const std::string& name, const toml::value& v);
  void ReadItem(TableMapping& table, const std::string& name, const toml::value& v);
  void ReadPad(ItemMapping& item, const toml::value& v, std::string_view what);
  std::string ResolvePath(const std::string& path) const;

  Mapping& m_;
  std::map<std::string, std::shared_ptr<const CodeMap>> code_maps_;
};

std::string Reader::ResolvePath(const std::string& path) const {
  std::filesystem::path p(path);
  if (p.is_absolute()) return path;
  return (m_.file.parent_path() / p).lexically_normal().string();
}

void Reader::ReadTop(const toml::value& root) {
  CheckKeys(root, "top level",
            {"spec", "period", "output", "failures", "sources", "codes", "tables"});
  const Position file_start{1, 1};
  if (auto spec = String(root, "spec", "top level")) {
    m_.spec = *spec;
  } else if (!root.contains("spec")) {
    problems_.Add(file_start, "no 'spec'; expected the data set folder, e.g. spec = \"mhsds/6.0\"");
  }
  if (auto period = String(root, "period", "top level")) {
    m_.period = *period;
    if (auto p = ParseReportingMonth(*period)) {
      m_.period_days = *p;
    } else {
      problems_.Add(At(root.at("period")),
                    "'period' is not a reporting month; expected CCYY-MM, e.g. \"2026-10\"");
    }
  } else if (!root.contains("period")) {
    problems_.Add(file_start,
                  "no 'period'; expected the reporting month, e.g. period = \"2026-10\"");
  }
  if (auto output = String(root, "output", "top level")) m_.output = ResolvePath(*output);

  if (root.contains("failures")) {
    const toml::value& f = root.at("failures");
    if (!f.is_table()) {
      problems_.Add(At(f), "'failures' is " + TypeName(f) + "; expected a table [failures]");
    } else {
      CheckKeys(f, "[failures]", {"stop_after", "examples"});
      if (auto n = Integer(f, "stop_after", "[failures]", 0, INT64_MAX))
        m_.failures.stop_after = *n;
      if (auto n = Integer(f, "examples", "[failures]", 0, 1000)) m_.failures.examples = *n;
    }
  }
  auto sections = [&](const char* key, auto read) {
    if (!root.contains(key)) return;
    const toml::value& section = root.at(key);
    if (!section.is_table()) {
      problems_.Add(At(section), std::string("'") + key + "' is " + TypeName(section) +
                                     "; expected tables such as [" + key + ".NAME]");
      return;
    }
    // Sorted by position, so that problems and the build follow the file's order.
    std::vector<std::pair<std::string, const toml::value*>> entries;
    for (const auto& [name, v] : section.as_table()) entries.emplace_back(name, &v);
    std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
      const Position pa = At(*a.second), pb = At(*b.second);
      return std::tie(pa.line, pa.column) < std::tie(pb.line, pb.column);
    });
    for (const auto& [name, v] : entries) read(name, *v);
  };
  sections("sources", [&](const std::string& name, const toml::value& v) { ReadSource(name, v); });
  sections("codes", [&](const std::string& name, const toml::value& v) {
    if (auto map = ReadCodeMap(name, v, "[codes." + name + "]")) code_maps_[name] = map;
  });
  sections("tables", [&](const std::string& name, const toml::value& v) { ReadTable(name, v); });
  if (m_.tables.empty() && problems_.empty()) {
    problems_.Add(file_start, "no table is mapped; expected at least one [tables.NAME] section");
  }
}

void Reader::ReadSource(const std::string& name, const toml::value& v) {
  const std::string what = "[sources." + name + "]";
  if (!v.is_table()) {
    problems_.Add(At(v), what + " is " + TypeName(v) + "; expected a table");
    return;
  }
  CheckKeys(v, what, {"csv", "sqlite", "access", "postgres", "table", "query"});
  Source source;
  source.name = name;
  source.position = At(v);
  int kinds = 0;
  const std::pair<const char*, SourceKind> kinds_known[] = {{"csv", SourceKind::kCsv},
                                                            {"sqlite", SourceKind::kSqlite},
                                                            {"access", SourceKind::kAccess},
                                                            {"postgres", SourceKind::kPostgres}};
  for (const auto& [key, kind] : kinds_known) {
    if (auto location = String(v, key, what)) {
      ++kinds;
      source.kind = kind;
      source.location = kind == SourceKind::kPostgres ? *location : ResolvePath(*location);
    }
  }
  if (kinds != 1) {
    problems_.Add(source.position, what + " gives " + std::to_string(kinds) +
                                       " kinds of source; expected exactly one of csv = \"FILE\", "
                                       "sqlite = \"FILE\", access = \"FILE\", postgres = "
                                       "\"CONNECTION\"");
    return;
  }
  source.table = String(v, "table", what).value_or("");
  source.query = String(v, "query", what).value_or("");
  const bool has_table = !source.table.empty(), has_query = !source.query.empty();
  switch (source.kind) {
    case SourceKind::kCsv:
      if (has_table || has_query) {
        problems_.Add(source.position, what +
                                           ": a CSV file is one table; expected no 'table' "
                                           "or 'query'");
      }
      break;
    case SourceKind::kSqlite:
      if (has_table == has_query) {
        problems_.Add(source.position, what +
                                           ": expected either table = \"NAME\" or query = "
                                           "\"SELECT ...\" for a SQLite source");
      }
      break;
    case SourceKind::kAccess:
      if (!has_table || has_query) {
        problems_.Add(source.position,
                      what + ": expected table = \"NAME\" (and no query) for an Access source");
      }
      break;
    case SourceKind::kPostgres:
      if (!has_query || has_table) {
        problems_.Add(source.position,
                      what + ": expected query = \"SELECT ...\" (and no table) for PostgreSQL");
      }
      break;
  }
  m_.sources.push_back(std::move(source));
}

std::shared_ptr<CodeMap> Reader::ReadCodeMap(const std::string& name, const toml::value& v,
                                             std::string_view what) {
  if (!v.is_table()) {
    problems_.Add(At(v), std::string(what) + " is " + TypeName(v) +
                             "; expected a table with 'labels' and 'unmapped'");
    return nullptr;
  }
  CheckKeys(v, what, {"labels", "unmapped"});
  auto map = std::make_shared<CodeMap>();
  map->name = name;
  if (auto unmapped = String(v, "unmapped", what)) {
    if (*unmapped == "error") {
      map->unmapped = Unmapped::kError;
    } else if (*unmapped == "blank") {
      map->unmapped = Unmapped::kBlank;
    } else if (*unmapped == "keep") {
      map->unmapped = Unmapped::kKeep;
    } else {
      problems_.Add(At(v.at("unmapped")), std::string(what) + ": unmapped = \"" + *unmapped +
                                              "\"; expected \"error\", \"blank\" or \"keep\"");
    }
  }
  if (!v.contains("labels") || !v.at("labels").is_table()) {
    problems_.Add(
        At(v.contains("labels") ? v.at("labels") : v),
        std::string(what) + ": expected labels = { \"Local label\" = \"national code\", ... }");
    return nullptr;
  }
  for (const auto& [label, code] : v.at("labels").as_table()) {
    if (!code.is_string()) {
      problems_.Add(At(code), std::string(what) + ": label '" + label + "' maps to " +
                                  TypeName(code) + "; expected the national code as a string");
      continue;
    }
    const std::string key = ToLower(Trim(label));
    auto [it, inserted] = map->codes.emplace(key, code.as_string().str);
    if (!inserted && it->second != code.as_string().str) {
      problems_.Add(At(code), std::string(what) + ": label '" + label +
                                  "' is listed twice (labels match ignoring case and spaces "
                                  "around them) with different codes; expected one code");
    }
  }
  return map;
}

void Reader::ReadTable(const std::string& name, const toml::value& v) {
  const std::string what = "[tables." + name + "]";
  if (!v.is_table()) {
    problems_.Add(At(v), what + " is " + TypeName(v) + "; expected a table");
    return;
  }
  CheckKeys(v, what, {"source", "distinct", "skip_if_blank", "within_period", "items"});
  TableMapping table;
  table.name = name;
  table.position = At(v);
  table.source = String(v, "source", what).value_or("");
  table.distinct = Bool(v, "distinct", what).value_or(false);
  table.skip_if_blank = Strings(v, "skip_if_blank", what);
  table.within_period = String(v, "within_period", what).value_or("");
  if (!v.contains("items") || !v.at("items").is_table()) {
    problems_.Add(table.position, what + ": no items; expected a table [tables." + name +
                                      ".items] naming an item per line");
  } else {
    std::vector<std::pair<std::string, const toml::value*>> items;
    for (const auto& [item, iv] : v.at("items").as_table()) items.emplace_back(item, &iv);
    std::sort(items.begin(), items.end(), [](const auto& a, const auto& b) {
      const Position pa = At(*a.second), pb = At(*b.second);
      return std::tie(pa.line, pa.column) < std::tie(pb.line, pb.column);
    });
    for (const auto& [item, iv] : items) ReadItem(table, item, *iv);
  }
  m_.tables.push_back(std::move(table));
}

void Reader::ReadItem(TableMapping& table, const std::string& name, const toml::value& v) {
  const std::string what = "item " + table.name + "." + name;
  ItemMapping item;
  item.item = name;
  item.position = At(v);
  if (v.is_string()) {  // the short form: the column's name
    item.columns.push_back(v.as_string().str);
    table.items.push_back(std::move(item));
    return;
  }
  if (!v.is_table()) {
    problems_.Add(item.position, what + " is " + TypeName(v) +
                                     "; expected a column name in quotes or { column = ... }");
    return;
  }
  CheckKeys(v, what,
            {"column", "columns", "separator", "value", "trim", "upper", "remove", "default",
             "date", "codes", "unmapped", "pad"});
  if (auto column = String(v, "column", what)) item.columns.push_back(*column);
  for (std::string& c : Strings(v, "columns", what)) item.columns.push_back(std::move(c));
  item.separator = String(v, "separator", what).value_or("");
  item.value = String(v, "value", what);
  const int feeds =
      int{v.contains("column")} + int{v.contains("columns")} + int{v.contains("value")};
  if (feeds != 1) {
    problems_.Add(item.position, what +
                                     ": expected exactly one of column = \"NAME\", columns = "
                                     "[\"A\", \"B\"] or value = \"CONSTANT\"");
  } else if (v.contains("columns") && item.columns.empty()) {
    problems_.Add(At(v.at("columns")), what + ": 'columns' is empty; expected column names");
  }
  ValueTransform& t = item.transform;
  t.trim = Bool(v, "trim", what).value_or(true);
  t.upper = Bool(v, "upper", what).value_or(false);
  t.remove = String(v, "remove", what).value_or("");
  t.default_value = String(v, "default", what);
  if (auto date = String(v, "date", what)) {
    auto pattern = DatePattern::Parse(*date);
    if (pattern.ok()) {
      t.date = std::move(*pattern);
    } else {
      problems_.Add(At(v.at("date")),
                    what + ": date pattern \"" + *date + "\": " + pattern.status().message());
    }
  }
  if (v.contains("codes")) {
    const toml::value& codes = v.at("codes");
    if (codes.is_string()) {
      auto found = code_maps_.find(codes.as_string().str);
      if (found == code_maps_.end()) {
        problems_.Add(At(codes), what + ": codes = \"" + codes.as_string().str +
                                     "\" names no [codes." + codes.as_string().str +
                                     "] section; expected the name of a code map of this file");
      } else {
        t.codes = found->second;
      }
      if (v.contains("unmapped")) {
        problems_.Add(At(v.at("unmapped")),
                      what + ": 'unmapped' belongs in [codes." + codes.as_string().str + "]");
      }
    } else if (codes.is_table()) {
      // Inline: codes = { "Local" = "1", ... } with unmapped beside it.
      toml::value inline_map = toml::table{{"labels", codes}};
      if (v.contains("unmapped")) inline_map.as_table()["unmapped"] = v.at("unmapped");
      t.codes = ReadCodeMap(table.name + "." + name, inline_map, what);
    } else {
      problems_.Add(At(codes), what + ": 'codes' is " + TypeName(codes) +
                                   "; expected the name of a [codes.NAME] section or "
                                   "{ \"Local label\" = \"code\", ... }");
    }
  } else if (v.contains("unmapped")) {
    problems_.Add(At(v.at("unmapped")), what + ": 'unmapped' without 'codes'");
  }
  if (t.date && t.codes) {
    problems_.Add(item.position, what + ": 'date' and 'codes' exclude each other; expected one");
  }
  if (v.contains("pad")) ReadPad(item, v.at("pad"), what);
  table.items.push_back(std::move(item));
}

void Reader::ReadPad(ItemMapping& item, const toml::value& v, std::string_view what) {
  Padding& pad = item.transform.pad;
  const std::string where = std::string(what) + ": pad";
  if (v.is_integer()) {
    if (v.as_integer() < 1 || v.as_integer() > kMaxPadWidth) {
      problems_.Add(At(v),
                    where + " width out of range; expected 1 to " + std::to_string(kMaxPadWidth));
      return;
    }
    pad.width = static_cast<size_t>(v.as_integer());
    return;
  }
  if (!v.is_table()) {
    problems_.Add(At(v), where + " is " + TypeName(v) +
                             "; expected a width, or { width = 2, fill = \"0\", side = \"left\" }");
    return;
  }
  CheckKeys(v, where, {"width", "fill", "side"});
  if (auto width = Integer(v, "width", where, 1, kMaxPadWidth)) {
    pad.width = static_cast<size_t>(*width);
  } else if (!v.contains("width")) {
    problems_.Add(At(v), where + ": no width; expected width = N");
  }
  if (auto fill = String(v, "fill", where)) {
    if (fill->size() != 1) {
      problems_.Add(At(v.at("fill")), where + ": fill must be one ASCII character");
    } else {
      pad.fill = (*fill)[0];
    }
  }
  if (auto side = String(v, "side", where)) {
    if (*side == "left" || *side == "right") {
      pad.left = *side == "left";
    } else {
      problems_.Add(At(v.at("side")),
                    where + ": side = \"" + *side + "\"; expected \"left\" or \"right\"");
    }
  }
}

}  // namespace

const Source* Mapping::FindSource(std::string_view name) const {
  for (const Source& s : sources) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

Result<Mapping> ReadMapping(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return Status::NotFound(path.string() + ": no such mapping file");
  }
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  if (!in) return Status::IoError(path.string() + ": cannot read the mapping file");

  Mapping mapping;
  mapping.file = path;
  MappingProblems problems(path.string());
  std::optional<toml::value> root = ParseToml(text.str(), path.string(), problems);
  if (!root) return problems.ToStatus();
  Reader(mapping, problems).ReadTop(*root);
  MHDS_RETURN_IF_ERROR(problems.ToStatus());
  return mapping;
}

}  // namespace mhds::mapping
