#include "mhds/derive/tt_output.h"

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "mhds/base/calendar.h"
#include "mhds/derive/suppression.h"
#include "mhds/report/csv_writer.h"

namespace mhds::derive {
namespace {

constexpr std::string_view kTtWithheld = "*";

// One line of output: a measure, a rate or a breakdown cell, for every column.
struct TtLine {
  std::string name;
  std::string meta;
  std::vector<uint64_t> values;        // per figures column
  std::vector<uint64_t> denominators;  // per column, for rates
  bool is_rate = false;
};

uint64_t RateDenominator(const TtFigures& f, const TtRateInfo& r) {
  uint64_t d = f.count(r.denominator);
  uint64_t minus = r.minus ? f.count(*r.minus) : 0;
  return d > minus ? d - minus : 0;
}

// Every line of the table, in output order: counts, rates, then the breakdowns (their codes
// gathered over all columns, so each column has every line).
std::vector<TtLine> Lines(const TtMonth& month) {
  std::vector<TtLine> lines;
  for (const TtMeasureInfo& m : TtMeasures()) {
    TtLine line{.name = std::string(m.name),
                .meta = std::string(m.meta),
                .values = {},
                .denominators = {},
                .is_rate = false};
    for (const TtFigures& f : month.figures) line.values.push_back(f.count(m.measure));
    lines.push_back(std::move(line));
  }
  for (const TtRateInfo& r : TtRates()) {
    TtLine line{.name = std::string(r.name),
                .meta = std::string(r.meta),
                .values = {},
                .denominators = {},
                .is_rate = true};
    for (const TtFigures& f : month.figures) {
      line.values.push_back(f.count(r.numerator));
      line.denominators.push_back(RateDenominator(f, r));
    }
    lines.push_back(std::move(line));
  }
  auto breakdown = [&](std::string_view prefix, auto member) {
    std::vector<std::string> codes;
    for (const TtFigures& f : month.figures) {
      for (const auto& [code, n] : f.*member) codes.push_back(code);
    }
    std::sort(codes.begin(), codes.end());
    codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
    for (const std::string& code : codes) {
      TtLine line{.name = std::string(prefix) + code,
                  .meta = "",
                  .values = {},
                  .denominators = {},
                  .is_rate = false};
      for (const TtFigures& f : month.figures) {
        auto it = (f.*member).find(code);
        line.values.push_back(it == (f.*member).end() ? 0 : it->second);
      }
      lines.push_back(std::move(line));
    }
  };
  breakdown("Appointments_Attendance_", &TtFigures::appointments_by_attendance);
  breakdown("EndedReferrals_EndCode_", &TtFigures::endings_by_end_code);
  return lines;
}

std::string TtCountText(uint64_t count, bool suppress) {
  std::optional<uint64_t> shown = PublishedCount(count, suppress);
  return shown ? std::to_string(*shown) : std::string(kTtWithheld);
}

// The rate as text: "12.5", "*" when withheld, "" when there is nothing to divide by.
std::string TtRateText(uint64_t numerator, uint64_t denominator, bool suppress) {
  if (denominator == 0) return "";
  std::optional<double> percent = PublishedPercent(numerator, denominator, suppress);
  if (!percent) return std::string(kTtWithheld);
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", *percent);
  return buffer;
}

std::string Cell(const TtLine& line, size_t column, bool suppress) {
  if (line.is_rate) {
    return TtRateText(line.values[column], line.denominators[column], suppress);
  }
  return TtCountText(line.values[column], suppress);
}

std::string ColumnTitle(const TtFigures& f, const TtMonth& month) {
  if (f.level == "provider") return month.provider.empty() ? "provider" : month.provider;
  return f.commissioner.empty() ? "(no commissioner)" : f.commissioner;
}

std::string LeftOutLine(const TtMonth& month) {
  std::string line = std::to_string(month.rows_left_out) + " rejected rows left out; " +
                     std::to_string(month.pathways_read) + " pathways, " +
                     std::to_string(month.contacts_read) + " contacts and " +
                     std::to_string(month.scores_read) + " PHQ-9/GAD-7 scores read";
  if (month.scores_unreadable > 0) {
    line += "; " + std::to_string(month.scores_unreadable) +
            (month.scores_unreadable == 1 ? " score" : " scores") +
            " left out because PersScore is not a whole number";
  }
  line += ".";
  if (month.earlier_files == 0) {
    line += " Only this month's file was read: treatment appointments and scores before " +
            FormatDate(month.month.start) +
            " are not seen (give the earlier months' files with --earlier).";
  } else {
    line += " Earlier months read (files or the store): " + std::to_string(month.earlier_files) + ".";
  }
  return line;
}

}  // namespace

std::string TtTerminalTable(const TtMonth& month, bool suppress) {
  std::string out = "Talking Therapies  provider " + month.provider + "  " +
                    FormatDate(month.month.start) + " to " + FormatDate(month.month.end) +
                    "  (UniqMonthID " + std::to_string(month.month.uniq_month_id) + ", FY " +
                    month.month.financial_year + ")\n";
  out += suppress ? "Counts rounded to 5, under 5 shown as *; rates from unrounded counts\n\n"
                  : "Exact counts (unsuppressed, not for publication)\n\n";
  const std::vector<TtLine> lines = Lines(month);
  size_t name_width = 0;
  for (const TtLine& l : lines)
    name_width = std::max(name_width, l.name.size() + l.meta.size() + 3);
  std::vector<std::string> titles;
  std::vector<size_t> widths;
  for (const TtFigures& f : month.figures) {
    titles.push_back(ColumnTitle(f, month));
    widths.push_back(std::max<size_t>(titles.back().size(), 6));
  }
  auto pad_left = [](std::string s, size_t width) {
    if (s.size() < width) s.insert(0, width - s.size(), ' ');
    return s;
  };
  out += "  " + std::string(name_width, ' ');
  for (size_t i = 0; i < titles.size(); ++i) out += "  " + pad_left(titles[i], widths[i]);
  out += "\n";
  for (const TtLine& l : lines) {
    std::string label = l.name + (l.meta.empty() ? "" : " (" + l.meta + ")");
    std::string row = "  " + label + std::string(name_width - label.size(), ' ');
    for (size_t i = 0; i < month.figures.size(); ++i) {
      std::string cell = Cell(l, i, suppress);
      if (l.is_rate && !cell.empty() && cell != kTtWithheld) cell += "%";
      row += "  " + pad_left(cell.empty() ? "-" : cell, widths[i]);
    }
    out += row + "\n";
  }
  return out + "\n" + LeftOutLine(month) + "\n";
}

std::string TtJson(const TtMonth& month, bool suppress) {
  using nlohmann::ordered_json;
  ordered_json doc;
  doc["measure_set"] = "NHS Talking Therapies";
  doc["provider"] = month.provider;
  doc["reporting_period_start"] = FormatDate(month.month.start);
  doc["reporting_period_end"] = FormatDate(month.month.end);
  doc["uniq_month_id"] = month.month.uniq_month_id;
  doc["financial_year"] = month.month.financial_year;
  doc["suppressed"] = suppress;
  doc["rows_left_out"] = month.rows_left_out;
  doc["read"] = {{"pathways", month.pathways_read},
                 {"contacts", month.contacts_read},
                 {"scores", month.scores_read},
                 {"scores_unreadable", month.scores_unreadable},
                 {"earlier_files", month.earlier_files}};
  const std::vector<TtLine> lines = Lines(month);
  ordered_json figures = ordered_json::array();
  for (size_t i = 0; i < month.figures.size(); ++i) {
    const TtFigures& f = month.figures[i];
    ordered_json row;
    row["level"] = f.level;
    row["commissioner"] =
        f.level == "commissioner" ? ordered_json(f.commissioner) : ordered_json(nullptr);
    ordered_json measures = ordered_json::object();
    for (const TtLine& l : lines) {
      ordered_json cell;
      if (!l.meta.empty()) cell["meta"] = l.meta;
      std::string text = Cell(l, i, suppress);
      if (l.is_rate) {
        cell["percent"] = text.empty() || text == kTtWithheld ? ordered_json(nullptr)
                                                              : ordered_json(std::stod(text));
        cell["withheld"] = text == kTtWithheld;
      } else {
        std::optional<uint64_t> count = PublishedCount(l.values[i], suppress);
        cell["value"] = count ? ordered_json(*count) : ordered_json(std::string(kTtWithheld));
      }
      measures[l.name] = std::move(cell);
    }
    row["measures"] = std::move(measures);
    figures.push_back(std::move(row));
  }
  doc["figures"] = std::move(figures);
  return doc.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

std::string TtCsv(const TtMonth& month, bool suppress) {
  report::CsvWriter csv;
  for (std::string_view h : {"provider", "period_start", "level", "commissioner", "measure", "meta",
                             "value", "percent"}) {
    csv.Text(h);
  }
  csv.EndRow();
  const std::vector<TtLine> lines = Lines(month);
  for (size_t i = 0; i < month.figures.size(); ++i) {
    const TtFigures& f = month.figures[i];
    for (const TtLine& l : lines) {
      csv.Text(month.provider).Text(FormatDate(month.month.start)).Text(f.level);
      csv.Text(f.commissioner).Text(l.name).Text(l.meta);
      if (l.is_rate) {
        csv.Blank().Text(Cell(l, i, suppress));
      } else {
        csv.Text(Cell(l, i, suppress)).Blank();
      }
      csv.EndRow();
    }
  }
  return csv.Take();
}

}  // namespace mhds::derive
