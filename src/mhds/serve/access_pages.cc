#include "mhds/serve/access_pages.h"

#include "mhds/base/calendar.h"
#include "mhds/report/html_page.h"

namespace mhds::serve {
namespace {

void CsrfInput(report::Page& page, const PageViewer& viewer) {
  page.Raw("<input type=\"hidden\" name=\"csrf\" value=\"");
  page.Text(viewer.csrf);
  page.Raw("\">");
}

std::string WhenText(int64_t unix_seconds) { return FormatDateTime(unix_seconds) + " UTC"; }

void NoticeParagraph(report::Page& page, std::string_view notice) {
  if (!notice.empty()) page.Element("p", notice, "error");
}

void GrantsTable(report::Page& page, const PageViewer& viewer,
                 const std::vector<account::Grant>& grants, bool with_user, bool can_revoke) {
  if (grants.empty()) {
    page.Element("p", "No access is granted.", "none");
    return;
  }
  page.Raw("<table><thead><tr>");
  if (with_user) page.Raw("<th>User</th>");
  page.Raw("<th>Organisation</th><th>Data set</th><th>Role</th><th>Granted</th><th>By</th>");
  if (can_revoke) page.Raw("<th>Revoke</th>");
  page.Raw("</tr></thead><tbody>\n");
  for (const account::Grant& g : grants) {
    page.Raw("<tr>");
    if (with_user) page.Element("td", g.username);
    page.Element("td", g.org_ods);
    page.Element("td", g.dataset == account::kAllDatasets ? "every data set" : g.dataset);
    page.Element("td", account::UserRoleName(g.role));
    page.Element("td", WhenText(g.granted_at));
    page.Element("td", g.granted_by);
    if (can_revoke) {
      page.Raw("<td><form method=\"post\" action=\"");
      page.Text(OrgAccessPath(g.org_ods) + "/grants/" + std::to_string(g.id) + "/revoke");
      page.Raw("\">");
      CsrfInput(page, viewer);
      page.Raw(
          "<input type=\"text\" name=\"note\" aria-label=\"Why\" placeholder=\"why\">"
          "<button type=\"submit\">Revoke</button></form></td>");
    }
    page.Raw("</tr>\n");
  }
  page.Raw("</tbody></table>\n");
}

void RequestsTable(report::Page& page, const PageViewer& viewer,
                   const std::vector<account::AccessRequest>& requests, bool with_user,
                   bool can_decide) {
  if (requests.empty()) {
    page.Element("p", "No access request.", "none");
    return;
  }
  page.Raw("<table><thead><tr><th>Request</th>");
  if (with_user) page.Raw("<th>User</th>");
  page.Raw(
      "<th>Organisation</th><th>Data set</th><th>Role</th><th>Purpose</th><th>Asked</th>"
      "<th>State</th><th>Decision</th></tr></thead><tbody>\n");
  for (const account::AccessRequest& r : requests) {
    page.Raw("<tr>");
    page.Element("td", std::to_string(r.id));
    if (with_user) page.Element("td", r.username);
    page.Element("td", r.org_ods);
    page.Element("td", r.dataset);
    page.Element("td", account::UserRoleName(r.role));
    page.Element("td", r.purpose);
    page.Element("td", WhenText(r.requested_at));
    page.Element("td", account::RequestStateName(r.state), "status");
    page.Raw("<td>");
    if (r.state != account::RequestState::kPending) {
      page.Text(r.decided_by + (r.decided_at ? ", " + WhenText(*r.decided_at) : "") +
                (r.decision_note.empty() ? "" : ": " + r.decision_note));
    } else if (can_decide) {
      page.Raw("<form method=\"post\" action=\"");
      page.Text(OrgAccessPath(r.org_ods) + "/requests/" + std::to_string(r.id));
      page.Raw("\">");
      CsrfInput(page, viewer);
      page.Raw(
          "<input type=\"text\" name=\"note\" aria-label=\"Note\" placeholder=\"note\">"
          "<button type=\"submit\" name=\"decision\" value=\"approve\">Approve</button> "
          "<button type=\"submit\" name=\"decision\" value=\"refuse\">Refuse</button></form>");
    }
    page.Raw("</td></tr>\n");
  }
  page.Raw("</tbody></table>\n");
}

void Options(report::Page& page, const std::vector<std::string>& values) {
  for (const std::string& v : values) {
    page.Raw("<option value=\"");
    page.Text(v);
    page.Raw("\">");
    page.Text(v);
    page.Raw("</option>");
  }
}

}  // namespace

std::string OrgAccessPath(std::string_view org) { return "/access/orgs/" + std::string(org); }

std::string MyAccessPage(const PageViewer& viewer, const MyAccessView& view) {
  report::Page page;
  OpenServicePage(page, "Your access", viewer);
  NoticeParagraph(page, view.notice);
  if (!view.siro_orgs.empty() || view.is_operator) {
    page.Raw("<ul>");
    for (const std::string& org : view.siro_orgs) {
      page.Raw("<li><a href=\"");
      page.Text(OrgAccessPath(org));
      page.Raw("\">Decide access to ");
      page.Text(org);
      page.Raw("'s data (you are its SIRO)</a></li>");
    }
    if (view.is_operator) {
      page.Raw("<li><a href=\"/admin/access\">Access across the platform (operator)</a></li>");
    }
    page.Raw("</ul>\n");
  }
  page.Element("h2", "What you may see");
  GrantsTable(page, viewer, view.grants, /*with_user=*/false, /*can_revoke=*/false);
  page.Element("h2", "Ask for access");
  if (view.requestable.empty()) {
    page.Element("p", "There is no organisation you may ask access to.", "none");
  } else {
    page.Raw("<form class=\"panel\" method=\"post\" action=\"/access\">");
    CsrfInput(page, viewer);
    page.Raw("<label for=\"org\">Organisation</label><select id=\"org\" name=\"org\">");
    for (const account::Organisation& o : view.requestable) {
      page.Raw("<option value=\"");
      page.Text(o.ods_code);
      page.Raw("\">");
      page.Text(o.ods_code + " " + o.name);
      page.Raw("</option>");
    }
    page.Raw(
        "</select><label for=\"dataset\">Data set</label><select id=\"dataset\" "
        "name=\"dataset\">");
    Options(page, view.datasets);
    page.Raw("</select><label for=\"role\">Role</label><select id=\"role\" name=\"role\">");
    Options(page, {"submitter", "viewer"});
    page.Raw(
        "</select><label for=\"purpose\">Why you need it (your SIRO reads this)</label>"
        "<textarea id=\"purpose\" name=\"purpose\" rows=\"3\" cols=\"60\" required></textarea>"
        "<button type=\"submit\">Ask</button></form>\n");
  }
  page.Element("h2", "Your requests");
  RequestsTable(page, viewer, view.requests, /*with_user=*/false, /*can_decide=*/false);
  return page.Close();
}

std::string OrgAccessPage(const PageViewer& viewer, const OrgAccessView& view) {
  report::Page page;
  OpenServicePage(page, view.org.empty() ? "Access across the platform" : "Access to " + view.org,
                  viewer);
  NoticeParagraph(page, view.notice);
  std::vector<account::AccessRequest> pending, decided;
  for (const account::AccessRequest& r : view.requests) {
    (r.state == account::RequestState::kPending ? pending : decided).push_back(r);
  }
  page.Element("h2", "Waiting for a decision");
  RequestsTable(page, viewer, pending, /*with_user=*/true, view.can_decide);
  page.Element("h2", "Who has access");
  GrantsTable(page, viewer, view.grants, /*with_user=*/true, view.can_decide);
  page.Element("h2", "Decided requests");
  RequestsTable(page, viewer, decided, /*with_user=*/true, /*can_decide=*/false);
  return page.Close();
}

std::string TokensPage(const PageViewer& viewer, const TokensView& view) {
  report::Page page;
  OpenServicePage(page, "Your API tokens", viewer);
  NoticeParagraph(page, view.notice);
  if (view.created) {
    page.Raw(
        "<div class=\"banner accepted\"><p>Your new token (copy it now: it is not shown "
        "again): <code>");
    page.Text(view.created->secret);
    page.Raw("</code></p></div>\n");
  }
  page.Element("p",
               "A token lets a script act for you on one organisation and data set, never "
               "beyond what you are granted when it is used. Send it as "
               "\"Authorization: Bearer mhds_...\".");
  page.Element("h2", "Create a token");
  if (view.scopes.empty()) {
    page.Element("p", "You have no access a token could use.", "none");
  } else {
    page.Raw("<form class=\"panel\" method=\"post\" action=\"/tokens\">");
    CsrfInput(page, viewer);
    page.Raw(
        "<label for=\"scope\">Organisation and data set</label><select id=\"scope\" "
        "name=\"scope\">");
    for (const TokenScope& s : view.scopes) {
      page.Raw("<option value=\"");
      page.Text(s.org + "/" + s.dataset);
      page.Raw("\">");
      page.Text(s.org + " " + s.dataset);
      page.Raw("</option>");
    }
    page.Raw(
        "</select><label for=\"label\">Label (what the script is)</label>"
        "<input type=\"text\" id=\"label\" name=\"label\" maxlength=\"200\" required>"
        "<label for=\"days\">Days until it expires</label>"
        "<input type=\"text\" id=\"days\" name=\"days\" inputmode=\"numeric\" value=\"90\">"
        "<button type=\"submit\">Create</button></form>\n");
  }
  page.Element("h2", "Your tokens");
  if (view.tokens.empty()) {
    page.Element("p", "You have no API token.", "none");
    return page.Close();
  }
  page.Raw(
      "<table><thead><tr><th>Token</th><th>Label</th><th>Organisation</th><th>Data set</th>"
      "<th>Created</th><th>Expires</th><th>State</th></tr></thead><tbody>\n");
  for (const account::ApiToken& t : view.tokens) {
    page.Raw("<tr>");
    page.Element("td", std::to_string(t.id));
    page.Element("td", t.label);
    page.Element("td", t.org_ods);
    page.Element("td", t.dataset);
    page.Element("td", WhenText(t.created_at));
    page.Element("td", WhenText(t.expires_at));
    page.Raw("<td>");
    if (t.revoked) {
      page.Text("revoked");
    } else {
      page.Raw("<form method=\"post\" action=\"/tokens/");
      page.Number(static_cast<uint64_t>(t.id));
      page.Raw("/revoke\">");
      CsrfInput(page, viewer);
      page.Raw("<button type=\"submit\">Revoke</button></form>");
    }
    page.Raw("</td></tr>\n");
  }
  page.Raw("</tbody></table>\n");
  return page.Close();
}

}  // namespace mhds::serve
