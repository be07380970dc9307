#include "mhds/serve/governance_routes.h"

#include <map>
#include <memory>
#include <optional>

#include "mhds/account/csrf.h"
#include "mhds/base/calendar.h"
#include "mhds/govern/application_view.h"
#include "mhds/govern/governance.h"
#include "mhds/govern/ledger.h"
#include "mhds/govern/preconditions.h"
#include "mhds/govern/release_register.h"
#include "mhds/serve/governance_pages.h"
#include "mhds/serve/governance_steps.h"
#include "mhds/serve/handler_support.h"
#include "mhds/serve/request_auth.h"
#include "mhds/serve/responses.h"

namespace mhds::serve {
namespace {

using Context = std::shared_ptr<const GovernanceContext>;

constexpr char kRef[] = R"(/applications/(DARS-NIC-[0-9]{1,12}-[A-Z0-9]{5}))";
constexpr char kStep[] = R"(/([a-z_]{1,20}))";
constexpr char kCondition[] = R"(/conditions/([0-9]{1,18})/met)";
constexpr char kSheet[] = R"(/governance/register/(Agreements|Datasets|DataReleases)\.csv)";
constexpr char kBusy[] = "the store is unavailable; try again shortly";

// The edition asked for (?month=YYYY-MM), or the service's current month.
std::string RegisterMonth(Service& service, const httplib::Request& req) {
  std::string month = req.get_param_value("month");
  if (!month.empty()) return month;
  return FormatDate(service.Today()).substr(0, 7);
}

nlohmann::json SummaryJson(const govern::ApplicationSummary& a) {
  return {{"reference", a.reference},           {"title", a.title}, {"applicant", a.applicant_ods},
          {"applicant_name", a.applicant_name}, {"state", a.state}, {"version", a.version}};
}

nlohmann::json DetailJson(const govern::ApplicationDetail& d) {
  nlohmann::json out = SummaryJson(d.summary);
  out["datasets"] = nlohmann::json::array();
  for (const auto& ds : d.datasets) {
    out["datasets"].push_back(
        {{"dataset", ds.dataset},
         {"type_of_data", ds.type_of_data},
         {"legal_basis", ds.legal_basis},
         {"opt_out_applies",
          ds.opt_out_applies ? nlohmann::json(*ds.opt_out_applies) : nlohmann::json()}});
  }
  out["conditions"] = nlohmann::json::array();
  for (const auto& c : d.conditions) {
    out["conditions"].push_back({{"id", c.id},
                                 {"text", c.text},
                                 {"panel", c.panel},
                                 {"meeting_date", c.meeting_date},
                                 {"met", c.met}});
  }
  out["releases"] = nlohmann::json::array();
  for (const auto& r : d.releases) {
    nlohmann::json files = nlohmann::json::array();
    for (const auto& f : r.files) {
      files.push_back({{"name", f.name}, {"bytes", f.bytes}, {"sha256", f.sha256}});
    }
    out["releases"].push_back(
        {{"file_reference", r.file_reference},
         {"dataset", r.dataset},
         {"month", r.month},
         {"opt_outs_applied", r.opt_outs_applied},
         {"records_before", r.records_before ? nlohmann::json(*r.records_before) : nullptr},
         {"records_after", r.records_after ? nlohmann::json(*r.records_after) : nullptr},
         {"files", files}});
  }
  out["history"] = nlohmann::json::array();
  for (const auto& e : d.history) {
    out["history"].push_back({{"seq", e.seq},
                              {"at", FormatDateTime(e.record.at) + "Z"},
                              {"action", e.record.action},
                              {"from", e.record.from_state},
                              {"to", e.record.to_state},
                              {"actor", e.record.actor},
                              {"role", e.record.role},
                              {"reason", e.record.reason},
                              {"documents", e.record.documents}});
  }
  return out;
}

// The applications the viewer may see.
Result<std::vector<govern::ApplicationSummary>> Visible(store::Database& db,
                                                        const GovernanceViewer& who) {
  auto all = govern::ListApplications(db);
  if (!all.ok()) return all.status();
  std::vector<govern::ApplicationSummary> out;
  for (auto& a : *all) {
    if (who.CanSee(a.applicant_ods)) out.push_back(std::move(a));
  }
  return out;
}

// --- JSON API ---

// Authenticates an API request; answers and returns nullopt when refused.
std::optional<GovernanceViewer> ApiViewer(Service& service, store::Database& db,
                                          const httplib::Request& req, httplib::Response& res) {
  GovernanceViewer who = ViewerFor(service, db, req);
  if (!who.check.allowed()) {
    SendJsonError(res, who.check.http_status, who.check.error);
    return std::nullopt;
  }
  return who;
}

void ApiList(Service& service, const Context&, const httplib::Request& req,
             httplib::Response& res) {
  auto db = LeaseOr503(service, res, AnswerAs::kJson);
  if (!db) return;
  auto who = ApiViewer(service, **db, req, res);
  if (!who) return;
  auto apps = Visible(**db, *who);
  if (!apps.ok()) return SendJsonError(res, 503, kBusy);
  nlohmann::json list = nlohmann::json::array();
  for (const auto& a : *apps) list.push_back(SummaryJson(a));
  nlohmann::json roles = nlohmann::json::array();
  for (const auto& r : who->roles) roles.push_back({{"role", r.role}, {"org", r.org_ods}});
  SendJson(res, 200, {{"applications", list}, {"roles", roles}});
}

void ApiDetail(Service& service, const Context&, const httplib::Request& req,
               httplib::Response& res) {
  auto db = LeaseOr503(service, res, AnswerAs::kJson);
  if (!db) return;
  auto who = ApiViewer(service, **db, req, res);
  if (!who) return;
  auto found = govern::FindApplication(**db, req.matches[1]);
  if (!found.ok()) return SendJsonError(res, 503, kBusy);
  if (!found->has_value() || !who->CanSee((*found)->summary.applicant_ods)) {
    return SendJsonError(res, 404, kNotFoundText);
  }
  SendJson(res, 200, DetailJson(**found));
}

// Reads a JSON body of a POST; answers and returns nullopt when it is not one.
std::optional<nlohmann::json> ApiBody(Service& service, httplib::Response& res,
                                      const httplib::ContentReader& reader) {
  auto body = ReadSmallBody(reader, service.options().max_form_bytes);
  if (!body) {
    SendJsonError(res, 413, "the request body is too large");
    return std::nullopt;
  }
  nlohmann::json json = nlohmann::json::parse(*body, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object()) {
    SendJsonError(res, 400, "expected a JSON object (docs/api.md)");
    return std::nullopt;
  }
  return json;
}

// The common start of every API POST: body, store, authentication, CSRF.
struct ApiPost {
  std::optional<store::Pool::Lease> db;
  std::optional<GovernanceViewer> who;
  nlohmann::json body;
};
std::optional<ApiPost> StartApiPost(Service& service, const GovernanceContext& ctx,
                                    const httplib::Request& req, httplib::Response& res,
                                    const httplib::ContentReader& reader) {
  auto body = ApiBody(service, res, reader);
  if (!body) return std::nullopt;
  if (!ctx.workflow) {
    SendJsonError(res, 503, "governance is not available: " + ctx.error);
    return std::nullopt;
  }
  auto db = LeaseOr503(service, res, AnswerAs::kJson);
  if (!db) return std::nullopt;
  auto who = ApiViewer(service, **db, req, res);
  if (!who) return std::nullopt;
  auto credential = CredentialOf(req);
  if (!credential || !CsrfOk(req, *credential)) {
    SendJsonError(res, 403, "missing or wrong CSRF token");
    return std::nullopt;
  }
  return ApiPost{std::move(db), std::move(who), std::move(*body)};
}

void SendOutcome(httplib::Response& res, const GovernanceOutcome& out) {
  if (out.ok()) return SendJson(res, out.http_status, out.body);
  SendJsonError(res, out.http_status, out.error);
}

void ApiApply(Service& service, const Context& ctx, const httplib::Request& req,
              httplib::Response& res, const httplib::ContentReader& reader) {
  auto post = StartApiPost(service, *ctx, req, res, reader);
  if (!post) return;
  SendOutcome(res, OpenApplication(service, **post->db, *ctx->workflow, *post->who, post->body));
}

void ApiStep(Service& service, const Context& ctx, const httplib::Request& req,
             httplib::Response& res, const httplib::ContentReader& reader) {
  if (!IsGovernanceStep(req.matches[2])) {
    DrainBody(reader);
    return SendJsonError(res, 404, kNotFoundText);
  }
  auto post = StartApiPost(service, *ctx, req, res, reader);
  if (!post) return;
  SendOutcome(res, TakeGovernanceStep(service, **post->db, *ctx->workflow, *post->who,
                                      req.matches[1], req.matches[2], post->body));
}

void ApiMeet(Service& service, const Context& ctx, const httplib::Request& req,
             httplib::Response& res, const httplib::ContentReader& reader) {
  auto post = StartApiPost(service, *ctx, req, res, reader);
  if (!post) return;
  SendOutcome(res, MeetCondition(service, **post->db, *ctx->workflow, *post->who,
                                 std::stoll(req.matches[1]), post->body));
}

void ApiVerify(Service& service, const Context&, const httplib::Request& req,
               httplib::Response& res) {
  auto db = LeaseOr503(service, res, AnswerAs::kJson);
  if (!db) return;
  auto who = ApiViewer(service, **db, req, res);
  if (!who) return;
  if (!who->staff()) return SendJsonError(res, 403, "the ledger is for the data access team");
  auto v = govern::VerifyLedger(**db);
  if (!v.ok()) return SendJsonError(res, 503, kBusy);
  nlohmann::json out = {{"intact", v->ok()}, {"entries_checked", v->entries_checked}};
  if (!v->ok()) {
    out["first_broken"] = *v->first_broken;
    out["reason"] = v->reason;
  }
  SendJson(res, 200, out);
}

// The register needs no sign-in: it is what the public re-parses.
void RegisterJsonHandler(Service& service, const Context& ctx, const httplib::Request& req,
                         httplib::Response& res) {
  if (!ctx->workflow) return SendJsonError(res, 503, "governance is not available");
  auto db = LeaseOr503(service, res, AnswerAs::kJson);
  if (!db) return;
  auto reg = govern::BuildRegister(**db, *ctx->workflow, RegisterMonth(service, req));
  if (!reg.ok()) {
    return SendJsonError(res, reg.status().code() == StatusCode::kInvalidArgument ? 400 : 503,
                         reg.status().code() == StatusCode::kInvalidArgument
                             ? reg.status().message()
                             : "the register cannot be built now");
  }
  SendJson(res, 200, govern::RegisterJson(*reg));
}

void RegisterCsvHandler(Service& service, const Context& ctx, const httplib::Request& req,
                        httplib::Response& res) {
  if (!ctx->workflow) return SendJsonError(res, 503, "governance is not available");
  auto db = LeaseOr503(service, res, AnswerAs::kJson);
  if (!db) return;
  const std::string month = RegisterMonth(service, req);
  auto reg = govern::BuildRegister(**db, *ctx->workflow, month);
  if (!reg.ok()) return SendJsonError(res, 400, reg.status().message());
  for (const auto& sheet : reg->sheets) {
    if (sheet.name != req.matches[1]) continue;
    res.set_header("Content-Disposition",
                   "attachment; filename=\"" + sheet.name + "-" + reg->edition + ".csv\"");
    res.set_content(govern::RegisterSheetCsv(sheet), "text/csv; charset=utf-8");
    return;
  }
  SendJsonError(res, 404, kNotFoundText);
}

// --- Pages ---

// Authenticates a page request: to the sign-in page when not signed in.
std::optional<GovernanceViewer> PageWho(Service& service, store::Database& db,
                                        const httplib::Request& req, httplib::Response& res) {
  GovernanceViewer who = ViewerFor(service, db, req);
  if (who.check.http_status == 401) {
    res.status = 303;
    res.set_header("Location", "/sign-in");
    return std::nullopt;
  }
  if (!who.check.allowed()) {
    SendHtml(res, who.check.http_status, ErrorPage({}, who.check.http_status, who.check.error));
    return std::nullopt;
  }
  return who;
}

void HomeHandler(Service& service, const Context&, const httplib::Request& req,
                 httplib::Response& res) {
  auto db = LeaseOr503(service, res, AnswerAs::kPage);
  if (!db) return;
  auto who = PageWho(service, **db, req, res);
  if (!who) return;
  auto apps = Visible(**db, *who);
  if (!apps.ok()) return SendHtml(res, 503, ErrorPage({}, 503, "Try again shortly."));
  std::optional<govern::LedgerVerification> ledger;
  if (who->staff()) {
    auto v = govern::VerifyLedger(**db);
    if (v.ok()) ledger = *v;
  }
  SendHtml(res, 200,
           GovernanceHomePage(PageViewerFor(req, who->check.principal), *who, *apps, ledger));
}

void ApplicationHandler(Service& service, const Context& ctx, const httplib::Request& req,
                        httplib::Response& res) {
  if (!ctx->workflow) return SendHtml(res, 503, ErrorPage({}, 503, "Governance is not available."));
  auto db = LeaseOr503(service, res, AnswerAs::kPage);
  if (!db) return;
  auto who = PageWho(service, **db, req, res);
  if (!who) return;
  PageViewer viewer = PageViewerFor(req, who->check.principal);
  auto found = govern::FindApplication(**db, req.matches[1]);
  if (!found.ok()) return SendHtml(res, 503, ErrorPage(viewer, 503, "Try again shortly."));
  if (!found->has_value() || !who->CanSee((*found)->summary.applicant_ods)) {
    return SendHtml(res, 404, ErrorPage(viewer, 404, kNotFoundText));
  }
  SendHtml(res, 200, ApplicationPage(viewer, *who, *ctx->workflow, **found));
}

void RegisterPageHandler(Service& service, const Context& ctx, const httplib::Request& req,
                         httplib::Response& res) {
  const std::string month = RegisterMonth(service, req);
  if (!ctx->workflow) return SendHtml(res, 503, ErrorPage({}, 503, "Governance is not available."));
  auto db = LeaseOr503(service, res, AnswerAs::kPage);
  if (!db) return;
  auto reg = govern::BuildRegister(**db, *ctx->workflow, month);
  if (!reg.ok()) {
    const bool bad = reg.status().code() == StatusCode::kInvalidArgument;
    return SendHtml(
        res, bad ? 400 : 503,
        RegisterPage({}, month, nullptr,
                     bad ? reg.status().message() : "The register cannot be built now."));
  }
  SendHtml(res, 200, RegisterPage({}, month, &*reg, ""));
}

// Turns a form into the JSON object the steps take: every field a string; the JSON text of an
// "application" field parsed.
nlohmann::json FormJson(const std::map<std::string, std::string>& form) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [key, value] : form) {
    if (key != kCsrfField) out[key] = value;
  }
  return out;
}

// The common start of every form POST; answers and returns nullopt when refused.
std::optional<ApiPost> StartFormPost(Service& service, const GovernanceContext& ctx,
                                     const httplib::Request& req, httplib::Response& res,
                                     const httplib::ContentReader& reader) {
  auto body = ReadSmallBody(reader, service.options().max_form_bytes);
  if (!body) {
    SendHtml(res, 413, ErrorPage({}, 413, "The form was too large."));
    return std::nullopt;
  }
  if (!ctx.workflow) {
    SendHtml(res, 503, ErrorPage({}, 503, "Governance is not available."));
    return std::nullopt;
  }
  auto form = ParseForm(*body);
  auto db = LeaseOr503(service, res, AnswerAs::kPage);
  if (!db) return std::nullopt;
  auto who = PageWho(service, **db, req, res);
  if (!who) return std::nullopt;
  auto credential = CredentialOf(req);
  if (!credential || !CsrfOk(req, *credential, form[kCsrfField])) {
    SendHtml(res, 403, ErrorPage({}, 403, "The form has expired; reload the page."));
    return std::nullopt;
  }
  return ApiPost{std::move(db), std::move(who), FormJson(form)};
}

void AnswerForm(const httplib::Request& req, httplib::Response& res, const GovernanceViewer& who,
                const GovernanceOutcome& out, const std::string& next) {
  if (out.ok()) {
    res.status = 303;
    res.set_header("Location", next);
    return;
  }
  SendHtml(res, out.http_status,
           ErrorPage(PageViewerFor(req, who.check.principal), out.http_status, out.error));
}

nlohmann::json ParsedApplication(const nlohmann::json& form) {
  return nlohmann::json::parse(form.value("application", ""), nullptr, false);
}

void FormApply(Service& service, const Context& ctx, const httplib::Request& req,
               httplib::Response& res, const httplib::ContentReader& reader) {
  auto post = StartFormPost(service, *ctx, req, res, reader);
  if (!post) return;
  nlohmann::json application = ParsedApplication(post->body);
  GovernanceOutcome out =
      OpenApplication(service, **post->db, *ctx->workflow, *post->who, application);
  AnswerForm(req, res, *post->who, out,
             ApplicationPath(application.is_object() ? application.value("reference", "") : ""));
}

void FormStep(Service& service, const Context& ctx, const httplib::Request& req,
              httplib::Response& res, const httplib::ContentReader& reader) {
  const std::string ref = req.matches[1], step = req.matches[2];
  if (!IsGovernanceStep(step)) {
    DrainBody(reader);
    return SendHtml(res, 404, ErrorPage({}, 404, kNotFoundText));
  }
  auto post = StartFormPost(service, *ctx, req, res, reader);
  if (!post) return;
  nlohmann::json input = step == "version" ? ParsedApplication(post->body) : post->body;
  if (step == "release" && input.value("manifest", "").empty()) input.erase("manifest");
  GovernanceOutcome out =
      TakeGovernanceStep(service, **post->db, *ctx->workflow, *post->who, ref, step, input);
  AnswerForm(req, res, *post->who, out, ApplicationPath(ref));
}

void FormMeet(Service& service, const Context& ctx, const httplib::Request& req,
              httplib::Response& res, const httplib::ContentReader& reader) {
  auto post = StartFormPost(service, *ctx, req, res, reader);
  if (!post) return;
  GovernanceOutcome out = MeetCondition(service, **post->db, *ctx->workflow, *post->who,
                                        std::stoll(req.matches[1]), post->body);
  AnswerForm(req, res, *post->who, out,
             ApplicationPath(out.ok() ? out.body.value("reference", "") : ""));
}

}  // namespace

void RegisterGovernanceRoutes(httplib::Server& server, Service& service) {
  auto ctx = std::make_shared<GovernanceContext>();
  auto workflow = govern::Workflow::Load((service.paths().specs / "governance").string(),
                                         govern::PreconditionNames());
  if (!workflow.ok()) {
    ctx->error = workflow.status().message();
  } else if (auto db = service.pool().Acquire(); !db.ok()) {
    ctx->error = db.status().message();
  } else if (Status m = govern::Governance::Migrate(**db); !m.ok()) {
    ctx->error = m.message();
  } else {
    ctx->workflow = std::make_shared<const govern::Workflow>(std::move(workflow).value());
  }
  if (!ctx->workflow) service.Log("governance: not available: " + ctx->error);
  Context shared = ctx;
  Service* svc = &service;
  auto get = [&server, svc, shared](const std::string& pattern, auto handler) {
    server.Get(pattern,
               [svc, shared, handler](const httplib::Request& req, httplib::Response& res) {
                 handler(*svc, shared, req, res);
               });
  };
  auto post = [&server, svc, shared](const std::string& pattern, auto handler) {
    server.Post(pattern, [svc, shared, handler](const httplib::Request& req, httplib::Response& res,
                                                const httplib::ContentReader& reader) {
      handler(*svc, shared, req, res, reader);
    });
  };
  const std::string api = "/api/v1/governance";
  get(api + "/applications", ApiList);
  post(api + "/applications", ApiApply);
  get(api + kRef, ApiDetail);
  post(api + kRef + kStep, ApiStep);
  post(api + kCondition, ApiMeet);
  get(api + "/ledger/verify", ApiVerify);
  get(api + "/register", RegisterJsonHandler);
  get("/governance", HomeHandler);
  post("/governance/applications", FormApply);
  get(std::string("/governance") + kRef, ApplicationHandler);
  post(std::string("/governance") + kRef + kStep, FormStep);
  post(std::string("/governance") + kCondition, FormMeet);
  get("/governance/register", RegisterPageHandler);
  get("/governance/register.json", RegisterJsonHandler);
  get(kSheet, RegisterCsvHandler);
}

}  // namespace mhds::serve
