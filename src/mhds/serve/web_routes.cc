// The web pages for people: sign-in, the organisations and data sets a person may see, a data
// set's windows, upload form and history, a submission's status and its report files.
#include <optional>
#include <set>

#include "mhds/account/audit_log.h"
#include "mhds/account/csrf.h"
#include "mhds/serve/access_check.h"
#include "mhds/serve/handler_support.h"
#include "mhds/serve/report_files.h"
#include "mhds/serve/request_auth.h"
#include "mhds/serve/responses.h"
#include "mhds/serve/routes.h"
#include "mhds/serve/submission_comparison.h"
#include "mhds/serve/upload_handler.h"
#include "mhds/serve/web_pages.h"

namespace mhds::serve {
namespace {

constexpr char kPageOrgDataset[] = R"(/orgs/([A-Za-z0-9]{1,12})/([a-z0-9_]{1,32}))";
constexpr char kPageId[] = R"(/submissions/(\d{1,18}))";
constexpr char kPageFile[] = R"(/files/([a-z_]{1,32}\.(?:json|html|csv)))";

void Home(Service& service, const httplib::Request& req, httplib::Response& res) {
  auto db = LeaseOr503(service, res, AnswerAs::kPage);
  if (!db) return;
  AccessCheck check = CheckSignedIn(service, **db, req);
  if (!check.allowed()) return RefusePage(res, check);
  auto grants = service.AccountsOn(**db).GrantsOf(check.principal);
  if (!grants.ok()) return SendHtml(res, 503, ErrorPage({}, 503, "Try again shortly."));
  std::vector<HomeLink> links;
  std::set<std::pair<std::string, std::string>> seen;
  for (const account::Grant& g : *grants) {
    std::vector<std::string> datasets = {g.dataset};
    if (g.dataset == account::kAllDatasets) datasets = service.options().accounts.datasets;
    for (const std::string& d : datasets) {
      if (seen.insert({g.org_ods, d}).second) {
        links.push_back({g.org_ods, d, std::string(account::UserRoleName(g.role))});
      }
    }
  }
  SendHtml(res, 200, HomePage(PageViewerFor(req, check.principal), links));
}

void SignInForm(const httplib::Request&, httplib::Response& res) {
  SendHtml(res, 200, SignInPage(""));
}

void PageSignIn(Service& service, const httplib::Request& req, httplib::Response& res,
                const httplib::ContentReader& reader) {
  auto body = ReadSmallBody(reader, service.options().max_form_bytes);
  if (!body) return SendHtml(res, 413, SignInPage("The form was too large."));
  auto form = ParseForm(*body);
  auto db = LeaseOr503(service, res, AnswerAs::kPage);
  if (!db) return;
  auto result = service.AccountsOn(**db).SignIn(form["username"], form["password"],
                                                    form["code"], req.remote_addr);
  if (!result.ok()) {
    service.Log("sign-in: " + result.status().message());
    return SendHtml(res, 503, SignInPage("The service is busy; try again shortly."));
  }
  if (result->failure == account::SignInFailure::kLocked) {
    return SendHtml(res, 429,
                    SignInPage("Too many failed sign-ins: the account is locked for a while."));
  }
  if (!result->ok()) return SendHtml(res, 401, SignInPage("Wrong username, password or code."));
  res.set_header("Set-Cookie",
                 SessionCookie(result->session_token, result->expires_at - service.Now()));
  SeeOther(res, "/");
}

void PageSignOut(Service& service, const httplib::Request& req, httplib::Response& res,
                 const httplib::ContentReader& reader) {
  auto body = ReadSmallBody(reader, service.options().max_form_bytes);
  auto credential = CredentialOf(req);
  if (!credential || credential->kind != account::Credential::Kind::kSession) {
    return SeeOther(res, "/sign-in");
  }
  auto form = ParseForm(body.value_or(""));
  if (!CsrfOk(req, *credential, form[kCsrfField])) {
    return SendHtml(res, 403, ErrorPage({}, 403, "The form has expired; reload the page."));
  }
  auto db = LeaseOr503(service, res, AnswerAs::kPage);
  if (!db) return;
  if (Status s = service.AccountsOn(**db).SignOut(credential->secret); !s.ok()) {
    service.Log("sign-out: " + s.message());
  }
  res.set_header("Set-Cookie", ClearedSessionCookie());
  SeeOther(res, "/sign-in");
}

void DatasetHome(Service& service, const httplib::Request& req, httplib::Response& res) {
  std::string org = req.matches[1], dataset = req.matches[2];
  auto db = LeaseOr503(service, res, AnswerAs::kPage);
  if (!db) return;
  AccessCheck check = CheckAccess(service, **db, req, org, dataset, account::Action::kViewStatus);
  if (!check.allowed()) return RefusePage(res, check);
  PageViewer viewer = PageViewerFor(req, check.principal);
  DatasetView view;
  view.org = org;
  view.dataset = dataset;
  if (const SubmissionCalendar* calendar = service.Calendar(dataset)) {
    view.open = calendar->OpenOn(service.Today());
    view.next = calendar->NextOpening(service.Today());
  }
  auto history = SubmissionHistory(**db, org, dataset);
  if (!history.ok()) return SendHtml(res, 503, ErrorPage(viewer, 503, "Try again shortly."));
  view.history = std::move(history).value();
  auto upload =
      service.AccountsOn(**db).Authorise(check.principal, org, dataset, account::Action::kUpload);
  view.can_upload = upload.ok() && upload->allowed();
  SendHtml(res, 200, DatasetPage(viewer, view));
}

void UploadForm(Service& service, const httplib::Request& req, httplib::Response& res,
                const httplib::ContentReader& reader) {
  if (!req.is_multipart_form_data()) {
    DrainBody(reader);
    return SendHtml(res, 400, ErrorPage({}, 400, "Upload with the form on the data set page."));
  }
  UploadOutcome outcome = ReceiveFormUpload(service, req, reader, req.matches[1], req.matches[2]);
  if (!outcome.submission) {
    if (outcome.http_status == 401) return SeeOther(res, "/sign-in");
    return SendHtml(res, outcome.http_status, ErrorPage({}, outcome.http_status, outcome.error));
  }
  SeeOther(res, SubmissionPath(*outcome.submission));
}

// Authorises and finds the submission of the path; answers and returns nullopt when refused.
std::optional<Submission> PagePathSubmission(Service& service, store::Database& db,
                                             const httplib::Request& req, httplib::Response& res,
                                             account::Action action, account::Principal* who) {
  std::string org = req.matches[1], dataset = req.matches[2];
  AccessCheck check = CheckAccess(service, db, req, org, dataset, action);
  if (!check.allowed()) {
    RefusePage(res, check);
    return std::nullopt;
  }
  *who = check.principal;
  auto found = FindSubmission(db, std::stoll(req.matches[3]), org, dataset);
  if (!found.ok() || !found->has_value()) {
    int status = found.ok() ? 404 : 503;
    SendHtml(res, status,
             ErrorPage(PageViewerFor(req, *who), status,
                       found.ok() ? kNotFoundText : "The service is busy; try again shortly."));
    return std::nullopt;
  }
  return **found;
}

void SubmissionHome(Service& service, const httplib::Request& req, httplib::Response& res) {
  auto db = LeaseOr503(service, res, AnswerAs::kPage);
  if (!db) return;
  account::Principal who;
  auto s = PagePathSubmission(service, **db, req, res, account::Action::kViewStatus, &who);
  if (!s) return;
  const bool in_progress =
      s->status == SubmissionStatus::kReceived || s->status == SubmissionStatus::kValidating;
  if (in_progress) res.set_header("Refresh", "5");
  // The worker writes the report files before it records the outcome (and, for MHSDS, the
  // history): until then the page says "validating" and offers no report, so that the two never
  // disagree.
  bool ready = !in_progress && ReportReady(service.paths(), s->id);
  bool can_compare = false;
  if (ready) {
    auto month = SubmissionHistory(**db, s->org, s->dataset, s->period);
    for (const Submission& earlier : month.ok() ? *month : std::vector<Submission>{}) {
      can_compare = can_compare || (earlier.id < s->id && ReportReady(service.paths(), earlier.id));
    }
  }
  SendHtml(res, 200, SubmissionPage(PageViewerFor(req, who), *s, ready, can_compare));
}

void CompareHome(Service& service, const httplib::Request& req, httplib::Response& res) {
  auto db = LeaseOr503(service, res, AnswerAs::kPage);
  if (!db) return;
  account::Principal who;
  auto s = PagePathSubmission(service, **db, req, res, account::Action::kViewReport, &who);
  if (!s) return;
  SubmissionComparison c =
      CompareSubmissions(**db, service.paths(), *s, req.get_param_value("with"));
  if (c.http_status != 200) {
    return SendHtml(res, c.http_status, ErrorPage(PageViewerFor(req, who), c.http_status, c.error));
  }
  SendHtml(res, 200, ComparisonPage(PageViewerFor(req, who), c));
  account::AuditRecord record;
  record.event = account::audit_event::kReportView;
  record.at = service.Now();
  record.user_id = who.user_id;
  record.actor = who.username;
  record.org = s->org;
  record.dataset = s->dataset;
  record.detail = "comparison of submissions " + std::to_string(c.before.id) + " and " +
                  std::to_string(c.after.id);
  if (Status st = account::AppendAudit(**db, record); !st.ok()) {
    service.Log("audit: " + st.message());
  }
}

void PageReportFile(Service& service, const httplib::Request& req, httplib::Response& res) {
  std::string name = req.matches[4];
  auto db = LeaseOr503(service, res, AnswerAs::kPage);
  if (!db) return;
  account::Principal who;
  auto s = PagePathSubmission(
      service, **db, req, res,
      IsReportFile(name) ? ActionForReportFile(name) : account::Action::kViewReport, &who);
  if (!s) return;
  if (!IsReportFile(name) || !SendReportFile(service.paths(), s->id, name, res)) {
    return SendHtml(res, 404,
                    ErrorPage(PageViewerFor(req, who), 404, "That report file is not ready."));
  }
  account::AuditRecord record;
  record.event = ActionForReportFile(name) == account::Action::kViewReport
                     ? account::audit_event::kReportView
                     : account::audit_event::kDownload;
  record.at = service.Now();
  record.user_id = who.user_id;
  record.actor = who.username;
  record.org = s->org;
  record.dataset = s->dataset;
  record.detail = "submission " + std::to_string(s->id) + " " + name;
  if (Status st = account::AppendAudit(**db, record); !st.ok()) {
    service.Log("audit: " + st.message());
  }
}

}  // namespace

void RegisterWebRoutes(httplib::Server& server, Service& service) {
  Service* svc = &service;
  auto get = [&server, svc](const std::string& pattern, auto handler) {
    server.Get(pattern, [svc, handler](const httplib::Request& req, httplib::Response& res) {
      handler(*svc, req, res);
    });
  };
  auto post = [&server, svc](const std::string& pattern, auto handler) {
    server.Post(pattern, [svc, handler](const httplib::Request& req, httplib::Response& res,
                                        const httplib::ContentReader& reader) {
      handler(*svc, req, res, reader);
    });
  };
  get("/", Home);
  server.Get("/sign-in", SignInForm);
  post("/sign-in", PageSignIn);
  post("/sign-out", PageSignOut);
  get(kPageOrgDataset, DatasetHome);
  post(std::string(kPageOrgDataset) + "/submissions", UploadForm);
  get(std::string(kPageOrgDataset) + kPageId, SubmissionHome);
  get(std::string(kPageOrgDataset) + kPageId + "/comparison", CompareHome);
  get(std::string(kPageOrgDataset) + kPageId + kPageFile, PageReportFile);
}

}  // namespace mhds::serve
