#include "mhds/mapping/conformance_report.h"

#include <iomanip>

#include "mhds/report/csv_writer.h"

namespace mhds::mapping {
namespace {

constexpr const char* kGreen = "\x1b[32m";
constexpr const char* kYellow = "\x1b[33m";
constexpr const char* kRed = "\x1b[31m";
constexpr const char* kBold = "\x1b[1m";
constexpr const char* kReset = "\x1b[0m";

std::string CostText(const MissingCost& cost) {
  std::string text = cost.code + " " + std::string(spec::LevelName(cost.level)) + " " +
                     std::string(CostSeverity(cost));
  if (!cost.note.empty()) text += " (" + cost.note + ")";
  return text;
}

std::string CostsText(const std::vector<MissingCost>& costs) {
  std::string text;
  for (const MissingCost& c : costs) text += (text.empty() ? "" : "; ") + CostText(c);
  return text;
}

// "reject", "warning" or "" for the worst of `costs`.
std::string_view Worst(const std::vector<MissingCost>& costs) {
  std::string_view worst;
  for (const MissingCost& c : costs) {
    if (CostSeverity(c) == "reject") return "reject";
    worst = "warning";
  }
  return worst;
}

std::string_view FeedName(Feed feed) {
  switch (feed) {
    case Feed::kColumn:
      return "column";
    case Feed::kConstant:
      return "constant";
    case Feed::kNothing:
      break;
  }
  return "missing";
}

std::string Count(int mapped, int total, std::string_view what) {
  return std::to_string(mapped) + " of " + std::to_string(total) + " " + std::string(what);
}

}  // namespace

ConformanceTotals SumConformance(const std::vector<TableConformance>& tables,
                                 const spec::Spec& spec) {
  ConformanceTotals totals;
  for (const TableConformance& tc : tables) {
    ++totals.tables;
    totals.tables_mapped += tc.mapped;
    if (spec.tables[tc.table].group_mandation == 'M') {
      ++totals.mandatory_tables;
      totals.mandatory_tables_mapped += tc.mapped;
    }
    if (!tc.mapped) continue;
    totals.mandatory += tc.mandatory;
    totals.mandatory_mapped += tc.mandatory_mapped;
    totals.required += tc.required;
    totals.required_mapped += tc.required_mapped;
    totals.optional += tc.optional;
    totals.optional_mapped += tc.optional_mapped;
  }
  return totals;
}

void PrintConformance(const std::vector<TableConformance>& tables, const LoadedMapping& loaded,
                      std::ostream& out, const ConformanceTextOptions& options) {
  const spec::Spec& spec = loaded.spec;
  auto paint = [&](const char* code, const std::string& text) {
    return options.color ? code + text + kReset : text;
  };
  out << "Conformance of " << loaded.mapping.file.string() << " with " << spec.name << " "
      << spec.version << " (period " << loaded.mapping.period << ")\n";
  for (const TableConformance& tc : tables) {
    const spec::Table& table = spec.tables[tc.table];
    const bool mandatory_table = table.group_mandation == 'M';
    if (!tc.mapped && !mandatory_table && !options.all_tables) continue;
    out << "\n"
        << paint(kBold, table.idb_name) << "  " << table.title << "  (group mandation "
        << table.group_mandation << ")\n";
    if (!tc.mapped) {
      out << "  "
          << paint(mandatory_table ? kRed : kYellow,
                   std::string("not mapped") +
                       (tc.if_missing.empty() ? "" : ": " + CostsText(tc.if_missing)))
          << "\n";
      if (!options.all_tables) continue;
    } else {
      out << "  " << Count(tc.mandatory_mapped, tc.mandatory, "mandatory") << ", "
          << Count(tc.required_mapped, tc.required, "required") << ", "
          << Count(tc.optional_mapped, tc.optional, "optional") << " items mapped\n";
    }
    size_t width = 0;
    for (const spec::Item& item : table.items) width = std::max(width, item.short_name.size());
    for (const ItemConformance& ic : tc.items) {
      const spec::Item& item = table.items[ic.item];
      out << "  " << ic.mandation << "  " << std::left << std::setw(static_cast<int>(width))
          << item.short_name << "  ";
      if (ic.feed != Feed::kNothing) {
        out << paint(kGreen, ic.fed_by) << "\n";
        continue;
      }
      const std::string_view worst = Worst(ic.if_missing);
      const std::string text =
          "not mapped" + (ic.if_missing.empty() ? "" : ": " + CostsText(ic.if_missing));
      out << (worst == "reject"    ? paint(kRed, text)
              : worst == "warning" ? paint(kYellow, text)
                                   : text)
          << "\n";
    }
  }
  const ConformanceTotals t = SumConformance(tables, spec);
  out << "\nTotals: " << Count(t.tables_mapped, t.tables, "tables") << " mapped ("
      << Count(t.mandatory_tables_mapped, t.mandatory_tables, "mandatory tables")
      << "); in mapped tables " << Count(t.mandatory_mapped, t.mandatory, "mandatory") << ", "
      << Count(t.required_mapped, t.required, "required") << ", "
      << Count(t.optional_mapped, t.optional, "optional") << " items mapped\n";
}

std::string ConformanceCsv(const std::vector<TableConformance>& tables, const spec::Spec& spec) {
  report::CsvWriter csv;
  for (const char* h : {"table", "idb_name", "table_mapped", "group_mandation", "item", "uid",
                        "item_name", "mandation", "feed", "fed_by", "if_missing", "worst"}) {
    csv.Text(h);
  }
  csv.EndRow();
  for (const TableConformance& tc : tables) {
    const spec::Table& table = spec.tables[tc.table];
    for (const ItemConformance& ic : tc.items) {
      const spec::Item& item = table.items[ic.item];
      csv.Text(table.code).Text(table.idb_name).Text(tc.mapped ? "yes" : "no");
      csv.Text(std::string(1, table.group_mandation)).Text(item.short_name).Text(item.uid);
      csv.Text(item.name).Text(std::string(1, ic.mandation)).Text(FeedName(ic.feed));
      csv.Text(ic.fed_by);
      if (ic.feed == Feed::kNothing) {
        csv.Text(CostsText(ic.if_missing)).Text(Worst(ic.if_missing));
      } else {
        csv.Blank().Blank();
      }
      csv.EndRow();
    }
  }
  return csv.Take();
}

nlohmann::json ConformanceJson(const std::vector<TableConformance>& tables,
                               const LoadedMapping& loaded) {
  const spec::Spec& spec = loaded.spec;
  auto costs_json = [](const std::vector<MissingCost>& costs) {
    nlohmann::json list = nlohmann::json::array();
    for (const MissingCost& c : costs) {
      list.push_back({{"code", c.code},
                      {"level", spec::LevelName(c.level)},
                      {"severity", spec::SeverityName(c.severity)},
                      {"note", c.note}});
    }
    return list;
  };
  nlohmann::json out;
  out["mapping"] = loaded.mapping.file.string();
  out["spec"] = {{"name", spec.name}, {"version", spec.version}};
  out["period"] = loaded.mapping.period;
  nlohmann::json list = nlohmann::json::array();
  for (const TableConformance& tc : tables) {
    const spec::Table& table = spec.tables[tc.table];
    nlohmann::json items = nlohmann::json::array();
    for (const ItemConformance& ic : tc.items) {
      const spec::Item& item = table.items[ic.item];
      items.push_back({{"item", item.short_name},
                       {"uid", item.uid},
                       {"mandation", std::string(1, ic.mandation)},
                       {"feed", FeedName(ic.feed)},
                       {"fed_by", ic.fed_by},
                       {"if_missing", costs_json(ic.if_missing)}});
    }
    list.push_back({{"table", table.code},
                    {"idb_name", table.idb_name},
                    {"group_mandation", std::string(1, table.group_mandation)},
                    {"mapped", tc.mapped},
                    {"mandatory", {{"items", tc.mandatory}, {"mapped", tc.mandatory_mapped}}},
                    {"required", {{"items", tc.required}, {"mapped", tc.required_mapped}}},
                    {"optional", {{"items", tc.optional}, {"mapped", tc.optional_mapped}}},
                    {"if_missing", costs_json(tc.if_missing)},
                    {"items", std::move(items)}});
  }
  out["tables"] = std::move(list);
  const ConformanceTotals t = SumConformance(tables, spec);
  out["totals"] = {{"tables", t.tables},
                   {"tables_mapped", t.tables_mapped},
                   {"mandatory_tables", t.mandatory_tables},
                   {"mandatory_tables_mapped", t.mandatory_tables_mapped},
                   {"mandatory_items", t.mandatory},
                   {"mandatory_items_mapped", t.mandatory_mapped},
                   {"required_items", t.required},
                   {"required_items_mapped", t.required_mapped},
                   {"optional_items", t.optional},
                   {"optional_items_mapped", t.optional_mapped}};
  return out;
}

}  // namespace mhds::mapping
