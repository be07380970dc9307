// The JSON API, /api/v1 (docs/api.md).
#include <optional>

#include "mhds/account/audit_log.h"
#include "mhds/account/csrf.h"
#include "mhds/base/calendar.h"
#include "mhds/serve/access_check.h"
#include "mhds/serve/handler_support.h"
#include "mhds/serve/report_files.h"
#include "mhds/serve/request_auth.h"
#include "mhds/serve/responses.h"
#include "mhds/serve/routes.h"
#include "mhds/serve/submission_comparison.h"
#include "mhds/serve/submission_json.h"
#include "mhds/serve/upload_handler.h"

namespace mhds::serve {
namespace {

// Path parts: an ODS code, a data set folder name, a submission id, a report file name.
constexpr char kOrgDataset[] = R"(/api/v1/orgs/([A-Za-z0-9]{1,12})/datasets/([a-z0-9_]{1,32}))";
constexpr char kId[] = R"(/submissions/(\d{1,18}))";
constexpr char kFile[] = R"(/files/([a-z_]{1,32}\.(?:json|html|csv)))";

std::string Pattern(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (std::string_view p : parts) out += p;
  return out;
}

void Audit(Service& service, store::Database& db, const char* event, const account::Principal& who,
           std::string_view org, std::string_view dataset, std::string detail) {
  account::AuditRecord record;
  record.event = event;
  record.at = service.Now();
  record.user_id = who.user_id;
  record.actor = who.username;
  record.org = std::string(org);
  record.dataset = std::string(dataset);
  record.detail = std::move(detail);
  if (Status s = account::AppendAudit(db, record); !s.ok()) {
    service.Log("audit: " + s.message());
  }
}

void SignIn(Service& service, const httplib::Request& req, httplib::Response& res,
            const httplib::ContentReader& reader) {
  auto body = ReadSmallBody(reader, service.options().max_form_bytes);
  if (!body) return SendJsonError(res, 413, "the request body is too large");
  nlohmann::json json = nlohmann::json::parse(*body, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object() || !json["username"].is_string() || !json["password"].is_string() ||
      !json["code"].is_string()) {
    return SendJsonError(res, 400,
                         "expected {\"username\": \"...\", \"password\": \"...\", \"code\": "
                         "\"123456\"}");
  }
  auto db = LeaseOr503(service, res, AnswerAs::kJson);
  if (!db) return;
  auto result = service.AccountsOn(**db).SignIn(json["username"].get<std::string>(),
                                                json["password"].get<std::string>(),
                                                json["code"].get<std::string>(), req.remote_addr);
  if (!result.ok()) {
    service.Log("sign-in: " + result.status().message());
    return SendJsonError(res, 503, "the store is unavailable; try again shortly");
  }
  if (result->failure == account::SignInFailure::kLocked) {
    res.set_header("Retry-After",
                   std::to_string(std::max<int64_t>(1, result->locked_until - service.Now())));
    return SendJsonError(res, 429,
                         "too many failed sign-ins: the account is locked until " +
                             FormatDateTime(result->locked_until) + "Z");
  }
  if (!result->ok()) {
    return SendJsonError(res, 401, "wrong username, password or code");
  }
  res.set_header("Set-Cookie",
                 SessionCookie(result->session_token, result->expires_at - service.Now()));
  SendJson(res, 200,
           {{"username", result->principal.username},
            {"org", result->principal.org_ods},
            {"csrf_token", account::CsrfToken(result->session_token)},
            {"expires_at", FormatDateTime(result->expires_at) + "Z"}});
}

void SignOut(Service& service, const httplib::Request& req, httplib::Response& res,
             const httplib::ContentReader& reader) {
  DrainBody(reader);
  auto credential = CredentialOf(req);
  if (!credential || credential->kind != account::Credential::Kind::kSession) {
    return SendJsonError(res, 401, "no session to end");
  }
  if (!CsrfOk(req, *credential)) return SendJsonError(res, 403, "missing or wrong CSRF token");
  auto db = LeaseOr503(service, res, AnswerAs::kJson);
  if (!db) return;
  if (Status s = service.AccountsOn(**db).SignOut(credential->secret); !s.ok()) {
    service.Log("sign-out: " + s.message());
    return SendJsonError(res, 503, "the store is unavailable; try again shortly");
  }
  res.set_header("Set-Cookie", ClearedSessionCookie());
  SendJson(res, 200, {{"signed_out", true}});
}

void Me(Service& service, const httplib::Request& req, httplib::Response& res) {
  auto db = LeaseOr503(service, res, AnswerAs::kJson);
  if (!db) return;
  AccessCheck check = CheckSignedIn(service, **db, req);
  if (!check.allowed()) return SendJsonError(res, check.http_status, check.error);
  auto grants = service.AccountsOn(**db).GrantsOf(check.principal);
  if (!grants.ok()) return SendJsonError(res, 503, "the store is unavailable; try again shortly");
  nlohmann::json list = nlohmann::json::array();
  for (const account::Grant& g : *grants) {
    list.push_back(
        {{"org", g.org_ods}, {"dataset", g.dataset}, {"role", account::UserRoleName(g.role)}});
  }
  nlohmann::json out = {{"username", check.principal.username},
                        {"org", check.principal.org_ods},
                        {"operator", check.principal.is_operator},
                        {"grants", list}};
  std::string session = SessionSecret(CredentialOf(req));
  if (!session.empty()) out["csrf_token"] = account::CsrfToken(session);
  SendJson(res, 200, out);
}

void Windows(Service& service, const httplib::Request& req, httplib::Response& res) {
  auto db = LeaseOr503(service, res, AnswerAs::kJson);
  if (!db) return;
  AccessCheck check = CheckSignedIn(service, **db, req);
  if (!check.allowed()) return SendJsonError(res, check.http_status, check.error);
  std::string dataset = req.get_param_value("dataset");
  const SubmissionCalendar* calendar = service.Calendar(dataset);
  if (calendar == nullptr)
    return SendJsonError(res, 404, "no calendar for data set '" + dataset + "'");
  int64_t day = service.Today();
  if (req.has_param("on")) {
    auto on = ParseDate(req.get_param_value("on"));
    if (!on) return SendJsonError(res, 400, "'on' must be a date CCYY-MM-DD");
    day = *on;
  }
  nlohmann::json open = nlohmann::json::array();
  for (const Window& w : calendar->OpenOn(day)) open.push_back(WindowJson(w));
  auto next = calendar->NextOpening(day);
  SendJson(res, 200,
           {{"data_set", dataset},
            {"on", FormatDate(day)},
            {"open", open},
            {"next", next ? WindowJson(*next) : nlohmann::json()}});
}

void Upload(Service& service, const httplib::Request& req, httplib::Response& res,
            const httplib::ContentReader& reader) {
  UploadTarget target;
  target.org = req.matches[1];
  target.dataset = req.matches[2];
  UploadOutcome outcome = ReceiveRawUpload(service, req, reader, std::move(target));
  if (!outcome.submission) {
    nlohmann::json body =
        outcome.error_extra.is_object() ? outcome.error_extra : nlohmann::json::object();
    body["error"] = outcome.error;
    return SendJson(res, outcome.http_status, body);
  }
  res.set_header("Location", SubmissionApiPath(*outcome.submission));
  SendJson(res, 202, SubmissionJson(*outcome.submission, service.paths()));
}

void History(Service& service, const httplib::Request& req, httplib::Response& res) {
  std::string org = req.matches[1], dataset = req.matches[2];
  auto db = LeaseOr503(service, res, AnswerAs::kJson);
  if (!db) return;
  AccessCheck check = CheckAccess(service, **db, req, org, dataset, account::Action::kViewStatus);
  if (!check.allowed()) return SendJsonError(res, check.http_status, check.error);
  std::string period = req.get_param_value("period");
  if (!period.empty() && !ParseMonth(period)) {
    return SendJsonError(res, 400, "'period' must be a month CCYY-MM");
  }
  auto history = SubmissionHistory(**db, org, dataset, period);
  if (!history.ok()) return SendJsonError(res, 503, "the store is unavailable; try again shortly");
  nlohmann::json list = nlohmann::json::array();
  for (const Submission& s : *history) list.push_back(SubmissionJson(s, service.paths()));
  SendJson(res, 200, {{"org", org}, {"dataset", dataset}, {"submissions", list}});
}

// Authorises and finds the submission of the path; answers and returns nullopt when refused.
std::optional<Submission> PathSubmission(Service& service, store::Database& db,
                                         const httplib::Request& req, httplib::Response& res,
                                         account::Action action, account::Principal* who) {
  std::string org = req.matches[1], dataset = req.matches[2];
  AccessCheck check = CheckAccess(service, db, req, org, dataset, action);
  if (!check.allowed()) {
    SendJsonError(res, check.http_status, check.error);
    return std::nullopt;
  }
  auto found = FindSubmission(db, std::stoll(req.matches[3]), org, dataset);
  if (!found.ok()) {
    SendJsonError(res, 503, "the store is unavailable; try again shortly");
    return std::nullopt;
  }
  if (!found->has_value()) {
    SendJsonError(res, 404, kNotFoundText);
    return std::nullopt;
  }
  *who = check.principal;
  return **found;
}

void SubmissionStatusEndpoint(Service& service, const httplib::Request& req,
                              httplib::Response& res) {
  auto db = LeaseOr503(service, res, AnswerAs::kJson);
  if (!db) return;
  account::Principal who;
  auto s = PathSubmission(service, **db, req, res, account::Action::kViewStatus, &who);
  if (!s) return;
  SendJson(res, 200, SubmissionJson(*s, service.paths()));
}

void ReportFile(Service& service, const httplib::Request& req, httplib::Response& res) {
  std::string name = req.matches[4];
  if (!IsReportFile(name)) return SendJsonError(res, 404, kNotFoundText);
  auto db = LeaseOr503(service, res, AnswerAs::kJson);
  if (!db) return;
  account::Principal who;
  auto s = PathSubmission(service, **db, req, res, ActionForReportFile(name), &who);
  if (!s) return;
  if (!SendReportFile(service.paths(), s->id, name, res)) {
    return SendJsonError(res, 404,
                         "the report is not ready: the submission is " +
                             std::string(SubmissionStatusName(s->status)));
  }
  bool view = ActionForReportFile(name) == account::Action::kViewReport;
  Audit(service, **db, view ? account::audit_event::kReportView : account::audit_event::kDownload,
        who, s->org, s->dataset, "submission " + std::to_string(s->id) + " " + name);
}

void Comparison(Service& service, const httplib::Request& req, httplib::Response& res) {
  auto db = LeaseOr503(service, res, AnswerAs::kJson);
  if (!db) return;
  account::Principal who;
  auto s = PathSubmission(service, **db, req, res, account::Action::kViewReport, &who);
  if (!s) return;
  SubmissionComparison c =
      CompareSubmissions(**db, service.paths(), *s, req.get_param_value("with"));
  if (c.http_status != 200) return SendJsonError(res, c.http_status, c.error);
  SendJson(res, 200, ComparisonJson(c));
  Audit(service, **db, account::audit_event::kReportView, who, s->org, s->dataset,
        "comparison of submissions " + std::to_string(c.before.id) + " and " +
            std::to_string(c.after.id));
}

}  // namespace

void RegisterApiRoutes(httplib::Server& server, Service& service) {
  Service* svc = &service;
  server.Post("/api/v1/session",
              [svc](const httplib::Request& req, httplib::Response& res,
                    const httplib::ContentReader& reader) { SignIn(*svc, req, res, reader); });
  server.Delete("/api/v1/session",
                [svc](const httplib::Request& req, httplib::Response& res,
                      const httplib::ContentReader& reader) { SignOut(*svc, req, res, reader); });
  server.Get("/api/v1/me",
             [svc](const httplib::Request& req, httplib::Response& res) { Me(*svc, req, res); });
  server.Get("/api/v1/windows", [svc](const httplib::Request& req, httplib::Response& res) {
    Windows(*svc, req, res);
  });
  server.Post(Pattern({kOrgDataset, "/submissions"}),
              [svc](const httplib::Request& req, httplib::Response& res,
                    const httplib::ContentReader& reader) { Upload(*svc, req, res, reader); });
  server.Get(
      Pattern({kOrgDataset, "/submissions"}),
      [svc](const httplib::Request& req, httplib::Response& res) { History(*svc, req, res); });
  server.Get(Pattern({kOrgDataset, kId}),
             [svc](const httplib::Request& req, httplib::Response& res) {
               SubmissionStatusEndpoint(*svc, req, res);
             });
  server.Get(
      Pattern({kOrgDataset, kId, "/comparison"}),
      [svc](const httplib::Request& req, httplib::Response& res) { Comparison(*svc, req, res); });
  server.Get(
      Pattern({kOrgDataset, kId, kFile}),
      [svc](const httplib::Request& req, httplib::Response& res) { ReportFile(*svc, req, res); });
}

}  // namespace mhds::serve
