#include "mhds/serve/web_pages.h"

#include "mhds/base/calendar.h"
#include "mhds/report/html_page.h"
#include "mhds/report/report_files.h"

namespace mhds::serve {
namespace {

constexpr std::string_view kServiceStyle = R"(<style>
header.bar { display: flex; justify-content: space-between; align-items: center;
             background: #005eb8; color: #fff; padding: .6em 1.5em; }
header.bar a { color: #fff; }
header.bar span a { margin-right: .8em; }
header.bar form { display: inline; margin-left: 1em; }
form.panel { background: #fff; padding: 1em 1.2em; border-radius: 6px; max-width: 34em; }
form.panel label { display: block; margin: .6em 0 .2em; font-weight: 600; }
form.panel input[type=text], form.panel input[type=password] { width: 100%; padding: .35em;
             box-sizing: border-box; }
button { margin-top: 1em; padding: .4em 1.2em; background: #007f3b; color: #fff; border: 0;
         border-radius: 4px; font-size: 1em; cursor: pointer; }
.error { background: #fde8e7; border-left: 5px solid #b3261e; padding: .6em 1em; }
.status { font-weight: 600; }
.counts { color: #007f3b; font-weight: 600; }
.superseded { color: #4c6272; }
</style>
)";

}  // namespace

void OpenServicePage(report::Page& page, std::string_view title, const PageViewer& viewer) {
  std::string header = "<header class=\"bar\"><a href=\"/\">mhds landing service</a><span>";
  if (!viewer.username.empty()) {
    header += "<a href=\"/access\">Access</a> <a href=\"/tokens\">API tokens</a> ";
    report::AppendHtmlEscaped(header, viewer.username);
    header += " (";
    report::AppendHtmlEscaped(header, viewer.org);
    header +=
        ")<form method=\"post\" action=\"/sign-out\"><input type=\"hidden\" name=\"csrf\" "
        "value=\"";
    report::AppendHtmlEscaped(header, viewer.csrf);
    header += "\"><button type=\"submit\">Sign out</button></form>";
  }
  header += "</span></header>\n";
  page.Open(title, kServiceStyle, header);
  page.Element("h1", title);
}

namespace {

std::string StatusText(SubmissionStatus status) {
  switch (status) {
    case SubmissionStatus::kReceived:
      return "received, waiting to be validated";
    case SubmissionStatus::kValidating:
      return "validating";
    case SubmissionStatus::kAccepted:
      return "accepted";
    case SubmissionStatus::kAcceptedWithRejections:
      return "accepted with rejections";
    case SubmissionStatus::kRejected:
      return "rejected";
    case SubmissionStatus::kFailed:
      return "failed (a fault of the service)";
  }
  return "unknown";
}

void WindowText(report::Page& page, const Window& w) {
  page.Text(FormatMonth(w.period) + " (" + w.kind +
            (w.submission_number > 1 ? ", submission " + std::to_string(w.submission_number) : "") +
            "), open " + FormatDate(w.opens) + " to " + FormatDate(w.closes));
}

}  // namespace

std::string DatasetPath(std::string_view org, std::string_view dataset) {
  return "/orgs/" + std::string(org) + "/" + std::string(dataset);
}

std::string SubmissionPath(const Submission& s) {
  return DatasetPath(s.org, s.dataset) + "/submissions/" + std::to_string(s.id);
}

std::string SignInPage(std::string_view error) {
  report::Page page;
  OpenServicePage(page, "Sign in", PageViewer{});
  if (!error.empty()) page.Element("p", error, "error");
  page.Raw(R"(<form class="panel" method="post" action="/sign-in">
<label for="username">Username</label><input type="text" id="username" name="username" autocomplete="username" required>
<label for="password">Password</label><input type="password" id="password" name="password" autocomplete="current-password" required>
<label for="code">Code from your authenticator app</label><input type="text" id="code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" required>
<button type="submit">Sign in</button>
</form>
)");
  return page.Close();
}

std::string HomePage(const PageViewer& viewer, const std::vector<HomeLink>& links) {
  report::Page page;
  OpenServicePage(page, "Your organisations and data sets", viewer);
  if (links.empty()) {
    page.Element("p",
                 "You have no access to any organisation's data yet. Ask your organisation's "
                 "Senior Information Risk Owner (SIRO) to approve your access.",
                 "none");
    page.Raw("<p><a href=\"/access\">Ask for access</a></p>\n");
    return page.Close();
  }
  page.Raw(
      "<table><thead><tr><th>Organisation</th><th>Data set</th><th>Your role</th></tr>"
      "</thead><tbody>\n");
  for (const HomeLink& link : links) {
    page.Raw("<tr><td>");
    page.Text(link.org);
    page.Raw("</td><td><a href=\"");
    page.Text(DatasetPath(link.org, link.dataset));
    page.Raw("\">");
    page.Text(link.dataset);
    page.Raw("</a></td><td>");
    page.Text(link.role);
    page.Raw("</td></tr>\n");
  }
  page.Raw("</tbody></table>\n");
  return page.Close();
}

std::string DatasetPage(const PageViewer& viewer, const DatasetView& view) {
  report::Page page;
  OpenServicePage(page, view.org + " " + view.dataset + " submissions", viewer);
  page.Element("h2", "Submission windows");
  if (view.open.empty()) {
    page.Element("p", "No submission window is open today.", "none");
  } else {
    page.Raw("<ul>");
    for (const Window& w : view.open) {
      page.Raw("<li>");
      WindowText(page, w);
      page.Raw("</li>");
    }
    page.Raw("</ul>\n");
  }
  if (view.next) {
    page.Raw("<p>Next to open: ");
    WindowText(page, *view.next);
    page.Raw("</p>\n");
  }
  if (view.can_upload && !view.open.empty()) {
    page.Element("h2", "Upload a submission");
    page.Raw("<form class=\"panel\" method=\"post\" enctype=\"multipart/form-data\" action=\"");
    page.Text(DatasetPath(view.org, view.dataset) + "/submissions");
    page.Raw("\"><input type=\"hidden\" name=\"csrf\" value=\"");
    page.Text(viewer.csrf);
    page.Raw(
        "\"><label for=\"period\">Reporting month</label><select id=\"period\" "
        "name=\"period\">");
    for (const Window& w : view.open) {
      page.Raw("<option value=\"");
      page.Text(FormatMonth(w.period));
      page.Raw("\">");
      page.Text(FormatMonth(w.period) + " (" + w.kind + ")");
      page.Raw("</option>");
    }
    page.Raw(
        "</select><label><input type=\"checkbox\" name=\"test\" value=\"1\"> Test "
        "submission (validated and reported, never counted)</label>"
        "<label for=\"file\">The IDB: a SQLite file, an Access file (.mdb, .accdb) or a zip of the "
        "CSV files</label>"
        "<input type=\"file\" id=\"file\" name=\"file\" required>"
        "<button type=\"submit\">Upload</button></form>\n");
  }
  page.Element("h2", "History");
  if (view.history.empty()) {
    page.Element("p", "Nothing has been submitted yet.", "none");
    return page.Close();
  }
  page.Raw(
      "<table><thead><tr><th>Submission</th><th>Month</th><th>Kind</th><th>Uploaded</th>"
      "<th>Status</th><th class=\"num\">Rows</th><th class=\"num\">Rejected</th>"
      "<th>Counts?</th></tr></thead><tbody>\n");
  for (const Submission& s : view.history) {
    page.Raw("<tr><td><a href=\"");
    page.Text(SubmissionPath(s));
    page.Raw("\">");
    page.Number(static_cast<uint64_t>(s.id));
    page.Raw("</a></td><td>");
    page.Text(s.period);
    page.Raw("</td><td>");
    page.Text(std::string(s.test ? "test" : "live") + ", " + s.window_kind);
    page.Raw("</td><td>");
    page.Text(FormatDateTime(s.uploaded_at));
    page.Raw("</td><td class=\"status\">");
    page.Text(StatusText(s.status));
    page.Raw("</td>");
    page.NumberCell(static_cast<uint64_t>(s.rows_received));
    page.NumberCell(static_cast<uint64_t>(s.rows_rejected));
    if (s.counts) {
      page.Raw("<td class=\"counts\">the one that counts</td>");
    } else if (s.superseded) {
      page.Raw("<td class=\"superseded\">superseded</td>");
    } else {
      page.Raw("<td></td>");
    }
    page.Raw("</tr>\n");
  }
  page.Raw("</tbody></table>\n");
  return page.Close();
}

std::string SubmissionPage(const PageViewer& viewer, const Submission& s, bool report_ready,
                           bool can_compare) {
  report::Page page;
  bool pending =
      s.status == SubmissionStatus::kReceived || s.status == SubmissionStatus::kValidating;
  OpenServicePage(page, "Submission " + std::to_string(s.id), viewer);
  page.Element("p", s.org + " " + s.dataset + " " + s.period);
  std::string banner = s.status == SubmissionStatus::kAccepted                 ? "accepted"
                       : s.status == SubmissionStatus::kAcceptedWithRejections ? "partial"
                       : pending                                               ? "partial"
                                                                               : "rejected";
  page.Raw("<div class=\"banner " + banner + "\"><p>");
  page.Text(StatusText(s.status));
  if (s.counts) page.Text(": this is the submission that counts for " + s.period);
  if (s.superseded) page.Text(": superseded by a later accepted submission");
  if (s.test) page.Text(" (test submission: never counted)");
  page.Raw("</p></div>\n");
  if (!s.message.empty()) page.Element("p", s.message, "error");
  page.Raw("<dl>");
  auto row = [&](std::string_view term, const std::string& value) {
    page.Element("dt", term);
    page.Element("dd", value);
  };
  row("Data set version", s.dataset + " " + s.version);
  row("Window", s.window_kind + ", submission " + std::to_string(s.submission_number));
  row("Uploaded", FormatDateTime(s.uploaded_at) + " UTC");
  row("File", s.format + ", " + std::to_string(s.bytes) + " bytes, SHA-256 " + s.sha256);
  if (!pending) {
    row("Rows received", std::to_string(s.rows_received));
    row("Rows rejected", std::to_string(s.rows_rejected));
    row("Findings", std::to_string(s.findings));
  }
  page.Raw("</dl>\n");
  if (report_ready) {
    page.Element("h2", "Data quality report");
    page.Raw("<ul>");
    for (std::string_view name : report::kReportFiles) {
      page.Raw("<li><a href=\"");
      page.Text(SubmissionPath(s) + "/files/" + std::string(name));
      page.Raw("\">");
      page.Text(name);
      page.Raw("</a></li>");
    }
    page.Raw("</ul>\n");
    if (can_compare) {
      page.Raw("<p><a href=\"");
      page.Text(SubmissionPath(s) + "/comparison");
      page.Raw("\">What changed since the previous submission of ");
      page.Text(s.period);
      page.Raw("</a></p>\n");
    }
  } else if (pending) {
    page.Element("p", "This page refreshes itself until the report is ready.", "none");
  }
  page.Raw("<p><a href=\"");
  page.Text(DatasetPath(s.org, s.dataset));
  page.Raw("\">All submissions of ");
  page.Text(s.org + " " + s.dataset);
  page.Raw("</a></p>\n");
  return page.Close();
}

std::string ComparisonPage(const PageViewer& viewer, const SubmissionComparison& c) {
  report::Page page;
  OpenServicePage(
      page, "Submission " + std::to_string(c.after.id) + " against " + std::to_string(c.before.id),
      viewer);
  page.Element("p", c.after.org + " " + c.after.dataset + ": submission " +
                        std::to_string(c.after.id) + " (" + c.after.period + ", uploaded " +
                        FormatDateTime(c.after.uploaded_at) + " UTC, " +
                        std::to_string(c.after.findings) + " findings) against submission " +
                        std::to_string(c.before.id) + " (" + c.before.period + ", uploaded " +
                        FormatDateTime(c.before.uploaded_at) + " UTC, " +
                        std::to_string(c.before.findings) + " findings).");
  page.Element("p",
               std::to_string(c.findings.fixed) + " fixed, " + std::to_string(c.findings.added) +
                   " new, " + std::to_string(c.findings.unchanged) + " unchanged.",
               "status");
  if (c.findings.rules.empty()) {
    page.Element("p", "Neither submission has any finding.", "none");
  } else {
    page.Raw(
        "<table class=\"comparison\"><thead><tr><th>Rule</th><th>Severity</th>"
        "<th class=\"num\">Before</th><th class=\"num\">After</th><th class=\"num\">Fixed</th>"
        "<th class=\"num\">New</th><th class=\"num\">Unchanged</th></tr></thead><tbody>\n");
    for (const RuleComparison& r : c.findings.rules) {
      page.Raw("<tr>");
      page.Element("td", r.code);
      page.Element("td", r.severity);
      for (int64_t n : {r.before, r.after, r.fixed, r.added, r.unchanged}) {
        page.Element("td", std::to_string(n), "num");
      }
      page.Raw("</tr>\n");
    }
    page.Raw("</tbody></table>\n");
    auto examples = [&page](std::string_view title, const RuleComparison& r,
                            const std::vector<ComparedFinding>& list, int64_t total) {
      if (list.empty()) return;
      page.Raw("<details><summary>");
      page.Element("code", r.code);
      page.Text(" " + std::string(title) + ": " + std::to_string(total));
      page.Raw(
          "</summary><table><thead><tr><th>Table</th><th>Keys</th><th>Item</th>"
          "<th>Value</th><th>Message</th></tr></thead><tbody>\n");
      for (const ComparedFinding& f : list) {
        page.Raw("<tr>");
        for (const std::string* v : {&f.table, &f.keys, &f.item, &f.value, &f.message}) {
          page.Element("td", *v);
        }
        page.Raw("</tr>\n");
      }
      page.Raw("</tbody></table></details>\n");
    };
    page.Element("h2", "Examples");
    for (const RuleComparison& r : c.findings.rules) {
      examples("new", r, r.added_examples, r.added);
      examples("fixed", r, r.fixed_examples, r.fixed);
    }
  }
  page.Raw("<p><a href=\"");
  page.Text(SubmissionPath(c.after));
  page.Raw("\">Back to submission ");
  page.Text(std::to_string(c.after.id));
  page.Raw("</a></p>\n");
  return page.Close();
}

std::string ErrorPage(const PageViewer& viewer, int status, std::string_view message) {
  report::Page page;
  OpenServicePage(page, status == 404 ? "Not found" : "Refused", viewer);
  page.Element("p", message, "error");
  page.Raw("<p><a href=\"/\">Back to your organisations</a></p>\n");
  return page.Close();
}

}  // namespace mhds::serve
