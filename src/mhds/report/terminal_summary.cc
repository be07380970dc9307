// The terminal summary. Everything from the submission passes through Printable() before it
// reaches the stream.
#include "mhds/report/terminal_summary.h"

#include <algorithm>
#include <cstdio>
#include <string>

#include "mhds/report/code_groups.h"
#include "mhds/report/finding_text.h"
#include "mhds/report/report_files.h"
#include "mhds/report/totals.h"

namespace mhds::report {
namespace {

constexpr std::string_view kRed = "\x1b[31m";
constexpr std::string_view kYellow = "\x1b[33m";
constexpr std::string_view kGreen = "\x1b[32m";
constexpr std::string_view kBold = "\x1b[1m";
constexpr std::string_view kReset = "\x1b[0m";

// Text from a submission may hold escape sequences; show C0 and C1 controls and DEL as \xNN.
std::string Printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    unsigned code = 0x100;  // none
    if (c < 0x20 || c == 0x7f) {
      code = c;
    } else if (c == 0xc2 && i + 1 < text.size()) {  // UTF-8 of U+0080..U+009F
      const auto next = static_cast<unsigned char>(text[i + 1]);
      if (next >= 0x80 && next <= 0x9f) {
        code = next;
        ++i;
      }
    }
    if (code == 0x100) {
      out += text[i];
    } else {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\x%02x", code);
      out += escaped;
    }
  }
  return out;
}

class Painter {
 public:
  explicit Painter(bool enabled) : enabled_(enabled) {}
  std::string operator()(std::string_view color, std::string_view text) const {
    if (!enabled_) return std::string(text);
    return std::string(color) + std::string(text) + std::string(kReset);
  }

 private:
  bool enabled_;
};

std::string PadRight(std::string text, size_t width) {
  if (text.size() < width) text.append(width - text.size(), ' ');
  return text;
}

std::string PadLeft(const std::string& text, size_t width) {
  return text.size() < width ? std::string(width - text.size(), ' ') + text : text;
}

void StatusLine(const spec::Spec& spec, const validate::ValidationResult& result,
                const Totals& totals, const Painter& paint, std::ostream& out) {
  if (result.file_rejected) {
    out << paint(kRed, "REJECTED") << ": the file was rejected";
    if (const validate::Finding* f = FindingAt(result, result.file_rejection)) {
      out << " by " << RuleCode(spec, *f) << ": " << Printable(f->message);
    }
  } else if (totals.rows_rejected > 0) {
    out << paint(kGreen, "ACCEPTED") << " with "
        << paint(kRed, Plural(totals.rows_rejected, "rejected row", "rejected rows")) << " in "
        << Plural(totals.tables_with_rejections, "table", "tables");
  } else {
    out << paint(kGreen, "ACCEPTED") << ": no rejections";
  }
  if (totals.warnings > 0) {
    out << " (" << paint(kYellow, Plural(totals.warnings, "warning", "warnings")) << ")";
  }
  out << "\n";
}

void TableCounts(const spec::Spec& spec, const validate::ValidationResult& result,
                 std::ostream& out) {
  std::vector<bool> has_findings(spec.tables.size(), false);
  for (const validate::Finding& f : result.findings) {
    if (TableAt(spec, f.table) != nullptr) has_findings[f.table] = true;
  }
  std::vector<const validate::TableCounts*> shown;
  size_t width = 5;  // "Table"
  for (const validate::TableCounts& t : result.tables) {
    const spec::Table* table = TableAt(spec, t.table);
    if (table == nullptr || !(t.present || has_findings[t.table])) continue;
    shown.push_back(&t);
    width = std::max(width, table->idb_name.size());
  }
  if (shown.empty()) return;
  constexpr size_t kNumber = 10;
  out << "\n  " << PadRight("Table", width) << PadLeft("received", kNumber)
      << PadLeft("accepted", kNumber) << PadLeft("rejected", kNumber) << "\n";
  for (const validate::TableCounts* t : shown) {
    out << "  " << PadRight(spec.tables[t->table].idb_name, width)
        << PadLeft(std::to_string(t->received), kNumber)
        << PadLeft(std::to_string(t->accepted), kNumber)
        << PadLeft(std::to_string(t->rejected), kNumber) << (t->present ? "" : "  (not submitted)")
        << "\n";
  }
}

void RootCauses(const spec::Spec& spec, const validate::ValidationResult& result,
                const SummaryOptions& options, const Painter& paint, std::ostream& out) {
  if (result.root_causes.empty() || options.top_root_causes == 0) return;
  const size_t n = std::min(options.top_root_causes, result.root_causes.size());
  out << "\nRoot causes (" << n << " of " << result.root_causes.size()
      << ", most rows restored first):\n";
  for (size_t i = 0; i < n; ++i) {
    const validate::RootCause& root = result.root_causes[i];
    const validate::Finding* f = FindingAt(result, root.finding);
    if (f == nullptr) continue;
    out << "  " << i + 1 << ". " << paint(kRed, RuleCode(spec, *f));
    std::string_view table = TableName(spec, f->table);
    out << " " << (table.empty() ? std::string_view("file") : table);
    if (f->row != 0) out << " row " << f->row;
    if (std::string keys = KeysText(spec, *f); !keys.empty()) out << " (" << Printable(keys) << ")";
    out << ": " << Printable(f->message) << " \u2014 fixing it restores ";
    if (root.rows_restored == root.rows_rejected) {
      out << Plural(root.rows_restored, "row", "rows");
    } else {
      out << root.rows_restored << " of the " << Plural(root.rows_rejected, "row", "rows")
          << " it rejects";
    }
    out << ": " << CascadeText(spec, root, ", ", " ") << "\n";
  }
}

void CodeCounts(const spec::Spec& spec, const validate::ValidationResult& result,
                const SummaryOptions& options, const Painter& paint, std::ostream& out) {
  if (result.findings.empty() || options.top_codes == 0) return;
  const std::vector<CodeGroup> groups = GroupByCode(spec, result, 0);
  const size_t n = std::min(options.top_codes, groups.size());
  out << "\nFindings by code (" << n << " of " << groups.size() << " codes):\n";
  size_t width = 4;
  for (size_t i = 0; i < n; ++i) width = std::max(width, groups[i].code.size());
  for (size_t i = 0; i < n; ++i) {
    const CodeGroup& g = groups[i];
    const bool rejects = g.severity == spec::Severity::kReject;
    out << "  " << PadRight(g.code, width) << "  "
        << paint(rejects ? kRed : kYellow, PadRight(std::string(spec::SeverityName(g.severity)), 8))
        << PadLeft(std::to_string(g.count), 9);
    if (std::string_view table = TableName(spec, g.table); !table.empty()) out << "  " << table;
    out << "\n";
  }
}

}  // namespace

void PrintSummary(const spec::Spec& spec, const validate::ValidationResult& result,
                  std::ostream& out, const SummaryOptions& options) {
  const Painter paint(options.color);
  const Totals totals = CountTotals(result);
  StatusLine(spec, result, totals, paint, out);
  out << paint(kBold, spec.name + " " + spec.version) << "  " << Printable(result.source) << "\n";
  TableCounts(spec, result, out);
  RootCauses(spec, result, options, paint, out);
  CodeCounts(spec, result, options, paint, out);
  if (!options.report_dir.empty()) {
    out << "\nFull reports in " << Printable(options.report_dir.string()) << ":";
    for (std::string_view name : kReportFiles) out << " " << name;
    out << "\n";
  }
}

}  // namespace mhds::report
