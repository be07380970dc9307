// The sections of report.html, top to bottom: banner, submission, tables, root causes, findings
// by rule code. Only this file decides what the page says; html_page.cc decides how it is marked
// up.
#include "mhds/report/html_report.h"

#include <cstdio>

#include "mhds/base/calendar.h"
#include "mhds/report/code_groups.h"
#include "mhds/report/finding_text.h"
#include "mhds/report/html_page.h"
#include "mhds/report/report_files.h"
#include "mhds/report/totals.h"

namespace mhds::report {
namespace {

std::string_view SeverityLabel(spec::Severity severity) {
  switch (severity) {
    case spec::Severity::kReject:
      return "rejected";
    case spec::Severity::kWarning:
      return "warning";
    case spec::Severity::kWarning1:
      return "warning (severity 1)";
  }
  return "rejected";
}

void Severity(Page& page, spec::Severity severity) {
  page.Raw("<span class=\"sev ");
  page.Raw(spec::SeverityName(severity));
  page.Raw("\">");
  page.Text(SeverityLabel(severity));
  page.Raw("</span>");
}

// "MHS101Referral row 4 (ServiceRequestID=SR4)": where a finding is.
std::string Where(const spec::Spec& spec, const validate::Finding& f) {
  std::string where(TableName(spec, f.table));
  if (where.empty()) where = "file";
  if (f.row != 0) where += " row " + std::to_string(f.row);
  if (std::string keys = KeysText(spec, f); !keys.empty()) where += " (" + keys + ")";
  return where;
}

void Banner(Page& page, const spec::Spec& spec, const validate::ValidationResult& result,
            const Totals& totals) {
  if (result.file_rejected) {
    page.Raw("<header class=\"banner rejected\"><h1>Rejected</h1><p>");
    if (const validate::Finding* f = FindingAt(result, result.file_rejection)) {
      page.Text("The file was rejected by ");
      page.Element("code", RuleCode(spec, *f));
      page.Text(": " + f->message);
    } else {
      page.Text("The file was rejected.");
    }
    page.Raw("</p></header>\n");
  } else if (totals.rows_rejected > 0) {
    page.Raw("<header class=\"banner partial\"><h1>Accepted, with rejected rows</h1><p>");
    page.Text(std::to_string(totals.rows_rejected) + " rows rejected in " +
              std::to_string(totals.tables_with_rejections) + " tables.");
    page.Raw("</p></header>\n");
  } else {
    page.Raw(
        "<header class=\"banner accepted\"><h1>Accepted</h1><p>No rows rejected.</p>"
        "</header>\n");
  }
}

void Fact(Page& page, std::string_view term, std::string_view text) {
  page.Element("dt", term);
  page.Element("dd", text);
  page.Raw("\n");
}

void Submission(Page& page, const spec::Spec& spec, const validate::ValidationResult& result,
                const ReportInfo& info, const Totals& totals) {
  page.Raw("<section><h2>Submission</h2>\n<dl>\n");
  Fact(page, "Data set", spec.name + " " + spec.version);
  Fact(page, "Source", result.source);
  std::string period = "not known";
  if (result.period_start && result.period_end) {
    period = FormatDate(*result.period_start) + " to " + FormatDate(*result.period_end);
  }
  Fact(page, "Reporting period", period);
  Fact(page, "Uploaded at", FormatDateTime(result.uploaded_at) + " UTC");
  Fact(page, "Findings",
       std::to_string(totals.findings) + " (" +
           Plural(totals.rejections, "rejection", "rejections") + ", " +
           Plural(totals.warnings, "warning", "warnings") + ")");
  Fact(page, "Rows",
       std::to_string(totals.rows_received) + " received, " + std::to_string(totals.rows_accepted) +
           " accepted, " + std::to_string(totals.rows_rejected) + " rejected");
  char elapsed[32];
  std::snprintf(elapsed, sizeof elapsed, "%.1f", info.elapsed_seconds);
  Fact(page, "Report",
       "generated " + info.generated_at + " UTC by " + info.tool_version + " with " +
           (info.spec_folder.empty() ? spec.folder.string() : info.spec_folder) + " in " + elapsed +
           " s");
  page.Raw("</dl></section>\n");
}

void Tables(Page& page, const spec::Spec& spec, const validate::ValidationResult& result) {
  std::vector<bool> has_findings(spec.tables.size(), false);
  for (const validate::Finding& f : result.findings) {
    if (TableAt(spec, f.table) != nullptr) has_findings[f.table] = true;
  }
  page.Raw("<section><h2>Tables</h2>\n");
  page.Raw(
      "<table><thead><tr><th>Code</th><th>Table</th><th class=\"num\">Received</th>"
      "<th class=\"num\">Accepted</th><th class=\"num\">Rejected</th></tr></thead><tbody>\n");
  for (const validate::TableCounts& t : result.tables) {
    const spec::Table* table = TableAt(spec, t.table);
    if (table == nullptr || !(t.present || has_findings[t.table])) continue;
    page.Raw("<tr>");
    page.Element("td", table->code);
    page.Element("td", t.present ? table->idb_name : table->idb_name + " (not submitted)");
    page.NumberCell(t.received);
    page.NumberCell(t.accepted);
    page.NumberCell(t.rejected);
    page.Raw("</tr>\n");
  }
  page.Raw("</tbody></table></section>\n");
}

void RootCauses(Page& page, const spec::Spec& spec, const validate::ValidationResult& result) {
  page.Raw("<section><h2>Root causes</h2>\n");
  if (result.root_causes.empty()) {
    page.Element("p", "No rejected row traces back to a root cause.", "none");
    page.Raw("</section>\n");
    return;
  }
  page.Element("p",
               "Each finding below rejected rows of its own and, through the table "
               "hierarchy, rows of child tables. Fix them in this order: the first "
               "restores the most rows.");
  page.Raw("<ol class=\"roots\">\n");
  size_t shown = 0;
  for (const validate::RootCause& root : result.root_causes) {
    if (shown++ == kMaxRootCausesShown) break;
    const validate::Finding* f = FindingAt(result, root.finding);
    if (f == nullptr) continue;
    page.Raw("<li><p>");
    page.Element("code", RuleCode(spec, *f));
    page.Raw(" ");
    Severity(page, f->severity);
    page.Raw(" ");
    page.Element("strong", Where(spec, *f));
    page.Text(": " + f->message);
    page.Raw("</p><p>");
    page.Text("Rejects " + std::to_string(root.rows_rejected) + " rows; fixing it restores " +
              std::to_string(root.rows_restored) + ".");
    page.Raw(
        "</p>\n<table><thead><tr><th>Table</th><th class=\"num\">Rows rejected</th></tr>"
        "</thead><tbody>");
    for (const auto& [table, rows] : root.by_table) {
      page.Raw("<tr>");
      page.Element("td", TableName(spec, table));
      page.NumberCell(rows);
      page.Raw("</tr>");
    }
    page.Raw("</tbody></table></li>\n");
  }
  page.Raw("</ol>\n");
  if (result.root_causes.size() > kMaxRootCausesShown) {
    page.Element("p",
                 "and " + std::to_string(result.root_causes.size() - kMaxRootCausesShown) +
                     " more in " + std::string(kRootCausesFile),
                 "more");
  }
  page.Raw("</section>\n");
}

void FindingRow(Page& page, const spec::Spec& spec, const validate::ValidationResult& result,
                const validate::Finding& f) {
  const spec::Item* item = ItemOf(spec, f);
  page.Raw("<tr>");
  if (f.row != 0) {
    page.NumberCell(f.row);
  } else {
    page.Raw("<td></td>");
  }
  page.Element("td", KeysText(spec, f));
  page.Element("td", item == nullptr ? std::string_view() : std::string_view(item->short_name));
  page.Raw("<td class=\"value\">");
  page.Text(f.value);
  page.Raw("</td>");
  page.Element("td", f.message);
  std::string cause;
  if (const validate::Finding* c = FindingAt(result, f.cause)) {
    cause = std::string(RuleCode(spec, *c)) + " #" + std::to_string(c->id);
  }
  page.Element("td", cause);
  page.Raw("</tr>\n");
}

void Findings(Page& page, const spec::Spec& spec, const validate::ValidationResult& result) {
  page.Raw("<section><h2>Findings by rule</h2>\n");
  if (result.findings.empty()) {
    page.Element("p", "No findings.", "none");
    page.Raw("</section>\n");
    return;
  }
  for (const CodeGroup& group : GroupByCode(spec, result, kMaxFindingsPerCode)) {
    const validate::Finding* first = FindingAt(result, group.sample.front());
    page.Raw(group.severity == spec::Severity::kReject ? "<details open><summary>"
                                                       : "<details><summary>");
    page.Element("code", group.code);
    page.Raw(" ");
    Severity(page, group.severity);
    page.Raw(" ");
    page.Element("strong",
                 std::to_string(group.count) + (group.count == 1 ? " finding" : " findings"));
    if (std::string_view table = TableName(spec, group.table); !table.empty()) {
      page.Text(" in " + std::string(table));
    }
    if (first != nullptr) page.Text(": " + first->message);
    page.Raw(
        "</summary>\n<table><thead><tr><th class=\"num\">Row</th><th>Keys</th><th>Item</th>"
        "<th>Value</th><th>Message</th><th>Caused by</th></tr></thead><tbody>\n");
    for (validate::FindingId id : group.sample) {
      if (const validate::Finding* f = FindingAt(result, id)) FindingRow(page, spec, result, *f);
    }
    page.Raw("</tbody></table>\n");
    if (group.count > group.sample.size()) {
      page.Element("p",
                   "and " + std::to_string(group.count - group.sample.size()) + " more in " +
                       std::string(kFindingsFile),
                   "more");
    }
    page.Raw("</details>\n");
  }
  page.Raw("</section>\n");
}

}  // namespace

std::string HtmlReport(const spec::Spec& spec, const validate::ValidationResult& result,
                       const ReportInfo& info) {
  const Totals totals = CountTotals(result);
  Page page;
  page.Open(spec.name + " " + spec.version +
            " data quality report: " + (result.file_rejected ? "rejected" : "accepted"));
  Banner(page, spec, result, totals);
  Submission(page, spec, result, info, totals);
  Tables(page, spec, result);
  RootCauses(page, spec, result);
  Findings(page, spec, result);
  return page.Close();
}

}  // namespace mhds::report
