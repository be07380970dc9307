#include "mhds/derive/ips_output.h"

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "mhds/base/calendar.h"
#include "mhds/derive/suppression.h"
#include "mhds/report/csv_writer.h"

namespace mhds::derive {
namespace {

constexpr std::string_view kWithheld = "*";

std::string CountText(uint64_t count, bool suppress) {
  std::optional<uint64_t> shown = PublishedCount(count, suppress);
  return shown ? std::to_string(*shown) : std::string(kWithheld);
}

std::string PercentText(double percent) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", percent);
  return buffer;
}

std::string ColumnName(const IpsFigures& f, const IpsMonth& month) {
  if (f.level == "provider") return month.provider.empty() ? "provider" : month.provider;
  return f.team.empty() ? "(no team)" : f.team;
}

}  // namespace

std::string IpsTerminalTable(const IpsMonth& month, bool suppress) {
  std::string out = "IPS  provider " + month.provider + "  " + FormatDate(month.month.start) +
                    " to " + FormatDate(month.month.end) + "  (UniqMonthID " +
                    std::to_string(month.month.uniq_month_id) + ", FY " +
                    month.month.financial_year + ")\n";
  out += "Cohort: " + std::to_string(month.cohort_size) + " referrals (" +
         std::to_string(month.cohort_by_team_type) + " by D05 team, " +
         std::to_string(month.cohort_by_procedure_only) + " by IPS procedure only)";
  out += suppress ? "; counts rounded to 5, under 5 shown as *\n"
                  : "; exact counts (unsuppressed, not for publication)\n";
  out += "History: " + month.history + "\n\n";

  size_t name_width = 0;
  for (const IpsMeasureInfo& m : IpsMeasures()) name_width = std::max(name_width, m.name.size());
  std::vector<std::string> headers;
  // The terminal shows the provider and its teams; the breakdowns are in --csv and --json.
  std::vector<const IpsFigures*> shown;
  size_t breakdown_rows = 0;
  for (const IpsFigures& f : month.figures) {
    if (f.level == "provider" || f.level == "team") {
      shown.push_back(&f);
    } else {
      ++breakdown_rows;
    }
  }
  for (const IpsFigures* f : shown) headers.push_back(ColumnName(*f, month));
  auto pad_left = [](std::string s, size_t width) {
    if (s.size() < width) s.insert(0, width - s.size(), ' ');
    return s;
  };
  std::vector<size_t> widths;
  for (const std::string& h : headers) widths.push_back(std::max<size_t>(h.size(), 6));

  out += "  " + std::string(name_width, ' ');
  for (size_t i = 0; i < headers.size(); ++i) out += "  " + pad_left(headers[i], widths[i]);
  out += "\n";
  for (const IpsMeasureInfo& m : IpsMeasures()) {
    std::string line = "  " + std::string(m.name);
    line.append(name_width - m.name.size(), ' ');
    for (size_t i = 0; i < shown.size(); ++i) {
      line += "  " + pad_left(CountText(shown[i]->count(m.measure), suppress), widths[i]);
    }
    out += line + "\n";
  }
  out +=
      "\n" + std::to_string(month.rows_left_out) + " rejected rows left out. " + month.note + "\n";
  if (breakdown_rows > 0) {
    out += "Breakdowns by commissioner, age band, gender and ethnicity (" +
           std::to_string(breakdown_rows) + " rows): in --csv and --json.\n";
  }
  return out;
}

std::string IpsJson(const IpsMonth& month, bool suppress) {
  using nlohmann::ordered_json;
  ordered_json doc;
  doc["measure_set"] = "MHSDS IPS";
  doc["provider"] = month.provider;
  doc["reporting_period_start"] = FormatDate(month.month.start);
  doc["reporting_period_end"] = FormatDate(month.month.end);
  doc["uniq_month_id"] = month.month.uniq_month_id;
  doc["financial_year"] = month.month.financial_year;
  doc["suppressed"] = suppress;
  doc["history"] = month.history;
  doc["months_read"] = month.months_read;
  doc["note"] = month.note;
  doc["rows_left_out"] = month.rows_left_out;
  doc["cohort"] = {{"referrals", month.cohort_size},
                   {"by_team_type", month.cohort_by_team_type},
                   {"by_procedure_only", month.cohort_by_procedure_only}};
  ordered_json figures = ordered_json::array();
  for (const IpsFigures& f : month.figures) {
    ordered_json row;
    row["level"] = f.level;
    row["team"] = f.level == "team" ? ordered_json(f.team) : ordered_json(nullptr);
    if (!f.group.empty()) row["group"] = f.group;
    ordered_json measures = ordered_json::object();
    for (const IpsMeasureInfo& m : IpsMeasures()) {
      ordered_json cell;
      std::optional<uint64_t> count = PublishedCount(f.count(m.measure), suppress);
      cell["value"] = count ? ordered_json(*count) : ordered_json(std::string(kWithheld));
      if (m.denominator) {
        std::optional<double> percent =
            PublishedPercent(f.count(m.measure), f.count(*m.denominator), suppress);
        cell["percent"] = percent ? ordered_json(*percent) : ordered_json(nullptr);
      }
      measures[std::string(m.name)] = std::move(cell);
    }
    row["measures"] = std::move(measures);
    figures.push_back(std::move(row));
  }
  doc["figures"] = std::move(figures);
  return doc.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

std::string IpsCsv(const IpsMonth& month, bool suppress) {
  report::CsvWriter csv;
  // "group": the team id on team rows, the breakdown's group on breakdown rows.
  csv.Text("provider").Text("period_start").Text("level").Text("group").Text("measure");
  csv.Text("value").Text("percent");
  csv.EndRow();
  for (const IpsFigures& f : month.figures) {
    for (const IpsMeasureInfo& m : IpsMeasures()) {
      csv.Text(month.provider).Text(FormatDate(month.month.start)).Text(f.level);
      csv.Text(f.level == "team" ? f.team : f.group);
      csv.Text(m.name).Text(CountText(f.count(m.measure), suppress));
      std::optional<double> percent;
      if (m.denominator) {
        percent = PublishedPercent(f.count(m.measure), f.count(*m.denominator), suppress);
      }
      if (percent) {
        csv.Text(PercentText(*percent));
      } else if (m.denominator && f.count(*m.denominator) > 0) {
        csv.Text(kWithheld);
      } else {
        csv.Blank();
      }
      csv.EndRow();
    }
  }
  return csv.Take();
}

}  // namespace mhds::derive
