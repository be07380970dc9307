#include "mhds/serve/governance_pages.h"

#include <set>

#include "mhds/base/calendar.h"
#include "mhds/report/html_page.h"

namespace mhds::serve {
namespace {

constexpr std::string_view kGovStyle = R"(<style>
header.bar { display: flex; justify-content: space-between; align-items: center;
             background: #005eb8; color: #fff; padding: .6em 1.5em; }
header.bar a { color: #fff; }
header.bar form { display: inline; margin-left: 1em; }
form.panel { background: #fff; padding: 1em 1.2em; border-radius: 6px; max-width: 40em;
             margin-bottom: 1em; }
form.panel label { display: block; margin: .6em 0 .2em; font-weight: 600; }
form.panel input[type=text], form.panel textarea, form.panel select { width: 100%;
             padding: .35em; box-sizing: border-box; }
button { margin-top: 1em; padding: .4em 1.2em; background: #007f3b; color: #fff; border: 0;
         border-radius: 4px; font-size: 1em; cursor: pointer; }
.error { background: #fde8e7; border-left: 5px solid #b3261e; padding: .6em 1em; }
.state { font-weight: 600; }
.met { color: #007f3b; }
</style>
)";

void GovOpenPage(report::Page& page, std::string_view title, const PageViewer& viewer) {
  page.Open(title);
  page.Raw(kGovStyle);
  page.Raw("</main><header class=\"bar\"><a href=\"/governance\">mhds data access</a><span>");
  if (!viewer.username.empty()) {
    page.Text(viewer.username);
    page.Raw(
        "<form method=\"post\" action=\"/sign-out\"><input type=\"hidden\" name=\"csrf\" "
        "value=\"");
    page.Text(viewer.csrf);
    page.Raw("\"><button type=\"submit\">Sign out</button></form>");
  } else {
    page.Raw("<a href=\"/sign-in\">Sign in</a>");
  }
  page.Raw("</span></header><main>\n");
  page.Element("h1", title);
}

// <form class="panel" id="form-ID" method="post" action="ACTION"> with the CSRF field.
void GovOpenForm(report::Page& page, const PageViewer& viewer, const std::string& id,
                 const std::string& action, const std::string& heading) {
  page.Raw("<form class=\"panel\" id=\"form-");
  page.Text(id);
  page.Raw("\" method=\"post\" action=\"");
  page.Text(action);
  page.Raw("\"><input type=\"hidden\" name=\"csrf\" value=\"");
  page.Text(viewer.csrf);
  page.Raw("\">");
  page.Element("h3", heading);
}

void GovField(report::Page& page, const std::string& name, const std::string& label,
              const std::string& value = "") {
  page.Raw("<label for=\"");
  page.Text(name);
  page.Raw("\">");
  page.Text(label);
  page.Raw("</label><input type=\"text\" id=\"");
  page.Text(name);
  page.Raw("\" name=\"");
  page.Text(name);
  page.Raw("\" value=\"");
  page.Text(value);
  page.Raw("\">");
}

void GovTextArea(report::Page& page, const std::string& name, const std::string& label) {
  page.Raw("<label for=\"");
  page.Text(name);
  page.Raw("\">");
  page.Text(label);
  page.Raw("</label><textarea rows=\"4\" id=\"");
  page.Text(name);
  page.Raw("\" name=\"");
  page.Text(name);
  page.Raw("\"></textarea>");
}

void GovSelect(report::Page& page, const std::string& name, const std::string& label,
               const std::vector<std::string>& options) {
  page.Raw("<label for=\"");
  page.Text(name);
  page.Raw("\">");
  page.Text(label);
  page.Raw("</label><select id=\"");
  page.Text(name);
  page.Raw("\" name=\"");
  page.Text(name);
  page.Raw("\">");
  for (const std::string& o : options) {
    page.Raw("<option value=\"");
    page.Text(o);
    page.Raw("\">");
    page.Text(o);
    page.Raw("</option>");
  }
  page.Raw("</select>");
}

void GovCloseForm(report::Page& page, const std::string& button) {
  page.Raw("<button type=\"submit\">");
  page.Text(button);
  page.Raw("</button></form>\n");
}

std::string YesNo(bool b) { return b ? "yes" : "no"; }

// The forms for what the viewer may do in the application's state, one per kind of step.
void StepForms(report::Page& page, const PageViewer& viewer, const GovernanceViewer& who,
               const govern::Workflow& workflow, const govern::ApplicationDetail& d) {
  const std::string base = ApplicationPath(d.summary.reference) + "/";
  std::set<std::string> shown;
  for (const govern::Transition& t : workflow.transitions()) {
    if (t.from != d.summary.state || !who.CanActAs(t.role, d.summary.applicant_ods)) continue;
    const std::string& a = t.action;
    if (a == "revise") {
      GovOpenForm(page, viewer, "version", base + "version", "Record a new version");
      GovTextArea(page, "application", "The application (JSON, docs/governance.md)");
      GovCloseForm(page, "Record version");
    } else if (a == "recommend" || a == "defer" || a == "not_recommend") {
      if (!shown.insert("review").second) continue;
      GovOpenForm(page, viewer, "review", base + "review", "Panel review");
      GovField(page, "panel", "Panel (IGARD, AGD, PAG, Internal)", "AGD");
      GovField(page, "meeting_date", "Meeting date (YYYY-MM-DD)");
      GovSelect(page, "outcome", "Outcome",
                {"recommended", "recommended_with_conditions", "deferred", "not_recommended"});
      GovTextArea(page, "conditions", "Conditions (one a line)");
      GovCloseForm(page, "Record review");
    } else if (a == "approve" || a == "refuse") {
      if (!shown.insert("decision").second) continue;
      GovOpenForm(page, viewer, "decision", base + "decision", "Decision");
      GovSelect(page, "outcome", "Outcome", {"approve", "refuse"});
      GovField(page, "reason", "Reason");
      GovCloseForm(page, "Record decision");
    } else if (a == "sign") {
      GovOpenForm(page, viewer, "agreement", base + "agreement", "Signed agreement");
      GovField(page, "start", "Start (YYYY-MM-DD)");
      GovField(page, "end", "End (YYYY-MM-DD)");
      GovField(page, "signed_by_nhse", "Signed for NHS England by");
      GovField(page, "signed_by_applicant", "Signed for the applicant by");
      GovField(page, "po", "Purchase order (optional)");
      GovCloseForm(page, "Record agreement");
    } else if (a == "release") {
      GovOpenForm(page, viewer, "release", base + "release", "Release a file");
      std::vector<std::string> datasets;
      for (const auto& ds : d.datasets) datasets.push_back(ds.dataset);
      GovSelect(page, "dataset", "Data set", datasets);
      GovField(page, "file_reference", "File reference (FILE and 7 digits)");
      GovField(page, "month", "Month released (YYYY-MM)");
      GovField(page, "channel", "Channel (SEFT or SDE)", "SEFT");
      page.Raw(
          "<label><input type=\"checkbox\" id=\"opt_outs_applied\" name=\"opt_outs_applied\">"
          " National data opt-outs applied</label>");
      GovField(page, "records_before", "Records before opt-outs");
      GovField(page, "records_after", "Records released");
      GovField(page, "file_sha256", "SHA-256 of the file");
      GovTextArea(page, "manifest",
                  "Or: the extract's manifest.json (its files, hashes, counts and opt-outs are "
                  "recorded instead)");
      GovCloseForm(page, "Record release");
    } else if (a == "release_output") {
      GovOpenForm(page, viewer, "output_release", base + "output_release",
                  "Release a checked output");
      GovField(page, "output", "Output name");
      GovCloseForm(page, "Release output");
    } else if (a == "audit_passed" || a == "suspend") {
      if (!shown.insert("audit").second) continue;
      GovOpenForm(page, viewer, "audit", base + "audit", "Audit");
      GovField(page, "finding", "Finding");
      GovSelect(page, "severity", "Severity (major suspends)", {"none", "minor", "major"});
      GovCloseForm(page, "Record audit");
    } else if (a == "destroy") {
      GovOpenForm(page, viewer, "destruction", base + "destruction", "Destruction certificate");
      GovField(page, "destroyed_on", "Destroyed on (YYYY-MM-DD)");
      GovField(page, "certificate_sha256", "SHA-256 of the certificate");
      GovCloseForm(page, "Record destruction");
    } else {
      GovOpenForm(page, viewer, "act-" + a, base + "act", a + ": " + t.description);
      page.Raw("<input type=\"hidden\" name=\"action\" value=\"");
      page.Text(a);
      page.Raw("\">");
      GovField(page, "reason", "Reason");
      GovCloseForm(page, a);
    }
  }
  if (d.summary.state == "ACTIVE" && who.CanActAs(govern::kCheckerRole, "")) {
    GovOpenForm(page, viewer, "output_check", base + "output_check", "Check an output");
    GovField(page, "output", "Output name");
    GovSelect(page, "vote", "Vote", {"approve", "changes_requested"});
    GovCloseForm(page, "Record vote");
  }
}

}  // namespace

std::string ApplicationPath(const std::string& reference) {
  return "/governance/applications/" + reference;
}

std::string GovernanceHomePage(const PageViewer& viewer, const GovernanceViewer& who,
                               const std::vector<govern::ApplicationSummary>& applications,
                               const std::optional<govern::LedgerVerification>& ledger) {
  report::Page page;
  GovOpenPage(page, "Data access applications", viewer);
  page.Raw("<p>Your governance roles: ");
  if (who.roles.empty()) page.Text("none (ask an operator)");
  for (size_t i = 0; i < who.roles.size(); ++i) {
    page.Text((i ? ", " : "") + who.roles[i].role +
              (who.roles[i].org_ods.empty() ? "" : " for " + who.roles[i].org_ods));
  }
  page.Raw(". <a href=\"/governance/register\">The release register</a></p>\n");
  if (ledger) {
    page.Raw("<p id=\"ledger-status\">Ledger: ");
    page.Text(ledger->ok()
                  ? "intact, " + std::to_string(ledger->entries_checked) + " entries verified"
                  : "BROKEN at entry " + std::to_string(*ledger->first_broken) + ": " +
                        ledger->reason);
    page.Raw("</p>\n");
  }
  if (applications.empty()) {
    page.Element("p", "No application you may see.", "none");
  } else {
    page.Raw(
        "<table><thead><tr><th>Reference</th><th>Title</th><th>Applicant</th><th>Version</th>"
        "<th>State</th></tr></thead><tbody>\n");
    for (const auto& a : applications) {
      page.Raw("<tr><td><a href=\"");
      page.Text(ApplicationPath(a.reference));
      page.Raw("\">");
      page.Text(a.reference);
      page.Raw("</a></td><td>");
      page.Text(a.title);
      page.Raw("</td><td>");
      page.Text(a.applicant_name + " (" + a.applicant_ods + ")");
      page.Raw("</td><td>");
      page.Text(a.version);
      page.Raw("</td><td class=\"state\">");
      page.Text(a.state);
      page.Raw("</td></tr>\n");
    }
    page.Raw("</tbody></table>\n");
  }
  bool applicant = false;
  for (const auto& r : who.roles) applicant = applicant || r.role == govern::kApplicantRole;
  if (applicant) {
    GovOpenForm(page, viewer, "apply", "/governance/applications", "Open an application");
    GovTextArea(page, "application", "The application (JSON, docs/governance.md)");
    GovCloseForm(page, "Open application");
  }
  return page.Close();
}

std::string ApplicationPage(const PageViewer& viewer, const GovernanceViewer& who,
                            const govern::Workflow& workflow, const govern::ApplicationDetail& d) {
  report::Page page;
  GovOpenPage(page, d.summary.reference, viewer);
  page.Element("p", d.summary.title);
  page.Raw("<p>Applicant: ");
  page.Text(d.summary.applicant_name + " (" + d.summary.applicant_ods + "). Version ");
  page.Text(d.summary.version);
  page.Raw(". State: <span class=\"state\" id=\"state\">");
  page.Text(d.summary.state);
  page.Raw("</span></p>\n");
  page.Element("h2", "Data sets requested");
  page.Raw(
      "<table><thead><tr><th>Data set</th><th>Type of data</th><th>Legal basis</th>"
      "<th>Opt-outs apply</th></tr></thead><tbody>\n");
  for (const auto& ds : d.datasets) {
    page.Raw("<tr><td>");
    page.Text(ds.dataset);
    page.Raw("</td><td>");
    page.Text(ds.type_of_data);
    page.Raw("</td><td>");
    page.Text(ds.legal_basis);
    page.Raw("</td><td>");
    page.Text(ds.opt_out_applies ? YesNo(*ds.opt_out_applies) : "not decided");
    page.Raw("</td></tr>\n");
  }
  page.Raw("</tbody></table>\n");
  if (!d.conditions.empty()) {
    page.Element("h2", "Panel conditions");
    page.Raw("<ul id=\"conditions\">");
    const bool can_meet = who.CanActAs(govern::kApplicantRole, d.summary.applicant_ods) ||
                          who.CanActAs("case_officer", "");
    for (const auto& c : d.conditions) {
      page.Raw("<li>#");
      page.Number(static_cast<uint64_t>(c.id));
      page.Raw(" ");
      page.Text(c.text + " (" + c.panel + " " + c.meeting_date + "): ");
      page.Element("span", c.met ? "met" : "not met", c.met ? "met" : "");
      if (!c.met && can_meet) {
        page.Raw("<form method=\"post\" id=\"form-meet-");
        page.Number(static_cast<uint64_t>(c.id));
        page.Raw("\" action=\"/governance/conditions/");
        page.Number(static_cast<uint64_t>(c.id));
        page.Raw("/met\"><input type=\"hidden\" name=\"csrf\" value=\"");
        page.Text(viewer.csrf);
        page.Raw("\"><button type=\"submit\">Mark met</button></form>");
      }
      page.Raw("</li>");
    }
    page.Raw("</ul>\n");
  }
  if (!d.releases.empty()) {
    page.Element("h2", "Releases");
    page.Raw(
        "<table id=\"releases\"><thead><tr><th>File</th><th>Data set</th><th>Month</th>"
        "<th>Opt-outs applied</th><th>Records</th><th>Files</th></tr></thead><tbody>\n");
    for (const auto& r : d.releases) {
      page.Raw("<tr><td>");
      page.Text(r.file_reference);
      page.Raw("</td><td>");
      page.Text(r.dataset);
      page.Raw("</td><td>");
      page.Text(r.month);
      page.Raw("</td><td>");
      page.Text(YesNo(r.opt_outs_applied));
      page.Raw("</td><td>");
      if (r.records_before && r.records_after) {
        page.Text(std::to_string(*r.records_before) + " before, " +
                  std::to_string(*r.records_after) + " released");
      }
      page.Raw("</td><td>");
      for (const auto& f : r.files) page.Text(f.name + " " + f.sha256.substr(0, 12) + "… ");
      page.Raw("</td></tr>\n");
    }
    page.Raw("</tbody></table>\n");
  }
  page.Element("h2", "What you can do now");
  StepForms(page, viewer, who, workflow, d);
  page.Element("h2", "History (from the ledger)");
  page.Raw(
      "<table id=\"history\"><thead><tr><th>#</th><th>When (UTC)</th><th>Action</th>"
      "<th>From</th><th>To</th><th>Who</th><th>Reason</th></tr></thead><tbody>\n");
  for (const auto& e : d.history) {
    page.Raw("<tr><td>");
    page.Number(static_cast<uint64_t>(e.seq));
    page.Raw("</td><td>");
    page.Text(FormatDateTime(e.record.at));
    page.Raw("</td><td>");
    page.Text(e.record.action);
    page.Raw("</td><td>");
    page.Text(e.record.from_state);
    page.Raw("</td><td>");
    page.Text(e.record.to_state);
    page.Raw("</td><td>");
    page.Text(e.record.actor + " (" + e.record.role + ")");
    page.Raw("</td><td>");
    page.Text(e.record.reason);
    page.Raw("</td></tr>\n");
  }
  page.Raw("</tbody></table>\n");
  return page.Close();
}

std::string RegisterPage(const PageViewer& viewer, const std::string& month,
                         const govern::ReleaseRegister* reg, const std::string& error) {
  report::Page page;
  GovOpenPage(page, "Data release register " + month, viewer);
  page.Raw(
      "<form method=\"get\" action=\"/governance/register\"><label>Edition (YYYY-MM) "
      "<input type=\"text\" name=\"month\" value=\"");
  page.Text(month);
  page.Raw("\"></label> <button type=\"submit\">Show</button></form>\n");
  if (reg == nullptr) {
    page.Element("p", error, "error");
    return page.Close();
  }
  page.Raw("<p>Downloads: <a id=\"register-json\" href=\"/governance/register.json?month=");
  page.Text(month);
  page.Raw("\">JSON</a>");
  for (const auto& sheet : reg->sheets) {
    page.Raw(", <a href=\"/governance/register/");
    page.Text(sheet.name);
    page.Raw(".csv?month=");
    page.Text(month);
    page.Raw("\">");
    page.Text(sheet.name + ".csv");
    page.Raw("</a>");
  }
  page.Raw("</p>\n");
  for (const auto& sheet : reg->sheets) {
    page.Element("h2", sheet.name);
    page.Raw("<table id=\"sheet-");
    page.Text(sheet.name);
    page.Raw("\"><thead><tr>");
    for (const auto& c : sheet.columns) page.Element("th", c);
    page.Raw("</tr></thead><tbody>\n");
    for (const auto& row : sheet.rows) {
      page.Raw("<tr>");
      for (const auto& cell : row) page.Element("td", cell);
      page.Raw("</tr>\n");
    }
    page.Raw("</tbody></table>\n");
  }
  return page.Close();
}

}  // namespace mhds::serve
